"""Whole Lambda cold starts in a fresh process, with each stage's environment from
zappa_settings.json, AWS played by moto_server on 127.0.0.1 and the local PostgreSQL as Aurora."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import environ
import psycopg2
import pytest

from tests.lambda_events import (
    REPO_ROOT,
    api_gateway_event,
    post_confirmation_event,
    response_json,
    response_text,
    save_python_settings,
    stage_environment,
)

REGION = "us-east-1"
CONFIG_BUCKET = "fitspace-config-replace-me"
STAGES = ["dev", "prod"]


@pytest.fixture(scope="module")
def aws(moto_endpoint):
    """moto_server standing in for S3 and Secrets Manager, with each stage's remote_env file."""
    endpoint = moto_endpoint
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
    }
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    s3 = session.client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket=CONFIG_BUCKET)
    for stage in STAGES:
        s3.put_object(
            Bucket=CONFIG_BUCKET,
            Key=f"{stage}.json",
            Body=json.dumps(
                {
                    "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
                    "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
                }
            ),
        )
    return {
        "environment": credentials,
        "secrets": session.client("secretsmanager", endpoint_url=endpoint),
        "cognito": session.client("cognito-idp", endpoint_url=endpoint),
    }


@pytest.fixture(scope="module")
def settings_dirs(tmp_path_factory) -> dict[str, Path]:
    return {
        stage: save_python_settings(stage, tmp_path_factory.mktemp(stage)).parent
        for stage in STAGES
    }


@pytest.fixture
def empty_postgres_database():
    """A new, empty database on the test server, standing in for a fresh Aurora cluster."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("a cold start against a database from Secrets Manager needs PostgreSQL")
    server = environ.Env.db_url_config(url)
    name = f"fitspace_coldstart_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(
        dbname=server["NAME"],
        user=server["USER"],
        password=server["PASSWORD"],
        host=server["HOST"],
        port=server["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**server, "NAME": name}
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()


def run_container(stage, *, settings_dirs, aws, tmp_path, events, **environment):
    """Start a container for `stage` with the function's environment plus `environment`."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(settings_dirs[stage])]),
        **aws["environment"],
        **stage_environment(stage),
        **environment,
    }
    events_file, results_file = tmp_path / "events.json", tmp_path / "results.json"
    events_file.write_text(json.dumps(events))
    process = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "tests" / "lambda_container.py"),
            events_file,
            results_file,
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = json.loads(results_file.read_text()) if process.returncode == 0 else None
    return process, results


def create_database_secret(aws, name: str, value: dict | str) -> str:
    secret = value if isinstance(value, str) else json.dumps(value)
    return aws["secrets"].create_secret(Name=name, SecretString=secret)["ARN"]


