"""`GET /api/v1/users/me/stats`: training totals for a week, a month or a date range, with days
counted in the user's time zone."""

import datetime as dt

import pytest

from tests.factories import CustomExerciseFactory, UserFactory
from workouts.models import Exercise, Workout, WorkoutExercise, WorkoutSet

pytestmark = pytest.mark.django_db

STATS = "/api/v1/users/me/stats"
AUCKLAND = "Pacific/Auckland"  # UTC+13 in November (daylight saving time)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def library(slug: str) -> Exercise:
    return Exercise.objects.get(slug=slug, owner=None)


def primary_muscles(exercise: Exercise) -> list[tuple[str, str]]:
    return sorted(exercise.primary_muscles.values_list("code", "group"))


def log_workout(
    user,
    started_at: dt.datetime | None,
    entries=(),
    *,
    status: str = "finished",
    active_seconds: int = 1800,
    is_template: bool = False,
) -> Workout:
    """A workout as the ORM stores it, with its exercises and sets (completed unless told)."""
    workout = Workout.objects.create(
        user=user,
        name="Session",
        status=status,
        is_template=is_template,
        started_at=started_at,
        finished_at=(
            started_at + dt.timedelta(seconds=active_seconds) if status == "finished" else None
        ),
        resumed_at=started_at if status == "in_progress" else None,
        active_seconds=active_seconds,
    )
    for position, (exercise, sets) in enumerate(entries, start=1):
        entry = WorkoutExercise.objects.create(
            workout=workout, exercise=exercise, position=position
        )
        for set_position, values in enumerate(sets, start=1):
            values = {"completed": True, **values}
            if values["completed"]:
                values["completed_at"] = started_at or utc(2026, 11, 1)
            WorkoutSet.objects.create(workout_exercise=entry, position=set_position, **values)
    return workout


@pytest.fixture
def freeze_now(monkeypatch):
    """Fix "now" as the stats selector sees it (today, this week, this month, streaks)."""

    def freeze(instant: dt.datetime) -> None:
        monkeypatch.setattr("workouts.selectors.timezone.now", lambda: instant)

    return freeze


def get_stats(client, **params) -> dict:
    response = client.get(STATS, params)
    assert response.status_code == 200, response.json()
    return response.json()


def stats_for_day(client, day: str) -> dict:
    return get_stats(client, period="range", date_from=day, date_to=day)


# --- totals --------------------------------------------------------------------------------------


def test_range_totals_count_trained_workouts_and_their_completed_sets_only(
    client_for, other_user, freeze_now
):
    freeze_now(utc(2026, 12, 1, 12, 0))
    me = UserFactory(timezone="UTC")
    bench, overhead_squat = library("barbell-bench-press"), library("overhead-squat")
    run, crunch = library("outdoor-run"), library("crunch")
    assert primary_muscles(bench) == [("chest", "chest")]
    assert primary_muscles(overhead_squat) == [
        ("front_delts", "shoulders"),
        ("glutes", "legs"),
        ("quadriceps", "legs"),
    ]
    assert primary_muscles(run) == [("cardiovascular", "cardio")]
    assert primary_muscles(crunch) == [("abs", "core")]
    heavy = [(bench, [{"reps": 5, "weight_kg": 100, "completed": True}])]
    # In the range: two finished workouts.
    log_workout(
        me,
        utc(2026, 11, 3, 7, 0),
        [
            (
                bench,
                [
                    {"set_type": "warm_up", "reps": 10, "weight_kg": 40},  # 400 kg
                    {"reps": 5, "weight_kg": 100},  # 500 kg
                    {"reps": 5, "weight_kg": 100, "completed": False},  # only planned
                ],
            ),
            (overhead_squat, [{"reps": 8, "weight_kg": 50}]),  # 400 kg
        ],
        active_seconds=2700,
    )
    log_workout(
        me,
        utc(2026, 11, 10, 18, 0),
        [
            (run, [{"duration_seconds": 1800, "distance_m": 5000}]),
            (crunch, [{"reps": 20}, {"reps": 15, "completed": False}]),
        ],
        active_seconds=1830,
    )
    # And one still in progress, with a set done: training done counts (as for records).
    log_workout(me, utc(2026, 11, 15, 9, 0), heavy, status="in_progress", active_seconds=600)
    # Not counted: just outside the range, a plan with nothing done, a template, someone else's.
    log_workout(me, utc(2026, 10, 31, 23, 59, 59), heavy)
    log_workout(me, utc(2026, 12, 1, 0, 0), heavy)
    nothing_done = [(bench, [{"reps": 5, "weight_kg": 100, "completed": False}])]
    log_workout(me, None, nothing_done, status="planned", active_seconds=0)
    log_workout(me, None, heavy, status="planned", active_seconds=0, is_template=True)
    log_workout(other_user, utc(2026, 11, 5, 8, 0), heavy)

    body = get_stats(client_for(me), period="range", date_from="2026-11-01", date_to="2026-11-30")

    assert body == {
        "date_from": "2026-11-01",
        "date_to": "2026-11-30",
        "time_zone": "UTC",
        "workouts": 3,
        "active_minutes": 85.5,  # (2700 + 1830 + 600) s
        "sets": 6,  # the warm-up counts; the sets not completed do not
        "volume_kg": 1800,
        "by_muscle_group": [
            {"group": "cardio", "sets": 1, "volume_kg": 0},
            {"group": "chest", "sets": 3, "volume_kg": 1400},
            {"group": "core", "sets": 1, "volume_kg": 0},
            {"group": "legs", "sets": 1, "volume_kg": 400},
            {"group": "shoulders", "sets": 1, "volume_kg": 400},
        ],
        # Training days: 31 Oct, 3 Nov, 10 Nov, 15 Nov and today, 1 Dec.
        "current_streak_days": 1,
        "longest_streak_days": 1,
    }


