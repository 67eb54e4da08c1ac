"""WHOOP (API v2): sync the collections since the last sync, one record on a webhook, and
verify webhook signatures. Workouts become finished FitSpace workouts (source "whoop", the
WHOOP id as external_id, so a sync is idempotent); sleep and recovery fill the day's journal
entry, where the user's own values win (wellness.services.journal_record_device_values)."""

import base64
import hashlib
import hmac
import logging
import time
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from integrations.models import Connection
from integrations.providers import Provider, get_provider
from integrations.services import IntegrationError, provider_session
from wellness.services import journal_record_device_values
from workouts import signals
from workouts.models import Workout, WorkoutSport

logger = logging.getLogger(__name__)

PAGE_LIMIT = 25  # WHOOP's largest page
# Records are re-scored after the fact: each sync looks this far behind where the last ended.
OVERLAP = timedelta(days=2)
# A first sync reaches this far back.
FIRST_SYNC = timedelta(days=30)
# Pages per collection per sync (25 records each): a bound on one Lambda invocation's work.
MAX_PAGES = 40
COLLECTIONS = {
    "workout": "/v2/activity/workout",
    "sleep": "/v2/activity/sleep",
    "recovery": "/v2/recovery",
}
# The sort of key each collection's `start`/`end` filter and cursor use.
CURSOR_KEY = {"workout": "start", "sleep": "start", "recovery": "created_at"}
SPORTS = {
    "running": WorkoutSport.RUNNING,
    "track & field": WorkoutSport.RUNNING,
    "cycling": WorkoutSport.CYCLING,
    "mountain biking": WorkoutSport.CYCLING,
    "spin": WorkoutSport.CYCLING,
    "swimming": WorkoutSport.SWIMMING,
    "walking": WorkoutSport.WALKING,
    "hiking/rucking": WorkoutSport.HIKING,
    "hiking": WorkoutSport.HIKING,
    "rowing": WorkoutSport.ROWING,
    "weightlifting": WorkoutSport.STRENGTH,
    "powerlifting": WorkoutSport.STRENGTH,
    "strength trainer": WorkoutSport.STRENGTH,
    "functional fitness": WorkoutSport.HIIT,
    "hiit": WorkoutSport.HIIT,
    "yoga": WorkoutSport.YOGA,
}
WEBHOOK_MAX_AGE_SECONDS = 300


# --- webhooks --------------------------------------------------------------------------------
def signature_valid(*, body: bytes, timestamp: str, signature: str, secret: str) -> bool:
    """WHOOP's signature: base64(HMAC-SHA256(client secret, timestamp + raw body)), compared
    in constant time; the timestamp (milliseconds since the epoch) must be recent."""
    if not (body and timestamp and signature and secret):
        return False
    # ASCII digits of a plausible length only: `isdigit` alone takes "²", and int() of
    # thousands of digits raises; a non-ASCII signature would make compare_digest raise.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 16):
        return False
    if not signature.isascii():
        return False
    if abs(time.time() - int(timestamp) / 1000) > WEBHOOK_MAX_AGE_SECONDS:
        return False
    expected = base64.b64encode(
        hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    ).decode()
    return hmac.compare_digest(expected, signature)


# --- mapping ---------------------------------------------------------------------------------
def _when(value: Any) -> datetime | None:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return moment if moment and moment.tzinfo else None


