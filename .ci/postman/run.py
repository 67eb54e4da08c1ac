"""make newman: both Postman collections under newman against a FitSpace server on 127.0.0.1.

Starts `manage.py runserver` on a free port (local stage, DEBUG off, throttles raised, mail
kept in memory) on a fresh SQLite database, or on `--database-url` (already migrated: the
test database in tests/test_postman.py), waits for /status, then runs
  1. flow.postman_collection.json: sign-up → … → delete account, its own new user;
  2. fitspace.postman_collection.json (generated): every operation, signed in as another new
     user, each answering a status its operation documents, never a 5xx;
with newman's CLI and JSON reporters (the JSON reports go to --reports, default a temporary
directory), and stops the server. Exits non-zero if any request or assertion failed.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from build import HERE, REPO_ROOT, ensure_node_modules, tool  # this directory: sys.path[0]

COLLECTIONS = {
    "flow": HERE / "flow.postman_collection.json",
    "generated": HERE / "fitspace.postman_collection.json",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def start_server(workdir: Path, database_url: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_STAGE": "local",
        "DJANGO_DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AVATAR_LOCAL_ROOT": str(workdir / "avatars"),
        "AVATAR_LOCAL_BASE_URL": base,
        **{f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("ANON", "USER", "AUTH", "SEARCH")},
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(workdir / "newman.sqlite3")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {(workdir / 'server.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/status", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return server, base
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"no 200 from {base}/status within 30 s")


def newman(name: str, base: str, reports: Path, env_vars: dict[str, str]) -> dict:
    """One collection under newman; its JSON report's `run` (stats and failures)."""
    report = reports / f"{name}.json"
    command = [
        tool("node"),
        str(HERE / "node_modules" / "newman" / "bin" / "newman.js"),
        "run",
        str(COLLECTIONS[name]),
        "--env-var",
        f"baseUrl={base}",
        "--reporters",
        "cli,json",
        "--reporter-json-export",
        str(report),
        "--reporter-cli-no-assertions" if name == "generated" else "--reporter-cli-no-console",
        "--color",
        "off",
        "--timeout-request",
        "30000",
    ]
    for key, value in env_vars.items():
        command += ["--env-var", f"{key}={value}"]
    subprocess.run(command, cwd=HERE, check=False)
    return json.loads(report.read_text())["run"]


def failures(run: dict) -> list[str]:
    return [
        f"{f['source'].get('name', '?')}: {f['error'].get('test') or ''} {f['error']['message']}"
        for f in run["failures"]
    ]


def run_collections(
    *, base_url: str | None = None, database_url: str | None = None, reports: Path | None = None
) -> dict[str, dict]:
    """Both collections' runs, by name; a server of our own unless `base_url` is given."""
    ensure_node_modules()
    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        reports = reports or workdir
        reports.mkdir(parents=True, exist_ok=True)
        server = None
        if base_url is None:
            server, base_url = start_server(workdir, database_url)
        try:
            runs = {"flow": newman("flow", base_url, reports, {})}
            # The generated collection signs in as a user of its own, made here.
            email = f"newman-{secrets.token_hex(6)}@example.com"
            password = secrets.token_urlsafe(16)
            post_json(
                f"{base_url}/api/v1/auth/register",
                {"name": "Newman Generated", "email": email, "password": password},
            )
            runs["generated"] = newman(
                "generated", base_url, reports, {"email": email, "password": password}
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server instead of one started here")
    parser.add_argument("--database-url", help="the server's database (migrated) instead of SQLite")
    parser.add_argument("--reports", type=Path, help="directory for newman's JSON reports")
    args = parser.parse_args()
    runs = run_collections(
        base_url=args.base_url, database_url=args.database_url, reports=args.reports
    )
    green = True
    for name, run in runs.items():
        stats = run["stats"]
        print(
            f"{name}: {stats['requests']['total']} requests, "
            f"{stats['assertions']['total']} assertions, {stats['assertions']['failed']} failed"
        )
        for line in failures(run):
            print(f"  FAILED {line}")
            green = False
    return 0 if green else 1


if __name__ == "__main__":
    sys.exit(main())
