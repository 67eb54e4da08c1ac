from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail


class StrictFieldsMixin:
    """Refuse keys the serializer does not know: a typo such as ``"emial"`` is a 400 naming it,
    not a silently ignored field. Read-only fields (``id``, timestamps) are known, so a client
    may send back what it read."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {key: [ErrorDetail("Unknown field.", code="unknown_field")] for key in unknown}
                )
        return super().to_internal_value(data)
