"""AWS helpers needed while settings load (so they must not import Django models)."""

import json
from typing import Any

from django.core.exceptions import ImproperlyConfigured


def database_from_secret(
    *,
    secret_arn: str,
    proxy_endpoint: str,
    cluster_endpoint: str,
    name: str,
    port: int,
    region: str | None = None,
    timeout: float = 2.0,
) -> dict[str, Any]:
    """Build Django ``DATABASES['default']`` from an RDS-format Secrets Manager secret.

    The secret is the JSON document RDS writes (``username``, ``password`` and optionally
    ``host``, ``port``, ``dbname``). The secret's host/port/dbname are used when present, except
    that an RDS Proxy endpoint always wins: the secret names the cluster, but Lambda must connect
    through the proxy.
    Read once per cold start: settings are imported once per Lambda container. A slow or
    failing Secrets Manager stops the start within a bound: ``timeout`` seconds to connect and
    as much per read, two attempts (one retry), so at most about 4 times ``timeout``; the next cold
    start tries again.
    """
    raw = read_secret_string(
        secret_arn=secret_arn,
        variable="DB_SECRET_ARN",
        what="database secret",
        timeout_variable="DB_SECRET_TIMEOUT",
        region=region,
        timeout=timeout,
    )
    try:
        secret = json.loads(raw)
        username, password = secret["username"], secret["password"]
    except (TypeError, ValueError, KeyError):
        raise ImproperlyConfigured(
            f"DB_SECRET_ARN: secret {secret_arn!r} is not RDS-format JSON with "
            '"username" and "password" keys'
        ) from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": secret.get("dbname") or name,
        "USER": username,
        "PASSWORD": password,
        "HOST": proxy_endpoint or secret.get("host") or cluster_endpoint,
        "PORT": int(secret.get("port") or port),
    }


def read_secret_string(
    *,
    secret_arn: str,
    variable: str,
    what: str,
    timeout_variable: str,
    region: str | None = None,
    timeout: float = 2.0,
) -> str:
    """A Secrets Manager secret's string, read within a bound (two attempts of ``timeout``
    seconds each); any failure is an ImproperlyConfigured naming ``variable`` and the secret."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectTimeoutError,
        ReadTimeoutError,
    )

    if region is None and secret_arn.startswith("arn:"):
        region = secret_arn.split(":")[3]  # arn:aws:secretsmanager:<region>:<account>:secret:<name>
    try:
        client = boto3.client(
            "secretsmanager",
            region_name=region,
            config=Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"mode": "standard", "total_max_attempts": 2},
            ),
        )
        return client.get_secret_value(SecretId=secret_arn)["SecretString"]
    except (ConnectTimeoutError, ReadTimeoutError):
        raise ImproperlyConfigured(
            f"{variable}: Secrets Manager did not answer for secret {secret_arn!r} within "
            f"{timeout_variable}={timeout:g}s (2 attempts)"
        ) from None
    except (BotoCoreError, ClientError) as exc:
        raise ImproperlyConfigured(
            f"{variable}: cannot read {what} {secret_arn!r} from Secrets Manager: {exc}"
        ) from None


def settings_from_secret(
    *, secret_arn: str, names: tuple[str, ...], region: str | None = None, timeout: float = 2.0
) -> dict[str, str]:
    """Values for the named settings from a Secrets Manager secret holding a JSON object (e.g.
    ``{"INTEGRATIONS_TOKEN_KEYS": "…", "WHOOP_CLIENT_SECRET": "…"}``); other keys are ignored."""
    raw = read_secret_string(
        secret_arn=secret_arn,
        variable="INTEGRATIONS_SECRET_ARN",
        what="integrations secret",
        timeout_variable="DB_SECRET_TIMEOUT",
        region=region,
        timeout=timeout,
    )
    try:
        secret = json.loads(raw)
        if not isinstance(secret, dict):
            raise TypeError
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"INTEGRATIONS_SECRET_ARN: secret {secret_arn!r} is not a JSON object"
        ) from None
    return {name: str(secret[name]) for name in names if secret.get(name)}
