"""Local sign-in: register, JWT pair, rotating refresh, logout (the refresh token is revoked)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from users.serializers import ProfileSerializer, RegistrationSerializer
from users.services import user_create
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
        "must pass Django's password validators.",
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


@extend_schema(
    summary="New access token for a refresh token",
    description="Refresh tokens rotate: the answer holds a new refresh token, and the one sent "
    "can no longer be used.",
    tags=["auth"],
)
class TokenRefreshView(PublicAuthMixin, jwt_views.TokenRefreshView):
    pass


@extend_schema(
    summary="Sign out: revoke a refresh token",
    description="The refresh token can no longer be used. Access tokens expire on their own "
    "within minutes.",
    tags=["auth"],
)
class LogoutView(PublicAuthMixin, jwt_views.TokenBlacklistView):
    pass
