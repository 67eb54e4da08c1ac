"""The staff dashboard in the admin (/admin/dashboard/): who may see it, its figures on a
hand-counted fixture, zero days, the range form, a fixed number of queries, and Chart.js
served from our own static files under the admin's Content-Security-Policy."""

import datetime as dt
import json
import re

import pytest
from django.contrib.staticfiles import finders

from fitspace.dashboard import DEFAULT_DAYS, MAX_DAYS, TOP_EXERCISES
from fitspace.middleware import HTML_CSP
from tests.factories import CustomExerciseFactory, StaffUserFactory, UserFactory
from tests.test_stats import library, log_workout, utc
from users.models import User
from workouts.models import Exercise, Workout

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/dashboard/"
CHART_JS = "/static/fitspace/vendor/chartjs/chart.umd.min.js"
DASHBOARD_JS = "/static/fitspace/admin-dashboard.js"
# Tuesday 3 to Tuesday 10 March 2026: two Monday-to-Sunday weeks (2 and 9 March).
RANGE = {"date_from": "2026-03-03", "date_to": "2026-03-10"}


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory(email="staff@example.com"))
    return client


def signed_up(email: str, at: dt.datetime) -> User:
    user = UserFactory(email=email)
    User.objects.filter(pk=user.pk).update(created_at=at)
    return user


def created_on(workout: Workout, at: dt.datetime) -> None:
    Workout.objects.filter(pk=workout.pk).update(created_at=at)


def chart_data(response) -> dict:
    found = re.search(
        rb'<script id="dashboard-data" type="application/json">(.*?)</script>', response.content
    )
    return json.loads(found.group(1))


def by_day(data: dict, key: str) -> dict[str, int]:
    return {day: value for day, value in zip(data["days"], data[key], strict=True) if value}


@pytest.fixture
def known_month():
    """Sign-ups and training around RANGE, counted by hand in the test below."""
    squat, bench = library("barbell-back-squat"), library("barbell-bench-press")
    deadlift = library("barbell-deadlift")
    ana = signed_up("ana@example.com", utc(2026, 3, 3, 10))
    ben = signed_up("ben@example.com", utc(2026, 3, 3, 23, 30))  # 4 March in Berlin, not in UTC
    cem = signed_up("cem@example.com", utc(2026, 3, 2, 12))  # the first week, before the range
    dan = signed_up("dan@example.com", utc(2026, 3, 10, 9))
    done, planned = {"reps": 5}, {"reps": 5, "completed": False}
    # Ana: 5 completed sets on the 3rd (one more planned), 2 on the 5th.
    log_workout(
        ana, utc(2026, 3, 3, 8), [(squat, [done, done, done, planned]), (bench, [done] * 2)]
    )
    log_workout(ana, utc(2026, 3, 5, 18), [(squat, [done, done])])
    # Ben: a plan with nothing done on the 5th (not training), then a workout logged after the
    # fact (no live session, a completed set) on the 9th: both dated by when they were created.
    created_on(log_workout(ben, None, [(bench, [planned])], status="planned"), utc(2026, 3, 5, 7))
    created_on(log_workout(ben, None, [(bench, [done])], status="planned"), utc(2026, 3, 9, 7))
    # Cem: a template (never training), training before the range (in its first week) and the
    # day before that week.
    log_workout(cem, None, [(deadlift, [done])], status="planned", is_template=True)
    log_workout(cem, utc(2026, 3, 2, 6), [(deadlift, [done, done, done])])
    log_workout(cem, utc(2026, 3, 1, 23, 59), [(deadlift, [done])])
    # Dan: after the range, in its last week.
    log_workout(dan, utc(2026, 3, 11, 7), [(deadlift, [done])])
    return {"squat": squat.name, "bench": bench.name}


def test_staff_see_the_dashboard_linked_from_the_admin_index(staff_client):
    index = staff_client.get("/admin/")
    page = staff_client.get(DASHBOARD)

    assert b'href="/admin/dashboard/"' in index.content
    assert page.status_code == 200
    assert b"<h1>Dashboard</h1>" in page.content


