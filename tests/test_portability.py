"""Export all of a user's data as one versioned document, and import it back."""

import pytest

from tests.factories import CustomExerciseFactory, UserFactory, library_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_log(user_client, user):
    """A realistic account: a custom exercise, a finished session, a template, a copy."""
    user.phone, user.bio, user.timezone = "+44 20 7946 0000", "Lifter", "Europe/London"
    user.save()
    squat = library_exercise("reps", "weight", category="strength")
    run = library_exercise("duration", "distance", category="cardio")
    curl = CustomExerciseFactory(owner=user, name="Cable curl 21s", primary=["biceps"])
    session = user_client.post(
        "/api/v1/workouts",
        {
            "name": "Monday",
            "exercises": [
                {
                    "exercise": squat.id,
                    "notes": "Low bar",
                    "sets": [
                        {"set_type": "warm_up", "reps": 8, "weight_kg": 60, "completed": True},
                        {"reps": 5, "weight_kg": 102.5, "rpe": 8.5, "completed": True},
                    ],
                },
                {"exercise": curl.id, "sets": [{"reps": 21, "weight_kg": 15, "completed": True}]},
                {"exercise": run.id, "sets": [{"duration_seconds": 900, "distance_m": 2500.5}]},
            ],
        },
        format="json",
    ).json()
    user_client.post(f"/api/v1/workouts/{session['id']}/start")
    user_client.post(f"/api/v1/workouts/{session['id']}/finish")
    template = user_client.post(
        "/api/v1/workouts",
        {"name": "Push plan", "is_template": True, "exercises": [{"exercise": squat.id}]},
        format="json",
    ).json()
    user_client.post(f"/api/v1/workouts/{template['id']}/copy")
    return user_client.get("/api/v1/users/me/export").json()


def comparable(document: dict) -> dict:
    """What must survive a round trip: everything but the moment and the account's identity
    (email and name belong to the account imported into)."""
    document = {k: v for k, v in document.items() if k != "exported_at"}
    document["profile"] = {
        k: v for k, v in document["profile"].items() if k not in ("email", "name")
    }
    return document


def test_export_holds_everything_in_a_versioned_document(user_client, training_log):
    document = training_log

    assert (document["format"], document["version"]) == ("fitspace-export", 1)
    assert document["profile"]["timezone"] == "Europe/London"
    assert [e["name"] for e in document["custom_exercises"]] == ["Cable curl 21s"]
    assert [w["name"] for w in document["workouts"]] == ["Monday", "Push plan", "Push plan"]
    monday = document["workouts"][0]
    assert monday["status"] == "finished"
    assert monday["exercises"][0]["exercise"]["library"]
    assert monday["exercises"][1]["exercise"] == {"custom": document["custom_exercises"][0]["uid"]}
    assert monday["exercises"][0]["sets"][1]["weight_kg"] == 102.5
    assert monday["exercises"][2]["sets"][0]["distance_m"] == 2500.5
    assert document["workouts"][2]["copied_from"] == document["workouts"][1]["uid"]
    assert {r["kind"] for r in document["records"]} >= {"heaviest_weight", "best_e1rm"}


def test_export_import_round_trip_into_a_fresh_account(client_for, training_log):
    fresh = UserFactory(timezone="UTC", phone="", bio="")
    client = client_for(fresh)

    imported = client.post("/api/v1/users/me/import", training_log, format="json")

    assert imported.status_code == 200, imported.json()
    assert imported.json()["created"] == {
        "custom_exercises": 1,
        "workouts": 3,
        "groups": 0,
        "wellness": 0,
    }
    again = client.get("/api/v1/users/me/export").json()
    assert comparable(again) == comparable(training_log)


def test_importing_twice_adds_nothing(user_client, training_log):
    result = user_client.post("/api/v1/users/me/import", training_log, format="json").json()

    assert result == {
        "created": {"custom_exercises": 0, "workouts": 0, "groups": 0, "wellness": 0},
        "skipped": {"custom_exercises": 1, "workouts": 3, "groups": 0, "wellness": 0},
    }
    assert comparable(user_client.get("/api/v1/users/me/export").json()) == comparable(training_log)


def test_import_keeps_what_the_account_already_says(client_for, training_log):
    fresh = UserFactory(bio="Runner", timezone="Asia/Tokyo", phone="")

    client_for(fresh).post("/api/v1/users/me/import", training_log, format="json")

    fresh.refresh_from_db()
    assert (fresh.bio, fresh.timezone, fresh.phone) == ("Runner", "Asia/Tokyo", "+44 20 7946 0000")


@pytest.mark.parametrize(
    ("change", "attr"),
    [
        (lambda d: d.update(format="strava"), "format"),
        (lambda d: d.update(version=99), "version"),
        (
            lambda d: d["workouts"][0]["exercises"][0]["sets"][1].update(reps=-3),
            "workouts[0].exercises[0].sets[1].reps",
        ),
        (
            lambda d: d["workouts"][0]["exercises"][0].update(exercise={"library": "no-such-move"}),
            "workouts[0].exercises[0].exercise",
        ),
        (
            lambda d: d["custom_exercises"][0].update(primary_muscles=["wings"]),
            "custom_exercises[0].primary_muscles",
        ),
    ],
)
def test_a_bad_document_is_400_and_imports_nothing(client_for, training_log, change, attr):
    fresh = UserFactory()
    change(training_log)

    response = client_for(fresh).post("/api/v1/users/me/import", training_log, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr
    assert not fresh.workouts.exists()
    assert not fresh.custom_exercises.exists()


def test_export_is_a_download_of_my_data_only(user_client, client_for, other_user, training_log):
    theirs = client_for(other_user).get("/api/v1/users/me/export")

    assert theirs["Content-Disposition"].startswith("attachment; filename=")
    assert theirs.json()["workouts"] == []
    assert theirs.json()["custom_exercises"] == []
