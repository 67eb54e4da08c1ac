"""The integrations API: connect (authorize URL), the provider's callback, list, disconnect;
a workout's Spotify soundtrack and what plays now."""

import json
import re
from dataclasses import asdict
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, NotFound, ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.models import Connection
from integrations.providers import PROVIDER_NAMES, Provider, get_provider
from integrations.selectors import soundtrack_of
from integrations.serializers import (
    ConnectionSerializer,
    ConnectStartSerializer,
    NowPlayingSerializer,
    SoundtrackSerializer,
)
from workouts.models import Workout

# The OAuth client (Authlib, requests) and the sync load on first use, inside the views: a cold
# start that serves anything else never imports them (tests/test_start_up.py).

PROVIDER_PARAMETER = OpenApiParameter(
    "provider",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=list(PROVIDER_NAMES),
    description="The service; one that is not configured on this stage is a 404.",
)
# A provider's `error` parameter, passed on to the app only when it looks like an OAuth code.
ERROR_CODE = re.compile(r"[a-z_]{1,40}")


def provider_or_404(name: str) -> Provider:
    provider = get_provider(name)
    if provider is None:
        raise NotFound(f"No integration named {name!r}.")
    return provider


class AppRedirect(HttpResponseRedirect):
    """A redirect to the app, whose URL may use its own scheme (e.g. `fitspace://`)."""

    @property
    def allowed_schemes(self) -> list[str]:
        return ["http", "https", urlsplit(settings.INTEGRATIONS_APP_REDIRECT_URL).scheme]


def app_redirect(provider: str, result: str, reason: str = "") -> AppRedirect:
    query = {"provider": provider, "result": result} | ({"reason": reason} if reason else {})
    base = settings.INTEGRATIONS_APP_REDIRECT_URL
    return AppRedirect(f"{base}{'&' if '?' in base else '?'}{urlencode(query)}")


class ConnectionListView(APIView):
    @extend_schema(
        summary="My connections to other services",
        description="Each with its status: `active`, or `reconnect_needed` when the provider "
        "stopped accepting FitSpace's access (connect again). Tokens never leave the server.",
        responses={200: ConnectionSerializer(many=True)},
        tags=["integrations"],
    )
    def get(self, request: Request) -> Response:
        connections = Connection.objects.filter(user=request.user)
        return Response(ConnectionSerializer(connections, many=True).data)


class ConnectionView(APIView):
    @extend_schema(
        summary="Disconnect a service",
        description="Revokes FitSpace's access at the provider where it has a way to (WHOOP "
        "does), then deletes the connection and its tokens. 404 when not connected.",
        parameters=[PROVIDER_PARAMETER],
        responses={204: None},
        tags=["integrations"],
    )
    def delete(self, request: Request, provider: str) -> Response:
        from integrations.services import connection_disconnect

        found = provider_or_404(provider)
        connection = Connection.objects.filter(user=request.user, provider=found.name).first()
        if connection is None:
            raise NotFound(f"Not connected to {provider}.")
        connection_disconnect(connection=connection, provider=found)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConnectView(APIView):
    @extend_schema(
        summary="Start connecting a service",
        description="Answers the provider's authorize URL with a single-use `state` that "
        "expires in 10 minutes (and a PKCE challenge where the provider takes one). Open it in "
        "a browser; the provider sends the person back to the callback, which redirects to the "
        "app. Connecting again renews an existing connection.",
        request=None,
        parameters=[PROVIDER_PARAMETER],
        responses={201: ConnectStartSerializer},
        tags=["integrations"],
    )
    def post(self, request: Request, provider: str) -> Response:
        from integrations.services import oauth_state_create

        found = provider_or_404(provider)
        callback = request.build_absolute_uri(
            reverse("integration-callback", kwargs={"provider": found.name})
        )
        url, expires_at = oauth_state_create(
            user=request.user, provider=found, redirect_uri=callback
        )
        body = ConnectStartSerializer({"authorize_url": url, "expires_at": expires_at}).data
        return Response(body, status=status.HTTP_201_CREATED)


