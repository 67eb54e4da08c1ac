"""One JSON error shape everywhere, and never a stack trace in a response."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from users.views import UserViewSet

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"type", "errors"}
    assert body["errors"][0]["code"] == code
    assert "Traceback" not in response.content.decode()
    return body


def test_malformed_json_is_400(api_client):
    response = api_client.post(
        "/api/v1/users", data='{"name": "Ana",', content_type="application/json"
    )

    body = assert_error_shape(response, 400, "parse_error")
    assert "JSON parse error" in body["errors"][0]["detail"]


def test_non_json_body_is_415(api_client):
    response = api_client.post("/api/v1/users", data="name=Ana", content_type="text/plain")

    assert_error_shape(response, 415, "unsupported_media_type")


def test_unsupported_method_is_405(user_client):
    response = user_client.post("/api/v1/workouts/1", {}, format="json")

    assert_error_shape(response, 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/users", "/api/v1/users/abc"])
def test_unknown_path_under_api_is_json_404(api_client, path):
    assert_error_shape(api_client.get(path), 404, "not_found")


@override_settings(DEBUG=True)
def test_unknown_path_under_api_is_json_404_even_in_debug(api_client):
    assert_error_shape(api_client.get("/api/v1/nope"), 404, "not_found")


def test_crash_in_a_view_is_json_500_without_traceback(user_client):
    user_client.raise_request_exception = False
    with mock.patch.object(UserViewSet, "get_queryset", side_effect=RuntimeError("secret detail")):
        response = user_client.get("/api/v1/users")

    body = assert_error_shape(response, 500, "error")
    assert "secret detail" not in response.content.decode()
    assert body["type"] == "server_error"


def test_crash_outside_drf_is_json_500_without_traceback(client):
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.admin.sites.AdminSite.each_context",
        side_effect=RuntimeError("secret detail"),
    ):
        response = client.get("/admin/login/")

    assert_error_shape(response, 500, "error")
    assert "secret detail" not in response.content.decode()


@pytest.fixture
def two_requests_a_minute(settings):
    rates = {"anon": "2/min", "user": "2/min", "auth": "2/min"}
    with mock.patch("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", rates):
        yield


@pytest.mark.usefixtures("two_requests_a_minute")
def test_throttled_request_is_429_with_retry_after(user_client):
    statuses = [user_client.get("/api/v1/users").status_code for _ in range(2)]
    response = user_client.get("/api/v1/users")

    assert statuses == [200, 200]
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


@pytest.mark.usefixtures("two_requests_a_minute")
def test_throttle_counts_the_client_address_not_a_forged_forwarded_for(api_client):
    statuses = [
        api_client.post(
            "/api/v1/auth/token", {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [400, 400, 429]


def test_database_down_is_json_503(api_client):
    api_client.raise_request_exception = False  # anonymous: the 503 comes before authentication
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = api_client.get("/api/v1/users")

    assert_error_shape(response, 503, "database_unavailable")


@pytest.mark.parametrize("tags", [[0], ["legs", 5], [True], [{"a": 1}], [["x"]]])
def test_a_list_item_of_the_wrong_json_type_is_400_naming_the_field(user_client, tags):
    """`"tags": [0]` is not a list of strings: refused, not turned into "0" (make fuzz found it)."""
    response = user_client.post(
        "/api/v1/journal", {"date": "2026-11-20", "tags": tags}, format="json"
    )

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["attr"], error["detail"]) == ("tags", "Each item must be a string.")
