"""The secrets scan CI runs (`make secrets`, .ci/secrets_scan.py, detect-secrets)."""

import shutil
import subprocess
import sys

from tests.lambda_events import REPO_ROOT

SCAN = REPO_ROOT / ".ci" / "secrets_scan.py"
# An access key id of AWS's documented shape, put together here so that this file holds none.
FAKE_KEY_LINE = "AWS_" + "SECRET = " + '"' + "AKIA" + "IOSFODNN7EXAMPLX" + '"\n'


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def scan(repo, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCAN), "--root", str(repo), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_repository_has_no_secret_outside_the_audited_baseline():
    result = scan(REPO_ROOT)

    assert result.returncode == 0, result.stderr


def test_a_committed_key_fails_the_scan_until_audited(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "settings.py").write_text(FAKE_KEY_LINE)
    git(tmp_path, "add", "settings.py")

    found = scan(tmp_path)
    assert found.returncode == 1
    assert "settings.py:1: AWS Access Key (not in the baseline)" in found.stderr

    assert scan(tmp_path, "--update").returncode == 0
    unaudited = scan(tmp_path)
    assert unaudited.returncode == 1
    assert "not audited as safe" in unaudited.stderr

    baseline = (tmp_path / ".secrets.baseline").read_text()
    (tmp_path / ".secrets.baseline").write_text(
        baseline.replace('"line_number": 1', '"is_secret": false, "line_number": 1')
    )
    # Moved down a line: still the audited value.
    (tmp_path / "settings.py").write_text("\n" + FAKE_KEY_LINE)
    assert scan(tmp_path).returncode == 0


def test_make_test_runs_the_scan():
    makefile = (REPO_ROOT / "Makefile").read_text()

    assert shutil.which("git")
    assert "test: lint secrets" in makefile
    assert ".ci/secrets_scan.py" in makefile
