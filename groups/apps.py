from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Training groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from groups import receivers  # noqa: F401 - connects to the training log's signals
