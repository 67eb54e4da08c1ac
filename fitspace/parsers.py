"""Request bodies: JSON only, bounded in size (settings.DATA_UPLOAD_MAX_MEMORY_SIZE, answered
with a 413 by fitspace.errors) and in depth (here)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No FitSpace document nests deeper than a handful of levels (an import: document, workouts,
# a workout, its exercises, an exercise, its sets, a set); this leaves room and no more.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a document nested deeper than MAX_JSON_DEPTH with a 400, as
    well as one so deep that the decoder gives up (a RecursionError, which would be a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep()) from None
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(too_deep())
        return data


def too_deep() -> str:
    return f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."


def nesting_depth(value) -> int:
    """How many arrays and objects deep a parsed document goes, without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
