"""Badges follow the log: finished workouts, records set or beaten, group goals reached."""

from django.dispatch import receiver

from achievements.services import achievements_award, achievements_check
from groups.services import group_goal_reached
from workouts.signals import records_set, workout_finished


@receiver(workout_finished, dispatch_uid="achievements.workout_finished")
def on_workout_finished(sender, workout, **kwargs) -> None:
    achievements_check(user=workout.user, measures=["streak_days", "workouts", "distance_km"])


@receiver(records_set, dispatch_uid="achievements.records_set")
def on_records_set(sender, user, new, beaten, **kwargs) -> None:
    if new:
        achievements_check(user=user, measures=["records"])
    if beaten:
        achievements_award(user=user, codes=["record_beaten"])


@receiver(group_goal_reached, dispatch_uid="achievements.group_goal_reached")
def on_group_goal_reached(sender, group, period, users, **kwargs) -> None:
    for user in users:
        achievements_award(user=user, codes=["group_goal"])
