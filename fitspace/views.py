"""Project-level endpoints that belong to no domain app."""

import time

from django.conf import settings
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fitspace.error_responses import error_body
from fitspace.errors import DatabaseUnavailable

StatusSerializer = inline_serializer(
    "Status",
    {
        "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "version": serializers.CharField(),
        "stage": serializers.CharField(),
        "database": inline_serializer(
            "DatabaseStatus",
            {
                "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
                "round_trip_ms": serializers.FloatField(allow_null=True),
            },
        ),
        "type": serializers.CharField(required=False, help_text="Only on 503: `server_error`."),
        "errors": serializers.ListField(
            child=serializers.DictField(), required=False, help_text="Only on 503."
        ),
    },
)


class StatusView(APIView):
    """API and database health, for load balancers, uptime checks and people."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        operation_id="status",
        summary="API and database health",
        responses={200: StatusSerializer, 503: StatusSerializer},
        tags=["status"],
    )
    def get(self, request: Request) -> Response:
        body = {"status": "ok", "version": settings.APP_VERSION, "stage": settings.STAGE}
        started = time.perf_counter()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            body["status"] = "unavailable"
            body["database"] = {"status": "unavailable", "round_trip_ms": None}
            body |= error_body(
                status=503,
                code=DatabaseUnavailable.default_code,
                detail=str(DatabaseUnavailable.default_detail),
            )
            return Response(body, status=503, headers={"Cache-Control": "no-store"})
        round_trip_ms = round((time.perf_counter() - started) * 1000, 3)
        body["database"] = {"status": "ok", "round_trip_ms": round_trip_ms}
        return Response(body, headers={"Cache-Control": "no-store"})
