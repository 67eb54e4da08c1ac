"""`Idempotency-Key`: a POST retried with the same key answers what the first one answered, and
does nothing again.

Every DRF view's POST takes the header (`protect()` wraps them all where the URLs are built, so
an endpoint added later is covered without asking), except the token endpoints (their answers
are credentials, which are never stored) and views that run outside a transaction.

Within the request's transaction (ATOMIC_REQUESTS), after the caller is known:

1. on PostgreSQL, a transaction-long advisory lock on (caller, key), taken without waiting: a
   second request with the key while the first still runs is a 409 `idempotency_key_in_use`;
2. a stored answer for (caller, key) that has not expired is replayed (same status, body and
   headers, plus `Idempotent-Replayed: true`) if the method, path and body are the same, and is
   a 422 `idempotency_key_reused` if not: the view does not run;
3. otherwise the view runs, and a 2xx answer is stored in the same transaction, so it exists
   exactly when what the request did does. An error answer is not stored: the transaction rolls
   back what the request did (DRF's exception handler marks it), and a retry runs afresh.

The key is the caller's: a user's own (two users' keys never collide), or the anonymous
callers' of the public endpoints (sign-up, email verification). The fingerprint is an HMAC of
the method, path and raw body with SECRET_KEY, since a body may hold a password.
"""

import functools
import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fitspace.error_responses import error_body, json_error
from fitspace.models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# 1 to 255 visible ASCII characters (no spaces: a server may trim them off a header); a UUID
# is a good key.
KEY_PATTERN = "^[!-~]{1,255}$"
KEY_RE = re.compile(KEY_PATTERN)


def applies_to(view_class: type) -> bool:
    """Whether a view's POST takes `Idempotency-Key` (the schema documents it where it does)."""
    from rest_framework.views import APIView
    from rest_framework_simplejwt.views import TokenViewBase

    return (
        issubclass(view_class, APIView)
        and not issubclass(view_class, TokenViewBase)
        and not getattr(view_class.dispatch, "_non_atomic_requests", None)
    )


def protect(patterns: list) -> list:
    """Make the POSTs of every DRF view in `patterns`, and in the lists they include,
    idempotent. Resolvers named by module (the API docs, the admin: loaded on first use) are
    left alone; they have no DRF POST."""
    for entry in patterns:
        if isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None and applies_to(view_class):
                entry.callback = idempotent(entry.callback)
        elif isinstance(entry, URLResolver) and isinstance(entry.urlconf_name, list | tuple):
            protect(entry.urlconf_name)
    return patterns


def idempotent(view):
    """A DRF view whose POST honours `Idempotency-Key` (see the module's docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not connection.in_atomic_block:
            return view(request, *args, **kwargs)
        if not KEY_RE.match(key):
            return _error(
                400,
                "invalid",
                f"{HEADER} must be 1 to 255 visible ASCII characters (no spaces).",
                HEADER,
            )
        try:
            body = request.body
        except RequestDataTooBig:
            return json_error(
                status=413,
                code="request_too_large",
                detail=f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} "
                "bytes.",
            )
        known, user_id = _caller(view, request, args, kwargs)
        if not known:  # the credentials fail: the view answers with its 401 or 403
            return view(request, *args, **kwargs)
        fingerprint = salted_hmac(
            "fitspace.idempotency",
            b"%s %s\n%s" % (request.method.encode(), request.get_full_path_info().encode(), body),
            algorithm="sha256",
        ).hexdigest()
        if not _try_lock(user_id, key):
            return _in_use()
        stored = IdempotentRequest.objects.filter(user_id=user_id, key=key).first()
        if stored is not None and stored.expires_at <= timezone.now():
            stored.delete()
            stored = None
        if stored is not None:
            if not constant_time_compare(stored.fingerprint, fingerprint):
                return _error(
                    422,
                    "idempotency_key_reused",
                    f"This {HEADER} was sent with another request (method, path or body); "
                    "use a new key for a new request.",
                    HEADER,
                )
            return _replay(stored)
        response = view(request, *args, **kwargs)
        if not 200 <= response.status_code < 300 or response.streaming:
            return response
        if transaction.get_rollback():
            return response
        if callable(getattr(response, "render", None)):
            response.render()
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    user_id=user_id,
                    key=key,
                    fingerprint=fingerprint,
                    status=response.status_code,
                    headers=dict(response.headers),
                    body=response.content,
                    expires_at=timezone.now() + timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS),
                )
        except IntegrityError:
            # Another request with this key got there first (a database without advisory
            # locks): undo this one's work and say so.
            transaction.set_rollback(True)
            return _in_use()
        return response

    return wrapped


def _caller(view, request, args, kwargs) -> tuple[bool, int | None]:
    """Who sends the request, as the view's own authentication classes find them: (True, user
    id), (True, None) for an anonymous caller, or (False, None) when the credentials fail.

    The result is handed to the view (DRF's forced authentication), so the credentials are
    checked once."""
    from rest_framework.exceptions import APIException

    drf_view = view.cls(**view.initkwargs)
    drf_view.action_map = getattr(view, "actions", None) or {}
    drf_view.args, drf_view.kwargs = args, kwargs
    drf_request = drf_view.initialize_request(request, *args, **kwargs)
    # DRF sets the user it finds on Django's request too; a failed attempt must leave it as it
    # was (the session's user), for the view's own attempt to fail the same way.
    before = request.__dict__.get("user")
    try:
        user, auth = drf_request.user, drf_request.auth
    except APIException:
        request.user = before
        return False, None
    if not user.is_authenticated:
        return True, None
    request._force_auth_user, request._force_auth_token = user, auth
    return True, user.pk


def _try_lock(user_id: int | None, key: str) -> bool:
    """A transaction-long lock on (caller, key), if no one else holds it (PostgreSQL; elsewhere
    the unique constraints decide when the answer is stored)."""
    if connection.vendor != "postgresql":
        return True
    digest = hashlib.blake2b(f"idempotency:{user_id}:{key}".encode(), digest_size=8)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s)",
            [int.from_bytes(digest.digest(), "big", signed=True)],
        )
        return cursor.fetchone()[0]


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(stored.body), status=stored.status)
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _in_use() -> JsonResponse:
    response = _error(
        409,
        "idempotency_key_in_use",
        f"A request with this {HEADER} is still being processed; retry in a moment.",
        HEADER,
    )
    response["Retry-After"] = "1"
    return response


def _error(status: int, code: str, detail: str, attr: str) -> JsonResponse:
    body = error_body(status=status, code=code, detail=detail)
    if status == 400:
        body["type"] = "validation_error"
    body["errors"][0]["attr"] = attr
    return JsonResponse(body, status=status)


def purge_expired() -> int:
    """Delete the stored answers whose keys have expired; how many."""
    deleted, _ = IdempotentRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
