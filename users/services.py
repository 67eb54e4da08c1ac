import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework.exceptions import AuthenticationFailed, ValidationError

from users import avatars
from users.models import User, phone_validator

logger = logging.getLogger(__name__)

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
    """Create an account. Without a password the account cannot sign in with one (staff create
    such accounts for people who sign in through Cognito)."""
    if password is not None:
        try:
            validate_password(password, user=User(email=email, name=name))
        except DjangoValidationError as exc:
            raise ValidationError({"password": list(exc.messages)}) from None
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


@transaction.atomic
def user_from_cognito(*, sub: str, email: str, name: str = "", phone: str = "") -> User:
    """The local user for a Cognito identity, created on first sight.

    Found by `sub`; else an account with the same email is linked to it (staff may have created
    it); else a new one is made. Safe to call twice with the same identity, also concurrently.
    """
    user = User.objects.filter(cognito_sub=sub).first()
    if user is not None:
        return user
    if not email:
        raise AuthenticationFailed("The Cognito account has no email address.", code="no_email")
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is not None:
        if existing.cognito_sub:
            logger.warning("email %s already belongs to another Cognito identity", email)
            raise AuthenticationFailed("This email belongs to another account.", code="conflict")
        existing.cognito_sub = sub
        existing.save(update_fields=["cognito_sub", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                None,
                name=(name or email.split("@")[0])[:150],
                phone=phone if _is_valid_phone(phone) else "",
            )
            user.cognito_sub = sub
            user.save(update_fields=["cognito_sub"])
            return user
    except IntegrityError:
        # Another request created this identity a moment ago.
        return User.objects.get(cognito_sub=sub)


@transaction.atomic
def user_set_avatar(*, user: User, key: str) -> User:
    """Show an uploaded picture on the profile, once it is checked: the caller's own key, an
    allowed image type whose bytes match it, within the size limit. A refused upload is deleted;
    the previous picture is deleted once the change is committed."""
    if not key.startswith(avatars.user_prefix(user.pk)):
        raise ValidationError({"key": ["Not an upload key issued to you."]}, code="invalid")
    stored = avatars.stored_object(key)
    if stored is None:
        raise ValidationError({"key": ["Nothing was uploaded under this key."]}, code="not_found")
    problem = None
    if stored.size > settings.AVATAR_MAX_BYTES:
        problem = f"The picture is larger than {settings.AVATAR_MAX_BYTES} bytes."
    elif not avatars.looks_like(stored.content_type, stored.head):
        problem = "The upload is not a JPEG, PNG or WebP image."
    if problem:
        avatars.delete(key)
        raise ValidationError({"key": [problem]}, code="invalid_image")
    previous = user.avatar_key
    user.avatar_key = key
    user.save(update_fields=["avatar_key", "updated_at"])
    if previous and previous != key:
        transaction.on_commit(lambda: avatars.delete(previous))
    return user


@transaction.atomic
def user_remove_avatar(*, user: User) -> User:
    previous = user.avatar_key
    if previous:
        user.avatar_key = ""
        user.save(update_fields=["avatar_key", "updated_at"])
        transaction.on_commit(lambda: avatars.delete(previous))
    return user


def _is_valid_phone(phone: str) -> bool:
    try:
        phone_validator(phone)
    except DjangoValidationError:
        return False
    return True


def _unique_email_error(exc: IntegrityError) -> Exception:
    """Two requests racing for one email: the database constraint decides, the client gets a 400."""
    if "users_user_email_ci_unique" in str(exc) or "users_user_email_key" in str(exc):
        return ValidationError({"email": [EMAIL_TAKEN]}, code="unique")
    return exc
