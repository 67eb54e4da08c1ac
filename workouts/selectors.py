"""Reads that span models: querysets shaped for the serializers, history, stats."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from users.models import User
from workouts.models import (
    Exercise,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
    performed_at,
)
from workouts.progress import TWO_PLACES, epley_one_rep_max, streaks, suggest_next

# A set as the API shows it, in order (WorkoutSetSerializer's fields, less `records`).
SET_ROW_FIELDS = ("id", "position", *WorkoutSet.CONTENT_FIELDS)


def sets_with_records() -> QuerySet[WorkoutSet]:
    """Sets with the records they hold, as `records_held` (a list: cheaper to read than a
    related manager on hundreds of sets)."""
    return WorkoutSet.objects.order_by("position").prefetch_related(
        Prefetch("records", to_attr="records_held")
    )


def workout_structures(workout_ids: list[int]) -> dict[int, list[dict]]:
    """Each workout's exercises, their sets and the records those sets hold, as rows: three
    queries however many workouts, exercises and sets, and no model instance per set (on a page
    of workouts that is where the time went). The rows are what WorkoutSerializer shows, except
    that `completed_at` is still a datetime."""
    structures: dict[int, list[dict]] = {workout_id: [] for workout_id in workout_ids}
    if not workout_ids:
        return structures
    entries = {}
    for entry_id, workout_id, position, exercise_id, exercise_name, notes in (
        WorkoutExercise.objects.filter(workout_id__in=workout_ids)
        .order_by("position")
        .values_list("id", "workout_id", "position", "exercise_id", "exercise__name", "notes")
    ):
        entries[entry_id] = {
            "id": entry_id,
            "position": position,
            "exercise": exercise_id,
            "exercise_name": exercise_name,
            "notes": notes,
            "sets": [],
        }
        structures[workout_id].append(entries[entry_id])
    if not entries:
        return structures
    sets = {}
    for entry_id, *values in (
        WorkoutSet.objects.filter(workout_exercise__workout_id__in=workout_ids)
        .order_by("position")
        .values_list("workout_exercise_id", *SET_ROW_FIELDS)
    ):
        row = dict(zip(SET_ROW_FIELDS, values, strict=True), records=[])
        sets[row["id"]] = row
        entries[entry_id]["sets"].append(row)
    if sets:
        for set_id, kind in (
            PersonalRecord.objects.filter(workout_set__workout_exercise__workout_id__in=workout_ids)
            .order_by("kind")
            .values_list("workout_set_id", "kind")
        ):
            sets[set_id]["records"].append(kind)
    return structures


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
    done = WorkoutSet.objects.filter(
        workout_exercise__workout=OuterRef("pk"),
        workout_exercise__exercise=exercise,
        completed=True,
    )
    # The last sessions first, by the user's performed-at index: the walk stops after
    # `sessions` workouts, however long the history (at most that many entries come from them).
    last_workouts = (
        Workout.objects.filter(user=user, is_template=False)
        .filter(Exists(done))
        .order_by(performed_at().desc(), "-id")
        .values("pk")[:sessions]
    )
    entries = (
        WorkoutExercise.objects.filter(exercise=exercise, workout__in=last_workouts)
        .filter(Exists(WorkoutSet.objects.filter(workout_exercise=OuterRef("pk"), completed=True)))
        .select_related("workout")
        .prefetch_related(Prefetch("sets", queryset=sets_with_records().filter(completed=True)))
        .alias(performed=performed_at("workout__"))
        .order_by("-performed", "-id")[:sessions]
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


def all_trained_workouts() -> QuerySet[Workout]:
    """Everyone's workouts that count as training done, with `performed` (when, see
    `Workout.performed_at`): not templates, and finished or holding a completed set.

    The one rule for stats and streaks, as for records and history, which count every completed
    set: a workout logged after the fact without a live session counts, a plan with nothing done
    does not. The staff dashboard counts by it too.
    """
    done = WorkoutSet.objects.filter(workout_exercise__workout=OuterRef("pk"), completed=True)
    return (
        Workout.objects.filter(is_template=False)
        .alias(performed=performed_at())
        .filter(Q(status=Workout.Status.FINISHED) | Exists(done))
    )


def trained_workouts(user: User) -> QuerySet[Workout]:
    """One user's `all_trained_workouts`."""
    return all_trained_workouts().filter(user=user)


def training_days(user: User) -> set[dt.date]:
    """The days, in the user's time zone, on which they trained (`trained_workouts`)."""
    zone = zoneinfo.ZoneInfo(user.timezone)
    return set(
        trained_workouts(user)
        .annotate(day=TruncDate("performed", tzinfo=zone))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )


def user_stats(*, user: User, date_from: dt.date, date_to: dt.date) -> dict:
    """Training totals between two dates (inclusive), days counted in the user's time zone.

    Counts trained workouts (`trained_workouts`) by the day they were performed; sets and volume
    count completed sets only. Streaks run over the whole history, up to today. The database
    sums; a fixed number of queries however long the history.
    """
    zone = zoneinfo.ZoneInfo(user.timezone)
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    trained = trained_workouts(user)
    in_range = trained.filter(performed__gte=start, performed__lt=end)
    totals = in_range.aggregate(workouts=Count("pk"), active_seconds=Sum("active_seconds"))
    per_exercise = list(
        WorkoutSet.objects.filter(workout_exercise__workout__in=in_range, completed=True)
        .values(exercise=F("workout_exercise__exercise_id"))
        .annotate(sets=Count("pk"), volume=Sum(F("reps") * F("weight_kg"), output_field=_SUM))
        .order_by()
    )
    groups_of = defaultdict(set)
    for exercise_id, group in Exercise.primary_muscles.through.objects.filter(
        exercise_id__in=[row["exercise"] for row in per_exercise]
    ).values_list("exercise_id", "muscle__group"):
        groups_of[exercise_id].add(group)
    by_group: dict[str, dict] = defaultdict(lambda: {"sets": 0, "volume_kg": Decimal(0)})
    total_sets, total_volume = 0, Decimal(0)
    for row in per_exercise:
        volume = _decimal(row["volume"])
        total_sets += row["sets"]
        total_volume += volume
        for group in groups_of[row["exercise"]]:
            by_group[group]["sets"] += row["sets"]
            by_group[group]["volume_kg"] += volume
    today = timezone.now().astimezone(zone).date()
    current, longest = streaks(training_days(user), today)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "time_zone": user.timezone,
        "workouts": totals["workouts"],
        "active_minutes": round((totals["active_seconds"] or 0) / 60, 1),
        "sets": total_sets,
        "volume_kg": total_volume,
        "by_muscle_group": [
            {"group": group, **group_totals} for group, group_totals in sorted(by_group.items())
        ],
        "current_streak_days": current,
        "longest_streak_days": longest,
    }


_SUM = DecimalField(max_digits=30, decimal_places=4)


def _decimal(value) -> Decimal:
    """A sum from the database as an exact two-place Decimal (SQLite sums in floating point)."""
    return Decimal(str(value or 0)).quantize(TWO_PLACES)


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """This week (Monday to today) or this month (the 1st to today)."""
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    return today.replace(day=1), today


def local_today(user: User) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone)).date()
