from django.contrib import admin

from inbox.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "user", "read_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "kind",
        "title",
        "body",
        "data",
        "dedupe_key",
        "read_at",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