@pytest.mark.parametrize("stage", STAGES)
def test_cold_start_migrates_an_empty_database_and_serves_the_api(
    stage, settings_dirs, aws, tmp_path, empty_postgres_database
):
    database = empty_postgres_database
    # The secret as RDS writes it: the cluster's host, which the proxy endpoint must override.
    secret_arn = create_database_secret(
        aws,
        f"fitspace/{stage}/db-{uuid.uuid4().hex[:6]}",
        {
            "engine": "postgres",
            "username": database["USER"],
            "password": database["PASSWORD"],
            "host": "fitspace.cluster-xyz.us-east-1.rds.amazonaws.com",
            "port": database["PORT"] or 5432,
            "dbname": database["NAME"],
        },
    )
    pool = aws["cognito"].create_user_pool(
        PoolName=f"fitspace-{stage}", UsernameAttributes=["email"]
    )["UserPool"]["Id"]
    app_client = aws["cognito"].create_user_pool_client(
        UserPoolId=pool, ClientName="app", ExplicitAuthFlows=["ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    aws["cognito"].admin_create_user(
        UserPoolId=pool,
        Username="ana@example.com",
        UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
        MessageAction="SUPPRESS",
    )
    aws["cognito"].admin_set_user_password(
        UserPoolId=pool, Username="ana@example.com", Password="Pool-pass-123", Permanent=True
    )
    id_token = aws["cognito"].admin_initiate_auth(
        UserPoolId=pool,
        ClientId=app_client,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ana@example.com", "PASSWORD": "Pool-pass-123"},
    )["AuthenticationResult"]["IdToken"]
    sub = aws["cognito"].admin_get_user(UserPoolId=pool, Username="ana@example.com")["Username"]
    confirmed = post_confirmation_event(pool=pool, sub=sub, email="ana@example.com", name="Ana")
    events = [
        {"manage": "migrate --noinput"},  # what `zappa manage <stage> migrate` sends
        api_gateway_event("GET", "/status", stage=stage),
        confirmed,  # Cognito's PostConfirmation trigger, routed by zappa_settings.json
        api_gateway_event(
            "GET", "/api/v1/users/me", stage=stage, headers={"Authorization": f"Bearer {id_token}"}
        ),
        api_gateway_event("GET", "/api/v1/users", stage=stage),
        api_gateway_event("GET", "/admin/login/", stage=stage),
        api_gateway_event("GET", "/static/admin/css/base.css", stage=stage),
    ]

    process, results = run_container(
        stage,
        settings_dirs=settings_dirs,
        aws=aws,
        tmp_path=tmp_path,
        events=events,
        DB_SECRET_ARN=secret_arn,
        DB_PROXY_ENDPOINT=database["HOST"] or "127.0.0.1",
        COGNITO_USER_POOL_ID=pool,
        COGNITO_APP_CLIENT_IDS=app_client,
        COGNITO_JWKS_URL=f"{aws['environment']['AWS_ENDPOINT_URL']}/{pool}/.well-known/jwks.json",
    )

    assert process.returncode == 0, process.stderr[-3000:]
    migrated, status, trigger_result, me, anonymous, login, css = results
    assert migrated == {}
    assert status["statusCode"] == 200, response_text(status)
    assert response_json(status)["stage"] == stage
    assert trigger_result == confirmed
    assert me["statusCode"] == 200, response_text(me)
    assert response_json(me)["email"] == "ana@example.com"
    assert anonymous["statusCode"] == 401
    assert login["statusCode"] == 200
    assert f'href="/{stage}/static/admin/css/base.css"' in response_text(login)
    assert css["statusCode"] == 200
    # Deployed stages answer with the security headers of `check --deploy`.
    assert status["headers"]["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Traceback" not in process.stderr

    with (
        psycopg2.connect(
            dbname=database["NAME"],
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"],
            port=database["PORT"],
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT email, cognito_sub FROM users_user")
        assert cursor.fetchall() == [("ana@example.com", sub)]
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app IN ('users', 'workouts')")
        assert cursor.fetchone()[0] >= 2


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "cannot read database secret"),
        ("not json", "is not RDS-format JSON"),
        ({"username": "fitspace"}, "is not RDS-format JSON"),
    ],
)
def test_missing_or_unreadable_secret_fails_at_start_naming_variable_and_secret(
    secret, message, settings_dirs, aws, tmp_path
):
    if secret is None:
        arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:fitspace/dev/missing-AbCdEf"
    else:
        arn = create_database_secret(aws, f"fitspace/dev/bad-{uuid.uuid4().hex[:6]}", secret)

    process, _ = run_container(
        "dev", settings_dirs=settings_dirs, aws=aws, tmp_path=tmp_path, events=[], DB_SECRET_ARN=arn
    )

    assert process.returncode != 0
    last_line = process.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: DB_SECRET_ARN")
    assert arn in last_line
    assert message in last_line
    assert "password" not in last_line.lower().replace('"password" keys', "")


def test_dead_database_gives_json_503_through_the_handler(settings_dirs, aws, tmp_path):
    events = [
        api_gateway_event("GET", "/status", stage="dev"),
        api_gateway_event("GET", "/api/v1/users", stage="dev"),
        api_gateway_event("GET", "/api/v1/workouts", stage="dev"),
    ]

    process, results = run_container(
        "dev",
        settings_dirs=settings_dirs,
        aws=aws,
        tmp_path=tmp_path,
        events=events,
        # Nothing listens on port 1: the connection is refused at once.
        DATABASE_URL="postgres://fitspace@127.0.0.1:1/fitspace",
    )

    assert process.returncode == 0, process.stderr[-3000:]
    status, listed, workouts = results
    assert status["statusCode"] == 503
    assert response_json(status)["database"]["status"] == "unavailable"
    for response in (listed, workouts):
        assert response["statusCode"] == 503
        assert response_json(response)["errors"][0]["code"] == "database_unavailable"
        assert "Traceback" not in response_text(response)


class WarmContainer:
    """A container kept warm between invocations (``lambda_container.py --serve``)."""

    def __init__(self, stage, *, settings_dirs, aws, tmp_path, **environment):
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(settings_dirs[stage])]),
            **aws["environment"],
            **stage_environment(stage),
            **environment,
        }
        self.stage = stage
        self.stderr = tmp_path / "container.stderr"
        self.process = subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "tests" / "lambda_container.py"), "--serve"],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr.open("w"),
            text=True,
        )

    def __call__(self, method, path, **kwargs) -> dict:
        event = api_gateway_event(method, path, stage=self.stage, **kwargs)
        self.process.stdin.write(json.dumps(event) + "\n")
        self.process.stdin.flush()
        while line := self.process.stdout.readline():
            if line.startswith("RESULT "):
                return json.loads(line.removeprefix("RESULT "))
        raise AssertionError(f"the container died: {self.stderr.read_text()[-3000:]}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_database_lost_mid_traffic_is_a_json_503_and_the_same_container_serves_when_back(
    settings_dirs, aws, tmp_path, database_behind_a_proxy
):
    """A failover or a restart of the database while a warm container serves: every request
    meanwhile gets 503 `database_unavailable` JSON (no 500, no traceback), quickly, and the same
    process serves again once the database answers, without a cold start."""
    import time

    proxy, url = database_behind_a_proxy
    invoke = WarmContainer(
        "dev",
        settings_dirs=settings_dirs,
        aws=aws,
        tmp_path=tmp_path,
        DATABASE_URL=url,
        AUTH_MODE="local",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DB_CONNECT_TIMEOUT="2",
    )
    try:
        credentials = {"email": "fail@example.com", "password": "over-the-failover-9"}
        registered = invoke("POST", "/api/v1/auth/register", body={**credentials, "name": "Fay"})
        assert registered["statusCode"] == 201, response_text(registered)
        tokens = response_json(invoke("POST", "/api/v1/auth/token", body=credentials))
        signed_in = {"Authorization": f"Bearer {tokens['access']}"}
        workout = {"name": "Before", "exercises": []}
        created = invoke("POST", "/api/v1/workouts", body=workout, headers=signed_in)
        assert created["statusCode"] == 201, response_text(created)
        connections_before = proxy.connections

        proxy.stop()  # the kept connection is cut, and new ones are refused
        down = {
            "status": invoke("GET", "/status"),
            "list": invoke("GET", "/api/v1/workouts", headers=signed_in),
            "write": invoke(
                "POST", "/api/v1/workouts", body={**workout, "name": "Lost"}, headers=signed_in
            ),
            "sign-in": invoke("POST", "/api/v1/auth/token", body=credentials),
            "profile": invoke("GET", "/api/v1/users/me", headers=signed_in),
        }
        started = time.monotonic()
        again = invoke("GET", "/api/v1/workouts", headers=signed_in)
        assert time.monotonic() - started < 3  # refused at once, not a hang
        down["again"] = again

        proxy.start()
        listed = invoke("GET", "/api/v1/workouts", headers=signed_in)
        written = invoke(
            "POST", "/api/v1/workouts", body={**workout, "name": "After"}, headers=signed_in
        )
        status = invoke("GET", "/status")
    finally:
        invoke.close()

    assert down["status"]["statusCode"] == 503
    assert response_json(down["status"])["database"]["status"] == "unavailable"
    for name in ("list", "write", "sign-in", "profile", "again"):
        response = down[name]
        assert response["statusCode"] == 503, (name, response_text(response))
        assert response["headers"]["Content-Type"] == "application/json", name
        body = response_json(response)
        assert body["type"] == "server_error", (name, body)
        assert [error["code"] for error in body["errors"]] == ["database_unavailable"], name
    # The same process, warm: it reconnected rather than being replaced.
    assert invoke.process.returncode == 0
    assert proxy.connections > connections_before
    assert listed["statusCode"] == 200, response_text(listed)
    assert [w["name"] for w in response_json(listed)["results"]] == ["Before"]
    assert written["statusCode"] == 201, response_text(written)
    assert status["statusCode"] == 200, response_text(status)
    assert "Traceback" not in invoke.stderr.read_text()
    from workouts.models import Workout

    assert sorted(Workout.objects.values_list("name", flat=True)) == ["After", "Before"]


