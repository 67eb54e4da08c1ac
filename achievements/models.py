from django.conf import settings
from django.db import models


class Achievement(models.Model):
    """A badge a user earned: once, for good (editing the workout that earned it keeps it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements"
    )
    code = models.SlugField(max_length=40, help_text="A badge of achievements/badges.py.")
    earned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["earned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "code"], name="badge_earned_once")]

    def __str__(self) -> str:
        return f"{self.code} for {self.user_id}"
