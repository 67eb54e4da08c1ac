import importlib
import logging
import re

import pytest
from django.core.cache import cache
from django.urls import clear_script_prefix
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_script_prefix_left_behind():
    """A request through Zappa's handler sets this thread's URL prefix to the stage (`/dev/`),
    and Django never resets it: each test starts without one."""
    yield
    clear_script_prefix()


@pytest.fixture
def api_client() -> APIClient:
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def client_for():
    """A client signed in as the given user (authentication itself is tested in test_auth_*)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def user_client(client_for, user) -> APIClient:
    return client_for(user)


@pytest.fixture(scope="session")
def moto_endpoint():
    """One moto_server on 127.0.0.1 for the session, standing in for AWS (S3, Secrets Manager,
    Cognito). Tests create their own uniquely named resources in it."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_on_moto(moto_endpoint, monkeypatch) -> str:
    """Point boto3 in this process at moto_server, with throwaway credentials."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_endpoint


@pytest.fixture
def database_behind_a_proxy(transactional_db):
    """The test database, reached through a TCP proxy the test can cut."""
    from django.db import connection

    from tests.tcp_proxy import TcpProxy

    if connection.vendor != "postgresql":
        pytest.skip("the database failover is played on PostgreSQL")
    database = connection.settings_dict
    proxy = TcpProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    proxy.start()
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    url = f"postgres://{database['USER']}{password}@127.0.0.1:{proxy.port}/{database['NAME']}"
    yield proxy, url
    proxy.stop()


# --- Nothing secret in the logs --------------------------------------------------------------
# The tests of sign-in (both modes), address verification, import and avatars run with every
# log record captured, our own loggers at DEBUG, and fail if a record holds a token, a password
# used in the test, a key, or a presigned URL's signature.
LOG_SECRECY_MODULES = {
    "tests.test_auth_local",
    "tests.test_auth_cognito",
    "tests.test_email_verification",
    "tests.test_portability",
    "tests.test_limits",
    "tests.test_import_export_limits",
    "tests.test_avatars",
    "tests.test_local_avatars",
}
# moto_server plays AWS in the same process; its access log is S3's, not ours.
NOT_OURS = ("werkzeug", "moto")
OUR_LOGGERS = ("fitspace", "users", "workouts", "groups", "inbox", "achievements", "axes")
SECRET_PATTERNS = [
    re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}"),  # a JWT (local or Cognito): header.payload
    re.compile(r"Bearer\s+\S+", re.IGNORECASE),
    re.compile(r"X-Amz-(Signature|Credential|Security-Token)", re.IGNORECASE),
    re.compile(r"\bSignature=", re.IGNORECASE),
    re.compile(r"\bpolicy\b['\"]?\s*[:=]\s*['\"]?[\w-]{20,}", re.IGNORECASE),
]


def record_text(record: logging.LogRecord) -> str:
    """All a handler could write of a record: the message, its arguments, extra fields and any
    exception's text."""
    parts = [record.getMessage(), repr(record.args)]
    parts += [f"{k}={v!r}" for k, v in vars(record).items() if k not in _PLAIN_RECORD_FIELDS]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
    if record.exc_text:
        parts.append(record.exc_text)
    return "\n".join(parts)


_PLAIN_RECORD_FIELDS = set(vars(logging.LogRecord("n", 0, "p", 0, "m", None, None)))


@pytest.fixture(autouse=True)
def no_secrets_in_logs(request, caplog, monkeypatch, settings):
    if request.module.__name__ not in LOG_SECRECY_MODULES:
        yield
        return
    from django.contrib.auth.base_user import AbstractBaseUser

    passwords: set[str] = set()
    set_password, check_password = AbstractBaseUser.set_password, AbstractBaseUser.check_password

    def recording_set_password(self, raw_password):
        if raw_password:
            passwords.add(raw_password)
        return set_password(self, raw_password)

    def recording_check_password(self, raw_password):
        if raw_password:
            passwords.add(raw_password)
        return check_password(self, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "set_password", recording_set_password)
    monkeypatch.setattr(AbstractBaseUser, "check_password", recording_check_password)
    caplog.set_level(logging.INFO)
    for name in OUR_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    keys = {settings.SECRET_KEY, settings.SIMPLE_JWT["SIGNING_KEY"]}
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    leaks = secrets_in(records, passwords=passwords, keys=keys)
    assert not leaks, "secrets in the logs:\n" + "\n".join(leaks)


def secrets_in(records, *, passwords=(), keys=()) -> list[str]:
    """The records (of ours) that hold a token, one of `passwords`, one of `keys` or a
    presigned URL's signature, each described."""
    leaks = []
    for record in records:
        if record.name.split(".")[0] in NOT_OURS:
            continue
        text = record_text(record)
        found = [p.pattern for p in SECRET_PATTERNS if p.search(text)]
        found += ["a password" for p in passwords if len(p) >= 6 and p in text]
        found += ["a key" for k in keys if k and k in text]
        if found:
            leaks.append(f"{record.name}: {found}: {text[:300]}")
    return leaks


@pytest.fixture(autouse=True)
def exercise_library(request):
    """The library and muscles a data migration writes, for every test that uses the database.

    A transactional test ends by emptying every table, migration-written rows included; without
    this, whichever test ran after one found no library exercises (an order-dependent failure).
    """
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = names & {"transactional_db", "live_server"} or (
        marker is not None and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps
    from django.db import transaction

    from workouts.models import Muscle

    if not Muscle.objects.exists():
        library = importlib.import_module("workouts.migrations.0003_exercise_library")
        # One commit rather than one per statement (a thousand): a third of the time.
        with transaction.atomic():
            library.load_library(apps, None)
