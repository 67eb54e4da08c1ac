"""`make bench` is not a timed test; the suite only proves that every step of it runs, and
checks what does not depend on the machine: query counts that stay flat as data grows."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bench_database_url(tmp_path) -> str:
    """A database of its own beside the suite's: on the same PostgreSQL server, or SQLite."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    url = os.environ["DATABASE_URL"]
    return urlunsplit(urlsplit(url)._replace(path="/fitspace_bench_smoke"))


def test_bench_smoke_runs_every_step_and_query_counts_stay_flat(bench_database_url, tmp_path):
    figures = tmp_path / "bench.json"
    environment = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    process = subprocess.run(
        [
            sys.executable,
            "tests/bench_lambda.py",
            "--smoke",
            "--json",
            str(figures),
            "--database-url",
            bench_database_url,
        ],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    report = json.loads(figures.read_text())

    requests = report["requests"]
    assert len(requests) == 12
    leaderboard = next(name for name in requests if "/progress" in name)
    measured = {name: row for name, row in requests.items() if "sql_p50_ms" in row}
    assert len(measured) == 11  # and the signed-in overhead, a difference of two of them
    for name, row in measured.items():
        assert 0 < row["p50_ms"] <= row["p95_ms"], name
        assert row["sql_p50_ms"] > 0, name
        assert row["queries"] >= 1, name
    assert requests[leaderboard]["queries"] <= 4
    assert len(report["growth"]) == 6
    for name, row in report["growth"].items():
        assert row["small"]["queries"] == row["large"]["queries"], name
    assert "FitSpace benchmarks" in process.stdout
