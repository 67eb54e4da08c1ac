import pytest

from tests.factories import StaffUserFactory, UserFactory, WorkoutFactory
from users.models import User
from workouts.models import Workout

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffUserFactory(email="staff@example.com", password="staff-pass-123")
    client.force_login(staff)
    return client


def test_staff_logs_in_with_email_and_password(client):
    StaffUserFactory(email="staff@example.com", password="staff-pass-123")

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "STAFF@example.com", "password": "staff-pass-123", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_non_staff_cannot_log_into_the_admin(client):
    UserFactory(email="ana@example.com", password="ana-pass-123")

    response = client.post(
        "/admin/login/", {"username": "ana@example.com", "password": "ana-pass-123"}
    )

    assert response.status_code == 200  # the form again, with an error
    assert b"errornote" in response.content


def test_admin_login_page_links_its_css(client):
    page = client.get("/admin/login/")
    css = client.get("/static/admin/css/base.css")

    assert b'href="/static/admin/css/base.css"' in page.content
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/user/",
        "/admin/users/user/?q=ana",
        "/admin/users/user/?is_staff__exact=1",
        "/admin/users/user/add/",
        "/admin/workouts/workout/",
        "/admin/workouts/workout/?q=run",
        "/admin/workouts/workout/add/",
    ],
)
def test_admin_pages_render(staff_client, path):
    WorkoutFactory.create_batch(3, name="Easy run")

    assert staff_client.get(path).status_code == 200


def test_admin_user_page_links_to_the_users_workouts(staff_client):
    workout = WorkoutFactory(name="Tempo run")
    WorkoutFactory(name="Someone else's ride")

    page = staff_client.get(f"/admin/users/user/{workout.user_id}/change/")
    listed = staff_client.get(f"/admin/workouts/workout/?user={workout.user_id}")

    assert page.status_code == 200
    assert f"/admin/workouts/workout/?user={workout.user_id}".encode() in page.content
    assert b"Tempo run" in listed.content
    assert b"Someone else" not in listed.content


def test_admin_user_page_stays_small_with_a_long_history(staff_client):
    """A thousand workouts once made this page 1.4 MB with 5,025 form fields: too many to save."""
    user = UserFactory()
    Workout.objects.bulk_create(Workout(user=user, name=f"Run {n}") for n in range(1000))

    page = staff_client.get(f"/admin/users/user/{user.pk}/change/")
    saved = staff_client.post(
        f"/admin/users/user/{user.pk}/change/",
        {
            "email": user.email,
            "name": "Renamed",
            "timezone": user.timezone,
            "is_active": "on",
            "date_joined": "",
        },
    )

    assert page.status_code == 200
    assert len(page.content) < 100_000
    assert b"Run 999" not in page.content
    assert saved.status_code == 302, saved.content[:2000]
    user.refresh_from_db()
    assert user.name == "Renamed"


def test_admin_searches_users_by_email(staff_client):
    UserFactory(email="findme@example.com")
    UserFactory(email="other@example.com")

    page = staff_client.get("/admin/users/user/", {"q": "findme"})

    assert b"findme@example.com" in page.content
    assert b"other@example.com" not in page.content


def test_admin_creates_a_user_with_email_login(staff_client):
    response = staff_client.post(
        "/admin/users/user/add/",
        {
            "email": "new@example.com",
            "name": "New Athlete",
            "usable_password": "true",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="new@example.com").check_password("a-long-pass-phrase")


def test_staff_deactivate_and_activate_users(staff_client):
    athletes = UserFactory.create_batch(2)
    ids = [str(u.pk) for u in athletes]

    staff_client.post(
        "/admin/users/user/", {"action": "deactivate", "_selected_action": ids}, follow=True
    )
    assert not User.objects.filter(pk__in=ids, is_active=True).exists()
    staff_client.post(
        "/admin/users/user/", {"action": "activate", "_selected_action": ids}, follow=True
    )
    assert User.objects.filter(pk__in=ids, is_active=True).count() == 2


def test_staff_cannot_deactivate_themselves_by_accident(client):
    staff = StaffUserFactory()
    client.force_login(staff)

    client.post(
        "/admin/users/user/", {"action": "deactivate", "_selected_action": [staff.pk]}, follow=True
    )

    staff.refresh_from_db()
    assert staff.is_active


def test_admin_login_is_locked_after_repeated_failures(client, settings):
    StaffUserFactory(email="staff@example.com", password="staff-pass-123")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "staff@example.com", "password": "guess"})
    locked = client.post(
        "/admin/login/", {"username": "staff@example.com", "password": "staff-pass-123"}
    )

    assert locked.status_code == 429
    assert locked.json()["errors"][0]["code"] == "account_locked"


