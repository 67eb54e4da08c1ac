"""The generic fake OAuth 2.0 provider: subclass it and add data routes (see whoop.py)."""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    @property
    def bearer(self) -> str:
        scheme, _, value = self.headers.get("authorization", "").partition(" ")
        return value if scheme.lower() == "bearer" else ""


@dataclass
class FakeResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> tuple[str, list[tuple[str, str]], bytes]:
        raw = b"" if self.body is None else json.dumps(self.body).encode()
        headers = dict(self.headers)
        if self.body is not None:
            headers.setdefault("Content-Type", "application/json")
        return f"{self.status} {HTTPStatus(self.status).phrase}", list(headers.items()), raw


def oauth_error(error: str, description: str = "", status: int = 400) -> FakeResponse:
    return FakeResponse(status, {"error": error, "error_description": description or error})


@dataclass
class Grant:
    user_id: int
    scope: str


@dataclass
class PendingCode:
    client_id: str
    redirect_uri: str
    code_challenge: str
    grant: Grant
    expires: float


Handler = Callable[[FakeRequest, Grant], FakeResponse]


class FakeOAuthProvider:
    """An authorization-code OAuth 2.0 server in memory, thread-safe, as a WSGI app.

    Authorize approves at once as a new provider user (or, with `deny_next`, redirects back
    with `error=access_denied`). The token endpoint checks the client (form or HTTP Basic, as
    `client_auth` says), the code, the redirect URI and the PKCE verifier (S256), and
    rotates refresh tokens: a spent one is `invalid_grant`, as is any while
    `force_invalid_grant` is on. `refresh_grants` counts refreshes that succeeded.
    Subclasses add API routes with `self.api(method, path, handler)`: the handler gets the
    request and the grant of its bearer token (401 without a valid one).
    """

    authorize_path = "/oauth/authorize"
    grant_path = "/oauth/token"
    client_auth = "client_secret_post"
    pkce_required = False
    first_user_id = 10_000

    def __init__(self, *, client_id: str, client_secret: str, access_token_seconds: int = 3600):
        self.client_id, self.client_secret = client_id, client_secret
        self.access_token_seconds = access_token_seconds
        self.lock = threading.RLock()
        self.codes: dict[str, PendingCode] = {}
        self.access_tokens: dict[str, tuple[Grant, float]] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        self.spent_refresh_tokens: set[str] = set()
        self.refresh_grants = 0
        self.force_invalid_grant = False
        self.deny_next = False
        # Tests of races: a refresh announces itself, then waits for the gate to open.
        self.refresh_started = threading.Event()
        self.refresh_gate: threading.Event | None = None
        self.next_user_id = self.first_user_id
        self.routes: dict[tuple[str, str], Handler] = {}
        self.prefix_routes: list[tuple[str, str, Handler]] = []

    # --- routes ---------------------------------------------------------------------------
    def api(self, method: str, path: str, handler: Handler, *, prefix: bool = False) -> None:
        if prefix:
            self.prefix_routes.append((method, path, handler))
        else:
            self.routes[(method, path)] = handler

    def handle(self, request: FakeRequest) -> FakeResponse:
        if request.method == "GET" and request.path == self.authorize_path:
            return self.authorize(request)
        if request.method == "POST" and request.path == self.grant_path:
            return self.token(request)
        handler = self.routes.get((request.method, request.path))
        if handler is None:
            handler = next(
                (
                    h
                    for m, p, h in self.prefix_routes
                    if m == request.method and request.path.startswith(p)
                ),
                None,
            )
        if handler is None:
            return FakeResponse(404, {"message": "not found"})
        grant = self.grant_for(request.bearer)
        if grant is None:
            return FakeResponse(401, {"message": "Authorization was not valid"})
        return handler(request, grant)

    def grant_for(self, access_token: str) -> Grant | None:
        with self.lock:
            found = self.access_tokens.get(access_token)
        if found is None or found[1] < time.time():
            return None
        return found[0]

    # --- OAuth ----------------------------------------------------------------------------
    def new_user(self) -> int:
        with self.lock:
            self.next_user_id += 1
            return self.next_user_id

    def authorize(self, request: FakeRequest) -> FakeResponse:
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return oauth_error("invalid_client", "unknown client_id or no redirect_uri")
        back = {"state": query.get("state", "")}
        with self.lock:
            deny, self.deny_next = self.deny_next, False
        if deny:
            back |= {"error": "access_denied", "error_description": "The user said no"}
        else:
            if query.get("response_type") != "code":
                return oauth_error("unsupported_response_type")
            challenge = query.get("code_challenge", "")
            if challenge and query.get("code_challenge_method") != "S256":
                return oauth_error("invalid_request", "only S256 code challenges")
            if self.pkce_required and not challenge:
                return oauth_error("invalid_request", "PKCE is required")
            code = secrets.token_urlsafe(24)
            grant = Grant(user_id=self.new_user(), scope=query.get("scope", ""))
            with self.lock:
                self.codes[code] = PendingCode(
                    self.client_id, redirect_uri, challenge, grant, time.time() + 600
                )
                self.on_new_user(grant.user_id)
            back["code"] = code
        separator = "&" if "?" in redirect_uri else "?"
        return FakeResponse(
            302, headers={"Location": f"{redirect_uri}{separator}{urlencode(back)}"}
        )

    def on_new_user(self, user_id: int) -> None:
        """A hook for subclasses: give a new provider user some data."""

    def client_authenticated(self, request: FakeRequest) -> bool:
        form = request.form
        if self.client_auth == "client_secret_basic":
            scheme, _, value = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "basic":
                return False
            try:
                client_id, _, secret = base64.b64decode(value).decode().partition(":")
            except ValueError:
                return False
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def token(self, request: FakeRequest) -> FakeResponse:
        if not self.client_authenticated(request):
            return oauth_error("invalid_client", "client authentication failed", 401)
        form = request.form
        if form.get("grant_type") == "authorization_code":
            with self.lock:
                pending = self.codes.pop(form.get("code", ""), None)
            if pending is None or pending.expires < time.time():
                return oauth_error("invalid_grant", "unknown, used or expired code")
            if form.get("redirect_uri") != pending.redirect_uri:
                return oauth_error("invalid_grant", "redirect_uri does not match")
            if pending.code_challenge:
                verifier = form.get("code_verifier", "").encode()
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
                if not secrets.compare_digest(digest.decode(), pending.code_challenge):
                    return oauth_error("invalid_grant", "PKCE verification failed")
            return self.issue(pending.grant)
        if form.get("grant_type") == "refresh_token":
            refresh = form.get("refresh_token", "")
            self.refresh_started.set()
            if self.refresh_gate is not None:
                self.refresh_gate.wait(timeout=30)
            with self.lock:
                grant = self.refresh_tokens.pop(refresh, None)
                if grant is None or self.force_invalid_grant:
                    return oauth_error("invalid_grant", "the refresh token is invalid")
                self.spent_refresh_tokens.add(refresh)
                self.refresh_grants += 1
            return self.issue(grant)
        return oauth_error("unsupported_grant_type")

    def issue(self, grant: Grant) -> FakeResponse:
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.lock:
            self.access_tokens[access] = (grant, time.time() + self.access_token_seconds)
            self.refresh_tokens[refresh] = grant
        body = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.access_token_seconds,
            "refresh_token": refresh,
            "scope": grant.scope,
        }
        return FakeResponse(200, body, {"Cache-Control": "no-store"})

    def revoke_user(self, user_id: int) -> None:
        """Forget every token of a provider user (a revoke endpoint calls this)."""
        with self.lock:
            for store in (self.access_tokens,):
                for token in [t for t, (g, _) in store.items() if g.user_id == user_id]:
                    del store[token]
            for token in [t for t, g in self.refresh_tokens.items() if g.user_id == user_id]:
                del self.refresh_tokens[token]

    def expire_access_tokens(self) -> None:
        """Make every access token expired now (tests of refresh)."""
        with self.lock:
            for token, (grant, _) in list(self.access_tokens.items()):
                self.access_tokens[token] = (grant, 0.0)

    # --- WSGI -----------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = FakeRequest(
            method=environ["REQUEST_METHOD"].upper(),
            path=environ.get("PATH_INFO", "/") or "/",
            query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
            headers={
                key[5:].replace("_", "-").lower(): value
                for key, value in environ.items()
                if key.startswith("HTTP_")
            }
            | {"content-type": environ.get("CONTENT_TYPE", "")},
            body=environ["wsgi.input"].read(length) if length else b"",
        )
        status, headers, body = self.handle(request).encode()
        start_response(status, headers)
        return [body]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log: URLs carry codes and states."""


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serve(app: Callable, *, port: int = 0) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 in a thread; yields its base URL (port 0: any free)."""
    server = make_server("127.0.0.1", port, app, _ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
