"""Reads of the integrations app."""

from typing import Any

from integrations.models import Connection, Soundtrack, SoundtrackTrack
from workouts.models import Workout

SOUNDTRACK_STATUSES = {
    "not_finished": "the workout is not finished (its soundtrack is read after the finish)",
    "fetched": "read from Spotify at `fetched_at`; `tracks` is what played, maybe nothing",
    "pending": "being read from Spotify",
    "failed": "Spotify could not be read (`failure` says why; `too_late`: the workout reached "
    "FitSpace after Spotify's last 50 plays had moved past it)",
    "reconnect_needed": "the Spotify connection must be renewed (connect again)",
    "not_connected": "Spotify was not connected when the workout finished",
}


def soundtrack_of(workout: Workout) -> dict[str, Any]:
    """A workout's soundtrack as its owner sees it: the tracks kept, and where reading them
    stands."""
    soundtrack = Soundtrack.objects.filter(workout=workout).first()
    tracks = list(SoundtrackTrack.objects.filter(workout=workout))
    fetched_at = soundtrack.fetched_at if soundtrack else None
    failure = soundtrack.failure if soundtrack else ""
    if workout.status != Workout.Status.FINISHED:
        status = "not_finished"
    elif fetched_at is not None:
        status, failure = "fetched", ""
    else:
        connection = Connection.objects.filter(user_id=workout.user_id, provider="spotify").first()
        if connection is None:
            status = "not_connected"
        elif connection.status == Connection.Status.RECONNECT_NEEDED:
            status = "reconnect_needed"
        elif failure:
            status = "failed"
        elif connection.connected_at > workout.finished_at:
            status = "not_connected"
        else:
            status = "pending"
    return {"status": status, "failure": failure, "fetched_at": fetched_at, "tracks": tracks}
