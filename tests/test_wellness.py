"""The wellness API: journal, cycle tracking, phases on entries and workouts (time zones
included), insights, skin log with photos and analysis, export/import, deletion, admin."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import JournalEntryFactory, SkinEntryFactory, UserFactory, period
from users.models import User
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry, Tag
from workouts import services as workout_services
from workouts.models import Workout

pytestmark = pytest.mark.django_db
D = dt.date
JOURNAL = "/api/v1/journal"
DAYS = "/api/v1/cycles/days"
SKIN = "/api/v1/skin"


def write(client, **fields):
    response = client.post(JOURNAL, {"date": "2026-03-01", **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


# --- Journal -----------------------------------------------------------------------------------


def test_a_journal_entry_has_mood_with_its_label_energy_sleep_soreness_tags_and_text(
    user_client,
):
    entry = write(
        user_client,
        mood=4,
        energy=80,
        sleep_hours=7.5,
        soreness=3,
        tags=["Sleep", "legs", "sleep "],
        text="Long run felt easy.",
    )

    assert entry["mood"] == 4
    assert entry["mood_label"] == "good"
    assert (entry["energy"], entry["sleep_hours"], entry["soreness"]) == (80, 7.5, 3)
    assert entry["tags"] == ["legs", "Sleep"]  # one tag per name in any case
    assert (entry["cycle_day"], entry["phase"]) == (None, None)  # tracking is off
    assert user_client.get(f"{JOURNAL}/{entry['id']}").json()["text"] == "Long run felt easy."


def test_tags_are_one_per_name_in_any_case_and_keep_the_first_spelling(user_client, user):
    write(user_client, tags=["Travel"])
    second = write(user_client, tags=["TRAVEL", "work"])

    assert second["tags"] == ["Travel", "work"]
    assert Tag.objects.filter(user=user).count() == 2


def test_tag_suggestions_come_from_my_own_history_most_used_first(user_client, client_for):
    write(user_client, tags=["sleep"])
    write(user_client, tags=["Sleep", "stress"])
    write(user_client, tags=["stretching"])
    client_for(UserFactory()).post(
        JOURNAL, {"date": "2026-03-01", "tags": ["stranger"]}, format="json"
    )

    suggested = user_client.get(f"{JOURNAL}/tags?q=S").json()
    only_st = user_client.get(f"{JOURNAL}/tags?q=st").json()

    assert [(t["name"], t["uses"]) for t in suggested] == [
        ("sleep", 2),
        ("stress", 1),
        ("stretching", 1),
    ]
    assert [t["name"] for t in only_st] == ["stress", "stretching"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mood", 0),
        ("mood", 6),
        ("energy", -1),
        ("energy", 101),
        ("soreness", 11),
        ("sleep_hours", 24.1),
        ("sleep_hours", -0.5),
        ("date", "1969-12-31"),
        ("tags", [""]),
        ("tags", ["x" * 41]),
        ("tags", [f"t{i}" for i in range(21)]),
        ("mood", "4"),
    ],
)
def test_journal_values_past_their_bounds_are_400_naming_the_field(user_client, field, value):
    response = user_client.post(JOURNAL, {"date": "2026-03-01", field: value}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"].split(".")[0].split("[")[0] == field
    assert not JournalEntry.objects.exists()


def test_journal_bounds_themselves_are_accepted(user_client):
    entry = write(user_client, mood=1, energy=0, soreness=10, sleep_hours=24)
    entry2 = write(user_client, mood=5, energy=100, soreness=0, sleep_hours=0)

    assert (entry["mood_label"], entry2["mood_label"]) == ("awful", "great")


def test_journal_list_filters_by_dates_and_tag_in_any_case(user_client):
    write(user_client, date="2026-03-01", tags=["race"])
    write(user_client, date="2026-03-05", tags=["Race", "rain"])
    write(user_client, date="2026-03-09", tags=["rain"])

    between = user_client.get(f"{JOURNAL}?date_from=2026-03-02&date_to=2026-03-09").json()
    race = user_client.get(f"{JOURNAL}?tag=RACE").json()
    backwards = user_client.get(f"{JOURNAL}?date_from=2026-03-09&date_to=2026-03-01")

    assert [e["date"] for e in between["results"]] == ["2026-03-09", "2026-03-05"]
    assert [e["date"] for e in race["results"]] == ["2026-03-05", "2026-03-01"]
    assert backwards.status_code == 400


def test_journal_pages_by_cursor_newest_day_first_without_repeats(user_client, user):
    for day in range(1, 26):
        JournalEntryFactory(user=user, date=D(2026, 1, day))
    JournalEntryFactory(user=user, date=D(2026, 1, 25))  # two entries on one day

    seen, url = [], f"{JOURNAL}?limit=10"
    while url:
        page = user_client.get(url).json()
        assert "count" not in page
        seen += [(e["date"], e["id"]) for e in page["results"]]
        url = page["next"]

    assert len(seen) == 26 == len(set(seen))
    assert seen == sorted(seen, reverse=True)


def test_a_journal_entry_changes_only_what_is_sent_and_tags_are_replaced(user_client):
    entry = write(user_client, mood=2, tags=["a", "b"], text="Rough day")

    changed = user_client.put(f"{JOURNAL}/{entry['id']}", {"mood": 3}, format="json").json()
    retagged = user_client.patch(f"{JOURNAL}/{entry['id']}", {"tags": ["c"]}, format="json")
    deleted = user_client.delete(f"{JOURNAL}/{entry['id']}")

    assert (changed["mood"], changed["text"], changed["tags"]) == (3, "Rough day", ["a", "b"])
    assert retagged.json()["tags"] == ["c"]
    assert deleted.status_code == 204
    assert not JournalEntry.objects.exists()


# --- Cycle tracking ----------------------------------------------------------------------------


def test_cycle_tracking_is_opt_in(user_client, user):
    off = user_client.get("/api/v1/cycles/settings").json()
    refused = user_client.post(DAYS, {"date": "2026-03-01", "flow": "medium"}, format="json")
    predictions = user_client.get("/api/v1/cycles/predictions")
    turned_on = user_client.patch("/api/v1/cycles/settings", {"enabled": True}, format="json")
    logged = user_client.post(DAYS, {"date": "2026-03-01", "flow": "medium"}, format="json")

    assert off["enabled"] is False
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "cycle_tracking_off"
    assert predictions.status_code == 409
    assert turned_on.json()["enabled"] is True
    assert logged.status_code == 201, logged.json()


def test_a_period_day_has_flow_symptoms_from_the_vocabulary_and_free_tags(user_client, user):
    period(user, D(2026, 1, 1), days=0)
    response = user_client.post(
        DAYS,
        {
            "date": "2026-03-01",
            "flow": "heavy",
            "symptoms": ["cramps", "fatigue", "cramps"],
            "symptom_tags": ["Migraine aura", "migraine aura"],
        },
        format="json",
    )
    unknown = user_client.post(
        DAYS, {"date": "2026-03-02", "flow": "heavy", "symptoms": ["sneezing"]}, format="json"
    )
    twice = user_client.post(DAYS, {"date": "2026-03-01", "flow": "light"}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["symptoms"] == ["cramps", "fatigue"]
    assert response.json()["symptom_tags"] == ["Migraine aura"]
    assert unknown.status_code == 400
    assert twice.status_code == 400
    assert twice.json()["errors"][0]["attr"] == "date"


def test_history_gives_each_cycles_start_length_and_period_length(user_client, user):
    period(user, D(2026, 1, 1), days=5)
    period(user, D(2026, 1, 29), days=4)
    period(user, D(2026, 2, 27), days=6)

    cycles = user_client.get("/api/v1/cycles/history").json()

    assert cycles == [
        {"start": "2026-02-27", "length": None, "period_length": 6, "gap": False},
        {"start": "2026-01-29", "length": 29, "period_length": 4, "gap": False},
        {"start": "2026-01-01", "length": 28, "period_length": 5, "gap": False},
    ]


def test_predictions_through_the_api_need_three_cycles_and_are_labelled_estimates(
    user_client, user
):
    for start in (D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26)):
        period(user, start)
    waiting = user_client.get("/api/v1/cycles/predictions").json()
    period(user, D(2026, 3, 26))

    ready = user_client.get("/api/v1/cycles/predictions").json()

    assert (waiting["ready"], waiting["cycles_needed"]) == (False, 1)
    assert waiting["estimate"] is True
    assert "contraception" in waiting["disclaimer"]
    assert ready["ready"] is True
    assert ready["next_periods"][0]["expected"] == "2026-04-23"
    assert [p["expected"] for p in ready["next_periods"]] == [
        "2026-04-23",
        "2026-05-21",
        "2026-06-18",
    ]
    assert ready["fertile_window"]["cycle_days"] == [10, 17]


def test_journal_and_skin_entries_carry_cycle_day_and_phase_across_a_cycle_boundary(
    user_client, user
):
    period(user, D(2026, 1, 1))
    period(user, D(2026, 1, 29))
    last_luteal = write(user_client, date="2026-01-28")
    first_day = write(user_client, date="2026-01-29")
    ovulatory = write(user_client, date="2026-01-15")
    skin = user_client.post(SKIN, {"date": "2026-01-06", "radiance": 50}, format="json").json()

    assert (last_luteal["cycle_day"], last_luteal["phase"]) == (28, "luteal")
    assert (first_day["cycle_day"], first_day["phase"]) == (1, "menstrual")
    assert (ovulatory["cycle_day"], ovulatory["phase"]) == (15, "ovulatory")
    assert (skin["cycle_day"], skin["phase"]) == (6, "follicular")


def test_turning_tracking_off_hides_phases_and_keeps_the_days(user_client, user):
    period(user, D(2026, 1, 1))
    user_client.patch("/api/v1/cycles/settings", {"enabled": False}, format="json")

    entry = write(user_client, date="2026-01-02")

    assert entry["phase"] is None
    assert PeriodDay.objects.filter(user=user).count() == 5


def finished_workout(user, at: dt.datetime, *, minutes=60, name="Run") -> Workout:
    workout = workout_services.workout_create(user=user, name=name)
    workout_services.workout_start(workout=workout)
    workout_services.workout_finish(workout=workout)
    Workout.objects.filter(pk=workout.pk).update(
        created_at=at,
        started_at=at,
        finished_at=at + dt.timedelta(minutes=minutes),
        active_seconds=minutes * 60,
    )
    return workout


def test_a_workouts_phase_is_that_of_its_day_in_the_users_time_zone(client_for):
    # 23:30 UTC on 28 Jan is already 29 Jan in Auckland (UTC+13): the new cycle's first day.
    auckland = UserFactory(timezone="Pacific/Auckland")
    london = UserFactory(timezone="Europe/London")
    for user in (auckland, london):
        period(user, D(2026, 1, 1))
        period(user, D(2026, 1, 29))
        finished_workout(user, dt.datetime(2026, 1, 28, 23, 30, tzinfo=dt.UTC))

    query = "/api/v1/cycles/workouts?date_from=2026-01-01&date_to=2026-02-10"
    in_auckland = client_for(auckland).get(query).json()
    in_london = client_for(london).get(query).json()

    assert [(w["date"], w["cycle_day"], w["phase"]) for w in in_auckland] == [
        ("2026-01-29", 1, "menstrual")
    ]
    assert [(w["date"], w["cycle_day"], w["phase"]) for w in in_london] == [
        ("2026-01-28", 28, "luteal")
    ]


# --- Insights ----------------------------------------------------------------------------------


def cycle_with_training(user, *, start: D, sessions: int) -> None:
    """Two 28-day cycles from `start`, a journal entry every day and `sessions` workouts with
    a completed squat set spread over them."""
    from tests.factories import library_exercise

    period(user, start)
    period(user, start + dt.timedelta(days=28))
    period(user, start + dt.timedelta(days=56))
    for day in range(56):
        JournalEntry.objects.create(
            user=user,
            date=start + dt.timedelta(days=day),
            energy=40 + day % 5 * 10,
            mood=3,
            sleep_hours=7,
            soreness=day % 4,
        )
    squat = library_exercise("reps", "weight", category="strength")
    for i in range(sessions):
        at = dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(
            days=i * 56 // sessions
        )
        workout = workout_services.workout_create(
            user=user,
            name="Squats",
            exercises=[
                {
                    "exercise": squat,
                    "sets": [{"reps": 5, "weight_kg": 100, "rpe": 8, "completed": True}],
                }
            ],
        )
        Workout.objects.filter(pk=workout.pk).update(created_at=at)


def test_insights_give_averages_and_training_per_phase_and_per_week(client_for):
    user = UserFactory(timezone="UTC")
    period(user, D(2026, 1, 5))  # a Monday
    period(user, D(2026, 2, 2))
    for day, energy in ((D(2026, 1, 5), 30), (D(2026, 1, 6), 50), (D(2026, 1, 12), 90)):
        JournalEntry.objects.create(user=user, date=day, energy=energy, mood=2, sleep_hours=8)
    from tests.factories import library_exercise

    done = dt.datetime(2026, 1, 12, 18, tzinfo=dt.UTC)
    squat = library_exercise("reps", "weight", category="strength")
    workout = workout_services.workout_create(
        user=user,
        name="Squats",
        exercises=[
            {
                "exercise": squat,
                "sets": [
                    {
                        "reps": 5,
                        "weight_kg": 100,
                        "rpe": 7,
                        "completed": True,
                        "completed_at": done,
                    },
                    {
                        "reps": 5,
                        "weight_kg": 100,
                        "rpe": 9,
                        "completed": True,
                        "completed_at": done,
                    },
                    {"reps": 5, "weight_kg": 100, "rpe": 10, "completed": False},
                ],
            }
        ],
    )
    finished_workout_at = dt.datetime(2026, 1, 12, 18, tzinfo=dt.UTC)
    Workout.objects.filter(pk=workout.pk).update(
        created_at=finished_workout_at, active_seconds=2700
    )

    answer = client_for(user).get("/api/v1/insights?date_from=2026-01-05&date_to=2026-01-18").json()

    phases = {p["phase"]: p for p in answer["phases"]}
    assert phases["menstrual"]["journal_entries"] == 2
    assert phases["menstrual"]["avg_energy"] == 40.0
    assert phases["menstrual"]["workouts"] == 0
    # 12 Jan is cycle day 8: follicular (ovulation on day 15).
    assert phases["follicular"]["avg_energy"] == 90.0
    assert phases["follicular"]["workouts"] == 1
    assert phases["follicular"]["volume_kg"] == 1000.0  # the two completed sets
    assert phases["follicular"]["avg_session_rpe"] == 8.0
    assert phases["follicular"]["active_minutes"] == 45.0
    assert phases["follicular"]["records_set"] == 4  # weight, reps, e1RM, session volume
    assert phases["luteal"]["journal_entries"] == 0
    assert [w["week"] for w in answer["weeks"]] == ["2026-01-05", "2026-01-12"]
    assert answer["weeks"][0]["avg_mood"] == 2.0
    assert answer["weeks"][0]["workouts"] == 0
    assert answer["weeks"][1]["volume_kg"] == 1000.0


def test_insights_place_training_on_the_users_own_day_across_a_cycle_boundary(client_for):
    # 23:30 UTC on 28 Jan: 29 Jan (cycle day 1) in Auckland, still 28 Jan (luteal) in London;
    # and the week: Monday 26 Jan in both.
    answers = {}
    for zone in ("Pacific/Auckland", "Europe/London"):
        user = UserFactory(timezone=zone)
        period(user, D(2026, 1, 1))
        period(user, D(2026, 1, 29))
        finished_workout(user, dt.datetime(2026, 1, 28, 23, 30, tzinfo=dt.UTC), minutes=30)
        answer = client_for(user).get("/api/v1/insights?date_from=2026-01-01&date_to=2026-02-10")
        answers[zone] = {p["phase"]: p["workouts"] for p in answer.json()["phases"]}
        assert [(w["week"], w["workouts"]) for w in answer.json()["weeks"]] == [("2026-01-26", 1)]

    assert answers["Pacific/Auckland"] == {
        "menstrual": 1,
        "follicular": 0,
        "ovulatory": 0,
        "luteal": 0,
    }
    assert answers["Europe/London"] == {
        "menstrual": 0,
        "follicular": 0,
        "ovulatory": 0,
        "luteal": 1,
    }


def test_insights_cost_the_same_number_of_queries_however_much_data(client_for):
    small, large = UserFactory(), UserFactory()
    cycle_with_training(small, start=D(2026, 1, 1), sessions=1)
    cycle_with_training(large, start=D(2026, 1, 1), sessions=12)
    query = "/api/v1/insights?date_from=2026-01-01&date_to=2026-03-01"

    counts = []
    for user in (small, large):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(query).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_insights_range_is_bounded(user_client):
    too_long = user_client.get("/api/v1/insights?date_from=2025-01-01&date_to=2026-01-02")
    backwards = user_client.get("/api/v1/insights?date_from=2026-01-02&date_to=2026-01-01")
    default = user_client.get("/api/v1/insights")

    assert too_long.status_code == 400
    assert backwards.status_code == 400
    assert default.status_code == 200
    assert (
        D.fromisoformat(default.json()["date_to"]) - D.fromisoformat(default.json()["date_from"])
    ).days == 83


# --- Skin log ----------------------------------------------------------------------------------


@pytest.fixture
def local_storage(settings, tmp_path):
    settings.AVATAR_BUCKET = ""
    settings.AVATAR_LOCAL_ROOT = str(tmp_path / "uploads")
    settings.AVATAR_LOCAL_BASE_URL = "http://testserver"
    return tmp_path / "uploads"


def upload_photo(client, entry_id: int, content: bytes, content_type="image/png") -> dict:
    """The three steps of an upload, the middle one to the local stand-in for S3."""
    form = client.post(f"{SKIN}/{entry_id}/photo", {"content_type": content_type}, format="json")
    assert form.status_code == 201, form.json()
    form = form.json()
    from django.test import Client

    upload = io.BytesIO(content)
    upload.name = "face.png"
    stored = Client().post("/local-avatars/upload", {**form["fields"], "file": upload})
    assert stored.status_code == 204, stored.content
    return form


def skin_entry(client, **fields) -> dict:
    response = client.post(SKIN, {"date": "2026-03-01", **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def face(colour=(200, 150, 120)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, format="PNG")
    return out.getvalue()


def test_skin_entries_hold_metrics_0_to_100(user_client):
    entry = skin_entry(user_client, radiance=0, moisture=100, texture=50, notes="Dry patch")
    over = user_client.post(SKIN, {"date": "2026-03-01", "pores": 101}, format="json")

    assert (entry["radiance"], entry["moisture"], entry["metrics_source"]) == (0, 100, "manual")
    assert entry["photo_url"] is None
    assert over.status_code == 400
    assert over.json()["errors"][0]["attr"] == "pores"


def test_a_skin_photo_is_uploaded_like_an_avatar_and_analyzed_locally(
    user_client, user, local_storage
):
    entry = skin_entry(user_client)
    form = upload_photo(user_client, entry["id"], face())

    attached = user_client.put(f"{SKIN}/{entry['id']}/photo", {"key": form["key"]}, format="json")
    analyzed = user_client.post(f"{SKIN}/{entry['id']}/analyze")

    assert form["key"].startswith(f"skin/{user.id}/")
    assert attached.status_code == 200, attached.json()
    assert attached.json()["photo_url"].startswith("http://testserver/local-avatars/download")
    assert analyzed.status_code == 200, analyzed.json()
    body = analyzed.json()
    assert body["analyzer"]["source"] == "local"
    assert "not a skin assessment" in body["analyzer"]["note"]
    assert body["entry"]["metrics_source"] == "local"
    assert all(0 <= body["entry"][m] <= 100 for m in SkinEntry.METRICS)


def test_the_local_analyzer_tells_darker_from_brighter_and_rough_from_smooth():
    import random

    from PIL import Image

    from wellness.analyzers import local_analyze

    dark = local_analyze(face((40, 30, 30))).metrics
    bright = local_analyze(face((230, 200, 190))).metrics
    noise = random.Random(7)  # noqa: S311 - reproducible noise, not a secret
    speckled = Image.new("RGB", (64, 64))
    speckled.putdata([(noise.randrange(256),) * 3 for _ in range(64 * 64)])
    out = io.BytesIO()
    speckled.save(out, format="PNG")
    rough = local_analyze(out.getvalue()).metrics

    assert dark["radiance"] < bright["radiance"]
    assert dark["dark_circles"] > bright["dark_circles"]
    assert rough["texture"] < bright["texture"]
    assert rough["pores"] > bright["pores"]
    assert local_analyze(face()).metrics == local_analyze(face()).metrics  # deterministic


def test_a_photo_not_issued_to_me_or_not_an_image_is_refused_and_deleted(
    user_client, user, local_storage
):
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged
    entry = skin_entry(user_client)
    avatar_key = f"avatars/{user.id}/x.png"
    form = upload_photo(user_client, entry["id"], b"\x89PNG\r\n\x1a\n" + b"not really")
    from users import local_avatars

    wrong_folder = user_client.put(
        f"{SKIN}/{entry['id']}/photo", {"key": avatar_key}, format="json"
    )
    not_an_image = user_client.put(
        f"{SKIN}/{entry['id']}/photo", {"key": form["key"]}, format="json"
    )

    assert wrong_folder.status_code == 400
    assert not_an_image.status_code == 200  # the first bytes are a PNG's: S3's check passes
    analyzed = user_client.post(f"{SKIN}/{entry['id']}/analyze")
    assert analyzed.status_code == 502
    assert analyzed.json()["errors"][0]["code"] == "analysis_failed"
    assert SkinEntry.objects.get().metrics_source == "manual"
    assert local_avatars.stored(form["key"]) is not None


def test_analyzing_an_entry_without_a_photo_is_409(user_client):
    entry = skin_entry(user_client)

    response = user_client.post(f"{SKIN}/{entry['id']}/analyze")

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "no_photo"


def test_deleting_a_skin_entry_or_the_account_deletes_its_photo(
    client_for, local_storage, django_capture_on_commit_callbacks
):
    from users import local_avatars

    user = UserFactory()
    client = client_for(user)
    keys = []
    for _ in range(2):
        entry = skin_entry(client)
        form = upload_photo(client, entry["id"], face())
        client.put(f"{SKIN}/{entry['id']}/photo", {"key": form["key"]}, format="json")
        keys.append((entry["id"], form["key"]))

    with django_capture_on_commit_callbacks(execute=True):
        client.delete(f"{SKIN}/{keys[0][0]}")
    assert local_avatars.stored(keys[0][1]) is None
    assert local_avatars.stored(keys[1][1]) is not None

    JournalEntryFactory(user=user)
    period(user, D(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/v1/users/{user.id}").status_code == 204

    assert local_avatars.stored(keys[1][1]) is None
    assert not SkinEntry.objects.exists()
    assert not JournalEntry.objects.exists()
    assert not PeriodDay.objects.exists()
    assert not Tag.objects.exists()
    assert not CycleSettings.objects.exists()


# --- Bedrock, through botocore's Stubber -------------------------------------------------------


@pytest.fixture
def bedrock(settings, monkeypatch):
    """A real bedrock-runtime client whose calls botocore's Stubber answers, checking each
    request against the service's own API model."""
    import boto3
    from botocore.stub import Stubber

    from wellness import analyzers

    settings.SKIN_ANALYZER = "bedrock"
    settings.SKIN_BEDROCK_MODEL_ID = "amazon.nova-lite-v1:0"
    client = boto3.client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    monkeypatch.setattr(analyzers, "bedrock_client", lambda: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def converse_answer(text: str, stop="end_turn") -> dict:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": {"inputTokens": 1500, "outputTokens": 40, "totalTokens": 1540},
        "metrics": {"latencyMs": 900},
    }


