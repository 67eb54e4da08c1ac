import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from workouts import limits

MEASURES = ("reps", "weight", "duration", "distance")
IN_TIME_RANGE = [MinValueValidator(limits.EARLIEST), MaxValueValidator(limits.LATEST)]


class Muscle(models.Model):
    """A muscle (or the heart and lungs), grouped for per-group stats."""

    class Group(models.TextChoices):
        CHEST = "chest"
        BACK = "back"
        SHOULDERS = "shoulders"
        ARMS = "arms"
        CORE = "core"
        LEGS = "legs"
        CARDIO = "cardio"

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=64)
    group = models.CharField(max_length=16, choices=Group.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ExerciseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExerciseQuerySet":
        """The library and the user's own custom exercises; never anyone else's."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def named(self, name: str) -> "ExerciseQuerySet":
        """Exercises with this name in any case, folded by the database's LOWER() exactly as
        the unique constraints fold it (Python's lower() and `iexact` differ from it on
        letters such as `İ` and `ẞ`)."""
        return self.alias(name_folded=Lower("name")).filter(name_folded=Lower(Value(name)))


class Exercise(models.Model):
    """An exercise in the shared library (no owner) or a user's private custom exercise."""

    class Category(models.TextChoices):
        STRENGTH = "strength"
        CARDIO = "cardio"
        MOBILITY = "mobility"
        PLYOMETRIC = "plyometric"
        STRETCHING = "stretching"

    class Equipment(models.TextChoices):
        BARBELL = "barbell"
        DUMBBELL = "dumbbell"
        KETTLEBELL = "kettlebell"
        MACHINE = "machine"
        CABLE = "cable"
        BODYWEIGHT = "bodyweight"
        BAND = "band"
        EZ_BAR = "ez_bar", "EZ bar"
        TRAP_BAR = "trap_bar"
        SMITH_MACHINE = "smith_machine"
        MEDICINE_BALL = "medicine_ball"
        PULL_UP_BAR = "pull_up_bar", "Pull-up bar"
        SUSPENSION = "suspension"
        TREADMILL = "treadmill"
        BIKE = "bike"
        ROWER = "rower"
        ELLIPTICAL = "elliptical"
        JUMP_ROPE = "jump_rope"
        OTHER = "other"

    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Identifies a custom exercise in exports."
    )
    slug = models.SlugField(
        max_length=80, null=True, blank=True, unique=True, help_text="Library exercises only."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_exercises",
        help_text="Empty for the shared library; set for a user's private exercise.",
    )
    name = models.CharField(max_length=100)
    description = models.TextField(max_length=1000, blank=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    equipment = models.CharField(max_length=16, choices=Equipment.choices)
    primary_muscles = models.ManyToManyField(Muscle, related_name="primary_for", blank=True)
    secondary_muscles = models.ManyToManyField(Muscle, related_name="secondary_for", blank=True)
    tracks_reps = models.BooleanField(default=False)
    tracks_weight = models.BooleanField(default=False)
    tracks_duration = models.BooleanField(default=False)
    tracks_distance = models.BooleanField(default=False)
    is_active = models.BooleanField(
        default=True, help_text="Retired exercises stay in old workouts but leave the catalogue."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(owner__isnull=True),
                name="exercise_library_name_unique",
                violation_error_message="The library already has an exercise with this name.",
            ),
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="exercise_custom_name_unique",
                violation_error_message="You already have an exercise with this name.",
            ),
            models.UniqueConstraint(fields=["owner", "uid"], name="exercise_uid_unique_per_owner"),
            models.CheckConstraint(condition=~Q(name=""), name="exercise_name_not_empty"),
            models.CheckConstraint(
                condition=Q(tracks_reps=True)
                | Q(tracks_weight=True)
                | Q(tracks_duration=True)
                | Q(tracks_distance=True),
                name="exercise_tracks_a_measure",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(slug__isnull=True),
                name="exercise_custom_has_no_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_custom(self) -> bool:
        return self.owner_id is not None

    @property
    def measures(self) -> list[str]:
        """What a set of this exercise records, among reps, weight, duration, distance."""
        return [m for m in MEASURES if getattr(self, f"tracks_{m}")]


class WorkoutSport(models.TextChoices):
    """What kind of activity a workout was."""

    RUNNING = "running"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    WALKING = "walking"
    HIKING = "hiking"
    ROWING = "rowing"
    STRENGTH = "strength"
    HIIT = "hiit", "HIIT"
    YOGA = "yoga"
    OTHER = "other"


class WorkoutSource(models.TextChoices):
    """Where a workout came from."""

    MANUAL = "manual", "Logged in the app"
    FILE = "file", "Imported from a GPX, TCX or FIT file"
    WHOOP = "whoop", "Synced from WHOOP"


class Workout(models.Model):
    """One training session of one user: planned, live (in progress or paused), or finished.

    A template is a plan to copy from; it is never started itself.
    """

    class Status(models.TextChoices):
        PLANNED = "planned"
        IN_PROGRESS = "in_progress"
        PAUSED = "paused"
        FINISHED = "finished"

    ACTIVE = (Status.IN_PROGRESS, Status.PAUSED)

    # Defined beside the model so its check constraints can list them.
    Sport = WorkoutSport
    Source = WorkoutSource

    # The activity summary: what a watch file or WHOOP says of the session as a whole (a
    # client may fill it for a session it logs by hand). Each is empty when unknown.
    ACTIVITY_FIELDS = (
        "sport",
        "distance_m",
        "elevation_gain_m",
        "avg_heart_rate",
        "max_heart_rate",
        "energy_kj",
        "strain",
    )

    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Identifies the workout in exports."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workouts"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    is_template = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True, validators=IN_TIME_RANGE)
    finished_at = models.DateTimeField(null=True, blank=True, validators=IN_TIME_RANGE)
    resumed_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=IN_TIME_RANGE,
        help_text="Start of the running stretch; empty unless in progress.",
    )
    active_seconds = models.PositiveIntegerField(
        default=0, help_text="Time trained before the running stretch, pauses excluded."
    )
    sport = models.CharField(max_length=16, choices=Sport.choices, default=Sport.OTHER)
    distance_m = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_ACTIVITY_DISTANCE_M)],
        help_text="Distance covered in the whole session, in metres.",
    )
    elevation_gain_m = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_ELEVATION_GAIN_M)],
        help_text="Total ascent, in metres.",
    )
    avg_heart_rate = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(limits.MIN_HEART_RATE),
            MaxValueValidator(limits.MAX_HEART_RATE),
        ],
        help_text="Average heart rate, beats per minute.",
    )
    max_heart_rate = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(limits.MIN_HEART_RATE),
            MaxValueValidator(limits.MAX_HEART_RATE),
        ],
        help_text="Highest heart rate, beats per minute; at least the average.",
    )
    energy_kj = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_ENERGY_KJ)],
        help_text="Energy expended, in kilojoules.",
    )
    strain = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(limits.MIN_STRAIN), MaxValueValidator(limits.MAX_STRAIN)],
        help_text="WHOOP strain, 0 to 21.",
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # NULL, not "", for "none": the unique constraint below holds only where there is an id.
    external_id = models.CharField(  # noqa: DJ001
        max_length=limits.MAX_EXTERNAL_ID_LENGTH,
        null=True,
        blank=True,
        help_text="The workout's id at its source (a WHOOP id, a file's SHA-256): importing it "
        "again finds this workout.",
    )
    created_at = models.DateTimeField(auto_now_add=True, validators=IN_TIME_RANGE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="workouts_workout_name_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), 5000),
                name="workouts_workout_description_max_length",
            ),
            models.UniqueConstraint(fields=["user", "uid"], name="workout_uid_unique_per_user"),
            # At most one live session per user, whatever the race.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["in_progress", "paused"]),
                name="one_live_workout_per_user",
                violation_error_message="Another workout is already in progress.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "paused", "finished"]),
                name="workout_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(started_at__isnull=False),
                name="workout_started_unless_planned",
            ),
            models.CheckConstraint(
                condition=~Q(status="finished") | Q(finished_at__isnull=False),
                name="workout_finished_has_finished_at",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress", resumed_at__isnull=False)
                | (~Q(status="in_progress") & Q(resumed_at__isnull=True)),
                name="workout_running_iff_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(status="planned"),
                name="workout_template_is_planned",
            ),
            models.CheckConstraint(
                condition=Q(sport__in=WorkoutSport.values),
                name="workout_sport_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=WorkoutSource.values),
                name="workout_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True)
                | Q(distance_m__gte=0, distance_m__lte=limits.MAX_ACTIVITY_DISTANCE_M),
                name="workout_distance_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(elevation_gain_m__isnull=True)
                | Q(elevation_gain_m__gte=0, elevation_gain_m__lte=limits.MAX_ELEVATION_GAIN_M),
                name="workout_elevation_gain_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(avg_heart_rate__isnull=True)
                | Q(
                    avg_heart_rate__gte=limits.MIN_HEART_RATE,
                    avg_heart_rate__lte=limits.MAX_HEART_RATE,
                ),
                name="workout_avg_heart_rate_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(max_heart_rate__isnull=True)
                | Q(
                    max_heart_rate__gte=limits.MIN_HEART_RATE,
                    max_heart_rate__lte=limits.MAX_HEART_RATE,
                ),
                name="workout_max_heart_rate_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(avg_heart_rate__isnull=True)
                | Q(max_heart_rate__isnull=True)
                | Q(avg_heart_rate__lte=F("max_heart_rate")),
                name="workout_avg_heart_rate_at_most_max",
                violation_error_message="The average heart rate cannot exceed the maximum.",
            ),
            models.CheckConstraint(
                condition=Q(energy_kj__isnull=True)
                | Q(energy_kj__gte=0, energy_kj__lte=limits.MAX_ENERGY_KJ),
                name="workout_energy_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(strain__isnull=True)
                | Q(strain__gte=limits.MIN_STRAIN, strain__lte=limits.MAX_STRAIN),
                name="workout_strain_within_limit",
            ),
            # A source's id names one workout of the user's: a repeated sync or import finds it.
            models.UniqueConstraint(
                fields=["user", "source", "external_id"],
                condition=Q(external_id__isnull=False),
                name="workout_external_id_unique_per_source",
                violation_error_message="This workout was already imported.",
            ),
            models.CheckConstraint(
                condition=~Q(external_id=""), name="workout_external_id_not_empty"
            ),
        ]
        indexes = [
            # "A user's workouts, newest first": the history list's only query plan.
            models.Index(fields=["user", "-created_at", "-id"], name="workout_user_newest_idx"),
            # "A user's sessions, last performed first": an exercise's history walks it and stops
            # after the sessions it shows, however long the history.
            models.Index(
                F("user"),
                Coalesce("started_at", "created_at").desc(),
                F("id").desc(),
                name="workout_user_performed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def active_duration_seconds(self) -> int:
        """Seconds trained so far, pauses excluded."""
        running = 0
        if self.resumed_at is not None:
            running = int((timezone.now() - self.resumed_at).total_seconds())
        return self.active_seconds + max(running, 0)

    @property
    def performed_at(self):
        """When the session happened: its start, or for a workout logged without a live
        session, its creation. `performed_at()` is the same for the database."""
        return self.started_at or self.created_at


def performed_at(path: str = "") -> Coalesce:
    """`Workout.performed_at` as the database computes it, for the workout at `path`
    (e.g. "workout__"): for filtering and ordering by it, NULLs never first or last."""
    return Coalesce(f"{path}started_at", f"{path}created_at")


class WorkoutExercise(models.Model):
    """An exercise in a workout, in order, with its sets."""

    workout = models.ForeignKey(Workout, on_delete=models.CASCADE, related_name="exercises")
    # RESTRICT, not PROTECT: an exercise in use cannot be deleted on its own, but deleting an
    # account deletes its custom exercises together with the workouts that use them.
    exercise = models.ForeignKey(Exercise, on_delete=models.RESTRICT, related_name="uses")
    position = models.PositiveSmallIntegerField()
    notes = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["workout", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workout", "position"], name="workout_exercise_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.exercise}"


class WorkoutSet(models.Model):
    """One set: what was planned (a target) or done (completed)."""

    # What a client writes and reads of a set (position follows its place in the list).
    CONTENT_FIELDS = (
        "set_type",
        "reps",
        "weight_kg",
        "duration_seconds",
        "distance_m",
        "rpe",
        "rest_seconds",
        "completed",
        "completed_at",
        "notes",
    )

    class SetType(models.TextChoices):
        WARM_UP = "warm_up"
        WORKING = "working"
        DROP = "drop", "Drop set"

    workout_exercise = models.ForeignKey(
        WorkoutExercise, on_delete=models.CASCADE, related_name="sets"
    )
    position = models.PositiveSmallIntegerField()
    set_type = models.CharField(max_length=8, choices=SetType.choices, default=SetType.WORKING)
    # The validators carry the limits to the API, the import, the admin and the schema; the
    # check constraints below hold them in the database.
    reps = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(limits.MAX_REPS)]
    )
    weight_kg = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_WEIGHT_KG)],
    )
    duration_seconds = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(limits.MAX_DURATION_SECONDS)]
    )
    distance_m = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(limits.MAX_DISTANCE_M)],
    )
    rpe = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(limits.MIN_RPE), MaxValueValidator(limits.MAX_RPE)],
        help_text="1 to 10.",
    )
    rest_seconds = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(limits.MAX_REST_SECONDS)]
    )
    completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True, validators=IN_TIME_RANGE)
    notes = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["workout_exercise", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workout_exercise", "position"], name="workout_set_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0),
                name="workout_set_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True) | Q(distance_m__gte=0),
                name="workout_set_distance_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__lte=limits.MAX_REPS),
                name="workout_set_reps_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__lte=limits.MAX_WEIGHT_KG),
                name="workout_set_weight_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(duration_seconds__isnull=True)
                | Q(duration_seconds__lte=limits.MAX_DURATION_SECONDS),
                name="workout_set_duration_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True) | Q(distance_m__lte=limits.MAX_DISTANCE_M),
                name="workout_set_distance_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(rest_seconds__isnull=True)
                | Q(rest_seconds__lte=limits.MAX_REST_SECONDS),
                name="workout_set_rest_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=1, rpe__lte=10),
                name="workout_set_rpe_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(set_type__in=["warm_up", "working", "drop"]),
                name="workout_set_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Set {self.position} of {self.workout_exercise}"

    @property
    def volume_kg(self) -> Decimal:
        """Reps times weight, for completed sets with both."""
        if not self.completed or self.reps is None or self.weight_kg is None:
            return Decimal(0)
        return self.weight_kg * self.reps


class PersonalRecord(models.Model):
    """A user's current best on an exercise, of one kind, and when it was set."""

    class Kind(models.TextChoices):
        HEAVIEST_WEIGHT = "heaviest_weight"
        MOST_REPS = "most_reps"
        BEST_E1RM = "best_e1rm", "Best estimated one-rep max (Epley)"
        BEST_SESSION_VOLUME = "best_session_volume"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="records"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    value = models.DecimalField(max_digits=limits.RECORD_DIGITS, decimal_places=2)
    workout_set = models.ForeignKey(
        WorkoutSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    workout = models.ForeignKey(Workout, on_delete=models.CASCADE, related_name="records")
    achieved_at = models.DateTimeField()

    class Meta:
        ordering = ["exercise", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise", "kind"], name="one_record_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.exercise}: {self.value}"
