"""Workouts with ordered exercises and sets: one request writes the whole structure, atomically."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CustomExerciseFactory, WorkoutFactory, library_exercise
from workouts.models import Workout, WorkoutExercise, WorkoutSet

pytestmark = pytest.mark.django_db

WORKOUTS = "/api/v1/workouts"


@pytest.fixture
def squat():
    return library_exercise("reps", "weight", category="strength")


@pytest.fixture
def run():
    return library_exercise("duration", "distance", category="cardio")


def leg_day(squat, run) -> dict:
    return {
        "name": "Leg day",
        "description": "Heavy squats, then an easy run",
        "exercises": [
            {
                "exercise": squat.id,
                "notes": "Belt on the top sets",
                "sets": [
                    {"set_type": "warm_up", "reps": 10, "weight_kg": 40},
                    {"reps": 5, "weight_kg": 100.5, "rpe": 7.5, "rest_seconds": 180},
                    {"reps": 5, "weight_kg": 102.5, "rpe": 8.5, "completed": True},
                ],
            },
            {"exercise": run.id, "sets": [{"duration_seconds": 1200, "distance_m": 3500}]},
        ],
    }


def test_create_a_whole_workout_in_one_request(user_client, user, squat, run):
    response = user_client.post(WORKOUTS, leg_day(squat, run), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "planned"
    assert [e["exercise"] for e in body["exercises"]] == [squat.id, run.id]
    assert [e["position"] for e in body["exercises"]] == [1, 2]
    squats = body["exercises"][0]
    assert squats["exercise_name"] == squat.name
    assert [s["position"] for s in squats["sets"]] == [1, 2, 3]
    assert squats["sets"][1]["weight_kg"] == 100.5  # a JSON number, not "100.50"
    assert squats["sets"][1]["rpe"] == 7.5
    assert squats["sets"][0]["set_type"] == "warm_up"
    assert squats["sets"][2]["completed"] is True
    assert squats["sets"][2]["completed_at"] is not None
    assert body["exercises"][1]["sets"][0]["distance_m"] == 3500
    assert WorkoutSet.objects.filter(workout_exercise__workout__user=user).count() == 4


def test_the_first_versions_simple_workouts_stay_valid(user_client, user):
    response = user_client.post(
        f"/api/v1/users/{user.id}/workouts", {"name": "Run", "description": "5 km"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["exercises"] == []


def test_a_bad_set_deep_inside_writes_nothing_and_names_the_item(user_client, squat, run):
    payload = leg_day(squat, run)
    payload["exercises"].append(
        {"exercise": squat.id, "sets": [{"reps": 3}, {"reps": -1, "weight_kg": 60}]}
    )

    response = user_client.post(WORKOUTS, payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "code": "min_value",
            "detail": "Ensure this value is greater than or equal to 0.",
            "attr": "exercises[2].sets[1].reps",
        }
    ]
    assert not Workout.objects.exists()
    assert not WorkoutSet.objects.exists()


@pytest.mark.parametrize(
    ("bad_set", "attr", "code"),
    [
        ({"weight_kg": "heavy"}, "weight_kg", "invalid"),
        ({"weight_kg": -5}, "weight_kg", "min_value"),
        ({"rpe": 11}, "rpe", "max_value"),
        ({"set_type": "giant"}, "set_type", "invalid_choice"),
        ({"reps": 5.5}, "reps", "invalid"),
        ({"tempo": "3-1-1"}, "tempo", "unknown_field"),
        ({"distance_m": 100}, "distance_m", "invalid"),  # squats record no distance
    ],
)
def test_each_kind_of_bad_set_is_named(user_client, squat, run, bad_set, attr, code):
    payload = leg_day(squat, run)
    payload["exercises"][0]["sets"][1] = {"reps": 5, **bad_set}

    response = user_client.post(WORKOUTS, payload, format="json")

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [
        (f"exercises[0].sets[1].{attr}", code)
    ]
    assert not Workout.objects.exists()


def test_someone_elses_custom_exercise_cannot_be_used(user_client, squat, run, other_user):
    theirs = CustomExerciseFactory(owner=other_user)
    payload = leg_day(squat, run)
    payload["exercises"][1]["exercise"] = theirs.id

    response = user_client.post(WORKOUTS, payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "exercises[1].exercise"
    assert response.json()["errors"][0]["code"] == "does_not_exist"


def test_my_custom_exercise_can_be_used(user_client, user):
    mine = CustomExerciseFactory(owner=user)

    response = user_client.post(
        WORKOUTS,
        {"name": "Arms", "exercises": [{"exercise": mine.id, "sets": [{"reps": 12}]}]},
        format="json",
    )

    assert response.status_code == 201


def test_put_with_exercises_replaces_the_structure(user_client, squat, run):
    workout_id = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()["id"]

    response = user_client.put(
        f"{WORKOUTS}/{workout_id}",
        {"exercises": [{"exercise": run.id, "sets": [{"distance_m": 5000}]}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert [e["exercise"] for e in response.json()["exercises"]] == [run.id]
    assert response.json()["name"] == "Leg day"  # PUT changes only what it sends
    assert WorkoutExercise.objects.count() == 1
    assert WorkoutSet.objects.count() == 1


def test_put_without_exercises_keeps_them(user_client, squat, run):
    workout_id = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()["id"]

    response = user_client.put(f"{WORKOUTS}/{workout_id}", {"name": "Legs"}, format="json")

    assert response.status_code == 200
    assert len(response.json()["exercises"]) == 2


def test_a_failed_replace_keeps_the_old_structure(user_client, squat, run):
    workout_id = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()["id"]

    response = user_client.put(
        f"{WORKOUTS}/{workout_id}",
        {"name": "Renamed", "exercises": [{"exercise": squat.id, "sets": [{"reps": "many"}]}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "exercises[0].sets[0].reps"
    workout = Workout.objects.get()
    assert workout.name == "Leg day"
    assert WorkoutSet.objects.count() == 4


def test_sets_are_added_changed_and_removed_while_training(user_client, squat, run):
    body = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()
    entry = body["exercises"][0]

    added = user_client.post(
        f"/api/v1/workout-exercises/{entry['id']}/sets",
        {"reps": 3, "weight_kg": 110, "completed": True},
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["position"] == 4
    set_id = added.json()["id"]

    changed = user_client.patch(f"/api/v1/sets/{set_id}", {"reps": 4}, format="json")
    assert changed.status_code == 200
    assert changed.json()["reps"] == 4
    assert changed.json()["weight_kg"] == 110

    refused = user_client.patch(f"/api/v1/sets/{set_id}", {"distance_m": 5}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["attr"] == "distance_m"

    undone = user_client.patch(f"/api/v1/sets/{set_id}", {"completed": False}, format="json")
    assert undone.json()["completed_at"] is None

    assert user_client.delete(f"/api/v1/sets/{set_id}").status_code == 204
    assert WorkoutSet.objects.filter(pk=set_id).count() == 0


def test_exercises_are_added_and_removed_while_training(user_client, squat, run):
    workout = user_client.post(WORKOUTS, {"name": "Gym"}, format="json").json()

    added = user_client.post(
        f"{WORKOUTS}/{workout['id']}/exercises",
        {"exercise": squat.id, "notes": "Go deep", "sets": [{"reps": 5, "weight_kg": 80}]},
        format="json",
    )
    second = user_client.post(
        f"{WORKOUTS}/{workout['id']}/exercises", {"exercise": run.id}, format="json"
    )

    assert added.status_code == 201, added.json()
    assert (added.json()["position"], second.json()["position"]) == (1, 2)
    noted = user_client.patch(
        f"/api/v1/workout-exercises/{added.json()['id']}", {"notes": "Deeper"}, format="json"
    )
    assert noted.json()["notes"] == "Deeper"
    removed = user_client.delete(f"/api/v1/workout-exercises/{added.json()['id']}")
    assert removed.status_code == 204
    assert WorkoutSet.objects.count() == 0


def test_filters_by_date_exercise_and_template(user_client, user, squat, run):
    old = WorkoutFactory(user=user, name="Old")
    Workout.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    with_squats = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()
    template = user_client.post(
        WORKOUTS, {"name": "Plan", "is_template": True}, format="json"
    ).json()
    since = (timezone.now() - dt.timedelta(days=7)).isoformat()

    def names(**params):
        return [w["name"] for w in user_client.get(WORKOUTS, params).json()["results"]]

    assert names(date_from=since) == ["Plan", "Leg day"]
    assert names(date_to=since) == ["Old"]
    assert names(exercise=squat.id) == ["Leg day"]
    assert names(is_template="true") == ["Plan"]
    assert names(ordering="name") == ["Leg day", "Old", "Plan"]
    assert with_squats["id"] != template["id"]


def test_list_with_sets_runs_a_fixed_number_of_queries(user_client, user, squat, run):
    def add_workouts(count):
        for _ in range(count):
            user_client.post(WORKOUTS, leg_day(squat, run), format="json")

    add_workouts(1)
    with CaptureQueriesContext(connection) as few:
        small = user_client.get(WORKOUTS, {"limit": 100})
    add_workouts(12)
    with CaptureQueriesContext(connection) as many:
        large = user_client.get(WORKOUTS, {"limit": 100})
    with CaptureQueriesContext(connection) as small_page:
        user_client.get(WORKOUTS, {"limit": 2})

    assert len(large.json()["results"]) == 13
    assert sum(len(e["sets"]) for w in large.json()["results"] for e in w["exercises"]) == 52
    assert len(small.json()["results"]) == 1
    assert len(few) == len(many) == len(small_page)
    # savepoint, count, workouts, exercises (with the exercise), sets, set records, release
    assert len(many) <= 7


def test_cursor_paging_walks_the_whole_history(user_client, user):
    WorkoutFactory.create_batch(25, user=user)
    seen, url, params = [], WORKOUTS, {"cursor": "", "limit": 10}
    while url:
        page = user_client.get(url, params).json()
        assert "count" not in page
        seen += [w["id"] for w in page["results"]]
        url, params = page["next"], None

    assert len(seen) == len(set(seen)) == 25
    assert seen == [w["id"] for w in user_client.get(WORKOUTS, {"limit": 100}).json()["results"]]


def test_cursor_paging_query_count_does_not_grow_with_depth(user_client, user):
    WorkoutFactory.create_batch(60, user=user)
    first = user_client.get(WORKOUTS, {"cursor": "", "limit": 5}).json()
    url = first["next"]
    for _ in range(8):
        url = user_client.get(url).json()["next"]

    with CaptureQueriesContext(connection) as deep:
        user_client.get(url)
    with CaptureQueriesContext(connection) as shallow:
        user_client.get(WORKOUTS, {"cursor": "", "limit": 5})

    assert len(deep) == len(shallow)
    assert not any("COUNT(" in q["sql"].upper() for q in deep.captured_queries)
    assert not any("OFFSET" in q["sql"].upper() for q in deep.captured_queries)


def test_the_fast_representations_match_the_declared_fields(user_client, user, squat, run):
    from django.db.models import Prefetch
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    from workouts.models import Workout
    from workouts.selectors import entries_with_sets, sets_with_records
    from workouts.serializers import (
        WorkoutExerciseSerializer,
        WorkoutSerializer,
        WorkoutSetSerializer,
    )

    logged = user_client.post(WORKOUTS, leg_day(squat, run), format="json").json()
    user_client.post(f"{WORKOUTS}/{logged['id']}/start")
    for entry in logged["exercises"]:
        for workout_set in entry["sets"]:
            user_client.patch(f"/api/v1/sets/{workout_set['id']}", {"completed": True})
    user_client.post(f"{WORKOUTS}/{logged['id']}/finish")
    user_client.post(f"{WORKOUTS}/{logged['id']}/copy")
    user_client.post(WORKOUTS, {"name": "Nothing in it yet"}, format="json")
    summary = {
        "name": "Tempo run",
        "sport": "running",
        "distance_m": 10012.5,
        "elevation_gain_m": 87.25,
        "avg_heart_rate": 151,
        "max_heart_rate": 178,
        "energy_kj": 2900.75,
    }
    ran = user_client.post(WORKOUTS, summary, format="json")
    assert ran.status_code == 201, ran.json()
    Workout.objects.filter(pk=ran.json()["id"]).update(
        strain="14.25", source="whoop", external_id="b7a8d3c4-0000-4000-8000-000000000001"
    )
    workouts = Workout.objects.filter(user=user).prefetch_related(
        Prefetch("exercises", queryset=entries_with_sets())
    )
    pairs = (
        [(WorkoutSetSerializer, s) for s in sets_with_records()]
        + [(WorkoutExerciseSerializer, e) for e in entries_with_sets()]
        + [(WorkoutSerializer, w) for w in workouts]
    )
    assert {serializer for serializer, _ in pairs} == {
        WorkoutSetSerializer,
        WorkoutExerciseSerializer,
        WorkoutSerializer,
    }
    assert any(s.records_held for s in sets_with_records())

    for serializer_class, instance in pairs:
        serializer = serializer_class(instance)
        by_fields = serializers.ModelSerializer.to_representation(serializer, instance)
        assert JSONRenderer().render(serializer.data) == JSONRenderer().render(by_fields)
    one_by_one = [WorkoutSerializer(w).data for w in workouts]
    assert WorkoutSerializer(workouts, many=True).data == one_by_one


def test_responses_are_the_bytes_drfs_own_json_renderer_would_write(user_client, squat, run):
    """The API renders with orjson for speed; clients see exactly what DRF's renderer writes."""
    from rest_framework.renderers import JSONRenderer

    body = leg_day(squat, run) | {
        "name": "Kniebeuge schwer ✓ 深蹲 ü",
        "description": 'a "quoted" \\ line',
    }
    workout = user_client.post(WORKOUTS, body, format="json").json()
    user_client.post(f"{WORKOUTS}/{workout['id']}/start")
    responses = [
        user_client.get(WORKOUTS, {"limit": 5}),
        user_client.get(f"{WORKOUTS}/{workout['id']}"),
        user_client.get("/api/v1/users/me/stats", {"period": "month"}),
        user_client.get(f"/api/v1/exercises/{squat.pk}/history"),
        user_client.get("/api/v1/exercises", {"search": "squat"}),
        user_client.get(f"{WORKOUTS}/999999999"),
        user_client.post(WORKOUTS, {"name": ""}, format="json"),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 404, 400]
    for response in responses:
        assert response["Content-Type"] == "application/json"
        assert response.content == JSONRenderer().render(response.data)
