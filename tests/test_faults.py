"""The database goes away in the middle of traffic and comes back, under a live multi-threaded
server (gunicorn, as `make load` runs it) with clients sending reads and writes throughout.

The path to PostgreSQL runs through a TCP proxy (tests/tcp_proxy.py) that the test cuts: open
connections break mid-request and new ones are refused, as in a failover. Every response must
be a success or a 503 JSON error in the API's shape — never a 500, never a traceback — and once
the database is back the same server processes serve again. Writes: every one acknowledged is in
the database; one answered 503 may or may not have committed (the answer was lost), never more.

And the mail service failing after a sign-up committed: the sign-up still answers 201.
"""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.tcp_proxy import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 6


def call(url: str, method: str = "GET", body: dict | None = None, token: str = "") -> tuple:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (127.0.0.1)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


@pytest.fixture
def live_server_behind_a_proxy(database_behind_a_proxy, tmp_path):
    proxy, url = database_behind_a_proxy
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_STAGE": "local",
        "DJANGO_DEBUG": "false",
        "DB_CONNECT_TIMEOUT": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AVATAR_LOCAL_ROOT": str(tmp_path / "avatars"),
        **{f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("ANON", "USER", "AUTH")},
    }
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "fitspace.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        assert server.poll() is None, log.read_text()
        try:
            if call(f"{base}/status")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield proxy, base, log
    server.terminate()
    server.wait(timeout=30)


def test_requests_during_a_database_outage_get_503_json_and_the_server_recovers(
    live_server_behind_a_proxy,
):
    from workouts.models import Workout

    proxy, base, log = live_server_behind_a_proxy
    tokens = []
    for index in range(CLIENTS):
        credentials = {"email": f"outage{index}@example.com", "password": "through-the-outage-1"}
        assert call(f"{base}/api/v1/auth/register", "POST", {**credentials, "name": "O"})[0] == 201
        _, _, body = call(f"{base}/api/v1/auth/token", "POST", credentials)
        tokens.append(json.loads(body)["access"])

    # (sent, answered, request, status, content type, body)
    timeline: list[tuple[float, float, str, int, str, bytes]] = []
    acknowledged: list[int] = []
    stop = threading.Event()

    def client(index: int) -> None:
        number = 0
        while not stop.is_set():
            number += 1
            sent = time.monotonic()
            if number % 2:
                status, kind, body = call(f"{base}/api/v1/workouts?limit=5", token=tokens[index])
                timeline.append((sent, time.monotonic(), "read", status, kind, body))
            else:
                workout = {"name": f"c{index} #{number}", "exercises": []}
                status, kind, body = call(f"{base}/api/v1/workouts", "POST", workout, tokens[index])
                timeline.append((sent, time.monotonic(), "write", status, kind, body))
                if status == 201:
                    acknowledged.append(json.loads(body)["id"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    cut_at = time.monotonic()
    proxy.stop()
    time.sleep(3)
    back_at = time.monotonic()
    proxy.start()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted({entry[3] for entry in timeline})
    before = [entry for entry in timeline if entry[1] < cut_at]
    # Sent once the cut had happened and answered before the restore; sent well after it.
    down = [entry for entry in timeline if cut_at + 0.5 < entry[0] and entry[1] < back_at]
    after = [entry for entry in timeline if entry[0] > back_at + 2]
    failed = [entry for entry in timeline if entry[3] >= 400]
    print(
        f"\n{len(timeline)} requests ({statuses}): {len(before)} before the cut, {len(down)} "
        f"while down, {len(after)} after; {len(failed)} answered 503; {len(acknowledged)} "
        "writes acknowledged"
    )
    assert before
    assert down
    assert after
    assert set(statuses) <= {200, 201, 503}, statuses
    for _, _, request, _, kind, body in failed:
        assert kind == "application/json", (request, body)
        error = json.loads(body)
        assert error["type"] == "server_error", error
        assert [e["code"] for e in error["errors"]] == ["database_unavailable"], error
    assert all(entry[3] == 503 for entry in down)
    assert all(entry[3] in (200, 201) for entry in after)
    # Nothing acknowledged is lost; a write whose answer was a 503 may have committed, no more.
    writes_refused = sum(1 for entry in failed if entry[2] == "write")
    stored = Workout.objects.filter(user__email__startswith="outage").count()
    assert Workout.objects.filter(pk__in=acknowledged).count() == len(acknowledged)
    assert len(acknowledged) <= stored <= len(acknowledged) + writes_refused
    # The same worker processes throughout: none crashed and was replaced.
    server_log = log.read_text()
    assert server_log.count("Booting worker") == 2, server_log[-3000:]
    assert "Traceback" not in server_log, server_log[-3000:]


@pytest.mark.django_db
def test_a_failing_mail_service_does_not_fail_a_sign_up_already_committed(
    api_client, settings, caplog, django_capture_on_commit_callbacks
):
    """SES down at sign-up: the account is made and the answer is its 201, not a 500 that the
    client would retry into "email taken"; the failure is logged without the address."""
    from users.models import User

    settings.EMAIL_BACKEND = "tests.test_faults.FailingEmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/register",
            {"email": "mailless@example.com", "password": "no-mail-today-7", "name": "M"},
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert User.objects.with_email("mailless@example.com").exists()
    failures = [r for r in caplog.records if "verification mail" in r.getMessage()]
    assert len(failures) == 1
    assert "mailless" not in failures[0].getMessage()
    assert "EndpointConnectionError" in failures[0].getMessage()


class EndpointConnectionError(Exception):
    """What django-ses raises when SES cannot be reached."""


class FailingEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise EndpointConnectionError("Could not connect to the endpoint URL")
