from django.contrib import admin

from achievements.models import Achievement


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    """Badges are earned from the log; shown, not edited."""

    list_display = ["code", "user", "earned_at"]
    list_filter = ["code"]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
