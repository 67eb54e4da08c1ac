from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fitspace.serializers import StrictFieldsMixin
from users import avatars
from wellness import cycles, limits
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry
from workouts.limits import validate_year
from workouts.serializers import TrainingFieldsMixin

PHASE_HELP = "Estimated from the cycle history; null when cycle tracking is off or cannot place it."


class CyclePhaseMixin(serializers.Serializer):
    """`cycle_day` and `phase` of the entry's date, from the request's cycle history (one read
    per request: the view puts it in the context as `cycle_history`)."""

    cycle_day = serializers.SerializerMethodField(help_text=PHASE_HELP)
    phase = serializers.SerializerMethodField(help_text=PHASE_HELP)

    def _placed(self, obj):
        history = self.context.get("cycle_history")
        return history.phase_of(obj.date) if history else None

    @extend_schema_field({"type": "integer", "minimum": 1, "nullable": True})
    def get_cycle_day(self, obj) -> int | None:
        placed = self._placed(obj)
        return placed["cycle_day"] if placed else None

    @extend_schema_field({"type": "string", "enum": list(cycles.PHASES), "nullable": True})
    def get_phase(self, obj) -> str | None:
        placed = self._placed(obj)
        return placed["phase"] if placed else None


class CycleSettingsSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null until tracking was first turned on or off."
    )

    class Meta:
        model = CycleSettings
        fields = ["enabled", "updated_at"]
        read_only_fields = ["updated_at"]


class TagNameField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", limits.MAX_TAG_LENGTH)
        kwargs.setdefault("trim_whitespace", True)
        super().__init__(**kwargs)


class TagListField(serializers.ListField):
    """Tag names in, the entry's tags' names out (sorted, any case)."""

    def get_attribute(self, instance):
        return sorted((tag.name for tag in instance.tags.all()), key=str.casefold)


class JournalEntrySerializer(
    StrictFieldsMixin, TrainingFieldsMixin, CyclePhaseMixin, serializers.ModelSerializer
):
    mood_label = serializers.SerializerMethodField(
        help_text="1 awful, 2 low, 3 okay, 4 good, 5 great."
    )
    tags = TagListField(
        child=TagNameField(),
        required=False,
        max_length=limits.MAX_TAGS_PER_ENTRY,
        help_text="Free tags, any case: one tag per name whatever its case (the first "
        "spelling is kept). A write replaces the list.",
    )

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "date",
            "mood",
            "mood_label",
            "energy",
            "sleep_hours",
            "soreness",
            "tags",
            "text",
            "cycle_day",
            "phase",
            "recovery_score",
            "resting_heart_rate",
            "hrv_ms",
            "sleep_performance",
            "device_fields",
            "created_at",
            "updated_at",
        ]
        # Device measurements (WHOOP) are read-only; `device_fields` says which values a device
        # wrote (sleep_hours may be one until the user writes their own).
        read_only_fields = [
            "id",
            "recovery_score",
            "resting_heart_rate",
            "hrv_ms",
            "sleep_performance",
            "device_fields",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(
        {
            "type": "string",
            "enum": [label for _, label in JournalEntry.Mood.choices],
            "nullable": True,
        }
    )
    def get_mood_label(self, entry: JournalEntry) -> str | None:
        return entry.get_mood_display() if entry.mood else None


class DateRangeQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, validators=[validate_year])
    date_to = serializers.DateField(required=False, validators=[validate_year])

    def validate(self, attrs):
        if (
            attrs.get("date_from")
            and attrs.get("date_to")
            and attrs["date_to"] < attrs["date_from"]
        ):
            raise serializers.ValidationError({"date_to": ["Must not be before date_from."]})
        return attrs

    def date_lookups(self) -> dict:
        """The validated range as queryset filters on `date` (each end optional)."""
        ends = {"date__gte": "date_from", "date__lte": "date_to"}
        return {
            lookup: self.validated_data[name]
            for lookup, name in ends.items()
            if self.validated_data.get(name)
        }


class JournalQuerySerializer(DateRangeQuerySerializer):
    tag = TagNameField(required=False, help_text="Only entries with this tag (any case).")


class TagQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=limits.MAX_TAG_LENGTH,
        help_text="Start of a tag (none: all my tags).",
    )


class TagSuggestionSerializer(serializers.Serializer):
    name = serializers.CharField()
    uses = serializers.IntegerField(help_text="Entries of mine with this tag.")


