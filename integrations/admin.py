"""Staff see who is connected to what and in which state, never tokens or PKCE verifiers."""

from django.contrib import admin

from integrations.models import Connection


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "status", "connected_at", "last_synced_at"]
    list_filter = ["provider", "status"]
    search_fields = ["user__email"]
    fields = ["user", "provider", "status", "scopes", "connected_at", "last_synced_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
