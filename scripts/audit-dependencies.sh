#!/usr/bin/env bash
# Dependency audit: pip-audit over the locked Python dependencies (any known vulnerability fails) and
# npm audit over package-lock.json (high and critical fail).
#
# A clean result only counts when the advisory source can see. Before auditing ours, each tool must
# report the advisories of a canary: Django 3.2.0 for pip-audit, lodash 4.17.15 for npm (both have
# well-known ones). Where the source is blind or unreachable (a mirror without advisory data, as on
# this project's build machines) the audit says so and exits 0, unless ZSM_REQUIRE_DEPENDENCY_AUDIT=1:
# never "no known vulnerabilities" for an audit that audited nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

UV="${UV:-.tools/bin/uv}"  # overridable for the script's own tests
PIP_AUDIT="pip-audit==2.10.1"
REQUIRED="${ZSM_REQUIRE_DEPENDENCY_AUDIT:-0}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unavailable() {
  echo "DEPENDENCY AUDIT NOT DONE ($1): $2"
  if [ "$REQUIRED" = "1" ]; then exit 1; fi
}

# --- Python -----------------------------------------------------------------------------------------
echo "django==3.2.0" > "$work/canary.txt"
# pip-audit exits 1 when it finds something, which for the canary is the point: keep the output only.
canary=$("$UV" tool run "$PIP_AUDIT" -r "$work/canary.txt" --no-deps --disable-pip --format json \
  2> "$work/canary.err" || true)
if grep -q '"vulns": \[{' <<< "$canary"; then
  "$UV" export --frozen --no-hashes --no-emit-project --format requirements-txt --quiet > "$work/requirements.txt"
  echo "pip-audit: $(grep -c '==' "$work/requirements.txt") locked Python packages"
  "$UV" tool run "$PIP_AUDIT" -r "$work/requirements.txt" --no-deps --disable-pip --strict --progress-spinner off
else
  reason=$(grep -o '"skip_reason": "[^"]*"' <<< "$canary" | head -n 1 | cut -d'"' -f4 || true)
  reason=${reason:-$(grep -v -i -e "no known vulnerabilities" -e "warning" "$work/canary.err" | tail -n 1 || true)}
  unavailable "python" "pip-audit found nothing for a known-vulnerable canary${reason:+ ($reason)}"
fi

# --- npm --------------------------------------------------------------------------------------------
mkdir "$work/npm-canary"
cat > "$work/npm-canary/package.json" <<'JSON'
{"name": "canary", "version": "1.0.0", "private": true, "dependencies": {"lodash": "4.17.15"}}
JSON
cat > "$work/npm-canary/package-lock.json" <<'JSON'
{"name": "canary", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
 "packages": {"": {"name": "canary", "version": "1.0.0", "dependencies": {"lodash": "4.17.15"}},
              "node_modules/lodash": {"version": "4.17.15",
                                      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"}}}
JSON
npm_canary=$(cd "$work/npm-canary" && npm audit --json --package-lock-only 2> "$work/npm-canary.err" || true)
if grep -q '"lodash"' <<< "$(grep -A3 '"vulnerabilities"' <<< "$npm_canary" || true)"; then
  if npm audit --json --audit-level=high > "$work/npm.json" 2> "$work/npm.err"; then
    echo "npm audit: no high or critical vulnerabilities"
  else
    cat "$work/npm.json"
    echo "npm audit: high or critical vulnerabilities found (or the audit failed)"
    exit 1
  fi
else
  unavailable "npm" "npm audit found nothing for a known-vulnerable canary ($(grep -m1 -o 'audit.*' "$work/npm-canary.err" || echo 'no report'))"
fi
