"""Build Lambda events from the real AWS samples in ../shared/aws-events/ and read responses."""

import base64
import copy
import json
import subprocess
import sys
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

REPO_ROOT = Path(__file__).resolve().parent.parent
AWS_EVENTS = REPO_ROOT.parent / "shared" / "aws-events"
ZAPPA_SETTINGS_JSON = REPO_ROOT / "zappa_settings.json"
API_HOST = "gy415nuibc.execute-api.us-east-1.amazonaws.com"


@cache
def _sample(name: str) -> dict:
    path = AWS_EVENTS / name
    if not path.is_file():
        raise FileNotFoundError(
            f"AWS event sample {path} is missing: shared/ must sit beside the repo"
        )
    return json.loads(path.read_text())


def api_gateway_event(
    method: str,
    path: str,
    *,
    stage: str,
    body: dict | str | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
) -> dict:
    """A copy of the REST API proxy sample with only what this request needs changed.

    API Gateway hands the Lambda the path *without* the stage; the stage is in requestContext.
    """
    event = copy.deepcopy(_sample("apigateway-rest-proxy.json"))
    all_headers = {k: v for k, v in event["headers"].items() if k not in ("Content-Type",)}
    all_headers["Host"] = API_HOST
    if isinstance(body, dict):
        body = json.dumps(body)
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    params = dict(parse_qsl(query, keep_blank_values=True))  # as API Gateway passes them
    event.update(
        path=path,
        httpMethod=method,
        body=body,
        headers=all_headers,
        multiValueHeaders={k: [v] for k, v in all_headers.items()},
        queryStringParameters=params or None,
        multiValueQueryStringParameters={k: [v] for k, v in params.items()} or None,
        pathParameters={"proxy": path.lstrip("/")},
        stageVariables=None,
    )
    event["requestContext"].update(stage=stage, httpMethod=method, path=f"/{stage}{path}")
    return event


def post_confirmation_event(*, pool: str, sub: str, email: str, name: str = "") -> dict:
    """A copy of Cognito's PostConfirmation_ConfirmSignUp sample for one new user."""
    event = copy.deepcopy(_sample("cognito-post-confirmation.json"))
    attributes = {"sub": sub, "email": email, "email_verified": "true"}
    if name:
        attributes["name"] = name
    event.update(region="us-east-1", userPoolId=pool, userName=sub)
    event["callerContext"]["clientId"] = "app-client"
    event["request"]["userAttributes"] = attributes
    return event


def form_event(method: str, path: str, *, stage: str, form: dict, cookies: dict) -> dict:
    origin = f"https://{API_HOST}"
    return api_gateway_event(
        method,
        path,
        stage=stage,
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": origin,
            "Referer": f"{origin}/{stage}{path}",
        },
    )


def response_text(response: dict) -> str:
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        return base64.b64decode(body).decode()
    return body


def response_json(response: dict):
    return json.loads(response_text(response))


def response_cookies(response: dict) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.get("multiValueHeaders", {}).get("Set-Cookie", []):
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def stage_environment(stage: str) -> dict[str, str]:
    """The environment AWS gives the function: zappa_settings.json's aws_environment_variables."""
    config = json.loads(ZAPPA_SETTINGS_JSON.read_text())
    return dict(config[stage]["aws_environment_variables"])


def save_python_settings(stage: str, directory: Path) -> Path:
    """Run `zappa save-python-settings-file`, as packaging does (`--json` skips its update check,
    the only network call it would make)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "zappa_settings.py"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("zappa")),
            "save-python-settings-file",
            stage,
            "--output_path",
            str(target),
            "--json",
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return target


def scheduled_event(function: str, *, stage: str) -> dict:
    """A copy of the scheduled-event sample for the rule Zappa makes for an `events` entry:
    named `<project>-<stage>-<function>`, which is how Zappa's handler finds the function."""
    event = copy.deepcopy(_sample("scheduled-event.json"))
    rule = f"arn:aws:events:us-east-1:123456789012:rule/fitspace-{stage}-{function}"
    event.update(account="123456789012", region="us-east-1", resources=[rule])
    return event
