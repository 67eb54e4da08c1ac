import logging

from django.conf import settings
from django.db.models import Q, Value
from django.db.models.functions import Lower
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fitspace.ordering import StrictOrderingFilter
from fitspace.viewsets import PartialPutMixin
from users import avatars
from users.models import User
from users.serializers import (
    AvatarConfirmSerializer,
    AvatarUploadFormSerializer,
    AvatarUploadRequestSerializer,
    ProfileSerializer,
    PublicUserSerializer,
    RegistrationSerializer,
    UserSearchQuerySerializer,
)
from users.services import (
    user_create,
    user_remove_avatar,
    user_send_email_verification,
    user_set_avatar,
    user_update,
)
from users.throttling import SearchRateThrottle, SignInRateThrottle

PUT_NOTE = "Like `PATCH`, `PUT` changes only the fields it sends (the first version's behaviour)."
SELF_ONLY = "Only one's own account; another user's id is a 404."
CREATE_DESCRIPTION = (
    "While AUTH_MODE has `local`: sign-up, the same as `POST /api/v1/auth/register`, open to "
    "anyone; the address gets a verification message. With Cognito only: **staff only**, no "
    "password — it creates the account a Cognito user is linked to, by email, at their first "
    "sign-in (staff vouch for the address, so it counts as verified)."
)


def sign_up_is_open() -> bool:
    return "local" in settings.AUTH_MODES


logger = logging.getLogger(__name__)


class AvatarsUnavailable(APIException):
    status_code = 503
    default_detail = (
        "Profile pictures are not configured on this server (AVATAR_BUCKET, or "
        "AVATAR_LOCAL_ROOT off AWS)."
    )
    default_code = "avatars_unavailable"
    expected_outage = True  # fitspace.errors: logged as one line, not a traceback


class MailUnavailable(APIException):
    status_code = 503
    default_detail = "The message could not be sent just now. Try again later."
    default_code = "mail_unavailable"
    expected_outage = True


