import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from workouts import limits
from workouts.models import Exercise, Muscle, Workout, performed_at

BOUNDS = f"In the years {limits.EARLIEST_YEAR} to {limits.LATEST_YEAR}."
IN_YEARS = [limits.validate_year]


class ExerciseFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Exercise.Category.choices)
    equipment = django_filters.ChoiceFilter(choices=Exercise.Equipment.choices)
    muscle = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            queryset=Muscle.objects.all(),
            to_field_name="code",
            method="filter_muscle",
            help_text="A muscle code (see /muscles), worked as a primary or secondary muscle.",
        )
    )
    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name, any case."
    )
    custom = django_filters.BooleanFilter(
        field_name="owner", lookup_expr="isnull", exclude=True, help_text="Only custom ones."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gt",
        validators=IN_YEARS,
        help_text="Delta sync: only exercises changed after this instant, retired ones included "
        f"(`is_active: false`) so the client can drop them. {BOUNDS}",
    )

    class Meta:
        model = Exercise
        fields = ["category", "equipment", "muscle", "search", "custom", "updated_since"]

    def filter_muscle(self, queryset, name, muscle):
        return queryset.filter(Q(primary_muscles=muscle) | Q(secondary_muscles=muscle)).distinct()

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("updated_since"):
            queryset = queryset.filter(is_active=True)
        return queryset


class WorkoutFilter(django_filters.FilterSet):
    date_from = django_filters.IsoDateTimeFilter(
        method="filter_date_from",
        validators=IN_YEARS,
        help_text=f"Performed at or after. {BOUNDS}",
    )
    date_to = django_filters.IsoDateTimeFilter(
        method="filter_date_to", validators=IN_YEARS, help_text=f"Performed before. {BOUNDS}"
    )
    exercise = django_filters.NumberFilter(
        field_name="exercises__exercise", distinct=True, help_text="Has this exercise."
    )
    is_template = django_filters.BooleanFilter()
    status = django_filters.ChoiceFilter(choices=Workout.Status.choices)

    class Meta:
        model = Workout
        fields = ["date_from", "date_to", "exercise", "is_template", "status"]

    def filter_date_from(self, queryset, name, value):
        return queryset.alias(performed=performed_at()).filter(performed__gte=value)

    def filter_date_to(self, queryset, name, value):
        return queryset.alias(performed=performed_at()).filter(performed__lt=value)
