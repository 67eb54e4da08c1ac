"""Private by default: anonymous callers get 401 everywhere but the public endpoints, and
another user's objects are a 404 (not a 403), whatever the route."""

import re

import pytest

from tests.factories import (
    CustomExerciseFactory,
    StaffUserFactory,
    WorkoutFactory,
    library_exercise,
)
from workouts.models import Workout, WorkoutExercise, WorkoutSet

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
    ("post", "/api/v1/workouts/{workout}/copy", None),
    ("post", "/api/v1/workouts/{workout}/start", None),
    ("post", "/api/v1/workouts/{workout}/pause", None),
    ("post", "/api/v1/workouts/{workout}/resume", None),
    ("post", "/api/v1/workouts/{workout}/finish", None),
    ("post", "/api/v1/workouts/{workout}/exercises", {"exercise": "{exercise}"}),
    ("patch", "/api/v1/workout-exercises/{entry}", {"notes": "Mine now"}),
    ("delete", "/api/v1/workout-exercises/{entry}", None),
    ("post", "/api/v1/workout-exercises/{entry}/sets", {"reps": 1}),
    ("put", "/api/v1/sets/{set}", {"reps": 99}),
    ("patch", "/api/v1/sets/{set}", {"reps": 99}),
    ("delete", "/api/v1/sets/{set}", None),
    ("get", "/api/v1/exercises/{exercise}", None),
    ("put", "/api/v1/exercises/{exercise}", {"name": "Mine now"}),
    ("patch", "/api/v1/exercises/{exercise}", {"name": "Mine now"}),
    ("delete", "/api/v1/exercises/{exercise}", None),
    ("get", "/api/v1/exercises/{exercise}/history", None),
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
    ("post", "/api/v1/users/me/email-verification", None),
    ("get", "/api/v1/workouts", None),
    ("post", "/api/v1/workouts", {"name": "x"}),
    ("get", "/api/v1/exercises", None),
    ("post", "/api/v1/exercises", {"name": "x"}),
    ("get", "/api/v1/muscles", None),
    ("get", "/api/v1/users/me/stats", None),
    ("get", "/api/v1/users/me/export", None),
    ("post", "/api/v1/users/me/import", {}),
]
PUBLIC_ENDPOINTS = [
    ("get", "/status"),
    ("get", "/api/schema/"),
    ("get", "/api/docs/"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/token/refresh"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/users"),  # sign-up, as the first version's clients call it
]