class PeriodDaySerializer(StrictFieldsMixin, TrainingFieldsMixin, serializers.ModelSerializer):
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=PeriodDay.Symptom.choices),
        required=False,
        max_length=len(PeriodDay.Symptom.choices),
        help_text="From the fixed vocabulary.",
    )
    symptom_tags = serializers.ListField(
        child=TagNameField(),
        required=False,
        max_length=limits.MAX_SYMPTOM_TAGS,
        help_text="Anything else, as free tags.",
    )

    class Meta:
        model = PeriodDay
        fields = [
            "id",
            "date",
            "flow",
            "symptoms",
            "symptom_tags",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_symptoms(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    def validate_symptom_tags(self, value: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for tag in value:
            if tag:
                seen.setdefault(tag.casefold(), tag)
        return sorted(seen.values(), key=str.casefold)


class CycleSerializer(serializers.Serializer):
    start = serializers.DateField()
    length = serializers.IntegerField(allow_null=True, help_text="Days; null while it runs.")
    period_length = serializers.IntegerField()
    gap = serializers.BooleanField(
        help_text="Over 90 days: a gap in logging or a missed period, left out of predictions."
    )


class DateRangeSerializer(serializers.Serializer):
    expected = serializers.DateField()
    earliest = serializers.DateField()
    latest = serializers.DateField()


class PredictedPeriodSerializer(DateRangeSerializer):
    expected_end = serializers.DateField(help_text="Expected start plus the mean period length.")


class FertileWindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    cycle_days = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    estimate = serializers.BooleanField(help_text="Always true: an estimate.")
    method = serializers.CharField()


class PredictionSerializer(serializers.Serializer):
    ready = serializers.BooleanField(help_text="False until there are 3 complete cycles.")
    complete_cycles = serializers.IntegerField(help_text="Recent complete cycles counted.")
    cycles_needed = serializers.IntegerField(help_text="How many more are needed (0 when ready).")
    gaps_left_out = serializers.IntegerField(help_text="Cycles over 90 days, left out.")
    estimate = serializers.BooleanField(default=True)
    disclaimer = serializers.CharField()
    mean_cycle_days = serializers.FloatField(required=False)
    sd_cycle_days = serializers.FloatField(
        required=False, help_text="Sample standard deviation (n - 1)."
    )
    cycle_lengths = serializers.ListField(child=serializers.IntegerField(), required=False)
    shortest_cycle_days = serializers.IntegerField(required=False)
    longest_cycle_days = serializers.IntegerField(required=False)
    mean_period_days = serializers.IntegerField(required=False)
    irregular = serializers.BooleanField(required=False)
    margin_days = serializers.IntegerField(required=False, help_text="± days around each start.")
    last_period_start = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False)
    next_periods = PredictedPeriodSerializer(many=True, required=False)
    fertile_window = FertileWindowSerializer(required=False)
    ovulation = DateRangeSerializer(required=False)


class CycleWorkoutSerializer(serializers.Serializer):
    workout = serializers.IntegerField()
    name = serializers.CharField()
    date = serializers.DateField(help_text="When it was performed, in my time zone.")
    cycle_day = serializers.IntegerField(allow_null=True)
    phase = serializers.ChoiceField(choices=cycles.PHASES, allow_null=True)


class SkinEntrySerializer(
    StrictFieldsMixin, TrainingFieldsMixin, CyclePhaseMixin, serializers.ModelSerializer
):
    photo_url = serializers.SerializerMethodField(
        help_text="Short-lived link to the photo, or null."
    )

    class Meta:
        model = SkinEntry
        fields = [
            "id",
            "date",
            *SkinEntry.METRICS,
            "notes",
            "photo_url",
            "metrics_source",
            "analyzed_at",
            "cycle_day",
            "phase",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "metrics_source", "analyzed_at", "created_at", "updated_at"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo_url(self, entry: SkinEntry) -> str | None:
        return avatars.download_url(entry.photo_key) if entry.photo_key else None


class AnalyzerSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=SkinEntry.Source.choices)
    model = serializers.CharField()
    note = serializers.CharField()


class SkinAnalysisSerializer(serializers.Serializer):
    entry = SkinEntrySerializer()
    analyzer = AnalyzerSerializer()


class InsightFiguresSerializer(serializers.Serializer):
    journal_entries = serializers.IntegerField()
    avg_energy = serializers.FloatField(allow_null=True)
    avg_mood = serializers.FloatField(allow_null=True)
    avg_sleep_hours = serializers.FloatField(allow_null=True)
    avg_soreness = serializers.FloatField(allow_null=True)
    workouts = serializers.IntegerField()
    avg_session_rpe = serializers.FloatField(
        allow_null=True, help_text="Mean RPE of the completed sets that have one."
    )
    volume_kg = serializers.FloatField()
    active_minutes = serializers.FloatField()
    records_set = serializers.IntegerField(
        help_text="Current personal records achieved then (a beaten record moves to its new day)."
    )


class PhaseInsightSerializer(InsightFiguresSerializer):
    phase = serializers.ChoiceField(choices=cycles.PHASES)


class WeekInsightSerializer(InsightFiguresSerializer):
    week = serializers.DateField(help_text="Its Monday.")


class InsightsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    cycle_tracking = serializers.BooleanField()
    phases = PhaseInsightSerializer(many=True)
    weeks = WeekInsightSerializer(many=True)


class InsightsQuerySerializer(DateRangeQuerySerializer):
    def validate(self, attrs):
        attrs = super().validate(attrs)
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and (date_to - date_from).days >= limits.MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"date_to": [f"At most {limits.MAX_RANGE_DAYS} days after date_from."]}
            )
        return attrs
