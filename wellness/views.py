"""The wellness API: journal, cycle tracking, skin log, insights. Everything is the caller's
own: querysets are scoped to them, so anyone else's id is a 404."""

import datetime as dt
import zoneinfo

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fitspace.pagination import NewestFirstCursorPagination
from fitspace.viewsets import PartialPutMixin
from users import avatars
from users.serializers import (
    AvatarConfirmSerializer,
    AvatarUploadFormSerializer,
    AvatarUploadRequestSerializer,
)
from wellness import cycles, selectors, services
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry, Tag
from wellness.serializers import (
    CycleSerializer,
    CycleSettingsSerializer,
    CycleWorkoutSerializer,
    DateRangeQuerySerializer,
    InsightsQuerySerializer,
    InsightsSerializer,
    JournalEntrySerializer,
    JournalQuerySerializer,
    PeriodDaySerializer,
    PredictionSerializer,
    SkinAnalysisSerializer,
    SkinEntrySerializer,
    TagQuerySerializer,
    TagSuggestionSerializer,
)

TRACKING_OFF = OpenApiResponse(
    description="Cycle tracking is off (`cycle_tracking_off`): turn it on first."
)
DISCLAIMER = (
    "Estimates from your own history by the calendar method: not medical advice, and never "
    "a method of contraception."
)
ID = "[0-9]{1,18}"


class PhotosUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "Photos are not configured on this server (AVATAR_BUCKET, or AVATAR_LOCAL_ROOT off AWS)."
    )
    default_code = "photos_unavailable"


def today_for(user) -> dt.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(user.timezone))


def default_range(user, query: dict, *, days: int) -> tuple[dt.date, dt.date]:
    """The range asked for; a missing end is `days` days from the other one, or today."""
    date_from, date_to = query.get("date_from"), query.get("date_to")
    span = dt.timedelta(days=days - 1)
    if date_to is None:
        date_to = date_from + span if date_from else today_for(user)
    return date_from or date_to - span, date_to


