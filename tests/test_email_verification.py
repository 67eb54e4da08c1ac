"""How a local sign-up proves its address: a signed, expiring token mailed to it (SES on AWS,
the console locally). Only proved addresses are ever joined to a Cognito identity."""

import re

import boto3
import pytest
from django.core import mail

from tests.factories import UserFactory
from users.models import User
from users.services import email_verification_token

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/auth/verify-email"
TOKEN = re.compile(r"^\S+:\S+:\S+$", re.MULTILINE)


def register(client, email="dana@example.com"):
    return client.post(
        "/api/v1/auth/register",
        {"name": "Dana", "email": email, "password": "open-water-5k"},
        format="json",
    )


def mailed_token(message) -> str:
    return TOKEN.search(message.body).group(0)


def test_sign_up_mails_a_token_that_verifies_the_address(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registered = register(api_client)

    assert registered.json()["email_verified"] is False
    assert [m.to for m in mail.outbox] == [["dana@example.com"]]
    verified = api_client.post(VERIFY, {"token": mailed_token(mail.outbox[0])}, format="json")
    assert verified.status_code == 200, verified.json()
    assert verified.json()["email_verified"] is True
    assert User.objects.get(email="dana@example.com").email_verified


def test_a_token_used_twice_changes_nothing_more(api_client):
    user = UserFactory()
    token = email_verification_token(user)

    first = api_client.post(VERIFY, {"token": token}, format="json")
    again = api_client.post(VERIFY, {"token": token}, format="json")

    assert (first.status_code, again.status_code) == (200, 200)


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "x" * 501, "eyJ1c2VyIjoxLCJlbWFpbCI6ImFAYi5jIn0:1tXyz:forged-signature"],
)
def test_a_bad_token_is_400_naming_it(api_client, token):
    response = api_client.post(VERIFY, {"token": token}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "token"


def test_a_token_for_another_account_cannot_be_forged_from_a_real_one(api_client):
    mine, theirs = UserFactory(), UserFactory()
    _, timestamp, signature = email_verification_token(mine).split(":")
    forged_payload = email_verification_token(theirs).split(":")[0]

    response = api_client.post(
        VERIFY, {"token": f"{forged_payload}:{timestamp}:{signature}"}, format="json"
    )

    assert response.status_code == 400
    theirs.refresh_from_db()
    assert not theirs.email_verified


def test_an_expired_token_is_400(api_client, settings, monkeypatch):
    user = UserFactory()
    token = email_verification_token(user)
    later = __import__("time").time() + settings.EMAIL_VERIFICATION_HOURS * 3600 + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = api_client.post(VERIFY, {"token": token}, format="json")

    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_changing_the_address_unverifies_it_and_voids_older_tokens(
    user_client, user, api_client, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=user.pk).update(email_verified=True)
    user.refresh_from_db()
    old_token = email_verification_token(user)

    with django_capture_on_commit_callbacks(execute=True):
        changed = user_client.patch(
            "/api/v1/users/me", {"email": "new-address@example.com"}, format="json"
        )

    assert changed.json()["email_verified"] is False
    assert api_client.post(VERIFY, {"token": old_token}, format="json").status_code == 400
    assert [m.to for m in mail.outbox] == [["new-address@example.com"]]
    new_token = mailed_token(mail.outbox[0])
    assert api_client.post(VERIFY, {"token": new_token}, format="json").status_code == 200


def test_the_verification_message_can_be_sent_again_until_verified(user_client, user):
    sent = user_client.post("/api/v1/users/me/email-verification")

    assert sent.status_code == 202
    assert [m.to for m in mail.outbox] == [[user.email]]
    User.objects.filter(pk=user.pk).update(email_verified=True)
    user.refresh_from_db()
    again = user_client.post("/api/v1/users/me/email-verification")
    assert again.status_code == 400
    assert again.json()["errors"][0]["code"] == "already_verified"


def test_a_mail_service_that_fails_is_a_503_and_logs_no_address(user_client, user, caplog):
    from smtplib import SMTPServerDisconnected
    from unittest import mock

    with mock.patch("users.services.send_mail", side_effect=SMTPServerDisconnected("down")):
        response = user_client.post("/api/v1/users/me/email-verification")

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "mail_unavailable"
    assert "SMTPServerDisconnected" in caplog.text
    assert user.email not in caplog.text


def test_verifying_works_whatever_the_sign_in_mode(api_client, settings):
    settings.AUTH_MODES = ["cognito"]
    settings.COGNITO_USER_POOL_ID, settings.COGNITO_APP_CLIENT_IDS = "pool", ["client"]
    user = UserFactory()

    response = api_client.post(VERIFY, {"token": email_verification_token(user)}, format="json")

    assert response.status_code == 200


def test_the_message_links_to_the_apps_page_when_one_is_configured(user_client, settings):
    settings.EMAIL_VERIFICATION_URL = "https://app.fitspace.example/verify?token={token}"

    user_client.post("/api/v1/users/me/email-verification")

    assert "https://app.fitspace.example/verify?token=" in mail.outbox[0].body


def test_on_aws_the_message_goes_through_amazon_ses(
    aws_on_moto, settings, api_client, django_capture_on_commit_callbacks
):
    """django-ses, as the dev and prod stages configure it, against moto_server's SES."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    settings.EMAIL_BACKEND = "django_ses.SESBackend"
    settings.AWS_SES_REGION_ENDPOINT_URL = aws_on_moto
    settings.DEFAULT_FROM_EMAIL = "no-reply@fitspace.example"
    boto3.client("ses", region_name="us-east-1").verify_email_identity(
        EmailAddress="no-reply@fitspace.example"
    )
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    before = len(sent)

    with django_capture_on_commit_callbacks(execute=True):
        assert register(api_client, "ses-reader@example.com").status_code == 201

    assert len(sent) == before + 1
    assert "ses-reader@example.com" in str(sent[-1].destinations)
