"""A workout's activity summary: sport, distance, elevation gain, heart rate, energy, strain,
and where it came from (source, external id)."""

import json

import pytest
from django.db import IntegrityError, transaction

from tests.factories import UserFactory, WorkoutFactory
from workouts import limits
from workouts.models import Workout

pytestmark = pytest.mark.django_db

WORKOUTS = "/api/v1/workouts"
SUMMARY = {
    "sport": "cycling",
    "distance_m": 42195.5,
    "elevation_gain_m": 512.25,
    "avg_heart_rate": 138,
    "max_heart_rate": 181,
    "energy_kj": 3100.5,
}


def errors(response) -> dict[str, str]:
    return {e["attr"]: e["code"] for e in response.json()["errors"]}


def test_a_logged_workout_carries_its_summary_and_defaults(user_client):
    plain = user_client.post(WORKOUTS, {"name": "Gym"}, format="json").json()
    assert plain["sport"] == "other"
    assert plain["source"] == "manual"
    assert plain["external_id"] is None
    assert plain["distance_m"] is None
    assert plain["strain"] is None

    ride = user_client.post(WORKOUTS, {"name": "Ride"} | SUMMARY, format="json")
    assert ride.status_code == 201, ride.json()
    assert {k: ride.json()[k] for k in SUMMARY} == SUMMARY
    listed = user_client.get(WORKOUTS).json()["results"]
    assert {k: listed[0][k] for k in SUMMARY} == SUMMARY


def test_a_client_cannot_set_the_source_its_id_or_strain(user_client):
    body = {"name": "Fake", "source": "whoop", "external_id": "x", "strain": 20}
    made = user_client.post(WORKOUTS, body, format="json").json()
    assert (made["source"], made["external_id"], made["strain"]) == ("manual", None, None)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("sport", "quidditch", "invalid_choice"),
        ("distance_m", -1, "min_value"),
        ("distance_m", float(limits.MAX_ACTIVITY_DISTANCE_M) + 0.01, "max_value"),
        ("elevation_gain_m", float(limits.MAX_ELEVATION_GAIN_M) + 1, "max_value"),
        ("avg_heart_rate", limits.MIN_HEART_RATE - 1, "min_value"),
        ("max_heart_rate", limits.MAX_HEART_RATE + 1, "max_value"),
        ("energy_kj", -0.5, "min_value"),
        ("energy_kj", float(limits.MAX_ENERGY_KJ) + 1, "max_value"),
        ("avg_heart_rate", "140", "invalid"),
    ],
)
def test_a_summary_value_past_its_limit_is_400_naming_it(user_client, field, value, code):
    response = user_client.post(WORKOUTS, {"name": "Bad", field: value}, format="json")
    assert response.status_code == 400
    assert errors(response) == {field: code}
    assert not Workout.objects.exists()


def test_the_limits_themselves_are_accepted(user_client):
    body = {
        "name": "Edges",
        "distance_m": float(limits.MAX_ACTIVITY_DISTANCE_M),
        "elevation_gain_m": float(limits.MAX_ELEVATION_GAIN_M),
        "avg_heart_rate": limits.MIN_HEART_RATE,
        "max_heart_rate": limits.MAX_HEART_RATE,
        "energy_kj": float(limits.MAX_ENERGY_KJ),
    }
    assert user_client.post(WORKOUTS, body, format="json").status_code == 201


def test_an_average_heart_rate_above_the_maximum_is_refused_on_create_and_update(user_client):
    body = {"name": "Odd", "avg_heart_rate": 170, "max_heart_rate": 160}
    response = user_client.post(WORKOUTS, body, format="json")
    assert response.status_code == 400
    assert errors(response) == {"avg_heart_rate": "invalid"}

    made = user_client.post(WORKOUTS, {"name": "Run", "max_heart_rate": 160}, format="json")
    changed = user_client.patch(f"{WORKOUTS}/{made.json()['id']}", {"avg_heart_rate": 161})
    assert changed.status_code == 400
    assert errors(changed) == {"avg_heart_rate": "invalid"}
    assert Workout.objects.get().avg_heart_rate is None


@pytest.mark.parametrize(
    "values",
    [
        {"avg_heart_rate": 180, "max_heart_rate": 150},
        {"max_heart_rate": limits.MAX_HEART_RATE + 1},
        {"strain": limits.MAX_STRAIN + 1},
        {"distance_m": -1},
        {"sport": "quidditch"},
        {"source": "strava"},
        {"external_id": ""},
    ],
)
def test_the_database_holds_the_limits_too(values):
    workout = WorkoutFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Workout.objects.filter(pk=workout.pk).update(**values)


