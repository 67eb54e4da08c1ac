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
            # One FitSpace account per provider account (services.connection_store).
            models.UniqueConstraint(
                fields=["provider", "provider_user_id"],
                condition=~Q(provider_user_id=""),
                name="connection_one_user_per_provider_account",
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


class Soundtrack(models.Model):
    """How reading a finished workout's soundtrack from Spotify went: when it was read, or why
    it could not be. Its tracks (maybe none) are kept with the workout, since Spotify itself
    lists only a user's last 50 plays."""

    workout = models.OneToOneField(
        "workouts.Workout", on_delete=models.CASCADE, related_name="soundtrack"
    )
    fetched_at = models.DateTimeField(null=True, blank=True)
    failure = models.SlugField(
        max_length=40,
        blank=True,
        help_text="Why the last attempt failed, e.g. provider_unavailable.",
    )

    def __str__(self) -> str:
        return f"soundtrack of workout {self.workout_id}"


class SoundtrackTrack(models.Model):
    """A track played during a workout, as Spotify's recently played listed it."""

    workout = models.ForeignKey(
        "workouts.Workout", on_delete=models.CASCADE, related_name="soundtrack_tracks"
    )
    played_at = models.DateTimeField(
        help_text="When the play ended: Spotify lists a play once it is over."
    )
    track_id = models.CharField(
        max_length=64, blank=True, help_text="Spotify's id; empty for a local file."
    )
    uri = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=500)
    artists = models.JSONField(default=list, blank=True, help_text="Names, in Spotify's order.")
    album = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["played_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workout", "played_at", "track_id"], name="soundtrack_track_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.played_at:%H:%M} in workout {self.workout_id}"
