"""Everything that changes workouts: structure, live sessions, copies, and the records they set."""

import hashlib
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import DecimalField, F, Max, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from users.models import User
from workouts import limits, signals
from workouts.models import (
    Exercise,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
    performed_at,
)
from workouts.progress import (
    E1RM_MAX_REPS,
    TWO_PLACES,
    epley_one_rep_max,
    epley_one_rep_max_sql,
)

CUSTOM_NAME_TAKEN = "You already have an exercise with this name."


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
    with _unique_custom_name():
        exercise = Exercise.objects.create(owner=owner, **data)
    for field, values in muscles.items():
        getattr(exercise, field).set(values)
    return exercise


@transaction.atomic
def exercise_update(*, exercise: Exercise, data: dict[str, Any]) -> Exercise:
    """Change the given fields only, on the current row (another device's change to other
    fields stays)."""
    data = dict(data)
    muscles = {field: data.pop(field) for field in MUSCLE_FIELDS if field in data}
    exercise = get_object_or_404(Exercise.objects.select_for_update(), pk=exercise.pk)
    for field, value in data.items():
        setattr(exercise, field, value)
    # Saved also when only muscles change: updated_at drives delta sync and ETags.
    with _unique_custom_name():
        exercise.save(update_fields=[*data, "updated_at"])
    for field, values in muscles.items():
        getattr(exercise, field).set(values)
    return exercise


