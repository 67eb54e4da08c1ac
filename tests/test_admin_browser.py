"""Staff in a real browser: Playwright drives Debian's Chromium through the admin as Lambda serves
it, behind the API Gateway stage prefix (tests/apigw_bridge.py turns each browser request into an
API Gateway event for the function's entry point, in this process).

Each flow signs in at /dev/admin/ (the CSRF check passes behind the prefix) and walks the pages
a person would; on every page no request the browser made (static files included) answered 4xx
or 5xx, and nothing was written to the console as an error. A screenshot of each step goes to
test-artifacts/browser/<test>/ (CI keeps the folder).

Chromium comes from `.ci/ensure-chromium` (apt-get on a machine that does not have it yet):
Playwright's own browser download cannot be reached from CI. The tests skip, saying why, only
where it cannot be installed (no apt-get, not root).
"""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from axes.models import AccessAttempt
from django.utils import timezone
from playwright.sync_api import Page, expect, sync_playwright

from groups.models import Group
from groups.services import group_create
from tests.apigw_bridge import ApiGatewayBridge, lambda_function
from tests.factories import StaffUserFactory, UserFactory
from tests.test_stats import library, log_workout, utc
from users.models import User
from workouts.models import Exercise

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
STAGE = "dev"
STAFF_EMAIL = "staff@example.com"
STAFF_PASSWORD = "staff-browser-pass-1"
ATHLETE_PASSWORD = "athlete-browser-pass-1"
# Every browser action and navigation gives up after this; pytest-timeout ends a whole test.
ACTION_TIMEOUT_MS = 10_000

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def ensure_chromium() -> str:
    process = subprocess.run(
        [str(REPO_ROOT / ".ci" / "ensure-chromium")],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if process.returncode == 3:
        pytest.skip(f"Chromium cannot be installed here: {process.stderr.strip()}")
    assert process.returncode == 0, process.stderr[-3000:]
    return process.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    """The function behind API Gateway's stage prefix, on http://127.0.0.1:<free port>/dev/."""
    with (
        lambda_function(STAGE, tmp_path_factory.mktemp(STAGE)) as handler,
        ApiGatewayBridge(handler, stage=STAGE) as served,
    ):
        yield served


@pytest.fixture(scope="module")
def chromium():
    executable = ensure_chromium()
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop under the test's code, which Django takes for
        # an async context and refuses the ORM in; the test's own queries are synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            yield browser
            browser.close()


class Staff:
    """A browser tab for one test: what it logs, and a screenshot with a clean log per step."""

    def __init__(self, page: Page, bridge: ApiGatewayBridge, folder: Path):
        self.page, self.bridge, self.folder = page, bridge, folder
        self.problems: list[str] = []
        self.responses = 0
        self.steps = 0
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _response(self, response) -> None:
        self.responses += 1
        if response.status >= 400:
            self.problems.append(f"{response.status}: {response.request.method} {response.url}")

    def _request_failed(self, request) -> None:
        # A page left before it finished loading cancels what it still had in flight; any other
        # failure (a connection reset, a short body) is the server's.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed ({request.failure}): {request.method} {request.url}")

    def _console(self, message) -> None:
        # Chromium asks for /favicon.ico on its own, outside the stage, where API Gateway
        # answers 403 as it does on the real URL; no page of ours asked for it.
        if message.location.get("url") == f"{self.bridge.origin}/favicon.ico":
            return
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location})")

    def open(self, path: str) -> None:
        self.page.goto(self.bridge.url(path))

    def step(self, name: str) -> None:
        """A screenshot of the page as it is now; no request or console error so far."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        self.page.screenshot(path=self.folder / f"{self.steps:02d}-{name}.png", full_page=True)
        assert not self.problems, f"at step {name} ({self.page.url}):\n" + "\n".join(self.problems)

    def sign_in(self) -> None:
        self.open("/admin/")
        expect(self.page).to_have_url(re.compile(rf"/{STAGE}/admin/login/\?next=/{STAGE}/admin/$"))
        self.step("login-page")
        self.page.fill("#id_username", STAFF_EMAIL)
        self.page.fill("#id_password", STAFF_PASSWORD)
        self.page.click("input[type=submit]")
        expect(self.page).to_have_url(self.bridge.url("/admin/"))
        expect(self.page.locator("#user-tools")).to_contain_text("Log out")
        self.step("signed-in")

    def admin_message(self) -> str:
        return self.page.locator("ul.messagelist").inner_text()


@pytest.fixture
def staff(request, chromium, bridge):
    StaffUserFactory(email=STAFF_EMAIL, password=STAFF_PASSWORD)
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    tab = Staff(context.new_page(), bridge, folder)
    yield tab
    context.close()


def test_staff_sign_in_find_a_user_and_see_their_workouts_and_sets(staff):
    ana = UserFactory(email="ana@example.com", name="Ana Lima")
    UserFactory(email="bruno@example.com", name="Bruno Costa")
    workout = log_workout(
        ana,
        utc(2026, 3, 3, 18),
        [
            (library("barbell-back-squat"), [{"reps": 5, "weight_kg": 100}, {"reps": 5}]),
            (library("barbell-bench-press"), [{"reps": 8, "weight_kg": 60, "completed": False}]),
        ],
    )

    staff.sign_in()
    # The admin's own stylesheet came through the stage prefix and applies.
    header = staff.page.locator("#header")
    assert header.evaluate("e => getComputedStyle(e).display") == "flex"
    staff.page.locator("tr.model-user th a").click()
    staff.page.fill("#searchbar", "lima")
    staff.page.press("#searchbar", "Enter")
    expect(staff.page.locator("#result_list tbody tr")).to_have_count(1)
    staff.step("user-search")

    staff.page.get_by_role("link", name="ana@example.com").click()
    expect(staff.page.locator("#id_name")).to_have_value("Ana Lima")
    staff.step("user-page")

    staff.page.get_by_role("link", name="This user's workouts").click()
    expect(staff.page.locator("#result_list tbody tr")).to_have_count(1)
    staff.step("user-workouts")

    staff.page.locator("#result_list tbody tr a").first.click()
    expect(staff.page).to_have_url(
        re.compile(re.escape(staff.bridge.url(f"/admin/workouts/workout/{workout.pk}/change/")))
    )
    sets = staff.page.locator("tr.has_original td.field-sets_done")
    expect(sets).to_have_text(["5 x 100.00 kg ✓; 5 ✓", "8 x 60.00 kg"])
    staff.step("workout-with-sets")


def test_staff_curate_a_library_exercise(staff):
    squat = library("barbell-back-squat")

    staff.sign_in()
    staff.open("/admin/workouts/exercise/?kind=library")
    staff.page.fill("#searchbar", "back squat")
    staff.page.press("#searchbar", "Enter")
    staff.step("library-search")
    staff.page.get_by_role("link", name=squat.name, exact=True).click()
    # filter_horizontal's widget is drawn by the admin's JavaScript from our static files.
    expect(staff.page.locator("#id_primary_muscles_to")).to_be_visible()
    staff.step("exercise-page")

    staff.page.fill("#id_description", "Bar on the upper back; sit between the heels.")
    staff.page.click("input[name=_save]")
    expect(staff.page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    staff.step("exercise-saved")

    saved = Exercise.objects.get(pk=squat.pk)
    assert saved.description == "Bar on the upper back; sit between the heels."
    assert set(saved.primary_muscles.all()) == set(squat.primary_muscles.all())


def test_staff_unlock_a_locked_account(staff, bridge, settings):
    UserFactory(email="locked@example.com", password=ATHLETE_PASSWORD)

    def sign_in_via_api(password: str) -> requests.Response:
        return requests.post(
            bridge.url("/api/v1/auth/token"),
            json={"email": "locked@example.com", "password": password},
            timeout=10,
        )

    failures = [
        sign_in_via_api("a-wrong-guess").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert failures == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = sign_in_via_api(ATHLETE_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["errors"][0]["code"] == "account_locked"

    staff.sign_in()
    staff.open("/admin/axes/accessattempt/?locked_out=yes")
    rows = staff.page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("locked@example.com")
    staff.step("locked-attempts")
    rows.locator("input.action-select").check()
    staff.page.select_option("select[name=action]", "delete_selected")
    staff.page.click("button[name=index]")
    staff.step("confirm-unlock")
    staff.page.click("input[type=submit]")
    expect(staff.page.locator("ul.messagelist")).to_contain_text("Successfully deleted 1")
    staff.step("unlocked")

    assert not AccessAttempt.objects.exists()
    assert sign_in_via_api(ATHLETE_PASSWORD).status_code == 200


def test_staff_archive_a_group(staff):
    owner = UserFactory(email="owner@example.com")
    today = timezone.now().date()
    group = group_create(
        owner=owner,
        data={
            "name": "Morning runners",
            "metric": Group.Metric.WORKOUTS,
            "member_target": 3,
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=28),
        },
    )

    staff.sign_in()
    staff.open("/admin/groups/group/")
    staff.page.locator(f"input.action-select[value='{group.pk}']").check()
    staff.page.select_option("select[name=action]", "archive")
    staff.page.click("button[name=index]")
    expect(staff.page.locator("ul.messagelist")).to_contain_text("1 group(s) archived.")
    expect(staff.page.locator("#result_list td.field-status")).to_have_text("Archived")
    staff.step("group-archived")

    staff.page.get_by_role("link", name="Morning runners").click()
    # Read-only from now on: a view page, no Save button.
    expect(staff.page.locator("input[name=_save]")).to_have_count(0)
    staff.step("archived-group-page")
    group.refresh_from_db()
    assert group.is_archived


def charts(page: Page) -> dict[str, dict]:
    """What Chart.js drew on each canvas: how many pixels it painted, and its data."""
    page.wait_for_load_state("load")  # the deferred scripts have run
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("canvas")].map(canvas => {
            const chart = Chart.getChart(canvas);
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            let painted = 0;
            for (let i = 3; i < pixels.data.length; i += 4) if (pixels.data[i]) painted++;
            return [canvas.id, {
                painted,
                labels: chart ? chart.data.labels : null,
                data: chart ? chart.data.datasets.map(d => d.data) : null,
            }];
        }))"""
    )


