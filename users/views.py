from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from fitspace.viewsets import PartialPutMixin
from users.models import User
from users.serializers import UserSearchQuerySerializer, UserSerializer
from users.services import user_create, user_update

PUT_NOTE = "Like `PATCH`, `PUT` changes only the fields it sends (the first version's behaviour)."


@extend_schema_view(
    list=extend_schema(summary="List users", tags=["users"]),
    create=extend_schema(summary="Create a user", tags=["users"]),
    retrieve=extend_schema(summary="Get a user", tags=["users"]),
    update=extend_schema(summary="Update a user", description=PUT_NOTE, tags=["users"]),
    partial_update=extend_schema(summary="Update some fields of a user", tags=["users"]),
    destroy=extend_schema(summary="Delete a user and their workouts", tags=["users"]),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = UserSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["id", "name", "created_at"]
    ordering = ["id"]

    def get_queryset(self):
        return User.objects.all()

    def perform_create(self, serializer: UserSerializer) -> None:
        serializer.instance = user_create(**serializer.validated_data)

    def perform_update(self, serializer: UserSerializer) -> None:
        serializer.instance = user_update(user=serializer.instance, data=serializer.validated_data)

    @extend_schema(
        summary="Search users by name or email",
        parameters=[UserSearchQuerySerializer],
        responses=UserSerializer(many=True),
        tags=["users"],
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def search(self, request: Request) -> Response:
        query = UserSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        term = query.validated_data["q"]
        matches = self.get_queryset().filter(Q(name__icontains=term) | Q(email__icontains=term))
        page = self.paginate_queryset(matches.order_by("name", "id"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
