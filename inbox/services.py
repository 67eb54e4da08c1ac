"""The one way into an inbox: `notify`. Other apps call it; this app knows none of them."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from inbox.models import Notification
from users.models import User


@transaction.atomic
def notify(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Put a message in the user's inbox. With `dedupe_key`, at most one message per key ever
    reaches the user, also when two requests notify at once (the database decides); the
    second call returns None."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body[:2000],
                data=data or {},
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's messages read, or all of them; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
