"""Live sessions: planned → in progress ⇄ paused → finished, one live workout per user."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory, WorkoutFactory
from workouts.models import Workout

pytestmark = pytest.mark.django_db


def act(client, workout_id: int, action: str):
    return client.post(f"/api/v1/workouts/{workout_id}/{action}")


@pytest.fixture
def workout(user):
    return WorkoutFactory(user=user, name="Gym")


def test_a_session_runs_start_pause_resume_finish(user_client, workout):
    started = act(user_client, workout.id, "start")
    paused = act(user_client, workout.id, "pause")
    resumed = act(user_client, workout.id, "resume")
    finished = act(user_client, workout.id, "finish")

    assert [r.status_code for r in (started, paused, resumed, finished)] == [200] * 4
    assert [r.json()["status"] for r in (started, paused, resumed, finished)] == [
        "in_progress",
        "paused",
        "in_progress",
        "finished",
    ]
    assert started.json()["started_at"] is not None
    assert finished.json()["finished_at"] is not None


def test_active_duration_excludes_pauses(user_client, workout):
    now = timezone.now()
    act(user_client, workout.id, "start")
    # 20 minutes of training, then a pause...
    Workout.objects.filter(pk=workout.pk).update(resumed_at=now - dt.timedelta(minutes=20))
    act(user_client, workout.id, "pause")
    # ...that lasts an hour, then 10 more minutes of training.
    act(user_client, workout.id, "resume")
    Workout.objects.filter(pk=workout.pk).update(resumed_at=now - dt.timedelta(minutes=10))

    finished = act(user_client, workout.id, "finish").json()

    assert 30 * 60 <= finished["active_duration_seconds"] < 30 * 60 + 5
    workout.refresh_from_db()
    assert workout.resumed_at is None
    assert workout.active_seconds == finished["active_duration_seconds"]


def test_a_running_session_reports_its_duration_so_far(user_client, workout):
    act(user_client, workout.id, "start")
    Workout.objects.filter(pk=workout.pk).update(
        resumed_at=timezone.now() - dt.timedelta(minutes=5)
    )

    body = user_client.get(f"/api/v1/workouts/{workout.id}").json()

    assert 300 <= body["active_duration_seconds"] < 305


@pytest.mark.parametrize(
    ("steps", "action", "state"),
    [
        ([], "pause", "planned"),
        ([], "resume", "planned"),
        ([], "finish", "planned"),
        (["start"], "start", "in progress"),
        (["start"], "resume", "in progress"),
        (["start", "pause"], "pause", "paused"),
        (["start", "pause"], "start", "paused"),
        (["start", "finish"], "start", "finished"),
        (["start", "finish"], "pause", "finished"),
        (["start", "finish"], "resume", "finished"),
        (["start", "finish"], "finish", "finished"),
    ],
)
def test_an_impossible_transition_is_409_naming_the_state(
    user_client, workout, steps, action, state
):
    for step in steps:
        assert act(user_client, workout.id, step).status_code == 200

    response = act(user_client, workout.id, action)

    assert response.status_code == 409
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "invalid_transition",
                "detail": f"Cannot {action} this workout: it is {state}.",
                "attr": None,
            }
        ],
    }


def test_a_paused_session_can_be_finished(user_client, workout):
    act(user_client, workout.id, "start")
    act(user_client, workout.id, "pause")

    assert act(user_client, workout.id, "finish").json()["status"] == "finished"


def test_a_template_is_copied_not_started(user_client, user):
    template = WorkoutFactory(user=user, is_template=True)

    response = act(user_client, template.id, "start")

    assert response.status_code == 409
    assert "copy it" in response.json()["errors"][0]["detail"]


def test_only_one_workout_is_live_at_a_time(user_client, user, workout):
    other = WorkoutFactory(user=user, name="Run")
    act(user_client, workout.id, "start")
    act(user_client, workout.id, "pause")

    response = act(user_client, other.id, "start")

    assert response.status_code == 409
    assert response.json()["errors"][0]["detail"] == (
        f"Another workout is already in progress (id {workout.id}): finish it first."
    )
    act(user_client, workout.id, "finish")
    assert act(user_client, other.id, "start").status_code == 200


def test_other_people_may_train_at_the_same_time(user_client, client_for, workout, other_user):
    theirs = WorkoutFactory(user=other_user)
    act(user_client, workout.id, "start")

    assert act(client_for(other_user), theirs.id, "start").status_code == 200


def test_the_database_refuses_a_second_live_workout():
    from django.db import IntegrityError, transaction

    user = UserFactory()
    now = timezone.now()
    Workout.objects.create(
        user=user, name="A", status="in_progress", started_at=now, resumed_at=now
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Workout.objects.create(user=user, name="B", status="paused", started_at=now)


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_leave_exactly_one_live_workout():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    user = UserFactory()
    workouts = WorkoutFactory.create_batch(4, user=user)
    barrier = threading.Barrier(len(workouts))
    statuses = []

    def start(workout_id):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            statuses.append(act(client, workout_id, "start").status_code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=start, args=(w.id,)) for w in workouts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [200, 409, 409, 409]
    assert Workout.objects.filter(user=user, status="in_progress").count() == 1


def test_copy_starts_a_new_plan_with_sets_as_targets(user_client, user):
    from tests.factories import library_exercise

    squat = library_exercise("reps", "weight", category="strength")
    source = user_client.post(
        "/api/v1/workouts",
        {
            "name": "Monday",
            "exercises": [
                {
                    "exercise": squat.id,
                    "notes": "Low bar",
                    "sets": [
                        {"reps": 5, "weight_kg": 100, "completed": True},
                        {"reps": 5, "weight_kg": 105, "rpe": 9, "completed": True},
                    ],
                }
            ],
        },
        format="json",
    ).json()
    act(user_client, source["id"], "start")
    act(user_client, source["id"], "finish")

    response = act(user_client, source["id"], "copy")

    assert response.status_code == 201, response.json()
    copy = response.json()
    assert copy["id"] != source["id"]
    assert copy["copied_from"] == source["id"]
    assert (copy["status"], copy["name"]) == ("planned", "Monday")
    entry = copy["exercises"][0]
    assert (entry["exercise"], entry["notes"]) == (squat.id, "Low bar")
    assert [(s["reps"], s["weight_kg"], s["rpe"]) for s in entry["sets"]] == [
        (5, 100, None),
        (5, 105, 9),
    ]
    assert not any(s["completed"] or s["completed_at"] for s in entry["sets"])


def test_copy_of_a_template_is_not_a_template(user_client, user):
    template = WorkoutFactory(user=user, is_template=True, name="Push day")

    copy = act(user_client, template.id, "copy").json()

    assert copy["is_template"] is False
    assert act(user_client, copy["id"], "start").status_code == 200