def test_an_external_id_names_one_workout_per_user_and_source():
    user, other = UserFactory(), UserFactory()
    WorkoutFactory(user=user, source="whoop", external_id="abc")
    WorkoutFactory(user=other, source="whoop", external_id="abc")
    WorkoutFactory(user=user, source="file", external_id="abc")
    WorkoutFactory(user=user, external_id=None)
    WorkoutFactory(user=user, external_id=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkoutFactory(user=user, source="whoop", external_id="abc")


def test_the_summary_survives_an_export_import_round_trip(user_client, client_for):
    made = user_client.post(WORKOUTS, {"name": "Ride"} | SUMMARY, format="json").json()
    Workout.objects.filter(pk=made["id"]).update(strain="12.5", source="whoop", external_id="w-1")
    document = user_client.get("/api/v1/users/me/export").json()
    exported = document["workouts"][0]
    assert exported["source"] == "whoop"
    assert exported["external_id"] == "w-1"
    assert exported["strain"] == 12.5

    fresh = client_for(UserFactory())
    imported = fresh.post("/api/v1/users/me/import", document, format="json")
    assert imported.status_code == 200, imported.json()
    again = fresh.get("/api/v1/users/me/export").json()["workouts"][0]
    assert {k: v for k, v in again.items() if k != "uid"} == {
        k: v for k, v in exported.items() if k != "uid"
    }


def test_an_import_skips_a_workout_the_account_has_from_the_same_source(user_client, user):
    WorkoutFactory(user=user, source="whoop", external_id="w-1")
    response = import_workouts(
        user_client,
        {
            "uid": "0b0b0b0b-0000-4000-8000-000000000001",
            "name": "Synced elsewhere",
            "source": "whoop",
            "external_id": "w-1",
        },
    )
    assert response.status_code == 200
    assert response.json()["skipped"]["workouts"] == 1
    assert user.workouts.count() == 1


def import_workouts(client, *workouts):
    document = {"format": "fitspace-export", "version": 1, "workouts": list(workouts)}
    return client.post(
        "/api/v1/users/me/import", json.dumps(document), content_type="application/json"
    )


def test_an_import_refuses_one_source_id_twice(user_client):
    workout = {"name": "W", "source": "whoop", "external_id": "w-1"}
    response = import_workouts(
        user_client,
        workout | {"uid": "0b0b0b0b-0000-4000-8000-000000000001"},
        workout | {"uid": "0b0b0b0b-0000-4000-8000-000000000002"},
    )
    assert response.status_code == 400
    assert set(errors(response)) == {"workouts[1].external_id"}
    assert not Workout.objects.exists()


def test_an_import_refuses_an_average_heart_rate_above_the_maximum(user_client):
    response = import_workouts(
        user_client,
        {
            "uid": "0b0b0b0b-0000-4000-8000-000000000001",
            "name": "W",
            "avg_heart_rate": 150,
            "max_heart_rate": 140,
        },
    )
    assert response.status_code == 400
    assert set(errors(response)) == {"workouts[0].avg_heart_rate"}
    assert not Workout.objects.exists()


@pytest.mark.parametrize(
    ("values", "attr"),
    [
        ({"external_id": ""}, "workouts[0].external_id"),
        ({"external_id": "x" * (limits.MAX_EXTERNAL_ID_LENGTH + 1)}, "workouts[0].external_id"),
        ({"source": "strava"}, "workouts[0].source"),
        ({"strain": 21.5}, "workouts[0].strain"),
        ({"sport": "quidditch"}, "workouts[0].sport"),
    ],
)
def test_an_import_refuses_summary_values_the_database_would(user_client, values, attr):
    response = import_workouts(
        user_client, {"uid": "0b0b0b0b-0000-4000-8000-000000000001", "name": "W", **values}
    )
    assert response.status_code == 400
    assert set(errors(response)) == {attr}
    assert not Workout.objects.exists()


def test_heart_rates_are_judged_again_on_the_locked_row():
    """Validated against a workout read before another device set its maximum: the service
    refuses it rather than the database's check failing."""
    from rest_framework.exceptions import ValidationError

    from workouts import services

    stale = WorkoutFactory()
    Workout.objects.filter(pk=stale.pk).update(max_heart_rate=160)
    with pytest.raises(ValidationError) as refused:
        services.workout_update(workout=stale, data={"avg_heart_rate": 170})
    assert set(refused.value.detail) == {"avg_heart_rate"}
    assert Workout.objects.get(pk=stale.pk).avg_heart_rate is None
