"""OAuth tokens at rest: encrypted in the column, rotated onto a new key by a command, and
never shown in the API, the admin, logs or a connection's repr."""

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection as db

from integrations.models import Connection
from tests.factories import StaffUserFactory
from tests.integrations_support import connect

pytestmark = pytest.mark.django_db

ACCESS = "access-token-plain-text-1234567890"
REFRESH = "refresh-token-plain-text-0987654321"


def raw_tokens(pk: int) -> tuple[str, str]:
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM integrations_connection WHERE id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.fixture
def stored(user) -> Connection:
    return Connection.objects.create(
        user=user, provider="whoop", access_token=ACCESS, refresh_token=REFRESH, scopes="offline"
    )


def test_the_columns_hold_no_token_text(stored):
    access, refresh = raw_tokens(stored.pk)
    for cipher, plain in ((access, ACCESS), (refresh, REFRESH)):
        assert plain not in cipher
        assert "token-plain" not in cipher
        assert cipher.startswith("gAAAA")  # a Fernet token, version byte 0x80
    again = Connection.objects.get(pk=stored.pk)
    assert (again.access_token, again.refresh_token) == (ACCESS, REFRESH)


def test_tokens_from_a_real_sign_in_are_encrypted(user_client, user, whoop_fake):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    access, refresh = raw_tokens(connection.pk)
    assert connection.access_token in whoop_fake.access_tokens
    assert connection.access_token not in access
    assert connection.refresh_token not in refresh


def test_reencrypt_moves_rows_to_the_newest_key_and_is_idempotent(settings, user, stored, capsys):
    old_key = settings.INTEGRATIONS_TOKEN_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.INTEGRATIONS_TOKEN_KEYS = [new_key, old_key]
    empty = Connection.objects.create(user=stored.user, provider="other")  # no tokens
    before = raw_tokens(stored.pk)

    call_command("reencrypt_tokens", batch_size=1)
    output = capsys.readouterr()
    assert "re-encrypted 1 connection(s)" in output.out
    # Not a terminal: plain progress lines, one per batch of one row here, and a last one.
    assert "Re-encrypting tokens: 1/2 (50%)" in output.err
    assert "Re-encrypting tokens: done, 2" in output.err
    after = raw_tokens(stored.pk)
    assert after != before
    assert Fernet(new_key).decrypt(after[0].encode()).decode() == ACCESS
    assert Fernet(new_key).decrypt(after[1].encode()).decode() == REFRESH
    assert raw_tokens(empty.pk) == ("", "")

    call_command("reencrypt_tokens")
    assert "re-encrypted 0 connection(s)" in capsys.readouterr().out
    assert raw_tokens(stored.pk) == after
    # The old key can go now.
    settings.INTEGRATIONS_TOKEN_KEYS = [new_key]
    assert Connection.objects.get(pk=stored.pk).access_token == ACCESS


def test_a_connection_repr_and_str_carry_no_token(stored):
    assert ACCESS not in repr(stored)
    assert ACCESS not in str(stored)
    assert REFRESH not in repr(stored)


def test_the_admin_shows_status_but_no_token(client, stored):
    client.force_login(StaffUserFactory())
    listing = client.get("/admin/integrations/connection/")
    detail = client.get(f"/admin/integrations/connection/{stored.pk}/change/")
    assert listing.status_code == detail.status_code == 200
    for page in (listing, detail):
        text = page.content.decode()
        assert "active" in text
        assert ACCESS not in text
        assert REFRESH not in text
        assert raw_tokens(stored.pk)[0] not in text


def test_the_whole_flow_logs_no_token(user_client, user, whoop_fake, caplog):
    from django.utils import timezone

    from integrations.providers import get_provider
    from integrations.services import connection_access_token

    caplog.set_level(logging.DEBUG)
    connect(user_client)
    connection = Connection.objects.get(user=user)
    Connection.objects.filter(pk=connection.pk).update(expires_at=timezone.now())
    connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))
    refreshed = Connection.objects.get(pk=connection.pk)
    user_client.delete("/api/v1/integrations/whoop")
    logged = caplog.text
    for secret in (
        connection.access_token,
        connection.refresh_token,
        refreshed.access_token,
        refreshed.refresh_token,
        "whoop-test-client-secret",
    ):
        assert secret not in logged
