"""Values at and past every bound, through the API and the import alike: one set of limits
(workouts/limits.py), a clear 4xx naming the field, and never a 500."""

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import CustomExerciseFactory, UserFactory, WorkoutFactory, library_exercise
from users.models import User
from workouts import limits, services
from workouts.models import Exercise, PersonalRecord, Workout, WorkoutSet

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/users/me/import"


@pytest.fixture
def squat():
    return library_exercise("reps", "weight", category="strength")


@pytest.fixture
def run():
    return library_exercise("duration", "distance", category="cardio")


def log(client, exercise, *sets):
    return client.post(
        "/api/v1/workouts",
        {"name": "Session", "exercises": [{"exercise": exercise.pk, "sets": list(sets)}]},
        format="json",
    )


def errors(response) -> dict[str, str]:
    return {e["attr"]: e["code"] for e in response.json()["errors"]}


def document(**workout) -> dict:
    """An export with one workout, as another FitSpace would write it."""
    return {
        "format": "fitspace-export",
        "version": 1,
        "workouts": [
            {
                "uid": "0b0b0b0b-0000-4000-8000-000000000001",
                "name": "Imported",
                "status": "planned",
                "exercises": [],
                **workout,
            }
        ],
    }


def number(value):
    """A bound as a JSON number."""
    return float(value) if isinstance(value, Decimal) else value


def post_import(client, body):
    return client.post(IMPORT, json.dumps(body), content_type="application/json")


# --- one set's values --------------------------------------------------------------------------

SET_BOUNDS = [
    ("reps", limits.MAX_REPS, limits.MAX_REPS + 1),
    ("weight_kg", limits.MAX_WEIGHT_KG, limits.MAX_WEIGHT_KG + Decimal("0.01")),
    ("weight_kg", 0, -1),
    ("rpe", limits.MIN_RPE, Decimal("0.9")),
    ("rpe", limits.MAX_RPE, Decimal("10.5")),
    ("rest_seconds", limits.MAX_REST_SECONDS, limits.MAX_REST_SECONDS + 1),
]


@pytest.mark.parametrize(("field", "at_bound", "past_bound"), SET_BOUNDS)
def test_a_set_value_at_its_bound_is_stored_and_past_it_is_400_in_the_api(
    user_client, squat, field, at_bound, past_bound
):
    accepted = log(user_client, squat, {field: number(at_bound)})
    refused = log(user_client, squat, {field: number(past_bound)})

    assert accepted.status_code == 201, accepted.json()
    assert refused.status_code == 400
    assert f"exercises[0].sets[0].{field}" in errors(refused)


@pytest.mark.parametrize(
    ("field", "at_bound", "past_bound"),
    [
        *SET_BOUNDS,
        ("distance_m", limits.MAX_DISTANCE_M, limits.MAX_DISTANCE_M + 1),
        ("duration_seconds", limits.MAX_DURATION_SECONDS, limits.MAX_DURATION_SECONDS + 1),
    ],
)
def test_the_import_accepts_and_refuses_exactly_what_the_api_does(
    user_client, squat, run, field, at_bound, past_bound
):
    exercise = run if field in ("distance_m", "duration_seconds") else squat

    def body(value):
        return document(
            exercises=[{"exercise": {"library": exercise.slug}, "sets": [{field: number(value)}]}]
        )

    accepted = post_import(user_client, body(at_bound))
    refused_body = body(past_bound)
    refused_body["workouts"][0]["uid"] = "0b0b0b0b-0000-4000-8000-000000000002"
    refused = post_import(user_client, refused_body)

    assert accepted.status_code == 200, accepted.json()
    assert refused.status_code == 400, refused.json()
    assert f"workouts[0].exercises[0].sets[0].{field}" in errors(refused)


def test_the_heaviest_sets_at_every_bound_give_records_not_a_server_error(user_client, squat):
    """Five sets of 2000 kg x 10000 reps once overflowed the session volume column."""
    heavy = {"reps": limits.MAX_REPS, "weight_kg": number(limits.MAX_WEIGHT_KG), "completed": True}

    response = log(user_client, squat, *[heavy] * 5)

    assert response.status_code == 201, response.json()
    volume = PersonalRecord.objects.get(kind="best_session_volume")
    assert volume.value == 5 * limits.MAX_REPS * limits.MAX_WEIGHT_KG
    history = user_client.get(f"/api/v1/exercises/{squat.pk}/history")
    assert history.status_code == 200
    assert history.json()["sessions"][0]["volume_kg"] == 5 * 10_000 * 2000


def test_records_hold_the_largest_session_the_limits_allow():
    digits_before_the_point = limits.RECORD_DIGITS - 2
    assert 10**digits_before_the_point > limits.MAX_SESSION_VOLUME_KG


