"""OAuth connections to other services and the single-use states of their sign-in flows."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from integrations.crypto import EncryptedTextField

OWNER = {"on_delete": models.CASCADE, "to": settings.AUTH_USER_MODEL}


class OAuthState(models.Model):
    """One authorization attempt: the `state` sent to the provider, who asked, the PKCE
    verifier and the redirect URI used. Consumed once (a conditional UPDATE), expires soon."""

    user = models.ForeignKey(related_name="oauth_states", **OWNER)
    provider = models.SlugField(max_length=20)
    state = models.CharField(max_length=64, unique=True)
    code_verifier = models.CharField(max_length=128, blank=True)
    redirect_uri = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="oauth_state_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.provider} sign-in of user {self.user_id}"


class Connection(models.Model):
    """A user's link to one provider. Tokens are encrypted at rest (integrations.crypto) and
    never leave the server: not in the API, the admin, logs or errors."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        RECONNECT_NEEDED = "reconnect_needed"

    user = models.ForeignKey(related_name="integrations", **OWNER)
    provider = models.SlugField(max_length=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=500, blank=True)
    provider_user_id = models.CharField(max_length=100, blank=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    sync_cursor = models.JSONField(
        default=dict, blank=True, help_text="Per collection: the time the last sync reached."
    )

    class Meta:
        ordering = ["provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="connection_one_per_provider"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "reconnect_needed"]),
                name="connection_status_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "provider_user_id"], name="connection_provider_uid_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} connection of user {self.user_id} ({self.status})"

    def __repr__(self) -> str:
        return f"<Connection {self.pk}: {self}>"
