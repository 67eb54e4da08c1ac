from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Training groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from groups import receivers  # noqa: F401 - connects to the training log's signals
        from groups.portability import export_groups, load_groups
        from workouts.portability import Section, register_section

        register_section("groups", Section(export=export_groups, load=load_groups))
