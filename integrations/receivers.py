"""What integrations do when the training log changes (workouts knows nothing of them)."""

import logging

from django.dispatch import receiver

from integrations.models import Connection
from integrations.tasks import fetch_soundtrack
from workouts.signals import workout_finished

logger = logging.getLogger(__name__)


@receiver(workout_finished, dispatch_uid="integrations.soundtrack")
def fetch_the_soundtrack_when_a_workout_finishes(sender, workout, **kwargs) -> None:
    """Spotify lists only the last 50 plays: read them now, off the request on AWS. A
    connection that needs renewing is tried too, so the soundtrack records why it is missing."""
    if Connection.objects.filter(user_id=workout.user_id, provider="spotify").exists():
        try:
            fetch_soundtrack(workout.pk)
        except Exception:
            # Sent after the finish committed: a failed dispatch must not fail the finish.
            logger.exception("could not schedule the soundtrack of workout %s", workout.pk)
