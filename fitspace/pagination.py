from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination


class LimitOffsetPagination(DRFLimitOffsetPagination):
    """``?limit=&offset=`` as the first version's clients page: 10 by default, at most 100.

    A limit above 100 is lowered to 100; a value that is not a whole number, a negative offset
    or a zero limit is a 400 naming the parameter, not a silent default. A parameter sent empty
    counts as not sent, like every other optional query parameter.
    """

    default_limit = 10
    max_limit = 100

    def get_limit(self, request):
        return _page_size(request, self.limit_query_param, self.default_limit, self.max_limit)

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if not raw:
            return 0
        return _whole_number(self.offset_query_param, raw, minimum=0)

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["description"] = f"Results per page, {self.default_limit} by default; more than "
        limit["description"] += f"{self.max_limit} is lowered to {self.max_limit}."
        limit["schema"]["minimum"] = 1
        offset["schema"]["minimum"] = 0
        return [limit, offset]


def _page_size(request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if not raw:
        return default
    return min(_whole_number(name, raw, minimum=1), maximum)


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
    page_size = LimitOffsetPagination.default_limit
    max_page_size = LimitOffsetPagination.max_limit

    def get_page_size(self, request):
        """The same `limit` as offset paging: a bad one is a 400, never "everything"."""
        return _page_size(request, "limit", self.page_size, self.max_page_size)


class LimitOffsetOrCursorPagination(LimitOffsetPagination):
    """Limit/offset as the first version's clients page, or, with `?cursor=` (empty for the
    first page), by cursor: a page deep in a long history costs what the first one does, since
    the database seeks to it instead of counting past every earlier row."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_paginator = None
        if self.cursor_query_param in request.query_params:
            self.get_offset(request)  # not used by a cursor, but refused if malformed
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
                "then the cursor in `next`. An unknown cursor is a 404.",
                "schema": {"type": "string"},
            },
        ]
