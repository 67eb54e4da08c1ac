"""Awarding badges: the moment they are earned, each once (the database decides under
concurrent writes), announced in the inbox."""

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from achievements.badges import BADGES, BY_CODE
from achievements.models import Achievement
from inbox.services import notify
from users.models import User
from workouts.models import PersonalRecord, Workout, WorkoutSet
from workouts.progress import streaks
from workouts.selectors import training_days


def _longest_streak(user: User) -> int:
    days = training_days(user)
    return streaks(days, max(days))[1] if days else 0


def _finished_workouts(user: User) -> int:
    return Workout.objects.filter(
        user=user, status=Workout.Status.FINISHED, is_template=False
    ).count()


def _distance_km(user: User) -> Decimal:
    metres = WorkoutSet.objects.filter(
        completed=True,
        workout_exercise__workout__user=user,
        workout_exercise__workout__is_template=False,
    ).aggregate(total=Sum("distance_m"))["total"]
    return Decimal(str(metres or 0)) / 1000


def _records(user: User) -> int:
    return PersonalRecord.objects.filter(user=user).count()


# What each measure counts, from the log.
MEASURES: dict[str, Callable[[User], int | Decimal]] = {
    "streak_days": _longest_streak,
    "workouts": _finished_workouts,
    "distance_km": _distance_km,
    "records": _records,
}


@transaction.atomic
def achievements_award(*, user: User, codes: Iterable[str]) -> list[str]:
    """Award these badges the user does not have yet; returns the ones awarded now."""
    awarded = []
    for code in codes:
        try:
            with transaction.atomic():
                Achievement.objects.create(user=user, code=code)
        except IntegrityError:
            continue  # earned already (perhaps a moment ago, by a concurrent request)
        awarded.append(code)
        badge = BY_CODE[code]
        notify(
            user=user,
            kind="achievement",
            title=f"New badge: {badge.title}",
            body=badge.description,
            data={"badge": code},
            dedupe_key=f"achievement:{code}",
        )
    return awarded


def achievements_check(*, user: User, measures: Iterable[str]) -> list[str]:
    """Award every badge of these measures whose threshold the user's log now reaches."""
    measures = set(measures)
    have = set(Achievement.objects.filter(user=user).values_list("code", flat=True))
    values = {measure: MEASURES[measure](user) for measure in measures}
    earned = [
        badge.code
        for badge in BADGES
        if badge.measure in values
        and badge.code not in have
        and values[badge.measure] >= badge.threshold
    ]
    return achievements_award(user=user, codes=earned) if earned else []
