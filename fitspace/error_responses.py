"""The one error shape as a plain Django response, for code that runs outside DRF (and may not
import it: settings, middleware, the local avatar stand-in)."""

from django.http import JsonResponse


def error_body(*, status: int, code: str, detail: str) -> dict:
    error_type = "client_error" if status < 500 else "server_error"
    return {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": None}]}


def json_error(*, status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(status=status, code=code, detail=detail), status=status)
