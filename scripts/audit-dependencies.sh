#!/usr/bin/env bash
# Dependency audit: pip-audit over the locked Python dependencies (any known vulnerability fails) and
# npm audit over package-lock.json (high and critical fail).
#
# A clean result only counts when the advisory source can see. Before auditing ours, pip-audit must
# find the advisories of a canary (Django 3.2.0 has dozens), and npm audit must get an answer from the
# registry's advisory endpoint. Where neither is reachable (a mirror without advisory data, as on this
# project's build machines) the audit says so and exits 0, unless ZSM_REQUIRE_DEPENDENCY_AUDIT=1:
# never "no known vulnerabilities" for an audit that audited nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

UV=.tools/bin/uv
PIP_AUDIT="pip-audit==2.10.1"
REQUIRED="${ZSM_REQUIRE_DEPENDENCY_AUDIT:-0}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unavailable() {
  echo "DEPENDENCY AUDIT NOT DONE ($1): $2"
  if [ "$REQUIRED" = "1" ]; then exit 1; fi
}

echo "django==3.2.0" > "$work/canary.txt"
if "$UV" tool run "$PIP_AUDIT" -r "$work/canary.txt" --no-deps --disable-pip --format json 2>/dev/null \
    | grep -q '"vulns": \[{'; then
  "$UV" export --frozen --no-hashes --no-emit-project --format requirements-txt --quiet > "$work/requirements.txt"
  echo "pip-audit: $(grep -c '==' "$work/requirements.txt") locked Python packages"
  "$UV" tool run "$PIP_AUDIT" -r "$work/requirements.txt" --no-deps --disable-pip --strict --progress-spinner off
else
  unavailable "python" "the package index gives no vulnerability data (a known-vulnerable canary came back clean)"
fi

if npm audit --json --audit-level=high > "$work/npm.json" 2> "$work/npm.err"; then
  echo "npm audit: no high or critical vulnerabilities"
elif grep -q '"vulnerabilities"' "$work/npm.json"; then
  cat "$work/npm.json"
  echo "npm audit: high or critical vulnerabilities found"
  exit 1
else
  unavailable "npm" "the registry's advisory endpoint did not answer ($(grep -m1 -o 'audit.*' "$work/npm.err" || echo 'no reply'))"
fi
