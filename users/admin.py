from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from users.models import User
from workouts.models import Workout


class WorkoutInline(admin.TabularInline):
    model = Workout
    fields = ["name", "description", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    show_change_link = True


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class UserChangeFormWithEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormWithEmail
    add_form = UserCreationForm
    list_display = ["email", "name", "phone", "timezone", "is_active", "is_staff", "created_at"]
    list_filter = ["is_active", "is_staff", "is_superuser", "timezone", "created_at"]
    search_fields = ["email", "name", "phone"]
    ordering = ["email"]
    readonly_fields = ["cognito_sub", "avatar_key", "created_at", "updated_at", "last_login"]
    actions = ["activate", "deactivate"]
    date_hierarchy = "created_at"
    inlines = [WorkoutInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "phone", "bio", "timezone", "avatar_key"]}),
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

    def get_inlines(self, request, obj):
        # A new account has no workouts yet: the add page stays a short form.
        return self.inlines if obj is not None else []

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "usable_password", "password1", "password2"],
            },
        ),
    ]
