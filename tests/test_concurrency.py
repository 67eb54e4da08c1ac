"""Two requests at once on the same rows, with real threads and connections on PostgreSQL
(SQLite runs one writer at a time, so these races cannot happen there and are skipped).

Each test makes the interleaving that lost data before deterministic: one side holds its
transaction open at the critical moment while the other runs into it.
"""

import datetime
import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from achievements.models import Achievement
from tests.factories import CustomExerciseFactory, UserFactory, WorkoutFactory
from workouts import services
from workouts.models import (
    Exercise,
    Muscle,
    PersonalRecord,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)

# Real transactions, which end with the tables emptied: the exercise library (a data migration)
# may be gone, so these tests bring their own (custom) exercises and muscles.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")


def in_threads(*jobs) -> list:
    """Run each job in its own thread (and database connection) and return their results."""
    results: list = [None] * len(jobs)
    errors: list = []

    def run(index, job):
        try:
            results[index] = job()
        except Exception as exc:  # reported below, with the thread's failure
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def until_another_waits_for_a_lock(done: threading.Event) -> None:
    """Return once another connection to this database waits for a lock (e.g. a row this
    transaction holds), or once `done` says the other side finished without having to wait."""
    with connection.cursor() as cursor:
        for _ in range(1000):  # a bound, so a broken lock order fails rather than hangs
            if done.is_set():
                return
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh, inside a transaction
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)


def test_a_rename_racing_a_pause_keeps_the_pause():
    """The rename read the workout in progress; the pause committed; the rename then saved its
    whole stale row, and the timer ran on. The rename must write only the name."""
    user = UserFactory()
    workout = WorkoutFactory(user=user)
    services.workout_start(workout=workout)
    paused = threading.Event()

    def pause_and_hold():
        with transaction.atomic():
            services.workout_pause(workout=Workout.objects.get(pk=workout.pk))
            paused.set()
            time.sleep(0.5)  # the rename reads and tries to write meanwhile
        return "paused"

    def rename():
        paused.wait(5)
        return client(user).patch(
            f"/api/v1/workouts/{workout.pk}", {"name": "Leg day"}, format="json"
        )

    _, renamed = in_threads(pause_and_hold, rename)

    assert renamed.status_code == 200, renamed.json()
    assert renamed.json()["status"] == "paused"
    workout.refresh_from_db()
    assert (workout.name, workout.status, workout.resumed_at) == ("Leg day", "paused", None)


def test_two_devices_editing_different_fields_of_a_set_both_keep_their_change():
    user = UserFactory()
    squat = CustomExerciseFactory(owner=user, name="Squat")
    workout = services.workout_create(
        user=user, name="Squats", exercises=[{"exercise": squat, "sets": [{"reps": 5}]}]
    )
    the_set = WorkoutSet.objects.get(workout_exercise__workout=workout)
    first_wrote = threading.Event()

    def phone():
        with transaction.atomic():
            services.set_update(
                workout_set=WorkoutSet.objects.get(pk=the_set.pk), data={"weight_kg": 100}
            )
            first_wrote.set()
            time.sleep(0.5)

    def watch():
        first_wrote.wait(5)
        return client(user).patch(
            f"/api/v1/sets/{the_set.pk}", {"notes": "felt easy"}, format="json"
        )

    _, watched = in_threads(phone, watch)

    assert watched.status_code == 200, watched.json()
    the_set.refresh_from_db()
    assert (the_set.weight_kg, the_set.notes) == (Decimal(100), "felt easy")