# Spellings that PostgreSQL's UPPER() (behind `iexact`) folds onto "admin@fitspace.io": the
# dotless i (U+0131) and the long s (U+017F) become I and S.
SPELLINGS = ["ADMIN@FITSPACE.IO", "adm\u0131n@fitspace.io", "admin@fit\u017fpace.io"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_admin_lockout_holds_for_every_spelling_of_the_address(client, settings, spelling):
    StaffUserFactory(email="admin@fitspace.io", password="staff-pass-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin@fitspace.io", "password": "guess"})

    attempt = client.post("/admin/login/", {"username": spelling, "password": "staff-pass-123"})

    assert attempt.status_code != 302  # not signed in
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_is_limited_per_client(client, settings):
    StaffUserFactory(email="staff@example.com", password="staff-pass-123")
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])

    tries = [
        client.post("/admin/login/", {"username": f"guess{n}@example.com", "password": "x"})
        for n in range(limit)
    ]
    throttled = client.post(
        "/admin/login/", {"username": "staff@example.com", "password": "staff-pass-123"}
    )

    assert {t.status_code for t in tries} == {200}  # the form again, with an error
    assert throttled.status_code == 429
    assert throttled.json()["errors"][0]["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_cognito_identity_is_shown_but_not_editable(staff_client):
    athlete = UserFactory()
    User.objects.filter(pk=athlete.pk).update(cognito_sub="sub-123")

    page = staff_client.get(f"/admin/users/user/{athlete.pk}/change/")

    assert b"sub-123" in page.content
    assert b'name="cognito_sub"' not in page.content


def test_staff_manage_the_exercise_library_with_usage_counts(staff_client):
    from workouts.models import Exercise, WorkoutExercise

    squat = Exercise.objects.get(slug="barbell-back-squat")
    for workout in WorkoutFactory.create_batch(3):
        WorkoutExercise.objects.create(workout=workout, exercise=squat, position=1)

    page = staff_client.get("/admin/workouts/exercise/", {"q": "barbell back squat"})
    library = staff_client.get("/admin/workouts/exercise/", {"kind": "library", "o": "-5"})
    change = staff_client.get(f"/admin/workouts/exercise/{squat.pk}/change/")

    assert page.status_code == library.status_code == change.status_code == 200
    assert b"Barbell Back Squat" in page.content
    assert b'<td class="field-times_used">3</td>' in page.content


def test_staff_see_a_workouts_exercises_and_sets_inline(staff_client):
    from workouts.models import Exercise, WorkoutExercise, WorkoutSet

    workout = WorkoutFactory(name="Leg day")
    entry = WorkoutExercise.objects.create(
        workout=workout, exercise=Exercise.objects.get(slug="barbell-back-squat"), position=1
    )
    WorkoutSet.objects.create(
        workout_exercise=entry, position=1, reps=5, weight_kg=100, completed=True
    )

    page = staff_client.get(f"/admin/workouts/workout/{workout.pk}/change/")
    sets_page = staff_client.get(f"/admin/workouts/workoutexercise/{entry.pk}/change/")

    assert page.status_code == 200
    assert "5 x 100.00 kg ✓" in page.content.decode()
    assert sets_page.status_code == 200
    assert b'name="sets-0-weight_kg"' in sets_page.content


def test_records_are_read_only_in_the_admin(staff_client):
    assert staff_client.get("/admin/workouts/personalrecord/").status_code == 200
    assert staff_client.get("/admin/workouts/personalrecord/add/").status_code == 403


def test_the_admin_loads_on_first_use_with_every_model_and_passes_its_checks(client):
    from django.contrib import admin

    from users.models import User
    from workouts.models import Workout

    client.get("/admin/login/")

    assert admin.site.is_registered(User)
    assert admin.site.is_registered(Workout)
    assert admin.site.site_header == "FitSpace administration"
    assert admin.site.check(None) == []
