"""`/users/me/...` endpoints about one's training log: stats, export, import."""

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fitspace.parsers import BoundedJSONParser
from workouts import export_storage, limits, portability, selectors

MAX_RANGE_DAYS = 366
EARLIEST, LATEST = dt.date(limits.EARLIEST_YEAR, 1, 1), dt.date(limits.LATEST_YEAR, 12, 31)


class StatsQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=["week", "month", "range"],
        required=False,
        help_text="This week (from Monday), this month, or `date_from`..`date_to` (the default "
        "when dates are given; otherwise `week`).",
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate_date_from(self, value: dt.date) -> dt.date:
        return _within_bounds(value)

    def validate_date_to(self, value: dt.date) -> dt.date:
        return _within_bounds(value)

    def validate(self, attrs):
        has_dates = "date_from" in attrs or "date_to" in attrs
        attrs.setdefault("period", "range" if has_dates else "week")
        if attrs["period"] != "range":
            if has_dates:
                raise serializers.ValidationError(
                    {"period": ["Dates go with period=range (or no period)."]}
                )
            return attrs
        missing = {
            f: ["Required when period is range."]
            for f in ("date_from", "date_to")
            if f not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": ["Must not be before date_from."]})
        if (attrs["date_to"] - attrs["date_from"]).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError({"date_to": [f"At most {MAX_RANGE_DAYS} days."]})
        return attrs


def _within_bounds(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError(f"Must be between {EARLIEST} and {LATEST}.")
    return value


class MuscleGroupTotalsSerializer(serializers.Serializer):
    group = serializers.CharField()
    sets = serializers.IntegerField()
    volume_kg = serializers.DecimalField(max_digits=None, decimal_places=2)


class StatsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    time_zone = serializers.CharField(help_text="The user's: days and weeks are counted in it.")
    workouts = serializers.IntegerField(help_text="Finished workouts started in the period.")
    active_minutes = serializers.FloatField(help_text="Training time, pauses excluded.")
    sets = serializers.IntegerField(help_text="Completed sets.")
    volume_kg = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="Sum of reps times weight."
    )
    by_muscle_group = MuscleGroupTotalsSerializer(many=True)
    current_streak_days = serializers.IntegerField(
        help_text="Consecutive days with a finished workout, up to today (or yesterday)."
    )
    longest_streak_days = serializers.IntegerField()


class StatsView(APIView):
    @extend_schema(
        summary="My training totals for a week, a month or a date range",
        parameters=[StatsQuerySerializer],
        responses=StatsSerializer,
        tags=["me"],
    )
    def get(self, request: Request) -> Response:
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params["period"] == "range":
            date_from, date_to = params["date_from"], params["date_to"]
        else:
            date_from, date_to = selectors.period_bounds(
                params["period"], selectors.local_today(request.user)
            )
        stats = selectors.user_stats(user=request.user, date_from=date_from, date_to=date_to)
        return Response(StatsSerializer(stats).data)


class ExportLinkSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="A presigned link to the document; the same as `Location`."
    )
    expires_in = serializers.IntegerField(help_text="Seconds the link stays valid.")
    size_bytes = serializers.IntegerField(help_text="The document's size.")


class ExportsUnavailable(APIException):
    status_code = 503
    default_code = "exports_unavailable"
    default_detail = "This export is too large to answer directly, and no storage is configured."


class ExportView(APIView):
    @extend_schema(
        summary="Export all my data as one versioned JSON document",
        description="Profile, custom exercises, workouts with exercises and sets, records. "
        "`POST /api/v1/users/me/import` loads it back, here or on another FitSpace.\n\n"
        f"A document over {limits.MAX_EXPORT_INLINE_BYTES:,} bytes (as Lambda would return it: "
        "its responses hold at most 6 MB) is stored and answered with **303 See Other**: "
        "`Location` and the body's `url` are a short-lived link to it (valid `expires_in` "
        "seconds; send no `Authorization` header there).",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The export document."),
            303: OpenApiResponse(
                ExportLinkSerializer, description="Too large to answer here: a link to it."
            ),
            503: OpenApiResponse(
                description="Too large to answer here and no storage configured "
                "(`exports_unavailable`), or the database is unavailable."
            ),
        },
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[303],
                description="The link to the stored document.",
            )
        ],
        tags=["me"],
    )
    def get(self, request: Request) -> Response:
        document = portability.export_document(request.user)
        content = JSONRenderer().render(document)
        if len(json.dumps(content.decode())) <= limits.MAX_EXPORT_INLINE_BYTES:
            return HttpResponse(
                content,
                content_type="application/json",
                headers={
                    "Content-Disposition": f'attachment; filename="{export_storage.filename()}"'
                },
            )
        if not export_storage.available():
            raise ExportsUnavailable()
        url = export_storage.store(user_id=request.user.pk, content=content)
        link = {"url": url, "expires_in": settings.EXPORT_URL_SECONDS, "size_bytes": len(content)}
        return Response(link, status=status.HTTP_303_SEE_OTHER, headers={"Location": url})


class ImportParser(BoundedJSONParser):
    max_bytes = limits.MAX_IMPORT_BYTES
    max_depth = limits.MAX_IMPORT_DEPTH


class ImportView(APIView):
    parser_classes = [ImportParser]

    @extend_schema(
        summary="Import an export into my account",
        description="All or nothing. What the account already has (same workout or custom "
        "exercise uid, or a custom exercise of the same name) is skipped, so importing twice "
        "adds nothing. Profile fields fill only what the account leaves empty.\n\n"
        f"A document is at most {limits.MAX_IMPORT_BYTES:,} bytes (more is a 413 "
        f"`request_too_large`, before it is read) and nests at most {limits.MAX_IMPORT_DEPTH} "
        "levels deep (more is a 400 `parse_error`, before it is decoded); it holds at most "
        f"{limits.MAX_IMPORT_WORKOUTS:,} workouts and {limits.MAX_IMPORT_CUSTOM_EXERCISES:,} "
        "custom exercises.",
        request=portability.ImportDocumentSerializer,
        responses={
            200: inline_serializer(
                "ImportResult",
                {
                    "created": serializers.DictField(child=serializers.IntegerField()),
                    "skipped": serializers.DictField(child=serializers.IntegerField()),
                },
            ),
            400: OpenApiResponse(
                description="Not a FitSpace export, invalid items, or nested too deep."
            ),
            413: OpenApiResponse(
                description=f"Larger than {limits.MAX_IMPORT_BYTES:,} bytes (`request_too_large`)."
            ),
        },
        tags=["me"],
    )
    @transaction.atomic
    def post(self, request: Request) -> Response:
        document = portability.ImportDocumentSerializer(data=request.data)
        document.is_valid(raise_exception=True)
        sections = {name: request.data.get(name) for name in portability.SECTIONS}
        result = portability.user_data_import(
            user=request.user, document=document.validated_data, sections=sections
        )
        return Response(result)
