from django.apps import AppConfig


class WellnessConfig(AppConfig):
    name = "wellness"
    verbose_name = "Wellness"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wellness import receivers  # noqa: F401 - photos go with their entries
        from wellness.portability import export_wellness, load_wellness
        from workouts.portability import Section, register_section

        register_section("wellness", Section(export=export_wellness, load=load_wellness))
