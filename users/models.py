import zoneinfo
from functools import cache

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual


@cache
def time_zone_names() -> frozenset[str]:
    # Reading the zone database takes tens of milliseconds; it does not change while we run.
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(f"{value!r} is not an IANA time zone name, e.g. Europe/Paris.")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{5,32}$", "Enter a phone number: digits, spaces and + ( ) . / - only."
)


class UserQuerySet(models.QuerySet):
    def with_email(self, email: str) -> "UserQuerySet":
        """The account this address names, in any case.

        Case is folded by the database's LOWER(), exactly as the unique constraint folds it, so
        sign-in, sign-up, linking and the lockout agree on which account an address names. (A
        lookup with `iexact` folds with UPPER() on PostgreSQL, which maps the dotless i (U+0131)
        to `I` and the long s (U+017F) to `S`: `v\u0131ctim@…` would reach `victim@…` there
        while the constraint keeps them apart.)
        """
        return self.alias(email_folded=Lower("email")).filter(email_folded=Lower(Value(email)))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        return self.with_email(email).get()

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
    email_verified = models.BooleanField(
        default=False,
        help_text="Whether the person proved they own the address: a verification link, a "
        "verified Cognito identity, or staff vouching for it. Only verified accounts are ever "
        "linked to a Cognito identity.",
    )
    findable_by_email = models.BooleanField(
        default=False,
        help_text="Whether others may find this profile by searching for the whole address.",
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
