from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class SignInRateThrottle(SimpleRateThrottle):
    """Sign-up, sign-in and token refresh: per client IP, signed in or not (rate "auth")."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SearchRateThrottle(UserRateThrottle):
    """User search, per user (rate "search"): an address cannot be tried in bulk."""

    scope = "search"
