"""How the OpenAPI schema describes FitSpace's two kinds of Bearer token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class LocalJWTScheme(OpenApiAuthenticationExtension):
    target_class = "users.auth.LocalJWTAuthentication"
    name = "fitspaceJWT"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token from `POST /api/v1/auth/token` (AUTH_MODE local).",
        }


class CognitoScheme(OpenApiAuthenticationExtension):
    target_class = "users.auth.CognitoAuthentication"
    name = "cognitoJWT"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A Cognito user pool ID or access token (AUTH_MODE cognito).",
        }