# What the owner of each object (or any signed-in user, for their own account and the
# catalogue) may do, each expected to succeed. Avatars need an upload first: their own tests
# (tests/test_avatars.py) cover the owner's side.
SQUAT = {"exercise": "{library}", "sets": [{"reps": 5, "weight_kg": 100, "completed": True}]}
OWNER_CALLS = [
    ("get", "/api/v1/workouts/{workout}", None),
    ("put", "/api/v1/workouts/{workout}", {"name": "Renamed"}),
    ("patch", "/api/v1/workouts/{workout}", {"exercises": [SQUAT]}),
    ("delete", "/api/v1/workouts/{workout}", None),
    ("get", "/api/v1/users/{user}/workouts", None),
    ("post", "/api/v1/users/{user}/workouts", {"name": "Logged"}),
    ("get", "/api/v1/users/{user}", None),
    ("put", "/api/v1/users/{user}", {"bio": "Mine"}),
    ("patch", "/api/v1/users/{user}", {"bio": "Mine"}),
    ("delete", "/api/v1/users/{user}", None),
    ("post", "/api/v1/workouts/{workout}/copy", None),
    ("post", "/api/v1/workouts/{workout}/start", None),
    ("post", "/api/v1/workouts/{workout}/pause", None),
    ("post", "/api/v1/workouts/{workout}/resume", None),
    ("post", "/api/v1/workouts/{workout}/finish", None),
    ("post", "/api/v1/workouts/{workout}/exercises", {"exercise": "{exercise}"}),
    ("patch", "/api/v1/workout-exercises/{entry}", {"notes": "Slow"}),
    ("delete", "/api/v1/workout-exercises/{entry}", None),
    ("post", "/api/v1/workout-exercises/{entry}/sets", {"reps": 1}),
    ("put", "/api/v1/sets/{set}", {"reps": 6}),
    ("patch", "/api/v1/sets/{set}", {"completed": True}),
    ("delete", "/api/v1/sets/{set}", None),
    ("get", "/api/v1/exercises/{exercise}", None),
    ("put", "/api/v1/exercises/{exercise}", {"name": "My move, renamed"}),
    ("patch", "/api/v1/exercises/{exercise}", {"description": "Slow eccentric"}),
    ("delete", "/api/v1/exercises/{exercise}", None),
    ("get", "/api/v1/exercises/{exercise}/history", None),
    ("get", "/api/v1/users", None),
    ("get", "/api/v1/users/search?q=a", None),
    ("get", "/api/v1/users/me", None),
    ("patch", "/api/v1/users/me", {"bio": "x"}),
    ("post", "/api/v1/users/me/email-verification", None),
    ("get", "/api/v1/workouts", None),
    ("post", "/api/v1/workouts", {"name": "Planned", "exercises": [SQUAT]}),
    ("get", "/api/v1/exercises", None),
    (
        "post",
        "/api/v1/exercises",
        {
            "name": "Zercher squat",
            "category": "strength",
            "equipment": "barbell",
            "primary_muscles": ["quadriceps"],
            "measures": ["reps", "weight"],
        },
    ),
    ("get", "/api/v1/muscles", None),
    ("get", "/api/v1/users/me/stats", None),
    ("get", "/api/v1/users/me/export", None),
    ("post", "/api/v1/users/me/import", {"format": "fitspace-export", "version": 1}),
]
# The state a session transition needs before it can succeed.
BEFORE = {"pause": ["start"], "resume": ["start", "pause"], "finish": ["start"]}
AVATARS = {("post", "/api/v1/users/me/avatar"), ("put", "/api/v1/users/me/avatar")}
AVATARS.add(("delete", "/api/v1/users/me/avatar"))
NOT_THE_API = {("get", "/api/schema/"), ("get", "/api/docs/"), ("get", "/status")}


def route(template: str) -> str:
    """The URL configuration's route for a path template of these tables."""
    path = template.split("?")[0].replace("/users/{user}/workouts", "/users/{user_pk}/workouts")
    return re.sub(r"\{(?!user_pk\})\w+\}", "{pk}", path)


def test_every_route_of_the_url_configuration_is_classified():
    """A new route fails here until its access rules are written down (and so tested): the
    routes come from the URL configuration itself."""
    from drf_spectacular.generators import EndpointEnumerator

    routes = {(m.lower(), path) for path, _, m, _ in EndpointEnumerator().get_api_endpoints()}
    classified = {(m, route(t)) for m, t, _ in PRIVATE_ENDPOINTS} | {
        (m, route(p)) for m, p in PUBLIC_ENDPOINTS
    }

    assert routes - classified == set(), "classify these routes in tests/test_access.py"
    assert classified - routes == set()
    owned = {(m, route(t)) for m, t, _ in OWNER_CALLS} | AVATARS
    assert {(m, r) for m, r in routes if (m, r) not in NOT_THE_API} - {
        (m, route(p)) for m, p in PUBLIC_ENDPOINTS
    } <= owned


@pytest.fixture
def their_workout(other_user):
    return WorkoutFactory(user=other_user, name="Theirs")


