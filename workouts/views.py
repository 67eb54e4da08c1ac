from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.filters import OrderingFilter

from fitspace.viewsets import PartialPutMixin
from users.models import User
from workouts.models import Workout
from workouts.serializers import WorkoutSerializer
from workouts.services import workout_create, workout_update

USER_ID = OpenApiParameter(
    "user_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="User id: only one's own (another user's is a 404)",
)


@extend_schema_view(
    list=extend_schema(
        summary="List a user's workouts, newest first", parameters=[USER_ID], tags=["workouts"]
    ),
    create=extend_schema(
        summary="Log a workout for a user", parameters=[USER_ID], tags=["workouts"]
    ),
)
class UserWorkoutViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """``/users/{id}/workouts``: one user's workouts."""

    serializer_class = WorkoutSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["created_at", "name"]
    ordering = ["-created_at", "-id"]

    def owner(self) -> User:
        """The user in the URL, who must be the caller: anyone else's workouts are a 404."""
        if self.kwargs["user_pk"] != str(self.request.user.pk):
            raise Http404
        return self.request.user

    def get_queryset(self):
        return Workout.objects.filter(user=self.owner())

    def perform_create(self, serializer: WorkoutSerializer) -> None:
        serializer.instance = workout_create(user=self.owner(), **serializer.validated_data)


@extend_schema_view(
    list=extend_schema(summary="List my workouts, newest first", tags=["workouts"]),
    retrieve=extend_schema(summary="Get a workout", tags=["workouts"]),
    update=extend_schema(
        summary="Update a workout",
        description="Like `PATCH`, `PUT` changes only the fields it sends.",
        tags=["workouts"],
    ),
    partial_update=extend_schema(summary="Update some fields of a workout", tags=["workouts"]),
    destroy=extend_schema(summary="Delete a workout", tags=["workouts"]),
)
class WorkoutViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """``/workouts``: the caller's own workouts; anyone else's is a 404."""

    serializer_class = WorkoutSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["created_at", "name"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return Workout.objects.filter(user=self.request.user)

    def perform_update(self, serializer: WorkoutSerializer) -> None:
        serializer.instance = workout_update(
            workout=serializer.instance, data=serializer.validated_data
        )
