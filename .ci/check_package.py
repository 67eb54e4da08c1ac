"""Check a Zappa package, then run it as Lambda would: from the unzipped files alone.

1. The app and its runtime dependencies are in; tests and dev tools are out.
2. A fresh interpreter that sees only the unzipped package (no virtualenv, no site-packages)
   loads Zappa's handler, migrates an empty SQLite database through a `manage` event, answers
   GET /status, and refuses the users list to an anonymous caller with the API's 401. The
   stage's remote_env (S3) is switched off: no AWS here.

Usage: python .ci/check_package.py fitspace-dev.zip STAGE
"""

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

REQUIRED = [
    "zappa_settings.py",
    "handler.py",
    "manage.py",
    "fitspace/settings.py",
    "users/models.py",
    "workouts/models.py",
    "wellness/models.py",
    "django/__init__.py",
    "rest_framework/__init__.py",
    "psycopg2/__init__.py",
    "whitenoise/__init__.py",
]
FORBIDDEN_TOP_LEVEL = {"tests", "pytest", "_pytest", "moto", "factory", "faker", "ruff", ".env"}
# Pillow serves the local skin analyzer only; the AWS stages use Bedrock (7 MiB saved).
FORBIDDEN_TOP_LEVEL |= {"PIL", "pillow.libs"}


def check_contents(package: zipfile.ZipFile) -> list[str]:
    names = package.namelist()
    top_level = {name.split("/", 1)[0] for name in names}
    problems = [f"missing {name}" for name in REQUIRED if name not in names]
    problems += [f"should not ship {name}" for name in sorted(FORBIDDEN_TOP_LEVEL & top_level)]
    if "DJANGO_SETTINGS='fitspace.settings'" not in package.read("zappa_settings.py").decode():
        problems.append("zappa_settings.py does not load fitspace.settings")
    return problems


def run_unzipped(package: zipfile.ZipFile, stage: str) -> list[str]:
    from tests.lambda_events import api_gateway_event, stage_environment

    workdir = Path(tempfile.mkdtemp(prefix="fitspace-package-"))
    task = workdir / "task"  # Lambda's /var/task
    package.extractall(task)
    settings = task / "zappa_settings.py"
    settings.write_text(
        "\n".join(
            "REMOTE_ENV=None" if line.startswith("REMOTE_ENV=") else line
            for line in settings.read_text().splitlines()
        )
    )
    events = [
        {"manage": "migrate --noinput"},
        api_gateway_event("GET", "/status", stage=stage),
        api_gateway_event("GET", "/api/v1/users", stage=stage),
    ]
    (workdir / "events.json").write_text(json.dumps(events))
    env = {
        **stage_environment(stage),
        "DJANGO_SECRET_KEY": "package-check-" + "k" * 50,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "PYTHONPATH": str(task),
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.run(
        [
            sys._base_executable,  # the interpreter behind the venv, without the venv's packages
            "-S",  # nor the interpreter's own site-packages: only what the zip holds
            str(REPO_ROOT / "tests" / "lambda_container.py"),
            workdir / "events.json",
            workdir / "results.json",
        ],
        cwd=task,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if process.returncode != 0:
        return [f"the unzipped package did not start:\n{process.stderr[-3000:]}"]
    _, status, users = json.loads((workdir / "results.json").read_text())
    expected = (("GET /status", status, 200), ("anonymous GET /api/v1/users", users, 401))
    return [
        f"{name} answered {response['statusCode']}, not {code}: {response.get('body', '')[:300]}"
        for name, response, code in expected
        if response["statusCode"] != code
    ]


def main(path: str, stage: str) -> int:
    with zipfile.ZipFile(path) as package:
        problems = check_contents(package) or run_unzipped(package, stage)
        files = len(package.namelist())
    for problem in problems:
        print(f"package check: {problem}", file=sys.stderr)
    size = Path(path).stat().st_size / 2**20
    verdict = "FAILED" if problems else "ok, and it serves the API from the unzipped files alone"
    print(f"package check: {path}: {files} files, {size:.1f} MiB; {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
