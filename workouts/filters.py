import django_filters
from django import forms
from django.db.models import Q

from workouts import limits
from workouts.models import Exercise, Workout, performed_at

BOUNDS = f"In the years {limits.EARLIEST_YEAR} to {limits.LATEST_YEAR}."
IN_YEARS = [limits.validate_year]


class StrictBooleanField(forms.Field):
    """`true` or `false`, as the schema's boolean says; anything else is a 400, not ignored."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class WholeNumberFilter(django_filters.NumberFilter):
    """An id: a whole number, as the schema's integer says (`1.5` is a 400, not "nothing")."""

    field_class = forms.IntegerField


class ExerciseFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Exercise.Category.choices)
    equipment = django_filters.ChoiceFilter(choices=Exercise.Equipment.choices)
    muscle = django_filters.CharFilter(
        method="filter_muscle",
        help_text="A muscle code (see /muscles), worked as a primary or secondary muscle; an "
        "unknown code matches nothing.",
    )
    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name, any case."
    )
    custom = StrictBooleanFilter(
        field_name="owner",
        lookup_expr="isnull",
        exclude=True,
        help_text="`true`: only custom ones; `false`: only the library's.",
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

    def filter_muscle(self, queryset, name, code):
        return queryset.filter(
            Q(primary_muscles__code=code) | Q(secondary_muscles__code=code)
        ).distinct()

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
    exercise = WholeNumberFilter(
        field_name="exercises__exercise", distinct=True, help_text="Has this exercise (its id)."
    )
    is_template = StrictBooleanFilter()
    status = django_filters.ChoiceFilter(choices=Workout.Status.choices)

    class Meta:
        model = Workout
        fields = ["date_from", "date_to", "exercise", "is_template", "status"]

    def filter_date_from(self, queryset, name, value):
        return queryset.alias(performed=performed_at()).filter(performed__gte=value)

    def filter_date_to(self, queryset, name, value):
        return queryset.alias(performed=performed_at()).filter(performed__lt=value)
