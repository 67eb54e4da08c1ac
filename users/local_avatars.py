"""A local stand-in for the avatar bucket, so `make run` has the whole avatar flow with no AWS.

It speaks the same protocol as S3's presigned POST: the API hands out a form (`url` and
`fields`: the key, the content type and a signed policy), the client POSTs the fields and then
the `file` as multipart/form-data, and the stand-in enforces the policy as S3 does (the exact
key, the content type, 1 byte to AVATAR_MAX_BYTES, before it expires) — more than moto_server,
which stores whatever it is sent. Downloads are short-lived signed links. Files live under
AVATAR_LOCAL_ROOT. Never on a deployed stage: settings refuse it there.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fitspace.error_responses import json_error

UPLOAD_SALT = "fitspace.users.local-avatars.upload"
DOWNLOAD_SALT = "fitspace.users.local-avatars.download"


def enabled() -> bool:
    """In use when no bucket is configured and a local folder is (never on AWS)."""
    return not settings.AVATAR_BUCKET and bool(settings.AVATAR_LOCAL_ROOT)


def _path(key: str) -> Path:
    root = Path(settings.AVATAR_LOCAL_ROOT).resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise ValueError(f"{key!r} is not a key under the avatar folder")
    return path


def _meta_path(key: str) -> Path:
    return _path(key).with_name(_path(key).name + ".json")


def _absolute(path: str) -> str:
    return settings.AVATAR_LOCAL_BASE_URL.rstrip("/") + path


def upload_form(key: str, content_type: str) -> dict:
    policy = signing.dumps(
        {"key": key, "type": content_type, "max": settings.AVATAR_MAX_BYTES}, salt=UPLOAD_SALT
    )
    return {
        "url": _absolute(reverse("local-avatar-upload")),
        "fields": {"key": key, "Content-Type": content_type, "policy": policy},
    }


def stored(key: str) -> tuple[int, str, bytes] | None:
    """Size, content type and first bytes of an upload, or None."""
    try:
        path, meta = _path(key), _meta_path(key)
    except ValueError:
        return None
    if not path.is_file():
        return None
    with path.open("rb") as upload:
        head = upload.read(16)
    content_type = json.loads(meta.read_text())["content_type"] if meta.is_file() else ""
    return path.stat().st_size, content_type, head


def read(key: str) -> tuple[bytes, str]:
    """The whole upload and its content type (FileNotFoundError when there is none)."""
    found = stored(key)
    if found is None:
        raise FileNotFoundError(key)
    return _path(key).read_bytes(), found[1]


def delete(key: str) -> None:
    for path in (_path(key), _meta_path(key)):
        path.unlink(missing_ok=True)


def download_url(key: str, *, seconds: int | None = None) -> str:
    """A signed link to `key`, valid AVATAR_URL_SECONDS or `seconds`."""
    payload = key if seconds is None else {"key": key, "seconds": seconds}
    token = signing.dumps(payload, salt=DOWNLOAD_SALT)
    return _absolute(reverse("local-avatar-download") + f"?token={token}")


def store(key: str, content: bytes, *, content_type: str) -> None:
    """Keep a file the app itself writes (a large export), as S3's put_object would."""
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    _meta_path(key).write_text(json.dumps({"content_type": content_type}))


@csrf_exempt  # the signed policy is the credential, as with S3
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Store a file POSTed with a form from `upload_form`; 204 like S3, or a JSON refusal."""
    if not enabled():
        return json_error(status=404, code="not_found", detail="Not found.")
    try:
        policy = signing.loads(
            request.POST.get("policy", ""),
            salt=UPLOAD_SALT,
            max_age=settings.AVATAR_UPLOAD_SECONDS,
        )
    except signing.SignatureExpired:
        return json_error(status=403, code="policy_expired", detail="The upload form expired.")
    except signing.BadSignature:
        return json_error(status=403, code="policy_invalid", detail="Not a valid upload form.")
    if request.POST.get("key") != policy["key"]:
        return json_error(status=403, code="policy_mismatch", detail="Not the form's key.")
    if request.POST.get("Content-Type") != policy["type"]:
        return json_error(status=403, code="policy_mismatch", detail="Not the form's content type.")
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return json_error(status=400, code="file_missing", detail="Send the file as `file`.")
    if not 1 <= upload_file.size <= policy["max"]:
        return json_error(
            status=400,
            code="entity_too_large" if upload_file.size else "entity_too_small",
            detail=f"The file must have 1 to {policy['max']} bytes.",
        )
    path = _path(policy["key"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        for chunk in upload_file.chunks():
            target.write(chunk)
    _meta_path(policy["key"]).write_text(json.dumps({"content_type": policy["type"]}))
    return HttpResponse(status=204)


@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """Serve an upload for a link from `download_url` while it is valid."""
    if not enabled():
        return json_error(status=404, code="not_found", detail="Not found.")
    try:
        token = request.GET.get("token", "")
        payload = signing.loads(token, salt=DOWNLOAD_SALT)
        key, seconds = (
            (payload["key"], payload["seconds"])
            if isinstance(payload, dict)
            else (payload, settings.AVATAR_URL_SECONDS)
        )
        signing.loads(token, salt=DOWNLOAD_SALT, max_age=seconds)
        found = stored(key)
    except signing.BadSignature:
        return json_error(
            status=403, code="link_invalid", detail="This link is invalid or expired."
        )
    if found is None:
        return json_error(status=404, code="not_found", detail="Not found.")
    return FileResponse(_path(key).open("rb"), content_type=found[1])
