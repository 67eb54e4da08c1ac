from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fitspace.serializers import (
    JsonTypesMixin,
    RoundedDecimalField,
    StrictFieldsMixin,
    json_datetime,
)
from workouts import limits, selectors
from workouts.models import (
    MEASURES,
    Exercise,
    Muscle,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)
from workouts.services import CUSTOM_NAME_TAKEN

MEASURE_FIELDS = {
    "reps": "tracks_reps",
    "weight_kg": "tracks_weight",
    "duration_seconds": "tracks_duration",
    "distance_m": "tracks_distance",
}


class MuscleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Muscle
        fields = ["code", "name", "group"]


class ExerciseSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """An exercise: the library's (read-only) or one's own custom one."""

    primary_muscles = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Muscle.objects.all()
    )
    secondary_muscles = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Muscle.objects.all(), required=False
    )
    measures = serializers.MultipleChoiceField(
        choices=MEASURES, allow_empty=False, help_text="What a set of it records."
    )
    is_custom = serializers.BooleanField(read_only=True)

    class Meta:
        model = Exercise
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "category",
            "equipment",
            "primary_muscles",
            "secondary_muscles",
            "measures",
            "is_custom",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "is_custom", "is_active", "updated_at"]

    def to_internal_value(self, data) -> dict:
        values = super().to_internal_value(data)
        if "measures" in values:
            measures = values.pop("measures")
            values |= {f"tracks_{m}": m in measures for m in MEASURES}
        return values

    def validate_name(self, name: str) -> str:
        owner = self.context["request"].user
        taken = Exercise.objects.filter(owner=owner).named(name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(CUSTOM_NAME_TAKEN, code="unique")
        return name


class VisibleExerciseField(serializers.PrimaryKeyRelatedField):
    """An exercise the caller may use: the library's, or their own. Anyone else's custom
    exercise is reported exactly like one that does not exist."""

    def get_queryset(self):
        user = self.context["request"].user
        return Exercise.objects.visible_to(user)


class YearBoundedDateTimeField(serializers.DateTimeField):
    """A time in the years the API accepts (workouts/limits.py), judged as the client wrote it,
    before it is moved to UTC: what the schema's pattern on the string says."""

    def enforce_timezone(self, value):
        try:
            limits.validate_year(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="out_of_range") from None
        return super().enforce_timezone(value)


class TrainingFieldsMixin(JsonTypesMixin):
    """ModelSerializer fields as the API takes them: date-times in the years it accepts,
    decimals rounded to their places, every value of its schema's JSON type."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: YearBoundedDateTimeField,
        models.DecimalField: RoundedDecimalField,
    }


class SetContentSerializer(TrainingFieldsMixin, serializers.ModelSerializer):
    """What a set holds, with the limits its model fields declare (workouts/limits.py): the
    API and the import accept exactly the same sets."""

    class Meta:
        model = WorkoutSet
        fields = list(WorkoutSet.CONTENT_FIELDS)

    def validate(self, attrs: dict) -> dict:
        completed = attrs.get("completed", getattr(self.instance, "completed", False))
        if attrs.get("completed_at") and not completed:
            raise serializers.ValidationError(
                {"completed_at": ["Only a completed set has a completion time."]},
                code="invalid",
            )
        return attrs


class WorkoutSetSerializer(StrictFieldsMixin, SetContentSerializer):
    records = serializers.SerializerMethodField(
        help_text="Personal records this set set and still holds."
    )

    class Meta:
        model = WorkoutSet
        fields = ["id", "position", *WorkoutSet.CONTENT_FIELDS, "records"]
        read_only_fields = ["id", "position", "records"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_records(self, workout_set: WorkoutSet) -> list[str]:
        return [record.kind for record in workout_set.records_held]

    def to_representation(self, workout_set: WorkoutSet) -> dict:
        # A page of workouts holds hundreds of sets: build each one directly instead of
        # through thirteen field objects. tests/test_structured_workouts.py checks that this
        # gives exactly what the declared fields would.
        return {
            "id": workout_set.pk,
            "position": workout_set.position,
            "set_type": workout_set.set_type,
            "reps": workout_set.reps,
            "weight_kg": workout_set.weight_kg,
            "duration_seconds": workout_set.duration_seconds,
            "distance_m": workout_set.distance_m,
            "rpe": workout_set.rpe,
            "rest_seconds": workout_set.rest_seconds,
            "completed": workout_set.completed,
            "completed_at": json_datetime(workout_set.completed_at),
            "notes": workout_set.notes,
            "records": self.get_records(workout_set),
        }


class WorkoutExerciseSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    exercise = VisibleExerciseField()
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)
    sets = WorkoutSetSerializer(many=True, required=False, max_length=limits.MAX_SETS_PER_EXERCISE)

    class Meta:
        model = WorkoutExercise
        fields = ["id", "position", "exercise", "exercise_name", "notes", "sets"]
        read_only_fields = ["id", "position", "exercise_name"]

    def to_representation(self, entry: WorkoutExercise) -> dict:
        # Built directly, like its sets (checked against the declared fields by a test).
        as_set = self.fields["sets"].child.to_representation
        return {
            "id": entry.pk,
            "position": entry.position,
            "exercise": entry.exercise_id,
            "exercise_name": entry.exercise.name,
            "notes": entry.notes,
            "sets": [as_set(workout_set) for workout_set in entry.sets.all()],
        }

    def validate(self, attrs: dict) -> dict:
        exercise = attrs.get("exercise") or getattr(self.instance, "exercise", None)
        problems = {}
        for index, set_data in enumerate(attrs.get("sets", [])):
            wrong = measures_not_tracked(exercise, set_data)
            if wrong:
                problems[index] = {field: [message] for field, message in wrong.items()}
        if problems:
            sets = [problems.get(i, {}) for i in range(len(attrs["sets"]))]
            raise serializers.ValidationError({"sets": sets})
        return attrs


def measures_not_tracked(exercise: Exercise, set_data: dict) -> dict[str, str]:
    """The measures a set carries that its exercise does not record."""
    return {
        field: f"{exercise.name} does not record {field.split('_')[0]}."
        for field, flag in MEASURE_FIELDS.items()
        if set_data.get(field) is not None and not getattr(exercise, flag)
    }


class WorkoutListSerializer(serializers.ListSerializer):
    """A page of workouts: the structure of all of them read at once, as rows."""

    def to_representation(self, data) -> list[dict]:
        workouts = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        structures = selectors.workout_structures([workout.pk for workout in workouts])
        return [self.child.represent(workout, structures[workout.pk]) for workout in workouts]


class WorkoutSerializer(StrictFieldsMixin, TrainingFieldsMixin, serializers.ModelSerializer):
    """A workout with its exercises and sets. Writing `exercises` replaces them all, in one
    transaction; leaving it out keeps them.

    Read, it is built from rows (selectors.workout_structures) rather than through a field
    object per value of hundreds of set instances; tests/test_structured_workouts.py checks
    that this gives exactly what the declared fields would.
    """

    exercises = WorkoutExerciseSerializer(
        many=True, required=False, max_length=limits.MAX_EXERCISES_PER_WORKOUT
    )
    active_duration_seconds = serializers.IntegerField(read_only=True)

    class Meta:
        model = Workout
        fields = [
            "id",
            "uid",
            "user",
            "name",
            "description",
            "is_template",
            "copied_from",
            "status",
            "started_at",
            "finished_at",
            "active_duration_seconds",
            *Workout.ACTIVITY_FIELDS,
            "source",
            "external_id",
            "exercises",
            "created_at",
            "updated_at",
        ]
        list_serializer_class = WorkoutListSerializer
        read_only_fields = [
            "id",
            "uid",
            "user",
            "copied_from",
            "status",
            "started_at",
            "finished_at",
            "active_duration_seconds",
            # What WHOOP measured, and where the workout came from, are the source's to say.
            "strain",
            "source",
            "external_id",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, workout: Workout) -> dict:
        return self.represent(workout, selectors.workout_structures([workout.pk])[workout.pk])

    @staticmethod
    def represent(workout: Workout, exercises: list[dict]) -> dict:
        for entry in exercises:
            for row in entry["sets"]:
                row["completed_at"] = json_datetime(row["completed_at"])
        return {
            "id": workout.pk,
            "uid": str(workout.uid),
            "user": workout.user_id,
            "name": workout.name,
            "description": workout.description,
            "is_template": workout.is_template,
            "copied_from": workout.copied_from_id,
            "status": workout.status,
            "started_at": json_datetime(workout.started_at),
            "finished_at": json_datetime(workout.finished_at),
            "active_duration_seconds": workout.active_duration_seconds,
            "sport": workout.sport,
            "distance_m": workout.distance_m,
            "elevation_gain_m": workout.elevation_gain_m,
            "avg_heart_rate": workout.avg_heart_rate,
            "max_heart_rate": workout.max_heart_rate,
            "energy_kj": workout.energy_kj,
            "strain": workout.strain,
            "source": workout.source,
            "external_id": workout.external_id,
            "exercises": exercises,
            "created_at": json_datetime(workout.created_at),
            "updated_at": json_datetime(workout.updated_at),
        }

    def validate_is_template(self, is_template: bool) -> bool:
        if is_template and self.instance is not None and self.instance.status != "planned":
            raise serializers.ValidationError(
                "Only a planned workout can be a template.", code="invalid"
            )
        return is_template

    def validate(self, attrs: dict) -> dict:
        problem = limits.heart_rate_problem(
            attrs.get("avg_heart_rate", getattr(self.instance, "avg_heart_rate", None)),
            attrs.get("max_heart_rate", getattr(self.instance, "max_heart_rate", None)),
        )
        if problem:
            raise serializers.ValidationError(problem, code="invalid")
        return attrs


class PersonalRecordSerializer(serializers.ModelSerializer):
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)

    class Meta:
        model = PersonalRecord
        fields = [
            "exercise",
            "exercise_name",
            "kind",
            "value",
            "workout",
            "workout_set",
            "achieved_at",
        ]


class HistorySessionSerializer(serializers.Serializer):
    workout = serializers.IntegerField()
    workout_name = serializers.CharField()
    performed_at = serializers.DateTimeField()
    sets = WorkoutSetSerializer(many=True)
    volume_kg = serializers.DecimalField(max_digits=None, decimal_places=2)
    best_e1rm_kg = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class SuggestionSerializer(serializers.Serializer):
    """A next target: always within the limits a set may hold."""

    weight_kg = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    reps = serializers.IntegerField(required=False)
    duration_seconds = serializers.IntegerField(required=False)
    distance_m = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    rule = serializers.CharField(help_text="Which progression step this is.")


class ExerciseHistorySerializer(serializers.Serializer):
    exercise = ExerciseSerializer()
    sessions = HistorySessionSerializer(many=True)
    records = PersonalRecordSerializer(many=True)
    suggestion = SuggestionSerializer(allow_null=True)
