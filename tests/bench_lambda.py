"""`make bench`: what Lambda sees, each figure beside the SQL it runs.

- Package: the size of the zip `make package` built (fitspace-dev.zip).
- Cold start: that zip unpacked as Lambda does, a fresh process, first GET /status through
  Zappa's handler (`.ci/cold_start.py`, median of 10).
- Warm requests through Zappa's handler, in-process, signed in with a Bearer token, in a database
  of 100,000 workouts: p50 and p95 of each, and beside it the same request's SQL (captured from
  one of its runs) re-run raw on the same connection with every row fetched. The ratio of the two
  is the figure that holds on a noisy machine; an absolute time does not.
- Growth: the workout lists (first page and a deep cursor page), monthly stats and an exercise's
  history, for a user whose 100 workouts are the whole database and again when the database holds
  100,000 workouts, 10,000 of them that user's.

Every bar comes from issue 9 and is never lowered to pass: a miss prints FAIL and the command
exits 1. `--smoke` runs every step with a handful of rows and requests and judges nothing: the
suite runs it to prove the bench works. The bench makes its own database (dropped and created
afresh): PostgreSQL `fitspace_bench` on 127.0.0.1 unless `--database-url` names another.
Touches nothing outside 127.0.0.1.

Usage: python tests/bench_lambda.py [--smoke] [--json PATH] [--database-url URL]
"""

import argparse
import base64
import datetime as dt
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from fitspace.progress import progress  # noqa: E402 - from the repository, found just above

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/fitspace_bench"
PACKAGE = REPO_ROOT / "fitspace-dev.zip"

# Issue 9's bars.
PACKAGE_MIB = 15.0
COLD_START_S = 0.5
SQL_RATIO = 3.0  # a request's p50 against its own SQL's ...
SQL_FLOOR_MS = 2.0  # ... or this, where that is larger
SIGNED_IN_OVERHEAD_MS = 1.0  # GET /users/me over GET /status
GROWTH_RATIO = 1.3


class Scale:
    """How much data and how many requests: the real run, or a smoke run that judges nothing."""

    def __init__(self, smoke: bool):
        self.smoke = smoke
        self.requests = 5 if smoke else 200
        self.warmup = 2 if smoke else 20
        self.cold_starts = 2 if smoke else 10
        self.small_workouts = 10 if smoke else 100
        self.large_workouts = 200 if smoke else 100_000
        self.large_own = 50 if smoke else 10_000
        self.others = 4 if smoke else 900
        self.group_members = 20 if smoke else 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny run, no bars judged")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="a database the bench may drop and create (default: %(default)s)",
    )
    args = parser.parse_args()
    scale = Scale(args.smoke)
    workdir = Path(tempfile.mkdtemp(prefix="fitspace-bench-"))
    _recreate_database(args.database_url)
    settings_dir = _zappa_settings_without_remote_env(workdir)
    os.environ.update(
        DJANGO_STAGE="dev",
        DJANGO_SECRET_KEY="bench-" + "k" * 50,
        INTEGRATIONS_TOKEN_KEYS="k" * 43 + "=",
        DJANGO_ALLOWED_HOSTS=".execute-api.us-east-1.amazonaws.com",
        STATIC_URL="/dev/static/",
        # Measure the API, not the throttle refusing it.
        THROTTLE_RATE_ANON="1000000/min",
        THROTTLE_RATE_USER="1000000/min",
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="fitspace.settings",
    )
    sys.path.insert(0, str(settings_dir))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO_ROOT, check=True
    )

    report = {
        "machine": _machine(),
        "database": _vendor(args.database_url),
        "smoke": args.smoke,
        "package": _package(),
        "cold_start": _cold_start(scale),
    }
    bench = Bench(scale)
    report["growth"] = bench.growth()
    report["requests"] = bench.requests()
    failures = _print_table(report, judge=not args.smoke)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 1 if failures and not args.smoke else 0


# --- the database and the deployed settings -----------------------------------------------