def signed_up(email: str, at: dt.datetime) -> User:
    user = UserFactory(email=email)
    User.objects.filter(pk=user.pk).update(created_at=at)
    return user


def test_staff_dashboard_draws_the_databases_figures_for_a_chosen_range(staff):
    squat, bench = library("barbell-back-squat"), library("barbell-bench-press")
    # Tuesday 3 to Thursday 5 March 2026, inside one Monday-to-Sunday week.
    ana = signed_up("ana@example.com", utc(2026, 3, 3, 9))
    ben = signed_up("ben@example.com", utc(2026, 3, 5, 9))
    log_workout(ana, utc(2026, 3, 3, 18), [(squat, [{"reps": 5}, {"reps": 5}, {"reps": 5}])])
    log_workout(ana, utc(2026, 3, 5, 18), [(bench, [{"reps": 8}, {"reps": 8}])])
    log_workout(ben, utc(2026, 3, 5, 19), [(squat, [{"reps": 3}, {"reps": 3, "completed": False}])])
    # Outside the range: counted by the default range (the last 30 days) only.
    recent = timezone.now() - dt.timedelta(days=2)
    log_workout(ana, recent, [(bench, [{"reps": 10}])])

    staff.sign_in()
    staff.page.get_by_role("link", name="Dashboard").first.click()
    expect(staff.page).to_have_url(staff.bridge.url("/admin/dashboard/"))
    expect(staff.page.locator(".dashboard-totals")).to_contain_text("1 workouts, 1 sets.")
    drawn = charts(staff.page)
    assert set(drawn) == {"chart-activity", "chart-signups", "chart-weeks", "chart-exercises"}
    assert all(chart["painted"] > 0 for chart in drawn.values()), drawn
    assert drawn["chart-exercises"]["labels"] == [bench.name]
    assert drawn["chart-exercises"]["data"] == [[1]]
    staff.step("dashboard-last-30-days")

    staff.page.fill("#id_date_from", "2026-03-03")
    staff.page.fill("#id_date_to", "2026-03-05")
    staff.page.click("input[value=Show]")
    expect(staff.page).to_have_url(
        staff.bridge.url("/admin/dashboard/?date_from=2026-03-03&date_to=2026-03-05")
    )
    expect(staff.page.locator(".dashboard-totals")).to_have_text(
        "From 2026-03-03 to 2026-03-05: 2 sign-ups, 3 workouts, 6 sets."
    )
    drawn = charts(staff.page)
    assert all(chart["painted"] > 0 for chart in drawn.values()), drawn
    days = ["2026-03-03", "2026-03-04", "2026-03-05"]
    assert drawn["chart-activity"] == {
        "painted": drawn["chart-activity"]["painted"],
        "labels": days,
        "data": [[1, 0, 2], [3, 0, 3]],
    }
    assert drawn["chart-signups"]["labels"] == days
    assert drawn["chart-signups"]["data"] == [[1, 0, 1]]
    assert drawn["chart-weeks"]["labels"] == ["2026-03-02"]
    assert drawn["chart-weeks"]["data"] == [[2], [2]]
    assert drawn["chart-exercises"]["labels"] == [squat.name, bench.name]
    assert drawn["chart-exercises"]["data"] == [[4, 2]]
    staff.step("dashboard-chosen-range")
