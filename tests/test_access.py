"""Private by default: anonymous callers get 401 everywhere but the public endpoints, and
another user's objects are a 404 (not a 403), whatever the route."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from groups.models import Group, Membership
from groups.services import group_create, invite_create, session_create
from inbox.services import notify
from tests.factories import (
    CustomExerciseFactory,
    JournalEntryFactory,
    SkinEntryFactory,
    StaffUserFactory,
    UserFactory,
    WorkoutFactory,
    library_exercise,
    period,
)
from wellness.models import JournalEntry, PeriodDay, SkinEntry
from workouts.models import Workout, WorkoutExercise, WorkoutSet

GROUP_FIELDS = {
    "name": "Club",
    "starts_on": dt.date(2026, 11, 1),
    "ends_on": dt.date(2026, 12, 31),
    "metric": Group.Metric.ACTIVE_MINUTES,
    "member_target": Decimal(150),
}

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
    # A group one is not in, and everything in it.
    ("get", "/api/v1/groups/{group}", None),
    ("put", "/api/v1/groups/{group}", {"name": "Mine now"}),
    ("patch", "/api/v1/groups/{group}", {"name": "Mine now"}),
    ("delete", "/api/v1/groups/{group}", None),
    ("post", "/api/v1/groups/{group}/clone", {"starts_on": "2026-01-01", "ends_on": "2026-02-01"}),
    ("get", "/api/v1/groups/{group}/progress", None),
    ("get", "/api/v1/groups/{group}/members", None),
    ("patch", "/api/v1/groups/{group}/members/{user}", {"target": 1}),
    ("delete", "/api/v1/groups/{group}/members/{user}", None),
    ("get", "/api/v1/groups/{group}/invites", None),
    ("post", "/api/v1/groups/{group}/invites", {"user": "{user}"}),
    ("get", "/api/v1/groups/{group}/sessions", None),
    (
        "post",
        "/api/v1/groups/{group}/sessions",
        {"title": "Crash", "starts_at": "2026-12-01T10:00Z"},
    ),
    ("get", "/api/v1/groups/{group}/sessions/{session}", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/join", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/leave", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/workout", None),
    ("get", "/api/v1/groups/{group}/sessions/{session}/participants", None),
    ("post", "/api/v1/invites/{invite}/accept", None),
    ("post", "/api/v1/invites/{invite}/decline", None),
    ("get", "/api/v1/notifications/{notification}", None),
    ("post", "/api/v1/notifications/{notification}/read", None),
    # Wellness: health data, the owner's only.
    ("get", "/api/v1/journal/{journal}", None),
    ("put", "/api/v1/journal/{journal}", {"text": "Mine now"}),
    ("patch", "/api/v1/journal/{journal}", {"text": "Mine now"}),
    ("delete", "/api/v1/journal/{journal}", None),
    ("get", "/api/v1/cycles/days/{period_day}", None),
    ("put", "/api/v1/cycles/days/{period_day}", {"flow": "spotting"}),
    ("patch", "/api/v1/cycles/days/{period_day}", {"flow": "spotting"}),
    ("delete", "/api/v1/cycles/days/{period_day}", None),
    ("get", "/api/v1/skin/{skin}", None),
    ("put", "/api/v1/skin/{skin}", {"notes": "Mine now"}),
    ("patch", "/api/v1/skin/{skin}", {"notes": "Mine now"}),
    ("delete", "/api/v1/skin/{skin}", None),
    ("post", "/api/v1/skin/{skin}/photo", {"content_type": "image/png"}),
    ("put", "/api/v1/skin/{skin}/photo", {"key": "skin/1/x.png"}),
    ("delete", "/api/v1/skin/{skin}/photo", None),
    ("post", "/api/v1/skin/{skin}/analyze", None),
    ("get", "/api/v1/workouts/{workout}/soundtrack", None),
    ("post", "/api/v1/workouts/{workout}/soundtrack", None),
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
    ("get", "/api/v1/groups", None),
    ("post", "/api/v1/groups", {"name": "x"}),
    ("get", "/api/v1/invites", None),
    ("get", "/api/v1/notifications", None),
    ("post", "/api/v1/notifications/read-all", None),
    ("get", "/api/v1/notifications/unread-count", None),
    ("get", "/api/v1/achievements", None),
    ("get", "/api/v1/users/{user}/achievements", None),
    ("get", "/api/v1/journal", None),
    ("post", "/api/v1/journal", {"date": "2026-01-01"}),
    ("get", "/api/v1/journal/tags", None),
    ("get", "/api/v1/cycles/settings", None),
    ("patch", "/api/v1/cycles/settings", {"enabled": True}),
    ("get", "/api/v1/cycles/days", None),
    ("post", "/api/v1/cycles/days", {"date": "2026-01-01", "flow": "light"}),
    ("get", "/api/v1/cycles/history", None),
    ("get", "/api/v1/cycles/predictions", None),
    ("get", "/api/v1/cycles/workouts", None),
    ("get", "/api/v1/skin", None),
    ("post", "/api/v1/skin", {"date": "2026-01-01"}),
    ("get", "/api/v1/insights", None),
    ("get", "/api/v1/integrations/spotify/now-playing", None),
    ("get", "/api/v1/integrations", None),
    ("post", "/api/v1/integrations/{provider}/connect", None),
    ("delete", "/api/v1/integrations/{provider}", None),
    ("post", "/api/v1/workouts/import", {}),
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
    # The provider sends the browser back here; the single-use state names the user.
    ("get", "/api/v1/integrations/{provider}/callback"),
]
# Public, but only to a caller holding WHOOP's signing secret: the signature is the credential
# (tests/test_integrations_whoop.py covers good, bad, stale and missing signatures).
SIGNED_ENDPOINTS = [("post", "/api/v1/integrations/whoop/webhook")]

# What the owner of each object (or any signed-in user, for their own account and the
# catalogue) may do, each expected to succeed. Avatars need an upload first: their own tests
# (tests/test_avatars.py) cover the owner's side.
SQUAT = {"exercise": "{library}", "sets": [{"reps": 5, "weight_kg": 100, "completed": True}]}
GROUP = {
    "name": "Run club",
    "starts_on": "2026-11-01",
    "ends_on": "2026-12-31",
    "metric": "active_minutes",
    "member_target": 150,
}
OWNER_CALLS = [
    ("get", "/api/v1/workouts/{workout}", None),
    ("get", "/api/v1/workouts/{workout}/soundtrack", None),
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
    ("get", "/api/v1/groups", None),
    ("post", "/api/v1/groups", GROUP),
    ("get", "/api/v1/groups/{group}", None),
    ("put", "/api/v1/groups/{group}", {"name": "Renamed"}),
    ("patch", "/api/v1/groups/{group}", {"description": "Weekly"}),
    ("delete", "/api/v1/groups/{group}", None),
    ("post", "/api/v1/groups/{group}/clone", {"starts_on": "2026-01-01", "ends_on": "2026-02-01"}),
    ("get", "/api/v1/groups/{group}/progress", None),
    ("get", "/api/v1/groups/{group}/members", None),
    ("patch", "/api/v1/groups/{group}/members/{mate}", {"target": 5}),
    ("delete", "/api/v1/groups/{group}/members/{mate}", None),
    ("get", "/api/v1/groups/{group}/invites", None),
    ("post", "/api/v1/groups/{group}/invites", {"user": "{stranger}"}),
    ("get", "/api/v1/groups/{group}/sessions", None),
    ("post", "/api/v1/groups/{group}/sessions", {"title": "Run", "starts_at": "2026-12-01T10:00Z"}),
    ("get", "/api/v1/groups/{group}/sessions/{session}", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/join", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/leave", None),
    ("post", "/api/v1/groups/{group}/sessions/{session}/workout", None),
    ("get", "/api/v1/groups/{group}/sessions/{session}/participants", None),
    ("get", "/api/v1/invites", None),
    ("post", "/api/v1/invites/{invite}/accept", None),
    ("post", "/api/v1/invites/{invite}/decline", None),
    ("get", "/api/v1/notifications", None),
    ("get", "/api/v1/notifications/{notification}", None),
    ("post", "/api/v1/notifications/{notification}/read", None),
    ("post", "/api/v1/notifications/read-all", None),
    ("get", "/api/v1/notifications/unread-count", None),
    ("get", "/api/v1/achievements", None),
    ("get", "/api/v1/users/{user}/achievements", None),
    ("get", "/api/v1/journal", None),
    ("post", "/api/v1/journal", {"date": "2026-01-01", "mood": 4, "tags": ["Rest"]}),
    ("get", "/api/v1/journal/tags", None),
    ("get", "/api/v1/journal/{journal}", None),
    ("put", "/api/v1/journal/{journal}", {"text": "Mine"}),
    ("patch", "/api/v1/journal/{journal}", {"energy": 60}),
    ("delete", "/api/v1/journal/{journal}", None),
    ("get", "/api/v1/cycles/settings", None),
    ("patch", "/api/v1/cycles/settings", {"enabled": True}),
    ("get", "/api/v1/cycles/days", None),
    ("post", "/api/v1/cycles/days", {"date": "2026-03-01", "flow": "light"}),
    ("get", "/api/v1/cycles/days/{period_day}", None),
    ("put", "/api/v1/cycles/days/{period_day}", {"flow": "heavy"}),
    ("patch", "/api/v1/cycles/days/{period_day}", {"symptoms": ["cramps"]}),
    ("delete", "/api/v1/cycles/days/{period_day}", None),
    ("get", "/api/v1/cycles/history", None),
    ("get", "/api/v1/cycles/predictions", None),
    ("get", "/api/v1/cycles/workouts", None),
    ("get", "/api/v1/skin", None),
    ("post", "/api/v1/skin", {"date": "2026-01-01", "radiance": 70}),
    ("get", "/api/v1/skin/{skin}", None),
    ("put", "/api/v1/skin/{skin}", {"notes": "Mine"}),
    ("patch", "/api/v1/skin/{skin}", {"moisture": 40}),
    ("delete", "/api/v1/skin/{skin}", None),
    ("get", "/api/v1/insights", None),
]
# The state a session transition needs before it can succeed.
BEFORE = {"pause": ["start"], "resume": ["start", "pause"], "finish": ["start"]}
AVATARS = {("post", "/api/v1/users/me/avatar"), ("put", "/api/v1/users/me/avatar")}
AVATARS.add(("delete", "/api/v1/users/me/avatar"))
# Skin photos need an upload, and analysis a photo: tests/test_wellness.py covers the owner's side.
AVATARS |= {(m, "/api/v1/skin/{pk}/photo") for m in ("post", "put", "delete")}
AVATARS.add(("post", "/api/v1/skin/{pk}/analyze"))
# Reading Spotify needs a connection (and a finished workout): tests/test_integrations_spotify.py.
AVATARS |= {("post", "/api/v1/workouts/{pk}/soundtrack")}
AVATARS.add(("get", "/api/v1/integrations/spotify/now-playing"))
# Connecting needs the provider's consent page, and an import a file: their own tests
# (tests/test_integrations_oauth.py, tests/test_workout_file_import.py) cover the owner's side.
AVATARS |= {
    ("get", "/api/v1/integrations"),
    ("post", "/api/v1/integrations/{provider}/connect"),
    ("delete", "/api/v1/integrations/{provider}"),
    ("post", "/api/v1/workouts/import"),
}
NOT_THE_API = {("get", "/api/schema/"), ("get", "/api/docs/"), ("get", "/status")}


def route(template: str) -> str:
    """The URL configuration's route for a path template of these tables."""
    path = template.split("?")[0]
    path = re.sub(r"/users/\{user\}/(workouts|achievements)", r"/users/{user_pk}/\1", path)
    path = re.sub(r"/groups/\{group\}/(members|invites|sessions)", r"/groups/{group_pk}/\1", path)
    return re.sub(r"\{(?!(user|group)_pk\}|provider\})\w+\}", "{pk}", path)


