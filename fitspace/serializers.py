import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, SlugRelatedField

# What JSON type each kind of field takes, as the OpenAPI schema says. DRF is lenient by
# default (a string field takes 5, a boolean takes "yes", a number takes "1.5"); FitSpace's
# JSON takes what its schema says. Checked in this order: a subclass before its parent.
_JSON_TYPES: list[tuple[tuple[type, ...], tuple[type, ...], str]] = [
    ((serializers.BooleanField,), (bool,), "true or false"),
    ((serializers.IntegerField, PrimaryKeyRelatedField), (int,), "a whole number"),
    ((serializers.DecimalField, serializers.FloatField), (int, float), "a number"),
    (
        (serializers.MultipleChoiceField, serializers.ListField, ManyRelatedField),
        (list,),
        "a list",
    ),
    ((serializers.ListSerializer,), (list,), "a list"),
    ((serializers.Serializer, serializers.DictField), (dict,), "an object"),
    (
        (
            serializers.CharField,
            serializers.DateTimeField,
            serializers.DateField,
            serializers.UUIDField,
            SlugRelatedField,
        ),
        (str,),
        "a string",
    ),
]


def json_type_problem(field: serializers.Field, value) -> str | None:
    """What is wrong with the JSON type of `value` for `field`, or None."""
    if value is None:
        return None  # allow_null decides
    if isinstance(field, serializers.ChoiceField) and not isinstance(
        field, serializers.MultipleChoiceField
    ):
        kinds = tuple({type(choice) for choice in field.choices}) or (str,)
        return None if isinstance(value, kinds) and not isinstance(value, bool) else "a choice"
    for classes, kinds, expected in _JSON_TYPES:
        if isinstance(field, classes):
            wrong = not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool))
            if wrong:
                return f"Must be {expected}."
            if isinstance(field, serializers.ListField):  # and each item, its child's type
                for item in value:
                    if problem := json_type_problem(field.child, item):
                        if problem == "a choice":
                            return "Each item must be one of the listed choices."
                        return f"Each item {problem[0].lower()}{problem[1:]}"
            return None
    return None


class JsonTypesMixin:
    """Refuse a value of another JSON type than the field's (`"name": 5`, `"completed": "yes"`)
    with a 400 naming the field, instead of converting it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            problems = {}
            for name, field in self.fields.items():
                if name in data and not field.read_only:
                    problem = json_type_problem(field, data[name])
                    if problem:
                        message = (
                            "Must be one of the listed choices."
                            if problem == "a choice"
                            else problem
                        )
                        problems[name] = [ErrorDetail(message, code="invalid")]
            if problems:
                raise serializers.ValidationError(problems)
        return super().to_internal_value(data)


class StrictFieldsMixin(JsonTypesMixin):
    """Refuse keys the serializer does not know: a typo such as ``"emial"`` is a 400 naming it,
    not a silently ignored field. Read-only fields (``id``, timestamps) are known, so a client
    may send back what it read. Values must have their field's JSON type (`JsonTypesMixin`)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {key: [ErrorDetail("Unknown field.", code="unknown_field")] for key in unknown}
                )
        return super().to_internal_value(data)


class RoundedDecimalField(serializers.DecimalField):
    """A decimal number kept to the field's places: 102.499 kg is 102.50, not a 400.

    The range is judged on the number as sent (2000.001 is over 2000), as the schema's
    `maximum` says; only then is it rounded (half up)."""

    def validate_precision(self, value: Decimal) -> Decimal:
        if self.max_value is not None and value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        if self.min_value is not None and value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        if self.decimal_places is not None:
            value = value.quantize(Decimal(1).scaleb(-self.decimal_places), ROUND_HALF_UP)
        return super().validate_precision(value)


def json_datetime(value: dt.datetime | None) -> str | None:
    """What DRF's DateTimeField shows, for the UTC the API always answers in (TIME_ZONE, never
    activated per request), without its per-value look-up of the current time zone."""
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
