import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
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
    findable_by_email: bool = False,
    password: str | None = None,
    email_verified: bool = False,
) -> User:
    """Create an account. Without a password the account cannot sign in with one (staff create
    such accounts for people who sign in through Cognito).

    An address nobody vouched for (`email_verified`) gets a verification message once the
    account is committed."""
    if password is not None:
        try:
            validate_password(password, user=User(email=email, name=name))
        except DjangoValidationError as exc:
            raise ValidationError({"password": list(exc.messages)}) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                name=name,
                phone=phone,
                bio=bio,
                timezone=timezone,
                findable_by_email=findable_by_email,
                email_verified=email_verified,
            )
    except IntegrityError as exc:
        raise _unique_email_error(exc) from exc
    if not email_verified:
        _send_verification_on_commit(user)
    return user


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Change the given profile fields; fields not in ``data`` keep their values.

    A new email address is unverified until its owner follows the link sent to it."""
    data = dict(data)
    email_changed = "email" in data and data["email"] != user.email
    if email_changed:
        data["email_verified"] = False
    for field, value in data.items():
        setattr(user, field, value)
    try:
        with transaction.atomic():
            user.save(update_fields=[*data, "updated_at"])
    except IntegrityError as exc:
        raise _unique_email_error(exc) from exc
    if email_changed:
        _send_verification_on_commit(user)
    return user


# --- Proving an address ------------------------------------------------------------------------
# A signed, expiring token naming the account and the address it was sent to: following it
# proves the person reads that mailbox. Changing the address makes older tokens worthless.

EMAIL_VERIFICATION_SALT = "fitspace.users.email-verification"


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_VERIFICATION_SALT)


def user_send_email_verification(*, user: User) -> None:
    """Mail the account's address a token that proves it (SES on AWS, the console locally)."""
    token = email_verification_token(user)
    if settings.EMAIL_VERIFICATION_URL:
        how = f"Open this link: {settings.EMAIL_VERIFICATION_URL.format(token=token)}"
    else:
        how = f"Send this token to POST /api/v1/auth/verify-email:\n\n{token}"
    send_mail(
        subject="Confirm your email address for FitSpace",
        message=(
            f"Hello {user.name},\n\nplease confirm that this is your address for FitSpace. "
            f"{how}\n\nIt is valid for {settings.EMAIL_VERIFICATION_HOURS} hours. If you did "
            "not sign up for FitSpace, ignore this message.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def _send_verification_on_commit(user: User) -> None:
    """Once the account (or its new address) is committed, mail the token. The write has been
    made by then: a mail service that fails (SES down or unreachable) must not turn it into a
    500 the client would retry into "email taken". It is logged; the person can ask again
    (POST /api/v1/users/me/email-verification)."""

    def send() -> None:
        try:
            user_send_email_verification(user=user)
        except Exception as exc:  # any mail backend failure; the account stays as committed
            logger.error("verification mail for user %s not sent: %s", user.pk, type(exc).__name__)

    transaction.on_commit(send)


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Mark an address proved by a token from `user_send_email_verification`."""
    invalid = ValidationError(
        {"token": ["This verification link is invalid or has expired."]}, code="invalid"
    )
    try:
        claim = signing.loads(
            token,
            salt=EMAIL_VERIFICATION_SALT,
            max_age=settings.EMAIL_VERIFICATION_HOURS * 3600,
        )
    except signing.BadSignature:
        raise invalid from None
    user = User.objects.select_for_update().filter(pk=claim.get("user"), is_active=True).first()
    if user is None or user.email != claim.get("email"):
        raise invalid
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified", "updated_at"])
    return user


# --- Cognito identities ------------------------------------------------------------------------


@transaction.atomic
def user_from_cognito(
    *, sub: str, email: str, email_verified: bool, name: str = "", phone: str = ""
) -> User:
    """The local user for a Cognito identity, created on first sight.

    Found by `sub`; else linked to the account with the same address, but only when both sides
    proved it: Cognito says the identity's email is verified, and the account's own address was
    verified (or vouched for by staff). Otherwise an existing account is left alone and the
    sign-in refused, so nobody reaches an account by claiming its address. With no account for
    the address, a new one is made. Safe to call twice with the same identity, also
    concurrently.
    """
    user = User.objects.filter(cognito_sub=sub).first()
    if user is not None:
        return user
    if not email:
        raise AuthenticationFailed("The Cognito account has no email address.", code="no_email")
    existing = User.objects.select_for_update().with_email(email).first()
    if existing is not None:
        if existing.cognito_sub:
            logger.warning("user %s already belongs to another Cognito identity", existing.pk)
            raise AuthenticationFailed("This email belongs to another account.", code="conflict")
        if not email_verified:
            raise AuthenticationFailed(
                "An account with this email exists: verify your address with the sign-in "
                "provider first, then sign in again.",
                code="email_not_verified",
            )
        if not existing.email_verified:
            logger.warning("Cognito identity not linked: user %s never verified", existing.pk)
            raise AuthenticationFailed(
                "An account with this email exists but its address was never verified, so it "
                "cannot be joined to this sign-in. Verify it from that account, or contact "
                "support.",
                code="account_not_verified",
            )
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
                email_verified=email_verified,
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
    avatars.check_upload(key, prefix=avatars.user_prefix(user.pk))
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