def test_stats_without_any_workout_are_zero(user_client, user, freeze_now):
    freeze_now(utc(2026, 11, 20, 12, 0))

    body = get_stats(user_client, period="range", date_from="2026-11-01", date_to="2026-11-30")

    assert body == {
        "date_from": "2026-11-01",
        "date_to": "2026-11-30",
        "time_zone": "Europe/Berlin",
        "workouts": 0,
        "active_minutes": 0.0,
        "sets": 0,
        "volume_kg": 0,
        "by_muscle_group": [],
        "current_streak_days": 0,
        "longest_streak_days": 0,
    }


def test_a_set_counts_once_for_each_group_of_its_exercises_primary_muscles(user_client, user):
    overhead_squat, hanging_leg_raise = library("overhead-squat"), library("hanging-leg-raise")
    # Two leg muscles and one shoulder muscle; two core muscles.
    assert primary_muscles(overhead_squat) == [
        ("front_delts", "shoulders"),
        ("glutes", "legs"),
        ("quadriceps", "legs"),
    ]
    assert primary_muscles(hanging_leg_raise) == [("abs", "core"), ("hip_flexors", "core")]
    log_workout(
        user,
        utc(2026, 11, 10, 8, 0),
        [
            (overhead_squat, [{"reps": 5, "weight_kg": 60}, {"reps": 5, "weight_kg": "62.5"}]),
            (hanging_leg_raise, [{"reps": 12}]),
        ],
    )

    body = stats_for_day(user_client, "2026-11-10")

    assert body["sets"] == 3
    assert body["volume_kg"] == 612.5
    assert body["by_muscle_group"] == [
        {"group": "core", "sets": 1, "volume_kg": 0},
        {"group": "legs", "sets": 2, "volume_kg": 612.5},
        {"group": "shoulders", "sets": 2, "volume_kg": 612.5},
    ]


def test_a_set_of_an_exercise_without_primary_muscles_counts_in_totals_but_no_group(
    user_client, user
):
    odd_lift = CustomExerciseFactory(owner=user)
    odd_lift.primary_muscles.clear()
    log_workout(user, utc(2026, 11, 10, 8, 0), [(odd_lift, [{"reps": 10, "weight_kg": 20}])])

    body = stats_for_day(user_client, "2026-11-10")

    assert (body["sets"], body["volume_kg"], body["by_muscle_group"]) == (1, 200, [])


