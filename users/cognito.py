"""Amazon Cognito: offline verification of user-pool tokens, and the PostConfirmation trigger."""

import logging
from functools import cache
from typing import Any

import jwt
from django.conf import settings
from rest_framework.exceptions import AuthenticationFailed

from users.services import user_from_cognito

logger = logging.getLogger(__name__)

TOKEN_USES = ("id", "access")


class InvalidCognitoToken(Exception):
    """The token is not one this service accepts; the message says why (safe to show)."""


@cache
def _jwks_client(url: str) -> jwt.PyJWKClient:
    # Keys are fetched once per container and cached; an unknown `kid` (the pool rotated its
    # keys) makes PyJWKClient fetch the set again before giving up.
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=24 * 3600, timeout=5)


COGNITO_ISSUER_PREFIX = "https://cognito-idp."


def is_cognito_token(token: str) -> bool:
    """Whether the token claims to come from a Cognito user pool (not yet verified)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return str(claims.get("iss", "")).startswith(COGNITO_ISSUER_PREFIX)


def verify_token(token: str) -> dict[str, Any]:
    """Verify an ID or access token of the configured pool and return its claims.

    Checks the RS256 signature against the pool's JWKS, the issuer, expiry, `token_use`, and
    the app client: `aud` for ID tokens, `client_id` for access tokens.
    """
    try:
        key = _jwks_client(settings.COGNITO_JWKS_URL).get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            issuer=settings.COGNITO_ISSUER,
            options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
            leeway=30,
        )
    except jwt.ExpiredSignatureError:
        raise InvalidCognitoToken("Token has expired.") from None
    except jwt.InvalidIssuerError:
        raise InvalidCognitoToken("Token was issued by another user pool.") from None
    except jwt.PyJWKClientConnectionError:
        logger.exception("cannot fetch the Cognito JWKS from %s", settings.COGNITO_JWKS_URL)
        raise InvalidCognitoToken("Token cannot be verified right now.") from None
    except jwt.PyJWTError as exc:
        raise InvalidCognitoToken(f"Token is invalid: {exc}") from None

    token_use = claims["token_use"]
    if token_use not in TOKEN_USES:
        raise InvalidCognitoToken("Token is neither an ID nor an access token.")
    client_id = claims.get("aud") if token_use == "id" else claims.get("client_id")  # noqa: S105
    if client_id not in settings.COGNITO_APP_CLIENT_IDS:
        raise InvalidCognitoToken("Token was issued to another app client.")
    return claims


def is_true(value: Any) -> bool:
    """Cognito says `email_verified` as a JSON boolean in tokens and as "true" elsewhere."""
    return value is True or str(value).lower() == "true"


def fetch_email(access_token: str) -> tuple[str, bool]:
    """An access token carries no email: ask Cognito whose it is, and whether that address is
    verified (first sight of a user only)."""
    import boto3

    client = boto3.client("cognito-idp", region_name=settings.COGNITO_REGION)
    attributes = {
        a["Name"]: a["Value"] for a in client.get_user(AccessToken=access_token)["UserAttributes"]
    }
    return attributes.get("email", ""), is_true(attributes.get("email_verified"))


def post_confirmation(event: dict, context: Any) -> dict:
    """Cognito PostConfirmation_ConfirmSignUp trigger: create the local user for a new sign-up.

    Wired by the `cognito` section of zappa_settings.json. Cognito may deliver a trigger more
    than once, so a second call with the same event leaves one user. Returns the event, as
    Cognito requires. An identity that may not be linked to the existing account of its address
    (see `user_from_cognito`) is only logged: the person is confirmed in Cognito either way, and
    the API explains the refusal when they sign in.
    """
    attributes = event["request"]["userAttributes"]
    try:
        user_from_cognito(
            sub=attributes.get("sub") or event["userName"],
            email=attributes.get("email", ""),
            email_verified=is_true(attributes.get("email_verified")),
            name=attributes.get("name", ""),
            phone=attributes.get("phone_number", ""),
        )
    except AuthenticationFailed as exc:
        logger.warning("PostConfirmation: no local account for this identity: %s", exc.get_codes())
    return event
