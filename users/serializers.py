from rest_framework import serializers

from fitspace.serializers import StrictFieldsMixin
from users.models import User


class UserSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name", "email", "phone", "bio", "timezone", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_email(self, value: str) -> str:
        value = User.objects.normalize_email(value)
        taken = User.objects.filter(email__iexact=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                "A user with this email already exists.", code="unique"
            )
        return value


class UserSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        min_length=1, max_length=100, help_text="Part of a name or email, any case."
    )
