"""Settings come from the environment only; each case loads them in a fresh process."""

import json
import os
import re
import subprocess
import sys

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto import mock_aws

from fitspace.aws import database_from_secret
from tests.lambda_events import REPO_ROOT, stage_environment

SECRET_KEY = "s" * 60
# A valid Fernet key of low entropy (not a secret): dev and prod refuse to start without one.
TOKEN_KEYS = "k" * 43 + "="


def load_settings(*names: str, **environment: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Import fitspace.settings with exactly `environment` and return the named settings."""
    script = (
        "import json, sys; from django.conf import settings; "
        "print(json.dumps({n: getattr(settings, n) for n in sys.argv[1:]}, default=str))"
    )
    process = subprocess.run(
        [sys.executable, "-c", script, *names],
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(REPO_ROOT),
            "DJANGO_SETTINGS_MODULE": "fitspace.settings",
            **environment,
        },
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = json.loads(process.stdout) if process.returncode == 0 else {}
    return process, values


def test_local_stage_is_the_default_with_debug_and_sqlite():
    process, values = load_settings("STAGE", "DEBUG", "DATABASES")

    assert process.returncode == 0, process.stderr
    assert values["STAGE"] == "local"
    assert values["DEBUG"] is True
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["ATOMIC_REQUESTS"] is True


def test_database_url_wins_and_keeps_connections_for_lambda():
    process, values = load_settings(
        "DATABASES",
        "TIME_ZONE",
        "USE_TZ",
        DATABASE_URL="postgres://app:pw@db.example.com:6432/fitspace",
        DB_SECRET_ARN="arn:aws:secretsmanager:us-east-1:1:secret:never-read",
    )

    assert process.returncode == 0, process.stderr
    database = values["DATABASES"]["default"]
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.example.com",
        6432,
        "fitspace",
    )
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] == 5
    assert (values["TIME_ZONE"], values["USE_TZ"]) == ("UTC", True)


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_deployed_stage_needs_a_secret_key(stage):
    process, _ = load_settings("DEBUG", DJANGO_STAGE=stage, DATABASE_URL="sqlite:///:memory:")

    assert process.returncode != 0
    assert "DJANGO_SECRET_KEY" in process.stderr.strip().splitlines()[-1]


def test_debug_cannot_be_switched_on_in_prod():
    process, _ = load_settings(
        "DEBUG",
        DJANGO_STAGE="prod",
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
        DATABASE_URL="sqlite:///:memory:",
    )

    assert process.returncode != 0
    assert "DJANGO_DEBUG" in process.stderr.strip().splitlines()[-1]


def test_unknown_stage_is_refused():
    process, _ = load_settings("STAGE", DJANGO_STAGE="staging")

    assert process.returncode != 0
    assert "DJANGO_STAGE" in process.stderr.strip().splitlines()[-1]


def test_secret_without_an_endpoint_is_refused():
    process, _ = load_settings(
        "DATABASES", DB_SECRET_ARN="arn:aws:secretsmanager:us-east-1:1:secret:db"
    )

    assert process.returncode != 0
    assert "DB_PROXY_ENDPOINT" in process.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_deployed_stages_pass_check_deploy(stage):
    env = {
        "PATH": os.environ["PATH"],
        **stage_environment(stage),
        "DJANGO_SECRET_KEY": "a-long-random-secret-key-for-the-check-" + "x7Q#" * 10,
        "INTEGRATIONS_TOKEN_KEYS": TOKEN_KEYS,
        "DATABASE_URL": "sqlite:///:memory:",
    }
    process = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert process.returncode == 0, process.stdout + process.stderr
    assert "no issues" in process.stdout


@pytest.fixture
def secrets():
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")


def test_secret_host_port_and_dbname_are_used(secrets):
    arn = secrets.create_secret(
        Name="db",
        SecretString=json.dumps(
            {"username": "u", "password": "p", "host": "cluster", "port": 5433, "dbname": "fs"}
        ),
    )["ARN"]

    database = database_from_secret(
        secret_arn=arn, proxy_endpoint="", cluster_endpoint="env-cluster", name="env", port=5432
    )

    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "fs",
        "USER": "u",
        "PASSWORD": "p",
        "HOST": "cluster",
        "PORT": 5433,
    }


def test_proxy_endpoint_wins_over_the_secrets_cluster_host(secrets):
    arn = secrets.create_secret(
        Name="db", SecretString=json.dumps({"username": "u", "password": "p", "host": "cluster"})
    )["ARN"]

    database = database_from_secret(
        secret_arn=arn, proxy_endpoint="proxy", cluster_endpoint="", name="fitspace", port=5432
    )

    assert (database["HOST"], database["NAME"], database["PORT"]) == ("proxy", "fitspace", 5432)


def test_missing_secret_names_the_variable_and_the_secret(secrets):
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-AbCdEf"

    with pytest.raises(ImproperlyConfigured, match=r"DB_SECRET_ARN.*nope-AbCdEf"):
        database_from_secret(
            secret_arn=arn, proxy_endpoint="proxy", cluster_endpoint="", name="f", port=5432
        )


def test_env_example_lists_every_variable_settings_read():
    settings_source = (REPO_ROOT / "fitspace" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    example = (REPO_ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", example, re.MULTILINE))

    assert read, "no env reads found: the pattern is out of date"
    assert read - listed == set()


@pytest.mark.parametrize("mode", ["ldap", "local,saml", ""])
def test_unknown_auth_mode_is_refused(mode):
    process, _ = load_settings("AUTH_MODES", AUTH_MODE=mode)

    assert process.returncode != 0
    assert "AUTH_MODE" in process.stderr.strip().splitlines()[-1]


def test_cognito_mode_needs_a_pool_and_app_clients():
    process, _ = load_settings("AUTH_MODES", AUTH_MODE="cognito")

    assert process.returncode != 0
    assert "COGNITO_USER_POOL_ID" in process.stderr.strip().splitlines()[-1]


def test_cognito_issuer_and_jwks_come_from_region_and_pool():
    process, values = load_settings(
        "AUTH_MODES",
        "COGNITO_ISSUER",
        "COGNITO_JWKS_URL",
        AUTH_MODE="local,cognito",
        COGNITO_REGION="eu-west-1",
        COGNITO_USER_POOL_ID="eu-west-1_Abc",
        COGNITO_APP_CLIENT_IDS="one,two",
    )

    assert process.returncode == 0, process.stderr
    assert values["AUTH_MODES"] == ["local", "cognito"]
    assert values["COGNITO_ISSUER"] == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc"
    assert values["COGNITO_JWKS_URL"] == f"{values['COGNITO_ISSUER']}/.well-known/jwks.json"


def test_the_local_avatar_stand_in_is_refused_on_a_deployed_stage(tmp_path):
    process, _ = load_settings(
        "AVATAR_LOCAL_ROOT",
        DJANGO_STAGE="dev",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
        AVATAR_LOCAL_ROOT=str(tmp_path),
    )

    assert process.returncode != 0
    assert "AVATAR_LOCAL_ROOT is for local stages only" in process.stderr


def test_the_local_stage_has_avatars_without_aws_and_the_test_stage_does_not():
    _, local = load_settings("AVATAR_LOCAL_ROOT", "AVATAR_BUCKET")
    _, test = load_settings("AVATAR_LOCAL_ROOT", DJANGO_STAGE="test")

    assert local["AVATAR_BUCKET"] == ""
    assert local["AVATAR_LOCAL_ROOT"].endswith("fitspace/avatars")
    assert test["AVATAR_LOCAL_ROOT"] == ""


def test_skin_analysis_is_bedrock_on_aws_and_local_elsewhere(tmp_path):
    _, local = load_settings("SKIN_ANALYZER", "SKIN_BEDROCK_MODEL_ID")
    _, dev = load_settings(
        "SKIN_ANALYZER",
        DJANGO_STAGE="dev",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
    )
    refused, _ = load_settings(
        "SKIN_ANALYZER",
        DJANGO_STAGE="prod",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
        SKIN_ANALYZER="local",
    )
    unknown, _ = load_settings("SKIN_ANALYZER", SKIN_ANALYZER="magic")

    assert (local["SKIN_ANALYZER"], dev["SKIN_ANALYZER"]) == ("local", "bedrock")
    assert local["SKIN_BEDROCK_MODEL_ID"] == "amazon.nova-lite-v1:0"
    assert "SKIN_ANALYZER=local is for local stages only" in refused.stderr
    assert "SKIN_ANALYZER must be bedrock or local" in unknown.stderr


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_deployed_stages_refuse_to_start_without_token_keys(stage):
    process, _ = load_settings("STAGE", DJANGO_STAGE=stage, DJANGO_SECRET_KEY=SECRET_KEY)

    assert process.returncode != 0
    assert "INTEGRATIONS_TOKEN_KEYS is required" in process.stderr.strip().splitlines()[-1]


def test_deployed_stages_refuse_the_public_dev_token_key_and_the_local_fakes():
    from fitspace.settings import INTEGRATIONS_DEV_TOKEN_KEY

    dev_key, _ = load_settings(
        "STAGE",
        DJANGO_STAGE="prod",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=f"{TOKEN_KEYS},{INTEGRATIONS_DEV_TOKEN_KEY}",
    )
    fakes, _ = load_settings(
        "STAGE",
        DJANGO_STAGE="dev",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
        INTEGRATIONS_LOCAL_FAKES="true",
    )

    assert "public dev key" in dev_key.stderr
    assert "INTEGRATIONS_LOCAL_FAKES is for local stages only" in fakes.stderr


def test_deployed_stages_talk_to_whoop_itself_with_the_fakes_off():
    process, values = load_settings(
        "INTEGRATIONS_LOCAL_FAKES",
        "WHOOP_AUTHORIZE_URL",
        "WHOOP_TOKEN_URL",
        "WHOOP_API_URL",
        "WHOOP_CLIENT_ID",
        DJANGO_STAGE="prod",
        DJANGO_SECRET_KEY=SECRET_KEY,
        INTEGRATIONS_TOKEN_KEYS=TOKEN_KEYS,
    )

    assert process.returncode == 0, process.stderr
    assert values == {
        "INTEGRATIONS_LOCAL_FAKES": False,
        "WHOOP_AUTHORIZE_URL": "https://api.prod.whoop.com/oauth/oauth2/auth",
        "WHOOP_TOKEN_URL": "https://api.prod.whoop.com/oauth/oauth2/token",
        "WHOOP_API_URL": "https://api.prod.whoop.com/developer",
        "WHOOP_CLIENT_ID": "",
    }


def test_integration_secrets_come_from_secrets_manager(secrets):
    from fitspace.aws import settings_from_secret

    arn = secrets.create_secret(
        Name="fitspace/integrations",
        SecretString=json.dumps(
            {"INTEGRATIONS_TOKEN_KEYS": TOKEN_KEYS, "WHOOP_CLIENT_SECRET": "from-sm", "x": "y"}
        ),
    )["ARN"]

    values = settings_from_secret(
        secret_arn=arn, names=("INTEGRATIONS_TOKEN_KEYS", "WHOOP_CLIENT_SECRET")
    )

    assert values == {"INTEGRATIONS_TOKEN_KEYS": TOKEN_KEYS, "WHOOP_CLIENT_SECRET": "from-sm"}


def test_an_unreadable_integrations_secret_stops_the_start(secrets):
    from fitspace.aws import settings_from_secret

    arn = secrets.create_secret(Name="fitspace/not-json", SecretString="[1, 2]")["ARN"]
    with pytest.raises(
        ImproperlyConfigured, match=r"INTEGRATIONS_SECRET_ARN: .* not a JSON object"
    ):
        settings_from_secret(secret_arn=arn, names=("WHOOP_CLIENT_SECRET",))
    with pytest.raises(ImproperlyConfigured, match="INTEGRATIONS_SECRET_ARN: cannot read"):
        settings_from_secret(secret_arn=arn + "-missing", names=("WHOOP_CLIENT_SECRET",))
