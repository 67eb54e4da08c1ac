"""Import documents bounded in size and depth before they are parsed; exports too large for a
Lambda response stored in S3 (moto_server here; the local stand-in under `make run`) and
answered with a short-lived link."""

import io
import json
import uuid
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import requests
from django.http import HttpRequest

from fitspace import parsers
from fitspace.errors import RequestTooLarge
from fitspace.parsers import nesting_depth, raw_depth
from tests.factories import CustomExerciseFactory, library_exercise
from workouts import limits
from workouts.account_views import ImportParser

IMPORT = "/api/v1/users/me/import"
EXPORT = "/api/v1/users/me/export"

pytestmark = pytest.mark.django_db


def document(**extra) -> dict:
    return {"format": "fitspace-export", "version": 1, "workouts": [], **extra}


def workout(n: int = 1, name: str = "Imported") -> dict:
    return {"uid": str(uuid.UUID(int=n)), "name": name, "status": "planned", "exercises": []}


@pytest.fixture
def never_decoded(monkeypatch):
    """Fail the test if the JSON decoder is reached."""

    def refuse(*args, **kwargs):
        raise AssertionError("the document was decoded")

    monkeypatch.setattr(parsers.JSONParser, "parse", refuse)


# --- import: size ------------------------------------------------------------------------------


def test_the_limits_are_the_stated_ones_and_the_schema_states_them(api_client, user_client):
    schema = user_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/users/me/import"]["post"]

    assert limits.MAX_IMPORT_BYTES == 4 * 1024 * 1024
    assert limits.MAX_IMPORT_DEPTH == 8
    assert f"{limits.MAX_IMPORT_BYTES:,} bytes" in operation["description"]
    assert f"{limits.MAX_IMPORT_DEPTH} levels" in operation["description"]
    assert "413" in operation["responses"]


def test_an_import_over_the_size_limit_is_413_without_being_decoded(
    user_client, monkeypatch, never_decoded
):
    monkeypatch.setattr(ImportParser, "max_bytes", 1000)
    body = json.dumps(document(workouts=[workout(name="x" * 1000)]))

    response = user_client.post(IMPORT, body, content_type="application/json")

    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["code"] == "request_too_large"
    assert "1000 bytes" in error["detail"]


def test_an_import_at_the_size_limit_is_imported(user_client, monkeypatch):
    body = json.dumps(document(workouts=[workout()]))
    monkeypatch.setattr(ImportParser, "max_bytes", len(body.encode()))

    response = user_client.post(IMPORT, body, content_type="application/json")

    assert response.status_code == 200, response.json()
    assert response.json()["created"]["workouts"] == 1


def test_a_body_longer_than_its_content_length_says_is_cut_off_at_the_limit():
    """Without a Content-Length to trust (chunked, or a lying one), reading stops one byte past
    the limit."""
    request = HttpRequest()
    request.META["CONTENT_LENGTH"] = "10"
    stream = io.BytesIO(b"[" + b"0," * 5000 + b"0]")

    class Small(ImportParser):
        max_bytes = 100

    with pytest.raises(RequestTooLarge) as refused:
        Small().parse(stream, "application/json", {"request": request})

    assert refused.value.status_code == 413
    assert stream.tell() == 101


# --- import: depth -----------------------------------------------------------------------------


def test_an_import_nested_too_deep_is_400_without_being_decoded(user_client, never_decoded):
    deep: list = []
    for _ in range(limits.MAX_IMPORT_DEPTH - 1):
        deep = [deep]
    body = json.dumps(document(workouts=[workout()], extra=deep))  # 1 + 1 + 7 levels
    assert nesting_depth(json.loads(body)) == limits.MAX_IMPORT_DEPTH + 1

    response = user_client.post(IMPORT, body, content_type="application/json")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "parse_error"
    assert f"nested deeper than {limits.MAX_IMPORT_DEPTH} levels" in error["detail"]


def test_brackets_inside_strings_do_not_count(user_client):
    name = '[[[[{{{{"\\"[[[[[[[[[[[[['
    body = json.dumps(document(workouts=[workout(name=name)]))

    response = user_client.post(IMPORT, body, content_type="application/json")

    assert response.status_code == 200, response.json()


def test_a_full_export_fits_the_import_limits_and_imports_into_a_fresh_account(
    user, user_client, client_for, other_user
):
    """Everything an export can hold — custom exercises, sets, records, groups — so a deeper
    export format fails here before it fails for a user."""
    custom = CustomExerciseFactory(owner=user, name="Sled push")
    user_client.post(
        "/api/v1/workouts",
        {
            "name": "Leg day",
            "exercises": [
                {"exercise": library_exercise("reps", "weight").pk, "sets": [{"reps": 5}]},
                {"exercise": custom.pk, "sets": [{"reps": 3, "completed": True}]},
            ],
        },
        format="json",
    )
    user_client.post(
        "/api/v1/groups",
        {
            "name": "Crew",
            "timezone": "UTC",
            "period": "week",
            "starts_on": "2026-01-01",
            "ends_on": "2027-01-01",
            "metric": "workouts",
            "member_target": 3,
        },
        format="json",
    )
    exported = user_client.get(EXPORT)
    body = exported.content

    assert raw_depth(body) == nesting_depth(json.loads(body)) <= limits.MAX_IMPORT_DEPTH
    assert len(body) < limits.MAX_IMPORT_BYTES
    imported = client_for(other_user).post(IMPORT, body, content_type="application/json")
    assert imported.status_code == 200, imported.json()
    assert imported.json()["created"]["workouts"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "{}",
        "0",
        '"[[["',
        '{"a": [1, {"b": [[]]}], "c": "}}}"}',
        '["\\\\", ["\\"]"]]',
        '[{"k\\"[": [{}]}]',
        "[" * 50 + "]" * 50,
    ],
)
def test_raw_depth_counts_what_the_decoder_would_build(text):
    assert raw_depth(text.encode()) == nesting_depth(json.loads(text))


