"""A fake of Spotify (developer.spotify.com/documentation/web-api): the accounts service's
`/authorize` and `/api/token` (the client authenticated with HTTP Basic, PKCE S256; a refresh
brings a new refresh token or, with `rotate_refresh_tokens` off, none, and the old one stays
good) and the Web API's `GET /v1/me`, `GET /v1/me/player/recently-played` (`limit` 1-50,
`after` or `before` in Unix milliseconds, newest first, only the last 50 plays) and
`GET /v1/me/player/currently-playing` (204 without an active device). Spotify has no revoke
endpoint, and none of those it closed to new apps (recommendations, audio features) is here.

Each listener hears an endless, fixed rotation of made-up tracks played back to back, shifted
per user, so any time window has a known history and "now" a track under way. As on Spotify,
a play is listed once it has ended, and its `played_at` is that moment."""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from integrations.fakes.base import (
    FakeOAuthProvider,
    FakeRequest,
    FakeResponse,
    Grant,
    oauth_error,
)

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def spotify_id(*parts: str) -> str:
    """A stable 22-character base62 id, shaped like Spotify's."""
    number = int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:17], "big")
    digits = []
    for _ in range(22):
        number, digit = divmod(number, 62)
        digits.append(BASE62[digit])
    return "".join(digits)


# Made-up music: (name, artists, album, duration in ms).
TRACKS = (
    ("Tempo Run", ("Night Pacers",), "Splits", 201_000),
    ("Hill Repeats", ("The Cadence", "Mira Vale"), "Elevation", 187_500),
    ("Last Rep", ("Iron Choir",), "Plates", 242_300),
    ("Cooldown Lights", ("Soft Intervals",), "Recovery", 264_800),
    ("Second Wind", ("Night Pacers",), "Splits", 176_400),
    ("Negative Split", ("Lactate",), "Threshold", 223_900),
    ("Box Jumps", ("Mira Vale",), "Plyo", 158_200),
    ("Long Slow Distance", ("Soft Intervals", "Lactate"), "Base", 301_100),
)
CYCLE_MS = sum(track[3] for track in TRACKS)
ENDS = [sum(track[3] for track in TRACKS[: i + 1]) for i in range(len(TRACKS))]
HISTORY_SIZE = 50  # Spotify lists a user's last 50 plays.
MAX_LIMIT = 50


