"""A user's whole training log as one versioned JSON document, out and back in.

Library exercises are referred to by slug (stable across servers), custom exercises and
workouts by uid, so importing a document twice, or into the account it came from, adds nothing
the second time. Records are not imported: they are recomputed from the imported sets, which
gives the same records.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import serializers

from users.models import User, validate_timezone
from workouts.models import (
    MEASURES,
    Exercise,
    Muscle,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)
from workouts.services import records_refresh

FORMAT = "fitspace-export"
VERSION = 1
PROFILE_FIELDS = ["name", "phone", "bio", "timezone"]
WORKOUT_FIELDS = [
    "name",
    "description",
    "is_template",
    "status",
    "started_at",
    "finished_at",
    "resumed_at",
    "active_seconds",
    "created_at",
]


def export_document(user: User) -> dict[str, Any]:
    custom = user.custom_exercises.prefetch_related("primary_muscles", "secondary_muscles")
    workouts = user.workouts.select_related("copied_from").prefetch_related(
        "exercises__exercise", "exercises__sets"
    )
    records = PersonalRecord.objects.filter(user=user).select_related("exercise", "workout")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {"email": user.email} | {f: getattr(user, f) for f in PROFILE_FIELDS},
        "custom_exercises": [_exercise_out(e) for e in custom.order_by("id")],
        "workouts": [_workout_out(w) for w in workouts.order_by("created_at", "id")],
        "records": [
            {
                "exercise": _exercise_ref(r.exercise),
                "kind": r.kind,
                "value": r.value,
                "workout": str(r.workout.uid),
                "achieved_at": r.achieved_at.isoformat(),
            }
            for r in records.order_by("exercise_id", "kind")
        ],
    }


def _exercise_ref(exercise: Exercise) -> dict[str, str]:
    return {"custom": str(exercise.uid)} if exercise.is_custom else {"library": exercise.slug}


def _exercise_out(exercise: Exercise) -> dict[str, Any]:
    return {
        "uid": str(exercise.uid),
        "name": exercise.name,
        "description": exercise.description,
        "category": exercise.category,
        "equipment": exercise.equipment,
        "primary_muscles": [m.code for m in exercise.primary_muscles.all()],
        "secondary_muscles": [m.code for m in exercise.secondary_muscles.all()],
        "measures": exercise.measures,
        "is_active": exercise.is_active,
    }


def _workout_out(workout: Workout) -> dict[str, Any]:
    def stamp(value):
        return value.isoformat() if value else None

    return {
        "uid": str(workout.uid),
        **{f: getattr(workout, f) for f in ("name", "description", "is_template", "status")},
        **{f: stamp(getattr(workout, f)) for f in ("started_at", "finished_at", "resumed_at")},
        "active_seconds": workout.active_seconds,
        "created_at": stamp(workout.created_at),
        "copied_from": str(workout.copied_from.uid) if workout.copied_from else None,
        "exercises": [
            {
                "exercise": _exercise_ref(entry.exercise),
                "notes": entry.notes,
                "sets": [
                    {
                        field: stamp(s.completed_at)
                        if field == "completed_at"
                        else getattr(s, field)
                        for field in WorkoutSet.CONTENT_FIELDS
                    }
                    for s in entry.sets.all()
                ],
            }
            for entry in workout.exercises.all()
        ],
    }


# --- Import ------------------------------------------------------------------------------------


class ExerciseRefSerializer(serializers.Serializer):
    library = serializers.SlugField(required=False)
    custom = serializers.UUIDField(required=False)

    def validate(self, attrs):
        if len(attrs) != 1:
            raise serializers.ValidationError("Give exactly one of `library` or `custom`.")
        return attrs


class ImportSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkoutSet
        fields = list(WorkoutSet.CONTENT_FIELDS)
        extra_kwargs = {"rpe": {"min_value": 1, "max_value": 10}}


class ImportEntrySerializer(serializers.Serializer):
    exercise = ExerciseRefSerializer()
    notes = serializers.CharField(max_length=1000, allow_blank=True, default="")
    sets = ImportSetSerializer(many=True, default=list)


class ImportWorkoutSerializer(serializers.ModelSerializer):
    uid = serializers.UUIDField()
    copied_from = serializers.UUIDField(allow_null=True, required=False)
    exercises = ImportEntrySerializer(many=True, default=list)

    class Meta:
        model = Workout
        fields = ["uid", *WORKOUT_FIELDS, "copied_from", "exercises"]
        extra_kwargs = {"created_at": {"read_only": False, "required": False}}


class ImportExerciseSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=1000, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Exercise.Category.choices)
    equipment = serializers.ChoiceField(choices=Exercise.Equipment.choices)
    primary_muscles = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Muscle.objects.all()
    )
    secondary_muscles = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Muscle.objects.all(), default=list
    )
    measures = serializers.MultipleChoiceField(choices=MEASURES, allow_empty=False)
    is_active = serializers.BooleanField(default=True)


class ImportProfileSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=32, allow_blank=True, default="")
    bio = serializers.CharField(max_length=2000, allow_blank=True, default="")
    timezone = serializers.CharField(max_length=64, default="UTC", validators=[validate_timezone])


class ImportDocumentSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=[FORMAT])
    version = serializers.ChoiceField(choices=[VERSION])
    profile = ImportProfileSerializer(required=False)
    custom_exercises = ImportExerciseSerializer(many=True, default=list)
    workouts = ImportWorkoutSerializer(many=True, default=list)


@transaction.atomic
def user_data_import(*, user: User, document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Load an export into `user`'s account, all or nothing, adding only what is not there yet."""
    created = {"custom_exercises": 0, "workouts": 0}
    skipped = {"custom_exercises": 0, "workouts": 0}
    if "profile" in document:
        _fill_profile(user, document["profile"])

    custom = {str(e.uid): e for e in user.custom_exercises.all()}
    by_name = {e.name.lower(): e for e in custom.values()}
    for item in document["custom_exercises"]:
        uid = str(item["uid"])
        existing = custom.get(uid) or by_name.get(item["name"].lower())
        if existing is not None:
            custom[uid] = existing
            skipped["custom_exercises"] += 1
            continue
        exercise = Exercise.objects.create(
            owner=user,
            uid=item["uid"],
            name=item["name"],
            description=item["description"],
            category=item["category"],
            equipment=item["equipment"],
            is_active=item["is_active"],
            **{f"tracks_{m}": m in item["measures"] for m in MEASURES},
        )
        exercise.primary_muscles.set(item["primary_muscles"])
        exercise.secondary_muscles.set(item["secondary_muscles"])
        custom[uid] = by_name[exercise.name.lower()] = exercise
        created["custom_exercises"] += 1

    library_slugs = {
        ref["library"]
        for w in document["workouts"]
        for e in w["exercises"]
        if "library" in (ref := e["exercise"])
    }
    library = {e.slug: e for e in Exercise.objects.filter(owner=None, slug__in=library_slugs)}
    known = set(user.workouts.values_list("uid", flat=True))
    imported: dict[str, Workout] = {}
    touched: set[int] = set()
    for index, item in enumerate(document["workouts"]):
        if item["uid"] in known:
            skipped["workouts"] += 1
            continue
        workout = Workout(
            user=user, uid=item["uid"], **{f: item[f] for f in WORKOUT_FIELDS if f in item}
        )
        try:
            with transaction.atomic():
                workout.save()
        except IntegrityError:
            raise serializers.ValidationError(
                {f"workouts[{index}]": ["Inconsistent session state, or a second live workout."]}
            ) from None
        if "created_at" in item:  # auto_now_add ignores the value given on create
            Workout.objects.filter(pk=workout.pk).update(created_at=item["created_at"])
        imported[str(item["uid"])] = workout
        for position, entry in enumerate(item["exercises"], start=1):
            exercise = _resolve(
                entry["exercise"],
                library=library,
                custom=custom,
                path=f"workouts[{index}].exercises[{position - 1}].exercise",
            )
            row = WorkoutExercise.objects.create(
                workout=workout, exercise=exercise, position=position, notes=entry["notes"]
            )
            WorkoutSet.objects.bulk_create(
                WorkoutSet(workout_exercise=row, position=n, **values)
                for n, values in enumerate(entry["sets"], start=1)
            )
            touched.add(exercise.pk)
        created["workouts"] += 1

    sources = {str(w.uid): w for w in user.workouts.all()}
    for item in document["workouts"]:
        workout = imported.get(str(item["uid"]))
        source = sources.get(str(item.get("copied_from")))
        if workout is not None and source is not None:
            Workout.objects.filter(pk=workout.pk).update(copied_from=source)
    records_refresh(user=user, exercise_ids=touched)
    return {"created": created, "skipped": skipped}


def _resolve(ref: dict, *, library: dict, custom: dict, path: str) -> Exercise:
    exercise = library.get(ref["library"]) if "library" in ref else custom.get(str(ref["custom"]))
    if exercise is None:
        raise serializers.ValidationError({path: [f"No such exercise here: {ref}."]})
    return exercise


def _fill_profile(user: User, profile: dict[str, str]) -> None:
    """Fill what the account leaves empty (and a time zone still at the default); never
    overwrite what the account already says."""
    changed = [
        field
        for field, value in profile.items()
        if value and (not getattr(user, field) or (field == "timezone" and user.timezone == "UTC"))
    ]
    for field in changed:
        setattr(user, field, profile[field])
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
