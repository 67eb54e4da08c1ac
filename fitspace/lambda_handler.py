"""The Lambda function's entry point (`lambda_handler` in zappa_settings.json): Zappa's handler,
behind a check of the event's shape.

Zappa's handler trusts its event: an API Gateway event without `path` is a KeyError and a
500, a body marked base64 that is not base64 a 500, and an event of a shape it does not know
is answered with nothing and logged nowhere. Events come from API Gateway, EventBridge, Cognito
and `zappa invoke`/`manage`, but anyone allowed to invoke the function can send anything. So
here, before Zappa sees it:

- an HTTP event (REST `httpMethod`, or HTTP API `version: "2.0"`) whose fields have the wrong
  types, or whose base64 body does not decode, is answered 400 `bad_event`; a body over
  REQUEST_MAX_BYTES is answered 413 `request_too_large` before it is decoded;
- any other event must have a shape Zappa routes (a schedule, `manage`, `command`,
  `raw_command`, `Records`, a Cognito trigger, CloudWatch `awslogs`); anything else is
  refused with a warning naming its top-level keys (never values: events carry tokens) and a
  400 answer.

Either way the container keeps serving: nothing here raises.
"""

import base64
import binascii
import json
import logging
import os

from zappa.handler import LambdaHandler

logger = logging.getLogger(__name__)

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
DEFAULT_REQUEST_MAX_BYTES = 4 * 1024 * 1024


class BadEvent(Exception):
    def __init__(self, detail: str, *, status: int = 400, code: str = "bad_event"):
        super().__init__(detail)
        self.detail, self.status, self.code = detail, status, code


def lambda_handler(event, context):
    handler = LambdaHandler()  # the container's one handler: Django is loaded on first use
    try:
        check_event(event)
    except BadEvent as refusal:
        logger.warning(
            "refused a Lambda event: %s (top-level keys: %s)",
            refusal.detail,
            sorted(map(str, event))[:20] if isinstance(event, dict) else type(event).__name__,
            extra={"status": refusal.status, "code": refusal.code},
        )
        return refusal_response(refusal)
    return handler.lambda_handler(event, context)


def refusal_response(refusal: BadEvent) -> dict:
    body = {
        "type": "client_error",
        "errors": [{"code": refusal.code, "detail": refusal.detail, "attr": None}],
    }
    return {
        "statusCode": refusal.status,
        "headers": {
            "Content-Type": "application/json",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def check_event(event) -> bool:
    """Raise BadEvent unless Zappa's handler can take `event`; True for an HTTP request."""
    if not isinstance(event, dict):
        raise BadEvent(f"an event must be a JSON object, not {type(event).__name__}")
    if "httpMethod" in event:
        _check_rest_request(event)
        return True
    if event.get("version") == "2.0":
        _check_http_api_request(event)
        return True
    _check_other_event(event)
    return False


def _check_rest_request(event: dict) -> None:
    method = event["httpMethod"]
    if not isinstance(method, str) or method.upper() not in HTTP_METHODS:
        raise BadEvent("httpMethod must be an HTTP method")
    path = event.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise BadEvent("path must be a string starting with /")
    _check_mapping(event, "headers", str)
    _check_mapping(event, "multiValueHeaders", list)
    _check_mapping(event, "queryStringParameters", str)
    _check_mapping(event, "multiValueQueryStringParameters", list)
    _check_mapping(event, "pathParameters", str)
    _check_mapping(event, "stageVariables", str)
    context = event.get("requestContext")
    if context is not None:
        if not isinstance(context, dict):
            raise BadEvent("requestContext must be an object")
        for key in ("identity", "authorizer"):
            if context.get(key) is not None and not isinstance(context[key], dict):
                raise BadEvent(f"requestContext.{key} must be an object")
    _check_body(event)


def _check_http_api_request(event: dict) -> None:
    if not isinstance(event.get("rawPath"), str) or not event["rawPath"].startswith("/"):
        raise BadEvent("rawPath must be a string starting with /")
    if not isinstance(event.get("rawQueryString", ""), str):
        raise BadEvent("rawQueryString must be a string")
    context = event.get("requestContext")
    http = context.get("http") if isinstance(context, dict) else None
    if not isinstance(http, dict) or not isinstance(http.get("method"), str):
        raise BadEvent("requestContext.http.method is required")
    if http["method"].upper() not in HTTP_METHODS:
        raise BadEvent("requestContext.http.method must be an HTTP method")
    _check_mapping(event, "headers", str)
    _check_mapping(event, "queryStringParameters", str)
    if event.get("cookies") is not None and not _is_list_of(event["cookies"], str):
        raise BadEvent("cookies must be a list of strings")
    _check_body(event)


def _check_mapping(event: dict, key: str, value_type: type) -> None:
    """`key` is absent, null, or an object of strings to `value_type` (lists: of strings)."""
    value = event.get(key)
    if value is None:
        return
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise BadEvent(f"{key} must be an object")
    for item in value.values():
        if value_type is list:
            if not _is_list_of(item, str):
                raise BadEvent(f"{key} values must be lists of strings")
        elif not isinstance(item, value_type):
            raise BadEvent(f"{key} values must be strings")


def _is_list_of(value, item_type: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, item_type) for item in value)


def request_max_bytes() -> int:
    """REQUEST_MAX_BYTES as the settings read it (Django may not be loaded yet)."""
    try:
        return int(os.environ.get("REQUEST_MAX_BYTES") or DEFAULT_REQUEST_MAX_BYTES)
    except ValueError:
        return DEFAULT_REQUEST_MAX_BYTES


def _check_body(event: dict) -> None:
    body = event.get("body")
    encoded = event.get("isBase64Encoded", False)
    if not isinstance(encoded, bool):
        raise BadEvent("isBase64Encoded must be true or false")
    if body is None:
        return
    if not isinstance(body, str):
        raise BadEvent("body must be a string")
    limit = request_max_bytes()
    # Sized before anything is decoded: base64 is 4 characters for every 3 bytes.
    if (len(body) if encoded else len(body.encode("utf-8", "surrogatepass"))) > (
        (limit + 2) // 3 * 4 if encoded else limit
    ):
        raise BadEvent(
            f"The request body is larger than {limit} bytes.",
            status=413,
            code="request_too_large",
        )
    if encoded:
        try:
            base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise BadEvent("body is marked isBase64Encoded but is not base64") from None


def _check_other_event(event: dict) -> None:
    if event.get("detail-type") == "Scheduled Event":
        resources = event.get("resources")
        if not _is_list_of(resources, str) or not resources:
            raise BadEvent("a scheduled event needs its rule's ARN in resources")
        return
    for key in ("manage", "command", "raw_command", "triggerSource"):
        if key in event:
            if not isinstance(event[key], str) or not event[key].strip():
                raise BadEvent(f"{key} must be a non-empty string")
            return
    if "Records" in event:
        if not _is_list_of(event["Records"], dict) or not event["Records"]:
            raise BadEvent("Records must be a non-empty list of objects")
        return
    if "awslogs" in event:
        if not isinstance(event["awslogs"], dict):
            raise BadEvent("awslogs must be an object")
        return
    raise BadEvent("an event of a shape this function does not handle")