def photographed_entry(client) -> dict:
    entry = skin_entry(client)
    form = upload_photo(client, entry["id"], face())
    client.put(f"{SKIN}/{entry['id']}/photo", {"key": form["key"]}, format="json")
    return entry


def test_bedrock_fills_the_metrics_from_its_converse_answer(user_client, local_storage, bedrock):
    from botocore.stub import ANY

    entry = photographed_entry(user_client)
    metrics = {"radiance": 72, "moisture": 64, "texture": 81, "pores": 30, "dark_circles": 22}
    bedrock.add_response(
        "converse",
        converse_answer("```json\n" + json.dumps(metrics) + "\n```"),
        expected_params={
            "modelId": "amazon.nova-lite-v1:0",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"image": {"format": "png", "source": {"bytes": face()}}},
                        {"text": ANY},
                    ],
                }
            ],
            "inferenceConfig": {"maxTokens": 200, "temperature": 0},
        },
    )

    response = user_client.post(f"{SKIN}/{entry['id']}/analyze")

    assert response.status_code == 200, response.json()
    assert response.json()["analyzer"] == {
        "source": "bedrock",
        "model": "amazon.nova-lite-v1:0",
        "note": "Scored by a multimodal model on Amazon Bedrock; an estimate, not a diagnosis.",
    }
    assert {m: response.json()["entry"][m] for m in metrics} == metrics
    assert SkinEntry.objects.get().metrics_source == "bedrock"


