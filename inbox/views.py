from django.db.models import F
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from inbox.models import Notification
from inbox.serializers import MarkedSerializer, NotificationSerializer, UnreadCountSerializer
from inbox.services import notification_mark_read


@extend_schema_view(
    list=extend_schema(summary="My inbox: unread first, newest first", tags=["inbox"]),
    retrieve=extend_schema(summary="One of my messages", tags=["inbox"]),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """``/notifications``: the caller's inbox; anyone else's message is a 404."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset()
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = []

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user).order_by(
            F("read_at").asc(nulls_first=True), "-created_at", "-id"
        )

    @extend_schema(
        summary="Mark one message read", request=None, responses=MarkedSerializer, tags=["inbox"]
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        message = self.get_object()
        marked = notification_mark_read(user=request.user, notification_id=message.pk)
        return Response({"marked": marked})

    @extend_schema(
        summary="Mark all my messages read",
        request=None,
        responses=MarkedSerializer,
        tags=["inbox"],
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notification_mark_read(user=request.user)})

    @extend_schema(
        summary="How many of my messages are unread",
        responses=UnreadCountSerializer,
        tags=["inbox"],
    )
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request: Request) -> Response:
        unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
        return Response({"unread": unread})
