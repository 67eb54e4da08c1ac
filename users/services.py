from typing import Any

from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from users.models import User

EMAIL_TAKEN = "A user with this email already exists."


@transaction.atomic
def user_create(
    *,
    email: str,
    name: str,
    phone: str = "",
    bio: str = "",
    timezone: str = "UTC",
    password: str | None = None,
) -> User:
    """Create an account. Without a password the account cannot sign in with one."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email, password, name=name, phone=phone, bio=bio, timezone=timezone
            )
    except IntegrityError as exc:
        raise _unique_email_error(exc) from exc


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Change the given profile fields; fields not in ``data`` keep their values."""
    for field, value in data.items():
        setattr(user, field, value)
    try:
        with transaction.atomic():
            user.save(update_fields=[*data, "updated_at"])
    except IntegrityError as exc:
        raise _unique_email_error(exc) from exc
    return user


def _unique_email_error(exc: IntegrityError) -> Exception:
    """Two requests racing for one email: the database constraint decides, the client gets a 400."""
    if "users_user_email_ci_unique" in str(exc):
        return ValidationError({"email": [EMAIL_TAKEN]}, code="unique")
    return exc
