"""WHOOP: sync over the fake's real HTTP (paged, idempotent, since the last sync), workouts and
journal values (the user's own win), webhooks (signature good, bad, stale, missing) and the
scheduled catch-up."""

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integrations.fakes.whoop import sign
from integrations.models import Connection
from integrations.tasks import sync_stale_connections
from integrations.whoop import whoop_sync
from tests.integrations_support import connect
from wellness.models import JournalEntry
from wellness.services import journal_update
from workouts.models import Workout

pytestmark = pytest.mark.django_db

WEBHOOK = "/api/v1/integrations/whoop/webhook"


@pytest.fixture
def connected(user_client, user, whoop_fake) -> Connection:
    connect(user_client)
    return Connection.objects.get(user=user)


def whoop_user(connection: Connection) -> int:
    return int(connection.provider_user_id)


def test_sync_pages_through_every_workout_once_and_again_changes_nothing(
    connected, user, whoop_fake
):
    start = timezone.now() - timedelta(days=20)
    for n in range(60):  # three pages of 25
        whoop_fake.add_workout(whoop_user(connected), start=start + timedelta(hours=7 * n))
    counts = whoop_sync(connection_id=connected.pk)
    assert counts["workout"] == 60
    workouts = Workout.objects.filter(user=user, source="whoop")
    assert workouts.count() == 60
    assert len(set(workouts.values_list("external_id", flat=True))) == 60

    whoop_sync(connection_id=connected.pk)
    assert Workout.objects.filter(user=user).count() == 60
    connected.refresh_from_db()
    assert connected.last_synced_at is not None
    assert set(connected.sync_cursor) == {"workout"}  # no sleep or recovery yet


def test_connecting_brings_in_the_last_weeks_at_once(user_client, user, whoop_fake):
    whoop_fake.sample_days = 3
    connect(user_client)
    assert Workout.objects.filter(user=user, source="whoop").count() == 3
    assert JournalEntry.objects.filter(user=user, recovery_score=67).count() == 3
    assert Connection.objects.get(user=user).last_synced_at is not None


def test_a_whoop_workout_becomes_a_finished_workout(connected, user, whoop_fake):
    start = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    record = whoop_fake.add_workout(
        whoop_user(connected), start=start, minutes=50, sport_name="Cycling", strain=13.7
    )
    Connection.objects.filter(pk=connected.pk).update(
        sync_cursor={"workout": (start + timedelta(days=1)).isoformat()}
    )
    whoop_sync(connection_id=connected.pk)
    workout = Workout.objects.get(user=user, external_id=record["id"])
    assert workout.status == "finished"
    assert workout.sport == "cycling"
    assert workout.source == "whoop"
    assert (workout.started_at, workout.finished_at) == (start, start + timedelta(minutes=50))
    assert workout.active_seconds == 3000
    assert workout.strain == Decimal("13.70")
    assert (workout.avg_heart_rate, workout.max_heart_rate) == (142, 178)
    assert workout.energy_kj == Decimal("1569.34")
    assert workout.distance_m == Decimal("8400.50")
    assert workout.elevation_gain_m == Decimal("46.20")


def test_a_later_sync_starts_near_where_the_last_ended(connected, user, whoop_fake):
    old = timezone.now() - timedelta(days=10)
    whoop_fake.add_workout(whoop_user(connected), start=old)
    whoop_sync(connection_id=connected.pk)
    # A workout far before the last sync's end (and its overlap) is not looked for again.
    whoop_fake.add_workout(whoop_user(connected), start=old - timedelta(days=5))
    whoop_fake.add_workout(whoop_user(connected), start=timezone.now() - timedelta(hours=1))
    counts = whoop_sync(connection_id=connected.pk)
    assert counts["workout"] == 2  # the newest and the overlap's re-read of the last one
    assert Workout.objects.filter(user=user).count() == 2


def test_recovery_and_sleep_fill_the_days_journal(connected, user, whoop_fake):
    wake = timezone.now().replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=1)
    whoop_fake.add_night(whoop_user(connected), wake=wake, recovery_score=74, hrv_rmssd_milli=58.25)
    whoop_sync(connection_id=connected.pk)
    entry = JournalEntry.objects.get(user=user)
    assert entry.recovery_score == 74
    assert entry.resting_heart_rate == 52
    assert entry.hrv_ms == Decimal("58.25")
    assert entry.sleep_performance == 91
    assert entry.sleep_hours == Decimal("8.0")
    assert entry.device_fields == {
        "recovery_score": "whoop",
        "resting_heart_rate": "whoop",
        "hrv_ms": "whoop",
        "sleep_performance": "whoop",
        "sleep_hours": "whoop",
    }


