"""The fakes mounted in the app under /local-fakes/<provider>/ for `make run`: one instance per
provider and process, configured with this stage's client id and secret. A 404 unless
INTEGRATIONS_LOCAL_FAKES (refused on dev and prod by the settings)."""

import io
from functools import cache

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.fakes.base import FakeOAuthProvider
from integrations.fakes.spotify import SpotifyFake
from integrations.fakes.whoop import WhoopFake


@cache
def fake(provider: str) -> FakeOAuthProvider | None:
    if provider == "whoop":
        return WhoopFake(
            client_id=settings.WHOOP_CLIENT_ID,
            client_secret=settings.WHOOP_CLIENT_SECRET,
            sample_days=14,
        )
    if provider == "spotify":
        return SpotifyFake(
            client_id=settings.SPOTIFY_CLIENT_ID,
            client_secret=settings.SPOTIFY_CLIENT_SECRET,
            base_url=settings.SPOTIFY_API_URL.rstrip("/"),
        )
    return None


@csrf_exempt
@transaction.non_atomic_requests
def serve(request: HttpRequest, provider: str, path: str) -> HttpResponse:
    app = fake(provider) if settings.INTEGRATIONS_LOCAL_FAKES else None
    if app is None:
        raise Http404
    body = request.body
    environ = dict(request.META)
    environ.update(
        PATH_INFO=path, CONTENT_LENGTH=str(len(body)), **{"wsgi.input": io.BytesIO(body)}
    )
    answer: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=int(status.split()[0]), headers=headers)

    content = b"".join(app(environ, start_response))
    response = HttpResponse(content, status=answer["status"])
    for name, value in answer["headers"]:
        response[name] = value
    return response
