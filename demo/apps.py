from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for local stages. It spans every app, so it lives here, where depending on all
    of them points the right way (nothing depends on it)."""

    name = "demo"
    verbose_name = "Demo data"