def test_two_sets_completed_at_once_both_count_in_the_records():
    """Each refresh saw only its own set: session volume 550 instead of 1050."""
    user = UserFactory()
    squat = CustomExerciseFactory(owner=user, name="Squat")
    workout = services.workout_create(
        user=user,
        name="Squats",
        exercises=[{"exercise": squat, "sets": [{"reps": 5}, {"reps": 5}]}],
    )
    first, second = WorkoutSet.objects.filter(workout_exercise__workout=workout).order_by(
        "position"
    )
    barrier = threading.Barrier(2)

    def complete(set_id, weight):
        def job():
            barrier.wait()
            return client(user).patch(
                f"/api/v1/sets/{set_id}",
                {"weight_kg": weight, "completed": True},
                format="json",
            )

        return job

    results = in_threads(complete(first.pk, 100), complete(second.pk, 110))

    assert [r.status_code for r in results] == [200, 200]
    records = dict(
        PersonalRecord.objects.filter(user=user, exercise=squat).values_list("kind", "value")
    )
    assert records["best_session_volume"] == Decimal(1050)
    assert records["heaviest_weight"] == Decimal(110)
    # Both refreshes set records: the first-record badge still comes once.
    assert Achievement.objects.filter(user=user, code="first_record").count() == 1


def test_records_refreshed_at_once_never_collide_on_the_one_record_per_kind_rule():
    user = UserFactory()
    squat = CustomExerciseFactory(owner=user, name="Squat")
    workouts = [
        services.workout_create(
            user=user, name=f"Squats {n}", exercises=[{"exercise": squat, "sets": [{"reps": 5}]}]
        )
        for n in range(4)
    ]
    sets = [WorkoutSet.objects.get(workout_exercise__workout=w) for w in workouts]
    barrier = threading.Barrier(len(sets))

    def complete(workout_set, weight):
        def job():
            barrier.wait()
            return client(user).patch(
                f"/api/v1/sets/{workout_set.pk}",
                {"weight_kg": weight, "completed": True},
                format="json",
            )

        return job

    results = in_threads(*(complete(s, 100 + n) for n, s in enumerate(sets)))

    assert [r.status_code for r in results] == [200] * len(sets)
    heaviest = PersonalRecord.objects.get(user=user, exercise=squat, kind="heaviest_weight")
    assert heaviest.value == Decimal(103)


def test_exercises_added_to_a_workout_at_once_get_the_next_positions():
    user = UserFactory()
    workout = WorkoutFactory(user=user)
    exercises = [CustomExerciseFactory(owner=user) for _ in range(4)]
    barrier = threading.Barrier(len(exercises))

    def add(exercise):
        def job():
            barrier.wait()
            return client(user).post(
                f"/api/v1/workouts/{workout.pk}/exercises", {"exercise": exercise.pk}, format="json"
            )

        return job

    results = in_threads(*(add(e) for e in exercises))

    assert [r.status_code for r in results] == [201] * len(exercises)
    positions = WorkoutExercise.objects.filter(workout=workout).values_list("position", flat=True)
    assert sorted(positions) == [1, 2, 3, 4]


def test_sets_added_at_once_get_the_next_positions():
    user = UserFactory()
    squat = CustomExerciseFactory(owner=user, name="Squat")
    workout = services.workout_create(user=user, name="Squats", exercises=[{"exercise": squat}])
    entry = WorkoutExercise.objects.get(workout=workout)
    barrier = threading.Barrier(4)

    def add():
        barrier.wait()
        return client(user).post(
            f"/api/v1/workout-exercises/{entry.pk}/sets", {"reps": 5}, format="json"
        )

    results = in_threads(add, add, add, add)

    assert [r.status_code for r in results] == [201] * 4
    assert sorted(entry.sets.values_list("position", flat=True)) == [1, 2, 3, 4]


def test_two_custom_exercises_of_one_name_created_at_once_give_one_and_a_400():
    user = UserFactory()
    Muscle.objects.get_or_create(code="quadriceps", defaults={"name": "Quads", "group": "legs"})
    barrier = threading.Barrier(2)
    body = {
        "name": "Zercher squat",
        "category": "strength",
        "equipment": "barbell",
        "primary_muscles": ["quadriceps"],
        "measures": ["reps", "weight"],
    }

    def create():
        barrier.wait()
        return client(user).post("/api/v1/exercises", body, format="json")

    results = in_threads(create, create)

    assert sorted(r.status_code for r in results) == [201, 400]
    refused = next(r for r in results if r.status_code == 400)
    assert refused.json()["errors"][0]["attr"] == "name"
    assert Exercise.objects.filter(owner=user).count() == 1


