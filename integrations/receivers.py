"""What integrations do when the training log changes (workouts knows nothing of them)."""

import logging
from datetime import timedelta

from django.dispatch import receiver
from django.utils import timezone

from integrations.models import Connection
from workouts.signals import workout_finished

logger = logging.getLogger(__name__)

# Spotify lists a user's last 50 plays, some three hours of listening: a workout that finished
# longer ago than that when it reached FitSpace (imported from WHOOP, say) is not looked up.
SOUNDTRACK_REACH = timedelta(hours=3)


@receiver(workout_finished, dispatch_uid="integrations.soundtrack")
def fetch_the_soundtrack_when_a_workout_finishes(sender, workout, **kwargs) -> None:
    """Spotify lists only the last 50 plays: read them now, off the request on AWS. A
    connection that needs renewing is tried too, so the soundtrack records why it is missing."""
    if Connection.objects.filter(user_id=workout.user_id, provider="spotify").exists():
        # Loaded here: a cold start that finishes no workout never imports the OAuth client.
        from integrations.services import soundtrack_mark_failed
        from integrations.tasks import fetch_soundtrack

        if timezone.now() - workout.finished_at > SOUNDTRACK_REACH:
            soundtrack_mark_failed(workout_id=workout.pk, failure="too_late")
            return
        try:
            fetch_soundtrack(workout.pk)
        except Exception:
            # Sent after the finish committed: a failed dispatch must not fail the finish.
            logger.exception("could not schedule the soundtrack of workout %s", workout.pk)
