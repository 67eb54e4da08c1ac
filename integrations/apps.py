from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Connections to other services (WHOOP, Spotify) and activity files (GPX, TCX, FIT).

    Depends on users, workouts, wellness and inbox; nothing depends on it.
    """

    name = "integrations"
    verbose_name = "Integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from integrations import receivers  # noqa: F401 - connects to workouts' signals
