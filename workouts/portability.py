"""A user's whole training log as one versioned JSON document, out and back in.

Library exercises are referred to by slug (stable across servers), custom exercises and
workouts by uid, so importing a document twice, or into the account it came from, adds nothing
the second time. Records are not imported: they are recomputed from the imported sets, which
gives the same records.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from fitspace.serializers import JsonTypesMixin
from users.models import User
from users.serializers import TimeZoneField
from workouts import limits
from workouts.models import (
    MEASURES,
    Exercise,
    Muscle,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)
from workouts.serializers import (
    SetContentSerializer,
    TrainingFieldsMixin,
    measures_not_tracked,
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
    *Workout.ACTIVITY_FIELDS,
    "source",
    "external_id",
    "created_at",
]


@dataclass(frozen=True)
class Section:
    """A part of the document another app owns (e.g. `groups`): how to write it for a user,
    and how to load it back (validating it, and naming the item it refuses)."""

    export: Callable[[User], Any]
    load: Callable[..., dict[str, int]]


# Filled by the apps built on the training log (in their AppConfig.ready), which it never imports.
SECTIONS: dict[str, Section] = {}


def register_section(name: str, section: Section) -> None:
    SECTIONS[name] = section


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
        **{name: section.export(user) for name, section in SECTIONS.items()},
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
        **{f: getattr(workout, f) for f in (*Workout.ACTIVITY_FIELDS, "source", "external_id")},
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
# An import accepts exactly what the API accepts: the same set serializer and limits
# (workouts/limits.py), the same measures per exercise, the same session states.


class ExerciseRefSerializer(JsonTypesMixin, serializers.Serializer):
    library = serializers.SlugField(required=False)
    custom = serializers.UUIDField(required=False)

    def validate(self, attrs):
        if len(attrs) != 1:
            raise serializers.ValidationError("Give exactly one of `library` or `custom`.")
        return attrs


class ImportEntrySerializer(JsonTypesMixin, serializers.Serializer):
    exercise = ExerciseRefSerializer()
    notes = serializers.CharField(max_length=1000, allow_blank=True, default="")
    sets = SetContentSerializer(many=True, default=list, max_length=limits.MAX_SETS_PER_EXERCISE)


class ImportWorkoutSerializer(TrainingFieldsMixin, serializers.ModelSerializer):
    uid = serializers.UUIDField()
    copied_from = serializers.UUIDField(allow_null=True, required=False)
    exercises = ImportEntrySerializer(
        many=True, default=list, max_length=limits.MAX_EXERCISES_PER_WORKOUT
    )

    class Meta:
        model = Workout
        fields = ["uid", *WORKOUT_FIELDS, "copied_from", "exercises"]
        extra_kwargs = {
            "created_at": {"read_only": False, "required": False},
            # No id is null, never "" (the database refuses an empty one).
            "external_id": {"allow_blank": False},
        }

    def validate(self, attrs: dict) -> dict:
        """The session states the database allows, each refused with the field to blame."""
        status = attrs.get("status", Workout.Status.PLANNED)
        problems = {}
        if status != Workout.Status.PLANNED and not attrs.get("started_at"):
            problems["started_at"] = "A workout that was started needs `started_at`."
        if status == Workout.Status.FINISHED and not attrs.get("finished_at"):
            problems["finished_at"] = "A finished workout needs `finished_at`."
        if (status == Workout.Status.IN_PROGRESS) != bool(attrs.get("resumed_at")):
            problems["resumed_at"] = "Only a workout in progress has `resumed_at`, and it must."
        if attrs.get("is_template") and status != Workout.Status.PLANNED:
            problems["is_template"] = "Only a planned workout can be a template."
        heart_rate = limits.heart_rate_problem(
            attrs.get("avg_heart_rate"), attrs.get("max_heart_rate")
        )
        problems |= {field: messages[0] for field, messages in (heart_rate or {}).items()}
        if problems:
            raise serializers.ValidationError({field: [m] for field, m in problems.items()})
        return attrs


class ImportExerciseSerializer(JsonTypesMixin, serializers.Serializer):
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


class ImportProfileSerializer(JsonTypesMixin, serializers.ModelSerializer):
    """The profile fields an import may fill, with the model's own validators (phone, zone)."""

    timezone = TimeZoneField(required=False)

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        extra_kwargs = {field: {"required": False} for field in PROFILE_FIELDS}


class ImportDocumentSerializer(JsonTypesMixin, serializers.Serializer):
    format = serializers.ChoiceField(choices=[FORMAT])
    version = serializers.ChoiceField(choices=[VERSION])
    profile = ImportProfileSerializer(required=False)
    custom_exercises = ImportExerciseSerializer(
        many=True, default=list, max_length=limits.MAX_IMPORT_CUSTOM_EXERCISES
    )
    workouts = ImportWorkoutSerializer(
        many=True, default=list, max_length=limits.MAX_IMPORT_WORKOUTS
    )

    def validate(self, attrs: dict) -> dict:
        problems = {}
        for section, key in (("custom_exercises", "uid"), ("workouts", "uid")):
            seen: set = set()
            for index, item in enumerate(attrs[section]):
                if item[key] in seen:
                    problems[f"{section}[{index}].{key}"] = ["Appears twice in this document."]
                seen.add(item[key])
        sourced: set = set()
        for index, item in enumerate(attrs["workouts"]):
            if item.get("external_id") is not None:
                key = (item.get("source", Workout.Source.MANUAL), item["external_id"])
                if key in sourced:
                    problems[f"workouts[{index}].external_id"] = [
                        "Appears twice in this document for the same source."
                    ]
                sourced.add(key)
        live = [
            index
            for index, item in enumerate(attrs["workouts"])
            if item.get("status") in Workout.ACTIVE
        ]
        for index in live[1:]:
            problems[f"workouts[{index}].status"] = ["Only one workout can be in progress."]
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


