from django.contrib import admin

from workouts.models import Workout


@admin.register(Workout)
class WorkoutAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "updated_at"]
    list_filter = ["created_at"]
    search_fields = ["name", "description", "user__email", "user__name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
