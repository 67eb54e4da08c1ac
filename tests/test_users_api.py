import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, WorkoutFactory
from users.models import User
from workouts.models import Workout

pytestmark = pytest.mark.django_db

USERS = "/api/v1/users"
PUBLIC_FIELDS = {"id", "name", "avatar_url", "bio"}
PROFILE_FIELDS = {
    "id",
    "name",
    "email",
    "email_verified",
    "findable_by_email",
    "phone",
    "bio",
    "timezone",
    "avatar_url",
    "created_at",
    "updated_at",
}


def sign_up(client, **fields):
    payload = {"name": "Ana Runner", "email": "ana@example.com", "password": "a-long-pass-phrase"}
    return client.post(USERS, payload | fields, format="json")


def test_post_users_signs_up_like_the_first_version(api_client):
    response = sign_up(api_client, email="Ana@Example.COM", phone="+351 912 345 678")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == PROFILE_FIELDS
    assert body["email"] == "Ana@example.com"  # the domain part is normalised
    assert body["timezone"] == "UTC"
    assert User.objects.get(pk=body["id"]).check_password("a-long-pass-phrase")


@pytest.mark.parametrize("path", ["/api/v1/auth/register", USERS])
def test_sign_up_may_opt_in_to_being_found_by_email(api_client, path):
    body = {
        "name": "Ana",
        "email": "ana@example.com",
        "password": "a-long-pass-phrase",
        "findable_by_email": True,
    }

    response = api_client.post(path, body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["findable_by_email"] is True


def test_sign_up_with_email_taken_in_another_case_is_400(api_client):
    UserFactory(email="ana@example.com")

    response = sign_up(api_client, email="ANA@example.com")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {"code": "unique", "detail": "A user with this email already exists.", "attr": "email"}
        ],
    }


def test_sign_up_without_required_fields_names_each_field(api_client):
    response = api_client.post(USERS, {}, format="json")

    assert response.status_code == 400
    assert {(e["attr"], e["code"]) for e in response.json()["errors"]} == {
        ("name", "required"),
        ("email", "required"),
        ("password", "required"),
    }


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": "x" * 151}, "name", "max_length"),
        ({"email": "not-an-email"}, "email", "invalid"),
        ({"name": ["Ana"]}, "name", "invalid"),
        ({"timezone": "Mars/Base"}, "timezone", "invalid"),
        ({"phone": "call me"}, "phone", "invalid"),
        ({"bio": "x" * 2001}, "bio", "max_length"),
        ({"emial": "typo"}, "emial", "unknown_field"),
        ({"name": ""}, "name", "blank"),
        ({"password": "12345678"}, "password", "invalid"),
        ({"password": "ana@example.com"}, "password", "invalid"),
    ],
)
def test_bad_sign_up_input_is_400_naming_the_field(api_client, fields, field, code):
    response = sign_up(api_client, **fields)

    assert response.status_code == 400
    assert {(e["attr"], e["code"]) for e in response.json()["errors"]} == {(field, code)}
    assert not User.objects.exists()


def test_body_that_is_not_an_object_is_400(api_client):
    response = api_client.post(USERS, ["Ana"], format="json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_user_list_shows_public_profiles_only(user_client, user):
    UserFactory(email="private@example.com", phone="+1 555 0100")

    body = user_client.get(USERS).json()

    assert body["count"] == 2
    assert all(set(u) == PUBLIC_FIELDS for u in body["results"])
    assert "private@example.com" not in str(body)


def test_user_list_hides_deactivated_accounts(user_client):
    UserFactory(is_active=False)

    assert user_client.get(USERS).json()["count"] == 1


def test_list_users_pages_with_limit_and_offset(user_client, user):
    users = [user, *UserFactory.create_batch(14)]

    first = user_client.get(USERS).json()
    page = user_client.get(USERS, {"limit": 5, "offset": 10}).json()

    assert first["count"] == 15
    assert [u["id"] for u in first["results"]] == [u.id for u in users[:10]]
    assert [u["id"] for u in page["results"]] == [u.id for u in users[10:15]]
    assert page["next"] is None
    assert "limit=5" in page["previous"]


def test_list_users_limit_above_100_is_capped(user_client):
    UserFactory.create_batch(100)

    assert len(user_client.get(USERS, {"limit": 500}).json()["results"]) == 100


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": "ten"}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset")],
)
def test_bad_paging_parameters_are_400(user_client, params, field):
    response = user_client.get(USERS, params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == field


def test_list_users_query_count_stays_flat(user_client, settings, monkeypatch):
    settings.AVATAR_BUCKET = "fitspace-avatars"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        user_client.get(USERS, {"limit": 100})
    UserFactory.create_batch(60, avatar_key="avatars/1/x.png")
    with CaptureQueriesContext(connection) as many:
        response = user_client.get(USERS, {"limit": 100})

    assert len(response.json()["results"]) == 64
    assert response.json()["results"][-1]["avatar_url"].startswith("https://")
    # savepoint, count, page, release: ATOMIC_REQUESTS wraps every request in a transaction
    assert len(many) == len(few) <= 4


def test_get_own_user_shows_the_whole_profile(user_client, user):
    response = user_client.get(f"{USERS}/{user.id}")

    assert response.status_code == 200
    assert set(response.json()) == PROFILE_FIELDS
    assert response.json()["email"] == user.email


def test_get_another_user_shows_the_public_profile(user_client, other_user):
    response = user_client.get(f"{USERS}/{other_user.id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": other_user.id,
        "name": other_user.name,
        "avatar_url": None,
        "bio": other_user.bio,
    }


def test_unknown_user_is_404_json(user_client):
    response = user_client.get(f"{USERS}/999999")

    assert response.status_code == 404
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
    }