@pytest.mark.parametrize(
    "text",
    [
        "I cannot assess skin from photos.",
        '{"radiance": 72, "moisture": 64}',
        '{"radiance": 172, "moisture": 64, "texture": 81, "pores": 30, "dark_circles": 22}',
        '{"radiance": "high", "moisture": 64, "texture": 81, "pores": 30, "dark_circles": 22}',
        '{"radiance": 7.5, "moisture": 64, "texture": 81, "pores": 30, "dark_circles": 22}',
        '{"radiance": 72, "moisture": 64, "texture": 81, "pores": 30, "dark_circles": 22,',
    ],
)
def test_an_unusable_bedrock_answer_is_502_and_writes_nothing(
    user_client, local_storage, bedrock, text
):
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged
    entry = photographed_entry(user_client)
    bedrock.add_response("converse", converse_answer(text))

    response = user_client.post(f"{SKIN}/{entry['id']}/analyze")

    assert response.status_code == 502
    assert response.json()["errors"][0]["code"] == "analysis_failed"
    stored = SkinEntry.objects.get()
    assert (stored.radiance, stored.moisture, stored.metrics_source) == (None, None, "manual")


def test_a_truncated_bedrock_answer_is_502(user_client, local_storage, bedrock):
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged
    entry = photographed_entry(user_client)
    bedrock.add_response("converse", converse_answer('{"radiance": 7', stop="max_tokens"))

    assert user_client.post(f"{SKIN}/{entry['id']}/analyze").status_code == 502


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("ThrottlingException", 503),
        ("ServiceUnavailableException", 503),
        ("ModelTimeoutException", 503),
        ("AccessDeniedException", 502),
        ("ValidationException", 502),
    ],
)
def test_bedrock_errors_are_503_when_worth_retrying_and_502_otherwise(
    user_client, local_storage, bedrock, error, status
):
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged
    entry = photographed_entry(user_client)
    bedrock.add_client_error("converse", service_error_code=error, http_status_code=400)

    response = user_client.post(f"{SKIN}/{entry['id']}/analyze")

    assert response.status_code == status
    assert SkinEntry.objects.get().analyzed_at is None


