from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One message in a user's inbox. `kind` is open: each app that notifies names its own
    kinds (`group_invited`, `goal_reached`, `achievement`, …) without touching this app."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Ids the client can follow.")
    # NULL, not "": only messages with a key are unique per user (a partial unique index).
    dedupe_key = models.CharField(  # noqa: DJ001
        max_length=200,
        null=True,
        blank=True,
        help_text="Set for a message that must reach a user at most once (e.g. one goal-reached "
        "per group and period); a second notify with the same key adds nothing.",
    )
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
