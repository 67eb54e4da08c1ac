"""OAuth tokens at rest: encrypted with Fernet keys from settings (MultiFernet, newest first).

`EncryptedTextField` stores ciphertext and hands the model plain text; nothing else in the app
sees ciphertext. `manage.py reencrypt_tokens` moves old rows onto the newest key.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "INTEGRATIONS_TOKEN_KEYS must be Fernet keys (urlsafe base64 of 32 bytes), "
            "comma-separated, newest first"
        ) from None


def token_fernet() -> MultiFernet:
    """All configured keys: the first encrypts, any decrypts (read per call: tests and the
    rotation command change the setting)."""
    if not settings.INTEGRATIONS_TOKEN_KEYS:
        raise ImproperlyConfigured("INTEGRATIONS_TOKEN_KEYS is empty")
    return _fernet(tuple(settings.INTEGRATIONS_TOKEN_KEYS))


def newest_fernet() -> Fernet:
    return Fernet(settings.INTEGRATIONS_TOKEN_KEYS[0])


def encrypt(plain: str) -> str:
    return token_fernet().encrypt(plain.encode()).decode()


def decrypt(cipher: str) -> str:
    try:
        return token_fernet().decrypt(cipher.encode()).decode()
    except InvalidToken:
        # Never the value itself: it is ciphertext of a credential.
        raise ImproperlyConfigured(
            "an OAuth token cannot be decrypted with any key in INTEGRATIONS_TOKEN_KEYS"
        ) from None


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet in the database; "" stays "" (no token)."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