@pytest.fixture
def theirs(other_user, their_workout) -> dict:
    """Ids of every kind of object another user owns."""
    exercise = CustomExerciseFactory(owner=other_user, name="Their move")
    entry = WorkoutExercise.objects.create(workout=their_workout, exercise=exercise, position=1)
    workout_set = WorkoutSet.objects.create(workout_exercise=entry, position=1, reps=5)
    return {
        "user": other_user.id,
        "workout": their_workout.id,
        "exercise": exercise.id,
        "entry": entry.id,
        "set": workout_set.id,
    }


def call(client, method, template, body, ids):
    path = template.format(**ids)
    return getattr(client, method)(path, _with_ids(body, ids), format="json")


def _with_ids(value, ids):
    """A body with its `{exercise}`-style placeholders replaced by ids."""
    if isinstance(value, dict):
        return {k: _with_ids(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_ids(v, ids) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return ids[value[1:-1]]
    return value


@pytest.mark.parametrize(("method", "template", "body"), OTHER_USERS_OBJECTS)
def test_other_users_objects_are_404(user_client, other_user, theirs, method, template, body):
    response = call(user_client, method, template, body, theirs)

    assert response.status_code == 404, response.content
    assert response.json()["errors"][0]["code"] == "not_found"
    other_user.refresh_from_db()
    assert other_user.name != "Mine now"
    workout = Workout.objects.get(user=other_user)
    assert (workout.name, workout.status) == ("Theirs", "planned")
    entry = WorkoutExercise.objects.get(workout=workout)
    assert (entry.notes, entry.exercise.name) == ("", "Their move")
    assert list(entry.sets.values_list("reps", flat=True)) == [5]


@pytest.fixture
def mine(user, theirs) -> dict:
    """Ids of the same kinds of object, the signed-in user's own."""
    workout = WorkoutFactory(user=user, name="Mine")
    exercise = CustomExerciseFactory(owner=user, name="My move")
    entry = WorkoutExercise.objects.create(workout=workout, exercise=exercise, position=1)
    workout_set = WorkoutSet.objects.create(workout_exercise=entry, position=1, reps=5)
    squat = library_exercise("reps", "weight", category="strength")
    return {
        "user": user.id,
        "workout": workout.id,
        "exercise": exercise.id,
        "entry": entry.id,
        "set": workout_set.id,
        "library": squat.id,
    }


@pytest.mark.parametrize(("method", "template", "body"), OWNER_CALLS)
def test_the_owner_may(user_client, mine, method, template, body):
    action = template.rsplit("/", 1)[-1]
    for step in BEFORE.get(action, []):
        assert user_client.post(f"/api/v1/workouts/{mine['workout']}/{step}").status_code == 200

    response = call(user_client, method, template, body, mine)

    assert 200 <= response.status_code < 300, response.content


@pytest.mark.parametrize(("method", "template", "body"), OTHER_USERS_OBJECTS)
def test_staff_through_the_api_are_like_any_user(
    client_for, other_user, theirs, method, template, body
):
    """Staff powers live in the admin: through the API another user's objects are a 404."""
    response = call(client_for(StaffUserFactory()), method, template, body, theirs)

    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "template", "body"), PRIVATE_ENDPOINTS)
def test_anonymous_gets_401(api_client, theirs, method, template, body):
    response = call(api_client, method, template, body, theirs)

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


def test_my_history_never_includes_another_users_sets_of_a_shared_exercise(
    user_client, client_for, other_user
):
    from tests.factories import library_exercise

    squat = library_exercise("reps", "weight", category="strength")
    client_for(other_user).post(
        "/api/v1/workouts",
        {
            "name": "Theirs",
            "exercises": [
                {"exercise": squat.id, "sets": [{"reps": 5, "weight_kg": 200, "completed": True}]}
            ],
        },
        format="json",
    )

    assert user_client.get("/api/v1/workouts").json()["count"] == 0
    assert user_client.get(f"/api/v1/exercises/{squat.id}/history").json()["records"] == []
    assert user_client.get("/api/v1/users/me/stats").json()["sets"] == 0
    assert user_client.get("/api/v1/users/me/export").json()["records"] == []
