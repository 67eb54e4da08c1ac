from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.urls import reverse
from django.utils.html import format_html

from users.models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name", "email_verified"]


class UserChangeFormWithEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormWithEmail
    add_form = UserCreationForm
    list_display = [
        "email",
        "name",
        "phone",
        "timezone",
        "email_verified",
        "is_active",
        "is_staff",
        "created_at",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "email_verified", "created_at"]
    search_fields = ["email", "name", "phone"]
    ordering = ["email"]
    readonly_fields = [
        "cognito_sub",
        "avatar_key",
        "training_log",
        "created_at",
        "updated_at",
        "last_login",
    ]
    actions = ["activate", "deactivate"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["email", "email_verified", "password"]}),
        (
            "Profile",
            {"fields": ["name", "phone", "bio", "timezone", "findable_by_email", "avatar_key"]},
        ),
        ("Training", {"fields": ["training_log"]}),
        ("Sign-in", {"fields": ["cognito_sub"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "created_at", "updated_at"]}),
    ]

    @admin.action(description="Activate the selected users")
    def activate(self, request, queryset):
        updated = queryset.update(is_active=True)
        self.message_user(request, f"{updated} user(s) activated.")

    @admin.action(description="Deactivate the selected users (they can no longer sign in)")
    def deactivate(self, request, queryset):
        updated = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, f"{updated} user(s) deactivated.")

    @admin.display(description="Workouts")
    def training_log(self, user: User) -> str:
        """A link to the user's workouts rather than the workouts themselves: a long history
        inlined here made the page slow and too big to save."""
        url = reverse("admin:workouts_workout_changelist")
        return format_html('<a href="{}?user={}">This user\'s workouts</a>', url, user.pk)

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "email_verified",
                    "name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
                "description": "Tick “email verified” only for an address you know is the "
                "person's: only verified accounts are joined to a Cognito sign-in.",
            },
        ),
    ]
