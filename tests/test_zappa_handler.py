"""The deploy path, offline: Zappa's own LambdaHandler, configured from zappa_settings.json by
`zappa save-python-settings-file`, serving API Gateway events built from the real AWS sample.

These run in-process on the test database; test_lambda_cold_start.py runs a whole cold start
in a fresh process with each stage's own environment.
"""

import base64
import copy
import json
import os
import sys
from datetime import timedelta

import boto3
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from moto import mock_aws
from zappa.handler import LambdaHandler

from tests.factories import StaffUserFactory
from tests.lambda_events import (
    ZAPPA_SETTINGS_JSON,
    api_gateway_event,
    form_event,
    post_confirmation_event,
    response_cookies,
    response_json,
    response_text,
    save_python_settings,
    scheduled_event,
    stage_environment,
)
from users.models import User

pytestmark = pytest.mark.django_db


def _reset_lambda_handler() -> None:
    LambdaHandler._LambdaHandler__instance = None


@pytest.fixture(scope="module", params=["dev", "prod"])
def stage(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def settings_file(stage, tmp_path_factory):
    return save_python_settings(stage, tmp_path_factory.mktemp(stage))


@pytest.fixture
def invoke(stage, settings_file, monkeypatch, settings):
    """Invoke a freshly loaded Zappa handler for `stage`, like a Lambda cold start."""
    monkeypatch.syspath_prepend(str(settings_file.parent))
    monkeypatch.delitem(sys.modules, "zappa_settings", raising=False)
    stage_env = stage_environment(stage)
    settings.ALLOWED_HOSTS = [stage_env["DJANGO_ALLOWED_HOSTS"]]
    settings.STATIC_URL = stage_env["STATIC_URL"]
    saved_environ = os.environ.copy()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    _reset_lambda_handler()
    with mock_aws():
        # The stage's remote_env file, which Zappa loads into the environment at start.
        boto3.client("s3", region_name="us-east-1").create_bucket(
            Bucket="fitspace-config-replace-me"
        )
        boto3.client("s3", region_name="us-east-1").put_object(
            Bucket="fitspace-config-replace-me",
            Key=f"{stage}.json",
            Body=json.dumps(
                {"DJANGO_SECRET_KEY": "k" * 50, "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "="}
            ),
        )
        handler = LambdaHandler()
    # Like Django's test client: keep the test's database connection (and its transaction) open
    # across requests, which Django would otherwise close when each request finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield lambda event: handler.handler(event, None)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    _reset_lambda_handler()
    os.environ.clear()
    os.environ.update(saved_environ)


def test_status_through_the_handler(invoke, stage):
    response = invoke(api_gateway_event("GET", "/status", stage=stage))

    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/json"
    assert response_json(response)["database"]["status"] == "ok"


def test_remote_env_is_loaded_at_start(invoke):
    assert os.environ["DJANGO_SECRET_KEY"] == "k" * 50


def test_users_and_workouts_api_through_the_handler(invoke, stage):
    created = invoke(
        api_gateway_event(
            "POST",
            "/api/v1/users",
            stage=stage,
            body={"name": "Ana", "email": "ana@example.com", "password": "a-long-pass-phrase"},
        )
    )
    assert created["statusCode"] == 201, response_text(created)
    user_id = response_json(created)["id"]
    tokens = invoke(
        api_gateway_event(
            "POST",
            "/api/v1/auth/token",
            stage=stage,
            body={"email": "ana@example.com", "password": "a-long-pass-phrase"},
        )
    )
    assert tokens["statusCode"] == 200, response_text(tokens)
    auth = {"Authorization": f"Bearer {response_json(tokens)['access']}"}

    def call(method, path, **kwargs):
        return invoke(api_gateway_event(method, path, stage=stage, headers=auth, **kwargs))

    for n in range(3):
        logged = call("POST", f"/api/v1/users/{user_id}/workouts", body={"name": f"Run {n}"})
        assert logged["statusCode"] == 201, response_text(logged)
    workouts = call("GET", f"/api/v1/users/{user_id}/workouts", query="limit=2&offset=0")
    page = response_json(workouts)
    assert workouts["statusCode"] == 200
    assert [w["name"] for w in page["results"]] == ["Run 2", "Run 1"]
    # Links the API writes carry the stage prefix, so clients can follow them.
    assert page["next"].startswith(
        f"https://gy415nuibc.execute-api.us-east-1.amazonaws.com/{stage}/api/v1/users/"
    )

    workout_id = page["results"][0]["id"]
    updated = call("PUT", f"/api/v1/workouts/{workout_id}", body={"description": "Tempo"})
    assert updated["statusCode"] == 200
    assert response_json(updated)["description"] == "Tempo"

    users = call("GET", "/api/v1/users", query="limit=1")
    assert response_json(users)["count"] == 1
    searched = call("GET", "/api/v1/users/search", query="q=ANA")
    assert [u["id"] for u in response_json(searched)["results"]] == [user_id]
    me = call("GET", "/api/v1/users/me")
    assert response_json(me)["email"] == "ana@example.com"

    assert call("DELETE", f"/api/v1/workouts/{workout_id}")["statusCode"] == 204
    assert call("DELETE", f"/api/v1/users/{user_id}")["statusCode"] == 204
    assert not User.objects.exists()


def test_anonymous_call_through_the_handler_is_401(invoke, stage):
    response = invoke(api_gateway_event("GET", "/api/v1/users", stage=stage))

    assert response["statusCode"] == 401
    assert response["headers"]["WWW-Authenticate"].startswith("Bearer")


def test_bad_input_through_the_handler_is_json_400(invoke, stage):
    response = invoke(
        api_gateway_event(
            "POST",
            "/api/v1/users",
            stage=stage,
            body='{"name": ',
            headers={"Content-Type": "application/json"},
        )
    )

    assert response["statusCode"] == 400
    assert response_json(response)["errors"][0]["code"] == "parse_error"


def test_unknown_api_path_through_the_handler_is_json_404(invoke, stage):
    response = invoke(api_gateway_event("GET", "/api/v1/nothing-here", stage=stage))

    assert response["statusCode"] == 404
    assert response_json(response)["type"] == "client_error"


def test_admin_login_page_links_css_under_the_stage_prefix(invoke, stage):
    page = invoke(api_gateway_event("GET", "/admin/login/", stage=stage))
    css = invoke(api_gateway_event("GET", "/static/admin/css/base.css", stage=stage))

    assert page["statusCode"] == 200
    assert f'href="/{stage}/static/admin/css/base.css"' in response_text(page)
    assert f'action="/{stage}/admin/login/' in response_text(page)
    assert css["statusCode"] == 200
    assert css["headers"]["Content-Type"].startswith("text/css")
    assert "body" in response_text(css)


def test_swagger_ui_through_the_handler(invoke, stage):
    page = invoke(api_gateway_event("GET", "/api/docs/", stage=stage))
    # Its init script is a file, not inline, so the page's Content-Security-Policy can forbid
    # inline scripts.
    script = invoke(api_gateway_event("GET", "/api/docs/", stage=stage, query="script=1"))

    assert page["statusCode"] == 200
    assert f'src="/{stage}/api/docs/?script="' in response_text(page)
    assert f"/{stage}/static/drf_spectacular_sidecar/" in response_text(page)
    assert script["statusCode"] == 200
    assert script["headers"]["Content-Type"].startswith("application/javascript")
    assert f"/{stage}/api/schema/" in response_text(script)


def test_staff_logs_into_the_admin_through_the_handler(invoke, stage):
    StaffUserFactory(email="staff@example.com", password="staff-pass-123")
    login_page = invoke(api_gateway_event("GET", "/admin/login/", stage=stage))
    cookies = response_cookies(login_page)

    logged_in = invoke(
        form_event(
            "POST",
            "/admin/login/",
            stage=stage,
            form={
                "username": "staff@example.com",
                "password": "staff-pass-123",
                "next": f"/{stage}/admin/",
                "csrfmiddlewaretoken": cookies["csrftoken"],
            },
            cookies=cookies,
        )
    )
    assert logged_in["statusCode"] == 302, response_text(logged_in)[:500]
    assert logged_in["headers"]["Location"] == f"/{stage}/admin/"

    cookies |= response_cookies(logged_in)
    index = invoke(
        api_gateway_event(
            "GET",
            "/admin/",
            stage=stage,
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
    )
    assert index["statusCode"] == 200
    assert f'href="/{stage}/admin/users/user/"' in response_text(index)


# A real transaction: the token view records failures outside one (see test_auth_local.py).
@pytest.mark.django_db(transaction=True)
def test_sign_in_throttle_keys_on_the_address_api_gateway_saw_not_a_forwarded_header(
    invoke, stage, settings
):
    """Behind a regional endpoint X-Forwarded-For is "<what the client sent>, <client>", and
    Zappa took the entry the client wrote: a new one per request escaped the per-IP limit."""
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])

    def attempt(n: int) -> int:
        event = api_gateway_event(
            "POST",
            "/api/v1/auth/token",
            stage=stage,
            body={"email": f"guess{n}@example.com", "password": "x"},
            headers={"X-Forwarded-For": f"10.9.{n // 250}.{n % 250}, 192.168.196.186"},
        )
        return invoke(event)["statusCode"]

    codes = [attempt(n) for n in range(limit + 1)]

    assert codes == [401] * limit + [429]


def test_post_confirmation_trigger_creates_exactly_one_user(invoke, stage):
    event = post_confirmation_event(
        pool="us-east-1_TESTPOOL",
        sub="7f3c1a52-0000-4000-8000-000000000001",
        email="ana@example.com",
    )
    event["request"]["userAttributes"] |= {"name": "Ana Runner", "phone_number": "+15555550100"}

    first = invoke(copy.deepcopy(event))
    again = invoke(copy.deepcopy(event))  # Cognito may deliver a trigger more than once

    assert first == event  # the trigger hands the event back, as Cognito requires
    assert again == event
    user = User.objects.get()
    assert (user.email, user.name, user.phone) == ("ana@example.com", "Ana Runner", "+15555550100")
    assert user.cognito_sub == "7f3c1a52-0000-4000-8000-000000000001"
    assert not user.has_usable_password()


def test_post_confirmation_links_an_account_staff_created(invoke, stage):
    staff_made = User.objects.create_user("ana@example.com", None, name="Ana", email_verified=True)
    event = post_confirmation_event(pool="us-east-1_TESTPOOL", sub="sub-1", email="ANA@example.com")

    invoke(event)

    staff_made.refresh_from_db()
    assert staff_made.cognito_sub == "sub-1"
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("identity_verified", "account_verified"), [("false", True), ("true", False)]
)
def test_post_confirmation_never_links_unless_both_sides_proved_the_address(
    invoke, stage, identity_verified, account_verified
):
    account = User.objects.create_user(
        "ana@example.com", "owners-password", name="Ana", email_verified=account_verified
    )
    event = post_confirmation_event(pool="us-east-1_TESTPOOL", sub="sub-1", email="ana@example.com")
    event["request"]["userAttributes"]["email_verified"] = identity_verified

    assert invoke(copy.deepcopy(event)) == event  # Cognito's confirmation still goes through

    account.refresh_from_db()
    assert account.cognito_sub is None
    assert User.objects.count() == 1