def test_every_route_of_the_url_configuration_is_classified():
    """A new route fails here until its access rules are written down (and so tested): the
    routes come from the URL configuration itself."""
    from drf_spectacular.generators import EndpointEnumerator

    routes = {(m.lower(), path) for path, _, m, _ in EndpointEnumerator().get_api_endpoints()}
    public = {(m, route(p)) for m, p in PUBLIC_ENDPOINTS + SIGNED_ENDPOINTS}
    classified = {(m, route(t)) for m, t, _ in PRIVATE_ENDPOINTS} | public

    assert routes - classified == set(), "classify these routes in tests/test_access.py"
    assert classified - routes == set()
    owned = {(m, route(t)) for m, t, _ in OWNER_CALLS} | AVATARS
    assert {(m, r) for m, r in routes if (m, r) not in NOT_THE_API} - public <= owned


@pytest.fixture
def their_workout(other_user):
    return WorkoutFactory(user=other_user, name="Theirs")


@pytest.fixture
def theirs(other_user, their_workout) -> dict:
    """Ids of every kind of object another user owns."""
    exercise = CustomExerciseFactory(owner=other_user, name="Their move")
    entry = WorkoutExercise.objects.create(workout=their_workout, exercise=exercise, position=1)
    workout_set = WorkoutSet.objects.create(workout_exercise=entry, position=1, reps=5)
    group = group_create(owner=other_user, data=GROUP_FIELDS)
    session = session_create(
        group=group, by=other_user, title="Theirs", starts_at=timezone.now(), template=None
    )
    invite = invite_create(group=group, by=other_user, invitee=UserFactory())
    notification = notify(user=other_user, kind="test", title="Theirs")
    period(other_user, dt.date(2026, 1, 1), days=1)
    return {
        "journal": JournalEntryFactory(user=other_user, text="Theirs").id,
        "period_day": PeriodDay.objects.get(user=other_user).id,
        "skin": SkinEntryFactory(user=other_user, notes="Theirs", photo_key="skin/0/theirs.png").id,
        "user": other_user.id,
        "workout": their_workout.id,
        "exercise": exercise.id,
        "entry": entry.id,
        "set": workout_set.id,
        "group": group.id,
        "session": session.id,
        "invite": invite.id,
        "notification": notification.id,
        "provider": "whoop",
    }


