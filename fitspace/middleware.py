import logging

from whitenoise.middleware import WhiteNoiseMiddleware

from fitspace.error_responses import json_error
from fitspace.errors import DatabaseUnavailable, is_database_down

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
        logger.error("database unavailable: %s", exception)
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