def test_the_users_own_sleep_hours_win_over_whoops(connected, user, whoop_fake):
    wake = timezone.now().replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=1)
    whoop_fake.add_night(whoop_user(connected), wake=wake)
    whoop_sync(connection_id=connected.pk)
    entry = JournalEntry.objects.get(user=user)
    journal_update(entry=entry, data={"sleep_hours": Decimal("6.5")})
    whoop_sync(connection_id=connected.pk)
    entry.refresh_from_db()
    assert entry.sleep_hours == Decimal("6.5")
    assert "sleep_hours" not in entry.device_fields
    assert entry.recovery_score == 67


def test_the_journal_api_shows_device_values_read_only(connected, user, user_client, whoop_fake):
    wake = timezone.now().replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=1)
    whoop_fake.add_night(whoop_user(connected), wake=wake)
    whoop_sync(connection_id=connected.pk)
    [item] = user_client.get("/api/v1/journal").json()["results"]
    assert item["recovery_score"] == 67
    entry = JournalEntry.objects.get(user=user)
    user_client.patch(f"/api/v1/journal/{entry.pk}", {"recovery_score": 5}, format="json")
    entry.refresh_from_db()
    assert entry.recovery_score == 67


def test_sync_with_a_revoked_grant_asks_to_reconnect(connected, whoop_fake):
    from integrations.services import ReconnectNeeded

    Connection.objects.filter(pk=connected.pk).update(expires_at=timezone.now())
    whoop_fake.force_invalid_grant = True
    with pytest.raises(ReconnectNeeded):
        whoop_sync(connection_id=connected.pk)
    connected.refresh_from_db()
    assert connected.status == "reconnect_needed"


# --- webhooks ------------------------------------------------------------------------------------
def post_webhook(api_client, body: bytes, headers: dict[str, str]):
    return api_client.generic(
        "POST",
        WEBHOOK,
        body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )


def test_a_signed_webhook_syncs_the_workout_it_names(api_client, connected, user, whoop_fake):
    record = whoop_fake.add_workout(whoop_user(connected), start=timezone.now())
    body, headers = whoop_fake.webhook(
        user_id=whoop_user(connected), event_type="workout.updated", record_id=record["id"]
    )
    answer = post_webhook(api_client, body, headers)
    assert answer.status_code == 204
    assert Workout.objects.filter(user=user, external_id=record["id"]).exists()


def test_a_deleted_workout_webhook_deletes_it(api_client, connected, user, whoop_fake):
    record = whoop_fake.add_workout(whoop_user(connected), start=timezone.now())
    whoop_sync(connection_id=connected.pk)
    body, headers = whoop_fake.webhook(
        user_id=whoop_user(connected), event_type="workout.deleted", record_id=record["id"]
    )
    assert post_webhook(api_client, body, headers).status_code == 204
    assert not Workout.objects.filter(user=user).exists()


def test_a_recovery_webhook_fills_the_journal(api_client, connected, user, whoop_fake):
    sleep, _ = whoop_fake.add_night(
        whoop_user(connected), wake=timezone.now() - timedelta(hours=2), recovery_score=33
    )
    body, headers = whoop_fake.webhook(
        user_id=whoop_user(connected), event_type="recovery.updated", record_id=sleep["id"]
    )
    assert post_webhook(api_client, body, headers).status_code == 204
    assert JournalEntry.objects.get(user=user).recovery_score == 33


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["bad", "stale", "future", "missing", "no timestamp", "body"])
def test_a_webhook_without_a_good_signature_is_401_and_syncs_nothing(
    api_client, user_client, user, whoop_fake, fault
):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    record = whoop_fake.add_workout(whoop_user(connection), start=timezone.now())
    now_ms = int(time.time() * 1000)
    stamp = {"stale": now_ms - 6 * 60 * 1000, "future": now_ms + 6 * 60 * 1000}.get(fault)
    body, headers = whoop_fake.webhook(
        user_id=whoop_user(connection),
        event_type="workout.updated",
        record_id=record["id"],
        timestamp_ms=stamp,
    )
    if fault == "bad":
        headers["X-WHOOP-Signature"] = sign(body, headers["X-WHOOP-Signature-Timestamp"], "nope")
    elif fault == "missing":
        del headers["X-WHOOP-Signature"]
    elif fault == "no timestamp":
        del headers["X-WHOOP-Signature-Timestamp"]
    elif fault == "body":
        body = body.replace(b'"workout.updated"', b'"workout.deleted"')
    answer = post_webhook(api_client, body, headers)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "invalid_signature"
    assert not Workout.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_signed_webhook_with_a_bad_body_is_400(api_client, whoop_fake):
    timestamp = str(int(time.time() * 1000))
    for body in (b"not json", json.dumps({"user_id": 1, "id": "../x", "type": "a"}).encode()):
        headers = {
            "X-WHOOP-Signature": sign(body, timestamp, whoop_fake.client_secret),
            "X-WHOOP-Signature-Timestamp": timestamp,
        }
        assert post_webhook(api_client, body, headers).status_code == 400


