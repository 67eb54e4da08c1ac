"""Everything that changes workouts: structure, live sessions, copies, and the records they set."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from users.models import User
from workouts.models import Exercise, PersonalRecord, Workout, WorkoutExercise, WorkoutSet
from workouts.progress import epley_one_rep_max


class WorkoutStateConflict(APIException):
    """A session transition the workout's state does not allow (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"


# --- Custom exercises --------------------------------------------------------------------------

MUSCLE_FIELDS = ("primary_muscles", "secondary_muscles")


@transaction.atomic
def exercise_create(*, owner: User, data: dict[str, Any]) -> Exercise:
    """A custom exercise, visible to its owner only."""
    data = dict(data)
    muscles = {field: data.pop(field, []) for field in MUSCLE_FIELDS}
    exercise = Exercise.objects.create(owner=owner, **data)
    for field, values in muscles.items():
        getattr(exercise, field).set(values)
    return exercise


@transaction.atomic
def exercise_update(*, exercise: Exercise, data: dict[str, Any]) -> Exercise:
    data = dict(data)
    muscles = {field: data.pop(field) for field in MUSCLE_FIELDS if field in data}
    for field, value in data.items():
        setattr(exercise, field, value)
    exercise.save()  # also when only muscles change: updated_at drives delta sync and ETags
    for field, values in muscles.items():
        getattr(exercise, field).set(values)
    return exercise


@transaction.atomic
def exercise_delete(*, exercise: Exercise) -> None:
    """Delete a custom exercise, or retire it when workouts use it (their history keeps it)."""
    if exercise.uses.exists():
        exercise.is_active = False
        exercise.save(update_fields=["is_active", "updated_at"])
    else:
        exercise.delete()


# --- Structure ---------------------------------------------------------------------------------


@transaction.atomic
def workout_create(
    *,
    user: User,
    name: str,
    description: str = "",
    is_template: bool = False,
    exercises: list[dict[str, Any]] | None = None,
    copied_from: Workout | None = None,
) -> Workout:
    """Create a workout, with its exercises and sets, all or nothing."""
    workout = Workout.objects.create(
        user=user,
        name=name,
        description=description,
        is_template=is_template,
        copied_from=copied_from,
    )
    if exercises:
        _write_exercises(workout, exercises)
        records_refresh(user=user, exercise_ids={item["exercise"].pk for item in exercises})
    return workout


@transaction.atomic
def workout_update(*, workout: Workout, data: dict[str, Any]) -> Workout:
    """Change the given fields; `exercises`, when given, replaces every exercise and set."""
    data = dict(data)
    exercises = data.pop("exercises", None)
    for field, value in data.items():
        setattr(workout, field, value)
    workout.save()
    if exercises is not None:
        touched = set(workout.exercises.values_list("exercise_id", flat=True))
        workout.exercises.all().delete()
        _write_exercises(workout, exercises)
        touched |= {item["exercise"].pk for item in exercises}
        records_refresh(user=workout.user, exercise_ids=touched)
    return workout


@transaction.atomic
def workout_delete(*, workout: Workout) -> None:
    touched = set(workout.exercises.values_list("exercise_id", flat=True))
    user = workout.user
    workout.delete()
    records_refresh(user=user, exercise_ids=touched)


@transaction.atomic
def workout_exercise_add(
    *, workout: Workout, exercise: Exercise, notes: str = "", sets: list[dict] | None = None
) -> WorkoutExercise:
    """Append an exercise (and any sets) to a workout, e.g. while training."""
    last = workout.exercises.order_by("-position").values_list("position", flat=True).first()
    entry = WorkoutExercise.objects.create(
        workout=workout, exercise=exercise, position=(last or 0) + 1, notes=notes
    )
    _write_sets(entry, sets or [])
    records_refresh(user=workout.user, exercise_ids={exercise.pk})
    return entry


@transaction.atomic
def workout_exercise_update(*, entry: WorkoutExercise, notes: str) -> WorkoutExercise:
    entry.notes = notes
    entry.save(update_fields=["notes"])
    return entry


@transaction.atomic
def workout_exercise_delete(*, entry: WorkoutExercise) -> None:
    user, exercise_id = entry.workout.user, entry.exercise_id
    entry.delete()
    records_refresh(user=user, exercise_ids={exercise_id})


