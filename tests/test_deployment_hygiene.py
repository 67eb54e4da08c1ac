"""Deployment hygiene: security headers on every response, CORS per stage, JSON request logs
with API Gateway's request id, the user id and the duration."""

import json
import logging
import re
import uuid

import pytest
from django.conf import settings as django_settings

from fitspace.middleware import API_CSP, HTML_CSP
from tests.factories import StaffUserFactory, UserFactory
from tests.lambda_events import api_gateway_event
from tests.test_lambda_cold_start import aws, run_container, settings_dirs  # noqa: F401
from tests.test_settings import SECRET_KEY, load_settings
from tests.test_zappa_handler import invoke, settings_file, stage  # noqa: F401

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# One of each kind of answer: API JSON, errors from DRF and from Django, HTML pages, static
# files, a preflight, a body too large.
RESPONSES = [
    ("get", "/status", {}),
    ("get", "/api/v1/users", {}),
    ("get", "/api/v1/nothing-here", {}),
    ("get", "/nothing-here", {}),
    ("get", "/admin/login/", {}),
    ("get", "/static/admin/css/base.css", {}),
    ("get", "/api/docs/", {}),
    ("get", "/api/docs/?script=1", {}),
    ("get", "/api/schema/", {}),
    ("options", "/api/v1/workouts", {}),
    ("post", "/api/v1/auth/token", {"data": "{", "content_type": "application/json"}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), RESPONSES)
def test_every_response_carries_the_security_headers(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)

    for header, value in SECURITY_HEADERS.items():
        assert response.headers.get(header) == value, (header, response.status_code)
    html = response["Content-Type"].startswith("text/html")
    assert response["Content-Security-Policy"] == (HTML_CSP if html else API_CSP)
    # Off AWS (plain HTTP) there is no HSTS: a browser would pin a local host to HTTPS.
    assert "Strict-Transport-Security" not in response


def test_the_api_policy_lets_nothing_load_and_the_html_policy_no_inline_script():
    assert "default-src 'none'" in API_CSP
    assert "frame-ancestors 'none'" in API_CSP
    assert "script-src 'self';" in HTML_CSP
    assert "unsafe-inline" not in HTML_CSP.split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in HTML_CSP


@pytest.fixture
def staff(client):
    user = StaffUserFactory()
    client.force_login(user)
    return user


def test_swagger_ui_and_the_admin_pages_run_no_inline_script(client, staff):
    """What the HTML policy forbids must not be what the pages need."""
    pages = [
        client.get("/api/docs/"),
        client.get("/admin/"),
        client.get("/admin/users/user/"),
        client.get(f"/admin/users/user/{staff.pk}/change/"),
        client.get("/admin/workouts/workout/add/"),
    ]

    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        for tag in text.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            # Every script is a file, or data (json_script) that a browser does not run.
            assert "src=" in opening or 'type="application/json"' in opening, opening
        assert not re.search(r"\son[a-z]+\s*=", text), "an inline event handler"
        assert "javascript:" not in text


