"""Cognito sign-in (AUTH_MODE cognito): real RS256 tokens from moto's Cognito on moto_server,
verified offline against the pool's JWKS, which moto_server serves over HTTP on 127.0.0.1."""

import gzip
import json
import time
import uuid
from pathlib import Path

import boto3
import jwt
import moto
import pytest

from tests.factories import StaffUserFactory, UserFactory
from users import cognito
from users.models import User

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
PASSWORD = "Cognito-pass-123"
MOTO_SIGNING_KEY = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-private.json.gz"


class Pool:
    """A Cognito user pool with one app client, in moto_server."""

    def __init__(self, endpoint: str):
        self.client = boto3.client("cognito-idp", region_name=REGION, endpoint_url=endpoint)
        self.id = self.client.create_user_pool(
            PoolName=f"fitspace-{uuid.uuid4().hex[:8]}", UsernameAttributes=["email"]
        )["UserPool"]["Id"]
        self.app_client_id = self.new_app_client()
        self.issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{self.id}"
        self.jwks_url = f"{endpoint}/{self.id}/.well-known/jwks.json"

    def new_app_client(self) -> str:
        return self.client.create_user_pool_client(
            UserPoolId=self.id,
            ClientName="app",
            ExplicitAuthFlows=["ADMIN_USER_PASSWORD_AUTH"],
            # What a real pool's ID tokens carry (moto's carry only what a client may read).
            ReadAttributes=["email", "email_verified", "name"],
        )["UserPoolClient"]["ClientId"]

    def sign_up(self, email: str, name: str = "Pool User", *, verified: bool = True) -> None:
        """A confirmed pool user; `verified` is whether Cognito saw them prove the address."""
        self.client.admin_create_user(
            UserPoolId=self.id,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": str(verified).lower()},
                {"Name": "name", "Value": name},
            ],
            MessageAction="SUPPRESS",
        )
        self.client.admin_set_user_password(
            UserPoolId=self.id, Username=email, Password=PASSWORD, Permanent=True
        )

    def sign_in(self, email: str, app_client_id: str | None = None) -> dict:
        result = self.client.admin_initiate_auth(
            UserPoolId=self.id,
            ClientId=app_client_id or self.app_client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        return result["AuthenticationResult"]


@pytest.fixture
def pool(aws_on_moto, settings) -> Pool:
    pool = Pool(aws_on_moto)
    settings.AUTH_MODES = ["local", "cognito"]
    settings.COGNITO_REGION = REGION
    settings.COGNITO_USER_POOL_ID = pool.id
    settings.COGNITO_APP_CLIENT_IDS = [pool.app_client_id]
    settings.COGNITO_ISSUER = pool.issuer
    settings.COGNITO_JWKS_URL = pool.jwks_url
    cognito._jwks_client.cache_clear()
    yield pool
    cognito._jwks_client.cache_clear()


def me(client, token: str):
    return client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def signed_by_moto(claims: dict, kid: str = "dummy") -> str:
    """A token signed with the private key moto's Cognito signs with."""
    key = jwt.PyJWK(json.loads(gzip.decompress(MOTO_SIGNING_KEY.read_bytes())))
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": kid})


def test_id_token_signs_in_and_creates_the_user_once(api_client, pool):
    pool.sign_up("ana@example.com")
    tokens = pool.sign_in("ana@example.com")

    first = me(api_client, tokens["IdToken"])
    again = me(api_client, tokens["IdToken"])

    assert first.status_code == 200, first.json()
    assert first.json()["email"] == "ana@example.com"
    assert again.json()["id"] == first.json()["id"]
    user = User.objects.get()
    assert (
        user.cognito_sub
        == jwt.decode(tokens["IdToken"], options={"verify_signature": False})["sub"]
    )
    assert not user.has_usable_password()


def test_access_token_signs_in_and_asks_cognito_for_the_email(api_client, pool):
    pool.sign_up("ben@example.com")

    response = me(api_client, pool.sign_in("ben@example.com")["AccessToken"])

    assert response.status_code == 200, response.json()
    assert response.json()["email"] == "ben@example.com"


def test_cognito_user_can_use_the_api_end_to_end(api_client, pool):
    pool.sign_up("ana@example.com")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {pool.sign_in('ana@example.com')['IdToken']}"}
    user_id = me(api_client, pool.sign_in("ana@example.com")["IdToken"]).json()["id"]

    created = api_client.post(
        f"/api/v1/users/{user_id}/workouts", {"name": "Tempo run"}, format="json", **auth
    )
    listed = api_client.get("/api/v1/workouts", **auth)

    assert created.status_code == 201
    assert [w["name"] for w in listed.json()["results"]] == ["Tempo run"]


def test_verified_account_is_linked_to_a_verified_identity_not_duplicated(api_client, pool):
    existing = UserFactory(email="ana@example.com", email_verified=True)
    pool.sign_up("ANA@example.com")

    response = me(api_client, pool.sign_in("ANA@example.com")["IdToken"])

    assert response.json()["id"] == existing.id
    existing.refresh_from_db()
    assert existing.cognito_sub
    assert User.objects.count() == 1


@pytest.mark.parametrize("token_kind", ["IdToken", "AccessToken"])
def test_identity_with_an_unverified_email_never_reaches_an_existing_account(
    api_client, pool, token_kind
):
    """The takeover: a pool user who never proved the address claims someone's account."""
    victim = UserFactory(email="victim@example.com", email_verified=True)
    pool.sign_up("victim@example.com", verified=False)

    response = me(api_client, pool.sign_in("victim@example.com")[token_kind])

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "email_not_verified"
    victim.refresh_from_db()
    assert victim.cognito_sub is None
    assert User.objects.count() == 1


def test_verified_identity_is_never_joined_to_an_account_whose_address_was_never_proved(
    api_client, pool
):
    """The squat: someone signs up locally with another person's future address (and keeps the
    password); that person's Cognito sign-in must not land in the squatter's account."""
    squatter = UserFactory(email="future@example.com", password="squatters-password")
    pool.sign_up("future@example.com")

    response = me(api_client, pool.sign_in("future@example.com")["IdToken"])

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "account_not_verified"
    squatter.refresh_from_db()
    assert squatter.cognito_sub is None


def test_refused_links_are_logged_without_the_address(api_client, pool, caplog):
    taken = UserFactory(email="taken@example.com", email_verified=True)
    User.objects.filter(pk=taken.pk).update(cognito_sub="another-identity")
    pool.sign_up("taken@example.com")

    response = me(api_client, pool.sign_in("taken@example.com")["IdToken"])

    assert response.json()["errors"][0]["code"] == "conflict"
    assert f"user {taken.pk}" in caplog.text
    assert "taken@example.com" not in caplog.text


def test_new_identity_records_whether_its_address_is_verified(api_client, pool):
    pool.sign_up("new@example.com", verified=False)

    response = me(api_client, pool.sign_in("new@example.com")["IdToken"])

    assert response.status_code == 200
    assert response.json()["email_verified"] is False


def test_tampered_token_is_401(api_client, pool):
    pool.sign_up("ana@example.com")
    header, payload, signature = pool.sign_in("ana@example.com")["IdToken"].split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    forged = jwt.utils.base64url_encode(json.dumps(claims | {"email": "boss@example.com"}).encode())

    response = me(api_client, f"{header}.{forged.decode()}.{signature}")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"
    assert not User.objects.exists()


def test_expired_token_is_401(api_client, pool):
    now = int(time.time())
    token = signed_by_moto(
        {
            "iss": pool.issuer,
            "sub": str(uuid.uuid4()),
            "aud": pool.app_client_id,
            "token_use": "id",
            "email": "late@example.com",
            "iat": now - 7200,
            "exp": now - 3600,
        }
    )

    response = me(api_client, token)

    assert response.status_code == 401
    assert response.json()["errors"][0]["detail"] == "Token has expired."


def test_token_from_another_pool_is_401(api_client, pool, aws_on_moto):
    other = Pool(aws_on_moto)
    other.sign_up("ana@example.com")

    response = me(api_client, other.sign_in("ana@example.com")["IdToken"])

    assert response.status_code == 401
    assert response.json()["errors"][0]["detail"] == "Token was issued by another user pool."


def test_token_for_another_app_client_is_401(api_client, pool):
    pool.sign_up("ana@example.com")
    tokens = pool.sign_in("ana@example.com", app_client_id=pool.new_app_client())

    for token in (tokens["IdToken"], tokens["AccessToken"]):
        response = me(api_client, token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["detail"] == "Token was issued to another app client."


def test_refresh_token_or_other_token_use_is_401(api_client, pool):
    now = int(time.time())
    token = signed_by_moto(
        {
            "iss": pool.issuer,
            "sub": "x",
            "client_id": pool.app_client_id,
            "token_use": "refresh",
            "iat": now,
            "exp": now + 600,
        }
    )

    assert me(api_client, token).status_code == 401


def test_signing_keys_are_cached_and_fetched_again_for_an_unknown_kid(
    api_client, pool, monkeypatch
):
    fetches = []
    fetch = jwt.PyJWKClient.fetch_data
    monkeypatch.setattr(
        jwt.PyJWKClient, "fetch_data", lambda self: fetches.append(1) or fetch(self)
    )
    pool.sign_up("ana@example.com")
    token = pool.sign_in("ana@example.com")["IdToken"]

    assert me(api_client, token).status_code == 200
    assert me(api_client, token).status_code == 200
    assert len(fetches) == 1
    # An unknown kid (the pool rotated its keys) fetches the set again, at most every 30 s.
    claims = jwt.decode(token, options={"verify_signature": False})
    rotated_token = signed_by_moto(claims, kid="rotated-key")
    assert me(api_client, rotated_token).status_code == 401
    assert len(fetches) == 1  # fetched a moment ago: no refetch yet
    cognito._jwks_client(pool.jwks_url)._last_successful_fetch -= 31
    assert me(api_client, rotated_token).status_code == 401
    assert len(fetches) == 2


def test_deactivated_user_with_a_valid_cognito_token_is_401(api_client, pool):
    pool.sign_up("ana@example.com")
    token = pool.sign_in("ana@example.com")["IdToken"]
    assert me(api_client, token).status_code == 200
    User.objects.update(is_active=False)

    assert me(api_client, token).status_code == 401


@pytest.fixture
def cognito_only(pool, settings) -> Pool:
    settings.AUTH_MODES = ["cognito"]
    return pool


def test_with_cognito_only_local_sign_in_is_gone(api_client, cognito_only):
    for path in ["/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/auth/token/refresh"]:
        response = api_client.post(path, {}, format="json")
        assert response.status_code == 404, path


def test_with_cognito_only_local_tokens_are_refused(api_client, cognito_only):
    from rest_framework_simplejwt.tokens import RefreshToken

    access = str(RefreshToken.for_user(UserFactory()).access_token)

    assert me(api_client, access).status_code == 401


def test_with_cognito_only_creating_users_is_for_staff(api_client, client_for, cognito_only):
    body = {"email": "new@example.com", "name": "New Athlete"}

    anonymous = api_client.post("/api/v1/users", body, format="json")
    athlete = client_for(UserFactory()).post("/api/v1/users", body, format="json")
    staff = client_for(StaffUserFactory()).post("/api/v1/users", body, format="json")

    assert anonymous.status_code == 401
    assert athlete.status_code == 403
    assert staff.status_code == 201, staff.json()
    created = User.objects.get(email="new@example.com")
    assert not created.has_usable_password()
    # The person then signs in through Cognito and lands in that account.
    cognito_only.sign_up("new@example.com")
    assert me(api_client, cognito_only.sign_in("new@example.com")["IdToken"]).json()["id"] == (
        created.id
    )