@transaction.atomic
def set_add(*, entry: WorkoutExercise, data: dict[str, Any]) -> WorkoutSet:
    """Append a set to an exercise of a workout."""
    last = entry.sets.order_by("-position").values_list("position", flat=True).first()
    workout_set = WorkoutSet.objects.create(
        workout_exercise=entry, position=(last or 0) + 1, **_set_values(data)
    )
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})
    return workout_set


@transaction.atomic
def set_update(*, workout_set: WorkoutSet, data: dict[str, Any]) -> WorkoutSet:
    for field, value in data.items():
        setattr(workout_set, field, value)
    if workout_set.completed and workout_set.completed_at is None:
        workout_set.completed_at = timezone.now()
    if not workout_set.completed:
        workout_set.completed_at = None
    workout_set.save()
    entry = workout_set.workout_exercise
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})
    return workout_set


@transaction.atomic
def set_delete(*, workout_set: WorkoutSet) -> None:
    entry = workout_set.workout_exercise
    workout_set.delete()
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})


def _write_exercises(workout: Workout, exercises: list[dict[str, Any]]) -> None:
    entries = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=workout,
            exercise=item["exercise"],
            position=position,
            notes=item.get("notes", ""),
        )
        for position, item in enumerate(exercises, start=1)
    )
    WorkoutSet.objects.bulk_create(
        WorkoutSet(workout_exercise=entry, position=position, **_set_values(set_data))
        for entry, item in zip(entries, exercises, strict=True)
        for position, set_data in enumerate(item.get("sets", []), start=1)
    )


def _write_sets(entry: WorkoutExercise, sets: list[dict[str, Any]]) -> None:
    WorkoutSet.objects.bulk_create(
        WorkoutSet(workout_exercise=entry, position=position, **_set_values(set_data))
        for position, set_data in enumerate(sets, start=1)
    )


def _set_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {field: data[field] for field in WorkoutSet.CONTENT_FIELDS if field in data}
    if values.get("completed") and not values.get("completed_at"):
        values["completed_at"] = timezone.now()
    if not values.get("completed"):
        values["completed_at"] = None
    return values


# --- Copies ------------------------------------------------------------------------------------


@transaction.atomic
def workout_copy(*, source: Workout, name: str | None = None) -> Workout:
    """A new planned workout from a template or a past workout: same exercises, and its sets
    as targets to do again (not done)."""
    copy = Workout.objects.create(
        user=source.user,
        name=name or source.name,
        description=source.description,
        copied_from=source,
    )
    entries = list(source.exercises.prefetch_related("sets"))
    new_entries = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=copy, exercise_id=entry.exercise_id, position=entry.position, notes=entry.notes
        )
        for entry in entries
    )
    WorkoutSet.objects.bulk_create(
        WorkoutSet(
            workout_exercise=new_entry,
            position=workout_set.position,
            completed=False,
            completed_at=None,
            **{
                field: getattr(workout_set, field)
                for field in WorkoutSet.CONTENT_FIELDS
                if field not in ("completed", "completed_at")
            },
        )
        for entry, new_entry in zip(entries, new_entries, strict=True)
        for workout_set in entry.sets.all()
    )
    return copy


# --- Live sessions -----------------------------------------------------------------------------
# planned → in_progress ⇄ paused → finished; templates are never started.


@transaction.atomic
def workout_start(*, workout: Workout) -> Workout:
    workout = _locked(workout)
    if workout.is_template:
        raise WorkoutStateConflict("A template cannot be started: copy it, then start the copy.")
    _require(workout, "start", Workout.Status.PLANNED)
    now = timezone.now()
    workout.status = Workout.Status.IN_PROGRESS
    workout.started_at = now
    workout.resumed_at = now
    try:
        with transaction.atomic():
            workout.save(update_fields=["status", "started_at", "resumed_at", "updated_at"])
    except IntegrityError:
        live = Workout.objects.filter(user=workout.user, status__in=Workout.ACTIVE).first()
        detail = "Another workout is already in progress"
        raise WorkoutStateConflict(
            f"{detail} (id {live.pk}): finish it first." if live else f"{detail}."
        ) from None
    return workout


@transaction.atomic
def workout_pause(*, workout: Workout) -> Workout:
    workout = _locked(workout)
    _require(workout, "pause", Workout.Status.IN_PROGRESS)
    workout.active_seconds = workout.active_duration_seconds
    workout.resumed_at = None
    workout.status = Workout.Status.PAUSED
    workout.save(update_fields=["status", "active_seconds", "resumed_at", "updated_at"])
    return workout


