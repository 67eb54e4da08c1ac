"""What the training log announces, for apps built on it (groups, achievements) to act on
without the log knowing them. Each is sent once the change is committed."""

from django.dispatch import Signal

# A workout went from in progress or paused to finished. Arguments: workout.
workout_finished = Signal()

# Records were set on an exercise for the first time (`new`: their kinds) or beaten (`beaten`).
# Arguments: user, new, beaten.
records_set = Signal()