@pytest.mark.parametrize("is_logged_in", [False, True])
def test_anonymous_and_non_staff_are_sent_to_the_admin_login(client, is_logged_in):
    if is_logged_in:
        client.force_login(UserFactory(email="ana@example.com"))

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/dashboard/"


def test_figures_on_a_known_fixture(staff_client, known_month):
    response = staff_client.get(DASHBOARD, RANGE)
    data = chart_data(response)

    assert response.status_code == 200
    assert data["days"] == [f"2026-03-{day:02}" for day in range(3, 11)]
    assert by_day(data, "signups") == {"2026-03-03": 2, "2026-03-10": 1}
    assert by_day(data, "workouts") == {"2026-03-03": 1, "2026-03-05": 1, "2026-03-09": 1}
    assert by_day(data, "sets") == {"2026-03-03": 5, "2026-03-05": 2, "2026-03-09": 1}
    # Weeks count whole: Cem's sign-up and training on Monday 2 March, Dan's on the 11th.
    assert data["weeks"] == ["2026-03-02", "2026-03-09"]
    assert data["active_users"] == [2, 2]
    assert data["weekly_signups"] == [3, 1]
    assert data["exercises"] == [known_month["squat"], known_month["bench"]]
    assert data["exercise_sets"] == [5, 3]


def test_the_table_carries_the_same_figures_as_the_charts(staff_client, known_month):
    content = staff_client.get(DASHBOARD, RANGE).content.decode()

    assert re.search(r'<th scope="row">2026-03-03</th><td>2</td><td>1</td><td>5</td>', content)
    assert re.search(r'<th scope="row">2026-03-02</th><td>2</td><td>3</td>', content)
    assert f'<th scope="row">{known_month["squat"]}</th><td>5</td>' in content
    assert "<strong>3</strong> sign-ups" in content
    assert "<strong>8</strong> sets" in content


def test_days_without_anything_are_zero(staff_client):
    data = chart_data(
        staff_client.get(DASHBOARD, {"date_from": "2026-02-27", "date_to": "2026-03-02"})
    )

    assert data["days"] == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]
    assert data["signups"] == data["workouts"] == data["sets"] == [0, 0, 0, 0]
    assert data["weeks"] == ["2026-02-23", "2026-03-02"]
    assert data["active_users"] == [0, 0]
    assert data["exercises"] == []


def test_by_default_the_last_days_up_to_today(staff_client):
    today = dt.datetime.now(dt.UTC).date()

    data = chart_data(staff_client.get(DASHBOARD))

    assert len(data["days"]) == DEFAULT_DAYS
    assert data["days"][-1] == today.isoformat()


def test_other_query_parameters_leave_the_default_range(staff_client):
    response = staff_client.get(DASHBOARD, {"_changelist_filters": "x"})

    assert response.status_code == 200
    assert len(chart_data(response)["days"]) == DEFAULT_DAYS


def test_top_exercises_are_the_ten_with_the_most_sets(staff_client):
    athlete = signed_up("ana@example.com", utc(2026, 1, 1))
    exercises = list(Exercise.objects.filter(owner=None).order_by("slug")[: TOP_EXERCISES + 2])
    # The first exercise gets 1 set, the next 2, and so on: the last ten are the top.
    entries = [(exercise, [{"reps": 5}] * n) for n, exercise in enumerate(exercises, start=1)]
    log_workout(athlete, utc(2026, 3, 4, 8), entries)

    data = chart_data(staff_client.get(DASHBOARD, RANGE))

    assert data["exercise_sets"] == list(range(TOP_EXERCISES + 2, 2, -1))
    assert data["exercises"] == [exercise.name for exercise in reversed(exercises[2:])]


def test_an_exercise_name_cannot_inject_markup(staff_client):
    hostile = "</script><script>alert(1)</script>"
    exercise = CustomExerciseFactory(name=hostile)
    log_workout(exercise.owner, utc(2026, 3, 4, 8), [(exercise, [{"reps": 5}])])

    response = staff_client.get(DASHBOARD, RANGE)

    assert hostile.encode() not in response.content
    assert chart_data(response)["exercises"] == [hostile]
    assert b'<th scope="row">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</th>' in (
        response.content
    )


