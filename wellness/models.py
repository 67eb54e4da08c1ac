"""Wellness: a journal, opt-in cycle tracking and a skin log. Health data: only its owner reads
or changes it (the API's querysets are scoped to the caller; the admin shows counts and dates)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower

from users.models import User
from wellness import limits
from workouts.limits import validate_year

OWNER = {"on_delete": models.CASCADE, "to": settings.AUTH_USER_MODEL}


class CycleSettings(models.Model):
    """Cycle tracking is opt-in: off until the user turns it on."""

    user = models.OneToOneField(related_name="cycle_settings", **OWNER)
    enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "cycle settings"

    def __str__(self) -> str:
        return f"Cycle settings of user {self.user_id}"


class TagQuerySet(models.QuerySet):
    def named(self, user, name: str) -> "TagQuerySet":
        """A user's tag of this name in any case, folded as the unique index folds it."""
        return self.alias(folded=Lower("name")).filter(user=user, folded=Lower(Value(name)))


class Tag(models.Model):
    """A journal tag: free text, one per user in any case (`Sleep` and `sleep` are one tag,
    spelled as first written)."""

    user = models.ForeignKey(related_name="journal_tags", **OWNER)
    name = models.CharField(max_length=limits.MAX_TAG_LENGTH)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="journal_tag_unique_any_case"),
            models.CheckConstraint(condition=~Q(name=""), name="journal_tag_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class JournalEntry(models.Model):
    class Mood(models.IntegerChoices):
        AWFUL = 1, "awful"
        LOW = 2, "low"
        OKAY = 3, "okay"
        GOOD = 4, "good"
        GREAT = 5, "great"

    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Identifies the entry in exports."
    )
    user = models.ForeignKey(related_name="journal_entries", **OWNER)
    date = models.DateField(
        validators=[validate_year], help_text="The day it is about, in the user's own calendar."
    )
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, null=True, blank=True)
    energy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="0 to 100."
    )
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_SLEEP_HOURS)],
        help_text="0 to 24, one decimal.",
    )
    soreness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)], help_text="0 to 10."
    )
    text = models.TextField(max_length=limits.MAX_TEXT_LENGTH, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    # Measured by a device (WHOOP), never typed in: read-only in the API.
    recovery_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="0 to 100 %."
    )
    resting_heart_rate = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(250)], help_text="Beats per minute."
    )
    hrv_ms = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Heart rate variability (RMSSD), milliseconds.",
    )
    sleep_performance = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Sleep achieved against sleep needed, 0 to 100 %.",
    )
    device_fields = models.JSONField(
        default=dict,
        blank=True,
        help_text="Which values a device wrote, and which one: {field: source}. A value the "
        "user writes leaves this map, and devices never overwrite it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["user", "-date", "-id"], name="journal_user_date_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="journal_uid_unique_per_user"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="journal_mood_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(energy__isnull=True) | Q(energy__lte=100), name="journal_energy_0_100"
            ),
            models.CheckConstraint(
                condition=Q(soreness__isnull=True) | Q(soreness__lte=10),
                name="journal_soreness_0_10",
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True)
                | Q(sleep_hours__gte=0, sleep_hours__lte=limits.MAX_SLEEP_HOURS),
                name="journal_sleep_0_24",
            ),
            models.CheckConstraint(
                condition=Q(recovery_score__isnull=True) | Q(recovery_score__lte=100),
                name="journal_recovery_0_100",
            ),
            models.CheckConstraint(
                condition=Q(sleep_performance__isnull=True) | Q(sleep_performance__lte=100),
                name="journal_sleep_performance_0_100",
            ),
            models.CheckConstraint(
                condition=Q(hrv_ms__isnull=True) | Q(hrv_ms__gte=0), name="journal_hrv_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Journal entry {self.pk} ({self.date})"


class PeriodDay(models.Model):
    """One day of flow. A period is a run of consecutive days of flow (see wellness.cycles)."""

    class Flow(models.TextChoices):
        SPOTTING = "spotting"
        LIGHT = "light"
        MEDIUM = "medium"
        HEAVY = "heavy"

    class Symptom(models.TextChoices):
        CRAMPS = "cramps"
        HEADACHE = "headache"
        BLOATING = "bloating"
        BREAST_TENDERNESS = "breast_tenderness"
        FATIGUE = "fatigue"
        ACNE = "acne"
        BACK_PAIN = "back_pain"
        NAUSEA = "nausea"
        MOOD_SWINGS = "mood_swings"
        CRAVINGS = "cravings"
        INSOMNIA = "insomnia"

    user = models.ForeignKey(related_name="period_days", **OWNER)
    date = models.DateField(validators=[validate_year])
    flow = models.CharField(max_length=8, choices=Flow.choices)
    symptoms = models.JSONField(default=list, blank=True)
    symptom_tags = models.JSONField(default=list, blank=True)
    notes = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_period_day_per_date"),
            models.CheckConstraint(
                condition=Q(flow__in=["spotting", "light", "medium", "heavy"]),
                name="period_day_flow_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Period day {self.pk}"


def metric_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="0 to 100."
    )


class SkinEntry(models.Model):
    METRICS = ("radiance", "moisture", "texture", "pores", "dark_circles")

    class Source(models.TextChoices):
        MANUAL = "manual"
        BEDROCK = "bedrock", "Amazon Bedrock"
        LOCAL = "local", "Local image statistics"

    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Identifies the entry in exports."
    )
    user = models.ForeignKey(related_name="skin_entries", **OWNER)
    date = models.DateField(validators=[validate_year])
    radiance = metric_field()
    moisture = metric_field()
    texture = metric_field()
    pores = metric_field()
    dark_circles = metric_field()
    notes = models.TextField(max_length=limits.MAX_TEXT_LENGTH, blank=True)
    photo_key = models.CharField(max_length=200, blank=True)
    metrics_source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    analyzed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "skin entries"
        indexes = [models.Index(fields=["user", "-date", "-id"], name="skin_user_date_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="skin_uid_unique_per_user"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{m}__isnull": True}) | Q(**{f"{m}__lte": 100}),
                    name=f"skin_{m}_0_100",
                )
                for m in ("radiance", "moisture", "texture", "pores", "dark_circles")
            ),
        ]

    def __str__(self) -> str:
        return f"Skin entry {self.pk} ({self.date})"


class WellnessAccount(User):
    """The admin's view of a user's wellness data: counts and dates only (wellness.admin)."""

    class Meta:
        proxy = True
        verbose_name = "wellness account"
