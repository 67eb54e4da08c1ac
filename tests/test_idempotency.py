"""Idempotency-Key: a retried POST answers its first answer and creates nothing again."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from rest_framework.test import APIClient

from fitspace.idempotency import purge_expired
from fitspace.models import IdempotentRequest
from fitspace.tasks import purge_idempotency_keys
from tests.activity_samples import gpx_track
from tests.factories import StaffUserFactory, UserFactory
from tests.test_concurrency import in_threads
from users.models import User
from workouts import services
from workouts.models import Workout

WORKOUTS = "/api/v1/workouts"
KEY = "2f9c7c1e-6a55-4f7e-9a8e-3f1c0e0b7d11"


def post(client, path=WORKOUTS, body=None, key=KEY):
    return client.post(path, body or {"name": "Leg day"}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retry_answers_the_first_answer_and_creates_nothing(user_client, user):
    first = post(user_client)
    retry = post(user_client)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["Content-Type"] == first["Content-Type"]
    assert "Idempotent-Replayed" not in first
    assert Workout.objects.filter(user=user).count() == 1


def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(user_client, user):
    post(user_client)
    other = post(user_client, body={"name": "Arm day"})

    assert other.status_code == 422
    assert other.json()["type"] == "client_error"
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert other.json()["errors"][0]["attr"] == "Idempotency-Key"
    assert list(Workout.objects.filter(user=user).values_list("name", flat=True)) == ["Leg day"]


def test_the_same_key_on_another_path_is_a_422(user_client, user):
    post(user_client)
    other = post(user_client, path=f"/api/v1/users/{user.pk}/workouts")

    assert other.status_code == 422
    assert Workout.objects.filter(user=user).count() == 1


def test_keys_are_per_user(client_for, user, other_user):
    mine = post(client_for(user))
    theirs = post(client_for(other_user))

    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert theirs.json()["user"] == other_user.pk
    assert Workout.objects.count() == 2


def test_without_a_key_every_post_creates(user_client, user):
    user_client.post(WORKOUTS, {"name": "Leg day"}, format="json")
    user_client.post(WORKOUTS, {"name": "Leg day"}, format="json")

    assert Workout.objects.filter(user=user).count() == 2
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ", "tab\there", "two words"])
def test_a_malformed_key_is_a_400_naming_the_header(user_client, user, key):
    response = post(user_client, key=key)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "Idempotency-Key"
    assert not Workout.objects.exists()


def test_a_key_of_255_visible_characters_is_fine(user_client):
    assert post(user_client, key="!" + "~" * 254).status_code == 201


def test_a_refused_request_is_not_stored_and_its_retry_runs(user_client, user):
    refused = post(user_client, body={"name": ""})
    fixed = post(user_client, body={"name": "Leg day"})

    assert refused.status_code == 400
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed
    assert Workout.objects.filter(user=user).count() == 1


def test_a_server_side_failure_is_not_stored_and_its_retry_creates(user_client, user, monkeypatch):
    create = services.workout_create

    def database_gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "workout_create", database_gone)
    failed = post(user_client)
    monkeypatch.setattr(services, "workout_create", create)
    retried = post(user_client)

    assert failed.status_code == 503
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried
    assert Workout.objects.filter(user=user).count() == 1


def test_a_body_over_the_limit_with_a_key_is_a_413(user_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = post(user_client, body={"name": "x" * 200})

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "request_too_large"
    assert not Workout.objects.exists()


def test_an_expired_key_runs_again_and_old_answers_are_purged(user_client, user):
    post(user_client)
    IdempotentRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    again = post(user_client)

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Workout.objects.filter(user=user).count() == 2
    IdempotentRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert purge_expired() == 1
    assert not IdempotentRequest.objects.exists()


def test_the_purge_command_keeps_live_keys(user_client, capsys):
    post(user_client)
    call_command("purge_idempotency_keys")

    assert "Purged 0 expired" in capsys.readouterr().out
    assert IdempotentRequest.objects.count() == 1


def test_keys_expire_after_the_configured_hours(user_client, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 2
    before = timezone.now()
    post(user_client)

    stored = IdempotentRequest.objects.get()
    assert (
        before + dt.timedelta(hours=2)
        <= stored.expires_at
        <= timezone.now() + dt.timedelta(hours=2)
    )


def test_deleting_an_account_deletes_its_stored_answers(user_client, user):
    post(user_client)
    user_client.delete(f"/api/v1/users/{user.pk}")

    assert not IdempotentRequest.objects.exists()


def test_a_sign_up_retried_anonymously_is_replayed(api_client, db):
    body = {"email": "new@example.com", "password": "correct horse battery", "name": "New"}
    first = post(api_client, path="/api/v1/auth/register", body=body)
    retry = post(api_client, path="/api/v1/auth/register", body=body)

    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert User.objects.filter(email="new@example.com").count() == 1
    stored = IdempotentRequest.objects.get()
    assert stored.user is None
    assert b"correct horse" not in bytes(stored.body)
    assert "correct" not in stored.fingerprint


def test_token_answers_are_never_stored(api_client, user):
    user.set_password("correct horse battery")
    user.save()
    body = {"email": user.email, "password": "correct horse battery"}

    signed_in = post(api_client, path="/api/v1/auth/token", body=body)

    assert signed_in.status_code == 200
    assert "Idempotent-Replayed" not in signed_in
    assert not IdempotentRequest.objects.exists()


def test_bad_credentials_are_answered_by_the_view(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = post(api_client)

    assert response.status_code == 401
    assert not IdempotentRequest.objects.exists()


def test_a_staff_session_without_its_csrf_token_is_refused_by_the_view(db):
    staff = StaffUserFactory()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(staff)

    response = post(browser)

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"
    assert not IdempotentRequest.objects.exists()
    assert not Workout.objects.exists()


def test_the_hourly_job_purges_expired_keys(user_client):
    post(user_client)
    IdempotentRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert purge_idempotency_keys({}, None) == {"purged": 1}


def test_actions_are_idempotent_too(user_client, user):
    workout = services.workout_create(user=user, name="Run")
    first = post(user_client, path=f"{WORKOUTS}/{workout.pk}/start", body={})
    retry = post(user_client, path=f"{WORKOUTS}/{workout.pk}/start", body={})

    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()  # not a 409 "already in progress"


def test_the_file_import_replays_its_first_answer(user_client, user):
    start = dt.datetime(2026, 5, 3, 7, 30, tzinfo=dt.UTC)
    run = gpx_track(start=start, segments=[[(51.5, -0.1, 10, 120), (51.501, -0.1, 12, 125)]])
    ride = gpx_track(start=start, segments=[[(51.5, -0.1, 10, 120), (51.502, -0.1, 12, 125)]])

    def upload(content: bytes):
        return user_client.post(
            f"{WORKOUTS}/import",
            {"file": SimpleUploadedFile("activity.gpx", content)},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=KEY,
        )

    first, retry, other = upload(run), upload(run), upload(ride)

    assert (first.status_code, retry.status_code, other.status_code) == (201, 201, 422)
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert Workout.objects.filter(user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_first_request_runs_is_a_409_and_only_one_is_created(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    user = UserFactory()
    creating, retried = threading.Event(), threading.Event()
    create = services.workout_create

    def slow_create(**kwargs):
        creating.set()
        retried.wait(5)  # the retry arrives while this request holds its key
        return create(**kwargs)

    monkeypatch.setattr(services, "workout_create", slow_create)

    def client():
        api = APIClient()
        api.force_authenticate(user)
        return api

    def first():
        return post(client())

    def retry():
        creating.wait(5)
        try:
            return post(client())
        finally:
            retried.set()

    first_answer, retry_answer = in_threads(first, retry)

    assert first_answer.status_code == 201
    assert retry_answer.status_code == 409
    assert retry_answer.json()["errors"][0]["code"] == "idempotency_key_in_use"
    assert retry_answer["Retry-After"] == "1"
    assert Workout.objects.filter(user=user).count() == 1
    later = post(client())
    assert later.status_code == 201
    assert later["Idempotent-Replayed"] == "true"
    assert later.json()["id"] == first_answer.json()["id"]


def test_the_schema_documents_the_key_on_every_post_but_the_token_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    tokens = {"/api/v1/auth/token", "/api/v1/auth/token/refresh", "/api/v1/auth/logout"}
    posts = {path: item["post"] for path, item in schema["paths"].items() if "post" in item}

    assert tokens < set(posts)
    for path, operation in posts.items():
        headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
        if path in tokens:
            assert "Idempotency-Key" not in headers, path
            continue
        assert headers["Idempotency-Key"]["schema"]["pattern"] == "^[!-~]{1,255}$", path
        assert {"409", "422"} <= set(operation["responses"]), path