def call(client, method, template, body, ids):
    """The request in its own transaction, as a request has on the server: routes that call a
    provider run outside ATOMIC_REQUESTS, and an error answer there would otherwise mark the
    test's own transaction for rollback (DRF's set_rollback)."""
    path = template.format(**ids)
    with transaction.atomic():
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
    group = Group.objects.get(pk=theirs["group"])
    assert (group.name, group.memberships.count(), group.sessions.count()) == ("Club", 1, 1)
    assert not Membership.objects.filter(group=group).exclude(user=other_user).exists()
    assert JournalEntry.objects.get(user=other_user).text == "Theirs"
    assert PeriodDay.objects.get(user=other_user).flow == "medium"
    skin = SkinEntry.objects.get(user=other_user)
    assert (skin.notes, skin.photo_key, skin.metrics_source) == (
        "Theirs",
        "skin/0/theirs.png",
        "manual",
    )


@pytest.fixture
def mine(user, theirs) -> dict:
    """Ids of the same kinds of object, the signed-in user's own."""
    workout = WorkoutFactory(user=user, name="Mine")
    exercise = CustomExerciseFactory(owner=user, name="My move")
    entry = WorkoutExercise.objects.create(workout=workout, exercise=exercise, position=1)
    workout_set = WorkoutSet.objects.create(workout_exercise=entry, position=1, reps=5)
    squat = library_exercise("reps", "weight", category="strength")
    group = group_create(owner=user, data=GROUP_FIELDS)
    mate, stranger = UserFactory(), UserFactory()
    Membership.objects.create(group=group, user=mate)
    session = session_create(
        group=group, by=user, title="Mine", starts_at=timezone.now(), template=None
    )
    elsewhere = group_create(owner=stranger, data=GROUP_FIELDS)
    invite = invite_create(group=elsewhere, by=stranger, invitee=user)
    period(user, dt.date(2026, 1, 1), days=1)
    return {
        "journal": JournalEntryFactory(user=user).id,
        "period_day": PeriodDay.objects.get(user=user).id,
        "skin": SkinEntryFactory(user=user).id,
        "group": group.id,
        "mate": mate.id,
        "stranger": stranger.id,
        "session": session.id,
        "invite": invite.id,
        "notification": notify(user=user, kind="test", title="Mine").id,
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
    response = getattr(api_client, method)(path.format(provider="whoop"), {}, format="json")

    assert response.status_code not in (401, 403), response.content


@pytest.mark.parametrize(("method", "path"), SIGNED_ENDPOINTS)
def test_signed_endpoints_refuse_an_unsigned_call(api_client, user_client, method, path):
    for client in (api_client, user_client):
        response = getattr(client, method)(path, {}, format="json")

        assert response.status_code == 401, response.content


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


def test_options_on_every_route_answers_without_a_server_error(user_client, mine):
    """OPTIONS describes a route (DRF's metadata); it once crashed on `me/avatar`."""
    from drf_spectacular.generators import EndpointEnumerator

    ids = {**mine, "pk": mine["workout"], "group_pk": mine["group"], "user_pk": mine["user"]}
    ids["provider"] = "whoop"
    for path, _, _, _ in EndpointEnumerator().get_api_endpoints():
        response = user_client.options(path.format(**ids))
        assert response.status_code < 500, path