@extend_schema_view(
    list=extend_schema(
        summary="List users (public profiles)",
        description="Other users are visible only as public profiles: id, name, avatar, bio.",
        tags=["users"],
    ),
    create=extend_schema(
        summary="Create a user (sign-up; staff only with Cognito only)",
        description=CREATE_DESCRIPTION,
        request=RegistrationSerializer,
        responses={201: ProfileSerializer},
        extensions={"x-staff-only": "when AUTH_MODE is cognito"},
        tags=["users"],
    ),
    retrieve=extend_schema(
        summary="Get a user",
        description="One's own id gives the whole profile; anyone else's, the public profile.",
        responses=PolymorphicProxySerializer(
            component_name="UserProfile",
            serializers=[ProfileSerializer, PublicUserSerializer],
            resource_type_field_name=None,
        ),
        tags=["users"],
    ),
    update=extend_schema(
        summary="Update one's own user", description=f"{PUT_NOTE} {SELF_ONLY}", tags=["users"]
    ),
    partial_update=extend_schema(
        summary="Update some fields of one's own user", description=SELF_ONLY, tags=["users"]
    ),
    destroy=extend_schema(
        summary="Delete one's own account and everything in it",
        description=SELF_ONLY,
        tags=["users"],
    ),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = "[0-9]+"
    filter_backends = [StrictOrderingFilter]
    ordering_fields = ["id", "name", "created_at"]
    ordering = ["id"]

    def get_queryset(self):
        users = User.objects.filter(is_active=True)
        if self.action in ("update", "partial_update", "destroy"):
            return users.filter(pk=self.request.user.pk)
        return users

    def get_object(self) -> User:
        """Routes without an id (`me/…`) act on the caller (DRF's OPTIONS asks them for their
        object too)."""
        if "pk" not in self.kwargs:
            return self.request.user
        return super().get_object()

    def get_serializer_class(self):
        if self.action == "create":
            return RegistrationSerializer if sign_up_is_open() else ProfileSerializer
        if self.action in ("list", "search"):
            return PublicUserSerializer
        if self.action == "retrieve" and self.kwargs.get("pk") != str(self.request.user.pk):
            return PublicUserSerializer
        return ProfileSerializer

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny() if sign_up_is_open() else permissions.IsAdminUser()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [SignInRateThrottle()]
        if self.action == "search":
            return [*super().get_throttles(), SearchRateThrottle()]
        return super().get_throttles()

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(**serializer.validated_data, email_verified=not sign_up_is_open())
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: ProfileSerializer) -> None:
        serializer.instance = user_update(user=serializer.instance, data=serializer.validated_data)

    @extend_schema(
        summary="Search users by name or email",
        description="Matches part of a name, or the whole email address of someone who allows "
        "it (`findable_by_email` on their profile; off by default), in any case. Results are "
        "public profiles; emails are never shown. Limited to 30 searches a minute per user "
        "(`THROTTLE_RATE_SEARCH`), so addresses cannot be tried in bulk.",
        parameters=[UserSearchQuerySerializer],
        responses=PublicUserSerializer(many=True),
        tags=["users"],
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def search(self, request: Request) -> Response:
        query = UserSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        term = query.validated_data["q"].strip()
        matches = (
            self.get_queryset()
            .alias(email_folded=Lower("email"))
            .filter(
                Q(name__icontains=term) | Q(findable_by_email=True, email_folded=Lower(Value(term)))
            )
        )
        page = self.paginate_queryset(matches.order_by("name", "id"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(methods=["GET"], summary="My profile", tags=["me"])
    @extend_schema(
        methods=["PATCH"],
        summary="Change my profile",
        request=ProfileSerializer,
        responses=ProfileSerializer,
        tags=["me"],
    )
    @action(detail=False, methods=["get", "patch"], filter_backends=[])
    def me(self, request: Request) -> Response:
        if request.method == "GET":
            return Response(ProfileSerializer(request.user).data)
        serializer = ProfileSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=request.user, data=serializer.validated_data)
        return Response(ProfileSerializer(user).data)

    @extend_schema(
        summary="Send the verification message to my address again",
        description="For an address not yet verified (`email_verified: false`). Limited like "
        "sign-in (`THROTTLE_RATE_AUTH`).",
        request=None,
        responses={202: None, 503: None},
        tags=["me"],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="me/email-verification",
        filter_backends=[],
        throttle_classes=[SignInRateThrottle],
    )
    def email_verification(self, request: Request) -> Response:
        if request.user.email_verified:
            raise ValidationError(
                {"email": ["This address is already verified."]}, code="already_verified"
            )
        try:
            user_send_email_verification(user=request.user)
        except Exception as exc:  # any mail backend failure (SES down or unreachable, SMTP)
            logger.error(
                "verification mail for user %s not sent: %s", request.user.pk, type(exc).__name__
            )
            raise MailUnavailable() from None
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        methods=["POST"],
        summary="Start a profile picture upload",
        description="Returns a presigned S3 POST: send `fields` and then the `file` as "
        "multipart/form-data to `url`. S3 accepts only the content type asked for (JPEG, PNG or "
        "WebP) and at most `max_bytes`. Then `PUT` the `key` here.",
        request=AvatarUploadRequestSerializer,
        responses={201: AvatarUploadFormSerializer, 503: None},
        tags=["me"],
    )
    @extend_schema(
        methods=["PUT"],
        summary="Use an uploaded picture as my avatar",
        description="Checks the uploaded object (key issued to you, type, size, image bytes); a "
        "refused upload is deleted. The previous picture is deleted.",
        request=AvatarConfirmSerializer,
        responses=ProfileSerializer,
        tags=["me"],
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove my avatar",
        responses={200: ProfileSerializer},
        tags=["me"],
    )
    @action(
        detail=False, methods=["post", "put", "delete"], url_path="me/avatar", filter_backends=[]
    )
    def avatar(self, request: Request) -> Response:
        if not avatars.available():
            raise AvatarsUnavailable()
        if request.method == "POST":
            form_request = AvatarUploadRequestSerializer(data=request.data)
            form_request.is_valid(raise_exception=True)
            content_type = form_request.validated_data["content_type"]
            key = avatars.new_key(request.user.pk, content_type)
            form = avatars.upload_offer(key, content_type)
            return Response(AvatarUploadFormSerializer(form).data, status=status.HTTP_201_CREATED)
        if request.method == "PUT":
            confirm = AvatarConfirmSerializer(data=request.data)
            confirm.is_valid(raise_exception=True)
            user = user_set_avatar(user=request.user, key=confirm.validated_data["key"])
        else:
            user = user_remove_avatar(user=request.user)
        return Response(ProfileSerializer(user).data)
