"""Structured logs: one JSON object per line (python-json-logger) on the AWS stages, so
CloudWatch Logs Insights can filter and aggregate by field, e.g.

    fields @timestamp, status, duration_ms, user_id
    | filter logger = "fitspace.request" and status >= 500
    | stats count(), pct(duration_ms, 95) by bin(5m)

"""

import contextvars
import logging

# The request being served on this thread: its `request_id` (set by
# fitspace.middleware.RequestLogMiddleware).
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "fitspace_request_context", default=None
)


def install_record_factory() -> None:
    """Stamp every record created while a request runs with its `request_id`, whichever
    handler writes it, so one request's lines can be gathered (`filter request_id = "…"`).
    Called once, when the app is ready."""
    base = logging.getLogRecordFactory()
    if getattr(base, "fitspace_request_context", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = base(*args, **kwargs)
        for key, value in (request_context.get() or {}).items():
            setattr(record, key, value)
        return record

    factory.fitspace_request_context = True
    logging.setLogRecordFactory(factory)


def end_request(**kwargs) -> None:
    """request_finished: the request's lines are all written."""
    request_context.set(None)
