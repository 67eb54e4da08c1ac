"""Conditional requests on one resource: a strong `ETag` on its detail, a 304 for a matching
`If-None-Match`, and a 412 for a `PUT`/`PATCH` whose `If-Match` names a version that is no
longer current (two devices editing the same workout: the second one's edit, made on what it
read before the first one's, is refused rather than silently undoing it).

The ETag is a digest of the representation the detail answers, so anything it shows (nested
exercises and sets, records, a renamed exercise) changes it, whichever endpoint changed it.
Fields that are clock readings rather than stored state (`etag_ignores`, e.g. a running
session's duration) are left out: they change every second, and what they are computed from is
in the representation already.

The If-Match check runs on the row locked (`SELECT … FOR UPDATE`) in the request's transaction
(ATOMIC_REQUESTS), and the write follows in that transaction: of two edits sent with the same
If-Match, the second waits for the first, then sees a new version and gets its 412. Writes to
a workout's nested rows (its exercises and sets, through their own endpoints) lock the workout's
row first too (workouts/services.py), so they serialise with this check. Without If-Match,
writes work as they always have.
"""

import hashlib

import orjson
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

READ_ACTIONS = ("retrieve",)
WRITE_ACTIONS = ("update", "partial_update")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "This changed since the version named in If-Match: read it again (its ETag is "
        "current) and retry the change on what it is now."
    )


def strong_etag(representation: dict, ignore: tuple[str, ...] = ()) -> str:
    """The strong ETag of a representation: a digest of its JSON, keys sorted."""
    kept = {name: value for name, value in representation.items() if name not in ignore}
    content = orjson.dumps(kept, option=orjson.OPT_SORT_KEYS, default=str)
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def if_none_match(header: str, etag: str) -> bool:
    """Whether `If-None-Match` names this version (weak comparison: `W/` is ignored)."""
    tags = _tags(header)
    return "*" in tags or etag in {tag.removeprefix("W/") for tag in tags}


def if_match(header: str, etag: str) -> bool:
    """Whether `If-Match` names this version (strong comparison: a weak tag never matches)."""
    tags = _tags(header)
    return "*" in tags or etag in tags


class ConditionalMixin:
    """For a viewset with `retrieve` and `update`/`partial_update` (see the module docstring)."""

    etag_ignores: tuple[str, ...] = ()

    def etag_of(self, representation: dict) -> str:
        return strong_etag(representation, self.etag_ignores)

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        header = request.headers.get("If-Match")
        if self.action in WRITE_ACTIONS and header is not None:
            current = self.get_object()  # scoped to the caller: anyone else's is a 404
            locked = get_object_or_404(type(current).objects.select_for_update(), pk=current.pk)
            # A wildcard only asks that it exist, which the lock above has checked.
            if not if_match(header, self.etag_of(self.get_serializer(locked).data)):
                raise PreconditionFailed

    def finalize_response(self, request, response, *args, **kwargs):
        if (
            isinstance(response, Response)
            and response.status_code == status.HTTP_200_OK
            and getattr(self, "action", None) in READ_ACTIONS + WRITE_ACTIONS
        ):
            etag = self.etag_of(response.data)
            header = request.headers.get("If-None-Match")
            if self.action in READ_ACTIONS and header is not None and if_none_match(header, etag):
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response["ETag"] = etag
        return super().finalize_response(request, response, *args, **kwargs)
