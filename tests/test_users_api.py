import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, WorkoutFactory
from users.models import User
from workouts.models import Workout

pytestmark = pytest.mark.django_db

USERS = "/api/v1/users"


def test_create_user_returns_201_with_profile(api_client):
    response = api_client.post(
        USERS,
        {"name": "Ana Runner", "email": "Ana@Example.COM", "phone": "+351 912 345 678"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Ana Runner"
    assert body["email"] == "Ana@example.com"  # the domain part is normalised
    assert body["timezone"] == "UTC"
    assert set(body) == {
        "id",
        "name",
        "email",
        "phone",
        "bio",
        "timezone",
        "created_at",
        "updated_at",
    }
    assert User.objects.get(pk=body["id"]).has_usable_password() is False


def test_create_user_with_email_taken_in_another_case_is_400(api_client):
    UserFactory(email="ana@example.com")

    response = api_client.post(USERS, {"name": "Ana", "email": "ANA@example.com"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {"code": "unique", "detail": "A user with this email already exists.", "attr": "email"}
        ],
    }


def test_create_user_without_required_fields_names_each_field(api_client):
    response = api_client.post(USERS, {}, format="json")

    assert response.status_code == 400
    assert {(e["attr"], e["code"]) for e in response.json()["errors"]} == {
        ("name", "required"),
        ("email", "required"),
    }


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"name": "x" * 151, "email": "a@example.com"}, "name", "max_length"),
        ({"name": "Ana", "email": "not-an-email"}, "email", "invalid"),
        ({"name": ["Ana"], "email": "a@example.com"}, "name", "invalid"),
        ({"name": "Ana", "email": "a@example.com", "timezone": "Mars/Base"}, "timezone", "invalid"),
        ({"name": "Ana", "email": "a@example.com", "phone": "call me"}, "phone", "invalid"),
        ({"name": "Ana", "email": "a@example.com", "bio": "x" * 2001}, "bio", "max_length"),
        ({"name": "Ana", "email": "a@example.com", "emial": "typo"}, "emial", "unknown_field"),
        ({"name": "", "email": "a@example.com"}, "name", "blank"),
    ],
)
def test_bad_user_input_is_400_naming_the_field(api_client, payload, field, code):
    response = api_client.post(USERS, payload, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["attr"], e["code"]) for e in errors] == [(field, code)]
    assert not User.objects.exists()


def test_body_that_is_not_an_object_is_400(api_client):
    response = api_client.post(USERS, ["Ana"], format="json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_list_users_pages_with_limit_and_offset(api_client):
    users = UserFactory.create_batch(15)

    first = api_client.get(USERS).json()
    page = api_client.get(USERS, {"limit": 5, "offset": 10}).json()

    assert first["count"] == 15
    assert [u["id"] for u in first["results"]] == [u.id for u in users[:10]]
    assert [u["id"] for u in page["results"]] == [u.id for u in users[10:15]]
    assert page["next"] is None
    assert "limit=5" in page["previous"]


def test_list_users_limit_above_100_is_capped(api_client):
    UserFactory.create_batch(101)

    body = api_client.get(USERS, {"limit": 500}).json()

    assert len(body["results"]) == 100


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": "ten"}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset")],
)
def test_bad_paging_parameters_are_400(api_client, params, field):
    response = api_client.get(USERS, params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == field


def test_list_users_query_count_stays_flat(api_client):
    UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        api_client.get(USERS, {"limit": 100})
    UserFactory.create_batch(60)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(USERS, {"limit": 100})

    assert len(response.json()["results"]) == 63
    # savepoint, count, page, release: ATOMIC_REQUESTS wraps every request in a transaction
    assert len(many) == len(few) <= 4


def test_get_user(api_client, user):
    response = api_client.get(f"{USERS}/{user.id}")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_unknown_user_is_404_json(api_client):
    response = api_client.get(f"{USERS}/999999")

    assert response.status_code == 404
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
    }


def test_put_changes_only_the_fields_sent(api_client, user):
    response = api_client.put(f"{USERS}/{user.id}", {"phone": "+49 30 1234567"}, format="json")

    assert response.status_code == 200, response.json()
    user.refresh_from_db()
    assert user.phone == "+49 30 1234567"
    assert response.json()["name"] == user.name


def test_patch_user_to_taken_email_is_400_and_nothing_changes(api_client):
    ana, ben = UserFactory(email="ana@example.com"), UserFactory(email="ben@example.com")

    response = api_client.patch(
        f"{USERS}/{ben.id}", {"email": "ANA@EXAMPLE.COM", "name": "Ben B"}, format="json"
    )

    assert response.status_code == 400
    ben.refresh_from_db()
    assert (ben.email, ben.name) != (ana.email, "Ben B")
    assert ben.email == "ben@example.com"


def test_patch_user_may_keep_own_email_in_another_case(api_client):
    user = UserFactory(email="ana@example.com")

    response = api_client.patch(f"{USERS}/{user.id}", {"email": "Ana@example.com"}, format="json")

    assert response.status_code == 200


def test_client_cannot_change_id_or_timestamps(api_client, user):
    response = api_client.patch(
        f"{USERS}/{user.id}", {"id": 4242, "created_at": "2000-01-01T00:00:00Z"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == user.id
    assert not response.json()["created_at"].startswith("2000")


def test_delete_user_deletes_their_workouts(api_client):
    workout = WorkoutFactory()

    response = api_client.delete(f"{USERS}/{workout.user_id}")

    assert response.status_code == 204
    assert not User.objects.filter(pk=workout.user_id).exists()
    assert not Workout.objects.exists()


def test_search_matches_name_or_email_in_any_case(api_client):
    ana = UserFactory(name="Ana Runner", email="ana@example.com")
    ben = UserFactory(name="Ben Lifter", email="ben@runners.example")
    UserFactory(name="Chloé Cyclist", email="chloe@example.com")

    response = api_client.get(f"{USERS}/search", {"q": "RUNNER"})

    assert response.status_code == 200
    assert [u["id"] for u in response.json()["results"]] == [ana.id, ben.id]


def test_search_is_limited(api_client):
    UserFactory.create_batch(12, name="Runner")

    body = api_client.get(f"{USERS}/search", {"q": "runner"}).json()

    assert body["count"] == 12
    assert len(body["results"]) == 10


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}])
def test_search_without_a_usable_query_is_400(api_client, params):
    response = api_client.get(f"{USERS}/search", params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "q"