@contextmanager
def _unique_custom_name():
    """Two requests creating the same name at once: the database's unique index decides, and
    the loser gets the same 400 as a name taken earlier."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if "exercise_custom_name_unique" not in str(exc):
            raise
        raise ValidationError({"name": [CUSTOM_NAME_TAKEN]}, code="unique") from None


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
    **activity: Any,
) -> Workout:
    """Create a workout, with its exercises and sets, all or nothing. `activity` holds any of
    its summary fields (`Workout.ACTIVITY_FIELDS`)."""
    unknown = set(activity) - set(Workout.ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Not activity fields: {sorted(unknown)}")
    workout = Workout.objects.create(
        user=user,
        name=name,
        description=description,
        is_template=is_template,
        copied_from=copied_from,
        **activity,
    )
    if exercises:
        _write_exercises(workout, exercises)
        records_refresh(user=user, exercise_ids={item["exercise"].pk for item in exercises})
    return workout


@transaction.atomic
def workout_update(*, workout: Workout, data: dict[str, Any]) -> Workout:
    """Change the given fields; `exercises`, when given, replaces every exercise and set.

    Works on the current row, locked, and writes only the fields given: a rename racing a
    `pause` must not write back the status it read before the pause.
    """
    data = dict(data)
    exercises = data.pop("exercises", None)
    workout = _locked(workout)
    if data.get("is_template") and workout.status != Workout.Status.PLANNED:
        raise ValidationError(
            {"is_template": ["Only a planned workout can be a template."]}, code="invalid"
        )
    for field, value in data.items():
        setattr(workout, field, value)
    # Judged again on the locked row: another device may have changed the other heart rate.
    problem = limits.heart_rate_problem(workout.avg_heart_rate, workout.max_heart_rate)
    if problem:
        raise ValidationError(problem, code="invalid")
    workout.save(update_fields=[*data, "updated_at"])
    if exercises is not None:
        touched = set(workout.exercises.values_list("exercise_id", flat=True))
        workout.exercises.all().delete()
        _write_exercises(workout, exercises)
        touched |= {item["exercise"].pk for item in exercises}
        records_refresh(user=workout.user, exercise_ids=touched)
    return workout


@transaction.atomic
def workout_delete(*, workout: Workout) -> None:
    workout = _locked(workout)  # before the cascade reaches its exercises' and sets' rows
    touched = set(workout.exercises.values_list("exercise_id", flat=True))
    user = workout.user
    workout.delete()
    records_refresh(user=user, exercise_ids=touched)


@transaction.atomic
def workout_exercise_add(
    *, workout: Workout, exercise: Exercise, notes: str = "", sets: list[dict] | None = None
) -> WorkoutExercise:
    """Append an exercise (and any sets) to a workout, e.g. while training. The workout is
    locked, so two devices adding at once get the next two positions."""
    workout = _locked(workout)
    if workout.exercises.count() >= limits.MAX_EXERCISES_PER_WORKOUT:
        raise ValidationError(
            {
                "exercise": [
                    f"A workout holds at most {limits.MAX_EXERCISES_PER_WORKOUT} exercises."
                ]
            },
            code="max_length",
        )
    last = workout.exercises.order_by("-position").values_list("position", flat=True).first()
    entry = WorkoutExercise.objects.create(
        workout=workout, exercise=exercise, position=(last or 0) + 1, notes=notes
    )
    _write_sets(entry, sets or [])
    records_refresh(user=workout.user, exercise_ids={exercise.pk})
    return entry


@transaction.atomic
def workout_exercise_update(*, entry: WorkoutExercise, notes: str) -> WorkoutExercise:
    _lock_workout_then(WorkoutExercise, pk=entry.pk, workout_id=entry.workout_id)
    entry.notes = notes
    entry.save(update_fields=["notes"])
    return entry


@transaction.atomic
def workout_exercise_delete(*, entry: WorkoutExercise) -> None:
    _lock_workout_then(WorkoutExercise, pk=entry.pk, workout_id=entry.workout_id)
    user, exercise_id = entry.workout.user, entry.exercise_id
    entry.delete()
    records_refresh(user=user, exercise_ids={exercise_id})


@transaction.atomic
def set_add(*, entry: WorkoutExercise, data: dict[str, Any]) -> WorkoutSet:
    """Append a set to an exercise of a workout. The exercise's row is locked, so two sets
    added at once get the next two positions."""
    _lock_workout(entry.workout_id)
    entry = get_object_or_404(
        WorkoutExercise.objects.select_for_update(of=("self",)).select_related("workout__user"),
        pk=entry.pk,
    )
    if entry.sets.count() >= limits.MAX_SETS_PER_EXERCISE:
        raise ValidationError(
            {"sets": [f"An exercise holds at most {limits.MAX_SETS_PER_EXERCISE} sets."]},
            code="max_length",
        )
    last = entry.sets.order_by("-position").values_list("position", flat=True).first()
    workout_set = WorkoutSet.objects.create(
        workout_exercise=entry, position=(last or 0) + 1, **_set_values(data)
    )
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})
    return workout_set


@transaction.atomic
def set_update(*, workout_set: WorkoutSet, data: dict[str, Any]) -> WorkoutSet:
    """Change the given fields only, on the current row: two devices editing different fields
    of one set both keep their change."""
    entry = workout_set.workout_exercise
    workout_set = _lock_workout_then(WorkoutSet, pk=workout_set.pk, workout_id=entry.workout_id)
    changed = set(data)
    for field, value in data.items():
        setattr(workout_set, field, value)
    if workout_set.completed and workout_set.completed_at is None:
        workout_set.completed_at = timezone.now()
        changed.add("completed_at")
    if not workout_set.completed and workout_set.completed_at is not None:
        workout_set.completed_at = None
        changed.add("completed_at")
    if changed:
        workout_set.save(update_fields=sorted(changed))
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})
    return workout_set


@transaction.atomic
def set_delete(*, workout_set: WorkoutSet) -> None:
    entry = workout_set.workout_exercise
    _lock_workout_then(WorkoutSet, pk=workout_set.pk, workout_id=entry.workout_id)
    workout_set.delete()
    records_refresh(user=entry.workout.user, exercise_ids={entry.exercise_id})


def _lock_workout(workout_id: int) -> None:
    """Lock the workout's row before any row of its exercises or sets, in every write, always in
    that order (no deadlocks). A workout write replaces its exercises and sets, and its If-Match
    is checked on this row: a nested write must wait for it, or the one undoes the other."""
    get_object_or_404(
        Workout.objects.select_for_update().values_list("pk", flat=True), pk=workout_id
    )


def _lock_workout_then[M: (WorkoutExercise, WorkoutSet)](
    model: type[M], *, pk: int, workout_id: int
) -> M:
    """The workout's row locked, then the current row of one of its exercises or sets. Removed
    meanwhile (e.g. replaced by a workout write this waited for): a 404."""
    _lock_workout(workout_id)
    return get_object_or_404(model.objects.select_for_update(), pk=pk)


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
def workout_copy(*, source: Workout, name: str | None = None, user: User | None = None) -> Workout:
    """A new planned workout from a template or a past workout: same exercises, and its sets
    as targets to do again (not done). For `user` (another person, e.g. from a group session's
    template, which may use library exercises only) the copy is theirs, not linked back."""
    user = user or source.user
    copy = Workout.objects.create(
        user=user,
        name=name or source.name,
        description=source.description,
        copied_from=source if user.pk == source.user_id else None,
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


# --- Activity files ----------------------------------------------------------------------------

# The library exercise a lap of each sport is logged as (a cardio exercise that records duration
# and distance); a sport without one keeps its summary and no sets.
LAP_EXERCISES = {
    Workout.Sport.RUNNING: "outdoor-run",
    Workout.Sport.CYCLING: "outdoor-cycling",
    Workout.Sport.SWIMMING: "swimming-freestyle",
    Workout.Sport.WALKING: "walking",
    Workout.Sport.HIKING: "hiking",
    Workout.Sport.ROWING: "rowing-machine",
}


@transaction.atomic
def workout_import_file(*, user: User, content: bytes) -> tuple[Workout, bool]:
    """A finished workout from a recorded activity (GPX, TCX or FIT), and whether it is new.

    The workout carries the activity's summary (sport, start and end, active time, distance,
    climb, heart rate, energy), `source="file"` and the file's SHA-256 as `external_id`: the
    same file again, by the same user, answers the workout it made (two users importing one
    file get one each). A file that cannot be read, or holds values FitSpace cannot store, is a
    ValidationError on `file` saying why, before anything is written.

    Laps become sets, because a set is what the training log measures (duration and distance
    here), counts in history and shows in every client: each lap is one completed working set
    of the library exercise for the sport (`LAP_EXERCISES`: a run's laps are sets of "Outdoor
    Run"), in order, with its heart rate in the set's notes (sets have no heart rate). A long
    activity's laps continue in further entries of the same exercise, 100 sets to an entry.
    A sport with no such exercise (strength, yoga, other), or a library without it, keeps the
    summary only.
    """
    from workouts import activity_files  # the parsers load only for an import

    digest = hashlib.sha256(content).hexdigest()
    imported = Workout.objects.filter(user=user, source=Workout.Source.FILE, external_id=digest)
    existing = imported.first()
    if existing is not None:
        return existing, False
    try:
        activity = activity_files.read_activity(content, now=timezone.now())
    except activity_files.ActivityFileError as exc:
        raise ValidationError({"file": [str(exc)]}, code=exc.code) from None
    average = activity_files.plausible_heart_rate(activity.avg_heart_rate)
    highest = activity_files.plausible_heart_rate(activity.max_heart_rate)
    try:
        with transaction.atomic():
            workout = Workout.objects.create(
                user=user,
                name=_activity_name(activity),
                status=Workout.Status.FINISHED,
                started_at=activity.started_at,
                finished_at=activity.finished_at,
                active_seconds=round(activity.active_seconds),
                sport=activity.sport,
                distance_m=_two_places(activity.distance_m),
                elevation_gain_m=_two_places(activity.elevation_gain_m),
                avg_heart_rate=average,
                max_heart_rate=highest,
                energy_kj=_two_places(activity.energy_kj),
                source=Workout.Source.FILE,
                external_id=digest,
            )
    except IntegrityError:
        # The same file imported at the same moment by another request: its workout won.
        existing = imported.first()
        if existing is None:
            raise
        return existing, False
    exercise = (
        Exercise.objects.filter(owner=None, slug=LAP_EXERCISES.get(activity.sport), is_active=True)
        .only("pk")
        .first()
    )
    if exercise is not None and activity.laps:
        size = limits.MAX_SETS_PER_EXERCISE
        entries = WorkoutExercise.objects.bulk_create(
            WorkoutExercise(workout=workout, exercise=exercise, position=n)
            for n in range(1, (len(activity.laps) - 1) // size + 2)
        )
        WorkoutSet.objects.bulk_create(
            WorkoutSet(
                workout_exercise=entries[index // size],
                position=index % size + 1,
                duration_seconds=round(lap.duration_seconds),
                distance_m=_two_places(lap.distance_m),
                completed=True,
                completed_at=lap.finished_at,
                notes=_lap_notes(index + 1, lap),
            )
            for index, lap in enumerate(activity.laps)
        )
        records_refresh(user=user, exercise_ids={exercise.pk})
    transaction.on_commit(lambda: signals.workout_finished.send(sender=Workout, workout=workout))
    return workout, True


def _activity_name(activity) -> str:
    name = " ".join(activity.name.split())[:200]
    return name or f"{Workout.Sport(activity.sport).label} ({activity.format.upper()} import)"


def _two_places(value: float | None) -> Decimal | None:
    """A measured float as the two-place decimal the columns hold."""
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES)


def _lap_notes(number: int, lap) -> str:
    from workouts.activity_files import plausible_heart_rate

    parts = [f"Lap {number}"]
    average = plausible_heart_rate(lap.avg_heart_rate)
    highest = plausible_heart_rate(lap.max_heart_rate)
    if average is not None:
        parts.append(f"avg {average} bpm")
    if highest is not None:
        parts.append(f"max {highest} bpm")
    return ", ".join(parts)


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
    transaction.on_commit(lambda: signals.workout_finished.send(sender=Workout, workout=workout))
    return workout


def _locked(workout: Workout) -> Workout:
    """The workout's current row, locked: two taps on "pause" must not both count. Deleted
    meanwhile (by another device): a 404, as if it had never been found."""
    return get_object_or_404(Workout.objects.select_for_update(), pk=workout.pk)


def _require(workout: Workout, action: str, *allowed: str) -> None:
    if workout.status not in allowed:
        state = Workout.Status(workout.status).label.lower()
        raise WorkoutStateConflict(f"Cannot {action} this workout: it is {state}.")


# --- Records -----------------------------------------------------------------------------------


def records_refresh(*, user: User, exercise_ids: Iterable[int]) -> None:
    """Recompute the user's records on these exercises from every completed set.

    Recomputing (rather than comparing one new set with the old best) keeps records right when
    sets are edited or deleted. The database finds each best (a fixed number of queries however
    long the history; no set is loaded into Python). Refreshes of one user's records on one
    exercise are serialized: two sets completed at once both count. Templates never count.
    """
    set_now: list[str] = []
    beaten: list[str] = []
    for exercise_id in sorted(set(exercise_ids)):
        _lock_records(user.pk, exercise_id)
        best = _best(user, exercise_id)
        current = {
            r.kind: r for r in PersonalRecord.objects.filter(user=user, exercise_id=exercise_id)
        }
        for kind in PersonalRecord.Kind.values:
            record, found = current.get(kind), best.get(kind)
            if found is None:
                if record is not None:
                    record.delete()
            elif record is None:
                PersonalRecord.objects.create(
                    user=user, exercise_id=exercise_id, kind=kind, **found
                )
                set_now.append(kind)
            elif any(getattr(record, name) != value for name, value in found.items()):
                if found["value"] > record.value:
                    beaten.append(kind)
                for name, value in found.items():
                    setattr(record, name, value)
                record.save(update_fields=list(found))
    if set_now or beaten:
        transaction.on_commit(
            lambda: signals.records_set.send(
                sender=PersonalRecord, user=user, new=set_now, beaten=beaten
            )
        )


def _lock_records(user_id: int, exercise_id: int) -> None:
    """Hold a transaction-long lock on one user's records on one exercise (PostgreSQL; SQLite
    runs one writer at a time anyway). It is taken after this transaction's own set writes and
    before the records are read, so a concurrent refresh waits, then sees those sets."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"records:{user_id}:{exercise_id}".encode(), digest_size=8)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)",
            [int.from_bytes(digest.digest(), "big", signed=True)],
        )


