"""`make bench`: how fast FitSpace answers through Zappa's Lambda handler, and how big it ships.

Measures, on this machine (not in AWS):
- cold start: a fresh process loads Zappa's handler for the dev stage and answers GET /status
  (interpreter start, imports, settings, first request), median of several runs;
- warm requests through the same handler, signed in with a Bearer token: /status, a 100-user
  list page, a page of 100 workouts, logging a workout, 20 workouts with 24 sets each, the
  whole exercise catalogue and its 304 revalidation; p50 and p95;
- the size of fitspace-dev.zip, when `make package` has built it.

Each figure is compared with its target; a missed target is reported as FAIL and the command
exits non-zero. Targets are never lowered to pass. Runs on SQLite in a temporary folder, or on
the PostgreSQL database BENCH_DATABASE_URL names (the bench fills it with rows, so not the test
database); touches nothing outside 127.0.0.1.
"""

import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

COLD_START_RUNS = 5
WARM_REQUESTS = 200
TARGETS = {
    "cold start, process to first /status (s, median)": 2.5,
    "GET /status (ms, p95)": 10.0,
    "GET /api/v1/users?limit=100 (ms, p95)": 60.0,
    "GET /api/v1/users/{id}/workouts?limit=100 (ms, p95)": 60.0,
    "POST /api/v1/users/{id}/workouts (ms, p95)": 30.0,
    "GET /api/v1/workouts?limit=20, 6 exercises x 4 sets each (ms, p95)": 80.0,
    "GET /api/v1/exercises, the whole catalogue (ms, p95)": 80.0,
    "GET /api/v1/exercises with a matching If-None-Match (ms, p95)": 15.0,
    "fitspace-dev.zip (MiB)": 50.0,
}


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="fitspace-bench-"))
    environment = {
        "DJANGO_STAGE": "dev",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": ".execute-api.us-east-1.amazonaws.com",
        "STATIC_URL": "/dev/static/",
        # Measure the API, not the throttle refusing it.
        "THROTTLE_RATE_ANON": "1000000/min",
        "THROTTLE_RATE_USER": "1000000/min",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{workdir / 'bench.sqlite3'}",
    }
    settings_dir = _zappa_settings_without_remote_env(workdir)
    os.environ.update(environment, DJANGO_SETTINGS_MODULE="fitspace.settings")
    sys.path.insert(0, str(settings_dir))

    results = {
        "cold start, process to first /status (s, median)": _cold_start(settings_dir, workdir)
    }
    results |= _warm_requests()
    package = REPO_ROOT / "fitspace-dev.zip"
    if package.exists():
        results["fitspace-dev.zip (MiB)"] = package.stat().st_size / 2**20

    failed = False
    print(
        f"\nFitSpace benchmarks ({'PostgreSQL' if 'postgres' in environment['DATABASE_URL'] else 'SQLite'})"
    )
    for name, target in TARGETS.items():
        if name not in results:
            print(f"  {name:<55} not measured (run `make package` first)")
            continue
        ok = results[name] <= target
        failed |= not ok
        print(f"  {name:<55} {results[name]:8.2f}  target <= {target:<6} {'ok' if ok else 'FAIL'}")
    return 1 if failed else 0


def _zappa_settings_without_remote_env(workdir: Path) -> Path:
    """Zappa's dev settings, minus remote_env: the bench has no S3, and passes the key directly."""
    from tests.lambda_events import save_python_settings

    settings_file = save_python_settings("dev", workdir / "zappa")
    text = settings_file.read_text()
    settings_file.write_text(
        "\n".join(
            "REMOTE_ENV=None" if line.startswith("REMOTE_ENV=") else line
            for line in text.splitlines()
        )
    )
    return settings_file.parent


