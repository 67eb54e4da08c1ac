"""How the OpenAPI schema describes what the API answers: every status code an operation can
give, with FitSpace's one error shape, and request bodies and parameters as strict as the API.

The schema is the contract that clients are generated from and that `make fuzz` (schemathesis,
every check) holds the API to, so it says what the API does, no more and no less:

- errors: one shape (`type`, and `errors` with `code`, `detail`, `attr`) for every 4xx and 5xx;
  `code` is an open set (new checks add codes), `attr` names the field as a client indexes it;
- status codes per operation: 400 where there is input to refuse, 401 unless public, 403 where
  a permission or a staff session's CSRF check can refuse, 404 where there is an id or a page,
  405, 406, 413 where there is a body, 415, 429 where throttled, 500, and 503 (the database);
  409, 502 and 304 where a view declares them; 409 and 422 on every POST that takes
  `Idempotency-Key` (fitspace/idempotency.py), with the header; `ETag` and 304 on the detail,
  `If-Match` and 412 on the writes of a resource with conditional requests
  (fitspace/conditional.py);
- request bodies refuse unknown fields (`additionalProperties: false`) where the API does.
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from fitspace import conditional, idempotency

# Loaded with the schema class, which DRF imports only when a schema is generated: nothing of
# drf-spectacular's machinery is imported at start-up.
from users import schema as _users_schema  # noqa: F401 - registers the sign-in schemes


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Machine-readable reason, e.g. `required`, `max_value`, `unique`, "
        "`not_authenticated`, `not_found`, `throttled`, `account_locked`, "
        "`invalid_transition`, `request_too_large`, `database_unavailable`."
    )
    detail = serializers.CharField(help_text="The reason in words, for people.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field at fault as a client indexes it, e.g. `exercises[2].sets[1].reps`; "
        "null when no one field is.",
    )


def _error_response(name: str, types: list[str]) -> type[serializers.Serializer]:
    return type(
        name,
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=types),
            "errors": ErrorSerializer(many=True),
            "Meta": type("Meta", (), {"ref_name": name}),
        },
    )


BadRequestResponse = _error_response("BadRequestResponse", ["validation_error", "client_error"])
ClientErrorResponse = _error_response("ClientErrorResponse", ["client_error"])
ServerErrorResponse = _error_response("ServerErrorResponse", ["server_error"])

ERROR_STATUS_CODES = ["400", "401", "403", "404", "405", "406", "409", "412", "413", "415"]
ERROR_STATUS_CODES += ["422", "429"]
ERROR_STATUS_CODES += ["500", "502", "503"]
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    pattern=idempotency.KEY_PATTERN,
    description="Any unique string (a UUID), sent again with a retry: the retry answers what "
    "the first request answered (with `Idempotent-Replayed: true`) and does nothing again. "
    "Kept 24 hours, per user. The same key with another body is a 422; sent while the first "
    "request still runs, a 409.",
)


ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description="This version of the resource (strong): send it as `If-None-Match` to get a 304 "
    "while it is unchanged, or as `If-Match` with a change.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An `ETag` read before: a 304 with no body while the resource is unchanged.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` the change was made on (or `*`): a 412 if the resource changed "
    "since. Without it, the change is made whatever the version.",
)


IDEMPOTENCY_ERRORS = {
    "409": "A request with this `Idempotency-Key` is still running (`idempotency_key_in_use`).",
    "422": "This `Idempotency-Key` came with another request (`idempotency_key_reused`).",
}


class AutoSchema(StandardizedErrorsAutoSchema):
    def _get_allowed_error_status_codes(self) -> list[str]:
        return ERROR_STATUS_CODES

    def _is_idempotent_post(self) -> bool:
        return self.method == "POST" and idempotency.applies_to(type(self.view))

    def _conditional_action(self) -> str | None:
        if isinstance(self.view, conditional.ConditionalMixin):
            return getattr(self.view, "action", None)
        return None

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if self._is_idempotent_post():
            parameters = [*parameters, IDEMPOTENCY_KEY]
        action = self._conditional_action()
        if action in conditional.READ_ACTIONS:
            parameters = [*parameters, IF_NONE_MATCH, ETAG]
        elif action in conditional.WRITE_ACTIONS:
            parameters = [*parameters, IF_MATCH, ETAG]
        return parameters

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code in responses:
            return False
        if status_code == "400":
            return self.method in ("POST", "PUT", "PATCH") or any(
                parameter["in"] == "query" for parameter in self._get_parameters()
            )
        if status_code == "403":
            return super()._should_add_error_response(responses, status_code) or (
                self.method in UNSAFE_METHODS and self._has_session_authentication()
            )
        if status_code in ("409", "422") and self._is_idempotent_post():
            return True  # Idempotency-Key: still in flight, or sent with another request
        if status_code == "412" and self._conditional_action() in conditional.WRITE_ACTIONS:
            return True  # If-Match names a version that is no longer current
        if status_code in ("409", "412", "422", "502"):
            return False  # declared by the views that can conflict or rely on another service
        if status_code == "413":
            return self.method in ("POST", "PUT", "PATCH")
        if status_code == "503":
            return True  # every request may find the database unavailable
        return super()._should_add_error_response(responses, status_code)

    def _has_session_authentication(self) -> bool:
        """A staff member's admin session can call the API (Swagger UI's "Try it out"), and
        an unsafe call with a session and no CSRF token is a 403."""
        return any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators())

    def _get_error_response_serializer(self, status_code: str):
        if status_code == "400":
            return BadRequestResponse
        return ServerErrorResponse if status_code.startswith("5") else ClientErrorResponse

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A list that may not be empty (`allow_empty=False`) says `minItems: 1`."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(schema, dict)
            and schema.get("type") == "array"
            and getattr(field, "allow_empty", True) is False
        ):
            schema["minItems"] = 1
        return schema

    def _unwrap_list_serializer(self, serializer, direction):
        """Lists of nested objects keep their bounds (`max_length` → `maxItems`)."""
        schema = super()._unwrap_list_serializer(serializer, direction)
        if isinstance(schema, dict) and schema.get("type") == "array":
            if getattr(serializer, "max_length", None) is not None:
                schema["maxItems"] = serializer.max_length
            if getattr(serializer, "min_length", None) is not None:
                schema["minItems"] = serializer.min_length
        return schema

    def _get_response_bodies(self, direction="response"):
        """Error codes a view declares with only a description get the error shape too."""
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        if self._is_idempotent_post():
            for code, description in IDEMPOTENCY_ERRORS.items():
                if code in responses:
                    declared = responses[code].get("description")
                    responses[code]["description"] = (
                        f"{declared} Or: {description}" if declared else description
                    )
        if "412" in responses and not responses["412"].get("description"):
            responses["412"]["description"] = (
                "Changed since the `ETag` in `If-Match` (`precondition_failed`)."
            )
        if self._conditional_action() in conditional.READ_ACTIONS:
            responses["304"] = self._get_response_for_code(None, "304")
            responses["304"]["description"] = "Unchanged since the `ETag` in `If-None-Match`."
        for code, response in responses.items():
            if code[0] in "45" and "content" not in response:
                body = self._get_response_for_code(self._get_error_response_serializer(code), code)
                responses[code] = {**body, "description": response.get("description", "")}
        return responses


class StrictFieldsExtension(OpenApiSerializerExtension):
    """Request bodies of serializers that refuse unknown fields (`StrictFieldsMixin`) say so."""

    target_class = "fitspace.serializers.StrictFieldsMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request" and isinstance(schema, dict) and "properties" in schema:
            schema["additionalProperties"] = False
        return schema


# --- Post-processing: what serializers cannot declare ------------------------------------------

NO_NUL = "^[^\\u0000]*$"  # DRF and Django forms refuse NUL characters in any text


def postprocess_input_bounds(result: dict, generator, request, public) -> dict:
    """Say of every input what the API enforces beyond a field's type:

    - dates and date-times are in the years 1970 to 2100 (workouts.limits.YEAR_PATTERN);
    - text never holds a NUL character;
    - an optional query parameter sent empty counts as not sent (`allowEmptyValue`).
    """
    from workouts.limits import DATE_PATTERN, YEAR_PATTERN

    def bound(schema: dict) -> None:
        if not isinstance(schema, dict):
            return
        if schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema:
            if schema.get("format") == "date":
                schema["pattern"] = DATE_PATTERN
            elif schema.get("format") == "date-time":
                schema["pattern"] = YEAR_PATTERN
            elif "format" not in schema:
                schema["pattern"] = NO_NUL
        for child in schema.get("properties", {}).values():
            bound(child)
        for key in ("items", "additionalProperties"):
            bound(schema.get(key))
        for key in ("oneOf", "anyOf", "allOf"):
            for child in schema.get(key, []):
                bound(child)

    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):
            bound(component)
    # A public profile is exactly its four fields: nothing private is ever added to it.
    if "PublicUser" in components:
        components["PublicUser"]["additionalProperties"] = False
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                bound(parameter.get("schema"))
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result