def test_post_confirmation_sample_placeholders_do_not_become_a_phone_number(invoke, stage):
    event = post_confirmation_event(pool="us-east-1_TESTPOOL", sub="sub-2", email="ben@example.com")
    event["request"]["userAttributes"]["phone_number"] = "<phone_number>"

    invoke(event)

    assert User.objects.get().phone == ""


def test_the_daily_archive_job_runs_from_zappa_settings_events(invoke, stage):
    import datetime as dt
    from decimal import Decimal

    from groups.models import Group
    from groups.services import group_create

    config = json.loads(ZAPPA_SETTINGS_JSON.read_text())["common"]["events"]
    (job,) = [e for e in config if e["function"].startswith("groups.")]
    owner = User.objects.create_user("owner@example.com", None, name="Owner")
    ended = group_create(
        owner=owner,
        data={
            "name": "Ended",
            "timezone": "UTC",
            "starts_on": dt.date(2026, 1, 1),
            "ends_on": dt.date(2026, 2, 1),
            "metric": Group.Metric.WORKOUTS,
            "member_target": Decimal(1),
        },
    )

    result = invoke(scheduled_event(job["function"], stage=stage))

    assert result == {"archived": [ended.pk]}
    assert Group.objects.get(pk=ended.pk).status == "archived"


