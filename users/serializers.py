from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fitspace.serializers import StrictFieldsMixin
from users import avatars
from users.models import User, time_zone_names, validate_timezone


@extend_schema_field({"type": "string", "enum": sorted(time_zone_names())})
class TimeZoneField(serializers.CharField):
    """An IANA time zone name, e.g. `Europe/Paris`: the schema lists them all."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("validators", [validate_timezone])
        kwargs.setdefault("help_text", "IANA time zone used to count this user's days and weeks.")
        super().__init__(**kwargs)


class AvatarUrlMixin(serializers.Serializer):
    avatar_url = serializers.SerializerMethodField(
        help_text="Short-lived link to the profile picture, or null."
    )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_avatar_url(self, user: User) -> str | None:
        return avatars.download_url(user.avatar_key) if user.avatar_key else None


class PublicUserSerializer(AvatarUrlMixin, serializers.ModelSerializer):
    """What anyone signed in may see of another user."""

    class Meta:
        model = User
        fields = ["id", "name", "avatar_url", "bio"]
        read_only_fields = fields


class ProfileSerializer(StrictFieldsMixin, AvatarUrlMixin, serializers.ModelSerializer):
    """One's own profile: everything, private fields included."""

    timezone = TimeZoneField(required=False)

    class Meta:
        model = User
        fields = [
            "id",
            "name",
            "email",
            "email_verified",
            "findable_by_email",
            "phone",
            "bio",
            "timezone",
            "avatar_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "email_verified", "avatar_url", "created_at", "updated_at"]

    def validate_email(self, value: str) -> str:
        value = User.objects.normalize_email(value)
        taken = User.objects.with_email(value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                "A user with this email already exists.", code="unique"
            )
        return value


class RegistrationSerializer(ProfileSerializer):
    """Sign-up: a profile plus a password (checked by Django's password validators)."""

    password = serializers.CharField(
        write_only=True, min_length=1, max_length=128, style={"input_type": "password"}
    )

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "password"]


class UserSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        min_length=1,
        max_length=254,
        help_text="Part of a name, or the whole email address of someone who allows being "
        "found by it (`findable_by_email`); any case.",
    )


class EmailVerificationSerializer(StrictFieldsMixin, serializers.Serializer):
    token = serializers.CharField(
        max_length=500, help_text="The token from the verification message."
    )


class AvatarUploadRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    content_type = serializers.ChoiceField(choices=sorted(avatars.IMAGE_TYPES))


class AvatarUploadFormSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="POST the form here, as multipart/form-data.")
    fields = serializers.DictField(
        child=serializers.CharField(),
        help_text="Form fields to send as they are, before the `file` field.",
    )
    key = serializers.CharField(help_text="Send it to PUT /users/me/avatar once uploaded.")
    max_bytes = serializers.IntegerField()
    expires_in = serializers.IntegerField(help_text="Seconds the form stays valid.")


class AvatarConfirmSerializer(StrictFieldsMixin, serializers.Serializer):
    key = serializers.CharField(max_length=255)
