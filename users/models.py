import zoneinfo

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone name, e.g. Europe/Paris.")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{5,32}$", "Enter a phone number: digits, spaces and + ( ) . / - only."
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        # Sign-in by email ignores case, like the unique constraint.
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)  # None stores an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A FitSpace account; the email address is the sign-in identifier."""

    # unique=True is what Django requires of USERNAME_FIELD; the constraint below adds "any case".
    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=150)
    phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    bio = models.TextField(max_length=2000, blank=True)
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA time zone used to count this user's days and weeks.",
    )
    avatar_key = models.CharField(
        max_length=255, blank=True, help_text="S3 key of the profile picture, under avatars/<id>/."
    )
    cognito_sub = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The Cognito user pool's id for this person, when they sign in through Cognito.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive accounts cannot sign in or use the API."
    )
    is_staff = models.BooleanField(default=False, help_text="May log into the admin.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="users_user_email_ci_unique",
                violation_error_message="A user with this email already exists.",
            ),
            models.CheckConstraint(
                condition=~models.Q(email=""), name="users_user_email_not_empty"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="users_user_name_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("bio"), 2000), name="users_user_bio_max_length"
            ),
        ]
        indexes = [models.Index(Lower("name"), name="users_user_name_lower_idx")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)
