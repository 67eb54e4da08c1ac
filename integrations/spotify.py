"""Reading Spotify's Web API as a connected user: recently played tracks (a workout's
soundtrack) and the track playing now. Only endpoints open to new apps: no recommendations,
no audio features (Spotify closed them to apps registered from 27 November 2024)."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from integrations.providers import Provider

if TYPE_CHECKING:
    from authlib.integrations.requests_client import OAuth2Session

RECENTLY_PLAYED = "/v1/me/player/recently-played"
CURRENTLY_PLAYING = "/v1/me/player/currently-playing"
PAGE_SIZE = 50  # Spotify's maximum `limit`
# Spotify lists only the last 50 plays, so two full pages are already more than it keeps.
MAX_PAGES = 3


class SpotifyAnswerError(Exception):
    """Spotify answered with an error status or something not shaped as documented."""


class SpotifyUnauthorized(SpotifyAnswerError):
    """Spotify refused the access token (401): expired early, or the user removed the app."""


@dataclass(frozen=True)
class Track:
    track_id: str  # empty for a local file, which has no Spotify id
    uri: str
    name: str
    artists: list[str]
    album: str
    duration_ms: int


@dataclass(frozen=True)
class Play:
    played_at: datetime
    track: Track


@dataclass(frozen=True)
class NowPlaying:
    is_playing: bool
    progress_ms: int | None
    track: Track


def milliseconds(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _json(response: Any) -> dict[str, Any]:
    if response.status_code == 401:
        raise SpotifyUnauthorized("Spotify refused the access token")
    if response.status_code >= 400:
        raise SpotifyAnswerError(f"Spotify answered {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise SpotifyAnswerError("Spotify's answer is not JSON") from None
    if not isinstance(body, dict):
        raise SpotifyAnswerError("Spotify's answer is not a JSON object")
    return body


def _track(item: Any) -> Track | None:
    """A track object, or None for anything else (an episode, an ad, a malformed item)."""
    if not isinstance(item, dict) or item.get("type", "track") != "track":
        return None
    name, duration = item.get("name"), item.get("duration_ms")
    if not isinstance(name, str) or not isinstance(duration, int) or not 0 <= duration < 2**31:
        return None
    artists = [
        a["name"]
        for a in item.get("artists") or []
        if isinstance(a, dict) and isinstance(a.get("name"), str)
    ]
    album = item.get("album") if isinstance(item.get("album"), dict) else {}
    return Track(
        track_id=item.get("id") if isinstance(item.get("id"), str) else "",
        uri=item.get("uri") if isinstance(item.get("uri"), str) else "",
        name=name,
        artists=artists,
        album=album.get("name") if isinstance(album.get("name"), str) else "",
        duration_ms=duration,
    )


def _play(item: Any) -> Play | None:
    if not isinstance(item, dict) or not isinstance(item.get("played_at"), str):
        return None
    track = _track(item.get("track"))
    try:
        played_at = datetime.fromisoformat(item["played_at"])
    except ValueError:
        return None
    if track is None or played_at.tzinfo is None:
        return None
    return Play(played_at=played_at, track=track)


def recently_played(session: "OAuth2Session", provider: Provider, *, after: datetime) -> list[Play]:
    """The plays Spotify still lists that ended after `after`, oldest first. Pages forward
    with the `after` cursor while pages come back full."""
    cursor, plays = milliseconds(after), []
    for _ in range(MAX_PAGES):
        page = _json(
            session.get(
                f"{provider.api_url}{RECENTLY_PLAYED}",
                params={"limit": PAGE_SIZE, "after": cursor},
            )
        )
        items = page.get("items")
        if not isinstance(items, list):
            raise SpotifyAnswerError("Spotify's recently played has no items")
        plays += [play for play in map(_play, items) if play is not None]
        cursors = page.get("cursors") if isinstance(page.get("cursors"), dict) else {}
        try:
            following = int(cursors.get("after") or 0)
        except (TypeError, ValueError):
            break
        if len(items) < PAGE_SIZE or following <= cursor:
            break
        cursor = following
    return sorted(plays, key=lambda play: play.played_at)


def currently_playing(session: "OAuth2Session", provider: Provider) -> NowPlaying | None:
    """The track on the user's active device, or None: no active device (Spotify's 204),
    or something that is not a track (an episode, an ad)."""
    response = session.get(f"{provider.api_url}{CURRENTLY_PLAYING}")
    if response.status_code == 204:
        return None
    body = _json(response)
    track = _track(body.get("item"))
    if track is None:
        return None
    progress = body.get("progress_ms")
    return NowPlaying(
        is_playing=body.get("is_playing") is True,
        progress_ms=progress if isinstance(progress, int) else None,
        track=track,
    )
