"""Writes of the integrations app: OAuth sign-in (state, code exchange), tokens (refresh under a
row lock, rotation, `invalid_grant`), disconnecting; a workout's Spotify soundtrack. Network calls to providers happen outside
long transactions except the refresh, which must hold the row so one refresh token is spent once.
"""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from fitspace.progress import progress
from inbox.services import notify
from integrations import spotify
from integrations.crypto import newest_fernet, token_fernet
from integrations.models import Connection, OAuthState, Soundtrack, SoundtrackTrack
from integrations.providers import Provider, get_provider
from users.models import User
from workouts.models import Workout

logger = logging.getLogger(__name__)

STATE_LIFETIME = timedelta(minutes=10)
# A token this close to its expiry is refreshed before use.
REFRESH_MARGIN = timedelta(seconds=60)


class IntegrationError(Exception):
    """A provider call that failed; `code` is safe to show (never a token)."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code, self.detail = code, detail


class AccountLinkedElsewhere(IntegrationError):
    def __init__(self, provider: str):
        super().__init__(
            "account_linked_elsewhere",
            f"this {provider} account is connected to another FitSpace account",
        )


class ReconnectNeeded(IntegrationError):
    def __init__(self, provider: str):
        super().__init__(
            "reconnect_needed", f"The {provider} connection must be renewed: connect again."
        )


def oauth_session(provider: Provider, **kwargs: Any) -> OAuth2Session:
    """Authlib's requests client for `provider`: client authentication, S256 PKCE, a timeout."""
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        token_endpoint_auth_method=provider.client_auth,
        scope=" ".join(provider.scopes),
        code_challenge_method="S256" if provider.pkce else None,
        default_timeout=settings.INTEGRATIONS_HTTP_TIMEOUT,
        **kwargs,
    )


@transaction.atomic
def oauth_state_create(
    *, user: User, provider: Provider, redirect_uri: str
) -> tuple[str, datetime]:
    """A single-use state (and PKCE verifier) for one sign-in; returns the authorize URL and
    when the state expires. Expired states of anyone are cleared on the way."""
    now = timezone.now()
    OAuthState.objects.filter(expires_at__lt=now).delete()
    state = generate_token(43)
    verifier = generate_token(64) if provider.pkce else ""
    expires_at = now + STATE_LIFETIME
    OAuthState.objects.create(
        user=user,
        provider=provider.name,
        state=state,
        code_verifier=verifier,
        redirect_uri=redirect_uri,
        expires_at=expires_at,
    )
    with oauth_session(provider, redirect_uri=redirect_uri) as session:
        url, _ = session.create_authorization_url(
            provider.authorize_url, state=state, code_verifier=verifier or None
        )
    return url, expires_at


@dataclass(frozen=True)
class StateCheck:
    oauth_state: OAuthState | None
    reason: str  # "" when the state is good


@transaction.atomic
def oauth_state_consume(*, provider: str, state: str) -> StateCheck:
    """Spend a state: one conditional UPDATE, so of two callbacks with one state only one wins.
    Unknown, spent, expired or another provider's states are refused with a reason."""
    now = timezone.now()
    spent = OAuthState.objects.filter(
        state=state, provider=provider, consumed_at__isnull=True, expires_at__gt=now
    ).update(consumed_at=now)
    found = OAuthState.objects.select_related("user").filter(state=state, provider=provider).first()
    if spent:
        return StateCheck(found, "")
    if found is None:
        return StateCheck(None, "state_unknown")
    if found.consumed_at is not None:
        return StateCheck(None, "state_used")
    return StateCheck(None, "state_expired")


def _expires_at(token: dict[str, Any]) -> datetime | None:
    if token.get("expires_at"):
        return datetime.fromtimestamp(int(token["expires_at"]), tz=UTC)
    return None