@transaction.atomic
def user_data_import(
    *, user: User, document: dict[str, Any], sections: dict[str, Any] | None = None
) -> dict[str, dict[str, int]]:
    """Load an export into `user`'s account, all or nothing, adding only what is not there yet.

    The account is locked for the import's duration: two imports of one document at once give
    one copy (the second waits, then finds everything there and skips it).
    """
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    user.refresh_from_db(fields=PROFILE_FIELDS)
    created = {"custom_exercises": 0, "workouts": 0}
    skipped = {"custom_exercises": 0, "workouts": 0}
    if "profile" in document:
        _fill_profile(user, document["profile"])

    custom = _import_custom_exercises(user, document["custom_exercises"], created, skipped)
    library_slugs = {
        ref["library"]
        for w in document["workouts"]
        for e in w["exercises"]
        if "library" in (ref := e["exercise"])
    }
    library = {e.slug: e for e in Exercise.objects.filter(owner=None, slug__in=library_slugs)}
    known = set(user.workouts.values_list("uid", flat=True))
    # A workout the account already has from the same source (a WHOOP id, a file's hash) is
    # there already, whatever its uid.
    sourced = set(
        user.workouts.filter(external_id__isnull=False).values_list("source", "external_id")
    )
    new = [
        (i, item)
        for i, item in enumerate(document["workouts"])
        if item["uid"] not in known
        and (item.get("source", Workout.Source.MANUAL), item.get("external_id")) not in sourced
    ]
    skipped["workouts"] = len(document["workouts"]) - len(new)
    created["workouts"] = len(new)
    if any(item.get("status") in Workout.ACTIVE for _, item in new):
        live = user.workouts.filter(status__in=Workout.ACTIVE).first()
        if live is not None:
            index = next(i for i, item in new if item.get("status") in Workout.ACTIVE)
            raise serializers.ValidationError(
                {
                    f"workouts[{index}].status": [
                        f"Another workout is already in progress (id {live.pk}): finish it first."
                    ]
                }
            )

    # Resolve and check every exercise before writing anything.
    resolved = [
        [
            _resolve(
                entry,
                library=library,
                custom=custom,
                path=f"workouts[{index}].exercises[{position}]",
            )
            for position, entry in enumerate(item["exercises"])
        ]
        for index, item in new
    ]
    workouts = Workout.objects.bulk_create(
        Workout(user=user, uid=item["uid"], **{f: item[f] for f in WORKOUT_FIELDS if f in item})
        for _, item in new
    )
    # auto_now_add ignores a creation time given on create: set the exported ones after.
    dated = []
    for workout, (_, item) in zip(workouts, new, strict=True):
        if "created_at" in item:
            workout.created_at = item["created_at"]
            dated.append(workout)
    Workout.objects.bulk_update(dated, ["created_at"], batch_size=500)

    entries = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(workout=workout, exercise=exercise, position=position, notes=entry["notes"])
        for workout, exercises, (_, item) in zip(workouts, resolved, new, strict=True)
        for position, (exercise, entry) in enumerate(
            zip(exercises, item["exercises"], strict=True), start=1
        )
    )
    all_entries = [entry for _, item in new for entry in item["exercises"]]
    WorkoutSet.objects.bulk_create(
        (
            WorkoutSet(workout_exercise=row, position=n, **values)
            for row, entry in zip(entries, all_entries, strict=True)
            for n, values in enumerate(entry["sets"], start=1)
        ),
        batch_size=1000,
    )

    sources = {
        str(uid): pk for uid, pk in Workout.objects.filter(user=user).values_list("uid", "pk")
    }
    copies = []
    for workout, (_, item) in zip(workouts, new, strict=True):
        source = sources.get(str(item.get("copied_from")))
        if source is not None:
            workout.copied_from_id = source
            copies.append(workout)
    Workout.objects.bulk_update(copies, ["copied_from"], batch_size=500)
    records_refresh(user=user, exercise_ids={row.exercise_id for row in entries})
    for name, section in SECTIONS.items():
        if (sections or {}).get(name) is not None:
            counts = section.load(user=user, data=sections[name])
            created[name], skipped[name] = counts["created"], counts["skipped"]
    return {"created": created, "skipped": skipped}


def _import_custom_exercises(
    user: User, items: list[dict], created: dict, skipped: dict
) -> dict[str, Exercise]:
    """The account's custom exercises by the document's uids: those it has (same uid, or the
    same name as the database compares names), and the ones created now."""
    custom = {str(e.uid): e for e in user.custom_exercises.all()}
    for item in items:
        uid = str(item["uid"])
        existing = custom.get(uid) or user.custom_exercises.named(item["name"]).first()
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
        custom[uid] = exercise
        created["custom_exercises"] += 1
    return custom


def _resolve(entry: dict, *, library: dict, custom: dict, path: str) -> Exercise:
    """The exercise an entry refers to, and a 400 naming the item if it is unknown here or its
    sets carry measures the exercise does not record."""
    ref = entry["exercise"]
    exercise = library.get(ref["library"]) if "library" in ref else custom.get(str(ref["custom"]))
    if exercise is None:
        raise serializers.ValidationError({f"{path}.exercise": [f"No such exercise here: {ref}."]})
    problems = {
        f"{path}.sets[{n}].{field}": [message]
        for n, set_data in enumerate(entry["sets"])
        for field, message in measures_not_tracked(exercise, set_data).items()
    }
    if problems:
        raise serializers.ValidationError(problems)
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
