from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class Workout(models.Model):
    """One training session of one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workouts"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""), name="workouts_workout_name_not_empty"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), 5000),
                name="workouts_workout_description_max_length",
            ),
        ]
        indexes = [
            # "A user's workouts, newest first": the nested list's only query plan.
            models.Index(fields=["user", "-created_at", "-id"], name="workout_user_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.name