@transaction.atomic
def workout_resume(*, workout: Workout) -> Workout:
    workout = _locked(workout)
    _require(workout, "resume", Workout.Status.PAUSED)
    workout.resumed_at = timezone.now()
    workout.status = Workout.Status.IN_PROGRESS
    workout.save(update_fields=["status", "resumed_at", "updated_at"])
    return workout


@transaction.atomic
def workout_finish(*, workout: Workout) -> Workout:
    workout = _locked(workout)
    _require(workout, "finish", Workout.Status.IN_PROGRESS, Workout.Status.PAUSED)
    workout.active_seconds = workout.active_duration_seconds
    workout.resumed_at = None
    workout.finished_at = timezone.now()
    workout.status = Workout.Status.FINISHED
    workout.save(
        update_fields=["status", "active_seconds", "resumed_at", "finished_at", "updated_at"]
    )
    return workout


def _locked(workout: Workout) -> Workout:
    """The workout's current row, locked: two taps on "pause" must not both count."""
    return Workout.objects.select_for_update().get(pk=workout.pk)


def _require(workout: Workout, action: str, *allowed: str) -> None:
    if workout.status not in allowed:
        state = Workout.Status(workout.status).label.lower()
        raise WorkoutStateConflict(f"Cannot {action} this workout: it is {state}.")


# --- Records -----------------------------------------------------------------------------------


def records_refresh(*, user: User, exercise_ids: Iterable[int]) -> None:
    """Recompute the user's records on these exercises from every completed set.

    Recomputing (rather than comparing one new set with the old best) keeps records right when
    sets are edited or deleted. Templates never count.
    """
    for exercise_id in set(exercise_ids):
        best = _best_sets(user, exercise_id)
        current = {
            r.kind: r for r in PersonalRecord.objects.filter(user=user, exercise_id=exercise_id)
        }
        for kind, found in best.items():
            record = current.pop(kind, None)
            if found is None:
                if record is not None:
                    record.delete()
                continue
            value, workout_set, workout, achieved_at = found
            fields = {
                "value": value,
                "workout_set": workout_set,
                "workout": workout,
                "achieved_at": achieved_at,
            }
            if record is None:
                PersonalRecord.objects.create(
                    user=user, exercise_id=exercise_id, kind=kind, **fields
                )
            elif any(getattr(record, name) != field for name, field in fields.items()):
                for name, field in fields.items():
                    setattr(record, name, field)
                record.save()


def _best_sets(user: User, exercise_id: int) -> dict[str, tuple | None]:
    sets = (
        WorkoutSet.objects.filter(
            completed=True,
            workout_exercise__exercise_id=exercise_id,
            workout_exercise__workout__user=user,
            workout_exercise__workout__is_template=False,
        )
        .select_related("workout_exercise__workout")
        .order_by("completed_at", "id")
    )
    best: dict[str, tuple | None] = dict.fromkeys(PersonalRecord.Kind.values)
    volume_by_workout: dict[int, list] = {}

    def better(kind: str, value: Decimal | None, workout_set: WorkoutSet) -> None:
        # Strictly better only: the first time a value was reached is when the record was set.
        if value is not None and value > 0 and (best[kind] is None or value > best[kind][0]):
            workout = workout_set.workout_exercise.workout
            best[kind] = (value, workout_set, workout, _achieved_at(workout_set))

    for workout_set in sets:
        better(PersonalRecord.Kind.HEAVIEST_WEIGHT, workout_set.weight_kg, workout_set)
        reps = Decimal(workout_set.reps) if workout_set.reps is not None else None
        better(PersonalRecord.Kind.MOST_REPS, reps, workout_set)
        better(
            PersonalRecord.Kind.BEST_E1RM,
            epley_one_rep_max(workout_set.weight_kg, workout_set.reps),
            workout_set,
        )
        workout = workout_set.workout_exercise.workout
        entry = volume_by_workout.setdefault(workout.pk, [Decimal(0), workout, workout_set])
        entry[0] += workout_set.volume_kg
        entry[2] = workout_set

    for volume, workout, last_set in sorted(
        volume_by_workout.values(), key=lambda item: _achieved_at(item[2])
    ):
        kind = PersonalRecord.Kind.BEST_SESSION_VOLUME
        if volume > 0 and (best[kind] is None or volume > best[kind][0]):
            best[kind] = (volume, None, workout, _achieved_at(last_set))
    return best


def _achieved_at(workout_set: WorkoutSet):
    return workout_set.completed_at or workout_set.workout_exercise.workout.performed_at