def test_the_longest_distance_gives_a_history_and_a_target_within_the_limits(user_client, run):
    """9,999,999.99 m once made the history a 500: its 5 % more did not fit the target."""
    logged = log(
        user_client,
        run,
        {"distance_m": number(limits.MAX_DISTANCE_M), "duration_seconds": 60, "completed": True},
    )

    history = user_client.get(f"/api/v1/exercises/{run.pk}/history")

    assert logged.status_code == 201, logged.json()
    assert history.status_code == 200
    assert Decimal(str(history.json()["suggestion"]["distance_m"])) <= limits.MAX_DISTANCE_M


def test_a_workout_holds_at_most_the_declared_number_of_exercises_and_sets(user_client, squat):
    too_many_sets = log(user_client, squat, *[{"reps": 1}] * (limits.MAX_SETS_PER_EXERCISE + 1))
    too_many_exercises = user_client.post(
        "/api/v1/workouts",
        {
            "name": "Everything",
            "exercises": [{"exercise": squat.pk}] * (limits.MAX_EXERCISES_PER_WORKOUT + 1),
        },
        format="json",
    )

    assert too_many_sets.status_code == 400
    assert "exercises[0].sets" in errors(too_many_sets)
    assert too_many_exercises.status_code == 400
    assert "exercises" in errors(too_many_exercises)


def test_adding_past_the_limits_while_training_is_400(user_client, user, squat):
    workout = services.workout_create(
        user=user,
        name="Full",
        exercises=[{"exercise": squat, "sets": [{"reps": 1}] * limits.MAX_SETS_PER_EXERCISE}]
        * limits.MAX_EXERCISES_PER_WORKOUT,
    )
    entry = workout.exercises.first()

    one_more_exercise = user_client.post(
        f"/api/v1/workouts/{workout.pk}/exercises", {"exercise": squat.pk}, format="json"
    )
    one_more_set = user_client.post(
        f"/api/v1/workout-exercises/{entry.pk}/sets", {"reps": 1}, format="json"
    )

    assert (one_more_exercise.status_code, one_more_set.status_code) == (400, 400)
    assert errors(one_more_exercise) == {"exercise": "max_length"}
    assert errors(one_more_set) == {"sets": "max_length"}


def test_a_completion_time_needs_a_completed_set(user_client, squat):
    response = log(user_client, squat, {"reps": 5, "completed_at": "2026-11-01T10:00:00Z"})

    assert response.status_code == 400
    assert "exercises[0].sets[0].completed_at" in errors(response)


# --- times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instant", ["0001-01-01T01:00Z", "1969-12-31T23:59:59Z", "2101-01-01T00:00Z"]
)
def test_an_imported_time_outside_1970_to_2100_is_400(user_client, instant):
    """Year 1 once imported, and then every stats request of a New York user was a 500."""
    body = document(status="finished", started_at=instant, finished_at=instant)

    response = post_import(user_client, body)

    assert response.status_code == 400
    assert "workouts[0].started_at" in errors(response)


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00-23:00", "9999-12-31T23:00-23:00", "1969-12-31T23:59:59Z"],
)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_a_workout_filter_time_outside_1970_to_2100_is_400(user_client, param, value):
    response = user_client.get("/api/v1/workouts", {param: value})

    assert response.status_code == 400
    assert param in errors(response)


def test_delta_sync_time_outside_1970_to_2100_is_400(user_client):
    response = user_client.get("/api/v1/exercises", {"updated_since": "0001-01-01T00:00-23:00"})

    assert response.status_code == 400
    assert "updated_since" in errors(response)


# --- the import's other rules --------------------------------------------------------------------


def test_an_imported_phone_is_checked_like_the_profiles(user_client):
    body = document() | {
        "profile": {"name": "X", "phone": "call me maybe", "bio": "", "timezone": "UTC"}
    }

    response = post_import(user_client, body)

    assert response.status_code == 400
    assert "profile.phone" in errors(response)


def test_an_imported_set_may_not_carry_a_measure_its_exercise_does_not_record(user_client, run):
    body = document(exercises=[{"exercise": {"library": run.slug}, "sets": [{"weight_kg": 50}]}])

    response = post_import(user_client, body)

    assert response.status_code == 400
    assert errors(response) == {"workouts[0].exercises[0].sets[0].weight_kg": "invalid"}
    assert not Workout.objects.exists()


def test_a_uid_twice_in_one_document_is_400_naming_the_second(user_client):
    body = document()
    body["workouts"].append(copy.deepcopy(body["workouts"][0]))

    response = post_import(user_client, body)

    assert response.status_code == 400
    assert "workouts[1].uid" in errors(response)


@pytest.mark.parametrize(
    ("status", "blamed"),
    [
        ("finished", "workouts[0].started_at"),
        ("in_progress", "workouts[0].started_at"),
    ],
)
def test_an_imported_session_state_the_database_forbids_is_400_naming_the_field(
    user_client, status, blamed
):
    response = post_import(user_client, document(status=status))

    assert response.status_code == 400
    assert blamed in errors(response)