def test_the_hourly_integrations_sync_runs_from_zappa_settings_events(
    invoke, stage, whoop_fake, client_for, settings
):
    from integrations.models import Connection
    from tests.integrations_support import connect
    from workouts.models import Workout

    config = json.loads(ZAPPA_SETTINGS_JSON.read_text())["common"]["events"]
    (job,) = [e for e in config if e["function"].startswith("integrations.")]
    assert job["expression"] == "rate(1 hour)"
    athlete = User.objects.create_user("whoop@example.com", None, name="Whoop Athlete")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's
    connect(client_for(athlete))
    whoop_user = int(Connection.objects.get(user=athlete).provider_user_id)
    record = whoop_fake.add_workout(whoop_user, start=timezone.now() - timedelta(hours=3))
    Connection.objects.update(last_synced_at=timezone.now() - timedelta(hours=2))

    result = invoke(scheduled_event(job["function"], stage=stage))

    assert result == {"synced": 1, "failed": 0}
    assert Workout.objects.get(user=athlete).external_id == record["id"]
    LambdaHandler._LambdaHandler__instance = None


# --- Malformed events, through the function's entry point ------------------------------------


@pytest.fixture
def entry(invoke):
    """The function's entry point as zappa_settings.json names it, on the handler `invoke`
    started."""
    from fitspace.lambda_handler import lambda_handler

    config = json.loads(ZAPPA_SETTINGS_JSON.read_text())["common"]
    assert config["lambda_handler"] == "fitspace.lambda_handler.lambda_handler"
    return lambda event: lambda_handler(copy.deepcopy(event), None)