# --- Export and import -------------------------------------------------------------------------


def test_export_import_round_trip_carries_journal_cycles_and_skin(client_for):
    ana = UserFactory()
    client = client_for(ana)
    period(ana, D(2026, 1, 1))
    client.post(
        DAYS,
        {"date": "2026-01-10", "flow": "spotting", "symptoms": ["acne"], "symptom_tags": ["odd"]},
        format="json",
    )
    write(client, date="2026-01-02", mood=2, energy=35, sleep_hours=6.5, tags=["Cramps", "rest"])
    write(client, date="2026-01-03", text="Better")
    skin_entry(client, radiance=55, notes="Winter")
    exported = client.get("/api/v1/users/me/export").json()

    fresh = UserFactory()
    imported = client_for(fresh).post("/api/v1/users/me/import", exported, format="json")
    again = client_for(fresh).post("/api/v1/users/me/import", exported, format="json")
    round_trip = client_for(fresh).get("/api/v1/users/me/export").json()

    assert imported.status_code == 200, imported.json()
    assert imported.json()["created"]["wellness"] == 2 + 6 + 1
    assert again.json()["created"]["wellness"] == 0
    assert round_trip["wellness"] == exported["wellness"]
    section = exported["wellness"]
    assert section["cycle_tracking"] is True
    assert [d["flow"] for d in section["period_days"]][-1] == "spotting"
    assert section["journal"][0]["tags"] == ["Cramps", "rest"]
    assert section["skin"][0]["had_photo"] is False


