"""The API's own records, which belong to no one app: stored answers to `Idempotency-Key`
requests (fitspace/idempotency.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`, replayed to its retries.

    Written in the request's own transaction, so it exists exactly when what the request did
    does. Keys are the caller's: a user's, or (user empty) the anonymous callers' of the public
    endpoints. Deleting an account deletes its answers (they hold its data).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(
        max_length=64, help_text="HMAC-SHA256 of the method, path and raw body."
    )
    status = models.PositiveSmallIntegerField()
    headers = models.JSONField(default=dict)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=Q(user__isnull=False),
                name="idempotency_key_unique_per_user",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(user__isnull=True),
                name="idempotency_key_unique_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
