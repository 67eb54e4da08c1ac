#!/usr/bin/env python3
"""`make load`: locust, headless, against gunicorn on 127.0.0.1 with PostgreSQL.

A fresh database is created on the PostgreSQL server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrated, and served by gunicorn with the
throttles raised; .ci/locustfile.py's athletes (sign up, sign in, history, workouts with sets,
stats, the catalogue with its ETag) run for a bounded time. Then it prints throughput and
p50/p95/p99, and looks for every write that got a 2xx in the database. Exit 1 on any error or
any acknowledged write not found. The database is dropped afterwards (--keep keeps it).

Usage: .ci/load.py [--seconds 60] [--users 20] [--spawn-rate 5] [--workers 3] [--port 0]
"""

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    import environ
    import psycopg2

    server_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    server = environ.Env.db_url_config(server_url)
    if server["ENGINE"] != "django.db.backends.postgresql":
        print(f"make load needs PostgreSQL; DATABASE_URL is {server_url}", file=sys.stderr)
        return 2
    connect = {
        "user": server["USER"],
        "password": server["PASSWORD"],
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
    }
    try:
        admin = psycopg2.connect(dbname=server["NAME"] or "postgres", **connect)
    except psycopg2.OperationalError as exc:
        print(f"make load needs a PostgreSQL server at {server_url}: {exc}", file=sys.stderr)
        return 2
    admin.autocommit = True
    name = f"fitspace_load_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{connect['password']}" if connect["password"] else ""
    url = f"postgres://{connect['user']}{password}@{connect['host']}:{connect['port']}/{name}"
    port = args.port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="fitspace-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_STAGE": "local",
        "DJANGO_DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AVATAR_LOCAL_ROOT": str(workdir / "avatars"),
        "LOG_LEVEL": "WARNING",
        **{f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("ANON", "USER", "AUTH", "SEARCH")},
    }
    gunicorn = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=REPO,
            env=env,
            check=True,
        )
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "fitspace.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "30",
            ],
            cwd=REPO,
            env=env,
            stdout=(workdir / "gunicorn.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{port}"
        wait_for(f"{host}/status", gunicorn, workdir / "gunicorn.log")

        print(
            f"locust: {args.users} athletes ({args.spawn_rate:g}/s), {args.seconds} s, against "
            f"gunicorn ({args.workers} workers) on {host}, PostgreSQL database {name}",
            flush=True,
        )
        results_file = workdir / "results.json"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(REPO / ".ci" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                host,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=workdir,
            env={**env, "LOAD_RESULTS": str(results_file)},
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
        )
        if not results_file.exists():
            print(locust.stdout[-3000:] + locust.stderr[-3000:], file=sys.stderr)
            raise SystemExit("locust left no results")
        results = json.loads(results_file.read_text())
        found = look_up(results["acknowledged"], dbname=name, **connect)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if not args.keep:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    requests = results["requests"]
    print(f"\n{'request':<20} {'count':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row_name in sorted({r[0] for r in requests}):
        row = summary([r for r in requests if r[0] == row_name])
        print(
            f"{row_name:<20} {row['count']:>7} {row['errors']:>7} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f}"
        )
    total = summary(requests)
    print(
        f"\nrequests: {total['count']}, errors: {total['errors']}, "
        f"throughput: {total['rps']:.1f} requests/s, "
        f"p50 {total['p50']:.0f} ms, p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms"
    )
    errors = {}
    for request_name, _, _, error in requests:
        if error:
            errors[(request_name, error)] = errors.get((request_name, error), 0) + 1
    for (request_name, error), count in sorted(errors.items()):
        print(f"  error: {request_name}: {error} ({count}x)")
    lost = 0
    for kind, (count, present) in found.items():
        print(f"writes acknowledged ({kind}): {count}, found in the database: {present}")
        lost += count - present
    acknowledged_total = sum(count for count, _ in found.values())
    found_total = sum(present for _, present in found.values())
    print(f"writes acknowledged: {acknowledged_total}, found: {found_total}")
    if locust.returncode not in (0, 1):
        print(locust.stderr[-3000:], file=sys.stderr)
    ok = total["errors"] == 0 and lost == 0 and total["count"] > 0 and locust.returncode == 0
    print("load: OK" if ok else "load: FAILED")
    return 0 if ok else 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url}:\n{log.read_text()[-3000:]}")


def summary(requests: list) -> dict:
    """Count, errors, throughput over the run, and nearest-rank p50/p95/p99 in milliseconds."""
    times = sorted(r[2] for r in requests)
    if not times:
        return {"count": 0, "errors": 0, "rps": 0.0, "p50": 0, "p95": 0, "p99": 0}

    def percentile(p: float) -> float:
        return times[max(0, math.ceil(p / 100 * len(times)) - 1)]

    began = min(r[1] for r in requests)
    ended = max(r[1] + r[2] / 1000 for r in requests)
    return {
        "count": len(times),
        "errors": sum(1 for r in requests if r[3]),
        "rps": len(times) / max(ended - began, 0.001),
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
    }


def look_up(acknowledged: list[dict], **connect) -> dict[str, tuple[int, int]]:
    """For each kind of write the API acknowledged: how many, and how many are in the database."""
    import psycopg2

    emails = [w["email"] for w in acknowledged if w["kind"] == "user"]
    workouts = [w["id"] for w in acknowledged if w["kind"] == "workout"]
    sets = sum(w["sets"] for w in acknowledged if w["kind"] == "workout")
    done = [w["id"] for w in acknowledged if w["kind"] == "set done"]
    finished = [w["id"] for w in acknowledged if w["kind"] == "finished"]
    with psycopg2.connect(**connect) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM users_user WHERE email = ANY(%s)", [emails])
        users_found = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM workouts_workout WHERE id = ANY(%s)", [workouts])
        workouts_found = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workouts_workoutset s JOIN workouts_workoutexercise e "
            "ON s.workout_exercise_id = e.id WHERE e.workout_id = ANY(%s)",
            [workouts],
        )
        sets_found = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workouts_workoutset WHERE id = ANY(%s) AND completed", [done]
        )
        done_found = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workouts_workout WHERE id = ANY(%s) AND status = 'finished'",
            [finished],
        )
        finished_found = cursor.fetchone()[0]
    connection.close()
    return {
        "sign-ups": (len(emails), users_found),
        "workouts": (len(workouts), workouts_found),
        "sets in them": (sets, sets_found),
        "sets marked done": (len(done), done_found),
        "workouts finished": (len(finished), finished_found),
    }


if __name__ == "__main__":
    sys.exit(main())