@pytest.mark.parametrize("status", ["in_progress", "paused", "planned"])
def test_an_unfinished_workout_counts_once_a_set_in_it_is_done(
    user_client, user, freeze_now, status
):
    """One rule with records and history: completed sets are training done, whether or not
    the session was finished, or ever started (a workout logged after the fact)."""
    freeze_now(utc(2026, 11, 20, 12, 0))
    user.timezone = "UTC"
    user.save()
    crunch = library("crunch")
    log_workout(user, utc(2026, 11, 19, 8, 0), [(crunch, [{"reps": 20}])])
    started = None if status == "planned" else utc(2026, 11, 20, 8, 0)
    done = log_workout(user, started, [(crunch, [{"reps": 30}])], status=status, active_seconds=0)
    plan = log_workout(user, None, [(crunch, [{"reps": 40, "completed": False}])], status="planned")
    Workout.objects.filter(pk__in=[done.pk, plan.pk]).update(created_at=utc(2026, 11, 20, 8, 0))

    body = get_stats(user_client, period="range", date_from="2026-11-19", date_to="2026-11-20")

    assert (body["workouts"], body["sets"], body["active_minutes"]) == (2, 2, 30.0)
    assert (body["current_streak_days"], body["longest_streak_days"]) == (2, 2)


def test_a_plan_with_nothing_done_counts_neither_in_totals_nor_in_streaks(
    user_client, user, freeze_now
):
    freeze_now(utc(2026, 11, 20, 12, 0))
    plan = log_workout(
        user, None, [(library("crunch"), [{"reps": 40, "completed": False}])], status="planned"
    )
    Workout.objects.filter(pk=plan.pk).update(created_at=utc(2026, 11, 20, 8, 0))

    body = get_stats(user_client, period="range", date_from="2026-11-19", date_to="2026-11-20")

    assert (body["workouts"], body["sets"], body["current_streak_days"]) == (0, 0, 0)


# --- days in the user's time zone ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_zone", "started_at", "local_day"),
    [
        # 2026-11-21 00:30 in Auckland (UTC+13), still the 20th in UTC.
        (AUCKLAND, utc(2026, 11, 20, 11, 30), dt.date(2026, 11, 21)),
        ("UTC", utc(2026, 11, 20, 11, 30), dt.date(2026, 11, 20)),
        # Local midnight starts the day; one second before it is the day before.
        (AUCKLAND, utc(2026, 11, 20, 11, 0), dt.date(2026, 11, 21)),
        (AUCKLAND, utc(2026, 11, 20, 10, 59, 59), dt.date(2026, 11, 20)),
        # Behind UTC: the 21st in UTC is still the evening of the 20th in Los Angeles (UTC-8).
        ("America/Los_Angeles", utc(2026, 11, 21, 7, 30), dt.date(2026, 11, 20)),
        # Berlin moves to summer time on 29 March 2026: that day is 23 hours long.
        ("Europe/Berlin", utc(2026, 3, 28, 23, 30), dt.date(2026, 3, 29)),
        ("Europe/Berlin", utc(2026, 3, 29, 22, 30), dt.date(2026, 3, 30)),
    ],
)
def test_a_workout_counts_on_the_day_it_started_in_the_users_time_zone(
    client_for, time_zone, started_at, local_day
):
    me = UserFactory(timezone=time_zone)
    log_workout(me, started_at, [(library("crunch"), [{"reps": 20}])])
    client = client_for(me)
    one_day = dt.timedelta(days=1)

    counts = [
        stats_for_day(client, day.isoformat())["workouts"]
        for day in (local_day - one_day, local_day, local_day + one_day)
    ]

    assert counts == [0, 1, 0]
    assert stats_for_day(client, local_day.isoformat())["time_zone"] == time_zone


