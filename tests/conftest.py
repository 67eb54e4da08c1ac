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