def _cold_start(settings_dir: Path, workdir: Path) -> float:
    from tests.lambda_events import api_gateway_event

    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO_ROOT, check=True
    )
    events = workdir / "events.json"
    events.write_text(json.dumps([api_gateway_event("GET", "/status", stage="dev")]))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(settings_dir)])}
    durations = []
    for run in range(COLD_START_RUNS):
        results = workdir / f"results-{run}.json"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(REPO_ROOT / "tests" / "lambda_container.py"), events, results],
            env=env,
            check=True,
            capture_output=True,
        )
        durations.append(time.perf_counter() - started)
        assert json.loads(results.read_text())[0]["statusCode"] == 200
    return statistics.median(durations)


def _warm_requests() -> dict[str, float]:
    import django

    django.setup()
    from rest_framework_simplejwt.tokens import RefreshToken
    from zappa.handler import LambdaHandler

    from tests.factories import UserFactory, WorkoutFactory
    from tests.lambda_events import api_gateway_event as signed_in_event
    from workouts.models import Exercise, WorkoutExercise, WorkoutSet

    users = UserFactory.create_batch(100)
    WorkoutFactory.create_batch(100, user=users[0])
    lifts = list(Exercise.objects.filter(owner=None, tracks_reps=True, tracks_weight=True)[:6])
    for workout in WorkoutFactory.create_batch(20, user=users[1]):
        for position, lift in enumerate(lifts, start=1):
            entry = WorkoutExercise.objects.create(
                workout=workout, exercise=lift, position=position
            )
            WorkoutSet.objects.bulk_create(
                WorkoutSet(
                    workout_exercise=entry, position=n, reps=5, weight_kg=100, completed=True
                )
                for n in range(1, 5)
            )
    structured = {"Authorization": f"Bearer {RefreshToken.for_user(users[1]).access_token}"}
    signed_in = {"Authorization": f"Bearer {RefreshToken.for_user(users[0]).access_token}"}
    handler = LambdaHandler()
    logging.getLogger().setLevel(logging.WARNING)  # not one access-log line per request

    def api_gateway_event(*args, **kwargs):
        return signed_in_event(*args, headers=signed_in, **kwargs)

    catalogue = handler.handler(
        signed_in_event("GET", "/api/v1/exercises", stage="dev", headers=signed_in), None
    )
    etag = catalogue["headers"]["ETag"]
    cases = {
        "GET /status (ms, p95)": lambda n: api_gateway_event("GET", "/status", stage="dev"),
        "GET /api/v1/users?limit=100 (ms, p95)": lambda n: api_gateway_event(
            "GET", "/api/v1/users", stage="dev", query="limit=100"
        ),
        "GET /api/v1/users/{id}/workouts?limit=100 (ms, p95)": lambda n: api_gateway_event(
            "GET", f"/api/v1/users/{users[0].id}/workouts", stage="dev", query="limit=100"
        ),
        "POST /api/v1/users/{id}/workouts (ms, p95)": lambda n: api_gateway_event(
            "POST",
            f"/api/v1/users/{users[0].id}/workouts",
            stage="dev",
            body={"name": f"Bench run {n}", "description": "5 km easy"},
        ),
        "GET /api/v1/workouts?limit=20, 6 exercises x 4 sets each (ms, p95)": lambda n: (
            signed_in_event(
                "GET", "/api/v1/workouts", stage="dev", query="limit=20", headers=structured
            )
        ),
        "GET /api/v1/exercises, the whole catalogue (ms, p95)": lambda n: api_gateway_event(
            "GET", "/api/v1/exercises", stage="dev"
        ),
        "GET /api/v1/exercises with a matching If-None-Match (ms, p95)": lambda n: signed_in_event(
            "GET", "/api/v1/exercises", stage="dev", headers={**signed_in, "If-None-Match": etag}
        ),
    }
    results = {}
    for name, make_event in cases.items():
        timings = []
        for n in range(WARM_REQUESTS):
            event = make_event(n)
            started = time.perf_counter()
            response = handler.handler(event, None)
            timings.append((time.perf_counter() - started) * 1000)
            assert response["statusCode"] in (200, 201, 304), response
        timings.sort()
        print(
            f"  {name:<55} p50 {statistics.median(timings):6.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)]:6.2f} ms"
        )
        results[name] = timings[int(len(timings) * 0.95)]
    return results


if __name__ == "__main__":
    sys.exit(main())
