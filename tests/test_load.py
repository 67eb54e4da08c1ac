"""`make load` in the suite, bounded: .ci/load.py runs locust against gunicorn on PostgreSQL for
a few seconds, so CI proves the load run works and that it holds its own bar (no errors, every
acknowledged write found). `make load` runs the longer version."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_a_short_load_run_has_no_errors_and_finds_every_acknowledged_write():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("the load run serves from PostgreSQL (DATABASE_URL)")

    process = subprocess.run(
        [sys.executable, str(REPO_ROOT / ".ci" / "load.py"), "--seconds", "10", "--users", "4"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    summary = re.search(r"^requests: (\d+), errors: (\d+), throughput: ", process.stdout, re.M)
    assert summary, process.stdout
    requests, errors = map(int, summary.groups())
    assert requests > 20
    assert errors == 0
    writes = re.search(r"^writes acknowledged: (\d+), found: (\d+)$", process.stdout, re.M)
    acknowledged, found = map(int, writes.groups())
    assert acknowledged > 0
    assert found == acknowledged
    assert "p50" in process.stdout
    assert "p99" in process.stdout
    assert process.stdout.rstrip().endswith("load: OK")