def _best(user: User, exercise_id: int) -> dict[str, dict[str, Any]]:
    """Each kind of record's value, set, workout and time, found by the database.

    A record is the first time a value was reached (ties go to the earlier set), so each query
    orders by the value, then by when it was achieved: the set's completion time, or for a set
    logged without one, when its workout was performed.
    """
    sets = WorkoutSet.objects.filter(
        completed=True,
        workout_exercise__exercise_id=exercise_id,
        workout_exercise__workout__user=user,
        workout_exercise__workout__is_template=False,
    ).annotate(
        achieved=Coalesce("completed_at", performed_at("workout_exercise__workout__")),
        workout_pk=F("workout_exercise__workout_id"),
    )
    best: dict[str, dict[str, Any]] = {}

    def first(kind: str, queryset, value) -> None:
        found = queryset.order_by("-key", "achieved", "id").first()
        if found is not None:
            best[kind] = {
                "value": value(found),
                "workout_set_id": found.pk,
                "workout_id": found.workout_pk,
                "achieved_at": found.achieved,
            }

    first(
        PersonalRecord.Kind.HEAVIEST_WEIGHT,
        sets.filter(weight_kg__gt=0).annotate(key=F("weight_kg")),
        lambda s: s.weight_kg,
    )
    first(
        PersonalRecord.Kind.MOST_REPS,
        sets.filter(reps__gt=0).annotate(key=F("reps")),
        lambda s: Decimal(s.reps),
    )
    first(
        PersonalRecord.Kind.BEST_E1RM,
        sets.filter(weight_kg__gt=0, reps__gte=1, reps__lte=E1RM_MAX_REPS).annotate(
            key=epley_one_rep_max_sql("weight_kg", "reps")
        ),
        lambda s: epley_one_rep_max(s.weight_kg, s.reps),
    )
    session = (
        sets.filter(weight_kg__gt=0, reps__gt=0)
        .values("workout_pk")
        .annotate(
            key=Sum(F("weight_kg") * F("reps"), output_field=DecimalField()),
            last_achieved=Max("achieved"),
        )
        .order_by("-key", "last_achieved", "workout_pk")
        .first()
    )
    if session is not None:
        best[PersonalRecord.Kind.BEST_SESSION_VOLUME] = {
            "value": Decimal(str(session["key"])).quantize(TWO_PLACES),
            "workout_set_id": None,
            "workout_id": session["workout_pk"],
            "achieved_at": session["last_achieved"],
        }
    return best