def without(event: dict, *keys: str) -> dict:
    return {k: v for k, v in event.items() if k not in keys}


def malformed_http_events(stage: str) -> dict[str, dict]:
    def status(**changes):
        return api_gateway_event("GET", "/status", stage=stage) | changes

    def post(body, **changes):
        event = api_gateway_event(
            "POST", "/api/v1/auth/token", stage=stage, headers={"Content-Type": "application/json"}
        )
        return event | {"body": body} | changes

    return {
        "no path": without(status(), "path"),
        "path not a string": status(path=["status"]),
        "path without a slash": status(path="status"),
        "method not a method": status(httpMethod="FETCH"),
        "method not a string": status(httpMethod=5),
        "headers a list": status(headers=["Host"]),
        "a header value a number": status(headers={"Host": 5}),
        "multiValueHeaders not lists": status(multiValueHeaders={"Host": "x"}),
        "query parameters a string": status(queryStringParameters="a=1"),
        "requestContext a string": status(requestContext="ctx"),
        "identity a string": status(requestContext={"identity": "1.2.3.4"}),
        "body a number": post(5),
        "isBase64Encoded a string": post("e30=", isBase64Encoded="yes"),
        "bad base64 body": post("not base64 at all!", isBase64Encoded=True),
        "HTTP API without its context": {"version": "2.0", "rawPath": "/status"},
    }


MALFORMED_NAMES = list(malformed_http_events("dev"))


@pytest.mark.parametrize("name", MALFORMED_NAMES)
def test_a_malformed_http_event_is_a_400_and_the_next_request_is_served(entry, stage, name, caplog):
    event = malformed_http_events(stage)[name]

    with caplog.at_level("WARNING", logger="fitspace.lambda_handler"):
        refused = entry(event)
    served = entry(api_gateway_event("GET", "/status", stage=stage))

    assert refused["statusCode"] == 400, refused
    assert response_json(refused)["errors"][0]["code"] == "bad_event"
    assert [r.getMessage() for r in caplog.records if r.name == "fitspace.lambda_handler"]
    assert served["statusCode"] == 200