def test_a_live_workout_in_an_import_while_one_is_live_here_is_400(user_client, user):
    services.workout_start(workout=WorkoutFactory(user=user))
    body = document(
        status="in_progress", started_at="2026-11-01T10:00Z", resumed_at="2026-11-01T10:00Z"
    )

    response = post_import(user_client, body)

    assert response.status_code == 400
    assert "workouts[0].status" in errors(response)


# Pairs that PostgreSQL's LOWER() (the unique constraint) makes equal while UPPER() (`iexact`)
# and Python's lower() do not, or the other way round.
NAME_TWINS = [("\u0130x", "ix"), ("Stra\u1e9ee", "stra\u00dfe"), ("Zercher", "ZERCHER")]


@pytest.mark.parametrize(("existing", "new"), NAME_TWINS)
def test_a_custom_exercise_name_taken_in_any_case_is_400_never_a_500(
    user_client, user, existing, new
):
    CustomExerciseFactory(owner=user, name=existing)
    # As the unique constraint compares names: PostgreSQL folds more letters than SQLite.
    taken = Exercise.objects.filter(owner=user).named(new).exists()
    body = {
        "name": new,
        "category": "strength",
        "equipment": "barbell",
        "primary_muscles": ["quadriceps"],
        "measures": ["reps"],
    }

    response = user_client.post("/api/v1/exercises", body, format="json")

    assert response.status_code == (400 if taken else 201), response.json()
    if taken:
        assert errors(response) == {"name": "unique"}


@pytest.mark.parametrize(("existing", "new"), NAME_TWINS)
def test_importing_a_custom_exercise_whose_name_is_taken_reuses_it(
    user_client, user, existing, new
):
    mine = CustomExerciseFactory(owner=user, name=existing)
    taken = Exercise.objects.filter(pk=mine.pk).named(new).exists()
    body = document() | {
        "custom_exercises": [
            {
                "uid": "0c0c0c0c-0000-4000-8000-000000000001",
                "name": new,
                "category": "strength",
                "equipment": "barbell",
                "primary_muscles": ["quadriceps"],
                "measures": ["reps"],
            }
        ]
    }

    response = post_import(user_client, body)

    assert response.status_code == 200, response.json()
    assert response.json()["skipped"]["custom_exercises"] == int(taken)


def test_a_thousand_workouts_import_in_a_bounded_number_of_queries(
    user_client, squat, django_assert_max_num_queries
):
    """Importing 1,000 workouts once took 22 s, queries per row; API Gateway gives 29 s. Now
    rows go in bulk statements: a few on PostgreSQL, some tens on SQLite, which takes at most
    999 parameters a statement."""
    body = {
        "format": "fitspace-export",
        "version": 1,
        "workouts": [
            {
                "uid": f"0d0d0d0d-0000-4000-8000-{n:012d}",
                "name": f"Day {n}",
                "status": "finished",
                "started_at": "2026-01-01T10:00Z",
                "finished_at": "2026-01-01T11:00Z",
                "created_at": "2026-01-01T09:00Z",
                "exercises": [
                    {
                        "exercise": {"library": squat.slug},
                        "sets": [{"reps": 5, "weight_kg": 100, "completed": True}] * 3,
                    }
                ],
            }
            for n in range(1000)
        ],
    }

    with django_assert_max_num_queries(100):
        response = post_import(user_client, body)

    assert response.status_code == 200, response.json()
    assert response.json()["created"]["workouts"] == 1000
    assert WorkoutSet.objects.count() == 3000
    assert Workout.objects.filter(created_at__year=2026, created_at__month=1).count() == 1000


# --- bodies ----------------------------------------------------------------------------------


