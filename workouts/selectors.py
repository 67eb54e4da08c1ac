"""Reads that span models: querysets shaped for the serializers, history, stats."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from users.models import User
from workouts.models import Exercise, PersonalRecord, Workout, WorkoutExercise, WorkoutSet
from workouts.progress import epley_one_rep_max, streaks, suggest_next


def sets_with_records() -> QuerySet[WorkoutSet]:
    """Sets with the records they hold, as `records_held` (a list: cheaper to read than a
    related manager on hundreds of sets)."""
    return WorkoutSet.objects.order_by("position").prefetch_related(
        Prefetch("records", to_attr="records_held")
    )


def workouts_with_structure(user: User) -> QuerySet[Workout]:
    """The user's workouts with everything WorkoutSerializer reads, in a fixed number of
    queries however many workouts, exercises and sets there are."""
    return Workout.objects.filter(user=user).prefetch_related(
        Prefetch("exercises", queryset=entries_with_sets())
    )


def entries_with_sets() -> QuerySet[WorkoutExercise]:
    """Exercises of workouts with everything WorkoutExerciseSerializer reads."""
    return (
        WorkoutExercise.objects.order_by("position")
        .select_related("exercise")
        .prefetch_related(Prefetch("sets", queryset=sets_with_records()))
    )


def catalogue(user: User) -> QuerySet[Exercise]:
    return Exercise.objects.visible_to(user).prefetch_related(
        "primary_muscles", "secondary_muscles"
    )


def catalogue_entries(exercises: QuerySet[Exercise]) -> list[tuple[int, dt.datetime]]:
    """Id and last change of each exercise in the (filtered) catalogue, in catalogue order:
    enough to tell whether it changed, and which representations can come from the cache."""
    return list(exercises.order_by("name", "id").values_list("pk", "updated_at"))


def exercise_history(*, user: User, exercise: Exercise, sessions: int) -> dict:
    """What the user did with an exercise in their last sessions, their records on it, and a
    suggested next target."""
    entries = (
        WorkoutExercise.objects.filter(
            exercise=exercise, workout__user=user, workout__is_template=False
        )
        .filter(sets__completed=True)
        .distinct()
        .select_related("workout")
        .prefetch_related(Prefetch("sets", queryset=sets_with_records().filter(completed=True)))
        .order_by("-workout__started_at", "-workout__created_at", "-id")[:sessions]
    )
    history = []
    for entry in entries:
        done = list(entry.sets.all())
        volume = sum((s.volume_kg for s in done), Decimal(0))
        estimates = [e for s in done if (e := epley_one_rep_max(s.weight_kg, s.reps))]
        history.append(
            {
                "workout": entry.workout.pk,
                "workout_name": entry.workout.name,
                "performed_at": entry.workout.performed_at,
                "sets": done,
                "volume_kg": volume,
                "best_e1rm_kg": max(estimates, default=None),
            }
        )
    tracks = {
        m for m in ("reps", "weight", "duration", "distance") if getattr(exercise, f"tracks_{m}")
    }
    last_working = [
        {
            "reps": s.reps,
            "weight_kg": s.weight_kg,
            "duration_seconds": s.duration_seconds,
            "distance_m": s.distance_m,
        }
        for s in (history[0]["sets"] if history else [])
        if s.set_type == WorkoutSet.SetType.WORKING
    ]
    return {
        "exercise": exercise,
        "sessions": history,
        "records": PersonalRecord.objects.filter(user=user, exercise=exercise),
        "suggestion": suggest_next(last_working, tracks=tracks),
    }


def user_stats(*, user: User, date_from: dt.date, date_to: dt.date) -> dict:
    """Training totals between two dates (inclusive), days counted in the user's time zone.

    Counts finished, non-template workouts by the day they started; sets and volume count
    completed sets only. Streaks run over the whole history, up to today.
    """
    zone = zoneinfo.ZoneInfo(user.timezone)
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    finished = Workout.objects.filter(user=user, status=Workout.Status.FINISHED, is_template=False)
    in_range = finished.filter(started_at__gte=start, started_at__lt=end)
    active_seconds = sum(in_range.values_list("active_seconds", flat=True))
    done = (
        WorkoutSet.objects.filter(workout_exercise__workout__in=in_range, completed=True)
        .select_related("workout_exercise__exercise")
        .prefetch_related("workout_exercise__exercise__primary_muscles")
    )
    by_group: dict[str, dict] = defaultdict(lambda: {"sets": 0, "volume_kg": Decimal(0)})
    total_sets, total_volume = 0, Decimal(0)
    for workout_set in done:
        total_sets += 1
        total_volume += workout_set.volume_kg
        groups = {m.group for m in workout_set.workout_exercise.exercise.primary_muscles.all()}
        for group in groups:
            by_group[group]["sets"] += 1
            by_group[group]["volume_kg"] += workout_set.volume_kg
    training_days = {
        started.astimezone(zone).date() for started in finished.values_list("started_at", flat=True)
    }
    today = timezone.now().astimezone(zone).date()
    current, longest = streaks(training_days, today)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "time_zone": user.timezone,
        "workouts": in_range.count(),
        "active_minutes": round(active_seconds / 60, 1),
        "sets": total_sets,
        "volume_kg": total_volume,
        "by_muscle_group": [
            {"group": group, **totals} for group, totals in sorted(by_group.items())
        ],
        "current_streak_days": current,
        "longest_streak_days": longest,
    }


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """This week (Monday to today) or this month (the 1st to today)."""
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    return today.replace(day=1), today


def local_today(user: User) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone)).date()
