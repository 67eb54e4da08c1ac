from unittest import mock

import pytest
from django.db import OperationalError

from fitspace import __version__

pytestmark = pytest.mark.django_db


def test_status_reports_database_round_trip_version_and_stage(api_client):
    response = api_client.get("/status")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["stage"] == "test"
    assert body["database"]["status"] == "ok"
    assert body["database"]["round_trip_ms"] >= 0
    assert response["Cache-Control"] == "no-store"


def test_status_is_503_with_the_same_shape_when_the_database_is_down(api_client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect"),
    ):
        response = api_client.get("/status")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == {"status": "unavailable", "round_trip_ms": None}
    assert {"version", "stage"} <= set(body)
    assert body["type"] == "server_error"
    assert body["errors"][0]["code"] == "database_unavailable"