def test_the_same_instant_counts_on_the_21st_in_auckland_and_on_the_20th_in_utc(client_for):
    instant = utc(2026, 11, 20, 11, 30)
    kiwi, londoner = UserFactory(timezone=AUCKLAND), UserFactory(timezone="UTC")
    log_workout(kiwi, instant, active_seconds=1800)
    log_workout(londoner, instant, active_seconds=1800)

    kiwi_client, londoner_client = client_for(kiwi), client_for(londoner)

    assert stats_for_day(kiwi_client, "2026-11-20")["workouts"] == 0
    assert stats_for_day(kiwi_client, "2026-11-21")["workouts"] == 1
    assert stats_for_day(kiwi_client, "2026-11-21")["active_minutes"] == 30.0
    assert stats_for_day(londoner_client, "2026-11-20")["workouts"] == 1
    assert stats_for_day(londoner_client, "2026-11-21")["workouts"] == 0


@pytest.mark.parametrize(
    ("started", "longest_in_auckland", "longest_in_utc"),
    [
        # The same UTC day (the 20th) but two Auckland days (20th, 21st); then the 21st in UTC
        # is the 22nd in Auckland.
        ([utc(2026, 11, 20, 9, 0), utc(2026, 11, 20, 12, 0), utc(2026, 11, 21, 12, 0)], 3, 2),
        # Two UTC days (20th, 21st) but both on the 21st in Auckland.
        ([utc(2026, 11, 20, 11, 30), utc(2026, 11, 21, 9, 0)], 1, 2),
    ],
)
def test_longest_streak_is_counted_in_local_days(
    client_for, started, longest_in_auckland, longest_in_utc
):
    kiwi, londoner = UserFactory(timezone=AUCKLAND), UserFactory(timezone="UTC")
    for instant in started:
        log_workout(kiwi, instant)
        log_workout(londoner, instant)

    kiwi_stats = stats_for_day(client_for(kiwi), "2026-11-20")
    londoner_stats = stats_for_day(client_for(londoner), "2026-11-20")

    assert kiwi_stats["longest_streak_days"] == longest_in_auckland
    assert londoner_stats["longest_streak_days"] == longest_in_utc


def test_current_streak_is_counted_up_to_today_in_the_users_time_zone(client_for, freeze_now):
    # Now: 23 Nov, 10:00 UTC = 23 Nov, 23:00 in Auckland.
    freeze_now(utc(2026, 11, 23, 10, 0))
    kiwi, londoner = UserFactory(timezone=AUCKLAND), UserFactory(timezone="UTC")
    for instant in (utc(2026, 11, 20, 11, 30), utc(2026, 11, 21, 11, 30)):
        log_workout(kiwi, instant)
        log_workout(londoner, instant)

    kiwi_stats = stats_for_day(client_for(kiwi), "2026-11-23")
    londoner_stats = stats_for_day(client_for(londoner), "2026-11-23")

    # Auckland: the 21st and 22nd, so yesterday: the streak is alive with nothing today yet.
    assert (kiwi_stats["current_streak_days"], kiwi_stats["longest_streak_days"]) == (2, 2)
    # UTC: the 20th and 21st, two days before today: the streak is over.
    assert (londoner_stats["current_streak_days"], londoner_stats["longest_streak_days"]) == (0, 2)


# --- week and month --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time_zone", "week_from", "week_to", "workouts"),
    [
        # Sunday 22 Nov, 12:00 UTC is already Monday the 23rd, 01:00 in Auckland: a new week.
        (AUCKLAND, "2026-11-23", "2026-11-23", 1),
        ("UTC", "2026-11-16", "2026-11-22", 3),
        # Berlin (UTC+1): Monday the 16th starts at 15 Nov, 23:00 UTC.
        ("Europe/Berlin", "2026-11-16", "2026-11-22", 4),
    ],
)
def test_default_period_is_this_week_from_monday_in_the_users_time_zone(
    client_for, freeze_now, time_zone, week_from, week_to, workouts
):
    freeze_now(utc(2026, 11, 22, 12, 0))
    me = UserFactory(timezone=time_zone)
    for instant in (
        utc(2026, 11, 22, 10, 30),  # Sun 22nd 23:30 in Auckland
        utc(2026, 11, 22, 11, 30),  # Mon 23rd 00:30 in Auckland
        utc(2026, 11, 16, 0, 30),  # Mon 16th in UTC and Berlin
        utc(2026, 11, 15, 23, 30),  # Sun 15th in UTC, Mon 16th 00:30 in Berlin
        utc(2026, 11, 9, 12, 0),  # last week everywhere
    ):
        log_workout(me, instant)
    client = client_for(me)

    body = get_stats(client)

    assert (body["date_from"], body["date_to"], body["workouts"]) == (week_from, week_to, workouts)
    assert get_stats(client, period="week") == body