def _decimal(value: Any, places: int, *, low: Decimal, high: Decimal) -> Decimal | None:
    """A number from WHOOP within the column's bounds, else None (never a failed write)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return None
    return number if low <= number <= high else None


def _whole(value: Any, *, low: int, high: int) -> int | None:
    number = _decimal(value, 0, low=Decimal(low), high=Decimal(high))
    return int(number) if number is not None else None


def _whoop_time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as WHOOP writes times."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _local_date(moment: datetime, user_timezone: str) -> date:
    try:
        zone = zoneinfo.ZoneInfo(user_timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return moment.astimezone(zone).date()


@transaction.atomic
def whoop_workout_upsert(*, connection: Connection, record: dict[str, Any]) -> Workout | None:
    """One WHOOP workout as a finished FitSpace workout, created or updated by WHOOP id."""
    start, end = _when(record.get("start")), _when(record.get("end"))
    whoop_id = str(record.get("id") or "")
    if not whoop_id or start is None or end is None or end < start:
        return None
    score = record.get("score") if record.get("score_state") == "SCORED" else None
    score = score if isinstance(score, dict) else {}
    sport_name = str(record.get("sport_name") or "activity")[:100]
    avg_hr = _whole(score.get("average_heart_rate"), low=20, high=250)
    max_hr = _whole(score.get("max_heart_rate"), low=20, high=250)
    if avg_hr is not None and max_hr is not None and max_hr < avg_hr:
        max_hr = None
    values = {
        "name": f"WHOOP: {sport_name}"[:200],
        "sport": SPORTS.get(sport_name.lower(), WorkoutSport.OTHER),
        "status": Workout.Status.FINISHED,
        "started_at": start,
        "finished_at": end,
        "active_seconds": int((end - start).total_seconds()),
        "strain": _decimal(score.get("strain"), 2, low=Decimal(0), high=Decimal(21)),
        "avg_heart_rate": avg_hr,
        "max_heart_rate": max_hr,
        "energy_kj": _decimal(score.get("kilojoule"), 2, low=Decimal(0), high=Decimal(100_000)),
        "distance_m": _decimal(
            score.get("distance_meter"), 2, low=Decimal(0), high=Decimal(1_000_000)
        ),
        "elevation_gain_m": _decimal(
            score.get("altitude_gain_meter"), 2, low=Decimal(0), high=Decimal(100_000)
        ),
    }
    workout, created = Workout.objects.update_or_create(
        user=connection.user,
        source=Workout.Source.WHOOP,
        external_id=whoop_id,
        defaults=values,
    )
    if created:
        transaction.on_commit(
            lambda: signals.workout_finished.send(sender=Workout, workout=workout)
        )
    return workout


def whoop_workout_delete(*, connection: Connection, whoop_id: str) -> int:
    deleted, _ = Workout.objects.filter(
        user=connection.user, source=Workout.Source.WHOOP, external_id=whoop_id
    ).delete()
    return deleted


def whoop_sleep_record(*, connection: Connection, record: dict[str, Any]) -> None:
    """A night's sleep (naps are skipped): hours asleep and sleep performance, on the day the
    user woke up in their own time zone."""
    end = _when(record.get("end"))
    if end is None or record.get("nap") or record.get("score_state") != "SCORED":
        return
    score = record.get("score") if isinstance(record.get("score"), dict) else {}
    stages = score.get("stage_summary") if isinstance(score.get("stage_summary"), dict) else {}
    in_bed = stages.get("total_in_bed_time_milli")
    awake = stages.get("total_awake_time_milli") or 0
    hours = None
    if isinstance(in_bed, int) and isinstance(awake, int):
        hours = _decimal((in_bed - awake) / 3_600_000, 1, low=Decimal(0), high=Decimal(24))
    journal_record_device_values(
        user=connection.user,
        date=_local_date(end, connection.user.timezone),
        source="whoop",
        values={
            "sleep_hours": hours,
            "sleep_performance": _whole(score.get("sleep_performance_percentage"), low=0, high=100),
        },
    )


def whoop_recovery_record(*, connection: Connection, record: dict[str, Any]) -> None:
    """A morning's recovery: score, resting heart rate and HRV (RMSSD), on the day it was
    scored in the user's own time zone."""
    scored = _when(record.get("created_at"))
    if scored is None or record.get("score_state") != "SCORED":
        return
    score = record.get("score") if isinstance(record.get("score"), dict) else {}
    journal_record_device_values(
        user=connection.user,
        date=_local_date(scored, connection.user.timezone),
        source="whoop",
        values={
            "recovery_score": _whole(score.get("recovery_score"), low=0, high=100),
            "resting_heart_rate": _whole(score.get("resting_heart_rate"), low=20, high=250),
            "hrv_ms": _decimal(score.get("hrv_rmssd_milli"), 2, low=Decimal(0), high=Decimal(9999)),
        },
    )


