from django.contrib import admin
from django.db.models import Count, Prefetch

from workouts.models import Exercise, Muscle, PersonalRecord, Workout, WorkoutExercise, WorkoutSet


@admin.register(Muscle)
class MuscleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


class LibraryFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("library", "Library"), ("custom", "Custom (a user's)")]

    def queryset(self, request, queryset):
        if self.value() == "library":
            return queryset.filter(owner__isnull=True)
        if self.value() == "custom":
            return queryset.filter(owner__isnull=False)
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    """The library, which staff curate; users' custom exercises are shown too."""

    list_display = [
        "name",
        "category",
        "equipment",
        "owner",
        "times_used",
        "is_active",
        "updated_at",
    ]
    list_filter = [LibraryFilter, "category", "equipment", "is_active", "primary_muscles"]
    search_fields = ["name", "slug", "description", "owner__email"]
    list_select_related = ["owner"]
    filter_horizontal = ["primary_muscles", "secondary_muscles"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "owner", "is_active"]}),
        ("Kind", {"fields": ["category", "equipment", "primary_muscles", "secondary_muscles"]}),
        (
            "What a set records",
            {"fields": ["tracks_reps", "tracks_weight", "tracks_duration", "tracks_distance"]},
        ),
        ("Record", {"fields": ["uid", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(used=Count("uses"))

    @admin.display(description="Used in workouts", ordering="used")
    def times_used(self, exercise: Exercise) -> int:
        return exercise.used


class WorkoutExerciseInline(admin.TabularInline):
    model = WorkoutExercise
    fields = ["position", "exercise", "notes", "sets_done"]
    readonly_fields = ["sets_done"]
    autocomplete_fields = ["exercise"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("exercise")
            .prefetch_related(Prefetch("sets", queryset=WorkoutSet.objects.order_by("position")))
        )

    @admin.display(description="Sets (done ✓)")
    def sets_done(self, entry: WorkoutExercise) -> str:
        return "; ".join(_describe(s) for s in entry.sets.all()) or "-"


def _describe(workout_set: WorkoutSet) -> str:
    parts = []
    if workout_set.reps is not None:
        parts.append(f"{workout_set.reps}")
    if workout_set.weight_kg is not None:
        parts.append(f"{workout_set.weight_kg} kg")
    if workout_set.duration_seconds is not None:
        parts.append(f"{workout_set.duration_seconds} s")
    if workout_set.distance_m is not None:
        parts.append(f"{workout_set.distance_m} m")
    text = " x ".join(parts) or workout_set.get_set_type_display()
    return f"{text} ✓" if workout_set.completed else text


@admin.register(Workout)
class WorkoutAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "status",
        "sport",
        "source",
        "is_template",
        "started_at",
        "created_at",
    ]
    list_filter = ["status", "sport", "source", "is_template", "created_at"]
    search_fields = ["name", "description", "user__email", "user__name", "external_id"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = [
        "uid",
        "copied_from",
        "resumed_at",
        "source",
        "external_id",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "created_at"
    inlines = [WorkoutExerciseInline]


class WorkoutSetInline(admin.TabularInline):
    model = WorkoutSet
    fields = ["position", *WorkoutSet.CONTENT_FIELDS]
    extra = 0


@admin.register(WorkoutExercise)
class WorkoutExerciseAdmin(admin.ModelAdmin):
    """An exercise of a workout, with its sets: reached from the workout's page."""

    list_display = ["__str__", "workout"]
    list_select_related = ["workout", "exercise"]
    search_fields = ["workout__name", "exercise__name", "workout__user__email"]
    autocomplete_fields = ["exercise"]
    readonly_fields = ["workout"]
    inlines = [WorkoutSetInline]

    def has_module_permission(self, request) -> bool:
        return False  # listed under each workout, not on the admin index


@admin.register(PersonalRecord)
class PersonalRecordAdmin(admin.ModelAdmin):
    """Records are derived from sets; they are shown, not edited."""

    list_display = ["exercise", "user", "kind", "value", "achieved_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "exercise__name"]
    list_select_related = ["exercise", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
