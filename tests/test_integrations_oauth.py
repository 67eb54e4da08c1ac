"""Connecting a service over OAuth against the local fake over real HTTP: connect → callback
(state single-use, expiry, provider errors) → list → refresh and rotation → invalid_grant →
disconnect."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from inbox.models import Notification
from integrations.models import Connection, OAuthState
from integrations.providers import get_provider
from integrations.services import ReconnectNeeded, connection_access_token
from tests.integrations_support import authorize, connect, query_of

pytestmark = pytest.mark.django_db


def callback_path(location: str) -> str:
    split = urlsplit(location)
    return f"{split.path}?{split.query}"


def test_connect_answers_an_authorize_url_with_state_and_pkce(user_client, user, whoop_fake):
    answer = user_client.post("/api/v1/integrations/whoop/connect")
    assert answer.status_code == 201
    url = answer.json()["authorize_url"]
    assert url.startswith(whoop_fake.base_url + "/oauth/oauth2/auth?")
    query = query_of(url)
    assert query["client_id"] == "fitspace-test"
    assert query["code_challenge_method"] == "S256"
    assert set(query["scope"].split()) == {
        "read:recovery",
        "read:cycles",
        "read:sleep",
        "read:workout",
        "read:profile",
        "offline",
    }
    assert query["redirect_uri"] == "http://testserver/api/v1/integrations/whoop/callback"
    state = OAuthState.objects.get(state=query["state"])
    assert state.user == user
    assert state.code_verifier
    assert state.code_verifier not in url
    assert timedelta(minutes=9) < state.expires_at - timezone.now() <= timedelta(minutes=10)


def test_the_whole_flow_connects_and_lists_without_tokens(user_client, user, whoop_fake):
    location = connect(user_client)
    assert location == "fitspace://integrations?provider=whoop&result=connected"
    connection = Connection.objects.get(user=user, provider="whoop")
    assert connection.status == "active"
    assert connection.provider_user_id == str(whoop_fake.first_user_id + 1)
    listed = user_client.get("/api/v1/integrations")
    assert listed.status_code == 200
    [item] = listed.json()
    assert (item["provider"], item["status"]) == ("whoop", "active")
    assert "offline" in item["scopes"]
    assert set(item) == {"provider", "status", "scopes", "connected_at", "last_synced_at"}
    assert connection.access_token not in listed.content.decode()


def test_a_state_works_once(user_client, whoop_fake):
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    callback = authorize(started["authorize_url"])
    first = user_client.get(callback_path(callback))
    assert query_of(first["Location"])["result"] == "connected"
    replay = user_client.get(callback_path(callback))
    assert query_of(replay["Location"]) == {
        "provider": "whoop",
        "result": "error",
        "reason": "state_used",
    }


def test_an_expired_state_is_refused(user_client, user, whoop_fake):
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    callback = authorize(started["authorize_url"])
    OAuthState.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = user_client.get(callback_path(callback))
    assert query_of(answer["Location"])["reason"] == "state_expired"
    assert not Connection.objects.exists()


def test_an_unknown_or_missing_state_is_refused(api_client, whoop_fake):
    for query in ("code=abc&state=not-a-state", "code=abc"):
        answer = api_client.get(f"/api/v1/integrations/whoop/callback?{query}")
        assert answer.status_code == 302
        assert query_of(answer["Location"])["reason"] == "state_unknown"


def test_the_state_decides_whose_connection_it_is(client_for, user, other_user, whoop_fake):
    """The callback is public: a browser signed in as someone else (or no one) still connects
    the person who started, and only them."""
    started = client_for(user).post("/api/v1/integrations/whoop/connect").json()
    callback = authorize(started["authorize_url"])
    client_for(other_user).get(callback_path(callback))
    assert list(Connection.objects.values_list("user", flat=True)) == [user.pk]


def test_a_state_of_another_provider_path_is_refused(user_client, whoop_fake, settings):
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    OAuthState.objects.update(provider="spotify")
    callback = authorize(started["authorize_url"])
    answer = user_client.get(callback_path(callback))
    assert query_of(answer["Location"])["reason"] == "state_unknown"


def test_the_provider_saying_no_is_an_error_result_and_spends_the_state(user_client, whoop_fake):
    whoop_fake.deny_next = True
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    callback = authorize(started["authorize_url"])
    answer = user_client.get(callback_path(callback))
    assert query_of(answer["Location"])["reason"] == "access_denied"
    assert OAuthState.objects.get().consumed_at is not None
    assert not Connection.objects.exists()


def test_a_hostile_error_parameter_is_not_passed_to_the_app(user_client, whoop_fake):
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    state = query_of(started["authorize_url"])["state"]
    answer = user_client.get(
        f"/api/v1/integrations/whoop/callback?state={state}&error=%3Cscript%3E"
    )
    assert query_of(answer["Location"])["reason"] == "provider_error"


def test_a_wrong_pkce_verifier_fails_the_exchange(user_client, whoop_fake):
    started = user_client.post("/api/v1/integrations/whoop/connect").json()
    callback = authorize(started["authorize_url"])
    OAuthState.objects.update(code_verifier="x" * 64)
    answer = user_client.get(callback_path(callback))
    assert query_of(answer["Location"])["reason"] == "token_exchange_failed"
    assert not Connection.objects.exists()


def test_unknown_provider_is_404(user_client, api_client):
    assert user_client.post("/api/v1/integrations/myspace/connect").status_code == 404
    assert user_client.delete("/api/v1/integrations/myspace").status_code == 404
    assert api_client.get("/api/v1/integrations/myspace/callback").status_code == 404


def test_an_unconfigured_provider_is_404(user_client, settings):
    settings.WHOOP_CLIENT_SECRET = ""
    assert user_client.post("/api/v1/integrations/whoop/connect").status_code == 404


def test_connect_and_list_need_a_signed_in_caller(api_client):
    assert api_client.post("/api/v1/integrations/whoop/connect").status_code == 401
    assert api_client.get("/api/v1/integrations").status_code == 401


def expire(connection: Connection) -> None:
    Connection.objects.filter(pk=connection.pk).update(
        expires_at=timezone.now() + timedelta(seconds=30)
    )


def test_a_token_about_to_expire_is_refreshed_and_the_rotated_refresh_token_kept(
    user_client, user, whoop_fake
):
    connect(user_client)
    before = Connection.objects.get(user=user)
    expire(before)
    token = connection_access_token(connection_id=before.pk, provider=get_provider("whoop"))
    after = Connection.objects.get(user=user)
    assert token == after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token
    assert before.refresh_token in whoop_fake.spent_refresh_tokens
    assert after.expires_at > timezone.now() + timedelta(minutes=30)
    assert whoop_fake.refresh_grants == 1


def test_a_fresh_token_is_used_as_it_is(user_client, user, whoop_fake):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    token = connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))
    assert token == connection.access_token
    assert whoop_fake.refresh_grants == 0


def test_invalid_grant_asks_the_user_to_reconnect_once(user_client, user, whoop_fake):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    expire(connection)
    whoop_fake.force_invalid_grant = True
    for _ in range(2):
        with pytest.raises(ReconnectNeeded):
            connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))
    connection.refresh_from_db()
    assert connection.status == "reconnect_needed"
    assert connection.access_token == connection.refresh_token == ""
    [message] = Notification.objects.filter(user=user)
    assert message.kind == "integration_reconnect"
    assert message.title == "Reconnect WHOOP"
    assert user_client.get("/api/v1/integrations").json()[0]["status"] == "reconnect_needed"
    # Connecting again makes it active again.
    whoop_fake.force_invalid_grant = False
    assert query_of(connect(user_client))["result"] == "connected"
    connection.refresh_from_db()
    assert connection.status == "active"


def test_a_spent_refresh_token_is_invalid_grant(user_client, user, whoop_fake):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    stale_refresh = connection.refresh_token
    expire(connection)
    connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))
    # Someone replays the old refresh token: the fake rotates, so it is refused.
    Connection.objects.filter(pk=connection.pk).update(
        refresh_token=stale_refresh, expires_at=timezone.now()
    )
    with pytest.raises(ReconnectNeeded):
        connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))


def test_disconnect_revokes_at_whoop_and_deletes_the_tokens(user_client, user, whoop_fake):
    connect(user_client)
    connection = Connection.objects.get(user=user)
    answer = user_client.delete("/api/v1/integrations/whoop")
    assert answer.status_code == 204
    assert whoop_fake.revoked_users == [int(connection.provider_user_id)]
    assert not Connection.objects.exists()
    assert whoop_fake.grant_for(connection.access_token) is None
    assert user_client.delete("/api/v1/integrations/whoop").status_code == 404


# Transactional: DRF marks the open transaction for rollback on a 404, and this view runs
# outside a request transaction, so only a test without its own transaction can look after it.
@pytest.mark.django_db(transaction=True)
def test_disconnect_of_someone_else_is_not_possible(client_for, user, other_user, whoop_fake):
    connect(client_for(user))
    assert client_for(other_user).delete("/api/v1/integrations/whoop").status_code == 404
    assert Connection.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_the_mounted_local_fake_serves_the_whole_flow(live_server, settings, client_for, user):
    """What `make run` offers: the app itself serves WHOOP's fake under /local-fakes/whoop/."""
    base = f"{live_server.url}/local-fakes/whoop"
    settings.WHOOP_AUTHORIZE_URL = f"{base}/oauth/oauth2/auth"
    settings.WHOOP_TOKEN_URL = f"{base}/oauth/oauth2/token"
    settings.WHOOP_API_URL = f"{base}/developer"
    assert query_of(connect(client_for(user)))["result"] == "connected"
    assert Connection.objects.get(user=user).status == "active"