class SecretsManagerStub:
    """Secrets Manager on 127.0.0.1 that a test makes slow, failing or well: GetSecretValue
    answers after `delay` seconds, or with a 500, or with `secret`."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        stub = self
        self.mode, self.delay, self.secret, self.calls = "ok", 0.0, {}, 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                import time

                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.calls += 1
                if stub.mode == "slow":
                    time.sleep(stub.delay)
                if stub.mode == "failing":
                    status, body = 500, {"__type": "InternalServiceError", "message": "down"}
                else:
                    status, body = (
                        200,
                        {
                            "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                            "Name": "db",
                            "SecretString": json.dumps(stub.secret),
                            "VersionId": "v1",
                        },
                    )
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/x-amz-json-1.1")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def secrets_stub():
    stub = SecretsManagerStub()
    yield stub
    stub.close()


SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:fitspace/dev/db-AbCdEf"


@pytest.mark.parametrize("mode", ["slow", "failing"])
def test_slow_or_failing_secrets_manager_stops_the_cold_start_in_bounded_time(
    mode, settings_dirs, aws, tmp_path, secrets_stub
):
    import time

    secrets_stub.mode, secrets_stub.delay = mode, 60
    started = time.monotonic()
    process, _ = run_container(
        "dev",
        settings_dirs=settings_dirs,
        aws=aws,
        tmp_path=tmp_path,
        events=[api_gateway_event("GET", "/status", stage="dev")],
        # Only Secrets Manager is the stub; S3 (the remote env file) stays on moto_server.
        AWS_ENDPOINT_URL_SECRETS_MANAGER=secrets_stub.url,
        DB_SECRET_ARN=SECRET_ARN,
        DB_PROXY_ENDPOINT="127.0.0.1",
        DB_SECRET_TIMEOUT="1",
    )
    elapsed = time.monotonic() - started

    assert process.returncode != 0
    # 2 attempts of a 1 s read plus a Python start and a retry's back-off, not the stub's 60 s.
    assert elapsed < 15, elapsed
    assert secrets_stub.calls == 2
    last_line = process.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: DB_SECRET_ARN")
    assert SECRET_ARN in last_line
    if mode == "slow":
        assert "did not answer" in last_line
        assert "DB_SECRET_TIMEOUT=1s" in last_line
    else:
        assert "cannot read database secret" in last_line


def test_the_cold_start_after_a_secrets_manager_outage_serves(
    settings_dirs, aws, tmp_path, secrets_stub, database_behind_a_proxy
):
    from django.db import connection

    database = connection.settings_dict
    proxy, _ = database_behind_a_proxy
    secrets_stub.secret = {
        "username": database["USER"],
        "password": database["PASSWORD"] or "",
        "host": "fitspace.cluster-xyz.us-east-1.rds.amazonaws.com",
        "port": proxy.port,
        "dbname": database["NAME"],
    }
    environment = {
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": secrets_stub.url,
        "DB_SECRET_ARN": SECRET_ARN,
        "DB_PROXY_ENDPOINT": "127.0.0.1",
        "DB_SECRET_TIMEOUT": "1",
    }
    events = [api_gateway_event("GET", "/status", stage="dev")]

    secrets_stub.mode, secrets_stub.delay = "slow", 60
    failed, _ = run_container(
        "dev", settings_dirs=settings_dirs, aws=aws, tmp_path=tmp_path, events=events, **environment
    )
    secrets_stub.mode = "ok"
    recovered, results = run_container(
        "dev", settings_dirs=settings_dirs, aws=aws, tmp_path=tmp_path, events=events, **environment
    )

    assert failed.returncode != 0
    assert recovered.returncode == 0, recovered.stderr[-3000:]
    (status,) = results
    assert status["statusCode"] == 200, response_text(status)
    assert response_json(status)["database"]["status"] == "ok"