def iso(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Play:
    index: int  # in TRACKS
    ended_ms: int


@dataclass
class Listener:
    """One Spotify user: the rotation shifted by `offset_ms`. `device` is "playing", "paused"
    (a device is active, the track stopped) or "off" (no active device)."""

    offset_ms: int
    device: str = "playing"

    def last_play(self, at_ms: int) -> Play:
        """The last play that had ended by `at_ms`."""
        cycle, into = divmod(at_ms + self.offset_ms, CYCLE_MS)
        ended = [i for i, end in enumerate(ENDS) if end <= into]
        if ended:
            index = ended[-1]
        else:
            cycle, index = cycle - 1, len(TRACKS) - 1
        return Play(index, cycle * CYCLE_MS + ENDS[index] - self.offset_ms)

    def history(self, at_ms: int) -> list[Play]:
        """What Spotify lists at `at_ms`: the last 50 plays, newest first."""
        plays = [self.last_play(at_ms)]
        while len(plays) < HISTORY_SIZE:
            plays.append(self.last_play(plays[-1].ended_ms - 1))
        return plays

    def plays_between(self, start_ms: int, end_ms: int) -> list[Play]:
        """The plays that ended within [start_ms, end_ms], oldest first."""
        plays, play = [], self.last_play(end_ms)
        while play.ended_ms >= start_ms:
            plays.append(play)
            play = self.last_play(play.ended_ms - 1)
        return plays[::-1]

    def current(self, at_ms: int) -> tuple[Play, int]:
        """The play under way at `at_ms`, and how far into it (ms)."""
        last = self.last_play(at_ms)
        index = (last.index + 1) % len(TRACKS)
        return Play(index, last.ended_ms + TRACKS[index][3]), at_ms - last.ended_ms


class SpotifyFake(FakeOAuthProvider):
    authorize_path = "/authorize"
    grant_path = "/api/token"
    client_auth = "client_secret_basic"

    def __init__(self, *, base_url: str = "https://api.spotify.com", **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = base_url
        self.rotate_refresh_tokens = True
        self.listeners: dict[int, Listener] = {}
        self.api("GET", "/v1/me", self.me)
        self.api("GET", "/v1/me/player/recently-played", self.recently_played)
        self.api("GET", "/v1/me/player/currently-playing", self.currently_playing)

    def listener(self, user_id: int) -> Listener:
        with self.lock:
            return self.listeners.setdefault(
                user_id, Listener(offset_ms=(user_id * 611_953) % CYCLE_MS)
            )

    def on_new_user(self, user_id: int) -> None:
        self.listener(user_id)

    # --- Accounts: a refresh may or may not rotate the refresh token ------------------------
    def token(self, request: FakeRequest) -> FakeResponse:
        form = request.form
        if self.rotate_refresh_tokens or form.get("grant_type") != "refresh_token":
            return super().token(request)
        if not self.client_authenticated(request):
            return oauth_error("invalid_client", "client authentication failed", 401)
        with self.lock:
            grant = self.refresh_tokens.get(form.get("refresh_token", ""))
            if grant is None or self.force_invalid_grant:
                return oauth_error("invalid_grant", "Invalid refresh token")
            self.refresh_grants += 1
            answer = self.issue(grant)
            # No new refresh token is handed out: the one sent stays the one to use.
            del self.refresh_tokens[answer.body.pop("refresh_token")]
        return answer

    # --- Web API ---------------------------------------------------------------------------
    @staticmethod
    def error(status: int, message: str) -> FakeResponse:
        return FakeResponse(status, {"error": {"status": status, "message": message}})

    def link(self, kind: str, item_id: str) -> dict[str, Any]:
        return {
            "id": item_id,
            "type": kind,
            "uri": f"spotify:{kind}:{item_id}",
            "href": f"{self.base_url}/v1/{kind}s/{item_id}",
            "external_urls": {"spotify": f"https://open.spotify.com/{kind}/{item_id}"},
        }

    def track(self, index: int) -> dict[str, Any]:
        """A track object as the Web API gives it to new apps (no popularity, no markets)."""
        name, artists, album, duration_ms = TRACKS[index]
        artist_objects = [
            self.link("artist", spotify_id("artist", a)) | {"name": a} for a in artists
        ]
        return self.link("track", spotify_id("track", name)) | {
            "name": name,
            "artists": artist_objects,
            "album": self.link("album", spotify_id("album", album))
            | {
                "name": album,
                "album_type": "album",
                "total_tracks": 10,
                "release_date": "2024-05-17",
                "release_date_precision": "day",
                "images": [],
                "artists": artist_objects[:1],
            },
            "duration_ms": duration_ms,
            "explicit": False,
            "disc_number": 1,
            "track_number": 1 + index % 10,
            "is_local": False,
        }

    def context(self, user_id: int) -> dict[str, Any]:
        playlist = self.link("playlist", spotify_id("playlist", str(user_id)))
        return {key: playlist[key] for key in ("type", "uri", "href", "external_urls")}

    def me(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        user = self.link("user", str(grant.user_id))
        return FakeResponse(200, user | {"display_name": f"Listener {grant.user_id}"})

    def recently_played(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        query = request.query
        try:
            limit = int(query.get("limit", "20"))
            after = int(query["after"]) if "after" in query else None
            before = int(query["before"]) if "before" in query else None
        except ValueError:
            return self.error(400, "Invalid limit, after or before")
        if not 1 <= limit <= MAX_LIMIT:
            return self.error(400, "Invalid limit")
        if after is not None and before is not None:
            return self.error(400, "Only one of after and before may be given")
        history = self.listener(grant.user_id).history(now_ms())  # newest first
        if after is not None:
            # The plays just after the cursor: page forward with `after` = cursors.after.
            plays = [p for p in history if p.ended_ms > after][-limit:]
        else:
            plays = [p for p in history if before is None or p.ended_ms < before][:limit]
        older = bool(plays) and history[-1].ended_ms < plays[-1].ended_ms
        page = {
            "href": self.page_url(query),
            "limit": limit,
            "items": [
                {
                    "track": self.track(p.index),
                    "played_at": iso(p.ended_ms),
                    "context": self.context(grant.user_id),
                }
                for p in plays
            ],
            "cursors": {"after": str(plays[0].ended_ms), "before": str(plays[-1].ended_ms)}
            if plays
            else None,
            "next": self.page_url({"before": str(plays[-1].ended_ms), "limit": str(limit)})
            if older
            else None,
        }
        return FakeResponse(200, page)

    def page_url(self, query: dict[str, str]) -> str:
        return f"{self.base_url}/v1/me/player/recently-played?{urlencode(query)}"

    def currently_playing(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        listener = self.listener(grant.user_id)
        if listener.device == "off":
            return FakeResponse(204)
        at = now_ms()
        play, progress = listener.current(at)
        return FakeResponse(
            200,
            {
                "timestamp": at,
                "context": self.context(grant.user_id),
                "progress_ms": progress,
                "item": self.track(play.index),
                "currently_playing_type": "track",
                "actions": {"disallows": {"resuming": listener.device == "playing"}},
                "is_playing": listener.device == "playing",
            },
        )
