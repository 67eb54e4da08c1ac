"""Cold starts of a Lambda zip, measured on this machine the way Lambda starts a container.

For each run: the zip is unpacked as Lambda does (file times as stored in the zip, then made
read-only, so nothing can write bytecode beside the modules), a fresh interpreter that sees only
the unpacked files plus a runtime-style folder holding the AWS SDK (the python3.13 runtime's
boto3, botocore, s3transfer, jmespath, dateutil, six and urllib3 — with bytecode, as the
runtime has it) imports the function's handler module as Lambda's bootstrap does (for
FitSpace, zappa_settings.json's `lambda_handler`; for the bare project, Zappa's `handler`), and
calls it with an API Gateway REST event for GET /status. PYTHONDONTWRITEBYTECODE is set; the stage's remote_env is switched off (no S3 here) and the database is an empty SQLite
file, so no network is involved. The time is the whole process: interpreter start, imports,
settings, the first response.

`--bare` also builds and measures a stock `zappa package` of a bare Django + DRF project made
in a temporary folder (same Django, DRF and Zappa versions as requirements.txt, one DRF view
at /status), for comparison.

Reported per zip: median, min and max wall time of the process over the runs, the median CPU
time it used (steadier than wall time on a shared machine), and the medians of the two parts
seen from inside: `import handler`, and the handler's first call (Zappa's set-up, Django's
set-up, the request).

Usage: python .ci/cold_start.py ZIP [--stage dev] [--runs 10] [--bare] [--json PATH]
From Python: `from cold_start import measure_zip, measure_bare` (add .ci/ to sys.path).
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
RUNTIME_REQUIREMENTS = REPO_ROOT / "requirements-lambda-runtime.txt"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fitspace"

# What Lambda's bootstrap does, in a fresh interpreter: import the function's handler module
# (argv[2], e.g. `fitspace.lambda_handler.lambda_handler`) from the task root, then invoke it.
# It prints the response, and how long the import and the call took.
BOOTSTRAP = """
import importlib, json, sys, time
module_name, function_name = sys.argv[2].rsplit(".", 1)
started = time.perf_counter()
module = importlib.import_module(module_name)
imported = time.perf_counter()
response = getattr(module, function_name)(json.load(open(sys.argv[1])), None)
done = time.perf_counter()
print(json.dumps({"statusCode": response.get("statusCode"), "body": response.get("body"),
                  "import_s": imported - started, "call_s": done - imported}))
"""


def runtime_sdk_dir() -> Path:
    """A folder standing in for the runtime's own site-packages: the pinned boto3 with its
    dependencies, compiled. Built once per pin, then reused."""
    pins = RUNTIME_REQUIREMENTS.read_text()
    versions = "-".join(re.findall(r"^[A-Za-z0-9_.-]+==([^\s]+)", pins, re.M)) or "unpinned"
    target = CACHE / f"lambda-runtime-sdk-{versions}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--target",
            str(target),
            "-r",
            str(RUNTIME_REQUIREMENTS),
        ],
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            "--invalidation-mode",
            "unchecked-hash",
            str(target),
        ],
        check=True,
    )
    (target / ".complete").touch()
    return target


def unpack_like_lambda(package: Path, task: Path) -> None:
    """Extract with the stored file times; switch the stage's remote_env off (no S3 here),
    then make the tree read-only, as /var/task is."""
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, task))
            stamp = time.mktime((*info.date_time, 0, 0, -1))
            os.utime(path, (stamp, stamp))
    settings = task / "zappa_settings.py"
    stamp = settings.stat().st_mtime
    lines = settings.read_text().splitlines()
    settings.write_text(
        "\n".join("REMOTE_ENV=None" if ln.startswith("REMOTE_ENV=") else ln for ln in lines)
    )
    os.utime(settings, (stamp, stamp))
    # Its bytecode (if any) says otherwise: drop it, the module is compiled in memory.
    (task / "__pycache__" / "zappa_settings.cpython-313.pyc").unlink(missing_ok=True)
    for root, _dirs, files in os.walk(task):
        for name in files:
            os.chmod(os.path.join(root, name), 0o400)
        os.chmod(root, 0o500)


def make_writable(tree: Path) -> None:
    for root, _dirs, _files in os.walk(tree):
        os.chmod(root, 0o700)


def _run_once(
    task: Path, sdk: Path, workdir: Path, environment: dict[str, str], entry_point: str
) -> dict:
    event = workdir / "event.json"
    bootstrap = workdir / "bootstrap.py"
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONPATH": os.pathsep.join([str(task), str(sdk)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LAMBDA_TASK_ROOT": str(task),
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME": "fitspace-cold-start",
        **environment,
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.run(
        # The interpreter behind the venv, -S: no site-packages but the two folders above.
        [sys._base_executable, "-S", str(bootstrap), str(event), entry_point],
        cwd=task,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the process: what a busy machine (2 shared cores) disturbs least.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise RuntimeError(f"the cold start failed:\n{process.stderr[-3000:]}")
    result = json.loads(process.stdout.strip().splitlines()[-1])
    if result["statusCode"] != 200:
        raise RuntimeError(f"GET /status answered {result['statusCode']}: {result['body']}")
    return {
        "total_s": elapsed,
        "cpu_s": cpu,
        "import_s": result["import_s"],
        "call_s": result["call_s"],
    }


def _measure(
    package: Path,
    *,
    stage: str,
    runs: int,
    environment: dict[str, str],
    entry_point: str = "handler.lambda_handler",
) -> dict:
    """`entry_point`: the function's handler, as Lambda is configured with it (Zappa's own
    `handler.lambda_handler` unless zappa_settings.json names another)."""
    from tests.lambda_events import api_gateway_event

    sdk = runtime_sdk_dir()
    workdir = Path(tempfile.mkdtemp(prefix="fitspace-cold-"))
    try:
        task = workdir / "task"  # Lambda's /var/task
        unpack_like_lambda(package, task)
        (workdir / "event.json").write_text(
            json.dumps(api_gateway_event("GET", "/status", stage=stage))
        )
        (workdir / "bootstrap.py").write_text(BOOTSTRAP)
        env = {**environment, "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}"}
        _run_once(
            task, sdk, workdir, env, entry_point
        )  # warms the OS file cache, as a hot Lambda host has
        samples = [_run_once(task, sdk, workdir, env, entry_point) for _ in range(runs)]
    finally:
        make_writable(workdir)
        shutil.rmtree(workdir, ignore_errors=True)
    totals = [s["total_s"] for s in samples]
    return {
        "zip": str(package),
        "zip_mib": round(package.stat().st_size / 2**20, 2),
        "runs": runs,
        "median_s": round(statistics.median(totals), 4),
        "min_s": round(min(totals), 4),
        "max_s": round(max(totals), 4),
        "median_cpu_s": round(statistics.median(s["cpu_s"] for s in samples), 4),
        "median_import_s": round(statistics.median(s["import_s"] for s in samples), 4),
        "median_first_request_s": round(statistics.median(s["call_s"] for s in samples), 4),
        "samples_s": [round(t, 4) for t in totals],
    }


def measure_zip(package: Path | str, *, stage: str = "dev", runs: int = 10) -> dict:
    """Cold starts of a FitSpace zip built by `make package STAGE=<stage>`."""
    from tests.lambda_events import stage_environment

    environment = {
        **stage_environment(stage),
        "DJANGO_SECRET_KEY": "cold-start-" + "k" * 50,
        # Required on dev and prod (AWS: Secrets Manager); any 32-byte Fernet key here.
        "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
    }
    settings = json.loads((REPO_ROOT / "zappa_settings.json").read_text())
    entry_point = settings.get(stage, {}).get("lambda_handler") or settings["common"].get(
        "lambda_handler", "handler.lambda_handler"
    )
    return _measure(
        Path(package), stage=stage, runs=runs, environment=environment, entry_point=entry_point
    )


BARE_SETTINGS = """
SECRET_KEY = "bare-" + "k" * 50
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "bare.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/bare.sqlite3"}}
USE_TZ = True
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}
"""
BARE_URLS = """
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class Status(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"status": "ok"})


