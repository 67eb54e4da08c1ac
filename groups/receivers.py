"""What groups do when the training log changes (workouts knows nothing of groups)."""

from django.dispatch import receiver

from groups.services import goals_check
from workouts.signals import workout_finished


@receiver(workout_finished, dispatch_uid="groups.goals_check")
def check_goals_when_a_workout_finishes(sender, workout, **kwargs) -> None:
    goals_check(workout=workout)
