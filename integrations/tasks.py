"""Work that runs outside a request: a webhook's record and a finished workout's Spotify
soundtrack, read asynchronously (Zappa's task: a new Lambda invocation on AWS, inline
elsewhere; arguments travel as JSON), and the scheduled sync in zappa_settings.json's
`events`."""

import logging
from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from zappa.asynchronous import task

from integrations.models import Connection
from integrations.services import IntegrationError, soundtrack_fetch, soundtrack_mark_failed
from integrations.whoop import whoop_sync, whoop_sync_record

logger = logging.getLogger(__name__)

# The scheduled sync catches up connections not synced for this long (missed webhooks) ...
STALE_AFTER = timedelta(hours=1)
# ... at most this many per run, the longest waiting first (one invocation's time is bounded).
MAX_PER_RUN = 50
SYNCS = {"whoop": whoop_sync}


@task
def whoop_webhook_sync(connection_id: int, event_type: str, record_id: str) -> bool:
    """Sync the one record a WHOOP webhook named."""
    try:
        return whoop_sync_record(
            connection_id=connection_id, event_type=event_type, record_id=record_id
        )
    except (IntegrationError, Connection.DoesNotExist) as exc:
        logger.warning("a WHOOP webhook's record was not synced: %s", type(exc).__name__)
        return False


@task
def connection_first_sync(connection_id: int) -> bool:
    """Right after connecting: bring in the last weeks of data."""
    provider = (
        Connection.objects.filter(pk=connection_id).values_list("provider", flat=True).first()
    )
    if provider not in SYNCS:
        return False
    try:
        SYNCS[provider](connection_id=connection_id)
    except IntegrationError as exc:
        logger.warning("the first %s sync failed: %s", provider, exc.code)
        return False
    return True


@task
def fetch_soundtrack(workout_id: int) -> None:
    """Read a finished workout's Spotify soundtrack. A failure is noted on the soundtrack and
    logged (its code, never a token); it never fails the finish that asked for it."""
    try:
        soundtrack_fetch(workout_id=workout_id)
    except IntegrationError as exc:
        logger.warning("soundtrack of workout %s not fetched: %s", workout_id, exc.code)
        soundtrack_mark_failed(workout_id=workout_id, failure=exc.code)
    except Exception:
        logger.exception("soundtrack of workout %s not fetched", workout_id)
        soundtrack_mark_failed(workout_id=workout_id, failure="internal_error")


def sync_stale_connections(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Hourly (zappa_settings.json `events`): sync the active connections not synced within
    STALE_AFTER, for users whose webhooks were missed."""
    cutoff = timezone.now() - STALE_AFTER
    due = (
        Connection.objects.filter(status=Connection.Status.ACTIVE, provider__in=SYNCS)
        .exclude(last_synced_at__gte=cutoff)
        .order_by(F("last_synced_at").asc(nulls_first=True), "pk")
        .values_list("pk", "provider")[:MAX_PER_RUN]
    )
    synced = failed = 0
    for pk, provider in due:
        try:
            SYNCS[provider](connection_id=pk)
            synced += 1
        except IntegrationError as exc:
            logger.warning("scheduled %s sync failed: %s", provider, exc.code)
            failed += 1
        except Exception:
            # One broken connection (a token under a retired key, odd provider data) must not
            # stop everyone else's sync: it is logged and goes to the back of the queue.
            logger.exception("scheduled %s sync of connection %s failed", provider, pk)
            Connection.objects.filter(pk=pk).update(last_synced_at=timezone.now())
            failed += 1
    return {"synced": synced, "failed": failed}
