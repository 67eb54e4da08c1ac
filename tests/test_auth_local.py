"""FitSpace's own sign-in (AUTH_MODE=local): register, tokens, rotation, logout, lockout."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Tests that sign in more than once after a failure use real transactions: the token view runs
# outside a transaction (so django-axes' record of a failure survives the 401), which a test
# wrapped in one transaction cannot show.

PASSWORD = "a-long-pass-phrase"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/token", {"email": email, "password": password}, format="json")


def test_register_sign_in_use_refresh_and_log_out(api_client):
    registered = api_client.post(
        "/api/v1/auth/register",
        {"email": "ana@example.com", "password": PASSWORD, "name": "Ana"},
        format="json",
    )
    assert registered.status_code == 201, registered.json()
    assert "password" not in registered.json()

    tokens = sign_in(api_client, "ANA@example.com").json()
    assert set(tokens) == {"access", "refresh"}

    me = registered.json()["id"]
    created = api_client.post(
        f"/api/v1/users/{me}/workouts",
        {"name": "Easy run"},
        format="json",
        **bearer(tokens["access"]),
    )
    assert created.status_code == 201
    listed = api_client.get(f"/api/v1/users/{me}/workouts", **bearer(tokens["access"]))
    assert [w["name"] for w in listed.json()["results"]] == ["Easy run"]

    refreshed = api_client.post(
        "/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refresh"] != tokens["refresh"]  # rotated
    assert api_client.get("/api/v1/users/me", **bearer(new["access"])).status_code == 200

    logged_out = api_client.post("/api/v1/auth/logout", {"refresh": new["refresh"]}, format="json")
    assert logged_out.status_code == 200

    for old in (tokens["refresh"], new["refresh"]):
        refused = api_client.post("/api/v1/auth/token/refresh", {"refresh": old}, format="json")
        assert refused.status_code == 401
        assert refused.json() == {
            "type": "client_error",
            "errors": [{"code": "token_not_valid", "detail": "Token is blacklisted", "attr": None}],
        }


def test_wrong_password_is_401(api_client):
    UserFactory(email="ana@example.com", password=PASSWORD)

    response = sign_in(api_client, "ana@example.com", "not-the-password")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "no_active_account"


def test_deactivated_account_cannot_sign_in(api_client):
    UserFactory(email="ana@example.com", password=PASSWORD, is_active=False)

    assert sign_in(api_client, "ana@example.com").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-jwt", "Bearer ", "Token abc", "Bearer a.b.c"],
)
def test_bad_authorization_header_is_401(api_client, header):
    response = api_client.get("/api/v1/users/me", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["type"] == "client_error"


def test_tampered_access_token_is_401(api_client):
    UserFactory(email="ana@example.com", password=PASSWORD)
    access = sign_in(api_client, "ana@example.com").json()["access"]
    header, payload, signature = access.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"

    response = api_client.get("/api/v1/users/me", **bearer(tampered))

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_refresh_token_is_not_an_access_token(api_client):
    UserFactory(email="ana@example.com", password=PASSWORD)
    refresh = sign_in(api_client, "ana@example.com").json()["refresh"]

    assert api_client.get("/api/v1/users/me", **bearer(refresh)).status_code == 401


def test_sign_in_ignores_a_stale_authorization_header(api_client):
    UserFactory(email="ana@example.com", password=PASSWORD)

    response = api_client.post(
        "/api/v1/auth/token",
        {"email": "ana@example.com", "password": PASSWORD},
        format="json",
        **bearer("expired.or.garbage"),
    )

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_repeated_failed_sign_ins_lock_the_account(api_client, settings):
    UserFactory(email="ana@example.com", password=PASSWORD)
    UserFactory(email="ben@example.com", password=PASSWORD)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "auth": "1000/min",
        },
    }

    failures = [
        sign_in(api_client, "ana@example.com", "guess").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = sign_in(api_client, "ANA@example.com")  # even with the right password

    assert failures[:-1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert failures[-1] == 429
    assert locked.status_code == 429
    assert locked.json()["errors"][0]["code"] == "account_locked"
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # Another account on the same IP is not affected.
    assert sign_in(api_client, "ben@example.com").status_code == 200


# Spellings that PostgreSQL's UPPER() (behind `iexact`) folds onto "victim@fitspace.io": the
# dotless i (U+0131) and the long s (U+017F) become I and S.
SPELLINGS = [
    "VICTIM@FITSPACE.IO",
    "v\u0131ctim@fitspace.io",
    "victim@f\u0131tspace.io",
    "victim@fit\u017fpace.io",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_lockout_holds_for_every_spelling_of_the_address(api_client, settings, spelling):
    UserFactory(email="victim@fitspace.io", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(api_client, "victim@fitspace.io", "guess")

    attempt = sign_in(api_client, spelling)  # with the right password

    assert attempt.status_code in (401, 429), attempt.json()
    assert "access" not in attempt.json()


def test_an_address_equal_to_another_only_under_upper_is_another_account(api_client):
    """Under PostgreSQL's UPPER() `victim@f\u0131tspace.io` equals `victim@fitspace.io`: a
    lookup folding with it would find two accounts for one sign-in (a 500), or the wrong one.
    The unique constraint folds with LOWER(), which keeps them apart, and so does sign-in."""
    UserFactory(email="victim@fitspace.io", password=PASSWORD)
    twin = api_client.post(
        "/api/v1/auth/register",
        {"name": "Twin", "email": "victim@f\u0131tspace.io", "password": "another-pass-phrase"},
        format="json",
    )

    assert twin.status_code == 201, twin.json()
    assert sign_in(api_client, "victim@fitspace.io").status_code == 200
    assert sign_in(api_client, "victim@f\u0131tspace.io", "another-pass-phrase").status_code == 200
    assert sign_in(api_client, "victim@f\u0131tspace.io").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_successful_sign_in_resets_the_failure_count(api_client, settings):
    UserFactory(email="ana@example.com", password=PASSWORD)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(api_client, "ana@example.com", "guess")
    assert sign_in(api_client, "ana@example.com").status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(api_client, "ana@example.com", "guess")

    assert sign_in(api_client, "ana@example.com").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_sign_in_is_throttled_per_ip(api_client, settings):
    UserFactory(email="ana@example.com", password=PASSWORD)
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])

    statuses = [sign_in(api_client, f"nobody{n}@example.com").status_code for n in range(limit)]
    throttled = sign_in(api_client, "ana@example.com")

    assert set(statuses) == {401}
    assert throttled.status_code == 429
    assert throttled.json()["errors"][0]["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_sign_up_is_throttled_per_ip(api_client, settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])
    body = {"name": "X", "email": "x", "password": "y"}

    statuses = [
        api_client.post(path, body, format="json").status_code
        for path in ["/api/v1/auth/register", "/api/v1/users"] * limit
    ][: limit + 1]

    assert statuses[:limit] == [400] * limit
    assert statuses[limit] == 429
