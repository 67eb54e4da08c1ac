from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from achievements.badges import BADGES, BY_CODE
from achievements.models import Achievement
from users.models import User


class BadgeSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    measure = serializers.CharField()
    threshold = serializers.IntegerField()


class EarnedSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    earned_at = serializers.DateTimeField()


class BadgeListView(APIView):
    @extend_schema(
        summary="Every badge there is to earn",
        responses=BadgeSerializer(many=True),
        tags=["achievements"],
    )
    def get(self, request: Request) -> Response:
        return Response(BadgeSerializer(BADGES, many=True).data)


class UserAchievementsView(APIView):
    @extend_schema(
        summary="A user's badges (mine, or anyone's: they are part of the public profile)",
        parameters=[OpenApiParameter("user_pk", int, OpenApiParameter.PATH)],
        responses=EarnedSerializer(many=True),
        tags=["achievements"],
    )
    def get(self, request: Request, user_pk: int) -> Response:
        user = get_object_or_404(User, pk=user_pk, is_active=True)
        earned = [
            {**vars(BY_CODE[a.code]), "earned_at": a.earned_at}
            for a in Achievement.objects.filter(user=user)
            if a.code in BY_CODE
        ]
        return Response(EarnedSerializer(earned, many=True).data)
