"""Work done off the request: on AWS Zappa runs a `@task` in another invocation of the same
function (an asynchronous Lambda invoke, answered at once); locally and in tests it runs inline.
Arguments are plain ids: they travel as JSON."""

import logging

from zappa.asynchronous import task

from integrations.services import IntegrationError, soundtrack_fetch, soundtrack_mark_failed

logger = logging.getLogger(__name__)


@task
def fetch_soundtrack(workout_id: int) -> None:
    """Fetch a finished workout's Spotify soundtrack. A failure is noted on the soundtrack and
    logged (its code, never a token); it never fails the finish that asked for it."""
    try:
        soundtrack_fetch(workout_id=workout_id)
    except IntegrationError as exc:
        logger.warning("soundtrack of workout %s not fetched: %s", workout_id, exc.code)
        soundtrack_mark_failed(workout_id=workout_id, failure=exc.code)
    except Exception:
        logger.exception("soundtrack of workout %s not fetched", workout_id)
        soundtrack_mark_failed(workout_id=workout_id, failure="internal_error")
