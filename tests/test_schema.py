import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

OPERATIONS = {
    ("/status", "get"),
    ("/api/v1/users", "get"),
    ("/api/v1/users", "post"),
    ("/api/v1/users/search", "get"),
    ("/api/v1/users/{id}", "get"),
    ("/api/v1/users/{id}", "put"),
    ("/api/v1/users/{id}", "patch"),
    ("/api/v1/users/{id}", "delete"),
    ("/api/v1/users/{user_pk}/workouts", "get"),
    ("/api/v1/users/{user_pk}/workouts", "post"),
    ("/api/v1/workouts/{id}", "get"),
    ("/api/v1/workouts/{id}", "put"),
    ("/api/v1/workouts/{id}", "patch"),
    ("/api/v1/workouts/{id}", "delete"),
    ("/api/v1/workouts", "get"),
    ("/api/v1/users/me", "get"),
    ("/api/v1/users/me", "patch"),
    ("/api/v1/users/me/avatar", "post"),
    ("/api/v1/users/me/avatar", "put"),
    ("/api/v1/users/me/avatar", "delete"),
    ("/api/v1/auth/register", "post"),
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/token/refresh", "post"),
    ("/api/v1/auth/logout", "post"),
    ("/api/v1/auth/verify-email", "post"),
    ("/api/v1/users/me/email-verification", "post"),
    ("/api/v1/workouts", "post"),
    ("/api/v1/workouts/import", "post"),
    ("/api/v1/workouts/{id}/copy", "post"),
    ("/api/v1/workouts/{id}/start", "post"),
    ("/api/v1/workouts/{id}/pause", "post"),
    ("/api/v1/workouts/{id}/resume", "post"),
    ("/api/v1/workouts/{id}/finish", "post"),
    ("/api/v1/workouts/{id}/exercises", "post"),
    ("/api/v1/workout-exercises/{id}", "patch"),
    ("/api/v1/workout-exercises/{id}", "delete"),
    ("/api/v1/workout-exercises/{id}/sets", "post"),
    ("/api/v1/sets/{id}", "put"),
    ("/api/v1/sets/{id}", "patch"),
    ("/api/v1/sets/{id}", "delete"),
    ("/api/v1/exercises", "get"),
    ("/api/v1/exercises", "post"),
    ("/api/v1/exercises/{id}", "get"),
    ("/api/v1/exercises/{id}", "put"),
    ("/api/v1/exercises/{id}", "patch"),
    ("/api/v1/exercises/{id}", "delete"),
    ("/api/v1/exercises/{id}/history", "get"),
    ("/api/v1/muscles", "get"),
    ("/api/v1/users/me/stats", "get"),
    ("/api/v1/users/me/export", "get"),
    ("/api/v1/users/me/import", "post"),
    ("/api/v1/achievements", "get"),
    ("/api/v1/groups", "get"),
    ("/api/v1/groups", "post"),
    ("/api/v1/groups/{group_pk}/invites", "get"),
    ("/api/v1/groups/{group_pk}/invites", "post"),
    ("/api/v1/groups/{group_pk}/members", "get"),
    ("/api/v1/groups/{group_pk}/members/{id}", "delete"),
    ("/api/v1/groups/{group_pk}/members/{id}", "patch"),
    ("/api/v1/groups/{group_pk}/sessions", "get"),
    ("/api/v1/groups/{group_pk}/sessions", "post"),
    ("/api/v1/groups/{group_pk}/sessions/{id}", "get"),
    ("/api/v1/groups/{group_pk}/sessions/{id}/join", "post"),
    ("/api/v1/groups/{group_pk}/sessions/{id}/leave", "post"),
    ("/api/v1/groups/{group_pk}/sessions/{id}/participants", "get"),
    ("/api/v1/groups/{group_pk}/sessions/{id}/workout", "post"),
    ("/api/v1/groups/{id}", "delete"),
    ("/api/v1/groups/{id}", "get"),
    ("/api/v1/groups/{id}", "patch"),
    ("/api/v1/groups/{id}", "put"),
    ("/api/v1/groups/{id}/clone", "post"),
    ("/api/v1/groups/{id}/progress", "get"),
    ("/api/v1/invites", "get"),
    ("/api/v1/invites/{id}/accept", "post"),
    ("/api/v1/invites/{id}/decline", "post"),
    ("/api/v1/notifications", "get"),
    ("/api/v1/notifications/read-all", "post"),
    ("/api/v1/notifications/unread-count", "get"),
    ("/api/v1/notifications/{id}", "get"),
    ("/api/v1/notifications/{id}/read", "post"),
    ("/api/v1/users/{user_pk}/achievements", "get"),
    ("/api/v1/journal", "get"),
    ("/api/v1/journal", "post"),
    ("/api/v1/journal/tags", "get"),
    ("/api/v1/journal/{id}", "get"),
    ("/api/v1/journal/{id}", "put"),
    ("/api/v1/journal/{id}", "patch"),
    ("/api/v1/journal/{id}", "delete"),
    ("/api/v1/cycles/settings", "get"),
    ("/api/v1/cycles/settings", "patch"),
    ("/api/v1/cycles/days", "get"),
    ("/api/v1/cycles/days", "post"),
    ("/api/v1/cycles/days/{id}", "get"),
    ("/api/v1/cycles/days/{id}", "put"),
    ("/api/v1/cycles/days/{id}", "patch"),
    ("/api/v1/cycles/days/{id}", "delete"),
    ("/api/v1/cycles/history", "get"),
    ("/api/v1/cycles/predictions", "get"),
    ("/api/v1/cycles/workouts", "get"),
    ("/api/v1/skin", "get"),
    ("/api/v1/skin", "post"),
    ("/api/v1/skin/{id}", "get"),
    ("/api/v1/skin/{id}", "put"),
    ("/api/v1/skin/{id}", "patch"),
    ("/api/v1/skin/{id}", "delete"),
    ("/api/v1/skin/{id}/photo", "post"),
    ("/api/v1/skin/{id}/photo", "put"),
    ("/api/v1/skin/{id}/photo", "delete"),
    ("/api/v1/skin/{id}/analyze", "post"),
    ("/api/v1/insights", "get"),
}
PUBLIC_OPERATIONS = {
    ("/status", "get"),
    ("/api/v1/users", "post"),
    ("/api/v1/auth/register", "post"),
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/token/refresh", "post"),
    ("/api/v1/auth/logout", "post"),
    ("/api/v1/auth/verify-email", "post"),
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.django_db
def test_schema_is_served_as_yaml(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "FitSpace API"


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_documents_every_operation(schema):
    documented = {(path, method) for path, item in schema["paths"].items() for method in item} - {
        (path, "parameters") for path in schema["paths"]
    }

    assert documented == OPERATIONS


def test_every_operation_has_a_summary_and_unique_id(schema):
    operations = [op for item in schema["paths"].values() for op in item.values()]

    assert all(op.get("summary") for op in operations)
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))


