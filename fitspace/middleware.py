import logging
import time
import uuid

from django.utils.functional import SimpleLazyObject, empty
from whitenoise.middleware import WhiteNoiseMiddleware

from fitspace.error_responses import json_error
from fitspace.errors import DatabaseUnavailable, is_database_down
from fitspace.logs import request_context

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 JSON, not a 500, when the database cannot be reached.

    With ATOMIC_REQUESTS the connection is opened before the view runs, so a dead database
    surfaces here rather than inside DRF's exception handling.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_down(exception):
            return None
        logger.error("database unavailable: %s", str(exception).strip().splitlines()[0])
        return json_error(
            status=DatabaseUnavailable.status_code,
            code=DatabaseUnavailable.default_code,
            detail=str(DatabaseUnavailable.default_detail),
        )


class LambdaSourceIpMiddleware:
    """The client's address as API Gateway saw it, in REMOTE_ADDR.

    Zappa derives REMOTE_ADDR from X-Forwarded-For positions that are right only for an
    edge-optimized endpoint: behind a regional one it takes an entry the client wrote. API
    Gateway's own record of the caller, `requestContext.identity.sourceIp` (REST) or
    `requestContext.http.sourceIp` (HTTP API), cannot be forged; throttles and the sign-in log
    key on it. Outside Lambda (runserver, tests) REMOTE_ADDR is the socket's peer already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = request.META.get("lambda.event", {}).get("requestContext") or {}
        source_ip = (context.get("identity") or {}).get("sourceIp") or (
            context.get("http") or {}
        ).get("sourceIp")
        if source_ip:
            request.META["REMOTE_ADDR"] = source_ip
        return self.get_response(request)


# --- Security headers -------------------------------------------------------------------------
# Django's SecurityMiddleware sets HSTS (on the AWS stages, over HTTPS), nosniff,
# Referrer-Policy and Cross-Origin-Opener-Policy; Django 5.2 has no Content-Security-Policy.
# The API answers JSON, which a browser never runs: nothing may load, nothing may frame it.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The admin and Swagger UI: their own scripts, styles and images only (Swagger UI's init script
# is a file, SpectacularSwaggerSplitView), inline styles (both set style attributes) and data:
# images (Swagger UI's icons); no plugins, no framing, forms post to this origin.
HTML_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy and X-Frame-Options on every response.

    It sits right after SecurityMiddleware, before WhiteNoise, so static files, Django's own
    error pages and short-circuited answers get them too (XFrameOptionsMiddleware, lower down,
    never sees those).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            content_type = response.get("Content-Type", "")
            response["Content-Security-Policy"] = (
                HTML_CSP if content_type.startswith("text/html") else API_CSP
            )
        response.setdefault("X-Frame-Options", "DENY")
        return response


# --- One JSON log line per request ------------------------------------------------------------
request_logger = logging.getLogger("fitspace.request")


def lambda_request_id(request) -> str:
    """API Gateway's id of this request (`requestContext.requestId`, also in its access logs
    and the `x-amzn-RequestId` response header); off Lambda, a fresh one."""
    context = (request.META.get("lambda.event") or {}).get("requestContext") or {}
    request_id = context.get("requestId")
    return str(request_id) if request_id else uuid.uuid4().hex


def _user_id(request) -> int | None:
    """The caller's id if the request authenticated someone, without a query to find out:
    DRF sets request.user on the Django request once it authenticated; a session user Django
    never loaded stays unloaded."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestLogMiddleware:
    """Log each request once it is answered: method, path (never the query string, which may
    carry tokens or search terms), status, duration, API Gateway's request id and the user id.
    Never headers or bodies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = lambda_request_id(request)
        # Until the response is closed (fitspace.logs.end_request): Django logs a 4xx or 5xx
        # after the middleware has returned it.
        request_context.set({"request_id": request_id})
        response = self.get_response(request)
        user_id = _user_id(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        request_logger.info(
            "%s %s %s %.2fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "user_id": user_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        response["X-Request-ID"] = request_id
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, finding the static files on the first request for one rather than at start-up.

    With WHITENOISE_USE_FINDERS, WhiteNoise lists, stats and describes every static file (the
    admin's, Swagger UI's) when Django builds its middleware: part of every Lambda cold start,
    though only the admin and the API docs ask for them.
    """

    _files_found = True  # unless WhiteNoise asked for the finders' files (not when autorefresh)

    def add_files_from_finders(self):
        self._files_found = False

    def __call__(self, request):
        if not self._files_found and request.path_info.startswith(self.static_prefix):
            super().add_files_from_finders()
            self._files_found = True
        return super().__call__(request)
