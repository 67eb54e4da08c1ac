from django.db.models import F
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=name,-created_at` as DRF's, but a field that cannot be ordered by is a 400
    naming `ordering` (DRF drops it silently), and the schema gives the grammar as a pattern."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            allowed = {
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [f for f in params.split(",") if f.strip().lstrip("-") not in allowed]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {unknown[0][:40]!r}: use one of "
                            f"{', '.join(sorted(allowed))}, or `-` before one for descending."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        (parameter,) = super().get_schema_operation_parameters(view)
        names = "|".join(getattr(view, "ordering_fields", None) or [])
        if names:
            parameter["schema"]["pattern"] = f"^-?({names})(,-?({names}))*$"
            parameter["description"] = (
                f"Order by {', '.join(view.ordering_fields)}; `-` first for descending; "
                "several, comma-separated."
            )
        return [parameter]


class NullsLastOrderingFilter(StrictOrderingFilter):
    """Rows without a value come last in either direction, on every database (PostgreSQL alone
    would put them first when descending).

    Only fields that can be empty get NULLS LAST: on the others it changes nothing but the
    SQL, which then no longer matches a plain descending index (a user's newest workouts would
    be sorted in full instead of read from `workout_user_newest_idx`).
    """

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*(self._term(queryset, field) for field in ordering))

    @staticmethod
    def _term(queryset, field: str):
        name = field.lstrip("-")
        if not queryset.model._meta.get_field(name).null:
            return field
        return (
            F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)
        )