def test_the_longest_range_is_answered(staff_client):
    first = dt.date(2025, 1, 1)
    last = first + dt.timedelta(days=MAX_DAYS - 1)

    response = staff_client.get(DASHBOARD, {"date_from": first, "date_to": last})

    assert response.status_code == 200
    assert len(chart_data(response)["days"]) == MAX_DAYS


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-03"}, "date_to", "on or after"),
        (
            {
                "date_from": "2025-01-01",
                "date_to": str(dt.date(2025, 1, 1) + dt.timedelta(MAX_DAYS)),
            },
            "date_to",
            f"at most {MAX_DAYS} days",
        ),
        ({"date_from": "yesterday", "date_to": "2026-03-03"}, "date_from", "valid date"),
        ({"date_from": "2026-02-30", "date_to": "2026-03-03"}, "date_from", "valid date"),
        ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, "date_from", "1970 to 2100"),
        ({"date_from": "0001-01-01", "date_to": "0001-01-01"}, "date_to", "1970 to 2100"),
        ({"date_from": "2026-03-03"}, "date_to", "required"),
    ],
)
def test_a_bad_range_answers_the_form_with_its_error(staff_client, params, field, message):
    response = staff_client.get(DASHBOARD, params)
    form = response.context["form"]

    assert response.status_code == 400
    assert message in " ".join(form.errors[field])
    assert message.encode() in response.content
    assert b"dashboard-data" not in response.content
    assert CHART_JS.encode() not in response.content


def add_training(users: int, day: dt.date) -> None:
    squat, bench = library("barbell-back-squat"), library("barbell-bench-press")
    done = {"reps": 5}
    for n in range(users):
        athlete = signed_up(f"athlete-{day}-{n}@example.com", utc(day.year, day.month, day.day, 9))
        for hour in (7, 18):
            start = utc(day.year, day.month, day.day, hour)
            log_workout(athlete, start, [(squat, [done] * 3), (bench, [done] * 2)])


@pytest.mark.parametrize("users_per_day", [1, 6])
def test_the_same_number_of_queries_whatever_the_data(
    staff_client, django_assert_num_queries, users_per_day
):
    for offset in range(0, 30, 3):
        add_training(users_per_day, dt.date(2026, 3, 1) + dt.timedelta(days=offset))

    # savepoint, session, staff user, then one per figure: sign-ups, workouts and sets per day,
    # active users per week, top exercises; release (ATOMIC_REQUESTS)
    with django_assert_num_queries(8):
        response = staff_client.get(DASHBOARD, {"date_from": "2026-03-01", "date_to": "2026-03-31"})

    assert sum(chart_data(response)["workouts"]) == 10 * users_per_day * 2


def test_chart_js_is_served_from_our_static_files_under_the_csp(staff_client):
    page = staff_client.get(DASHBOARD)
    library_file = staff_client.get(CHART_JS)
    script = staff_client.get(DASHBOARD_JS)

    assert f'<script src="{CHART_JS}" defer></script>'.encode() in page.content
    assert f'<script src="{DASHBOARD_JS}" defer></script>'.encode() in page.content
    # No script from elsewhere, none inline but the JSON data (which a browser does not run).
    sources = re.findall(rb"<script([^>]*)>", page.content)
    assert all(b'src="/static/' in attrs or b"application/json" in attrs for attrs in sources)
    assert b"cdn" not in page.content.lower()
    assert page["Content-Security-Policy"] == HTML_CSP
    assert "script-src 'self'" in HTML_CSP
    assert library_file.status_code == script.status_code == 200
    assert library_file["Content-Type"].startswith("text/javascript")
    chart_js = b"".join(library_file.streaming_content)
    assert chart_js.startswith(b"/*!\n * Chart.js v4.6.1\n")
    assert b"Released under the MIT License" in chart_js[:200]


def test_the_vendored_chart_js_keeps_its_license():
    license_file = finders.find("fitspace/vendor/chartjs/LICENSE.txt")

    with open(license_file) as license_text:
        assert "The MIT License (MIT)" in license_text.read()
