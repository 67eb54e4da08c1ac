"""The inbox: one service any app writes to, read and marked by its owner only."""

import pytest

from inbox.models import Notification
from inbox.services import notify

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/notifications"


def test_unread_come_first_then_newest(user_client, user):
    old = notify(user=user, kind="test", title="Old")
    read = notify(user=user, kind="test", title="Read")
    new = notify(user=user, kind="test", title="New")
    user_client.post(f"{INBOX}/{read.pk}/read")

    titles = [n["title"] for n in user_client.get(INBOX).json()["results"]]

    assert titles == ["New", "Old", "Read"]
    assert {old.pk, new.pk} == set(
        Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)
    )


def test_unread_count_and_mark_all_read(user_client, user):
    for n in range(3):
        notify(user=user, kind="test", title=f"Message {n}")

    before = user_client.get(f"{INBOX}/unread-count").json()
    marked = user_client.post(f"{INBOX}/read-all").json()
    after = user_client.get(f"{INBOX}/unread-count").json()

    assert (before, marked, after) == ({"unread": 3}, {"marked": 3}, {"unread": 0})


def test_a_key_lets_a_message_through_once(user):
    first = notify(user=user, kind="goal_reached", title="Goal", dedupe_key="goal:1:2026-W47")
    second = notify(user=user, kind="goal_reached", title="Goal", dedupe_key="goal:1:2026-W47")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(user=user).count() == 1


def test_someone_elses_message_is_404_and_stays_unread(user_client, other_user):
    theirs = notify(user=other_user, kind="test", title="Theirs")

    assert user_client.get(f"{INBOX}/{theirs.pk}").status_code == 404
    assert user_client.post(f"{INBOX}/{theirs.pk}/read").status_code == 404
    assert user_client.post(f"{INBOX}/read-all").json() == {"marked": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
