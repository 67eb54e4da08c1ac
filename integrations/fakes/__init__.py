"""Local fakes of the providers, built from their public documentation: an OAuth 2.0 server
(authorize redirect, token endpoint with PKCE, rotating refresh tokens and `invalid_grant`) and
each provider's data endpoints and webhooks, as plain WSGI apps. Tests serve them on 127.0.0.1
(`serve`); `make run` mounts them under /local-fakes/<provider>/ (never on dev or prod)."""