class CallbackView(APIView):
    """Where the provider sends the browser back. Public: the `state` says whose sign-in it
    is. Always answers by redirecting to INTEGRATIONS_APP_REDIRECT_URL with the result."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="The provider's redirect after sign-in (browsers only)",
        description="Spends the `state` (unknown, used or expired states are refused), "
        "exchanges the `code` for tokens, starts a first sync in the background and "
        "redirects (302) to the app's URL "
        "(`INTEGRATIONS_APP_REDIRECT_URL`) with `provider`, `result` (`connected` or `error`) "
        "and, on error, `reason`: `state_unknown`, `state_used`, `state_expired`, "
        "`missing_code`, the provider's own error (e.g. `access_denied`), "
        "`token_exchange_failed`, `provider_unavailable` or `account_linked_elsewhere` (that "
        "provider account is connected to another FitSpace account).",
        parameters=[
            PROVIDER_PARAMETER,
            OpenApiParameter("code", OpenApiTypes.STR, description="From the provider."),
            OpenApiParameter("state", OpenApiTypes.STR, description="From the provider."),
            OpenApiParameter(
                "error", OpenApiTypes.STR, description="The provider's refusal, if any."
            ),
        ],
        responses={302: OpenApiResponse(description="To the app, with the result.")},
        tags=["integrations"],
    )
    def get(self, request: Request, provider: str) -> HttpResponseRedirect:
        from integrations.services import IntegrationError, connection_complete, oauth_state_consume
        from integrations.tasks import connection_first_sync

        found = provider_or_404(provider)
        params = request.query_params
        check = oauth_state_consume(provider=found.name, state=params.get("state", "")[:64])
        if check.oauth_state is None:
            return app_redirect(found.name, "error", check.reason)
        if "error" in params:
            error = params["error"]
            return app_redirect(
                found.name, "error", error if ERROR_CODE.fullmatch(error) else "provider_error"
            )
        if not params.get("code"):
            return app_redirect(found.name, "error", "missing_code")
        try:
            connection = connection_complete(
                oauth_state=check.oauth_state, provider=found, code=params["code"]
            )
        except IntegrationError as exc:
            return app_redirect(found.name, "error", exc.code)
        # In the background on AWS (a Zappa task), before the redirect elsewhere.
        connection_first_sync(connection.pk)
        return app_redirect(found.name, "connected")


# --- Spotify ----------------------------------------------------------------------------------


class SpotifyNotConnected(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Spotify is not connected: connect it first."
    default_code = "not_connected"


class SpotifyReconnectNeeded(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The Spotify connection must be renewed: connect Spotify again."
    default_code = "reconnect_needed"


class SpotifyUnavailable(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "Spotify did not answer as expected; try again later."
    default_code = "provider_unavailable"
    expected_outage = True  # Spotify down is not a bug here: one log line, no traceback


class WorkoutNotFinished(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The workout is not finished: its soundtrack is read after the finish."
    default_code = "not_finished"


# The path's `pk`, shown as `id` like the other workout paths' (drf-spectacular's coercion).
SOUNDTRACK_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="One of my workouts' ids."
)


class SoundtrackView(APIView):
    @extend_schema(
        summary="What I listened to during a workout",
        description="The Spotify tracks that ended between the workout's start and finish (a "
        "play is listed by Spotify once it is over: one begun just before the start counts, "
        "the one still playing at the finish does not), read from Spotify's recently played "
        "right after the finish and kept with the workout, in play order. `status` says where "
        "reading stands. Someone else's workout is a 404.",
        parameters=[SOUNDTRACK_ID],
        responses={200: SoundtrackSerializer},
        tags=["integrations"],
    )
    def get(self, request: Request, pk: str) -> Response:
        workout = get_object_or_404(Workout, pk=int(pk), user=request.user)
        return Response(SoundtrackSerializer(soundtrack_of(workout)).data)

    @extend_schema(
        summary="Read a workout's soundtrack from Spotify again",
        description="For a soundtrack that `failed` or is missing: reads Spotify's recently "
        "played now and adds what is new (tracks kept stay). Spotify lists only the last 50 "
        "plays, so this finds the workout's tracks only while they are among them. 409 "
        "`not_finished`, `not_connected` or `reconnect_needed`; 502 `provider_unavailable`.",
        request=None,
        parameters=[SOUNDTRACK_ID],
        responses={
            200: SoundtrackSerializer,
            409: OpenApiResponse(
                description="Not finished (`not_finished`), or Spotify not connected "
                "(`not_connected`) or to connect again (`reconnect_needed`)."
            ),
            502: OpenApiResponse(description="Spotify failed (`provider_unavailable`)."),
        },
        tags=["integrations"],
    )
    def post(self, request: Request, pk: str) -> Response:
        from integrations.services import (
            IntegrationError,
            ReconnectNeeded,
            soundtrack_fetch,
            soundtrack_mark_failed,
        )

        workout = get_object_or_404(Workout, pk=int(pk), user=request.user)
        if workout.status != Workout.Status.FINISHED:
            raise WorkoutNotFinished()
        provider = provider_or_404("spotify")
        if not Connection.objects.filter(user=request.user, provider=provider.name).exists():
            raise SpotifyNotConnected()
        try:
            soundtrack_fetch(workout_id=workout.pk)
        except ReconnectNeeded:
            raise SpotifyReconnectNeeded() from None
        except IntegrationError as exc:
            soundtrack_mark_failed(workout_id=workout.pk, failure=exc.code)
            raise SpotifyUnavailable() from None
        return Response(SoundtrackSerializer(soundtrack_of(workout)).data)


class NowPlayingView(APIView):
    @extend_schema(
        summary="The Spotify track playing now (for a live session)",
        description="200 with the track on the user's active Spotify device (`is_playing` "
        "false while paused); 204 when nothing plays (no active device, or not a track: an "
        "episode, an ad). 409 `not_connected` without a Spotify connection, 409 "
        "`reconnect_needed` when Spotify no longer accepts it (connect again); 502 "
        "`provider_unavailable` when Spotify fails.",
        responses={
            200: NowPlayingSerializer,
            204: OpenApiResponse(description="Nothing is playing."),
            409: OpenApiResponse(
                description="Spotify is not connected (`not_connected`) or must be connected "
                "again (`reconnect_needed`)."
            ),
            502: OpenApiResponse(description="Spotify failed (`provider_unavailable`)."),
        },
        tags=["integrations"],
    )
    def get(self, request: Request) -> Response:
        from integrations import spotify
        from integrations.services import IntegrationError, ReconnectNeeded, spotify_read

        provider = provider_or_404("spotify")
        connection = Connection.objects.filter(user=request.user, provider=provider.name).first()
        if connection is None:
            raise SpotifyNotConnected()
        try:
            playing = spotify_read(
                connection=connection,
                provider=provider,
                read=lambda session: spotify.currently_playing(session, provider),
            )
        except ReconnectNeeded:
            raise SpotifyReconnectNeeded() from None
        except IntegrationError:
            raise SpotifyUnavailable() from None
        if playing is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(NowPlayingSerializer(asdict(playing)).data)


class InvalidSignature(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "The webhook signature is missing, wrong or too old."
    default_code = "invalid_signature"


class WhoopWebhookSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(help_text="The WHOOP user.")
    id = serializers.RegexField(
        r"^[0-9A-Za-z-]{1,64}$", help_text="The record (a UUID; a sleep's for recoveries)."
    )
    type = serializers.CharField(max_length=50, help_text="e.g. `workout.updated`.")
    trace_id = serializers.CharField(required=False, max_length=100)


class WhoopWebhookView(APIView):
    """WHOOP's webhooks: verified by signature, answered at once, synced asynchronously."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    # Signed by WHOOP and cheap to refuse; WHOOP sends from few addresses.
    throttle_classes: list = []

    @extend_schema(
        summary="WHOOP webhook (called by WHOOP)",
        description="Verifies `X-WHOOP-Signature` (base64 HMAC-SHA256 of "
        "`X-WHOOP-Signature-Timestamp` + the raw body, keyed with the client secret; the "
        "timestamp at most 5 minutes off) and answers 204 at once; the named record is synced "
        "in the background. Events of unknown users or types are acknowledged and ignored.",
        request=WhoopWebhookSerializer,
        parameters=[
            OpenApiParameter("X-WHOOP-Signature", OpenApiTypes.STR, OpenApiParameter.HEADER),
            OpenApiParameter(
                "X-WHOOP-Signature-Timestamp", OpenApiTypes.STR, OpenApiParameter.HEADER
            ),
        ],
        responses={
            204: None,
            401: OpenApiResponse(description="Missing, wrong or stale signature."),
        },
        tags=["integrations"],
    )
    def post(self, request: Request) -> Response:
        from integrations.tasks import whoop_webhook_sync
        from integrations.whoop import signature_valid

        provider = provider_or_404("whoop")
        body = request.body
        if not signature_valid(
            body=body,
            timestamp=request.headers.get("X-WHOOP-Signature-Timestamp", ""),
            signature=request.headers.get("X-WHOOP-Signature", ""),
            secret=provider.client_secret,
        ):
            raise InvalidSignature
        try:
            payload = json.loads(body)
        except ValueError:
            raise ParseError("The body is not JSON.") from None
        event = WhoopWebhookSerializer(data=payload)
        event.is_valid(raise_exception=True)
        connection = (
            Connection.objects.filter(
                provider="whoop",
                provider_user_id=str(event.validated_data["user_id"]),
                status=Connection.Status.ACTIVE,
            )
            .values_list("pk", flat=True)
            .first()
        )
        if connection is not None:
            whoop_webhook_sync(connection, event.validated_data["type"], event.validated_data["id"])
        return Response(status=status.HTTP_204_NO_CONTENT)
