from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination


class LimitOffsetPagination(DRFLimitOffsetPagination):
    """``?limit=&offset=`` as the first version's clients page: 10 by default, at most 100.

    A limit above 100 is lowered to 100; a value that is not a whole number, a negative offset
    or a zero limit is a 400 naming the parameter, not a silent default.
    """

    default_limit = 10
    max_limit = 100

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        return min(_whole_number(self.limit_query_param, raw, minimum=1), self.max_limit)

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        return _whole_number(self.offset_query_param, raw, minimum=0)


def _whole_number(name: str, raw: str, *, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"Must be a whole number, not {raw[:20]!r}."]}) from None
    if value < minimum:
        raise ValidationError({name: [f"Must be at least {minimum}."]})
    return value


class NewestFirstCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size_query_param = "limit"
    max_page_size = LimitOffsetPagination.max_limit


class LimitOffsetOrCursorPagination(LimitOffsetPagination):
    """Limit/offset as the first version's clients page, or, with `?cursor=` (empty for the
    first page), by cursor: a page deep in a long history costs what the first one does, since
    the database seeks to it instead of counting past every earlier row."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_paginator = None
        if self.cursor_query_param in request.query_params:
            self.cursor_paginator = NewestFirstCursorPagination()
            self._refuse_nullable_ordering(queryset, request, view)
            return self.cursor_paginator.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def _refuse_nullable_ordering(self, queryset, request, view) -> None:
        """A cursor marks a position by the ordering field's value, so that value can never be
        missing: ordering by a field some rows leave empty is for limit/offset paging."""
        ordering = self.cursor_paginator.get_ordering(request, queryset, view)
        field = ordering[0].lstrip("-")
        if queryset.model._meta.get_field(field).null:
            raise ValidationError(
                {"ordering": [f"Paging by cursor cannot order by {field}: use limit and offset."]}
            )

    def get_paginated_response(self, data):
        if self.cursor_paginator is not None:
            return self.cursor_paginator.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Absent when paging by cursor."
        response["required"] = ["results"]
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Page by cursor instead of offset: empty for the first page, "
                "then the cursor in `next`.",
                "schema": {"type": "string"},
            },
        ]