def test_a_bad_wellness_section_is_400_naming_the_item_and_imports_nothing(user_client):
    document = {
        "format": "fitspace-export",
        "version": 1,
        "wellness": {
            "journal": [
                {"uid": "9b2f3c52-9f3e-4d4e-8f0c-1a2b3c4d5e6f", "date": "2026-01-01", "mood": 3},
                {"uid": "9b2f3c52-9f3e-4d4e-8f0c-1a2b3c4d5e70", "date": "2026-01-02", "mood": 9},
            ]
        },
    }

    response = user_client.post("/api/v1/users/me/import", document, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "wellness.journal[1].mood"
    assert not JournalEntry.objects.exists()


# --- Admin ---------------------------------------------------------------------------------------


def test_the_admin_shows_counts_and_dates_never_text_moods_or_cycle_data(client):
    from tests.factories import StaffUserFactory

    athlete = UserFactory(email="private@example.com")
    JournalEntryFactory(user=athlete, text="SECRET-DIARY-TEXT", mood=1)
    JournalEntryFactory(user=athlete, text="another", mood=5)
    SkinEntryFactory(user=athlete, notes="SECRET-SKIN-NOTE", photo_key="skin/1/SECRET-KEY.png")
    period(athlete, D(2026, 1, 1))
    client.force_login(StaffUserFactory())

    listing = client.get("/admin/wellness/wellnessaccount/").content.decode()
    page = client.get(f"/admin/wellness/wellnessaccount/{athlete.pk}/change/").content.decode()
    index = client.get("/admin/").content.decode()

    assert "private@example.com" in listing
    for secret in ("SECRET-DIARY-TEXT", "SECRET-SKIN-NOTE", "SECRET-KEY", "awful", "menstrual"):
        assert secret not in listing
        assert secret not in page
    assert ">2<" in page or ">2<" in listing  # two journal entries counted
    for model in ("journalentry", "periodday", "skinentry", "tag", "cyclesettings"):
        assert f"/admin/wellness/{model}/" not in index
    assert client.post(f"/admin/wellness/wellnessaccount/{athlete.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=athlete.pk).exists()
    assert timezone.now()


def test_period_days_list_by_date_change_and_delete_and_the_history_follows(user_client, user):
    period(user, D(2026, 1, 1), days=3)
    period(user, D(2026, 1, 29), days=3)
    days = user_client.get(f"{DAYS}?date_from=2026-01-02&date_to=2026-01-29").json()
    first_of_second = PeriodDay.objects.get(user=user, date=D(2026, 1, 29))

    spotting = user_client.patch(
        f"{DAYS}/{first_of_second.id}", {"flow": "spotting"}, format="json"
    )
    moved = user_client.put(f"{DAYS}/{first_of_second.id}", {"date": "2026-01-01"}, format="json")
    history = user_client.get("/api/v1/cycles/history").json()
    deleted = user_client.delete(f"{DAYS}/{first_of_second.id}")

    assert [d["date"] for d in days["results"]] == ["2026-01-29", "2026-01-03", "2026-01-02"]
    assert spotting.json()["flow"] == "spotting"
    assert moved.status_code == 400  # 1 Jan is already logged
    # Spotting on 29 Jan does not start the period: it starts on 30 Jan, 29 days after 1 Jan.
    assert [(c["start"], c["length"]) for c in history] == [
        ("2026-01-30", None),
        ("2026-01-01", 29),
    ]
    assert deleted.status_code == 204
    assert PeriodDay.objects.filter(user=user).count() == 5


def test_skin_list_filters_by_date_and_changing_a_metric_makes_it_manual(user_client, user):
    SkinEntryFactory(user=user, date=D(2026, 2, 1))
    analyzed = SkinEntryFactory(user=user, date=D(2026, 2, 8), metrics_source="local")

    listed = user_client.get(f"{SKIN}?date_from=2026-02-02").json()
    changed = user_client.patch(f"{SKIN}/{analyzed.id}", {"pores": 12}, format="json").json()
    noted = user_client.put(f"{SKIN}/{analyzed.id}", {"notes": "Sunburn"}, format="json").json()

    assert [e["date"] for e in listed["results"]] == ["2026-02-08"]
    assert (changed["pores"], changed["metrics_source"]) == (12, "manual")
    assert (noted["notes"], noted["pores"]) == ("Sunburn", 12)


def test_a_new_photo_replaces_the_old_one_and_removing_it_deletes_it(
    user_client, local_storage, django_capture_on_commit_callbacks
):
    from users import local_avatars

    entry = skin_entry(user_client)
    first = upload_photo(user_client, entry["id"], face())
    second = upload_photo(user_client, entry["id"], face((90, 60, 50)))
    url = f"{SKIN}/{entry['id']}/photo"
    with django_capture_on_commit_callbacks(execute=True):
        user_client.put(url, {"key": first["key"]}, format="json")
        replaced = user_client.put(url, {"key": second["key"]}, format="json")
    assert replaced.status_code == 200
    assert local_avatars.stored(first["key"]) is None
    assert local_avatars.stored(second["key"]) is not None

    with django_capture_on_commit_callbacks(execute=True):
        removed = user_client.delete(url)

    assert removed.status_code == 200
    assert removed.json()["photo_url"] is None
    assert local_avatars.stored(second["key"]) is None
    assert user_client.post(f"{SKIN}/{entry['id']}/analyze").status_code == 409


def test_skin_photos_answer_503_when_no_storage_is_configured(user_client):
    user_client.raise_request_exception = False  # a 5xx is reported like a crash, and logged
    entry = skin_entry(user_client)

    response = user_client.post(
        f"{SKIN}/{entry['id']}/photo", {"content_type": "image/png"}, format="json"
    )

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "photos_unavailable"


def test_workouts_by_phase_cover_at_most_366_days_and_90_by_default(user_client, user):
    period(user, D(2026, 1, 1))
    finished_workout(user, timezone.now() - dt.timedelta(days=100))
    recent = finished_workout(user, timezone.now() - dt.timedelta(days=2))

    default = user_client.get("/api/v1/cycles/workouts").json()
    too_long = user_client.get("/api/v1/cycles/workouts?date_from=2025-01-01&date_to=2026-01-02")

    assert [w["workout"] for w in default] == [recent.id]
    assert too_long.status_code == 400