urlpatterns = [path("status", Status.as_view())]
"""


def _pins(*names: str) -> list[str]:
    pins = {}
    for line in (REPO_ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name = line.split("==")[0].strip()
            pins[name.lower()] = line.strip()
    return [pins[name.lower()] for name in names]


def build_bare_package(workdir: Path) -> Path:
    """A stock `zappa package dev` of a bare Django + DRF project, in its own virtualenv."""
    project = workdir / "bare-project"
    (project / "bare").mkdir(parents=True)
    (project / "bare" / "__init__.py").write_text("")
    (project / "bare" / "settings.py").write_text(BARE_SETTINGS)
    (project / "bare" / "urls.py").write_text(BARE_URLS)
    (project / "zappa_settings.json").write_text(
        json.dumps(
            {
                "dev": {
                    "project_name": "bare",
                    "django_settings": "bare.settings",
                    "runtime": "python3.13",
                    "s3_bucket": "bare-zappa-replace-me",
                    "aws_region": "us-east-1",
                    "exclude": [".venv"],
                }
            }
        )
    )
    venv = project / ".venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            *_pins("Django", "djangorestframework", "zappa"),
        ],
        check=True,
    )
    output = workdir / "bare-dev.zip"
    subprocess.run(
        [str(venv / "bin" / "zappa"), "package", "dev", "-o", str(output)],
        cwd=project,
        env={
            **os.environ,
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        },
        check=True,
        capture_output=True,
    )
    return output


def bare_package() -> Path:
    """The bare project's zip, built once per Django, DRF and Zappa pin, then reused."""
    pins = "-".join(pin.split("==")[1] for pin in _pins("Django", "djangorestframework", "zappa"))
    cached = CACHE / f"bare-django-drf-{pins}.zip"
    if not cached.exists():
        workdir = Path(tempfile.mkdtemp(prefix="fitspace-bare-"))
        try:
            CACHE.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(build_bare_package(workdir), cached.with_suffix(".partial"))
            cached.with_suffix(".partial").replace(cached)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return cached


def measure_bare(*, runs: int = 10) -> dict:
    """Cold starts of a stock `zappa package` of a bare Django + DRF project."""
    return _measure(bare_package(), stage="dev", runs=runs, environment={})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cold starts of a Lambda zip, as Lambda runs it")
    parser.add_argument("zip", type=Path)
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bare", action="store_true", help="also a stock bare Django + DRF zip")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    results = {"fitspace": measure_zip(args.zip, stage=args.stage, runs=args.runs)}
    if args.bare:
        results["bare_django_drf"] = measure_bare(runs=args.runs)
    print(
        f"{'cold start, GET /status':<28} {'zip MiB':>8} {'median s':>9} {'min s':>7} {'max s':>7}"
        f" {'CPU s':>7} {'import s':>9} {'request s':>9}"
    )
    for name, r in results.items():
        print(
            f"{name:<28} {r['zip_mib']:8.1f} {r['median_s']:9.3f} {r['min_s']:7.3f} {r['max_s']:7.3f}"
            f" {r['median_cpu_s']:7.3f} {r['median_import_s']:9.3f} {r['median_first_request_s']:9.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
