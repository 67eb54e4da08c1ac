"""Profile pictures, end to end over real HTTP against moto_server on 127.0.0.1: the API hands
out a presigned POST, the client uploads straight to S3, the API checks the upload and the
profile links it with a short-lived presigned GET.

moto_server stores what a presigned POST sends without evaluating the POST policy, so S3's own
refusal of a wrong type or an oversized file cannot happen here: the tests check that the policy
asks S3 for exactly those limits, and that the API refuses (and deletes) any upload that breaks
them, which is the second line of defence on AWS as well."""

import base64
import json
import struct
import uuid
import zlib

import boto3
import pytest
import requests

from users.models import User

pytestmark = pytest.mark.django_db

AVATAR = "/api/v1/users/me/avatar"


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def bucket(aws_on_moto, settings) -> str:
    name = f"fitspace-avatars-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", region_name="us-east-1", endpoint_url=aws_on_moto).create_bucket(Bucket=name)
    settings.AVATAR_BUCKET = name
    settings.AVATAR_S3_ENDPOINT_URL = aws_on_moto
    return name


def objects_in(bucket: str) -> list[str]:
    listing = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def upload(client, content: bytes, *, content_type: str = "image/png", sent_as: str | None = None):
    """Ask for a form, then POST the file to S3 over HTTP as a browser would."""
    form = client.post(AVATAR, {"content_type": content_type}, format="json")
    assert form.status_code == 201, form.json()
    form = form.json()
    fields = dict(form["fields"])
    if sent_as:
        fields["Content-Type"] = sent_as
    response = requests.post(
        form["url"],
        data=fields,
        files={"file": ("avatar", content, sent_as or content_type)},
        timeout=10,
    )
    return form, response


def test_upload_a_picture_and_see_it_in_the_profile(user_client, user, client_for, bucket):
    picture = png()

    form, uploaded = upload(user_client, picture)
    confirmed = user_client.put(AVATAR, {"key": form["key"]}, format="json")

    assert uploaded.status_code == 204, uploaded.text
    assert form["key"].startswith(f"avatars/{user.id}/")
    assert form["key"].endswith(".png")
    assert confirmed.status_code == 200, confirmed.json()
    link = user_client.get("/api/v1/users/me").json()["avatar_url"]
    assert "X-Amz-Signature" in link
    assert "Expires=300" in link or "X-Amz-Expires=300" in link
    downloaded = requests.get(link, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == picture
    # Others see it on the public profile.
    public = client_for(User.objects.create_user("ben@example.com", None, name="Ben")).get(
        f"/api/v1/users/{user.id}"
    )
    assert public.json()["avatar_url"].startswith(form["url"].rstrip("/"))


def test_the_upload_policy_pins_key_type_and_size(user_client, bucket, settings):
    form = user_client.post(AVATAR, {"content_type": "image/webp"}, format="json").json()

    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    conditions = policy["conditions"]

    assert {"bucket": bucket} in conditions
    assert {"key": form["key"]} in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert ["content-length-range", 1, settings.AVATAR_MAX_BYTES] in conditions
    assert form["max_bytes"] == settings.AVATAR_MAX_BYTES
    assert form["expires_in"] == settings.AVATAR_UPLOAD_SECONDS


def test_only_jpeg_png_or_webp_may_be_asked_for(user_client, bucket):
    response = user_client.post(AVATAR, {"content_type": "image/gif"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "content_type"


def test_an_oversized_upload_is_refused_and_deleted(user_client, bucket, settings):
    settings.AVATAR_MAX_BYTES = 64
    form, _ = upload(user_client, png(width=64, height=64))

    response = user_client.put(AVATAR, {"key": form["key"]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "key"
    assert "larger than 64 bytes" in response.json()["errors"][0]["detail"]
    assert objects_in(bucket) == []


@pytest.mark.parametrize(
    ("content", "sent_as"),
    [(b"<html>not a picture</html>", None), (png(), "text/html"), (b"GIF89a....", "image/gif")],
)
def test_an_upload_of_the_wrong_type_is_refused_and_deleted(user_client, bucket, content, sent_as):
    form, _ = upload(user_client, content, sent_as=sent_as)

    response = user_client.put(AVATAR, {"key": form["key"]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "The upload is not a JPEG, PNG or WebP image."
    assert objects_in(bucket) == []
    assert user_client.get("/api/v1/users/me").json()["avatar_url"] is None


def test_another_users_key_is_refused(user_client, bucket, other_user):
    response = user_client.put(
        AVATAR, {"key": f"avatars/{other_user.id}/theirs.png"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "Not an upload key issued to you."


def test_a_key_with_nothing_uploaded_is_refused(user_client, user, bucket):
    response = user_client.put(AVATAR, {"key": f"avatars/{user.id}/never.png"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "Nothing was uploaded under this key."


def test_a_new_picture_replaces_and_deletes_the_old_one(
    user_client, bucket, django_capture_on_commit_callbacks
):
    first, _ = upload(user_client, png())
    user_client.put(AVATAR, {"key": first["key"]}, format="json")
    second, _ = upload(user_client, png(width=3))

    with django_capture_on_commit_callbacks(execute=True):
        user_client.put(AVATAR, {"key": second["key"]}, format="json")

    assert objects_in(bucket) == [second["key"]]


def test_removing_the_picture_deletes_it(
    user_client, user, bucket, django_capture_on_commit_callbacks
):
    form, _ = upload(user_client, png())
    user_client.put(AVATAR, {"key": form["key"]}, format="json")

    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.delete(AVATAR)

    assert response.status_code == 200
    assert response.json()["avatar_url"] is None
    assert objects_in(bucket) == []


def test_without_a_bucket_or_a_local_folder_avatars_are_503(user_client, settings):
    settings.AVATAR_BUCKET = ""
    settings.AVATAR_LOCAL_ROOT = ""
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged

    response = user_client.post(AVATAR, {"content_type": "image/png"}, format="json")

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "avatars_unavailable"