def test_a_body_over_the_size_limit_is_413(user_client, settings):
    body = json.dumps(document() | {"padding": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    response = user_client.post(IMPORT, body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "request_too_large"


@pytest.mark.parametrize("depth", [33, 100_000])
def test_a_deeply_nested_body_is_400_even_on_the_public_sign_in(api_client, depth):
    """About 100,000 nested `[` once made the public token endpoint a 500 (RecursionError)."""
    body = "[" * depth + "]" * depth

    response = api_client.post("/api/v1/auth/token", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_a_body_nested_32_deep_is_parsed(api_client):
    body = json.dumps(
        {"email": "a@b.io", "password": "x", "extra": [[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}
    )

    response = api_client.post("/api/v1/auth/token", body, content_type="application/json")

    assert response.status_code == 401  # parsed, and the sign-in refused


# --- paging and history ----------------------------------------------------------------------


def test_cursor_paging_refuses_an_ordering_some_rows_leave_empty(user_client, user):
    WorkoutFactory(user=user)
    services.workout_start(workout=WorkoutFactory(user=user))

    for ordering in ("started_at", "-started_at"):
        response = user_client.get("/api/v1/workouts", {"cursor": "", "ordering": ordering})
        assert response.status_code == 400
        assert errors(response) == {"ordering": "invalid"}


@pytest.mark.parametrize("ordering", ["started_at", "-started_at"])
def test_ordering_by_start_puts_never_started_workouts_last_on_every_database(
    user_client, user, ordering
):
    never = WorkoutFactory(user=user, name="Never started")
    started = WorkoutFactory(user=user, name="Started")
    services.workout_start(workout=started)

    names = [
        w["name"]
        for w in user_client.get("/api/v1/workouts", {"ordering": ordering}).json()["results"]
    ]

    assert names == ["Started", never.name]


def test_the_newest_first_list_orders_as_its_index_does(user_client, user):
    """NULLS LAST only where a field can be empty: on `created_at` and `id` it would make the
    database sort all of a user's workouts instead of reading its newest-first index."""
    from django.test.utils import CaptureQueriesContext

    WorkoutFactory(user=user)
    with CaptureQueriesContext(connection) as default:
        user_client.get("/api/v1/workouts", {"cursor": ""})
    with CaptureQueriesContext(connection) as by_start:
        user_client.get("/api/v1/workouts", {"ordering": "-started_at"})

    (page,) = [q["sql"] for q in default.captured_queries if "ORDER BY" in q["sql"]][:1]
    assert "NULLS LAST" not in page.upper()
    assert any("NULLS LAST" in q["sql"].upper() for q in by_start.captured_queries)


def test_cursor_paging_by_name_reaches_every_workout(user_client, user):
    for n in range(5):
        WorkoutFactory(user=user, name=f"W{n}")

    seen, url = [], "/api/v1/workouts?cursor=&ordering=name&limit=2"
    while url:
        body = user_client.get(url).json()
        seen += [w["name"] for w in body["results"]]
        url = body["next"]

    assert seen == [f"W{n}" for n in range(5)]


def test_history_follows_when_sessions_were_performed_on_every_database(user_client, user, squat):
    """PostgreSQL sorts NULL first when descending: a never-started 2020 plan with sets done
    came before a newer session, and the next target came from the old one."""
    old = services.workout_create(
        user=user,
        name="Old log",
        exercises=[{"exercise": squat, "sets": [{"reps": 8, "weight_kg": 50, "completed": True}]}],
    )
    Workout.objects.filter(pk=old.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    recent = services.workout_create(
        user=user,
        name="Recent",
        exercises=[{"exercise": squat, "sets": [{"reps": 8, "weight_kg": 100, "completed": True}]}],
    )
    services.workout_start(workout=recent)
    services.workout_finish(workout=recent)

    body = user_client.get(f"/api/v1/exercises/{squat.pk}/history").json()

    assert [s["workout_name"] for s in body["sessions"]] == ["Recent", "Old log"]
    assert body["suggestion"]["weight_kg"] == 100


# --- accounts --------------------------------------------------------------------------------


def test_an_account_whose_custom_exercise_is_in_use_can_be_deleted(user_client, user):
    """Custom exercises in use are protected from deletion on their own; deleting the account
    once hit that protection from the other side (a 500)."""
    mine = CustomExerciseFactory(owner=user)
    services.workout_create(
        user=user, name="Mine", exercises=[{"exercise": mine, "sets": [{"reps": 5}]}]
    )

    response = user_client.delete(f"/api/v1/users/{user.pk}")

    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Exercise.objects.filter(pk=mine.pk).exists()


def test_a_library_exercise_in_use_still_cannot_be_deleted_on_its_own(user, squat):
    from django.db.models import RestrictedError

    services.workout_create(user=user, name="Squats", exercises=[{"exercise": squat}])

    with pytest.raises(RestrictedError):
        squat.delete()


def test_a_refresh_token_of_a_deleted_account_is_401(api_client):
    from rest_framework_simplejwt.tokens import RefreshToken

    user = UserFactory()
    refresh = str(RefreshToken.for_user(user))
    user.delete()

    response = api_client.post("/api/v1/auth/token/refresh", {"refresh": refresh}, format="json")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_a_records_refresh_costs_the_same_queries_however_long_the_history(user, squat):
    def refresh_after(sets: int) -> int:
        services.workout_create(
            user=user,
            name="Volume",
            exercises=[
                {
                    "exercise": squat,
                    "sets": [
                        {"reps": 5, "weight_kg": 60 + n % 40, "completed": True}
                        for n in range(sets)
                    ],
                }
            ],
        )
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            services.records_refresh(user=user, exercise_ids={squat.pk})
        return len(queries)

    assert refresh_after(5) == refresh_after(100)