def test_two_imports_of_one_export_at_once_give_one_copy():
    source = UserFactory()
    squat = CustomExerciseFactory(owner=source, name="Squat")
    curl = CustomExerciseFactory(owner=source, name="Cable curl")
    for n in range(5):
        services.workout_create(
            user=source,
            name=f"Day {n}",
            exercises=[
                {"exercise": squat, "sets": [{"reps": 5, "weight_kg": 100, "completed": True}]},
                {"exercise": curl, "sets": [{"reps": 12, "weight_kg": 15, "completed": True}]},
            ],
        )
    document = client(source).get("/api/v1/users/me/export").json()
    target = UserFactory()
    barrier = threading.Barrier(2)

    def import_it():
        barrier.wait()
        return client(target).post(
            "/api/v1/users/me/import", json.dumps(document), content_type="application/json"
        )

    results = in_threads(import_it, import_it)

    assert [r.status_code for r in results] == [200, 200], [r.json() for r in results]
    assert sorted(r.json()["created"]["workouts"] for r in results) == [0, 5]
    assert Workout.objects.filter(user=target).count() == 5
    assert Exercise.objects.filter(owner=target).count() == 2


def test_two_members_finishing_at_once_reach_the_group_goal_once():
    from achievements.models import Achievement
    from groups.models import Group, Membership
    from groups.services import group_create
    from inbox.models import Notification

    ana, ben = UserFactory(timezone="UTC"), UserFactory(timezone="UTC")
    group = group_create(
        owner=ana,
        data={
            "name": "Pair",
            "period": Group.Period.MONTH,
            "timezone": "UTC",
            "starts_on": timezone.now().date(),
            "ends_on": timezone.now().date() + datetime.timedelta(days=30),
            "metric": Group.Metric.WORKOUTS,
            "member_target": Decimal(100),
            "group_target": Decimal(10),
        },
    )
    Membership.objects.create(group=group, user=ben)
    now = timezone.now()
    Workout.objects.bulk_create(  # 8 this period already: the 9th and 10th come at once
        Workout(user=ana, name="Before", status="finished", started_at=now, finished_at=now)
        for _ in range(8)
    )
    live = {}
    for member in (ana, ben):
        live[member] = WorkoutFactory(user=member)
        Workout.objects.filter(pk=live[member].pk).update(status="paused", started_at=now)
    barrier = threading.Barrier(2)

    def finish(member):
        def job():
            barrier.wait()
            return client(member).post(f"/api/v1/workouts/{live[member].pk}/finish")

        return job

    results = in_threads(finish(ana), finish(ben))

    assert [r.status_code for r in results] == [200, 200]
    for member in (ana, ben):
        messages = Notification.objects.filter(user=member, kind="group_goal_reached")
        assert messages.count() == 1, member
        assert Achievement.objects.filter(user=member, code="group_goal").count() == 1


def test_two_accepts_of_one_invite_make_one_member():
    from groups.models import Group, Membership
    from groups.services import group_create, invite_create

    owner, friend = UserFactory(), UserFactory()
    group = group_create(
        owner=owner,
        data={
            "name": "Club",
            "starts_on": timezone.now().date(),
            "ends_on": timezone.now().date(),
            "metric": Group.Metric.WORKOUTS,
            "member_target": Decimal(1),
        },
    )
    invite = invite_create(group=group, by=owner, invitee=friend)
    barrier = threading.Barrier(2)

    def accept():
        barrier.wait()
        return client(friend).post(f"/api/v1/invites/{invite.pk}/accept")

    results = in_threads(accept, accept)

    assert sorted(r.status_code for r in results) == [200, 409]
    assert Membership.objects.filter(group=group).count() == 2


