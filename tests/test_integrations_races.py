"""Races on real PostgreSQL transactions: two syncs refreshing one connection at once spend
its (rotating) refresh token once; two callbacks with one state connect once."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from integrations.models import Connection, OAuthState
from integrations.providers import get_provider
from integrations.services import connection_access_token, oauth_state_consume
from tests.factories import UserFactory
from tests.integrations_support import connect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; the race needs PostgreSQL")


def in_threads(*jobs) -> tuple[list, list, list]:
    results: list = [None] * len(jobs)
    errors: list = []

    def run(index, job):
        try:
            results[index] = job()
        except Exception as exc:  # reported by the caller
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    return threads, results, errors


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_two_refreshes_at_once_spend_the_refresh_token_once(client_for, whoop_fake):
    user = UserFactory()
    connect(client_for(user))
    conn = Connection.objects.get(user=user)
    Connection.objects.filter(pk=conn.pk).update(expires_at=timezone.now())
    whoop = get_provider("whoop")
    whoop_fake.refresh_gate = threading.Event()

    def refresh():
        return connection_access_token(connection_id=conn.pk, provider=whoop)

    threads, results, errors = in_threads(refresh, refresh)
    # One thread is inside the refresh, holding the row; the other must be waiting for it.
    assert whoop_fake.refresh_started.wait(timeout=30)
    for _ in range(300):
        if someone_waits_for_a_lock():
            break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the second refresh never waited for the row lock")
    whoop_fake.refresh_gate.set()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert whoop_fake.refresh_grants == 1
    stored = Connection.objects.get(pk=conn.pk)
    assert results == [stored.access_token, stored.access_token]
    assert stored.refresh_token in whoop_fake.refresh_tokens


def test_two_callbacks_with_one_state_connect_once(client_for, whoop_fake):
    user = UserFactory()
    client_for(user).post("/api/v1/integrations/whoop/connect")
    state = OAuthState.objects.get().state

    def consume():
        return oauth_state_consume(provider="whoop", state=state)

    threads, results, errors = in_threads(*[consume] * 4)
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(bool(check.oauth_state) for check in results) == [False, False, False, True]
    assert {check.reason for check in results if not check.oauth_state} == {"state_used"}
