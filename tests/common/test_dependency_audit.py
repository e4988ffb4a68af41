"""scripts/audit-dependencies.sh: trusts a clean result only after the canaries are reported.

The tools are stand-ins (this machine reaches no advisory source): a fake `uv` that plays pip-audit and
a fake `npm`, each told by the environment whether the advisory source can see and what it finds.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit-dependencies.sh"

FAKE_UV = r"""#!/usr/bin/env bash
# uv export: two pinned packages. uv tool run pip-audit: a report per FAKE_SEES / FAKE_OURS.
if [ "$1" = "export" ]; then printf 'django==5.2.19\nrequests==2.32.5\n'; exit 0; fi
if [[ " $* " == *canary.txt* ]]; then
  if [ "$FAKE_SEES" = "1" ]; then
    echo '{"dependencies": [{"name": "django", "version": "3.2.0", "vulns": [{"id": "PYSEC-2021-1"}]}]}'
    exit 1
  fi
  echo '{"dependencies": [{"name": "django", "version": "3.2.0", "skip_reason": "not found"}]}'
  echo "No known vulnerabilities found" >&2
  exit 0
fi
if [ "$FAKE_OURS" = "vulnerable" ]; then echo "requests 2.32.5 GHSA-xxxx"; exit 1; fi
echo "No known vulnerabilities found"; exit 0
"""

FAKE_NPM = r"""#!/usr/bin/env bash
if [ "$FAKE_SEES" != "1" ]; then
  echo "npm error audit endpoint returned an error" >&2; echo '{"message": "405"}'; exit 1
fi
if grep -q '"name": "canary"' package.json; then
  echo '{"auditReportVersion": 2, "vulnerabilities": {"lodash": {"severity": "high"}}}'; exit 1
fi
if [ "$FAKE_OURS" = "vulnerable" ]; then echo '{"vulnerabilities": {"x": {"severity": "high"}}}'; exit 1; fi
echo '{"auditReportVersion": 2, "vulnerabilities": {}}'; exit 0
"""


def run(tmp_path: Path, *, sees: bool, ours: str = "clean", required: bool = False) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in (("uv", FAKE_UV), ("npm", FAKE_NPM)):
        tool = bin_dir / name
        tool.write_text(body)
        tool.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "UV": str(bin_dir / "uv"),
        "FAKE_SEES": "1" if sees else "0",
        "FAKE_OURS": ours,
        "ZSM_REQUIRE_DEPENDENCY_AUDIT": "1" if required else "0",
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_a_blind_advisory_source_is_reported_not_passed(tmp_path: Path) -> None:
    result = run(tmp_path, sees=False)
    assert result.returncode == 0
    assert result.stdout.count("DEPENDENCY AUDIT NOT DONE") == 2
    assert "no known vulnerabilities" not in result.stdout.lower().replace("not done", "")


def test_a_blind_source_fails_when_the_audit_is_required(tmp_path: Path) -> None:
    assert run(tmp_path, sees=False, required=True).returncode == 1


def test_a_seeing_source_with_clean_dependencies_passes(tmp_path: Path) -> None:
    result = run(tmp_path, sees=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NOT DONE" not in result.stdout
    assert "pip-audit: 2 locked Python packages" in result.stdout
    assert "npm audit: no high or critical vulnerabilities" in result.stdout


@pytest.mark.parametrize("required", [False, True])
def test_a_known_vulnerability_fails(tmp_path: Path, required: bool) -> None:
    result = run(tmp_path, sees=True, ours="vulnerable", required=required)
    assert result.returncode == 1
    assert "GHSA-xxxx" in result.stdout
