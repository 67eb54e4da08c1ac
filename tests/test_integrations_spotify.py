"""Spotify against its local fake over real HTTP: connect → callback; a workout's soundtrack,
read after the finish (only what played during it, idempotent, private); what plays now; the
token refreshed (with and without rotation) during a read; `invalid_grant` → reconnect."""

import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from django.db import connection as database
from django.utils import timezone
from zappa import asynchronous

from fitspace.lambda_handler import check_event
from inbox.models import Notification
from integrations import spotify
from integrations.fakes.base import serve
from integrations.fakes.spotify import TRACKS, Listener, SpotifyFake
from integrations.models import Connection, Soundtrack, SoundtrackTrack
from integrations.providers import get_provider
from integrations.services import provider_session, soundtrack_fetch
from tests.conftest import record_text
from tests.factories import WorkoutFactory
from tests.integrations_support import connect, query_of
from workouts.models import Workout
from workouts.signals import workout_finished

pytestmark = pytest.mark.django_db
ROUTE = "zappa.asynchronous.route_lambda_task"

CLIENT_ID = "fitspace-test"
CLIENT_SECRET = "spotify-test-client-secret"  # a fake provider's, not a real secret


@pytest.fixture
def spotify_fake(settings) -> Iterator[SpotifyFake]:
    """A Spotify fake (accounts service and Web API) on a free port of 127.0.0.1, with the
    settings pointed at it."""
    fake = SpotifyFake(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    with serve(fake) as base:
        settings.SPOTIFY_CLIENT_ID = CLIENT_ID
        settings.SPOTIFY_CLIENT_SECRET = CLIENT_SECRET
        settings.SPOTIFY_AUTHORIZE_URL = f"{base}/authorize"
        settings.SPOTIFY_TOKEN_URL = f"{base}/api/token"
        settings.SPOTIFY_API_URL = base
        fake.base_url = base
        yield fake


@pytest.fixture
def connected(user_client, user, spotify_fake) -> Connection:
    assert connect(user_client, "spotify") == (
        "fitspace://integrations?provider=spotify&result=connected"
    )
    return Connection.objects.get(user=user, provider="spotify")


@pytest.fixture
def finish(user_client, django_capture_on_commit_callbacks):
    """Start a workout, move its start `minutes` back, finish it through the API; what the
    finish schedules after its commit (the soundtrack read) runs, inline as locally."""

    def run(user, minutes: int = 40, client=None) -> Workout:
        client = client or user_client
        workout = WorkoutFactory(user=user)
        assert client.post(f"/api/v1/workouts/{workout.pk}/start").status_code == 200
        began = timezone.now() - timedelta(minutes=minutes)
        Workout.objects.filter(pk=workout.pk).update(started_at=began, resumed_at=began)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/api/v1/workouts/{workout.pk}/finish").status_code == 200
        workout.refresh_from_db()
        return workout

    return run


def listener(fake: SpotifyFake, connection: Connection) -> Listener:
    return fake.listener(int(connection.provider_user_id))


def moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def expire(connection: Connection) -> None:
    """The access token is about to expire: the next call refreshes it first."""
    Connection.objects.filter(pk=connection.pk).update(
        expires_at=timezone.now() + timedelta(seconds=30)
    )


# --- Connecting --------------------------------------------------------------------------------


def test_connect_asks_for_recently_played_and_currently_playing_with_pkce(
    user_client, spotify_fake
):
    answer = user_client.post("/api/v1/integrations/spotify/connect")
    assert answer.status_code == 201
    url = answer.json()["authorize_url"]
    assert url.startswith(f"{spotify_fake.base_url}/authorize?")
    query = query_of(url)
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"]
    assert set(query["scope"].split()) == {
        "user-read-recently-played",
        "user-read-currently-playing",
    }
    assert query["redirect_uri"] == "http://testserver/api/v1/integrations/spotify/callback"


def test_the_whole_flow_connects_spotify(user_client, user, connected, spotify_fake):
    # The fake's token endpoint takes the client only in HTTP Basic, as Spotify's does.
    assert connected.status == "active"
    assert connected.provider_user_id == str(spotify_fake.first_user_id + 1)
    assert connected.access_token
    assert connected.refresh_token
    [listed] = user_client.get("/api/v1/integrations").json()
    assert listed["provider"] == "spotify"
    assert listed["status"] == "active"
    assert connected.access_token not in str(listed)


def test_disconnecting_spotify_deletes_the_tokens_and_keeps_soundtracks(
    user_client, user, connected, finish
):
    workout = finish(user)
    kept = SoundtrackTrack.objects.filter(workout=workout).count()
    assert kept > 0
    answer = user_client.delete("/api/v1/integrations/spotify")
    assert answer.status_code == 204
    assert not Connection.objects.filter(user=user).exists()
    # Spotify has no revoke endpoint; the soundtrack stays with the workout.
    assert SoundtrackTrack.objects.filter(workout=workout).count() == kept
    assert user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()["status"] == (
        "fetched"
    )


# --- The soundtrack ----------------------------------------------------------------------------


def test_the_soundtrack_is_the_tracks_that_ended_during_the_workout(
    user_client, user, connected, spotify_fake, finish
):
    workout = finish(user, minutes=40)
    answer = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "fetched"
    assert body["failure"] == ""
    history = listener(spotify_fake, connected).history(int(timezone.now().timestamp() * 1000))
    during = [
        p
        for p in reversed(history)
        if workout.started_at <= moment(p.ended_ms) <= workout.finished_at
    ]
    # Spotify listed plays from before the start too: those are left out.
    assert any(moment(p.ended_ms) < workout.started_at for p in history)
    assert 40 * 60_000 // max(t[3] for t in TRACKS) <= len(during)
    assert [datetime.fromisoformat(t["played_at"]) for t in body["tracks"]] == [
        moment(p.ended_ms) for p in during
    ]
    for track, play in zip(body["tracks"], during, strict=True):
        name, artists, album, duration_ms = TRACKS[play.index]
        assert (track["name"], track["artists"], track["album"]) == (name, list(artists), album)
        assert track["duration_ms"] == duration_ms
        assert len(track["track_id"]) == 22
        assert track["uri"] == f"spotify:track:{track['track_id']}"


def test_reading_the_soundtrack_again_adds_nothing(user, connected, finish):
    workout = finish(user)
    first = list(SoundtrackTrack.objects.filter(workout=workout).values_list("pk", "played_at"))
    assert soundtrack_fetch(workout_id=workout.pk) is not None
    soundtrack_fetch(workout_id=workout.pk)
    assert list(SoundtrackTrack.objects.filter(workout=workout).values_list("pk", "played_at")) == (
        first
    )
    assert Soundtrack.objects.filter(workout=workout).count() == 1


@pytest.mark.parametrize("whose", ["theirs", "nobody's", "out of range"])
def test_someone_elses_workout_has_no_soundtrack_for_me(
    client_for, user, other_user, connected, finish, whose
):
    workout = finish(user)
    pk = {"theirs": workout.pk, "nobody's": 999999999, "out of range": 10**18 - 1}[whose]
    # (An error answer marks the test's transaction for rollback, as DRF does a request's:
    # each test makes one, last.)
    answer = client_for(other_user).get(f"/api/v1/workouts/{pk}/soundtrack")
    assert answer.status_code == 404
    assert "tracks" not in answer.json()


def test_the_soundtrack_needs_a_signed_in_caller(api_client, user):
    workout = WorkoutFactory(user=user)
    assert api_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").status_code == 401


def test_a_workout_not_finished_has_no_soundtrack_yet(user_client, user, connected):
    workout = WorkoutFactory(user=user)
    user_client.post(f"/api/v1/workouts/{workout.pk}/start")
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body == {"status": "not_finished", "failure": "", "fetched_at": None, "tracks": []}


def test_without_spotify_a_finished_workout_says_not_connected(
    user_client, user, spotify_fake, finish
):
    workout = finish(user)
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "not_connected"
    assert body["tracks"] == []
    assert not Soundtrack.objects.exists()


def test_a_workout_finished_before_connecting_says_not_connected(
    user_client, user, spotify_fake, finish
):
    workout = finish(user)
    connect(user_client, "spotify")
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "not_connected"


def test_spotify_failing_leaves_the_soundtrack_failed_and_the_finish_done(
    user_client, user, connected, spotify_fake, finish, settings
):
    settings.SPOTIFY_API_URL = f"{spotify_fake.base_url}/gone"  # every API call is a 404
    workout = finish(user)
    assert workout.status == "finished"
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "failed"
    assert body["failure"] == "provider_unavailable"
    assert body["tracks"] == []
    # Spotify back: reading again (the API's retry) fills it.
    settings.SPOTIFY_API_URL = spotify_fake.base_url
    answer = user_client.post(f"/api/v1/workouts/{workout.pk}/soundtrack")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "fetched"
    assert body["failure"] == ""
    assert body["tracks"]


def test_reading_again_while_spotify_fails_is_502_and_notes_it(
    user_client, user, connected, spotify_fake, finish, settings
):
    workout = finish(user)
    settings.SPOTIFY_API_URL = f"{spotify_fake.base_url}/gone"
    answer = user_client.post(f"/api/v1/workouts/{workout.pk}/soundtrack")
    assert answer.status_code == 502
    assert answer.json()["errors"][0]["code"] == "provider_unavailable"


def test_reading_again_a_live_workout_is_409_not_finished(user_client, user, connected):
    workout = WorkoutFactory(user=user)
    user_client.post(f"/api/v1/workouts/{workout.pk}/start")
    answer = user_client.post(f"/api/v1/workouts/{workout.pk}/soundtrack")
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["code"] == "not_finished"


def test_reading_again_someone_elses_workout_is_404(
    client_for, user, other_user, connected, finish
):
    workout = finish(user)
    tracks = SoundtrackTrack.objects.filter(workout=workout).count()
    assert client_for(other_user).post(f"/api/v1/workouts/{workout.pk}/soundtrack").status_code == (
        404
    )
    assert tracks > 0


def test_a_workout_finished_while_spotify_needed_renewing_is_read_after_reconnecting(
    user_client, user, connected, spotify_fake, finish
):
    Connection.objects.filter(pk=connected.pk).update(status="reconnect_needed")
    workout = finish(user)
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "reconnect_needed"
    connect(user_client, "spotify")
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "failed"
    assert body["failure"] == "reconnect_needed"
    body = user_client.post(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "fetched"
    assert body["tracks"]


def test_on_lambda_the_finish_hands_the_read_to_another_invocation(
    user, connected, spotify_fake, finish, monkeypatch
):
    sent = []

    class Invoker:  # stands in for Zappa's asynchronous Lambda invoke
        def __init__(self, **kwargs):
            pass

        def send(self, task_path, args, kwargs):
            message = {"task_path": task_path, "args": args, "kwargs": kwargs}
            sent.append(json.loads(json.dumps(message | {"command": ROUTE})))
            return self

    monkeypatch.setitem(asynchronous.ASYNC_CLASSES, "lambda", Invoker)
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "fitspace-dev")
    workout = finish(user)
    assert not SoundtrackTrack.objects.filter(workout=workout).exists()  # not read inline
    [message] = sent
    assert message["task_path"] == "integrations.tasks.fetch_soundtrack"
    assert message["args"] == [workout.pk]
    # The other invocation: the entry point lets the event through, Zappa routes it.
    assert check_event(message) is False
    asynchronous.route_lambda_task(message, None)
    assert SoundtrackTrack.objects.filter(workout=workout).exists()


def test_a_workout_that_finished_long_before_it_arrived_is_not_looked_up(
    user_client, user, connected, spotify_fake, django_capture_on_commit_callbacks
):
    # As a WHOOP sync brings in last week's workouts: Spotify no longer lists their plays.
    finished = timezone.now() - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        workout = WorkoutFactory(
            user=user,
            status="finished",
            started_at=finished - timedelta(hours=1),
            finished_at=finished,
        )
        workout_finished.send(sender=Workout, workout=workout)
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "failed"
    assert body["failure"] == "too_late"
    assert spotify_fake.refresh_grants == 0


def test_recently_played_is_paged_forward_with_the_after_cursor(
    user, connected, spotify_fake, monkeypatch
):
    monkeypatch.setattr(spotify, "PAGE_SIZE", 4)
    monkeypatch.setattr(spotify, "MAX_PAGES", 20)
    provider = get_provider("spotify")
    session = provider_session(connection=connected, provider=provider)
    since = timezone.now() - timedelta(minutes=60)
    plays = spotify.recently_played(session, provider, after=since)
    now = int(timezone.now().timestamp() * 1000)
    expected = listener(spotify_fake, connected).plays_between(
        int(since.timestamp() * 1000) + 1, now
    )
    assert len(expected) > 8  # more than two pages
    assert [p.played_at for p in plays] == [moment(p.ended_ms) for p in expected]


GOOD_TRACK = {"type": "track", "id": "x" * 22, "uri": "spotify:track:x", "name": "Song"}


@pytest.mark.parametrize(
    "item",
    [
        None,
        "a string",
        {"played_at": "2026-12-03T08:00:00Z"},
        {"played_at": "2026-12-03T08:00:00Z", "track": {"type": "episode", "name": "Talk"}},
        {"played_at": "2026-12-03T08:00:00Z", "track": GOOD_TRACK | {"duration_ms": -1}},
        {"played_at": "2026-12-03T08:00:00Z", "track": GOOD_TRACK | {"duration_ms": 2**40}},
        {"played_at": "2026-12-03T08:00:00Z", "track": GOOD_TRACK | {"duration_ms": "200"}},
        {"played_at": "yesterday", "track": GOOD_TRACK | {"duration_ms": 1}},
        {"played_at": "2026-12-03T08:00:00", "track": GOOD_TRACK | {"duration_ms": 1}},
        {"played_at": 1764748800000, "track": GOOD_TRACK | {"duration_ms": 1}},
    ],
)
def test_items_not_shaped_as_spotify_documents_are_skipped(item):
    assert spotify._play(item) is None


def test_a_local_file_keeps_its_name_without_an_id():
    item = {
        "played_at": "2026-12-03T08:00:00.123Z",
        "track": {
            "type": "track",
            "id": None,
            "uri": "spotify:local:Band:Album:Song:200",
            "name": "Song",
            "artists": [{"name": "Band"}, "junk", {"name": 5}],
            "album": None,
            "duration_ms": 200_000,
            "is_local": True,
        },
    }
    play = spotify._play(item)
    assert play.played_at == datetime(2026, 12, 3, 8, 0, 0, 123000, tzinfo=UTC)
    assert (play.track.track_id, play.track.name, play.track.artists, play.track.album) == (
        "",
        "Song",
        ["Band"],
        "",
    )


def test_the_fake_refuses_what_spotify_refuses(connected, spotify_fake):
    headers = {"Authorization": f"Bearer {connected.access_token}"}
    url = f"{spotify_fake.base_url}/v1/me/player/recently-played"
    for params in ({"limit": 51}, {"limit": 0}, {"after": 1, "before": 2}, {"after": "x"}):
        answer = requests.get(url, params=params, headers=headers, timeout=10)
        assert answer.status_code == 400
        assert answer.json()["error"]["status"] == 400
    assert requests.get(url, timeout=10).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_two_reads_of_one_soundtrack_at_once_keep_each_track_once(user, connected):
    if database.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL")
    now = timezone.now()
    workout = WorkoutFactory(
        user=user, status="finished", started_at=now - timedelta(minutes=40), finished_at=now
    )
    barrier, errors = threading.Barrier(2), []

    def read():
        try:
            barrier.wait(timeout=30)
            soundtrack_fetch(workout_id=workout.pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    played = list(
        SoundtrackTrack.objects.filter(workout=workout).values_list("played_at", flat=True)
    )
    assert played
    assert len(played) == len(set(played))
    assert Soundtrack.objects.filter(workout=workout).count() == 1


# --- Now playing -------------------------------------------------------------------------------


def test_now_playing_answers_the_track_under_way(user_client, connected, spotify_fake):
    before = int(timezone.now().timestamp() * 1000)
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    after = int(timezone.now().timestamp() * 1000)
    assert answer.status_code == 200
    body = answer.json()
    candidates = {
        TRACKS[listener(spotify_fake, connected).current(at)[0].index][0] for at in (before, after)
    }
    assert body["track"]["name"] in candidates
    assert body["is_playing"] is True
    assert 0 <= body["progress_ms"] <= body["track"]["duration_ms"]
    assert set(body["track"]) == {"track_id", "uri", "name", "artists", "album", "duration_ms"}


def test_now_playing_while_paused_says_so(user_client, connected, spotify_fake):
    listener(spotify_fake, connected).device = "paused"
    body = user_client.get("/api/v1/integrations/spotify/now-playing").json()
    assert body["is_playing"] is False
    assert body["track"]["name"]


def test_now_playing_with_no_active_device_is_204(user_client, connected, spotify_fake):
    listener(spotify_fake, connected).device = "off"
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    assert answer.status_code == 204
    assert answer.content == b""


def test_now_playing_without_spotify_is_409_not_connected(user_client, spotify_fake):
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["code"] == "not_connected"


def test_now_playing_when_spotify_fails_is_502(user_client, connected, spotify_fake, settings):
    settings.SPOTIFY_API_URL = f"{spotify_fake.base_url}/gone"
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    assert answer.status_code == 502
    assert answer.json()["errors"][0]["code"] == "provider_unavailable"
    assert connected.access_token not in answer.content.decode()


def test_now_playing_on_a_stage_without_spotify_is_404(user_client, settings):
    settings.SPOTIFY_CLIENT_ID = ""
    assert user_client.get("/api/v1/integrations/spotify/now-playing").status_code == 404


# --- Tokens ------------------------------------------------------------------------------------


def test_a_token_due_is_refreshed_during_the_read_and_the_rotated_one_kept(
    user_client, user, connected, spotify_fake, finish
):
    expire(connected)
    spotify_fake.expire_access_tokens()
    workout = finish(user)
    assert user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()["tracks"]
    after = Connection.objects.get(pk=connected.pk)
    assert spotify_fake.refresh_grants == 1
    assert after.refresh_token != connected.refresh_token
    assert connected.refresh_token in spotify_fake.spent_refresh_tokens
    assert after.expires_at > timezone.now() + timedelta(minutes=30)


def test_a_refresh_without_a_new_refresh_token_keeps_the_old_one(
    user_client, connected, spotify_fake
):
    spotify_fake.rotate_refresh_tokens = False
    for refreshes in (1, 2):
        expire(connected)
        spotify_fake.expire_access_tokens()
        assert user_client.get("/api/v1/integrations/spotify/now-playing").status_code == 200
        after = Connection.objects.get(pk=connected.pk)
        assert after.refresh_token == connected.refresh_token
        assert after.access_token != connected.access_token
        assert spotify_fake.refresh_grants == refreshes


def test_invalid_grant_during_the_read_asks_the_user_to_reconnect(
    user_client, user, connected, spotify_fake, finish
):
    expire(connected)
    spotify_fake.force_invalid_grant = True
    workout = finish(user)
    connection = Connection.objects.get(pk=connected.pk)
    assert connection.status == "reconnect_needed"
    assert connection.access_token == connection.refresh_token == ""
    [message] = Notification.objects.filter(user=user, kind="integration_reconnect")
    assert message.data == {"provider": "spotify"}
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "reconnect_needed"
    assert body["tracks"] == []
    # Connecting again renews it; the next workout's soundtrack is read.
    spotify_fake.force_invalid_grant = False
    connect(user_client, "spotify")
    assert (
        user_client.get(f"/api/v1/workouts/{finish(user).pk}/soundtrack").json()["status"]
        == "fetched"
    )


def test_a_token_spotify_refuses_early_is_refreshed_and_the_read_tried_again(
    user_client, connected, spotify_fake
):
    spotify_fake.access_tokens.clear()  # e.g. the fake restarted with `make run`
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    assert answer.status_code == 200
    assert spotify_fake.refresh_grants == 1
    assert Connection.objects.get(pk=connected.pk).access_token != connected.access_token


def test_a_grant_spotify_forgot_asks_the_user_to_reconnect(
    user_client, user, connected, spotify_fake, finish
):
    spotify_fake.revoke_user(int(connected.provider_user_id))  # the user removed the app
    workout = finish(user)
    assert Connection.objects.get(pk=connected.pk).status == "reconnect_needed"
    assert Notification.objects.filter(user=user, kind="integration_reconnect").count() == 1
    body = user_client.get(f"/api/v1/workouts/{workout.pk}/soundtrack").json()
    assert body["status"] == "reconnect_needed"


def test_now_playing_when_spotify_refuses_the_grant_is_409_reconnect_needed(
    user_client, user, connected, spotify_fake
):
    expire(connected)
    spotify_fake.force_invalid_grant = True
    answer = user_client.get("/api/v1/integrations/spotify/now-playing")
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["code"] == "reconnect_needed"
    # (The error answer marks the test's transaction for rollback, as DRF does a request's:
    # what the refresh wrote is checked in the test of the soundtrack read above.)


def test_make_run_serves_the_spotify_fake_under_local_fakes(api_client, settings):
    settings.INTEGRATIONS_LOCAL_FAKES = True
    answer = api_client.get(
        "/local-fakes/spotify/authorize",
        {
            "client_id": settings.SPOTIFY_CLIENT_ID,
            "response_type": "code",
            "redirect_uri": "http://127.0.0.1:8000/api/v1/integrations/spotify/callback",
            "state": "s",
        },
    )
    assert answer.status_code == 302
    assert query_of(answer["Location"])["code"]
    assert api_client.get("/local-fakes/spotify/v1/me").status_code == 401


def test_no_spotify_token_reaches_the_logs(
    user_client, user, connected, spotify_fake, finish, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    expire(connected)
    spotify_fake.expire_access_tokens()
    finish(user)  # refresh with rotation, then the read
    user_client.get("/api/v1/integrations/spotify/now-playing")
    settings.SPOTIFY_API_URL = f"{spotify_fake.base_url}/gone"
    finish(user)  # a failed read, logged
    expire(connected)
    spotify_fake.force_invalid_grant = True
    finish(user)  # invalid_grant, logged
    issued = {*spotify_fake.access_tokens, *spotify_fake.spent_refresh_tokens}
    issued |= {connected.access_token, connected.refresh_token}
    logged = "\n".join(record_text(r) for r in caplog.records)
    assert "not fetched: provider_unavailable" in logged
    assert not [token for token in issued if token and token in logged]


# --- Only what Spotify still offers new apps ---------------------------------------------------


def test_no_endpoint_spotify_closed_to_new_apps_is_called():
    code = "\n".join(
        path.read_text()
        for path in Path(__file__).resolve().parent.parent.joinpath("integrations").rglob("*.py")
    )
    for closed in ("/recommendations", "/audio-features", "/audio-analysis", "related-artists"):
        assert closed not in code