def test_the_local_fakes_are_a_404_when_off(client, settings):
    settings.INTEGRATIONS_LOCAL_FAKES = False
    assert client.get("/local-fakes/whoop/oauth/oauth2/auth").status_code == 404
    settings.INTEGRATIONS_LOCAL_FAKES = True
    assert client.get("/local-fakes/nobody/oauth/oauth2/auth").status_code == 404
    assert client.get("/local-fakes/whoop/oauth/oauth2/auth").status_code == 400  # no client


def test_a_provider_account_connects_to_one_fitspace_account_only(
    client_for, user, other_user, whoop_fake
):
    """A consent link someone else started must not move my WHOOP data to their account."""
    connect(client_for(user))
    mine = Connection.objects.get(user=user)
    whoop_fake.next_user_id = int(mine.provider_user_id) - 1  # the same WHOOP account again

    landed = connect(client_for(other_user))

    assert query_of(landed) == {
        "provider": "whoop",
        "result": "error",
        "reason": "account_linked_elsewhere",
    }
    assert not Connection.objects.filter(user=other_user).exists()
    # Its owner reconnecting the same account is a renewal, not a conflict.
    whoop_fake.next_user_id = int(mine.provider_user_id) - 1
    assert query_of(connect(client_for(user)))["result"] == "connected"
    assert Connection.objects.get(user=user).provider_user_id == mine.provider_user_id


