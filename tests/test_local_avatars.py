"""The local stand-in for the avatar bucket (`make run` without AWS), over real HTTP: the same
three steps as with S3, and the upload policy enforced as S3 enforces it."""

import time

import pytest
import requests
from django.core import signing

from tests.test_avatars import AVATAR, png

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def local_storage(settings, tmp_path, live_server):
    settings.AVATAR_BUCKET = ""
    settings.AVATAR_LOCAL_ROOT = str(tmp_path / "avatars")
    settings.AVATAR_LOCAL_BASE_URL = live_server.url
    return tmp_path / "avatars"


def ask_form(client, content_type="image/png") -> dict:
    response = client.post(AVATAR, {"content_type": content_type}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def post_form(form: dict, content: bytes, **changes):
    fields = {**form["fields"], **changes}
    return requests.post(
        form["url"], data=fields, files={"file": ("me.png", content, "image/png")}, timeout=10
    )


def test_form_upload_confirm_and_download_as_with_s3(user_client, user, local_storage):
    picture = png()
    form = ask_form(user_client)

    uploaded = post_form(form, picture)
    confirmed = user_client.put(AVATAR, {"key": form["key"]}, format="json")
    link = user_client.get("/api/v1/users/me").json()["avatar_url"]
    downloaded = requests.get(link, timeout=10)

    assert uploaded.status_code == 204, uploaded.text
    assert form["key"].startswith(f"avatars/{user.id}/")
    assert confirmed.status_code == 200, confirmed.json()
    assert downloaded.status_code == 200
    assert downloaded.content == picture
    assert downloaded.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"Content-Type": "text/html"}, 403, "policy_mismatch"),
        ({"key": "avatars/1/someone-elses.png"}, 403, "policy_mismatch"),
        ({"policy": "forged"}, 403, "policy_invalid"),
    ],
)
def test_the_policy_is_enforced(user_client, local_storage, change, status, code):
    form = ask_form(user_client)

    response = post_form(form, png(), **change)

    assert response.status_code == status
    assert response.json()["errors"][0]["code"] == code
    assert not any(local_storage.rglob("*.png"))


def test_a_file_over_the_limit_is_refused(user_client, local_storage, settings):
    settings.AVATAR_MAX_BYTES = 64
    form = ask_form(user_client)

    response = post_form(form, png(width=64, height=64))

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "entity_too_large"


def test_an_expired_form_is_refused(user_client, local_storage, settings, monkeypatch):
    form = ask_form(user_client)
    later = time.time() + settings.AVATAR_UPLOAD_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = post_form(form, png())

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "policy_expired"


def test_a_picture_link_expires(user_client, local_storage, settings, monkeypatch):
    form = ask_form(user_client)
    post_form(form, png())
    user_client.put(AVATAR, {"key": form["key"]}, format="json")
    link = user_client.get("/api/v1/users/me").json()["avatar_url"]
    later = time.time() + settings.AVATAR_URL_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    assert requests.get(link, timeout=10).status_code == 403


def test_a_key_that_climbs_out_of_the_folder_finds_nothing(user_client, user, local_storage):
    outside = local_storage.parent / "secret.png"
    outside.write_bytes(png())

    response = user_client.put(
        AVATAR, {"key": f"avatars/{user.id}/../../secret.png"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "Nothing was uploaded under this key."
    assert outside.exists()


def test_a_wrong_type_is_refused_and_deleted_like_on_s3(user_client, local_storage):
    form = ask_form(user_client)
    post_form(form, b"<html>not a picture</html>")

    response = user_client.put(AVATAR, {"key": form["key"]}, format="json")

    assert response.status_code == 400
    assert not any(local_storage.rglob("*.png"))


def test_the_stand_in_is_off_with_a_bucket(client, settings, tmp_path):
    settings.AVATAR_BUCKET = "a-bucket"
    settings.AVATAR_LOCAL_ROOT = str(tmp_path)
    token = signing.dumps("avatars/1/x.png", salt="fitspace.users.local-avatars.download")

    assert client.post("/local-avatars/upload").status_code == 404
    assert client.get(f"/local-avatars/download?token={token}").status_code == 404