@pytest.mark.parametrize("aws_stage", ["dev", "prod"])
def test_aws_stages_send_hsts_and_the_headers_through_a_cold_started_handler(
    aws_stage,
    settings_dirs,  # noqa: F811
    aws,  # noqa: F811
    tmp_path,
):
    events = [
        {"manage": "migrate --noinput"},
        api_gateway_event("GET", "/status", stage=aws_stage),
        api_gateway_event("GET", "/api/v1/users", stage=aws_stage),
        api_gateway_event("GET", "/admin/login/", stage=aws_stage),
        api_gateway_event("GET", "/static/admin/css/base.css", stage=aws_stage),
    ]

    process, results = run_container(
        aws_stage,
        settings_dirs=settings_dirs,
        aws=aws,
        tmp_path=tmp_path,
        events=events,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert process.returncode == 0, process.stderr[-3000:]
    for response in results[1:]:
        headers = response["headers"]
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        for header, value in SECURITY_HEADERS.items():
            assert headers[header] == value, (header, response["statusCode"])
        assert headers["Content-Security-Policy"] in (API_CSP, HTML_CSP)
    assert [r["statusCode"] for r in results[1:]] == [200, 401, 200, 200]


# --- CORS ------------------------------------------------------------------------------------

APP = "https://app.fitspace.example"


@pytest.fixture
def app_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def test_an_allowed_origin_may_call_the_api_and_read_its_headers(client, app_origin):
    response = client.get("/status", headers={"Origin": APP})

    assert response["Access-Control-Allow-Origin"] == APP
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Retry-After", "X-Request-ID"} <= exposed


def test_a_preflight_for_a_conditional_catalogue_read_is_allowed(client, app_origin):
    response = client.options(
        "/api/v1/exercises",
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, if-none-match",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed
    assert "if-none-match" in allowed


@pytest.mark.parametrize("origin", ["https://evil.example", "http://app.fitspace.example", "null"])
def test_any_other_origin_gets_no_cors_headers(client, app_origin, origin):
    response = client.get("/status", headers={"Origin": origin})

    assert "Access-Control-Allow-Origin" not in response


def test_the_admin_is_never_open_to_other_origins(client, app_origin):
    response = client.get("/admin/login/", headers={"Origin": APP})

    assert "Access-Control-Allow-Origin" not in response


def test_without_an_allow_list_no_origin_is_allowed(client, settings):
    settings.CORS_ALLOWED_ORIGINS = []

    response = client.get("/status", headers={"Origin": APP})

    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("aws_stage", ["dev", "prod"])
def test_each_stage_reads_its_allow_list_and_refuses_plain_http_origins(aws_stage):
    common = {
        "DJANGO_STAGE": aws_stage,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
        "DATABASE_URL": "sqlite://",
    }

    process, values = load_settings(
        "CORS_ALLOWED_ORIGINS", CORS_ALLOWED_ORIGINS=f"{APP},https://admin.example", **common
    )
    refused, _ = load_settings(
        "CORS_ALLOWED_ORIGINS", CORS_ALLOWED_ORIGINS="http://app.example", **common
    )

    assert process.returncode == 0, process.stderr
    assert values["CORS_ALLOWED_ORIGINS"] == [APP, "https://admin.example"]
    assert refused.returncode != 0
    assert "CORS_ALLOWED_ORIGINS" in refused.stderr.strip().splitlines()[-1]


# --- Structured logs -------------------------------------------------------------------------


def json_formatter() -> logging.Formatter:
    """The formatter the AWS stages log with, built from the settings' LOGGING."""
    from pythonjsonlogger.json import JsonFormatter

    config = dict(django_settings.LOGGING["formatters"]["json"])
    assert config.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    return JsonFormatter(**config)


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "fitspace.request"]


def test_a_request_through_zappa_logs_one_json_line_with_request_id_user_and_duration(
    invoke,  # noqa: F811
    stage,  # noqa: F811
    caplog,
):
    user = UserFactory()
    from rest_framework_simplejwt.tokens import AccessToken

    event = api_gateway_event(
        "GET",
        "/api/v1/users/me",
        stage=stage,
        headers={"Authorization": f"Bearer {AccessToken.for_user(user)}"},
    )
    request_id = str(uuid.uuid4())
    event["requestContext"]["requestId"] = request_id

    with caplog.at_level(logging.INFO):
        response = invoke(event)

    assert response["statusCode"] == 200
    assert response["headers"]["X-Request-ID"] == request_id
    (record,) = request_records(caplog)
    line = json.loads(json_formatter().format(record))
    assert line["request_id"] == request_id
    assert line["user_id"] == user.pk
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["path"] == f"/{stage}/api/v1/users/me"
    assert 0 < line["duration_ms"] < 30_000
    assert line["level"] == "INFO"
    assert line["logger"] == "fitspace.request"


def test_an_anonymous_request_is_logged_without_a_user(invoke, stage, caplog):  # noqa: F811
    event = api_gateway_event("GET", "/api/v1/users", stage=stage)

    with caplog.at_level(logging.INFO):
        invoke(event)

    (record,) = request_records(caplog)
    assert record.user_id is None
    assert record.status == 401
    assert record.request_id == event["requestContext"]["requestId"]


def test_lines_logged_during_a_request_carry_its_request_id(invoke, stage, caplog):  # noqa: F811
    """The database middleware's error line, say, can be joined to the request's line."""
    event = api_gateway_event("GET", "/api/v1/nothing-here", stage=stage)

    with caplog.at_level(logging.INFO):
        invoke(event)

    during = [r for r in caplog.records if r.name == "django.request"]
    assert during, "Django logs a warning for the 404"
    assert {r.request_id for r in during} == {event["requestContext"]["requestId"]}


def test_a_staff_session_user_is_logged_by_id(client, staff, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/admin/")

    (record,) = request_records(caplog)
    assert record.user_id == staff.pk


def test_off_lambda_each_request_gets_its_own_id(client, caplog):
    with caplog.at_level(logging.INFO):
        first, second = client.get("/status"), client.get("/status")

    ids = [r.request_id for r in request_records(caplog)]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]


def test_the_aws_stages_log_json_and_local_stages_plain_text():
    for name, expected in (("dev", "json"), ("prod", "json"), ("local", "plain")):
        extra = (
            {"DJANGO_SECRET_KEY": SECRET_KEY, "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "="}
            if name != "local"
            else {}
        )
        process, values = load_settings(
            "LOGGING", DJANGO_STAGE=name, DATABASE_URL="sqlite://", **extra
        )
        assert process.returncode == 0, process.stderr
        assert values["LOGGING"]["handlers"]["console"]["formatter"] == expected


# --- The log-secrecy guard (tests/conftest.py) itself ------------------------------------------


def make_record(message: str, *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord("users.auth", logging.INFO, "f.py", 1, message, args, None)
    record.__dict__.update(extra)
    return record


@pytest.mark.parametrize(
    "record",
    [
        make_record("token %s", "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl"),
        make_record("header", authorization="Bearer abc.def.ghi"),
        make_record("signed in with %s", "open-water-5k"),
        make_record("link https://b.s3.amazonaws.com/k?X-Amz-Signature=abcd"),
        make_record("key %s", SECRET_KEY),
    ],
)
def test_the_log_guard_finds_tokens_passwords_keys_and_signatures(record):
    from tests.conftest import secrets_in

    assert secrets_in([record], passwords={"open-water-5k"}, keys={SECRET_KEY})


def test_the_log_guard_passes_what_the_app_logs(client, caplog):
    from tests.conftest import secrets_in

    with caplog.at_level(logging.DEBUG):
        client.post(
            "/api/v1/auth/token",
            {"email": "a@example.com", "password": "open-water-5k"},
            content_type="application/json",
        )

    assert caplog.records
    assert secrets_in(caplog.records, passwords={"open-water-5k"}) == []


def test_query_strings_stay_out_of_the_logs(invoke, stage, caplog):  # noqa: F811
    """Zappa's access line would log `?q=<an address>`; the request line logs the path only."""
    from rest_framework_simplejwt.tokens import AccessToken

    user = UserFactory()
    event = api_gateway_event(
        "GET",
        "/api/v1/users/search",
        stage=stage,
        query="q=someone.private@example.com",
        headers={"Authorization": f"Bearer {AccessToken.for_user(user)}"},
    )

    with caplog.at_level(logging.DEBUG):
        response = invoke(event)

    assert response["statusCode"] == 200
    assert request_records(caplog)
    assert not [r for r in caplog.records if "someone.private" in r.getMessage()]