def test_two_starts_of_one_workout_give_one_start_and_a_409():
    """Two devices press start on the same planned workout: one starts it, the other is told it
    already runs, and the start time is the first one's."""
    user = UserFactory()
    workout = WorkoutFactory(user=user)
    started = threading.Event()

    def start_and_hold():
        with transaction.atomic():
            services.workout_start(workout=Workout.objects.get(pk=workout.pk))
            started.set()
            time.sleep(0.5)  # the other device's start arrives meanwhile
        return Workout.objects.get(pk=workout.pk).started_at

    def start_again():
        started.wait(5)
        return client(user).post(f"/api/v1/workouts/{workout.pk}/start")

    started_at, second = in_threads(start_and_hold, start_again)

    assert second.status_code == 409, second.json()
    workout.refresh_from_db()
    assert (workout.status, workout.started_at) == ("in_progress", started_at)


def test_two_starts_at_once_through_the_api_give_one_200_and_one_409():
    user = UserFactory()
    workout = WorkoutFactory(user=user)
    barrier = threading.Barrier(2)

    def start():
        barrier.wait()
        return client(user).post(f"/api/v1/workouts/{workout.pk}/start")

    results = in_threads(start, start)

    assert sorted(r.status_code for r in results) == [200, 409]
    assert Workout.objects.filter(user=user, status="in_progress").count() == 1


def test_two_sign_ups_of_one_address_in_different_case_make_one_account():
    """The second sign-up checked the address while the first was not committed yet, so it
    saw nothing taken: the unique index on LOWER(email) must stop it, as a 400 on `email`."""
    from users.models import User
    from users.services import user_create

    inserted = threading.Event()

    def sign_up_and_hold():
        with transaction.atomic():
            user_create(email="Dana@Example.com", name="Dana", password="open-water-5k")
            inserted.set()
            time.sleep(0.5)  # the other sign-up validates and inserts meanwhile
        return "created"

    def sign_up_again():
        inserted.wait(5)
        return APIClient().post(
            "/api/v1/auth/register",
            {"email": "dana@example.COM", "name": "Dana Two", "password": "open-water-10k"},
            format="json",
        )

    _, second = in_threads(sign_up_and_hold, sign_up_again)

    assert second.status_code == 400, second.json()
    assert [(e["attr"], e["code"]) for e in second.json()["errors"]] == [("email", "unique")]
    assert list(User.objects.with_email("dana@example.com").values_list("name", flat=True)) == [
        "Dana"
    ]


def test_two_sign_ups_at_once_of_one_address_in_different_case_give_one_201():
    from users.models import User

    barrier = threading.Barrier(2)

    def sign_up(email):
        def job():
            barrier.wait()
            return APIClient().post(
                "/api/v1/auth/register",
                {"email": email, "name": "Eve", "password": "open-water-5k"},
                format="json",
            )

        return job

    results = in_threads(sign_up("Eve@Example.com"), sign_up("eve@EXAMPLE.com"))

    assert sorted(r.status_code for r in results) == [201, 400], [r.json() for r in results]
    assert User.objects.with_email("eve@example.com").count() == 1


def test_two_entries_tagging_a_new_tag_at_once_in_two_cases_make_one_tag():
    """The second request finds no tag (the first has not committed), inserts, waits on the
    unique index, then takes the first's tag instead of failing."""
    from wellness import services as wellness
    from wellness.models import JournalEntry, Tag

    user = UserFactory()
    created = threading.Event()

    def create_and_hold():
        with transaction.atomic():
            wellness.journal_create(
                user=user, data={"date": datetime.date(2026, 3, 1), "tags": ["Race"]}
            )
            created.set()
            time.sleep(0.5)

    def create_through_the_api():
        created.wait(5)
        return client(user).post(
            "/api/v1/journal", {"date": "2026-03-02", "tags": ["RACE"]}, format="json"
        )

    _, response = in_threads(create_and_hold, create_through_the_api)

    assert response.status_code == 201, response.json()
    assert response.json()["tags"] == ["Race"]
    assert Tag.objects.filter(user=user).count() == 1
    assert JournalEntry.objects.filter(user=user, tags__name="Race").count() == 2


