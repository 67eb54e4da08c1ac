"""Exports too large to answer from Lambda: stored in S3 and handed out as a short-lived link.

A stored export goes under `exports/<user id>/` in EXPORT_BUCKET (the avatar bucket unless set)
and is read with a presigned GET valid EXPORT_URL_SECONDS; a lifecycle rule on the prefix should
expire them (README). Without a bucket, off AWS (`make run`), the avatars' local stand-in
(users.local_avatars) keeps them under AVATAR_LOCAL_ROOT and serves them at signed links.
"""

import datetime as dt
import uuid

from django.conf import settings

from users import avatars, local_avatars


def available() -> bool:
    return bool(settings.EXPORT_BUCKET) or local_avatars.enabled()


def filename() -> str:
    return f"fitspace-export-{dt.date.today().isoformat()}.json"


def store(*, user_id: int, content: bytes) -> str:
    """Keep `content` (an export's JSON) and return a link to it valid EXPORT_URL_SECONDS."""
    key = f"exports/{user_id}/{uuid.uuid4().hex}.json"
    disposition = f'attachment; filename="{filename()}"'
    if not settings.EXPORT_BUCKET:
        local_avatars.store(key, content, content_type="application/json")
        return local_avatars.download_url(key, seconds=settings.EXPORT_URL_SECONDS)
    client = avatars.s3_client()
    client.put_object(
        Bucket=settings.EXPORT_BUCKET,
        Key=key,
        Body=content,
        ContentType="application/json",
        ContentDisposition=disposition,
    )
    return client.generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.EXPORT_BUCKET, "Key": key},
        ExpiresIn=settings.EXPORT_URL_SECONDS,
    )