def connection_complete(*, oauth_state: OAuthState, provider: Provider, code: str) -> Connection:
    """Exchange the code (with the PKCE verifier and the same redirect URI) for tokens, ask the
    provider who the user is there, and store the connection. Raises IntegrationError."""
    extra = {"code_verifier": oauth_state.code_verifier} if oauth_state.code_verifier else {}
    try:
        with oauth_session(provider, redirect_uri=oauth_state.redirect_uri) as session:
            token = session.fetch_token(
                provider.token_url, grant_type="authorization_code", code=code, **extra
            )
            profile = session.get(f"{provider.api_url}{provider.profile_path}")
            profile.raise_for_status()
            provider_user_id = str(profile.json()[provider.profile_id_field])
    except OAuthError as exc:
        raise IntegrationError("token_exchange_failed", f"{provider.name}: {exc.error}") from None
    except (requests.RequestException, ValueError, KeyError, TypeError):
        raise IntegrationError(
            "provider_unavailable", f"{provider.name} did not answer as expected"
        ) from None
    return connection_store(
        user=oauth_state.user,
        provider=provider,
        token=token,
        provider_user_id=provider_user_id,
    )


@transaction.atomic
def connection_store(
    *, user: User, provider: Provider, token: dict[str, Any], provider_user_id: str
) -> Connection:
    """Create or renew the user's connection to `provider` with fresh tokens. A provider
    account already connected to another FitSpace user is refused (`account_linked_elsewhere`):
    one person's WHOOP or Spotify data goes to one FitSpace account, and a consent page link
    someone else started cannot quietly move it to theirs."""
    elsewhere = Connection.objects.filter(
        provider=provider.name, provider_user_id=provider_user_id
    ).exclude(user=user)
    if elsewhere.exists():
        raise AccountLinkedElsewhere(provider.name)
    try:
        with transaction.atomic():
            connection, _ = Connection.objects.select_for_update().update_or_create(
                user=user,
                provider=provider.name,
                defaults={
                    "status": Connection.Status.ACTIVE,
                    "access_token": token["access_token"],
                    "refresh_token": token.get("refresh_token", ""),
                    "expires_at": _expires_at(token),
                    "scopes": token.get("scope") or " ".join(provider.scopes),
                    "provider_user_id": provider_user_id,
                },
            )
    except IntegrityError:  # the same provider account connected elsewhere at this moment
        raise AccountLinkedElsewhere(provider.name) from None
    return connection


def connection_access_token(*, connection_id: int, provider: Provider) -> str:
    """A usable access token: refreshed first when it expires within REFRESH_MARGIN, under a
    row lock so that two syncs at once spend a (rotating) refresh token only once; the second
    waits and reads the first one's new tokens. `invalid_grant` marks the connection
    reconnect_needed, tells the user in their inbox and raises ReconnectNeeded."""
    revoked = False
    with transaction.atomic():
        connection = Connection.objects.select_for_update().get(pk=connection_id)
        if connection.status != Connection.Status.ACTIVE or not connection.access_token:
            raise ReconnectNeeded(provider.name)
        fresh = connection.expires_at is None or (
            connection.expires_at - REFRESH_MARGIN > timezone.now()
        )
        if fresh:
            return connection.access_token
        if not connection.refresh_token:
            revoked = True
        else:
            try:
                with oauth_session(provider) as session:
                    token = session.refresh_token(
                        provider.token_url, refresh_token=connection.refresh_token
                    )
            except OAuthError as exc:
                if exc.error != "invalid_grant":
                    raise IntegrationError(
                        "refresh_failed", f"{provider.name} refused to refresh: {exc.error}"
                    ) from None
                revoked = True
            except requests.RequestException:
                raise IntegrationError(
                    "provider_unavailable", f"{provider.name} did not answer"
                ) from None
            else:
                connection.access_token = token["access_token"]
                # Rotating providers send a new refresh token; the old one is spent.
                connection.refresh_token = token.get("refresh_token") or connection.refresh_token
                connection.expires_at = _expires_at(token)
                if token.get("scope"):
                    connection.scopes = token["scope"]
                connection.save(
                    update_fields=[
                        "access_token",
                        "refresh_token",
                        "expires_at",
                        "scopes",
                        "updated_at",
                    ]
                )
                return connection.access_token
    if revoked:
        connection_mark_reconnect_needed(
            connection_id=connection_id, provider=provider, seen_at=connection.updated_at
        )
    raise ReconnectNeeded(provider.name)