@pytest.mark.parametrize(
    ("time_zone", "month_from", "month_to", "workouts"),
    [
        # 30 Nov, 11:30 UTC is 1 Dec, 00:30 in Auckland: a new month with one workout so far.
        (AUCKLAND, "2026-12-01", "2026-12-01", 1),
        ("UTC", "2026-11-01", "2026-11-30", 2),
        # 31 Oct, 23:30 UTC is 1 Nov, 00:30 in Berlin.
        ("Europe/Berlin", "2026-11-01", "2026-11-30", 3),
    ],
)
def test_month_period_is_from_the_first_to_today_in_the_users_time_zone(
    client_for, freeze_now, time_zone, month_from, month_to, workouts
):
    freeze_now(utc(2026, 11, 30, 11, 30))
    me = UserFactory(timezone=time_zone)
    for instant in (
        utc(2026, 10, 31, 23, 30),
        utc(2026, 11, 15, 12, 0),
        utc(2026, 11, 30, 11, 0),  # 1 Dec, 00:00 in Auckland
        utc(2026, 10, 20, 12, 0),  # last month everywhere
    ):
        log_workout(me, instant)

    body = get_stats(client_for(me), period="month")

    assert (body["date_from"], body["date_to"], body["workouts"]) == (
        month_from,
        month_to,
        workouts,
    )


# --- validation and access -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"period": "range", "date_to": "2026-11-30"},
            [("date_from", "invalid", "Required when period is range.")],
        ),
        (
            {"period": "range", "date_from": "2026-11-01"},
            [("date_to", "invalid", "Required when period is range.")],
        ),
        (
            {"period": "range"},
            [
                ("date_from", "invalid", "Required when period is range."),
                ("date_to", "invalid", "Required when period is range."),
            ],
        ),
        (
            {"period": "range", "date_from": "2026-11-30", "date_to": "2026-11-29"},
            [("date_to", "invalid", "Must not be before date_from.")],
        ),
        (
            # 367 days, counting both ends.
            {"period": "range", "date_from": "2025-01-01", "date_to": "2026-01-02"},
            [("date_to", "invalid", "At most 366 days.")],
        ),
        (
            {"period": "year"},
            [("period", "invalid_choice", '"year" is not a valid choice.')],
        ),
    ],
)
def test_bad_stats_query_is_400_naming_the_field(user_client, params, errors):
    response = user_client.get(STATS, params)

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["attr"], e["code"], e["detail"]) for e in body["errors"]] == errors


def test_bad_date_is_400_naming_the_field(user_client):
    response = user_client.get(
        STATS, {"period": "range", "date_from": "2026-11-31", "date_to": "2026-12-01"}
    )

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("date_from", "invalid")]


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        ("2024-01-01", "2024-12-31"),  # 366 days, a leap year
        ("2025-06-01", "2026-06-01"),  # 366 days, counting both ends
        ("2026-11-20", "2026-11-20"),  # one day
    ],
)
def test_range_of_up_to_366_days_is_accepted(user_client, date_from, date_to):
    body = get_stats(user_client, period="range", date_from=date_from, date_to=date_to)

    assert (body["date_from"], body["date_to"]) == (date_from, date_to)


def test_range_ending_on_the_last_representable_date_is_not_a_server_error(user_client):
    response = user_client.get(
        STATS, {"period": "range", "date_from": "9999-12-31", "date_to": "9999-12-31"}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "date_from"


def test_dates_alone_mean_a_range(user_client):
    body = get_stats(user_client, date_from="2026-11-02", date_to="2026-11-08")

    assert (body["date_from"], body["date_to"]) == ("2026-11-02", "2026-11-08")


def test_dates_with_another_period_are_400(user_client):
    response = user_client.get(STATS, {"period": "week", "date_from": "2026-11-02"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "period"


def test_anonymous_gets_401(api_client):
    response = api_client.get(STATS)

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
