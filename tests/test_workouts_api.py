import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import WorkoutFactory
from workouts.models import Workout

pytestmark = pytest.mark.django_db


def user_workouts(user_id: int) -> str:
    return f"/api/v1/users/{user_id}/workouts"


def test_log_workout_for_myself(user_client, user):
    response = user_client.post(
        user_workouts(user.id), {"name": "Squat day", "description": "5x5"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["user"] == user.id
    assert (body["name"], body["description"]) == ("Squat day", "5x5")
    assert Workout.objects.get(pk=body["id"]).user == user


def test_owner_is_the_caller_not_the_body(user_client, user, other_user):
    response = user_client.post(
        user_workouts(user.id), {"name": "Run", "user": other_user.id}, format="json"
    )

    assert response.status_code == 201
    assert Workout.objects.get().user == user


def test_log_workout_for_another_user_is_404(user_client, other_user):
    response = user_client.post(user_workouts(other_user.id), {"name": "Run"}, format="json")

    assert response.status_code == 404
    assert not Workout.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({}, "name", "required"),
        ({"name": ""}, "name", "blank"),
        ({"name": "x" * 201}, "name", "max_length"),
        ({"name": "Run", "description": "x" * 5001}, "description", "max_length"),
        ({"name": {"en": "Run"}}, "name", "invalid"),
        ({"name": "Run", "duration": 30}, "duration", "unknown_field"),
    ],
)
def test_bad_workout_input_is_400_naming_the_field(user_client, user, payload, field, code):
    response = user_client.post(user_workouts(user.id), payload, format="json")

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert not Workout.objects.exists()


def test_list_my_workouts_newest_first_with_paging(user_client, user):
    now = timezone.now()
    workouts = []
    for days_ago in range(12):
        workout = WorkoutFactory(user=user)
        Workout.objects.filter(pk=workout.pk).update(created_at=now - dt.timedelta(days=days_ago))
        workouts.append(workout)
    WorkoutFactory()  # someone else's

    first = user_client.get(user_workouts(user.id)).json()
    second = user_client.get(user_workouts(user.id), {"limit": 5, "offset": 10}).json()
    flat = user_client.get("/api/v1/workouts", {"limit": 5, "offset": 10}).json()

    assert first["count"] == 12
    assert [w["id"] for w in first["results"]] == [w.id for w in workouts[:10]]
    assert [w["id"] for w in second["results"]] == [w.id for w in workouts[10:]]
    assert flat["results"] == second["results"]


def test_list_workouts_of_another_user_is_404(user_client, other_user):
    WorkoutFactory(user=other_user)

    assert user_client.get(user_workouts(other_user.id)).status_code == 404


@pytest.mark.parametrize("path", ["nested", "/api/v1/workouts"])
def test_list_my_workouts_query_count_stays_flat(user_client, user, path):
    url = user_workouts(user.id) if path == "nested" else path
    WorkoutFactory.create_batch(2, user=user)
    with CaptureQueriesContext(connection) as few:
        user_client.get(url, {"limit": 100})
    WorkoutFactory.create_batch(50, user=user)
    with CaptureQueriesContext(connection) as many:
        response = user_client.get(url, {"limit": 100})

    assert len(response.json()["results"]) == 52
    # savepoint, count, page, their exercises, release
    assert len(many) == len(few) <= 5


def test_get_my_workout(user_client, user):
    workout = WorkoutFactory(name="Long run", user=user)

    response = user_client.get(f"/api/v1/workouts/{workout.id}")

    assert response.status_code == 200
    assert response.json()["name"] == "Long run"
    assert response.json()["user"] == workout.user_id


def test_unknown_workout_is_404(user_client):
    assert user_client.get("/api/v1/workouts/999999").status_code == 404


def test_put_workout_changes_only_the_fields_sent(user_client, user):
    workout = WorkoutFactory(name="Run", description="Easy", user=user)

    response = user_client.put(
        f"/api/v1/workouts/{workout.id}", {"name": "Tempo run"}, format="json"
    )

    assert response.status_code == 200, response.json()
    workout.refresh_from_db()
    assert (workout.name, workout.description) == ("Tempo run", "Easy")


def test_patch_workout_cannot_move_it_to_another_user(user_client, user, other_user):
    workout = WorkoutFactory(user=user)

    response = user_client.patch(
        f"/api/v1/workouts/{workout.id}", {"user": other_user.id, "description": "x"}, format="json"
    )

    assert response.status_code == 200
    workout.refresh_from_db()
    assert workout.user_id == user.id


def test_patch_workout_with_blank_name_is_400_and_nothing_changes(user_client, user):
    workout = WorkoutFactory(name="Run", description="Easy", user=user)

    response = user_client.patch(
        f"/api/v1/workouts/{workout.id}", {"name": "", "description": "Hard"}, format="json"
    )

    assert response.status_code == 400
    workout.refresh_from_db()
    assert (workout.name, workout.description) == ("Run", "Easy")


def test_delete_my_workout(user_client, user):
    workout = WorkoutFactory(user=user)

    response = user_client.delete(f"/api/v1/workouts/{workout.id}")

    assert response.status_code == 204
    assert not Workout.objects.exists()
    assert user_client.delete(f"/api/v1/workouts/{workout.id}").status_code == 404
