"""Helpers for the integrations tests: the providers' fakes served on 127.0.0.1 with the
settings pointed at them (fixtures in conftest.py), and what a browser does in between."""

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import requests

from integrations.fakes.base import serve
from integrations.fakes.whoop import WhoopFake

WHOOP_CLIENT_ID = "fitspace-test"
WHOOP_CLIENT_SECRET = "whoop-test-client-secret"  # a fake provider's, not a real secret


@contextmanager
def whoop_fake_for(settings) -> Iterator[WhoopFake]:
    """A WHOOP fake on a free port of 127.0.0.1, with the settings pointed at it."""
    fake = WhoopFake(client_id=WHOOP_CLIENT_ID, client_secret=WHOOP_CLIENT_SECRET)
    with serve(fake) as base:
        settings.WHOOP_CLIENT_ID = WHOOP_CLIENT_ID
        settings.WHOOP_CLIENT_SECRET = WHOOP_CLIENT_SECRET
        settings.WHOOP_AUTHORIZE_URL = f"{base}/oauth/oauth2/auth"
        settings.WHOOP_TOKEN_URL = f"{base}/oauth/oauth2/token"
        settings.WHOOP_API_URL = f"{base}/developer"
        fake.base_url = base
        yield fake


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def authorize(authorize_url: str) -> str:
    """What a browser does at the provider: follow the authorize URL, get the redirect back."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def connect(client, provider: str = "whoop") -> str:
    """Connect the client's user to `provider` through its fake; returns the app redirect."""
    started = client.post(f"/api/v1/integrations/{provider}/connect")
    assert started.status_code == 201, started.content
    callback = authorize(started.json()["authorize_url"])
    split = urlsplit(callback)
    finished = client.get(f"{split.path}?{split.query}")
    assert finished.status_code == 302
    return finished["Location"]