class CycleHistoryContextMixin:
    """Serializers read cycle day and phase from one cycle history per request."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return context
        context["cycle_history"] = selectors.CycleHistory.of(self.request.user)
        return context


class JournalPagination(NewestFirstCursorPagination):
    ordering = ("-date", "-id")


# --- Journal -----------------------------------------------------------------------------------

JOURNAL = ["journal"]


@extend_schema_view(
    list=extend_schema(
        summary="My journal, newest day first (cursor paging)",
        parameters=[JournalQuerySerializer],
        tags=JOURNAL,
    ),
    create=extend_schema(summary="Write a journal entry", tags=JOURNAL),
    retrieve=extend_schema(summary="One of my journal entries", tags=JOURNAL),
    update=extend_schema(summary="Change a journal entry (only the fields sent)", tags=JOURNAL),
    partial_update=extend_schema(summary="Change a journal entry", tags=JOURNAL),
    destroy=extend_schema(summary="Delete a journal entry", tags=JOURNAL),
)
class JournalViewSet(
    CycleHistoryContextMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = JournalEntrySerializer
    queryset = JournalEntry.objects.none()
    pagination_class = JournalPagination
    filter_backends = []
    lookup_value_regex = ID

    def get_queryset(self):
        entries = JournalEntry.objects.filter(user=self.request.user).prefetch_related("tags")
        if self.action != "list":
            return entries
        query = JournalQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        entries = entries.filter(**query.date_lookups())
        if tag := query.validated_data.get("tag"):
            entries = entries.filter(tags__in=Tag.objects.named(self.request.user, tag))
        return entries

    def perform_create(self, serializer):
        serializer.instance = services.journal_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.journal_update(
            entry=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.journal_delete(entry=instance)

    @extend_schema(
        summary="Tag suggestions from my own journal, most used first",
        parameters=[TagQuerySerializer],
        responses=TagSuggestionSerializer(many=True),
        tags=JOURNAL,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def tags(self, request: Request) -> Response:
        query = TagQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tags = selectors.tag_suggestions(request.user, query.validated_data["q"])
        return Response(TagSuggestionSerializer(tags, many=True).data)


# --- Cycle tracking ----------------------------------------------------------------------------

CYCLES = ["cycles"]


class CycleSettingsView(APIView):
    @extend_schema(
        summary="Is cycle tracking on for me", responses=CycleSettingsSerializer, tags=CYCLES
    )
    def get(self, request: Request) -> Response:
        row = CycleSettings.objects.filter(user=request.user).first() or CycleSettings(
            user=request.user
        )
        return Response(CycleSettingsSerializer(row).data)

    @extend_schema(
        summary="Turn cycle tracking on or off",
        description="Off keeps what was logged but hides phases and predictions.",
        request=CycleSettingsSerializer,
        responses=CycleSettingsSerializer,
        tags=CYCLES,
    )
    def patch(self, request: Request) -> Response:
        body = CycleSettingsSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        enabled = body.validated_data.get("enabled")
        if enabled is None:
            enabled = selectors.tracking_enabled(request.user)
        row = services.cycle_settings_update(user=request.user, enabled=enabled)
        return Response(CycleSettingsSerializer(row).data)


@extend_schema_view(
    list=extend_schema(
        summary="My logged period days, newest first",
        parameters=[DateRangeQuerySerializer],
        tags=CYCLES,
    ),
    create=extend_schema(
        summary="Log a day of flow",
        description="One entry per day; a period is a run of consecutive days of light, medium "
        "or heavy flow (spotting is kept but does not start a period).",
        responses={201: PeriodDaySerializer, 409: TRACKING_OFF},
        tags=CYCLES,
    ),
    retrieve=extend_schema(summary="One logged day", tags=CYCLES),
    update=extend_schema(
        summary="Change a logged day",
        responses={200: PeriodDaySerializer, 409: TRACKING_OFF},
        tags=CYCLES,
    ),
    partial_update=extend_schema(
        summary="Change a logged day",
        responses={200: PeriodDaySerializer, 409: TRACKING_OFF},
        tags=CYCLES,
    ),
    destroy=extend_schema(summary="Remove a logged day", tags=CYCLES),
)
class PeriodDayViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PeriodDaySerializer
    queryset = PeriodDay.objects.none()
    filter_backends = []
    lookup_value_regex = ID

    def get_queryset(self):
        days = PeriodDay.objects.filter(user=self.request.user).order_by("-date")
        if self.action != "list":
            return days
        query = DateRangeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return days.filter(**query.date_lookups())

    def perform_create(self, serializer):
        serializer.instance = services.period_day_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.period_day_update(
            day=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.period_day_delete(day=instance)


class CycleHistoryView(APIView):
    @extend_schema(
        summary="My cycles, newest first: start, length, period length",
        responses={200: CycleSerializer(many=True), 409: TRACKING_OFF},
        tags=CYCLES,
    )
    def get(self, request: Request) -> Response:
        services.require_tracking(request.user)
        return Response(CycleSerializer(selectors.history(request.user), many=True).data)


class PredictionsView(APIView):
    @extend_schema(
        summary="The next three periods, fertile window and ovulation (estimates)",
        description="The method is in the README (Wellness): the mean of the last 12 complete "
        "cycles at most (cycles over 90 days left out), ±1 day while their standard deviation "
        "is under 1.5 days, ±2 beyond, wider when irregular; nothing before 3 complete cycles "
        "(`cycles_needed` says how many more). The fertile window is the calendar method's "
        "estimate, never contraception advice.",
        responses={200: PredictionSerializer, 409: TRACKING_OFF},
        tags=CYCLES,
    )
    def get(self, request: Request) -> Response:
        services.require_tracking(request.user)
        periods = selectors.CycleHistory.of(request.user).periods
        prediction = cycles.predict(periods, today=today_for(request.user))
        prediction |= {"estimate": True, "disclaimer": DISCLAIMER}
        return Response(PredictionSerializer(prediction).data)


class CycleWorkoutsView(APIView):
    @extend_schema(
        summary="My workouts with their cycle day and phase",
        description="Trained workouts (finished, or holding a completed set) performed in the "
        "range (days in my time zone, at most 366; the last 90 days by default), newest first.",
        parameters=[InsightsQuerySerializer],
        responses={200: CycleWorkoutSerializer(many=True), 409: TRACKING_OFF},
        tags=CYCLES,
    )
    def get(self, request: Request) -> Response:
        services.require_tracking(request.user)
        query = InsightsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        date_from, date_to = default_range(request.user, query.validated_data, days=90)
        history = selectors.CycleHistory.of(request.user)
        rows = (
            selectors.workouts_with_day(request.user)
            .filter(day__gte=date_from, day__lte=date_to)
            .order_by("-performed", "-id")
            .values("pk", "name", "day")
        )
        answer = []
        for row in rows:
            placed = history.phase_of(row["day"]) or {"cycle_day": None, "phase": None}
            answer.append({"workout": row["pk"], "name": row["name"], "date": row["day"], **placed})
        return Response(CycleWorkoutSerializer(answer, many=True).data)


# --- Skin log ----------------------------------------------------------------------------------

SKIN = ["skin"]


@extend_schema_view(
    list=extend_schema(
        summary="My skin log, newest day first", parameters=[DateRangeQuerySerializer], tags=SKIN
    ),
    create=extend_schema(summary="Add a skin entry", tags=SKIN),
    retrieve=extend_schema(summary="One of my skin entries", tags=SKIN),
    update=extend_schema(summary="Change a skin entry (only the fields sent)", tags=SKIN),
    partial_update=extend_schema(summary="Change a skin entry", tags=SKIN),
    destroy=extend_schema(summary="Delete a skin entry and its photo", tags=SKIN),
)
class SkinViewSet(
    CycleHistoryContextMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SkinEntrySerializer
    queryset = SkinEntry.objects.none()
    filter_backends = []
    lookup_value_regex = ID

    def get_queryset(self):
        entries = SkinEntry.objects.filter(user=self.request.user).order_by("-date", "-id")
        if self.action != "list":
            return entries
        query = DateRangeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return entries.filter(**query.date_lookups())

    def perform_create(self, serializer):
        serializer.instance = services.skin_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.skin_update(
            entry=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.skin_delete(entry=instance)

    @extend_schema(
        methods=["POST"],
        summary="Start a photo upload for this entry",
        description="As for avatars: a presigned S3 POST (`url`, `fields`, then the `file`); "
        "then `PUT` the `key` here.",
        request=AvatarUploadRequestSerializer,
        responses={201: AvatarUploadFormSerializer},
        tags=SKIN,
    )
    @extend_schema(
        methods=["PUT"],
        summary="Attach the uploaded photo",
        description="Checked as avatars are (key issued to you, type, size, image bytes); a "
        "refused upload is deleted, and so is the entry's previous photo.",
        request=AvatarConfirmSerializer,
        responses=SkinEntrySerializer,
        tags=SKIN,
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove the photo",
        responses={200: SkinEntrySerializer},
        tags=SKIN,
    )
    @action(detail=True, methods=["post", "put", "delete"])
    def photo(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        if not avatars.available():
            raise PhotosUnavailable()
        if request.method == "POST":
            form_request = AvatarUploadRequestSerializer(data=request.data)
            form_request.is_valid(raise_exception=True)
            content_type = form_request.validated_data["content_type"]
            key = services.skin_photo_key(user=request.user, content_type=content_type)
            form = avatars.upload_offer(key, content_type)
            return Response(AvatarUploadFormSerializer(form).data, status=status.HTTP_201_CREATED)
        if request.method == "PUT":
            confirm = AvatarConfirmSerializer(data=request.data)
            confirm.is_valid(raise_exception=True)
            entry = services.skin_set_photo(entry=entry, key=confirm.validated_data["key"])
        else:
            entry = services.skin_remove_photo(entry=entry)
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        summary="Fill the metrics from the photo",
        description="Amazon Bedrock on the AWS stages; locally, plain image statistics "
        "(`analyzer.source` says which). A failure changes nothing: 502 `analysis_failed` "
        "(no usable answer), 503 `analysis_unavailable` (try again later).",
        request=None,
        responses={
            200: SkinAnalysisSerializer,
            409: OpenApiResponse(description="The entry has no photo (`no_photo`)."),
            502: OpenApiResponse(description="No usable analysis (`analysis_failed`)."),
        },
        tags=SKIN,
    )
    @action(detail=True, methods=["post"])
    def analyze(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        if entry.photo_key and not avatars.available():
            raise PhotosUnavailable()
        entry, analysis = services.skin_analyze(entry=entry)
        return Response(
            SkinAnalysisSerializer(
                {
                    "entry": entry,
                    "analyzer": {
                        "source": analysis.source,
                        "model": analysis.model,
                        "note": analysis.note,
                    },
                },
                context=self.get_serializer_context(),
            ).data
        )


# --- Insights ----------------------------------------------------------------------------------


class InsightsView(APIView):
    @extend_schema(
        summary="Energy, mood, sleep, soreness and training per cycle phase and per week",
        description="Averages of my journal and totals of my training between `date_from` and "
        "`date_to` (at most 366 days; the last 12 weeks by default), per estimated cycle phase "
        "(when tracking is on) and per week (from Monday). Computed by the database in a fixed "
        "number of queries.",
        parameters=[InsightsQuerySerializer],
        responses=InsightsSerializer,
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        query = InsightsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        date_from, date_to = (
            query.validated_data.get("date_from"),
            query.validated_data.get("date_to"),
        )
        if date_to is None:
            date_to = date_from + dt.timedelta(days=83) if date_from else today_for(request.user)
        date_from = date_from or date_to - dt.timedelta(days=83)
        data = selectors.insights(user=request.user, date_from=date_from, date_to=date_to)
        return Response(InsightsSerializer(data).data)
