"""Personal records (Epley for the estimated one-rep max) and an exercise's history."""

from decimal import Decimal

import pytest

from tests.factories import library_exercise
from workouts.models import PersonalRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench():
    return library_exercise("reps", "weight", category="strength")


def log(client, exercise, sets, name="Session"):
    response = client.post(
        "/api/v1/workouts",
        {"name": name, "exercises": [{"exercise": exercise.id, "sets": sets}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def done(reps, weight, **extra):
    return {"reps": reps, "weight_kg": weight, "completed": True, **extra}


def records(user, exercise) -> dict[str, Decimal]:
    return {r.kind: r.value for r in PersonalRecord.objects.filter(user=user, exercise=exercise)}


def test_records_are_set_by_completed_sets(user_client, user, bench):
    log(user_client, bench, [done(10, 60), done(5, 80), done(1, 90), {"reps": 1, "weight_kg": 150}])

    assert records(user, bench) == {
        "heaviest_weight": Decimal("90.00"),
        "most_reps": Decimal("10.00"),
        # Epley: 80 x (1 + 5/30) = 93.33 beats 90 x 1 and 60 x (1 + 10/30) = 80
        "best_e1rm": Decimal("93.33"),
        "best_session_volume": Decimal("1090.00"),  # 600 + 400 + 90
    }


def test_a_set_that_sets_a_record_is_marked(user_client, bench):
    body = log(user_client, bench, [done(10, 60), done(5, 80)])

    marks = [s["records"] for s in body["exercises"][0]["sets"]]

    assert marks == [["most_reps"], ["best_e1rm", "heaviest_weight"]] or marks == [
        ["most_reps"],
        ["heaviest_weight", "best_e1rm"],
    ]


def test_a_later_better_set_takes_the_record_and_the_mark(user_client, user, bench):
    first = log(user_client, bench, [done(5, 80)], name="Week 1")
    second = log(user_client, bench, [done(5, 85)], name="Week 2")

    assert records(user, bench)["heaviest_weight"] == Decimal("85.00")
    old = user_client.get(f"/api/v1/workouts/{first['id']}").json()
    new = user_client.get(f"/api/v1/workouts/{second['id']}").json()
    assert "heaviest_weight" not in old["exercises"][0]["sets"][0]["records"]
    assert "heaviest_weight" in new["exercises"][0]["sets"][0]["records"]


def test_equalling_a_record_does_not_take_it(user_client, user, bench):
    first = log(user_client, bench, [done(5, 80)])
    log(user_client, bench, [done(5, 80)])

    record = PersonalRecord.objects.get(user=user, exercise=bench, kind="heaviest_weight")
    assert record.workout_id == first["id"]


def test_editing_or_deleting_the_record_set_recomputes_it(user_client, user, bench):
    body = log(user_client, bench, [done(5, 80), done(5, 100)])
    heavy = body["exercises"][0]["sets"][1]["id"]

    user_client.patch(f"/api/v1/sets/{heavy}", {"weight_kg": 70}, format="json")
    assert records(user, bench)["heaviest_weight"] == Decimal("80.00")

    user_client.delete(f"/api/v1/sets/{body['exercises'][0]['sets'][0]['id']}")
    assert records(user, bench)["heaviest_weight"] == Decimal("70.00")

    user_client.delete(f"/api/v1/workouts/{body['id']}")
    assert records(user, bench) == {}


def test_planned_sets_and_templates_set_no_records(user_client, user, bench):
    log(user_client, bench, [{"reps": 5, "weight_kg": 200}])
    user_client.post(
        "/api/v1/workouts",
        {
            "name": "Plan",
            "is_template": True,
            "exercises": [{"exercise": bench.id, "sets": [done(5, 300)]}],
        },
        format="json",
    )

    assert records(user, bench) == {}


def test_records_are_per_user(user_client, client_for, user, other_user, bench):
    log(user_client, bench, [done(5, 80)])
    log(client_for(other_user), bench, [done(5, 120)])

    assert records(user, bench)["heaviest_weight"] == Decimal("80.00")
    assert records(other_user, bench)["heaviest_weight"] == Decimal("120.00")


def test_history_shows_recent_sessions_records_and_a_next_target(user_client, bench):
    log(user_client, bench, [done(8, 60)], name="Older")
    log(
        user_client,
        bench,
        [done(10, 40, set_type="warm_up"), done(8, 70), done(7, 70), {"reps": 8, "weight_kg": 70}],
        name="Latest",
    )

    response = user_client.get(f"/api/v1/exercises/{bench.id}/history")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["exercise"]["id"] == bench.id
    assert [s["workout_name"] for s in body["sessions"]] == ["Latest", "Older"]
    latest = body["sessions"][0]
    assert len(latest["sets"]) == 3  # completed sets only
    assert latest["volume_kg"] == 400 + 560 + 490
    assert latest["best_e1rm_kg"] == 88.67  # 70 x (1 + 8/30)
    assert {r["kind"] for r in body["records"]} == {
        "heaviest_weight",
        "most_reps",
        "best_e1rm",
        "best_session_volume",
    }
    # Top working set 70 kg x 8: below 12 reps, so the same weight for one more rep.
    assert body["suggestion"] == {
        "weight_kg": 70,
        "reps": 9,
        "rule": "same weight, one more rep",
    }


def test_history_of_an_untried_exercise_is_empty(user_client, bench):
    body = user_client.get(f"/api/v1/exercises/{bench.id}/history").json()

    assert body["sessions"] == []
    assert body["records"] == []
    assert body["suggestion"] is None


def test_history_session_count_is_bounded(user_client, bench):
    for n in range(4):
        log(user_client, bench, [done(5, 50 + n)], name=f"S{n}")

    two = user_client.get(f"/api/v1/exercises/{bench.id}/history", {"sessions": 2}).json()
    bad = user_client.get(f"/api/v1/exercises/{bench.id}/history", {"sessions": 50})

    assert [s["workout_name"] for s in two["sessions"]] == ["S3", "S2"]
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "sessions"


def test_history_shows_only_my_sessions(user_client, client_for, other_user, bench):
    log(client_for(other_user), bench, [done(5, 200)])

    assert user_client.get(f"/api/v1/exercises/{bench.id}/history").json()["sessions"] == []
