import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory, WorkoutFactory
from workouts.models import Workout

pytestmark = pytest.mark.django_db


def user_workouts(user_id: int) -> str:
    return f"/api/v1/users/{user_id}/workouts"


def test_log_workout_for_user(api_client, user):
    response = api_client.post(
        user_workouts(user.id), {"name": "Squat day", "description": "5x5"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["user"] == user.id
    assert (body["name"], body["description"]) == ("Squat day", "5x5")
    assert Workout.objects.get(pk=body["id"]).user == user


def test_owner_comes_from_the_url_not_the_body(api_client, user):
    other = UserFactory()

    response = api_client.post(
        user_workouts(user.id), {"name": "Run", "user": other.id}, format="json"
    )

    assert response.status_code == 201
    assert Workout.objects.get().user == user


def test_log_workout_for_unknown_user_is_404(api_client):
    response = api_client.post(user_workouts(424242), {"name": "Run"}, format="json")

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
def test_bad_workout_input_is_400_naming_the_field(api_client, user, payload, field, code):
    response = api_client.post(user_workouts(user.id), payload, format="json")

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert not Workout.objects.exists()


def test_list_user_workouts_newest_first_with_paging(api_client, user):
    now = timezone.now()
    workouts = []
    for days_ago in range(12):
        workout = WorkoutFactory(user=user)
        Workout.objects.filter(pk=workout.pk).update(created_at=now - dt.timedelta(days=days_ago))
        workouts.append(workout)
    WorkoutFactory()  # someone else's

    first = api_client.get(user_workouts(user.id)).json()
    second = api_client.get(user_workouts(user.id), {"limit": 5, "offset": 10}).json()

    assert first["count"] == 12
    assert [w["id"] for w in first["results"]] == [w.id for w in workouts[:10]]
    assert [w["id"] for w in second["results"]] == [w.id for w in workouts[10:]]


def test_list_workouts_of_unknown_user_is_404(api_client):
    assert api_client.get(user_workouts(424242)).status_code == 404


def test_list_user_workouts_query_count_stays_flat(api_client, user):
    WorkoutFactory.create_batch(2, user=user)
    with CaptureQueriesContext(connection) as few:
        api_client.get(user_workouts(user.id), {"limit": 100})
    WorkoutFactory.create_batch(50, user=user)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(user_workouts(user.id), {"limit": 100})

    assert len(response.json()["results"]) == 52
    # savepoint, owner, count, page, release
    assert len(many) == len(few) <= 5


def test_get_workout(api_client):
    workout = WorkoutFactory(name="Long run")

    response = api_client.get(f"/api/v1/workouts/{workout.id}")

    assert response.status_code == 200
    assert response.json()["name"] == "Long run"
    assert response.json()["user"] == workout.user_id


def test_unknown_workout_is_404(api_client):
    assert api_client.get("/api/v1/workouts/999999").status_code == 404


def test_put_workout_changes_only_the_fields_sent(api_client):
    workout = WorkoutFactory(name="Run", description="Easy")

    response = api_client.put(
        f"/api/v1/workouts/{workout.id}", {"name": "Tempo run"}, format="json"
    )

    assert response.status_code == 200, response.json()
    workout.refresh_from_db()
    assert (workout.name, workout.description) == ("Tempo run", "Easy")


def test_patch_workout_cannot_move_it_to_another_user(api_client):
    workout = WorkoutFactory()
    other = UserFactory()

    response = api_client.patch(
        f"/api/v1/workouts/{workout.id}", {"user": other.id, "description": "x"}, format="json"
    )

    assert response.status_code == 200
    workout.refresh_from_db()
    assert workout.user_id != other.id


def test_patch_workout_with_blank_name_is_400_and_nothing_changes(api_client):
    workout = WorkoutFactory(name="Run", description="Easy")

    response = api_client.patch(
        f"/api/v1/workouts/{workout.id}", {"name": "", "description": "Hard"}, format="json"
    )

    assert response.status_code == 400
    workout.refresh_from_db()
    assert (workout.name, workout.description) == ("Run", "Easy")


def test_delete_workout(api_client):
    workout = WorkoutFactory()

    response = api_client.delete(f"/api/v1/workouts/{workout.id}")

    assert response.status_code == 204
    assert not Workout.objects.exists()
    assert api_client.delete(f"/api/v1/workouts/{workout.id}").status_code == 404