RECORDERS = {
    "workout": lambda connection, record: whoop_workout_upsert(
        connection=connection, record=record
    ),
    "sleep": lambda connection, record: whoop_sleep_record(connection=connection, record=record),
    "recovery": lambda connection, record: whoop_recovery_record(
        connection=connection, record=record
    ),
}


# --- sync ------------------------------------------------------------------------------------
def _get(session, provider: Provider, path: str, params: dict | None = None) -> dict | None:
    try:
        response = session.get(f"{provider.api_url}{path}", params=params)
    except requests.RequestException:
        raise IntegrationError("provider_unavailable", "WHOOP did not answer") from None
    if response.status_code == 404:
        return None
    if response.status_code >= 400:
        raise IntegrationError("provider_error", f"WHOOP answered {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise IntegrationError("provider_error", "WHOOP answered something not JSON") from None
    if not isinstance(body, dict):
        raise IntegrationError("provider_error", "WHOOP answered something not an object")
    return body


def whoop_sync(*, connection_id: int) -> dict[str, int]:
    """Page through each collection from a little before where the last sync ended
    (`nextToken`, 25 records a page) and record every record; returns counts per collection.
    Idempotent: records are found again by WHOOP id (workouts) or day (journal)."""
    provider = get_provider("whoop")
    connection = Connection.objects.select_related("user").get(pk=connection_id)
    if provider is None or connection.provider != "whoop":
        raise IntegrationError("not_configured", "WHOOP is not configured here")
    with provider_session(connection=connection, provider=provider) as session:
        return _sync_collections(session, provider, connection)


def _sync_collections(session, provider: Provider, connection: Connection) -> dict[str, int]:
    started = timezone.now()
    cursor = dict(connection.sync_cursor)
    counts: dict[str, int] = {}
    for name, path in COLLECTIONS.items():
        since = _when(cursor.get(name))
        start = (since - OVERLAP) if since else started - FIRST_SYNC
        params: dict[str, Any] = {"limit": PAGE_LIMIT, "start": _whoop_time(start)}
        latest, count = since, 0
        for _ in range(MAX_PAGES):
            page = _get(session, provider, path, params) or {}
            records = page.get("records") if isinstance(page.get("records"), list) else []
            for record in records:
                if not isinstance(record, dict):
                    continue
                RECORDERS[name](connection, record)
                count += 1
                moment = _when(record.get(CURSOR_KEY[name]))
                if moment and (latest is None or moment > latest):
                    latest = moment
            next_token = page.get("next_token")
            if not next_token or not records:
                break
            params["nextToken"] = next_token
        counts[name] = count
        if latest:
            cursor[name] = latest.isoformat()
    Connection.objects.filter(pk=connection.pk).update(sync_cursor=cursor, last_synced_at=started)
    return counts


def whoop_sync_record(*, connection_id: int, event_type: str, record_id: str) -> bool:
    """What a webhook names: fetch that one record and record it (or delete a deleted
    workout). Returns whether anything was recorded."""
    provider = get_provider("whoop")
    connection = Connection.objects.select_related("user").get(pk=connection_id)
    if provider is None:
        return False
    if event_type == "workout.deleted":
        return whoop_workout_delete(connection=connection, whoop_id=record_id) > 0
    with provider_session(connection=connection, provider=provider) as session:
        return _sync_one(session, provider, connection, event_type, record_id)


def _sync_one(
    session, provider: Provider, connection: Connection, event_type: str, record_id: str
) -> bool:
    if event_type == "workout.updated":
        record = _get(session, provider, f"/v2/activity/workout/{record_id}")
        return bool(record and whoop_workout_upsert(connection=connection, record=record))
    if event_type in ("sleep.updated", "recovery.updated"):
        # In v2, a recovery's webhook names its sleep; the recovery hangs off the sleep's cycle.
        sleep = _get(session, provider, f"/v2/activity/sleep/{record_id}")
        if not sleep:
            return False
        whoop_sleep_record(connection=connection, record=sleep)
        if event_type == "recovery.updated" and sleep.get("cycle_id") is not None:
            recovery = _get(session, provider, f"/v2/cycle/{sleep['cycle_id']}/recovery")
            if recovery:
                whoop_recovery_record(connection=connection, record=recovery)
        return True
    return False
