"""Staff see how much wellness data an account holds, and when it was written: counts and
dates, never journal text, moods, cycle data or photos (it is health data, private to its
owner). Nothing here can be changed; deleting the account deletes it all."""

from django.contrib import admin
from django.db.models import Count, Max

from wellness.models import WellnessAccount


@admin.register(WellnessAccount)
class WellnessAccountAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "journal_entries",
        "last_journal_entry",
        "skin_entries",
        "last_skin_entry",
    ]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["email"]
    ordering = ["email"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _journal=Count("journal_entries", distinct=True),
                _journal_last=Max("journal_entries__created_at"),
                _skin=Count("skin_entries", distinct=True),
                _skin_last=Max("skin_entries__created_at"),
            )
        )

    @admin.display(description="journal entries", ordering="_journal")
    def journal_entries(self, account) -> int:
        return account._journal

    @admin.display(description="last journal entry written", ordering="_journal_last")
    def last_journal_entry(self, account):
        return account._journal_last

    @admin.display(description="skin entries", ordering="_skin")
    def skin_entries(self, account) -> int:
        return account._skin

    @admin.display(description="last skin entry written", ordering="_skin_last")
    def last_skin_entry(self, account):
        return account._skin_last

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