def test_a_webhook_for_someone_unknown_is_acknowledged(api_client, whoop_fake):
    body, headers = whoop_fake.webhook(
        user_id=999, event_type="workout.updated", record_id="ecfc6a15-4661-442f-a9a4-f160dd7afae8"
    )
    assert post_webhook(api_client, body, headers).status_code == 204


@pytest.mark.django_db(transaction=True)
def test_the_fake_sends_webhooks_over_http_that_the_app_accepts(
    live_server, client_for, user, whoop_fake
):
    connect(client_for(user))
    connection = Connection.objects.get(user=user)
    record = whoop_fake.add_workout(whoop_user(connection), start=timezone.now())
    status = whoop_fake.send_webhook(
        f"{live_server.url}{WEBHOOK}",
        user_id=whoop_user(connection),
        event_type="workout.updated",
        record_id=record["id"],
    )
    assert status == 204
    assert Workout.objects.filter(user=user, external_id=record["id"]).exists()


# --- schedule --------------------------------------------------------------------------------------
def test_the_scheduled_sync_catches_up_connections_not_synced_lately(
    connected, user, whoop_fake, client_for
):
    whoop_fake.add_workout(whoop_user(connected), start=timezone.now() - timedelta(days=1))
    # Connecting synced it a moment ago: not again until it is stale.
    assert sync_stale_connections({}, None) == {"synced": 0, "failed": 0}
    Connection.objects.filter(pk=connected.pk).update(last_synced_at=None)
    assert sync_stale_connections({}, None) == {"synced": 1, "failed": 0}
    assert Workout.objects.filter(user=user).count() == 1
    Connection.objects.filter(pk=connected.pk).update(
        last_synced_at=timezone.now() - timedelta(hours=2)
    )
    whoop_fake.force_invalid_grant = True
    Connection.objects.filter(pk=connected.pk).update(expires_at=timezone.now())
    assert sync_stale_connections({}, None) == {"synced": 0, "failed": 1}
    # Reconnect needed: no longer tried.
    assert sync_stale_connections({}, None) == {"synced": 0, "failed": 0}


@pytest.mark.parametrize(
    ("stamp", "signature"),
    [
        ("\u00b2", "abc"),  # a digit to str.isdigit, not to int()
        ("9" * 400, "abc"),  # a time past any calendar
        ("9" * 5000, "abc"),  # past int()'s digit limit
        ("now", "\u00e9"),  # not ASCII: compare_digest would raise
    ],
)
def test_a_webhook_with_odd_signature_headers_is_401_not_an_error(
    api_client, whoop_fake, stamp, signature
):
    stamp = str(int(time.time() * 1000)) if stamp == "now" else stamp
    headers = {"X-WHOOP-Signature": signature, "X-WHOOP-Signature-Timestamp": stamp}

    answer = post_webhook(api_client, b'{"type": "workout.updated"}', headers)

    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "invalid_signature"


@pytest.mark.django_db(transaction=True)
def test_one_broken_connection_does_not_stop_the_scheduled_sync_of_others(
    user_client, user, other_user, client_for, whoop_fake
):
    from django.db import connection as db

    connect(user_client)
    connect(client_for(other_user))
    broken, fine = Connection.objects.order_by("pk")
    Connection.objects.update(last_synced_at=None)
    with db.cursor() as cursor:  # e.g. a token under a key since removed from the settings
        cursor.execute(
            "UPDATE integrations_connection SET access_token = %s WHERE id = %s",
            ["gAAAAABbroken", broken.pk],
        )

    assert sync_stale_connections({}, None) == {"synced": 1, "failed": 1}
    assert Connection.objects.get(pk=fine.pk).last_synced_at is not None
    # The broken one went to the back of the queue: the next runs do not start with it.
    synced_at = Connection.objects.filter(pk=broken.pk).values_list("last_synced_at", flat=True)
    assert synced_at.get() is not None
