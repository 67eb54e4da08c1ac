"""How requests prove who they are: Cognito Bearer tokens, and sign-in lockout identity."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication

from users import cognito
from users.models import User
from users.services import user_from_cognito


class CognitoAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <Cognito ID or access token>`, verified offline.

    Tokens that are not Cognito's are left to the next authentication class (FitSpace's own
    JWTs when both modes are on); Cognito tokens that fail verification (another pool, another
    app client, expired, tampered) are a 401.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        if "cognito" not in settings.AUTH_MODES:
            return None
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower() != self.keyword.lower().encode():
            return None
        token = header[1].decode("latin-1")
        if not cognito.is_cognito_token(token):
            return None
        try:
            claims = cognito.verify_token(token)
        except cognito.InvalidCognitoToken as exc:
            raise exceptions.AuthenticationFailed(str(exc), code="token_not_valid") from None
        user = self._local_user(claims, token)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User is inactive."), code="user_inactive")
        return user, claims

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _local_user(claims: dict, token: str) -> User:
        user = User.objects.filter(cognito_sub=claims["sub"]).first()
        if user is not None:
            return user
        if claims["token_use"] == "access":  # noqa: S105 - carries no email: ask Cognito
            email, verified = cognito.fetch_email(token)
        else:
            email, verified = claims.get("email", ""), cognito.is_true(claims.get("email_verified"))
        return user_from_cognito(
            sub=claims["sub"], email=email, email_verified=verified, name=claims.get("name", "")
        )


class LocalJWTAuthentication(JWTAuthentication):
    """FitSpace's own access tokens (simplejwt), when AUTH_MODE has "local"."""

    def authenticate(self, request):
        if "local" not in settings.AUTH_MODES:
            return None
        return super().authenticate(request)


def sign_in_identifier(request, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is for, whatever the form calls it: the API's token
    endpoint sends `email`, the admin's login form `username`. Used by django-axes as the
    lockout key.

    The key is the address of the account the attempt would reach, found exactly as sign-in
    finds it, so no spelling of an address (`VICTIM@…`, `v\u0131ctim@…`) gets a counter of its own
    while reaching a locked account. An address with no account keys on itself."""
    credentials = credentials or {}
    identifier = credentials.get("email") or credentials.get("username")
    if not identifier:
        return None
    identifier = str(identifier)
    account = User.objects.with_email(identifier).values_list("email", flat=True).first()
    return account or identifier.strip().lower()