# --- export: too large for a Lambda response ----------------------------------------------------


def inline_export(client) -> bytes:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response.content


def without_time(document_bytes: bytes) -> dict:
    content = json.loads(document_bytes)
    content.pop("exported_at")
    return content


@pytest.fixture
def export_bucket(aws_on_moto, settings) -> str:
    name = f"fitspace-files-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", region_name="us-east-1", endpoint_url=aws_on_moto).create_bucket(Bucket=name)
    settings.EXPORT_BUCKET = name
    settings.AVATAR_S3_ENDPOINT_URL = aws_on_moto
    return name


@pytest.fixture
def logged(user_client):
    user_client.post("/api/v1/workouts", {"name": 'Zoë\'s ☀ "long" run'}, format="json")
    return user_client


def test_a_small_export_is_answered_inline(logged):
    response = logged.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["workouts"][0]["name"] == 'Zoë\'s ☀ "long" run'


def test_an_export_too_large_for_lambda_goes_to_s3_behind_a_short_lived_link(
    logged, user, export_bucket, settings, monkeypatch
):
    expected = without_time(inline_export(logged))
    monkeypatch.setattr(limits, "MAX_EXPORT_INLINE_BYTES", 100)

    response = logged.get(EXPORT)

    assert response.status_code == 303
    link = response.json()
    assert response["Location"] == link["url"]
    assert link["expires_in"] == settings.EXPORT_URL_SECONDS == 300
    assert parse_qs(urlparse(link["url"]).query)["X-Amz-Expires"] == ["300"]
    keys = [
        o["Key"]
        for o in boto3.client("s3", region_name="us-east-1")
        .list_objects_v2(Bucket=export_bucket)
        .get("Contents", [])
    ]
    assert len(keys) == 1
    assert keys[0].startswith(f"exports/{user.pk}/")
    downloaded = requests.get(link["url"], timeout=10)  # no Authorization: the link is enough
    assert downloaded.status_code == 200
    assert link["size_bytes"] == len(downloaded.content)
    assert without_time(downloaded.content) == expected
    assert downloaded.headers["Content-Type"] == "application/json"


def test_the_size_is_counted_as_lambda_returns_it_escaped(logged, export_bucket, monkeypatch):
    """Quotes and non-ASCII letters grow when the body is written into Lambda's JSON answer:
    a document under the limit in bytes can be over it there."""
    content = inline_export(logged)
    escaped = len(json.dumps(content.decode()))
    assert escaped > len(content)

    monkeypatch.setattr(limits, "MAX_EXPORT_INLINE_BYTES", escaped)
    assert logged.get(EXPORT).status_code == 200
    monkeypatch.setattr(limits, "MAX_EXPORT_INLINE_BYTES", escaped - 1)
    assert logged.get(EXPORT).status_code == 303


def test_without_storage_a_too_large_export_is_503(logged, settings, monkeypatch):
    settings.EXPORT_BUCKET = ""
    settings.AVATAR_LOCAL_ROOT = ""
    monkeypatch.setattr(limits, "MAX_EXPORT_INLINE_BYTES", 100)
    logged.raise_request_exception = False  # a 5xx is reported like a crash, and logged

    response = logged.get(EXPORT)

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "exports_unavailable"


def test_the_schema_documents_the_link(user_client):
    schema = user_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/users/me/export"]["get"]

    assert "Location" in operation["responses"]["303"]["headers"]
    link = operation["responses"]["303"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][link.rsplit("/", 1)[1]]["properties"]
    assert set(fields) == {"url", "expires_in", "size_bytes"}


@pytest.mark.django_db(transaction=True)
def test_under_make_run_the_local_stand_in_keeps_the_export(
    user, client_for, settings, tmp_path, live_server, monkeypatch
):
    settings.EXPORT_BUCKET = ""
    settings.AVATAR_BUCKET = ""
    settings.AVATAR_LOCAL_ROOT = str(tmp_path / "files")
    settings.AVATAR_LOCAL_BASE_URL = live_server.url
    client = client_for(user)
    client.post("/api/v1/workouts", {"name": "Tempo"}, format="json")
    expected = without_time(inline_export(client))
    monkeypatch.setattr(limits, "MAX_EXPORT_INLINE_BYTES", 100)

    response = client.get(EXPORT)
    downloaded = requests.get(response["Location"], timeout=10)
    token = parse_qs(urlparse(response["Location"]).query)["token"][0]
    forged = requests.get(
        f"{live_server.url}/local-avatars/download?token={token[:-2]}xx", timeout=10
    )

    assert response.status_code == 303
    assert response["Location"].startswith(live_server.url)
    assert downloaded.status_code == 200
    assert without_time(downloaded.content) == expected
    assert forged.status_code == 403
    assert list((tmp_path / "files" / "exports" / str(user.pk)).glob("*.json"))