def test_put_changes_only_the_fields_sent(user_client, user):
    response = user_client.put(f"{USERS}/{user.id}", {"phone": "+49 30 1234567"}, format="json")

    assert response.status_code == 200, response.json()
    user.refresh_from_db()
    assert user.phone == "+49 30 1234567"
    assert response.json()["name"] == user.name


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_another_user_is_404_and_changes_nothing(user_client, other_user, method):
    response = getattr(user_client, method)(
        f"{USERS}/{other_user.id}", {"name": "Hijacked"}, format="json"
    )

    assert response.status_code == 404
    other_user.refresh_from_db()
    assert other_user.name != "Hijacked"


def test_patch_user_to_taken_email_is_400_and_nothing_changes(client_for):
    UserFactory(email="ana@example.com")
    ben = UserFactory(email="ben@example.com", name="Ben")

    response = client_for(ben).patch(
        f"{USERS}/{ben.id}", {"email": "ANA@EXAMPLE.COM", "name": "Ben B"}, format="json"
    )

    assert response.status_code == 400
    ben.refresh_from_db()
    assert (ben.email, ben.name) == ("ben@example.com", "Ben")


def test_patch_user_may_keep_own_email_in_another_case(client_for):
    user = UserFactory(email="ana@example.com")

    response = client_for(user).patch(
        f"{USERS}/{user.id}", {"email": "Ana@example.com"}, format="json"
    )

    assert response.status_code == 200


def test_client_cannot_change_id_or_timestamps(user_client, user):
    response = user_client.patch(
        f"{USERS}/{user.id}", {"id": 4242, "created_at": "2000-01-01T00:00:00Z"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == user.id
    assert not response.json()["created_at"].startswith("2000")


def test_delete_own_account_deletes_its_workouts(client_for):
    workout = WorkoutFactory()

    response = client_for(workout.user).delete(f"{USERS}/{workout.user_id}")

    assert response.status_code == 204
    assert not User.objects.filter(pk=workout.user_id).exists()
    assert not Workout.objects.exists()


def test_search_matches_part_of_a_name_in_any_case(user_client):
    ana = UserFactory(name="Ana Runner")
    ben = UserFactory(name="Ben Trailrunner")
    UserFactory(name="Chloé Cyclist")

    response = user_client.get(f"{USERS}/search", {"q": "RUNNER"})

    assert response.status_code == 200
    assert [u["id"] for u in response.json()["results"]] == [ana.id, ben.id]
    assert all(set(u) == PUBLIC_FIELDS for u in response.json()["results"])


def test_search_finds_a_whole_email_of_someone_who_allows_it_but_never_shows_it(user_client):
    ana = UserFactory(name="Ana", email="ana@example.com", findable_by_email=True)

    by_email = user_client.get(f"{USERS}/search", {"q": "ANA@example.com"}).json()
    by_fragment = user_client.get(f"{USERS}/search", {"q": "example.com"}).json()

    assert [u["id"] for u in by_email["results"]] == [ana.id]
    assert "ana@example.com" not in str(by_email)
    assert by_fragment["count"] == 0


def test_search_does_not_confirm_an_address_whose_owner_did_not_opt_in(user_client):
    UserFactory(name="Ben", email="ben@example.com")

    body = user_client.get(f"{USERS}/search", {"q": "ben@example.com"}).json()

    assert body["count"] == 0


def test_findable_by_email_is_off_by_default_and_the_owner_turns_it_on(user_client, user):
    assert user_client.get(f"{USERS}/me").json()["findable_by_email"] is False

    response = user_client.patch(f"{USERS}/me", {"findable_by_email": True}, format="json")

    assert response.json()["findable_by_email"] is True
    user.refresh_from_db()
    assert user.findable_by_email


def test_search_is_throttled_per_user(user_client, other_user, client_for, settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["search"].split("/")[0])

    codes = [
        user_client.get(f"{USERS}/search", {"q": f"a{n}@x.io"}).status_code
        for n in range(limit + 1)
    ]

    assert codes == [200] * limit + [429]
    assert client_for(other_user).get(f"{USERS}/search", {"q": "a@x.io"}).status_code == 200


def test_search_is_limited(user_client):
    UserFactory.create_batch(12, name="Runner")

    body = user_client.get(f"{USERS}/search", {"q": "runner"}).json()

    assert body["count"] == 12
    assert len(body["results"]) == 10


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 255}])
def test_search_without_a_usable_query_is_400(user_client, params):
    response = user_client.get(f"{USERS}/search", params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "q"


def test_me_shows_and_changes_my_profile(user_client, user):
    shown = user_client.get(f"{USERS}/me")
    changed = user_client.patch(
        f"{USERS}/me", {"bio": "Marathon in April", "timezone": "Asia/Tokyo"}, format="json"
    )

    assert shown.status_code == 200
    assert shown.json()["email"] == user.email
    assert changed.status_code == 200
    user.refresh_from_db()
    assert (user.bio, user.timezone) == ("Marathon in April", "Asia/Tokyo")


def test_me_refuses_bad_input_naming_the_field(user_client):
    response = user_client.patch(f"{USERS}/me", {"timezone": "Nowhere"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "timezone"
