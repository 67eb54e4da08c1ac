"""Private by default: anonymous callers get 401 everywhere but the public endpoints, and
another user's objects are a 404 (not a 403), whatever the route."""

import pytest

from tests.factories import WorkoutFactory
from workouts.models import Workout

pytestmark = pytest.mark.django_db

# (method, path template, body); {user} is the other user's id, {workout} one of their workouts.
OTHER_USERS_OBJECTS = [
    ("get", "/api/v1/workouts/{workout}", None),
    ("put", "/api/v1/workouts/{workout}", {"name": "Mine now"}),
    ("patch", "/api/v1/workouts/{workout}", {"name": "Mine now"}),
    ("delete", "/api/v1/workouts/{workout}", None),
    ("get", "/api/v1/users/{user}/workouts", None),
    ("post", "/api/v1/users/{user}/workouts", {"name": "Planted"}),
    ("put", "/api/v1/users/{user}", {"name": "Mine now"}),
    ("patch", "/api/v1/users/{user}", {"name": "Mine now"}),
    ("delete", "/api/v1/users/{user}", None),
]
PRIVATE_ENDPOINTS = [
    *OTHER_USERS_OBJECTS,
    ("get", "/api/v1/users", None),
    ("get", "/api/v1/users/{user}", None),
    ("get", "/api/v1/users/search?q=a", None),
    ("get", "/api/v1/users/me", None),
    ("patch", "/api/v1/users/me", {"bio": "x"}),
    ("post", "/api/v1/users/me/avatar", {"content_type": "image/png"}),
    ("put", "/api/v1/users/me/avatar", {"key": "avatars/1/x.png"}),
    ("delete", "/api/v1/users/me/avatar", None),
    ("get", "/api/v1/workouts", None),
]
PUBLIC_ENDPOINTS = [
    ("get", "/status"),
    ("get", "/api/schema/"),
    ("get", "/api/docs/"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/token/refresh"),
    ("post", "/api/v1/users"),  # sign-up, as the first version's clients call it
]


@pytest.fixture
def their_workout(other_user):
    return WorkoutFactory(user=other_user, name="Theirs")


def call(client, method, template, body, *, user_id, workout_id):
    path = template.format(user=user_id, workout=workout_id)
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize(("method", "template", "body"), OTHER_USERS_OBJECTS)
def test_other_users_objects_are_404(
    user_client, other_user, their_workout, method, template, body
):
    response = call(
        user_client, method, template, body, user_id=other_user.id, workout_id=their_workout.id
    )

    assert response.status_code == 404, response.content
    assert response.json()["errors"][0]["code"] == "not_found"
    their_workout.refresh_from_db()
    other_user.refresh_from_db()
    assert their_workout.name == "Theirs"
    assert other_user.name != "Mine now"
    assert Workout.objects.filter(user=other_user).count() == 1


@pytest.mark.parametrize(("method", "template", "body"), PRIVATE_ENDPOINTS)
def test_anonymous_gets_401(api_client, other_user, their_workout, method, template, body):
    response = call(
        api_client, method, template, body, user_id=other_user.id, workout_id=their_workout.id
    )

    assert response.status_code == 401, response.content
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), PUBLIC_ENDPOINTS)
def test_public_endpoints_need_no_sign_in(api_client, method, path):
    response = getattr(api_client, method)(path, {}, format="json")

    assert response.status_code not in (401, 403), response.content


def test_another_user_is_visible_only_as_a_public_profile(user_client, other_user):
    response = user_client.get(f"/api/v1/users/{other_user.id}")

    assert response.status_code == 200
    assert set(response.json()) == {"id", "name", "avatar_url", "bio"}


def test_a_deactivated_user_cannot_use_a_token_it_already_has(api_client, user):
    from rest_framework_simplejwt.tokens import RefreshToken

    access = str(RefreshToken.for_user(user).access_token)
    user.is_active = False
    user.save()

    response = api_client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == 401
