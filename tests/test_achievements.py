"""Badges: each rule at its threshold, once only, the moment it is earned, kept for good."""

import datetime as dt

import pytest
from django.utils import timezone

from achievements.badges import BADGES
from achievements.models import Achievement
from inbox.models import Notification
from tests.factories import UserFactory, library_exercise
from workouts import services
from workouts.models import Workout

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def badges(user) -> set[str]:
    return set(Achievement.objects.filter(user=user).values_list("code", flat=True))


def finish_one(user, exercises=None) -> Workout:
    workout = services.workout_create(user=user, name="Today", exercises=exercises)
    services.workout_start(workout=workout)
    return services.workout_finish(workout=workout)


def test_the_rules_are_data_with_unique_codes():
    codes = [badge.code for badge in BADGES]
    assert len(codes) == len(set(codes))
    assert {"streak_7", "workouts_10", "distance_1000km", "first_record", "group_goal"} <= set(
        codes
    )


def on_days_ago(user, *days: int) -> None:
    """Finished workouts on these days before today (in the user's own days)."""
    now = timezone.now()
    Workout.objects.bulk_create(
        Workout(
            user=user,
            name=f"{day} days ago",
            status=Workout.Status.FINISHED,
            started_at=now - dt.timedelta(days=day),
            finished_at=now - dt.timedelta(days=day),
        )
        for day in days
    )


@pytest.mark.parametrize(
    ("badge", "days"), [("streak_7", 7), ("streak_30", 30), ("streak_100", 100)]
)
def test_a_streak_badge_comes_on_its_nth_day_in_a_row(user, on_commit, badge, days):
    on_days_ago(user, *range(1, days - 1))  # with today: one day short
    on_commit(lambda: finish_one(user))
    assert badge not in badges(user)

    on_days_ago(user, days - 1)  # the missing day, and a workout today makes the run whole
    on_commit(lambda: finish_one(user))

    assert badge in badges(user)


@pytest.mark.parametrize(
    ("badge", "count"), [("workouts_10", 10), ("workouts_100", 100), ("workouts_500", 500)]
)
def test_a_workouts_badge_comes_with_the_nth_finished_workout(user, on_commit, badge, count):
    on_days_ago(user, *range(2, 2 * (count - 2) + 2, 2))  # count - 2 days, apart: no streaks
    on_commit(lambda: finish_one(user))
    assert badge not in badges(user)

    on_commit(lambda: finish_one(user))

    assert badge in badges(user)


def test_a_thousand_kilometres(user, on_commit):
    run = library_exercise("duration", "distance", category="cardio")

    def ride(km):
        sets = [{"distance_m": 1000 * km, "duration_seconds": 3600, "completed": True}]
        return on_commit(lambda: finish_one(user, [{"exercise": run, "sets": sets}]))

    for _ in range(9):
        ride(100)
    ride(99.99)
    assert "distance_1000km" not in badges(user)
    ride(0.01)
    assert "distance_1000km" in badges(user)


def test_records_first_and_beaten(user, user_client, on_commit):
    squat = library_exercise("reps", "weight", category="strength")
    workout = on_commit(
        lambda: services.workout_create(
            user=user,
            name="Squats",
            exercises=[{"exercise": squat, "sets": [{"reps": 5, "weight_kg": 100}]}],
        )
    )
    first_set = workout.exercises.get().sets.get()

    on_commit(
        lambda: user_client.patch(
            f"/api/v1/sets/{first_set.pk}", {"completed": True}, format="json"
        )
    )
    assert badges(user) == {"first_record"}
    on_commit(
        lambda: user_client.patch(f"/api/v1/sets/{first_set.pk}", {"weight_kg": 110}, format="json")
    )

    assert badges(user) == {"first_record", "record_beaten"}


def test_a_badge_is_awarded_once_announced_once_and_kept_after_edits(user, on_commit):
    on_days_ago(user, *range(2, 20, 2))
    tenth = on_commit(lambda: finish_one(user))
    on_commit(lambda: finish_one(user))
    Workout.objects.filter(pk=tenth.pk).delete()  # the workout that earned it goes

    assert Achievement.objects.filter(user=user, code="workouts_10").count() == 1
    assert (
        Notification.objects.filter(
            user=user, kind="achievement", data={"badge": "workouts_10"}
        ).count()
        == 1
    )
    assert "workouts_10" in badges(user)


def test_a_group_goal_reached_together_earns_every_member_a_badge(
    user, user_client, client_for, on_commit
):
    from groups.models import Membership

    group = user_client.post(
        "/api/v1/groups",
        {
            "name": "Pair",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "metric": "workouts",
            "member_target": 5,
            "group_target": 2,
            "timezone": "UTC",
        },
        format="json",
    ).json()
    mate = UserFactory()
    Membership.objects.create(group_id=group["id"], user=mate)

    on_commit(lambda: finish_one(user))
    assert "group_goal" not in badges(user)
    on_commit(lambda: finish_one(mate))

    assert "group_goal" in badges(user)
    assert "group_goal" in badges(mate)


def test_badges_are_on_the_public_profile(user, client_for, on_commit):
    on_days_ago(user, *range(2, 20, 2))
    on_commit(lambda: finish_one(user))

    mine = client_for(user).get(f"/api/v1/users/{user.pk}/achievements").json()
    seen_by_others = client_for(UserFactory()).get(f"/api/v1/users/{user.pk}/achievements").json()
    catalogue = client_for(user).get("/api/v1/achievements").json()

    assert [b["code"] for b in mine] == ["workouts_10"]
    assert seen_by_others == mine
    assert len(catalogue) == len(BADGES)
