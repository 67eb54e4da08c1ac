"""RDS Proxy's stand-in: Debian's pgbouncer in transaction pooling, few server connections, in
front of the test PostgreSQL. Eight worker processes, like eight concurrent Lambda containers
each keeping its connection, read and write through it for a bounded time: no errors, and every
write the API acknowledged is in the database afterwards, counted.

pgbouncer comes from `.ci/ensure-pgbouncer` (apt-get on a machine that does not have it yet);
the test skips, saying why, only where it cannot be installed (no apt-get, not root).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.tcp_proxy import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKERS = 8
SERVER_CONNECTIONS = 3
SECONDS = float(os.environ.get("PGBOUNCER_TEST_SECONDS", "20"))

pytestmark = pytest.mark.django_db(transaction=True)


def ensure_pgbouncer() -> str:
    process = subprocess.run(
        [str(REPO_ROOT / ".ci" / "ensure-pgbouncer")],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if process.returncode == 3:
        pytest.skip(f"pgbouncer cannot be installed here: {process.stderr.strip()}")
    assert process.returncode == 0, process.stderr[-3000:]
    return process.stdout.strip().splitlines()[-1]


@pytest.fixture
def pgbouncer():
    """pgbouncer on 127.0.0.1 in front of the test database; yields its DATABASE_URL."""
    if connection.vendor != "postgresql":
        pytest.skip("pgbouncer stands in front of PostgreSQL")
    binary = ensure_pgbouncer()
    database = connection.settings_dict
    port = free_port()
    # pgbouncer refuses to run as root: it then drops to the postgres user, who must read this.
    workdir = Path(tempfile.mkdtemp(prefix="fitspace-pgbouncer-"))
    workdir.chmod(0o755)
    (workdir / "userlist.txt").write_text(f'"{database["USER"]}" "{database["PASSWORD"] or ""}"\n')
    (workdir / "pgbouncer.ini").write_text(
        f"""[databases]
{database["NAME"]} = host={database["HOST"] or "127.0.0.1"} port={database["PORT"] or 5432} dbname={database["NAME"]}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {workdir / "userlist.txt"}
pool_mode = transaction
default_pool_size = {SERVER_CONNECTIONS}
max_db_connections = {SERVER_CONNECTIONS}
max_client_conn = 200
server_reset_query =
"""
    )
    for path in workdir.iterdir():
        path.chmod(0o644)
    command = [binary, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    log = (workdir / "pgbouncer.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    import socket

    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (workdir / "pgbouncer.log").read_text()
            time.sleep(0.1)
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    yield {
        "url": f"postgres://{database['USER']}{password}@127.0.0.1:{port}/{database['NAME']}",
        "log": workdir / "pgbouncer.log",
    }
    process.terminate()
    process.wait(timeout=10)
    log.close()
    shutil.rmtree(workdir, ignore_errors=True)


def library_lifts():
    """Library exercises that record reps and weight (a transactional test may have emptied the
    library the data migration made)."""
    from workouts.models import Exercise

    for name in ("Pooled bench press", "Pooled deadlift"):
        Exercise.objects.get_or_create(
            owner=None,
            name=name,
            defaults={
                "slug": name.lower().replace(" ", "-"),
                "category": Exercise.Category.STRENGTH,
                "equipment": Exercise.Equipment.BARBELL,
                "tracks_reps": True,
                "tracks_weight": True,
            },
        )


def run_workers(url: str, tmp_path: Path, seconds: float, **environment) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_STAGE": "test",
        "PYTHONPATH": str(REPO_ROOT),
        "THROTTLE_RATE_AUTH": "1000000/min",
        "THROTTLE_RATE_USER": "1000000/min",
        **environment,
    }
    deadline = time.time() + 8 + seconds  # each process takes a few seconds to start Django
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(REPO_ROOT / "tests" / "pooled_worker.py"),
                f"worker{index}",
                str(deadline),
                str(tmp_path / f"worker{index}.json"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"worker{index}.log").open("w"),
        )
        for index in range(WORKERS)
    ]
    for worker in workers:
        worker.wait(timeout=seconds + 120)
    return [
        json.loads((tmp_path / f"worker{index}.json").read_text())
        | {"exit": workers[index].returncode}
        for index in range(WORKERS)
    ]


def test_concurrent_containers_through_pgbouncer_transaction_pooling_lose_nothing(
    pgbouncer, tmp_path
):
    from workouts.models import Workout, WorkoutSet

    library_lifts()

    results = run_workers(
        pgbouncer["url"], tmp_path, SECONDS, DB_DISABLE_SERVER_SIDE_CURSORS="true"
    )

    errors = [error for result in results for error in result["errors"]]
    assert [result["exit"] for result in results] == [0] * WORKERS
    assert errors == [], errors[:5]
    requests = sum(result["requests"] for result in results)
    acknowledged = [w for result in results for w in result["workouts"]]
    completed = [s for result in results for s in result["sets_completed"]]
    found = Workout.objects.filter(pk__in=acknowledged)
    print(
        f"\npgbouncer, transaction pooling, {SERVER_CONNECTIONS} server connections, "
        f"{WORKERS} workers, {SECONDS:g} s: {requests} requests, {len(errors)} errors, "
        f"{len(acknowledged)} workouts acknowledged, {found.count()} found; "
        f"{len(completed)} sets completed, "
        f"{WorkoutSet.objects.filter(pk__in=completed, completed=True).count()} found"
    )
    assert all(result["workouts"] for result in results)  # every worker got through
    assert all(result["jobs"] for result in results)
    assert found.count() == len(acknowledged) == len(set(acknowledged))
    # Nothing the API did not acknowledge either: each worker's user has exactly its workouts.
    assert Workout.objects.filter(user__email__endswith="@pooled.example.com").count() == len(
        acknowledged
    )
    assert found.filter(status="finished").count() == len(acknowledged)
    assert WorkoutSet.objects.filter(pk__in=completed, completed=True).count() == len(completed)
    assert WorkoutSet.objects.filter(workout_exercise__workout__in=found).count() == 2 * len(
        acknowledged
    )