@pytest.mark.parametrize("encoded", [False, True])
def test_a_huge_body_is_413_before_it_is_decoded(entry, stage, settings, monkeypatch, encoded):
    monkeypatch.setenv("REQUEST_MAX_BYTES", str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    raw = b'{"padding": "' + b"x" * (7 * 1024 * 1024) + b'"}'  # over Lambda's 6 MB, too
    body = base64.b64encode(raw).decode() if encoded else raw.decode()
    event = api_gateway_event(
        "POST", "/api/v1/auth/token", stage=stage, headers={"Content-Type": "application/json"}
    ) | {"body": body, "isBase64Encoded": encoded}

    refused = entry(event)
    served = entry(api_gateway_event("GET", "/status", stage=stage))

    assert refused["statusCode"] == 413
    assert response_json(refused)["errors"][0]["code"] == "request_too_large"
    assert served["statusCode"] == 200


def test_a_body_at_the_limit_reaches_the_app(entry, stage, monkeypatch):
    """Just under the limit, base64-encoded as API Gateway sends it with binary support: Django
    gets it (and refuses the sign-in as usual)."""
    monkeypatch.setenv("REQUEST_MAX_BYTES", "3000")
    raw = json.dumps({"email": "a@example.com", "password": "p" * 2900}).encode()
    assert len(raw) <= 3000
    event = api_gateway_event(
        "POST", "/api/v1/auth/token", stage=stage, headers={"Content-Type": "application/json"}
    ) | {"body": base64.b64encode(raw).decode(), "isBase64Encoded": True}

    assert entry(event)["statusCode"] == 401


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"hello": "world"},
        [],
        "GET /status",
        None,
        {"detail-type": "Scheduled Event"},
        {"detail-type": "Scheduled Event", "resources": "arn"},
        {"manage": ""},
        {"manage": ["migrate"]},
        {"command": 5},
        {"Records": []},
        {"Records": "s3"},
        {"triggerSource": None},
        {"awslogs": "data"},
    ],
    ids=repr,
)
def test_an_event_of_unknown_shape_is_refused_and_logged(entry, stage, event, caplog):
    with caplog.at_level("WARNING", logger="fitspace.lambda_handler"):
        refused = entry(event)
    served = entry(api_gateway_event("GET", "/status", stage=stage))

    assert refused["statusCode"] == 400
    (record,) = [r for r in caplog.records if r.name == "fitspace.lambda_handler"]
    assert record.getMessage().startswith("refused a Lambda event")
    assert served["statusCode"] == 200


def test_a_refusal_logs_the_event_keys_never_its_values(entry, stage, caplog):
    event = {"token": "eyJhbGciOiJIUzI1NiJ9.secret-payload.sig", "password": "hunter2-long"}

    with caplog.at_level("WARNING", logger="fitspace.lambda_handler"):
        entry(event)

    (record,) = [r for r in caplog.records if r.name == "fitspace.lambda_handler"]
    assert "['password', 'token']" in record.getMessage()
    assert "secret-payload" not in record.getMessage()
    assert "hunter2" not in record.getMessage()


def test_an_unroutable_aws_event_is_logged_and_answered_with_nothing(entry, stage, caplog):
    """A well-formed record no function is wired to: Zappa's own logged refusal."""
    with caplog.at_level("ERROR"):
        result = entry({"Records": [{"eventSource": "aws:sqs", "body": "{}"}]})
    served = entry(api_gateway_event("GET", "/status", stage=stage))

    assert result is None
    assert any("Cannot find a function" in r.getMessage() for r in caplog.records)
    assert served["statusCode"] == 200


def test_well_formed_events_pass_through_the_entry_point(entry, stage):
    status = entry(api_gateway_event("GET", "/status", stage=stage))
    anonymous = entry(api_gateway_event("GET", "/api/v1/users", stage=stage))

    assert status["statusCode"] == 200
    assert anonymous["statusCode"] == 401
