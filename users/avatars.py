"""Profile pictures in S3: the client uploads straight to S3 with a presigned POST, then tells
the API which object it uploaded; the API checks it before showing it on the profile.

Without a bucket (`make run`), `users.local_avatars` stands in for S3 with the same protocol."""

import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from users import local_avatars

# Content type -> (file extension, magic numbers the file must start with)
IMAGE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "image/jpeg": ("jpg", (b"\xff\xd8\xff",)),
    "image/png": ("png", (b"\x89PNG\r\n\x1a\n",)),
    "image/webp": ("webp", (b"RIFF",)),  # and b"WEBP" at offset 8, checked below
}


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str
    head: bytes


def available() -> bool:
    """A bucket, or (off AWS) the local stand-in."""
    return bool(settings.AVATAR_BUCKET) or local_avatars.enabled()


def s3_client():
    return _s3_client(settings.AVATAR_BUCKET_REGION, settings.AVATAR_S3_ENDPOINT_URL or None)


@cache
def _s3_client(region: str, endpoint_url: str | None):
    # One client per container: creating one costs milliseconds, presigning with it microseconds.
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        # Path-style for an S3-compatible endpoint (moto_server, MinIO); AWS's default otherwise.
        config=Config(
            signature_version="s3v4", s3={"addressing_style": "path"} if endpoint_url else {}
        ),
    )


def user_prefix(user_id: int, folder: str = "avatars") -> str:
    """Where a user's uploads of one kind go: `avatars/<id>/`, or another app's folder in the
    same bucket (the wellness skin log's `skin/<id>/`)."""
    return f"{folder}/{user_id}/"


def new_key(user_id: int, content_type: str, folder: str = "avatars") -> str:
    extension = IMAGE_TYPES[content_type][0]
    return f"{user_prefix(user_id, folder)}{uuid.uuid4().hex}.{extension}"


def check_upload(key: str, *, prefix: str) -> None:
    """Refuse (a 400 naming `key`) an upload that is not the caller's (`prefix`), is missing,
    too large, or not the image its type says; a refused upload is deleted."""
    from rest_framework.exceptions import ValidationError

    if not key.startswith(prefix):
        raise ValidationError({"key": ["Not an upload key issued to you."]}, code="invalid")
    stored = stored_object(key)
    if stored is None:
        raise ValidationError({"key": ["Nothing was uploaded under this key."]}, code="not_found")
    problem = None
    if stored.size > settings.AVATAR_MAX_BYTES:
        problem = f"The picture is larger than {settings.AVATAR_MAX_BYTES} bytes."
    elif not looks_like(stored.content_type, stored.head):
        problem = "The upload is not a JPEG, PNG or WebP image."
    if problem:
        delete(key)
        raise ValidationError({"key": [problem]}, code="invalid_image")


def read(key: str) -> tuple[bytes, str]:
    """A whole stored image and its content type (for analysis; at most AVATAR_MAX_BYTES)."""
    if local_avatars.enabled():
        return local_avatars.read(key)
    response = s3_client().get_object(Bucket=settings.AVATAR_BUCKET, Key=key)
    return response["Body"].read(settings.AVATAR_MAX_BYTES + 1), response.get("ContentType", "")


def upload_offer(key: str, content_type: str) -> dict:
    """What the API answers to "start an upload" (AvatarUploadFormSerializer): the presigned
    form, the key to confirm afterwards, and the limits it holds the upload to."""
    return {
        **upload_form(key, content_type),
        "key": key,
        "max_bytes": settings.AVATAR_MAX_BYTES,
        "expires_in": settings.AVATAR_UPLOAD_SECONDS,
    }


def upload_form(key: str, content_type: str) -> dict:
    """A presigned POST that S3 accepts only for this key, this content type and a size
    between 1 byte and AVATAR_MAX_BYTES."""
    if local_avatars.enabled():
        return local_avatars.upload_form(key, content_type)
    form = s3_client().generate_presigned_post(
        Bucket=settings.AVATAR_BUCKET,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", 1, settings.AVATAR_MAX_BYTES],
        ],
        ExpiresIn=settings.AVATAR_UPLOAD_SECONDS,
    )
    return {"url": form["url"], "fields": form["fields"]}


def stored_object(key: str) -> StoredObject | None:
    """Size, type and first bytes of an uploaded object, or None when there is none."""
    if local_avatars.enabled():
        found = local_avatars.stored(key)
        return StoredObject(*found) if found else None
    from botocore.exceptions import ClientError

    client = s3_client()
    try:
        head = client.head_object(Bucket=settings.AVATAR_BUCKET, Key=key)
        first_bytes = client.get_object(Bucket=settings.AVATAR_BUCKET, Key=key, Range="bytes=0-15")
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
    return StoredObject(
        size=head["ContentLength"],
        content_type=head.get("ContentType", ""),
        head=first_bytes["Body"].read(),
    )


def looks_like(content_type: str, head: bytes) -> bool:
    """Whether the file's first bytes are those of its declared image type."""
    if content_type not in IMAGE_TYPES:
        return False
    _, signatures = IMAGE_TYPES[content_type]
    if not head.startswith(signatures):
        return False
    return content_type != "image/webp" or head[8:12] == b"WEBP"


def delete(key: str) -> None:
    if local_avatars.enabled():
        local_avatars.delete(key)
        return
    s3_client().delete_object(Bucket=settings.AVATAR_BUCKET, Key=key)


def download_url(key: str) -> str | None:
    """A short-lived presigned GET (the bucket stays private); None without a bucket."""
    if local_avatars.enabled():
        return local_avatars.download_url(key)
    if not settings.AVATAR_BUCKET:
        return None
    return s3_client().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.AVATAR_BUCKET, "Key": key},
        ExpiresIn=settings.AVATAR_URL_SECONDS,
    )
