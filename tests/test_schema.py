import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

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
}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


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

    assert {"201", "400", "405", "415", "429", "500"} <= set(responses)
    error_schema = responses["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error_schema.endswith("ErrorResponse400")


def test_detail_operations_document_404(schema):
    for method in ["get", "put", "patch", "delete"]:
        assert "404" in schema["paths"]["/api/v1/workouts/{id}"][method]["responses"]


def test_status_documents_503(schema):
    assert set(schema["paths"]["/status"]["get"]["responses"]) >= {"200", "503"}


def test_swagger_ui_is_served_with_its_assets(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
