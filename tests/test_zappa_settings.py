"""zappa_settings.json: safe for production and free of secrets."""

import json
import re

import pytest

from tests.lambda_events import ZAPPA_SETTINGS_JSON

CONFIG = json.loads(ZAPPA_SETTINGS_JSON.read_text())


def stage_config(stage: str) -> dict:
    """A stage's settings with `extends` resolved, as Zappa reads them."""
    config = dict(CONFIG[stage])
    parent = config.pop("extends", None)
    return {**stage_config(parent), **config} if parent else config


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_stage_runs_django_on_python_313(stage):
    config = stage_config(stage)

    assert config["django_settings"] == "fitspace.settings"
    assert config["runtime"] == "python3.13"
    assert config["aws_environment_variables"]["DJANGO_STAGE"] == stage
    assert config["aws_environment_variables"]["STATIC_URL"] == f"/{stage}/static/"
    for key in ("aws_region", "s3_bucket", "memory_size", "timeout_seconds", "keep_warm"):
        assert key in config, key
    assert set(config["vpc_config"]) == {"SubnetIds", "SecurityGroupIds"}
    # Top-level only (exclude_glob): `exclude` matches names at every depth, and dropping every
    # "docs" folder would drop botocore.docs, which boto3 imports.
    assert {"tests", "docs"} <= set(config["exclude_glob"])
    assert not {"tests", "docs"} & set(config["exclude"])


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_no_tracebacks_or_whole_events_in_responses_and_logs(stage):
    config = stage_config(stage)

    assert config["debug"] is False
    assert config["log_level"] == "INFO"


def test_file_holds_no_secrets():
    text = ZAPPA_SETTINGS_JSON.read_text()

    assert not re.search(r"AKIA[0-9A-Z]{16}", text)
    assert not re.search(r'"[^"]*(PASSWORD|SECRET_KEY|TOKEN)[^"]*"\s*:', text, re.IGNORECASE)


def test_pillow_for_the_local_skin_analyzer_stays_out_of_the_lambda_package():
    """The AWS stages analyze skin photos with Bedrock (settings refuse the local analyzer
    there), so Pillow's 7 MiB stay out of the zip; .ci/check_package.py checks the zip itself."""
    config = json.loads(ZAPPA_SETTINGS_JSON.read_text())["common"]

    assert {"PIL", "pillow.libs", "pillow-*.dist-info"} <= set(config["exclude_glob"])