@transaction.atomic
def connection_mark_reconnect_needed(
    *, connection_id: int, provider: Provider, seen_at: datetime | None = None
) -> bool:
    """The provider no longer accepts our grant: forget the tokens, flag the connection and,
    on the change only, tell the user. Returns whether it changed. With `seen_at` (the row's
    `updated_at` when the grant was refused), a row changed since, such as a reconnect that
    committed meanwhile, is left alone: its new tokens are not the refused ones."""
    still = Connection.objects.filter(pk=connection_id, status=Connection.Status.ACTIVE)
    if seen_at is not None:
        still = still.filter(updated_at=seen_at)
    changed = still.update(
        status=Connection.Status.RECONNECT_NEEDED,
        access_token="",
        refresh_token="",
        updated_at=timezone.now(),
    )
    if changed:
        connection = Connection.objects.select_related("user").get(pk=connection_id)
        notify(
            user=connection.user,
            kind="integration_reconnect",
            title=f"Reconnect {provider.title}",
            body=f"FitSpace can no longer read your {provider.title} data. Connect it again in "
            "the app to resume syncing.",
            data={"provider": provider.name},
        )
    return bool(changed)


def provider_session(*, connection: Connection, provider: Provider) -> OAuth2Session:
    """A session that calls the provider's API as the connection's user, with a fresh token.
    Use it in a `with` block: it closes its connections."""
    access_token = connection_access_token(connection_id=connection.pk, provider=provider)
    return oauth_session(provider, token={"access_token": access_token, "token_type": "Bearer"})


def connection_disconnect(*, connection: Connection, provider: Provider) -> None:
    """Revoke our access at the provider (where it has a revoke endpoint) and delete the
    connection with its tokens. A provider that fails to answer does not keep the tokens here."""
    if provider.revoke and connection.status == Connection.Status.ACTIVE:
        method, url = provider.revoke
        try:
            with provider_session(connection=connection, provider=provider) as session:
                response = session.request(method, url)
            if response.status_code >= 400:
                logger.warning(
                    "revoking a %s connection answered %s", provider.name, response.status_code
                )
        except (IntegrationError, requests.RequestException) as exc:
            logger.warning("revoking a %s connection failed: %s", provider.name, type(exc).__name__)
    Connection.objects.filter(pk=connection.pk).delete()


# --- Spotify: a workout's soundtrack -----------------------------------------------------------


def spotify_read[T](
    *, connection: Connection, provider: Provider, read: Callable[[OAuth2Session], T]
) -> T:
    """`read(session)` as the connection's user, with a token refreshed when due. A token
    Spotify refuses before its expiry (the user removed the app, or the clocks differ) is
    refreshed once and the read tried again: a refresh refused with `invalid_grant` makes the
    connection reconnect-needed (ReconnectNeeded). Spotify failing is IntegrationError."""
    for attempt in range(2):
        try:
            with provider_session(connection=connection, provider=provider) as session:
                return read(session)
        except spotify.SpotifyUnauthorized:
            if attempt:
                break
            connection_expire(connection_id=connection.pk)
        except (spotify.SpotifyAnswerError, requests.RequestException):
            break
    raise IntegrationError("provider_unavailable", "Spotify did not answer as expected")


@transaction.atomic
def connection_expire(*, connection_id: int) -> None:
    """Treat the connection's access token as expired: the next use refreshes it first."""
    Connection.objects.filter(pk=connection_id).update(expires_at=timezone.now())


