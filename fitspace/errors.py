"""One JSON error shape for every error: ``{"type": ..., "errors": [{"code", "detail", "attr"}]}``.

DRF views format their errors through drf-standardized-errors (``ApiExceptionHandler``); the
views below give Django's own 400/403/404/500 (unknown paths, crashes outside DRF), the database
middleware's 503 and the status check's 503 the same shape.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.formatter import ExceptionFormatter
from drf_standardized_errors.handler import ExceptionHandler
from drf_standardized_errors.types import Error
from rest_framework.exceptions import APIException, AuthenticationFailed, ErrorDetail
from rest_framework.settings import api_settings
from rest_framework_simplejwt.exceptions import InvalidToken

from fitspace.error_responses import json_error

logger = logging.getLogger(__name__)


@csrf_exempt  # it changes nothing, so a stray POST with a cookie is a 404, not a CSRF 403
def not_found(request, exception=None, **kwargs) -> JsonResponse:
    return json_error(status=404, code="not_found", detail="Not found.")


def bad_request(request, exception=None) -> JsonResponse:
    return json_error(status=400, code="bad_request", detail="Bad request.")


def permission_denied(request, exception=None) -> JsonResponse:
    return json_error(status=403, code="permission_denied", detail="Permission denied.")


def csrf_failure(request, reason="") -> JsonResponse:
    """A form posted without a valid CSRF token (the admin, or the API with a staff session)."""
    return json_error(status=403, code="csrf_failed", detail=f"CSRF check failed: {reason}")


def server_error(request) -> JsonResponse:
    return json_error(status=500, code="error", detail="A server error occurred.")


def account_locked(request, original_response=None, credentials=None) -> JsonResponse:
    """django-axes' answer once an account has failed to sign in too often."""
    from django.conf import settings

    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = json_error(
        status=429,
        code="account_locked",
        detail=f"Too many failed sign-ins: this account is locked for {seconds // 60} minutes.",
    )
    response["Retry-After"] = str(seconds)
    return response


class DatabaseUnavailable(APIException):
    status_code = 503
    default_detail = "The database is unavailable; try again."
    default_code = "database_unavailable"


class RequestTooLarge(APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self, limit: int | None = None):
        from django.conf import settings

        limit = limit if limit is not None else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than {limit} bytes.")


class ApiExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler, plus a 503 (not a 500) when the database is down and a
    413 (not a 500) for a body over the size limit."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if is_database_down(exc):
            return DatabaseUnavailable()
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, InvalidToken):
            # simplejwt nests its reason in a dict; flatten it into the one error shape.
            detail = exc.detail.get("detail", exc.default_detail)
            return AuthenticationFailed(detail, code=exc.detail.get("code", exc.default_code))
        return super().convert_known_exceptions(exc)

    def report_exception(self, exc: APIException, response) -> None:
        if isinstance(exc, DatabaseUnavailable):
            # An outage, not a bug: one line per request (as the middleware logs), no traceback
            # per request to bury the first one under.
            logger.error("database unavailable: %s", str(self.exc).strip().splitlines()[0])
            response._has_been_logged = True  # Django's request logger: already said
            return
        if getattr(exc, "expected_outage", False):
            # A service this server depends on is off or down, and the answer says so: one
            # line, no traceback (it is not a bug in this code).
            logger.warning("%s: %s", exc.default_code, exc.detail)
            response._has_been_logged = True
            return
        super().report_exception(exc, response)


def is_database_down(exc: Exception) -> bool:
    """Connection refused or lost, server shutting down, deadlock, statement timeout: all
    transient, so the client is told to retry (503) rather than that the server is broken."""
    return isinstance(exc, OperationalError | InterfaceError)


class ErrorFormatter(ExceptionFormatter):
    """Name nested fields the way a client indexes them: ``exercises[2].sets[1].reps``."""

    def get_errors(self) -> list[Error]:
        return list(_flatten(self.exc.detail, ""))


def _flatten(detail, path: str):
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # DRF reports a list's bad items by index
                yield from _flatten(value, f"{path}[{key}]")
            elif key == api_settings.NON_FIELD_ERRORS_KEY and path:
                # A nested object's or list's own error (too many items): name the field.
                yield from _flatten(value, path)
            else:
                yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, ErrorDetail):
                yield Error(item.code, str(item), path or None)
            elif item:  # nested serializers report {} for items without errors
                yield from _flatten(item, f"{path}[{index}]")
    else:
        yield Error(detail.code, str(detail), path or None)
