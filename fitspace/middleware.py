import logging

from fitspace.errors import DatabaseUnavailable, is_database_down, json_error

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