def soundtrack_fetch(*, workout_id: int) -> Soundtrack | None:
    """Read what the workout's owner played on Spotify during the workout and keep it with the
    workout. Spotify lists only a user's last 50 plays, so this runs right after the finish.

    Spotify lists a play once it is over, and its `played_at` is that moment: a track counts
    when it ended between the start and the finish (one begun just before the start counts; the
    one still playing at the finish does not). Fetching again adds only what is new.

    Without a finished workout or a Spotify connection it does nothing (None). Spotify is read
    through `spotify_read`: a connection that needs renewing, or `invalid_grant` on a refresh
    (which marks it so and tells the user), raises ReconnectNeeded; a Spotify that fails raises
    IntegrationError."""
    workout = Workout.objects.filter(pk=workout_id, status=Workout.Status.FINISHED).first()
    provider = get_provider("spotify")
    if workout is None or provider is None:
        return None
    connection = Connection.objects.filter(user_id=workout.user_id, provider=provider.name).first()
    if connection is None:
        return None
    plays = spotify_read(
        connection=connection,
        provider=provider,
        read=lambda session: spotify.recently_played(session, provider, after=workout.started_at),
    )
    during = [p for p in plays if workout.started_at <= p.played_at <= workout.finished_at]
    return soundtrack_store(workout_id=workout.pk, connection=connection, plays=during)


@transaction.atomic
def soundtrack_store(
    *, workout_id: int, connection: Connection, plays: list[spotify.Play]
) -> Soundtrack | None:
    """Keep these plays with the workout (plays already kept stay as they are) and mark its
    soundtrack fetched. None when the workout was deleted meanwhile."""
    workout = Workout.objects.select_for_update().filter(pk=workout_id).first()
    if workout is None:
        return None
    SoundtrackTrack.objects.bulk_create(
        [
            SoundtrackTrack(
                workout=workout,
                played_at=play.played_at,
                track_id=play.track.track_id[:64],
                uri=play.track.uri[:200],
                name=play.track.name[:500],
                artists=play.track.artists,
                album=play.track.album[:500],
                duration_ms=play.track.duration_ms,
            )
            for play in plays
        ],
        ignore_conflicts=True,
    )
    now = timezone.now()
    soundtrack, _ = Soundtrack.objects.update_or_create(
        workout=workout, defaults={"fetched_at": now, "failure": ""}
    )
    Connection.objects.filter(pk=connection.pk).update(last_synced_at=now)
    return soundtrack


@transaction.atomic
def soundtrack_mark_failed(*, workout_id: int, failure: str) -> None:
    """Note why a workout's soundtrack could not be read (a soundtrack read before is kept)."""
    if Workout.objects.filter(pk=workout_id).exists():
        Soundtrack.objects.update_or_create(workout_id=workout_id, defaults={"failure": failure})


ENCRYPTED_FIELDS = ("access_token", "refresh_token")


def tokens_reencrypt(*, batch_size: int = 200) -> int:
    """Move every connection's tokens onto the newest key (MultiFernet.rotate keeps each
    token's timestamp), one locked batch per transaction, with progress shown per batch;
    returns how many rows changed. Rows already readable with the newest key are skipped, so a
    second run changes nothing."""
    fernet, newest = token_fernet(), newest_fernet()
    raw = {f"raw_{name}": Cast(name, output_field=TextField()) for name in ENCRYPTED_FIELDS}
    batches = -(-Connection.objects.count() // batch_size)
    changed = 0
    for pks in progress(_pk_batches(batch_size), total=batches, desc="Re-encrypting tokens"):
        with transaction.atomic():
            rows = (
                Connection.objects.select_for_update()
                .filter(pk__in=pks)
                .order_by("pk")
                .annotate(**raw)
                .values("pk", *raw)
            )
            for row in rows:
                updates = {}
                for name in ENCRYPTED_FIELDS:
                    cipher = row[f"raw_{name}"]
                    if not cipher or _readable(newest, cipher):
                        continue
                    rotated = fernet.rotate(cipher.encode()).decode()
                    updates[name] = Value(rotated, output_field=TextField())
                if updates:
                    Connection.objects.filter(pk=row["pk"]).update(**updates)
                    changed += 1
    return changed


def _pk_batches(batch_size: int) -> Iterator[list[int]]:
    """Connection ids in ascending batches, each read when the one before is done."""
    after = 0
    while pks := list(
        Connection.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    ):
        yield pks
        after = pks[-1]


def _readable(fernet: Fernet, cipher: str) -> bool:
    try:
        fernet.decrypt(cipher.encode())
    except InvalidToken:
        return False
    return True
