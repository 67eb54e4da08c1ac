"""The providers FitSpace connects to: endpoints (from settings, so the local fakes can stand
in), scopes, PKCE, and how the client authenticates at the token endpoint."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    name: str
    title: str
    authorize_url: str
    token_url: str
    api_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    pkce: bool
    # "client_secret_post" (in the form) or "client_secret_basic" (HTTP Basic).
    client_auth: str
    # Revocation: (method, URL) called with the user's access token, or None.
    revoke: tuple[str, str] | None
    # Who the user is at the provider: a GET under api_url and the id's field in its answer.
    profile_path: str
    profile_id_field: str

    @property
    def configured(self) -> bool:
        return bool(self.client_id and self.client_secret)


def _whoop() -> Provider:
    return Provider(
        name="whoop",
        title="WHOOP",
        authorize_url=settings.WHOOP_AUTHORIZE_URL,
        token_url=settings.WHOOP_TOKEN_URL,
        api_url=settings.WHOOP_API_URL.rstrip("/"),
        client_id=settings.WHOOP_CLIENT_ID,
        client_secret=settings.WHOOP_CLIENT_SECRET,
        # `offline` asks for a refresh token.
        scopes=(
            "read:recovery",
            "read:cycles",
            "read:sleep",
            "read:workout",
            "read:profile",
            "offline",
        ),
        pkce=True,
        client_auth="client_secret_post",
        revoke=("DELETE", f"{settings.WHOOP_API_URL.rstrip('/')}/v2/user/access"),
        profile_path="/v2/user/profile/basic",
        profile_id_field="user_id",
    )


def _spotify() -> Provider:
    return Provider(
        name="spotify",
        title="Spotify",
        authorize_url=settings.SPOTIFY_AUTHORIZE_URL,
        token_url=settings.SPOTIFY_TOKEN_URL,
        api_url=settings.SPOTIFY_API_URL.rstrip("/"),
        client_id=settings.SPOTIFY_CLIENT_ID,
        client_secret=settings.SPOTIFY_CLIENT_SECRET,
        # What the user played (a workout's soundtrack) and what plays now (a live session).
        scopes=("user-read-recently-played", "user-read-currently-playing"),
        pkce=True,
        client_auth="client_secret_basic",
        # Spotify has no revoke endpoint: disconnecting deletes the tokens; the user removes
        # the app's access on their Spotify account page.
        revoke=None,
        profile_path="/v1/me",
        profile_id_field="id",
    )


# Read per call: settings differ per stage and per test.
REGISTRY = {"whoop": _whoop, "spotify": _spotify}
PROVIDER_NAMES = tuple(REGISTRY)


def get_provider(name: str) -> Provider | None:
    """The provider by name when it is known and configured, else None."""
    factory = REGISTRY.get(name)
    if factory is None:
        return None
    provider = factory()
    return provider if provider.configured else None
