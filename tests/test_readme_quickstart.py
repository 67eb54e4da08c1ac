"""The README's quick start, run the way a newcomer runs it: a fresh clone of the committed
code, `make run` in the background (it makes its own virtualenv, migrates, loads the demo data
and serves), the README's marked shell block run as printed against it, then everything stopped.
Bounded: a few minutes at most, most of it `make run` installing its requirements."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- quickstart: tests/test_readme_quickstart.py runs the next block -->"


def quick_start_script() -> str:
    readme = (REPO_ROOT / "README.md").read_text()
    after = readme.split(MARKER, 1)[1]
    match = re.match(r"\s*```sh\n(.*?)\n```", after, re.DOTALL)
    assert match, "the README's quick start block is missing or not a sh block"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
                return response.status == 200
        except OSError:
            time.sleep(1)
    return False


def newcomer_environment() -> dict[str, str]:
    """The shell of someone who just cloned the project: no FitSpace variables exported."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "AVATAR_", "THROTTLE_", "PYTEST"))
        and name not in ("VIRTUAL_ENV", "SQLITE_PATH", "AUTH_MODE")
    }


def test_the_readme_quick_start_works_on_a_fresh_clone(tmp_path):
    clone = tmp_path / "fitspace"
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    port = free_port()
    log = (tmp_path / "make-run.log").open("w")
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=newcomer_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped whole below
    )
    try:
        up = wait_for(f"http://127.0.0.1:{port}/status", seconds=300)
        assert up, (tmp_path / "make-run.log").read_text()[-3000:]
        script = quick_start_script().replace(
            "B=http://127.0.0.1:8000", f"B=http://127.0.0.1:{port}", 1
        )
        work = tmp_path / "work"
        work.mkdir()
        run = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=work,
            env=newcomer_environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    output = run.stdout
    assert run.returncode == 0, f"{output[-3000:]}\n{run.stderr[-3000:]}"
    assert '"status":"ok"' in output
    assert '"email":"dana@example.com"' in output
    assert '"status":"finished"' in output
    assert '"heaviest_weight"' in output  # the completed set set a record
    assert "204\n" in output  # the upload, as S3 answers it
    assert "the profile shows the picture uploaded" in output
    assert '"kind":"group_invited"' in output  # Ana's inbox
    assert '"role":"member"' in output  # she accepted
    assert '"metric":"workouts"' in output
    assert '"rank":2' in output
    assert (work / "me.png").read_bytes() == (work / "back.png").read_bytes()
