"""Workout detail: a strong ETag, 304 for If-None-Match, 412 for a stale If-Match."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.db.models import F
from rest_framework.test import APIClient

from fitspace.conditional import if_match, if_none_match, strong_etag
from tests.factories import CustomExerciseFactory, UserFactory
from tests.test_concurrency import in_threads
from workouts import services
from workouts.models import Workout, WorkoutSet


@pytest.fixture
def workout(user):
    squat = CustomExerciseFactory(owner=user, name="Squat")
    return services.workout_create(
        user=user, name="Legs", exercises=[{"exercise": squat, "sets": [{"reps": 5}]}]
    )


def detail(workout) -> str:
    return f"/api/v1/workouts/{workout.pk}"


def test_the_detail_answers_a_strong_etag_and_304_while_unchanged(user_client, workout):
    first = user_client.get(detail(workout))
    etag = first["ETag"]

    assert etag.startswith('"')
    assert not etag.startswith("W/")
    unchanged = user_client.get(detail(workout), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert (
        user_client.get(detail(workout), HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    )
    assert user_client.get(detail(workout), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_to_a_nested_set_changes_the_etag(user_client, workout):
    etag = user_client.get(detail(workout))["ETag"]
    the_set = WorkoutSet.objects.get(workout_exercise__workout=workout)

    user_client.patch(f"/api/v1/sets/{the_set.pk}", {"reps": 6}, format="json")

    changed = user_client.get(detail(workout), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_an_exercise_added_while_training_changes_the_etag(user_client, user, workout):
    etag = user_client.get(detail(workout))["ETag"]
    bench = CustomExerciseFactory(owner=user, name="Bench")

    user_client.post(f"{detail(workout)}/exercises", {"exercise": bench.pk}, format="json")

    assert user_client.get(detail(workout))["ETag"] != etag


def test_a_running_session_keeps_its_etag_while_the_clock_runs(user_client, workout):
    user_client.post(f"{detail(workout)}/start")
    etag = user_client.get(detail(workout))["ETag"]
    # An hour on the clock: the running stretch began an hour earlier.
    Workout.objects.filter(pk=workout.pk).update(resumed_at=F("resumed_at") - dt.timedelta(hours=1))

    later = user_client.get(detail(workout))
    assert later.json()["active_duration_seconds"] >= 3600
    assert later["ETag"] == etag


def test_a_write_with_the_current_etag_succeeds_and_answers_the_new_one(user_client, workout):
    etag = user_client.get(detail(workout))["ETag"]

    renamed = user_client.patch(
        detail(workout), {"name": "Leg day"}, format="json", HTTP_IF_MATCH=etag
    )

    assert renamed.status_code == 200
    assert renamed["ETag"] != etag
    assert renamed["ETag"] == user_client.get(detail(workout))["ETag"]


@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_write_with_a_stale_etag_is_a_412_and_changes_nothing(user_client, workout, method):
    stale = user_client.get(detail(workout))["ETag"]
    user_client.patch(detail(workout), {"name": "Phone's edit"}, format="json")

    refused = getattr(user_client, method)(
        detail(workout), {"name": "Laptop's edit"}, format="json", HTTP_IF_MATCH=stale
    )

    assert refused.status_code == 412
    assert refused.json()["errors"][0]["code"] == "precondition_failed"
    workout.refresh_from_db()
    assert workout.name == "Phone's edit"


def test_a_weak_etag_never_matches_if_match(user_client, workout):
    etag = user_client.get(detail(workout))["ETag"]

    refused = user_client.patch(
        detail(workout), {"name": "X"}, format="json", HTTP_IF_MATCH=f"W/{etag}"
    )

    assert refused.status_code == 412


def test_if_match_star_and_no_if_match_write_as_before(user_client, workout):
    star = user_client.patch(detail(workout), {"name": "A"}, format="json", HTTP_IF_MATCH="*")
    plain = user_client.patch(detail(workout), {"name": "B"}, format="json")

    assert star.status_code == plain.status_code == 200
    assert "ETag" in plain


def test_if_match_on_someone_elses_workout_is_a_404(client_for, other_user, workout):
    response = client_for(other_user).patch(
        detail(workout), {"name": "Mine now"}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 404


def test_entity_tag_comparisons():
    etag = strong_etag({"a": 1, "b": 2})

    assert etag == strong_etag({"b": 2, "a": 1})
    assert etag == strong_etag({"a": 1, "b": 2, "clock": 3}, ignore=("clock",))
    assert if_match(f'"x", {etag}', etag)
    assert if_match("*", etag)
    assert not if_match(f"W/{etag}", etag)
    assert if_none_match(f"W/{etag}", etag)
    assert if_none_match("*", etag)
    assert not if_none_match('"x"', etag)


@pytest.mark.django_db(transaction=True)
def test_two_edits_with_the_same_if_match_cannot_both_succeed(monkeypatch):
    """The phone's edit holds the workout's row while it writes; the laptop's edit, sent with the
    same If-Match, waits for it, then finds a new version: a 412, and the phone's name stays."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    user = UserFactory()
    workout = services.workout_create(user=user, name="Legs")
    api = APIClient()
    api.force_authenticate(user)
    etag = api.get(detail(workout))["ETag"]
    writing = threading.Event()
    update = services.workout_update

    def slow_update(**kwargs):
        result = update(**kwargs)
        if kwargs["data"].get("name") == "Phone":
            writing.set()
            time.sleep(0.5)  # the laptop's edit arrives while this transaction is open
        return result

    monkeypatch.setattr(services, "workout_update", slow_update)

    def edit(name: str):
        def run():
            if name == "Laptop":
                writing.wait(5)
            client = APIClient()
            client.force_authenticate(user)
            return client.patch(detail(workout), {"name": name}, format="json", HTTP_IF_MATCH=etag)

        return run

    phone, laptop = in_threads(edit("Phone"), edit("Laptop"))

    assert phone.status_code == 200
    assert laptop.status_code == 412
    assert Workout.objects.get(pk=workout.pk).name == "Phone"


def test_the_schema_documents_etag_304_if_match_and_412():
    from drf_spectacular.generators import SchemaGenerator

    item = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/workouts/{id}"]

    def headers(method: str) -> set[str]:
        return {p["name"] for p in item[method]["parameters"] if p["in"] == "header"}

    assert headers("get") == {"If-None-Match"}
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "ETag" in item["get"]["responses"]["304"]["headers"]
    for method in ("put", "patch"):
        assert headers(method) == {"If-Match"}
        assert "412" in item[method]["responses"]
        assert "ETag" in item[method]["responses"]["200"]["headers"]
    assert "If-Match" not in headers("delete")