def test_list_operations_document_limit_and_offset(schema):
    for path in ["/api/v1/users", "/api/v1/users/search", "/api/v1/users/{user_pk}/workouts"]:
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset"} <= names, path


def test_write_operations_document_the_validation_error_shape(schema):
    responses = schema["paths"]["/api/v1/users"]["post"]["responses"]

    assert {"201", "400", "405", "413", "415", "429", "500", "503"} <= set(responses)
    error_schema = responses["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error_schema.endswith("/BadRequestResponse")


def test_every_error_has_the_one_shape(schema):
    shapes = {
        "BadRequestResponse": ["validation_error", "client_error"],
        "ClientErrorResponse": ["client_error"],
        "ServerErrorResponse": ["server_error"],
    }
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                if code[0] not in "45" or path == "/status":  # its 503 is the status itself
                    continue
                ref = response["content"]["application/json"]["schema"]["$ref"]
                name = ref.split("/")[-1]
                assert name in shapes, (path, method, code)
                type_enum = components[name]["properties"]["type"]["$ref"].split("/")[-1]
                assert components[type_enum]["enum"] == shapes[name]
    error = components["Error"]
    assert set(error["required"]) == {"code", "detail", "attr"}
    assert error["properties"]["attr"]["nullable"] is True


def test_every_operation_documents_503_and_bodies_document_413(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "503" in operation["responses"], (path, method)
            if "requestBody" in operation:
                assert "413" in operation["responses"], (path, method)


def test_the_limits_are_in_the_schema(schema):
    from workouts import limits

    components = schema["components"]["schemas"]
    workout_set = components["WorkoutSetRequest"]["properties"]

    assert workout_set["reps"]["maximum"] == limits.MAX_REPS
    assert workout_set["weight_kg"]["maximum"] == limits.MAX_WEIGHT_KG
    assert workout_set["weight_kg"]["minimum"] == 0
    assert workout_set["rpe"]["minimum"] == limits.MIN_RPE
    assert workout_set["completed_at"]["pattern"] == limits.YEAR_PATTERN
    assert components["WorkoutRequest"]["properties"]["exercises"]["maxItems"] == (
        limits.MAX_EXERCISES_PER_WORKOUT
    )
    assert components["WorkoutRequest"]["additionalProperties"] is False
    stats = {p["name"]: p for p in schema["paths"]["/api/v1/users/me/stats"]["get"]["parameters"]}
    assert stats["date_from"]["schema"]["pattern"] == limits.DATE_PATTERN
    assert stats["date_from"]["allowEmptyValue"] is True


def test_time_zones_are_listed_as_the_api_accepts_them(schema):
    from users.models import time_zone_names

    zone = schema["components"]["schemas"]["ProfileRequest"]["properties"]["timezone"]
    enum_name = zone["allOf"][0]["$ref"].split("/")[-1]
    enum = schema["components"]["schemas"][enum_name]["enum"]

    assert set(enum) == time_zone_names()


def test_detail_operations_document_404(schema):
    for method in ["get", "put", "patch", "delete"]:
        assert "404" in schema["paths"]["/api/v1/workouts/{id}"][method]["responses"]


def test_private_operations_document_401_and_bearer_auth(schema):
    assert any(s.get("type") == "http" for s in schema["components"]["securitySchemes"].values())
    for path, method in OPERATIONS - PUBLIC_OPERATIONS:
        operation = schema["paths"][path][method]
        assert "401" in operation["responses"], (path, method)
        assert {} not in operation.get("security", [{}]), (path, method)


def test_public_operations_need_no_auth(schema):
    for path, method in PUBLIC_OPERATIONS:
        assert {} in schema["paths"][path][method].get("security", [{}]), (path, method)


def test_staff_only_operations_are_marked(schema):
    create = schema["paths"]["/api/v1/users"]["post"]

    assert create["x-staff-only"] == "when AUTH_MODE is cognito"


def test_nested_workout_body_is_described(schema):
    components = schema["components"]["schemas"]
    body = schema["paths"]["/api/v1/workouts"]["post"]["requestBody"]["content"]
    request = components[body["application/json"]["schema"]["$ref"].split("/")[-1]]
    exercise = components[request["properties"]["exercises"]["items"]["$ref"].split("/")[-1]]
    workout_set = components[exercise["properties"]["sets"]["items"]["$ref"].split("/")[-1]]

    assert {"reps", "weight_kg", "duration_seconds", "distance_m", "rpe", "rest_seconds"} <= set(
        workout_set["properties"]
    )
    assert workout_set["properties"]["weight_kg"]["type"] == "number"


def test_session_transitions_document_409(schema):
    for action in ["start", "pause", "resume", "finish"]:
        assert "409" in schema["paths"][f"/api/v1/workouts/{{id}}/{action}"]["post"]["responses"]


def test_status_documents_503(schema):
    assert set(schema["paths"]["/status"]["get"]["responses"]) >= {"200", "503"}


@pytest.mark.django_db
def test_swagger_ui_is_served_with_its_assets(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