def _recreate_database(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        Path(parts.path).unlink(missing_ok=True)
        return
    import psycopg2

    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _vendor(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


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


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


# --- package and cold start -----------------------------------------------------------------


def _package() -> dict | None:
    if not PACKAGE.exists():
        return None
    mib = PACKAGE.stat().st_size / 2**20
    return {"MiB": round(mib, 2), "bar": PACKAGE_MIB, "ok": mib <= PACKAGE_MIB}


def _cold_start(scale: Scale) -> dict | None:
    """`.ci/cold_start.py` on the zip and on a stock `zappa package` of a bare Django + DRF app
    (skipped by a smoke run: building that one takes a minute)."""
    script = REPO_ROOT / ".ci" / "cold_start.py"
    if scale.smoke or not PACKAGE.exists() or not script.exists():
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                sys.executable,
                str(script),
                str(PACKAGE),
                "--runs",
                str(scale.cold_starts),
                "--bare",
                "--json",
                out.name,
            ],
            cwd=REPO_ROOT,
            check=True,
        )
        figures = json.loads(Path(out.name).read_text())
    median = figures["fitspace"]["median_s"]
    return {**figures, "bar": COLD_START_S, "ok": median <= COLD_START_S}


# --- warm requests --------------------------------------------------------------------------


class Bench:
    def __init__(self, scale: Scale):
        import django

        django.setup()
        from fitspace.lambda_handler import lambda_handler

        self.scale = scale
        self.entry_point = lambda_handler  # zappa_settings.json's: Zappa's handler, event checked
        logging.disable(logging.INFO)  # not one access-log line per request

    # Data -----------------------------------------------------------------------------------

    def users(self, count: int, prefix: str) -> list:
        from users.models import User

        return User.objects.bulk_create(
            User(email=f"{prefix}{n}@bench.example", name=f"{prefix.title()} {n}", password="!")
            for n in range(count)
        )

    def workouts(self, user, count: int, *, newest: dt.datetime, lifts=(), sets: int = 0) -> list:
        """`count` finished workouts, one every 8 hours back from `newest`, each with one entry
        per lift of `sets` completed sets."""
        from workouts.models import Workout, WorkoutExercise, WorkoutSet

        created_at = Workout._meta.get_field("created_at")
        rows = []
        for n in range(count):
            started = newest - dt.timedelta(hours=8 * n)
            rows.append(
                Workout(
                    user=user,
                    name=f"Session {n}",
                    status=Workout.Status.FINISHED,
                    created_at=started,
                    started_at=started,
                    finished_at=started + dt.timedelta(minutes=50),
                    active_seconds=45 * 60,
                )
            )
        # History has dates of its own: created_at is written as given, not as "now".
        with mock.patch.object(created_at, "auto_now_add", False):
            rows = Workout.objects.bulk_create(rows, batch_size=5000)
        entries = WorkoutExercise.objects.bulk_create(
            (
                WorkoutExercise(workout=workout, exercise=lift, position=position)
                for workout in rows
                for position, lift in enumerate(lifts, start=1)
            ),
            batch_size=5000,
        )
        WorkoutSet.objects.bulk_create(
            (
                WorkoutSet(
                    workout_exercise=entry,
                    position=n,
                    reps=5,
                    weight_kg=Decimal(100),
                    completed=True,
                    completed_at=entry.workout.started_at,
                )
                for entry in entries
                for n in range(1, sets + 1)
            ),
            batch_size=5000,
        )
        return rows

    def lifts(self, count: int) -> list:
        from workouts.models import Exercise

        return list(
            Exercise.objects.filter(owner=None, tracks_reps=True, tracks_weight=True).order_by(
                "slug"
            )[:count]
        )

    @staticmethod
    def analyze() -> None:
        """Fresh planner statistics after a bulk load, as a database in service has."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    @staticmethod
    def token(user) -> dict:
        from rest_framework_simplejwt.tokens import RefreshToken

        return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}

    # Measuring -------------------------------------------------------------------------------

    def event(self, method: str, path: str, headers: dict, query: str = "", body=None) -> dict:
        from tests.lambda_events import api_gateway_event

        return api_gateway_event(method, path, stage="dev", query=query, body=body, headers=headers)

    def measure(self, make_event, *, expect: int, undo=None) -> dict:
        """p50/p95 of the request through Zappa's handler; its SQL, captured from one run, re-run
        raw the same number of times. `undo(response)` removes what a write created (inside the
        re-run's transaction, untimed) so that its INSERTs can run again."""
        from django.db import connection

        for n in range(self.scale.warmup):
            self.call(make_event(n), expect)
        captured = []

        def capture(execute, sql, params, many, context):
            # Transaction control is the request's envelope (SQLite sends it as SQL; psycopg2
            # does not), not its queries.
            if sql not in ("BEGIN", "COMMIT", "ROLLBACK"):
                captured.append((sql, params, many))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = self.call(make_event(self.scale.warmup), expect)
        request_ms = []
        for n in range(self.scale.requests):
            event = make_event(self.scale.warmup + 1 + n)
            started = time.perf_counter()
            self.call(event, expect)
            request_ms.append((time.perf_counter() - started) * 1000)
        sql_ms = [self.replay(captured, undo, response) for _ in range(self.scale.requests)]
        return {
            "p50_ms": _percentile(request_ms, 50),
            "p95_ms": _percentile(request_ms, 95),
            "sql_p50_ms": _percentile(sql_ms, 50),
            "queries": len(captured),
        }

    def call(self, event: dict, expect: int) -> dict:
        response = self.entry_point(event, None)
        if response["statusCode"] != expect:
            raise AssertionError(f"{event['path']}: {response['statusCode']} {response['body']}")
        return response

    @staticmethod
    def replay(captured: list, undo, response: dict) -> float:
        """The captured statements on the request's own connection, rows fetched, rolled back."""
        from django.db import connection, transaction

        with transaction.atomic():
            if undo:
                undo(response)
            cursor = connection.cursor().cursor  # the driver's own cursor, no Django wrapper
            started = time.perf_counter()
            for sql, params, many in captured:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        return elapsed

    # Growth ----------------------------------------------------------------------------------

    def growth(self) -> dict:
        """Lists, stats and history for one user at 100 workouts in all, then at 100,000."""
        from django.utils import timezone

        now = timezone.now().replace(microsecond=0)
        athlete = self.users(1, "grower")[0]
        squat = self.lifts(1)
        self.workouts(athlete, self.scale.small_workouts, newest=now, lifts=squat, sets=3)
        self.analyze()
        small = self.growth_cases(athlete, squat[0], total=self.scale.small_workouts)
        older = now - dt.timedelta(hours=8 * self.scale.small_workouts)
        self.workouts(
            athlete,
            self.scale.large_own - self.scale.small_workouts,
            newest=older,
            lifts=squat,
            sets=3,
        )
        others = self.users(self.scale.others, "other")
        per_other = (self.scale.large_workouts - self.scale.large_own) // len(others)
        for other in progress(others, total=len(others), desc="Seeding others' workouts"):
            self.workouts(other, per_other, newest=now)
        self.analyze()
        large = self.growth_cases(athlete, squat[0], total=self.scale.large_own)
        return {
            name: {
                "small": small[name],
                "large": large[name],
                "ratio": large[name]["p50_ms"] / small[name]["p50_ms"],
                "bar": GROWTH_RATIO,
                "ok": large[name]["p50_ms"] / small[name]["p50_ms"] <= GROWTH_RATIO,
            }
            for name in small
        }

    def growth_cases(self, athlete, squat, *, total: int) -> dict:
        """The cases of `growth`, for a user with `total` workouts. The deep page starts 4/5 of
        the way down, or as deep as still leaves a full page (with 100 workouts and pages of
        100, that is the first page)."""
        from workouts.models import Workout

        headers = self.token(athlete)
        newest_first = Workout.objects.filter(user=athlete).order_by("-created_at", "-id")
        lists = {
            "GET /api/v1/workouts?limit=20": ("/api/v1/workouts", 20),
            "GET /api/v1/users/{id}/workouts?limit=100": (
                f"/api/v1/users/{athlete.pk}/workouts",
                100,
            ),
        }
        cases = {}
        for name, (path, limit) in lists.items():
            depth = min(total * 4 // 5, total - limit - 1)
            deep = _cursor(newest_first[depth]) if depth >= 0 else ""
            cases[f"{name}, first page"] = (path, f"limit={limit}&cursor=")
            cases[f"{name}, a full page deep in the history"] = (
                path,
                f"limit={limit}&cursor={deep}",
            )
        cases["GET /api/v1/users/me/stats?period=month"] = (
            "/api/v1/users/me/stats",
            "period=month",
        )
        cases["GET /api/v1/exercises/{id}/history"] = (f"/api/v1/exercises/{squat.pk}/history", "")
        return {
            name: self.measure(
                lambda n, path=path, query=query: self.event("GET", path, headers, query),
                expect=200,
            )
            for name, (path, query) in progress(
                cases.items(), total=len(cases), desc=f"Measuring at {total} workouts"
            )
        }

    # Requests in a large database ----------------------------------------------------------

    def requests(self) -> dict:
        from django.utils import timezone

        from groups.models import Group, Membership
        from workouts.models import Workout

        now = timezone.now().replace(microsecond=0)
        athlete, writer = self.users(2, "athlete")
        lifts = self.lifts(6)
        structured = self.workouts(athlete, 20, newest=now, lifts=lifts, sets=4)
        self.workouts(athlete, 80, newest=now - dt.timedelta(days=7))
        headers = self.token(athlete)

        members = [athlete, *self.users(self.scale.group_members - 1, "member")]
        today = timezone.localdate()
        group = Group.objects.create(
            name="Five hundred",
            period=Group.Period.WEEK,
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=300),
            metric=Group.Metric.WORKOUTS,
            member_target=3,
        )
        Membership.objects.bulk_create(
            Membership(group=group, user=member, role="owner" if n == 0 else "member")
            for n, member in enumerate(members)
        )
        for n, member in enumerate(members[1:]):
            self.workouts(member, n % 4, newest=now - dt.timedelta(minutes=n + 1))

        self.analyze()
        catalogue = self.call(self.event("GET", "/api/v1/exercises", headers), 200)
        etag = {**headers, "If-None-Match": catalogue["headers"]["ETag"]}
        writer_headers = self.token(writer)
        new_workout = {
            "name": "Bench day",
            "exercises": [
                {"exercise": lift.pk, "sets": [{"reps": 5, "weight_kg": 100}] * 4} for lift in lifts
            ],
        }

        def undo_create(response):
            Workout.objects.filter(pk=json.loads(response["body"])["id"]).delete()

        def get(path, query="", extra=None):
            return lambda n: self.event("GET", path, extra or headers, query)

        cases = {
            "GET /status": (get("/status", extra={}), 200, None),
            "GET /api/v1/users/me": (get("/api/v1/users/me"), 200, None),
            "GET /api/v1/workouts?limit=20 (6 exercises x 4 sets each)": (
                get("/api/v1/workouts", "limit=20"),
                200,
                None,
            ),
            "GET /api/v1/users/{id}/workouts?limit=100 (20 of them 6 x 4)": (
                get(f"/api/v1/users/{athlete.pk}/workouts", "limit=100"),
                200,
                None,
            ),
            "GET /api/v1/workouts/{id} (6 x 4)": (
                get(f"/api/v1/workouts/{structured[0].pk}"),
                200,
                None,
            ),
            "POST /api/v1/workouts (6 x 4)": (
                lambda n: self.event("POST", "/api/v1/workouts", writer_headers, body=new_workout),
                201,
                undo_create,
            ),
            "GET /api/v1/users/me/stats?period=month": (
                get("/api/v1/users/me/stats", "period=month"),
                200,
                None,
            ),
            "GET /api/v1/exercises (the catalogue)": (get("/api/v1/exercises"), 200, None),
            "GET /api/v1/exercises, If-None-Match": (
                get("/api/v1/exercises", extra=etag),
                304,
                None,
            ),
            "GET /api/v1/exercises/{id}/history": (
                get(f"/api/v1/exercises/{lifts[0].pk}/history"),
                200,
                None,
            ),
            f"GET /api/v1/groups/{{id}}/progress ({len(members)} members)": (
                get(f"/api/v1/groups/{group.pk}/progress"),
                200,
                None,
            ),
        }
        results = {}
        for name, (make_event, expect, undo) in progress(
            cases.items(), total=len(cases), desc="Measuring requests"
        ):
            figures = self.measure(make_event, expect=expect, undo=undo)
            bar = max(SQL_RATIO * figures["sql_p50_ms"], SQL_FLOOR_MS)
            results[name] = {
                **figures,
                "ratio": figures["p50_ms"] / figures["sql_p50_ms"]
                if figures["sql_p50_ms"]
                else None,
                "bar_ms": bar,
                "ok": figures["p50_ms"] <= bar,
            }
        overhead = results["GET /api/v1/users/me"]["p50_ms"] - results["GET /status"]["p50_ms"]
        results["signed-in overhead: /users/me over /status"] = {
            "p50_ms": overhead,
            "bar_ms": SIGNED_IN_OVERHEAD_MS,
            "ok": overhead <= SIGNED_IN_OVERHEAD_MS,
        }
        return results


def _cursor(workout) -> str:
    """DRF's cursor for the page after `workout` in newest-first order."""
    token = urlencode({"p": str(workout.created_at)})
    return base64.b64encode(token.encode("ascii")).decode("ascii")


def _percentile(values: list[float], percent: int) -> float:
    if percent == 50:
        return statistics.median(values)
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


# --- the table ------------------------------------------------------------------------------


def _print_table(report: dict, *, judge: bool) -> int:
    failures = 0

    def verdict(ok: bool | None) -> str:
        nonlocal failures
        if ok is None or not judge:
            return ""
        failures += not ok
        return "ok" if ok else "FAIL"

    machine = report["machine"]
    print(
        f"\nFitSpace benchmarks on {report['database']}, {machine['cpu']} x{machine['cores']}, "
        f"Python {machine['python']}{' (smoke: nothing judged)' if report['smoke'] else ''}\n"
    )
    package, cold = report["package"], report["cold_start"]
    if package:
        print(
            f"{'fitspace-dev.zip':<62} {package['MiB']:8.2f} MiB  "
            f"bar <= {package['bar']} MiB  {verdict(package['ok'])}"
        )
    else:
        print("fitspace-dev.zip: not measured (run `make package` first)")
    if cold:
        baseline = cold.get("bare_django_drf")
        print(
            f"{'cold start from the zip, first GET /status (median)':<62} "
            f"{cold['fitspace']['median_s']:8.3f} s    bar <= {cold['bar']} s  "
            f"{verdict(cold['ok'])}"
        )
        if baseline:
            print(
                f"{'  beside: stock zappa package of a bare Django + DRF app':<62} "
                f"{baseline['median_s']:8.3f} s"
            )
    else:
        print("cold start: not measured (needs fitspace-dev.zip and .ci/cold_start.py)")

    print(
        f"\n{'warm, through Zappa handler':<62} {'p50':>7} {'p95':>7} {'SQL':>7} "
        f"{'ratio':>6} {'queries':>7}  bar"
    )
    for name, row in report["requests"].items():
        if "sql_p50_ms" not in row:
            print(
                f"{name:<62} {row['p50_ms']:7.2f} {'':>7} {'':>7} {'':>6} {'':>7}  "
                f"<= {row['bar_ms']:.1f} ms {verdict(row['ok'])}"
            )
            continue
        ratio = f"{row['ratio']:5.1f}x" if row["ratio"] else "     -"
        print(
            f"{name:<62} {row['p50_ms']:7.2f} {row['p95_ms']:7.2f} {row['sql_p50_ms']:7.2f} "
            f"{ratio} {row['queries']:7d}  p50 <= {row['bar_ms']:.1f} ms {verdict(row['ok'])}"
        )
    print(
        f"\n{'growth: p50 ms, 100 workouts -> 100,000 (10,000 own)':<62} {'small':>7} {'large':>7}"
    )
    for name, row in report["growth"].items():
        queries = f"{row['small']['queries']}->{row['large']['queries']} queries"
        print(
            f"{name:<62} {row['small']['p50_ms']:7.2f} {row['large']['p50_ms']:7.2f} "
            f"{row['ratio']:5.2f}x  {queries:<16} bar <= {row['bar']}x {verdict(row['ok'])}"
        )
    print(f"\n{failures} bar(s) missed" if judge else "")
    return failures


if __name__ == "__main__":
    sys.exit(main())
