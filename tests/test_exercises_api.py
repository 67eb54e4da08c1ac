"""The exercise catalogue: the shipped library for everyone, custom exercises for their owner."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CustomExerciseFactory, WorkoutFactory
from workouts.models import Exercise, Muscle, WorkoutExercise

pytestmark = pytest.mark.django_db

EXERCISES = "/api/v1/exercises"


def custom_payload(**fields) -> dict:
    return {
        "name": "Landmine press",
        "description": "Press the end of a barbell anchored in a corner.",
        "category": "strength",
        "equipment": "barbell",
        "primary_muscles": ["front_delts"],
        "secondary_muscles": ["triceps", "chest"],
        "measures": ["reps", "weight"],
    } | fields


def test_the_library_ships_at_least_150_exercises_with_their_details(user_client):
    response = user_client.get(EXERCISES)

    assert response.status_code == 200
    catalogue = response.json()
    assert len(catalogue) >= 150
    squat = next(e for e in catalogue if e["slug"] == "barbell-back-squat")
    assert squat["category"] == "strength"
    assert squat["equipment"] == "barbell"
    assert "quadriceps" in squat["primary_muscles"]
    assert squat["measures"] == ["reps", "weight"]
    assert squat["is_custom"] is False
    assert {e["category"] for e in catalogue} == {
        "strength",
        "cardio",
        "mobility",
        "plyometric",
        "stretching",
    }
    assert all(e["description"] for e in catalogue)


def test_the_whole_catalogue_takes_a_fixed_number_of_queries(user_client, user):
    with CaptureQueriesContext(connection) as before:
        user_client.get(EXERCISES)
    CustomExerciseFactory.create_batch(10, owner=user)
    library = Exercise.objects.filter(owner=None).count()
    with CaptureQueriesContext(connection) as after:
        catalogue = user_client.get(EXERCISES).json()

    assert len(catalogue) == library + 10
    assert len(before) == len(after) <= 7


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"category": "cardio"}, lambda e: e["category"] == "cardio"),
        ({"equipment": "kettlebell"}, lambda e: e["equipment"] == "kettlebell"),
        (
            {"muscle": "hamstrings"},
            lambda e: "hamstrings" in e["primary_muscles"] + e["secondary_muscles"],
        ),
        ({"search": "SQUAT"}, lambda e: "squat" in e["name"].lower()),
    ],
)
def test_the_catalogue_filters(user_client, params, check):
    everything = user_client.get(EXERCISES).json()
    matches = user_client.get(EXERCISES, params).json()

    assert 0 < len(matches) < len(everything)
    assert all(check(e) for e in matches)
    assert len(matches) == sum(1 for e in everything if check(e))


@pytest.mark.parametrize(
    ("params", "field"),
    [({"category": "yoga"}, "category"), ({"custom": "yes"}, "custom")],
)
def test_filter_values_outside_their_enum_are_400(user_client, params, field):
    response = user_client.get(EXERCISES, params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == field


def test_an_unknown_muscle_matches_nothing(user_client):
    """Muscle codes are data (`GET /muscles`), so the schema cannot list them: a code that
    names no muscle narrows the catalogue to nothing, like a search that matches nothing."""
    response = user_client.get(EXERCISES, {"muscle": "wings"})

    assert response.status_code == 200
    assert response.json() == []


def test_etag_answers_304_until_the_catalogue_changes(user_client, user):
    first = user_client.get(EXERCISES)
    etag = first["ETag"]

    unchanged = user_client.get(EXERCISES, HTTP_IF_NONE_MATCH=etag)
    CustomExerciseFactory(owner=user)
    changed = user_client.get(EXERCISES, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etags_differ_between_users_and_filters(client_for, user, other_user):
    CustomExerciseFactory(owner=other_user)

    mine = client_for(user).get(EXERCISES)["ETag"]
    theirs = client_for(other_user).get(EXERCISES)["ETag"]
    cardio = client_for(user).get(EXERCISES, {"category": "cardio"})["ETag"]

    assert len({mine, theirs, cardio}) == 3


def test_updated_since_gives_changes_including_retired_exercises(user_client, user):
    cutoff = timezone.now()
    Exercise.objects.update(updated_at=cutoff - dt.timedelta(days=1))
    changed = CustomExerciseFactory(owner=user, name="Zercher squat")
    retired = CustomExerciseFactory(owner=user, name="Old move")
    WorkoutFactory(user=user)
    WorkoutExercise.objects.create(workout=user.workouts.get(), exercise=retired, position=1)
    user_client.delete(f"{EXERCISES}/{retired.id}")

    delta = user_client.get(EXERCISES, {"updated_since": cutoff.isoformat()}).json()
    full = user_client.get(EXERCISES).json()

    assert {(e["name"], e["is_active"]) for e in delta} == {
        ("Zercher squat", True),
        ("Old move", False),
    }
    assert "Old move" not in {e["name"] for e in full}
    assert changed.id in {e["id"] for e in full}


def test_a_custom_exercise_is_mine_alone(user_client, client_for, other_user):
    created = user_client.post(EXERCISES, custom_payload(), format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["is_custom"] is True
    assert body["slug"] is None
    assert body["secondary_muscles"] == ["chest", "triceps"]
    theirs = client_for(other_user)
    assert theirs.get(f"{EXERCISES}/{body['id']}").status_code == 404
    assert body["id"] not in {e["id"] for e in theirs.get(EXERCISES).json()}
    assert theirs.get(f"{EXERCISES}/{body['id']}/history").status_code == 404
    assert (
        theirs.patch(f"{EXERCISES}/{body['id']}", {"name": "x"}, format="json").status_code == 404
    )


@pytest.mark.parametrize(
    ("fields", "attr", "code"),
    [
        ({"measures": []}, "measures", "empty"),
        ({"measures": ["speed"]}, "measures", "invalid_choice"),
        ({"primary_muscles": ["wings"]}, "primary_muscles", "does_not_exist"),
        ({"category": "yoga"}, "category", "invalid_choice"),
        ({"name": ""}, "name", "blank"),
        ({"name": "x" * 101}, "name", "max_length"),
    ],
)
def test_bad_custom_exercises_are_400_naming_the_field(user_client, fields, attr, code):
    response = user_client.post(EXERCISES, custom_payload(**fields), format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["attr"], response.json()["errors"][0]["code"]) == (
        attr,
        code,
    )


def test_custom_names_are_unique_per_user_in_any_case(user_client, client_for, other_user):
    user_client.post(EXERCISES, custom_payload(), format="json")

    again = user_client.post(EXERCISES, custom_payload(name="LANDMINE PRESS"), format="json")
    someone_else = client_for(other_user).post(EXERCISES, custom_payload(), format="json")

    assert again.status_code == 400
    assert again.json()["errors"][0]["attr"] == "name"
    assert someone_else.status_code == 201


def test_a_custom_exercise_can_be_changed(user_client, user):
    mine = CustomExerciseFactory(owner=user)

    response = user_client.patch(
        f"{EXERCISES}/{mine.id}",
        {"measures": ["duration"], "primary_muscles": ["abs"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["measures"] == ["duration"]
    mine.refresh_from_db()
    assert list(mine.primary_muscles.values_list("code", flat=True)) == ["abs"]
    assert (mine.tracks_reps, mine.tracks_duration) == (False, True)


def test_the_library_is_read_only_through_the_api(user_client):
    squat = Exercise.objects.get(slug="barbell-back-squat")

    patched = user_client.patch(f"{EXERCISES}/{squat.id}", {"name": "Mine"}, format="json")
    deleted = user_client.delete(f"{EXERCISES}/{squat.id}")

    assert patched.status_code == deleted.status_code == 403
    assert "admin" in patched.json()["errors"][0]["detail"]
    assert Exercise.objects.filter(pk=squat.pk, name="Barbell Back Squat").exists()


def test_an_unused_custom_exercise_is_deleted(user_client, user):
    mine = CustomExerciseFactory(owner=user)

    assert user_client.delete(f"{EXERCISES}/{mine.id}").status_code == 204
    assert not Exercise.objects.filter(pk=mine.pk).exists()


def test_muscles_are_listed_with_their_groups(user_client):
    muscles = user_client.get("/api/v1/muscles").json()

    assert len(muscles) == Muscle.objects.count() == 22
    assert {"code": "quadriceps", "name": "Quadriceps", "group": "legs"} in muscles


def test_the_catalogue_shows_a_change_at_once(user_client, user):
    mine = CustomExerciseFactory(owner=user, name="Zottman curl")
    assert "Zottman curl" in {e["name"] for e in user_client.get(EXERCISES).json()}

    user_client.patch(f"{EXERCISES}/{mine.id}", {"name": "Zottman curl (slow)"}, format="json")
    names = {e["name"] for e in user_client.get(EXERCISES).json()}

    assert "Zottman curl (slow)" in names
    assert "Zottman curl" not in names