def test_logging_one_day_twice_at_once_is_one_day_and_a_400():
    from wellness.models import CycleSettings, PeriodDay

    user = UserFactory()
    CycleSettings.objects.create(user=user, enabled=True)
    created = threading.Event()

    def log_and_hold():
        with transaction.atomic():
            PeriodDay.objects.create(user=user, date=datetime.date(2026, 3, 1), flow="light")
            created.set()
            time.sleep(0.5)

    def log_through_the_api():
        created.wait(5)
        return client(user).post(
            "/api/v1/cycles/days", {"date": "2026-03-01", "flow": "heavy"}, format="json"
        )

    _, response = in_threads(log_and_hold, log_through_the_api)

    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["code"] == "unique"
    assert list(PeriodDay.objects.filter(user=user).values_list("flow", flat=True)) == ["light"]


def _workout_with_one_set(user) -> tuple[Workout, WorkoutSet, CustomExerciseFactory]:
    squat = CustomExerciseFactory(owner=user, name="Squat")
    workout = services.workout_create(
        user=user, name="Legs", exercises=[{"exercise": squat, "sets": [{"reps": 5}]}]
    )
    return workout, WorkoutSet.objects.get(workout_exercise__workout=workout), squat


def test_a_set_edit_waits_for_an_if_match_workout_write_and_is_not_silently_undone(monkeypatch):
    """The laptop's If-Match'd workout write passed its check; the phone's set edit used to
    commit before the laptop replaced the sets, and both got a 200 with the phone's change gone.
    The set edit now waits for the workout's row, then finds its set replaced: a 404."""
    user = UserFactory()
    workout, the_set, squat = _workout_with_one_set(user)
    etag = client(user).get(f"/api/v1/workouts/{workout.pk}")["ETag"]
    checked, phone_done = threading.Event(), threading.Event()
    update = services.workout_update

    def update_once_the_phone_ran_into_it(**kwargs):
        checked.set()  # If-Match checked on the locked row; the write comes next
        until_another_waits_for_a_lock(phone_done)
        return update(**kwargs)

    monkeypatch.setattr(services, "workout_update", update_once_the_phone_ran_into_it)

    def laptop():
        return client(user).patch(
            f"/api/v1/workouts/{workout.pk}",
            {"exercises": [{"exercise": squat.pk, "sets": [{"reps": 5}, {"reps": 5}]}]},
            format="json",
            HTTP_IF_MATCH=etag,
        )

    def phone():
        checked.wait(5)
        try:
            return client(user).patch(f"/api/v1/sets/{the_set.pk}", {"reps": 9}, format="json")
        finally:
            phone_done.set()

    wrote, edited = in_threads(laptop, phone)

    assert wrote.status_code == 200, wrote.json()
    assert edited.status_code == 404, edited.json()
    reps = WorkoutSet.objects.filter(workout_exercise__workout=workout).values_list(
        "reps", flat=True
    )
    assert list(reps) == [5, 5]


def test_an_if_match_workout_write_waits_for_a_set_edit_and_gets_its_412():
    """The phone's set edit holds its transaction open; the laptop's workout write, with the
    If-Match it read before, used to pass its check on the unchanged workout row and then replace
    the sets over the phone's edit. It now waits, sees the new version: a 412, the edit kept."""
    user = UserFactory()
    workout, the_set, squat = _workout_with_one_set(user)
    etag = client(user).get(f"/api/v1/workouts/{workout.pk}")["ETag"]
    edited, laptop_done = threading.Event(), threading.Event()

    def phone_edits_and_holds():
        with transaction.atomic():
            services.set_update(
                workout_set=WorkoutSet.objects.select_related("workout_exercise").get(
                    pk=the_set.pk
                ),
                data={"reps": 9},
            )
            edited.set()
            until_another_waits_for_a_lock(laptop_done)

    def laptop():
        edited.wait(5)
        try:
            return client(user).patch(
                f"/api/v1/workouts/{workout.pk}",
                {"exercises": [{"exercise": squat.pk, "sets": [{"reps": 5}]}]},
                format="json",
                HTTP_IF_MATCH=etag,
            )
        finally:
            laptop_done.set()

    _, wrote = in_threads(phone_edits_and_holds, laptop)

    assert wrote.status_code == 412, wrote.json()
    reps = WorkoutSet.objects.filter(workout_exercise__workout=workout).values_list(
        "reps", flat=True
    )
    assert list(reps) == [9]