def test_a_reconnect_that_lands_while_a_refresh_is_refused_is_kept(
    user_client, user, whoop_fake, monkeypatch
):
    """The user reconnects while a sync's refresh meets invalid_grant: the reconnect waited on
    the row lock and commits just before the refusal is recorded; its new tokens stay."""
    from integrations import services

    connect(user_client)
    connection = Connection.objects.get(user=user)
    Connection.objects.filter(pk=connection.pk).update(expires_at=timezone.now())
    whoop_fake.force_invalid_grant = True
    mark = services.connection_mark_reconnect_needed

    def reconnect_first(**kwargs):
        services.connection_store(
            user=user,
            provider=get_provider("whoop"),
            token={
                "access_token": "new-access",
                "refresh_token": "new-refresh",
                "expires_in": 3600,
            },
            provider_user_id=connection.provider_user_id,
        )
        return mark(**kwargs)

    monkeypatch.setattr(services, "connection_mark_reconnect_needed", reconnect_first)
    with pytest.raises(ReconnectNeeded):
        connection_access_token(connection_id=connection.pk, provider=get_provider("whoop"))

    connection.refresh_from_db()
    assert connection.status == "active"
    assert connection.access_token == "new-access"
    assert not Notification.objects.filter(user=user, kind="integration_reconnect").exists()
