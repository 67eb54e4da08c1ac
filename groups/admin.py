from django.contrib import admin, messages

from groups.models import Group, GroupArchived, GroupSession, Invite, Membership
from groups.services import group_archive


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "target", "joined_at"]
    readonly_fields = ["joined_at"]
    autocomplete_fields = ["user"]
    extra = 0


class InviteInline(admin.TabularInline):
    model = Invite
    fk_name = "group"
    fields = ["invitee", "invited_by", "status", "expires_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SessionInline(admin.TabularInline):
    model = GroupSession
    fields = ["title", "starts_at", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Groups with their members, invites and sessions. An archived group is read-only here
    too: its page shows it, and any write is refused by the models (`GroupArchived`)."""

    list_display = ["name", "status", "period", "metric", "starts_on", "ends_on", "created_at"]
    list_filter = ["status", "period", "metric"]
    search_fields = ["name", "memberships__user__email"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [MembershipInline, InviteInline, SessionInline]
    actions = ["archive"]

    @admin.action(description="Archive the selected groups (read-only from then on)")
    def archive(self, request, queryset):
        for group in queryset:
            group_archive(group=group)
        self.message_user(request, f"{queryset.count()} group(s) archived.")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_archived:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_archived:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except GroupArchived as exc:
            self.message_user(request, str(exc.detail), level=messages.ERROR)
