"""Local sign-in: register, JWT pair, rotating refresh, logout (the refresh token is revoked)."""

import math

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from fitspace.error_responses import json_error
from users.models import User
from users.serializers import (
    EmailVerificationSerializer,
    ProfileSerializer,
    RegistrationSerializer,
)
from users.services import user_create, user_verify_email
from users.throttling import SignInRateThrottle


class PublicAuthMixin:
    """Open to anyone, throttled per IP, and deaf to a stale Authorization header. Only there
    when AUTH_MODE has "local": Cognito users sign in with Cognito."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SignInRateThrottle]

    def initial(self, request, *args, **kwargs):
        if "local" not in settings.AUTH_MODES:
            raise NotFound
        super().initial(request, *args, **kwargs)


class RegisterView(PublicAuthMixin, APIView):
    @extend_schema(
        summary="Sign up",
        description="Creates an account that signs in with email and password. The password "
        "must pass Django's password validators. A message with a verification token goes to "
        "the address; until it is used, `email_verified` is false.",
        request=RegistrationSerializer,
        responses={201: ProfileSerializer},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(**serializer.validated_data)
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)


# Failed sign-ins are recorded by django-axes; they must survive the 401's rollback.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
@extend_schema(
    summary="Sign in: email and password for an access and a refresh token",
    description="Repeated failures lock the account for a while (429 with `Retry-After`).",
    responses={
        200: jwt_serializers.TokenObtainPairSerializer,
        401: OpenApiResponse(description="Wrong email or password, or an inactive account."),
    },
    tags=["auth"],
)
class TokenObtainView(PublicAuthMixin, jwt_views.TokenObtainPairView):
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        # A sign-in, as Django's login() announces one: last_login is set, and django-axes
        # forgets the account's failed attempts.
        user_logged_in.send(
            sender=type(serializer.user), request=request._request, user=serializer.user
        )
        return Response(serializer.validated_data)

    def handle_exception(self, exc):
        # django-axes marks a locked-out attempt on the request it was given, DRF's wrapper;
        # copy the mark to Django's request, where AxesMiddleware turns the 401 into a 429.
        for mark in ("axes_locked_out", "axes_credentials"):
            if mark in self.request.__dict__:
                setattr(self.request._request, mark, self.request.__dict__[mark])
        return super().handle_exception(exc)


class VerifyEmailView(APIView):
    """Open to anyone holding a token, in every AUTH_MODE (a changed address is verified the
    same way whoever signs the person in), throttled per IP."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SignInRateThrottle]

    @extend_schema(
        summary="Verify an email address",
        description="With the token from the verification message sent at sign-up or after "
        "a change of address. Tokens expire (`EMAIL_VERIFICATION_HOURS`) and only prove the "
        "address they were sent to.",
        request=EmailVerificationSerializer,
        responses={200: ProfileSerializer},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = EmailVerificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_verify_email(token=serializer.validated_data["token"])
        return Response(ProfileSerializer(user).data)


SPENT_TOKEN = OpenApiResponse(
    description="Not a refresh token of this server, expired, revoked, or of an account gone."
)


class RefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """simplejwt's, but a token whose account is gone is a 401 like any other spent token."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except User.DoesNotExist:
            raise InvalidToken("The account this token was issued to no longer exists.") from None


@extend_schema(
    summary="New access token for a refresh token",
    description="Refresh tokens rotate: the answer holds a new refresh token, and the one sent "
    "can no longer be used.",
    responses={200: RefreshSerializer, 401: SPENT_TOKEN},
    tags=["auth"],
)
class TokenRefreshView(PublicAuthMixin, jwt_views.TokenRefreshView):
    serializer_class = RefreshSerializer


@extend_schema(
    summary="Sign out: revoke a refresh token",
    description="The refresh token can no longer be used. Access tokens expire on their own "
    "within minutes.",
    responses={200: jwt_serializers.TokenBlacklistSerializer, 401: SPENT_TOKEN},
    tags=["auth"],
)
class LogoutView(PublicAuthMixin, jwt_views.TokenBlacklistView):
    pass


def admin_login(request, extra_context=None):
    """The admin's sign-in form, limited per client IP by the same rate ("auth") as the API's
    sign-in: the per-account lockout (django-axes) stops guessing one password, this stops one
    client trying many accounts."""
    if request.method == "POST":
        throttle = SignInRateThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait()
            response = json_error(
                status=429, code="throttled", detail="Too many sign-in attempts; try again later."
            )
            response["Retry-After"] = str(math.ceil(wait or 60))
            return response
    import fitspace.admin_urls  # noqa: F401 - the admin's models and titles, on first use

    return admin.site.login(request, extra_context)
