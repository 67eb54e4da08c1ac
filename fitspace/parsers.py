"""Request bodies: JSON only, bounded in size (settings.DATA_UPLOAD_MAX_MEMORY_SIZE, answered
with a 413 by fitspace.errors) and in depth (here)."""

import io
import itertools
import re

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


class BoundedJSONParser(JSONParser):
    """A JSON parser for large documents (an import) that refuses one over `max_bytes` with a
    413 before reading it (by its Content-Length) or while reading it (by what arrives), and one
    nested deeper than `max_depth` with a 400 before decoding it: the brackets are counted on
    the raw bytes, strings left out, so no object is built for a document that will be refused.

    Subclass it with the limits: `max_bytes`, `max_depth`.
    """

    max_bytes: int
    max_depth: int

    def parse(self, stream, media_type=None, parser_context=None):
        from fitspace.errors import RequestTooLarge

        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise RequestTooLarge(self.max_bytes)
        raw = stream.read(self.max_bytes + 1) if stream is not None else b""
        if len(raw) > self.max_bytes:
            raise RequestTooLarge(self.max_bytes)
        if raw_depth(raw) > self.max_depth:
            raise ParseError(f"JSON parse error - nested deeper than {self.max_depth} levels.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def raw_depth(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text go, counted without decoding it (brackets
    inside strings do not count). Linear in the size; exact for valid JSON, and for invalid
    JSON a number the decoder's own refusal makes moot."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_A_BRACKET)
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)
