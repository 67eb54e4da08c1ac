"""Training groups, through the API: a group's whole life from creation to archive."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups.models import Group, GroupArchived, Invite, Membership
from groups.services import group_archive, group_update, groups_archive_expired
from inbox.models import Notification
from tests.factories import UserFactory, library_exercise
from workouts import services as workout_services
from workouts.models import Workout

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups"


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a request leaves for after its commit (notifications), as a real one would."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def create_group(client, **fields) -> dict:
    body = {
        "name": "Run club",
        "timezone": "Europe/Lisbon",
        "period": "week",
        "starts_on": "2026-11-01",
        "ends_on": "2027-01-31",
        "metric": "active_minutes",
        "member_target": 150,
        **fields,
    }
    response = client.post(GROUPS, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def join(client_for, group_id: int, owner, *members) -> None:
    """Invite each member and accept for them."""
    for member in members:
        invite = client_for(owner).post(
            f"{GROUPS}/{group_id}/invites", {"user": member.pk}, format="json"
        )
        assert invite.status_code == 201, invite.json()
        accepted = client_for(member).post(f"/api/v1/invites/{invite.json()['id']}/accept")
        assert accepted.status_code == 200, accepted.json()


def trained(user, minutes: int, finished_at: dt.datetime) -> Workout:
    """A finished workout of `minutes` active time, finished at that instant."""
    return Workout.objects.create(
        user=user,
        name="Session",
        status=Workout.Status.FINISHED,
        started_at=finished_at - dt.timedelta(minutes=minutes),
        finished_at=finished_at,
        active_seconds=minutes * 60,
    )


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


# --- creating and managing -----------------------------------------------------------------------


def test_the_creator_owns_the_group_and_lists_it(user_client, user):
    group = create_group(user_client)

    listed = user_client.get(GROUPS).json()

    assert (group["my_role"], group["member_count"], group["status"]) == ("owner", 1, "active")
    assert [g["id"] for g in listed["results"]] == [group["id"]]
    assert Membership.objects.get(group_id=group["id"]).user == user


@pytest.mark.parametrize(
    ("fields", "attr"),
    [
        ({"ends_on": "2026-10-01"}, "ends_on"),
        ({"member_target": 0}, "member_target"),
        ({"metric": "steps"}, "metric"),
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"period": "day"}, "period"),
    ],
)
def test_bad_group_settings_are_400_naming_the_field(user_client, fields, attr):
    body = {
        "name": "Club",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-01",
        "metric": "workouts",
        "member_target": 3,
        **fields,
    }

    response = user_client.post(GROUPS, body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr


def test_members_get_403_on_every_admin_action(user_client, user, client_for):
    group = create_group(user_client)
    member = UserFactory()
    join(client_for, group["id"], user, member)
    as_member = client_for(member)
    path = f"{GROUPS}/{group['id']}"

    refused = [
        as_member.patch(path, {"name": "Mine"}, format="json"),
        as_member.delete(path),
        as_member.get(f"{path}/invites"),
        as_member.post(f"{path}/invites", {"user": UserFactory().pk}, format="json"),
        as_member.patch(f"{path}/members/{user.pk}", {"target": 1}, format="json"),
        as_member.delete(f"{path}/members/{user.pk}"),
    ]

    assert [r.status_code for r in refused] == [403] * len(refused)
    assert Group.objects.get(pk=group["id"]).name == "Run club"


def test_the_owner_hands_over_before_leaving(user_client, user, client_for):
    group = create_group(user_client)
    successor = UserFactory()
    join(client_for, group["id"], user, successor)
    members = f"{GROUPS}/{group['id']}/members"

    cannot_leave = user_client.delete(f"{members}/{user.pk}")
    handed_over = user_client.patch(f"{members}/{successor.pk}", {"role": "owner"}, format="json")
    left = user_client.delete(f"{members}/{user.pk}")

    assert cannot_leave.status_code == 409
    assert cannot_leave.json()["errors"][0]["code"] == "owner_must_hand_over"
    assert handed_over.json()["role"] == "owner"
    assert left.status_code == 204
    assert Membership.objects.get(group_id=group["id"]).user == successor


def test_admins_manage_members_but_only_the_owner_manages_admins(user_client, user, client_for):
    group = create_group(user_client)
    admin, other_admin, member = UserFactory(), UserFactory(), UserFactory()
    join(client_for, group["id"], user, admin, other_admin, member)
    members = f"{GROUPS}/{group['id']}/members"
    for promoted in (admin, other_admin):
        user_client.patch(f"{members}/{promoted.pk}", {"role": "admin"}, format="json")
    as_admin = client_for(admin)

    target = as_admin.patch(f"{members}/{member.pk}", {"target": 90}, format="json")
    promote = as_admin.patch(f"{members}/{member.pk}", {"role": "admin"}, format="json")
    remove_admin = as_admin.delete(f"{members}/{other_admin.pk}")
    remove_member = as_admin.delete(f"{members}/{member.pk}")

    assert (target.status_code, target.json()["target"]) == (200, 90)
    assert (promote.status_code, remove_admin.status_code) == (403, 403)
    assert remove_member.status_code == 204


def test_a_clone_copies_the_settings_and_may_invite_the_members(
    user_client, user, client_for, on_commit
):
    group = create_group(user_client, group_target=400)
    mate = UserFactory()
    join(client_for, group["id"], user, mate)

    clone = on_commit(
        lambda: user_client.post(
            f"{GROUPS}/{group['id']}/clone",
            {"starts_on": "2027-02-01", "ends_on": "2027-03-31", "invite_members": True},
            format="json",
        )
    ).json()

    assert {k: clone[k] for k in ("name", "metric", "member_target", "group_target")} == {
        "name": "Run club",
        "metric": "active_minutes",
        "member_target": 150,
        "group_target": 400,
    }
    assert clone["starts_on"] == "2027-02-01"
    assert Invite.objects.get(group_id=clone["id"]).invitee == mate
    assert "group_invited" in kinds(mate)


# --- invites -------------------------------------------------------------------------------------


def test_an_invite_lands_in_the_inbox_and_accepting_it_joins(
    user_client, user, client_for, on_commit
):
    group = create_group(user_client)
    friend = UserFactory()

    invite = on_commit(
        lambda: user_client.post(
            f"{GROUPS}/{group['id']}/invites", {"user": friend.pk}, format="json"
        )
    ).json()
    inbox = client_for(friend).get("/api/v1/notifications").json()["results"]
    accepted = on_commit(lambda: client_for(friend).post(f"/api/v1/invites/{invite['id']}/accept"))
    again = client_for(friend).post(f"/api/v1/invites/{invite['id']}/accept")

    assert [n["kind"] for n in inbox] == ["group_invited"]
    assert inbox[0]["data"] == {"group": group["id"], "invite": invite["id"]}
    assert accepted.json()["role"] == "member"
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "invite_answered"
    assert "invite_accepted" in kinds(user)
    assert client_for(friend).get(f"{GROUPS}/{group['id']}").status_code == 200


def test_inviting_twice_keeps_one_invite(user_client):
    group = create_group(user_client)
    friend = UserFactory()
    path = f"{GROUPS}/{group['id']}/invites"

    first = user_client.post(path, {"user": friend.pk}, format="json").json()
    second = user_client.post(path, {"user": friend.pk}, format="json").json()

    assert first["id"] == second["id"]
    assert Invite.objects.filter(invitee=friend).count() == 1


def test_an_invite_by_email_answers_the_same_whether_or_not_the_address_has_an_account(
    user_client,
):
    group = create_group(user_client)
    friend = UserFactory(email="friend@example.com")
    path = f"{GROUPS}/{group['id']}/invites"

    known = user_client.post(path, {"email": "FRIEND@example.com"}, format="json")
    unknown = user_client.post(path, {"email": "nobody@example.com"}, format="json")

    assert (known.status_code, unknown.status_code) == (202, 202)
    assert known.json() == unknown.json()
    assert Invite.objects.get().invitee == friend


def test_a_declined_or_expired_invite_cannot_be_accepted(user_client, client_for):
    group = create_group(user_client)
    declining, late = UserFactory(), UserFactory()
    path = f"{GROUPS}/{group['id']}/invites"
    first = user_client.post(path, {"user": declining.pk}, format="json").json()
    second = user_client.post(path, {"user": late.pk}, format="json").json()
    Invite.objects.filter(pk=second["id"]).update(expires_at=timezone.now())

    declined = client_for(declining).post(f"/api/v1/invites/{first['id']}/decline")
    after_decline = client_for(declining).post(f"/api/v1/invites/{first['id']}/accept")
    expired = client_for(late).post(f"/api/v1/invites/{second['id']}/accept")
    listed = client_for(late).get("/api/v1/invites").json()["results"]

    assert declined.json()["status"] == "declined"
    assert after_decline.json()["errors"][0]["code"] == "invite_answered"
    assert expired.json()["errors"][0]["code"] == "invite_expired"
    assert listed[0]["status"] == "expired"
    assert Membership.objects.filter(group_id=group["id"]).count() == 1


def test_a_full_group_refuses_more(user_client, user, client_for, settings):
    settings.GROUP_MAX_MEMBERS = 2
    group = create_group(user_client)
    join(client_for, group["id"], user, UserFactory())

    response = user_client.post(
        f"{GROUPS}/{group['id']}/invites", {"user": UserFactory().pk}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "group_full"


def test_someone_elses_invite_is_404(user_client, client_for):
    group = create_group(user_client)
    invite = user_client.post(
        f"{GROUPS}/{group['id']}/invites", {"user": UserFactory().pk}, format="json"
    ).json()

    response = client_for(UserFactory()).post(f"/api/v1/invites/{invite['id']}/accept")

    assert response.status_code == 404


# --- sessions ------------------------------------------------------------------------------------


def test_a_session_from_a_template_gives_each_participant_their_own_copy(
    user_client, user, client_for, on_commit
):
    group = create_group(user_client)
    mate = UserFactory()
    join(client_for, group["id"], user, mate)
    squat = library_exercise("reps", "weight", category="strength")
    template = workout_services.workout_create(
        user=user,
        name="Legs",
        is_template=True,
        exercises=[{"exercise": squat, "sets": [{"reps": 5, "weight_kg": 100}]}],
    )
    sessions = f"{GROUPS}/{group['id']}/sessions"

    session = on_commit(
        lambda: user_client.post(
            sessions,
            {
                "title": "Saturday legs",
                "starts_at": "2026-12-05T09:00:00Z",
                "template": template.pk,
            },
            format="json",
        )
    ).json()
    mine = client_for(mate).post(f"{sessions}/{session['id']}/workout").json()
    same = client_for(mate).post(f"{sessions}/{session['id']}/workout").json()
    client_for(mate).post(f"/api/v1/workouts/{mine['id']}/start")
    client_for(mate).post(f"/api/v1/workouts/{mine['id']}/finish")
    participants = user_client.get(f"{sessions}/{session['id']}/participants").json()

    assert "session_scheduled" in kinds(mate)
    assert (mine["user"], mine["name"], mine["status"]) == (mate.pk, "Saturday legs", "planned")
    assert mine["exercises"][0]["sets"][0]["weight_kg"] == 100
    assert same["id"] == mine["id"]
    assert {(p["user"]["id"], p["finished"]) for p in participants} == {
        (user.pk, False),
        (mate.pk, True),
    }


def test_a_session_template_must_be_ones_own_and_use_library_exercises(user_client, user):
    from tests.factories import CustomExerciseFactory

    group = create_group(user_client)
    mine = CustomExerciseFactory(owner=user)
    custom = workout_services.workout_create(
        user=user, name="Mine", is_template=True, exercises=[{"exercise": mine}]
    )
    theirs = workout_services.workout_create(user=UserFactory(), name="Theirs", is_template=True)
    sessions = f"{GROUPS}/{group['id']}/sessions"

    for template in (custom, theirs):
        response = user_client.post(
            sessions,
            {"title": "Run", "starts_at": "2026-12-05T09:00:00Z", "template": template.pk},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == "template"


def test_joining_and_leaving_a_session(user_client, user, client_for):
    group = create_group(user_client)
    mate = UserFactory()
    join(client_for, group["id"], user, mate)
    sessions = f"{GROUPS}/{group['id']}/sessions"
    session = user_client.post(
        sessions, {"title": "Run", "starts_at": "2026-12-05T09:00:00Z"}, format="json"
    ).json()

    client_for(mate).post(f"{sessions}/{session['id']}/join")
    joined = user_client.get(f"{sessions}/{session['id']}").json()["participant_count"]
    client_for(mate).post(f"{sessions}/{session['id']}/leave")
    left = user_client.get(f"{sessions}/{session['id']}").json()["participant_count"]

    assert (joined, left) == (2, 1)


# --- progress and leaderboard ------------------------------------------------------------------


@pytest.fixture
def freeze(monkeypatch):
    def at(instant: dt.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: instant)

    return at


def test_progress_counts_the_period_in_the_groups_time_zone(user_client, user, client_for, freeze):
    # Auckland is UTC+13 in November: its week 48 begins on 23 Nov at 11:00 UTC of the 22nd.
    group = create_group(
        user_client, timezone="Pacific/Auckland", member_target=60, group_target=100
    )
    mate = UserFactory()
    join(client_for, group["id"], user, mate)
    trained(user, 30, utc(2026, 11, 22, 10, 59))  # Sunday evening in Auckland: week 47
    trained(user, 40, utc(2026, 11, 22, 11, 0))  # Monday 00:00 in Auckland: week 48
    trained(mate, 60, utc(2026, 11, 24, 8, 0))  # week 48
    Workout.objects.create(user=mate, name="Plan", is_template=True)  # never counts
    freeze(utc(2026, 11, 25, 12, 0))

    current = user_client.get(f"{GROUPS}/{group['id']}/progress").json()
    past = user_client.get(f"{GROUPS}/{group['id']}/progress", {"period": "2026-W47"}).json()

    assert current["period"] == "2026-W48"
    assert [
        (r["user"]["id"], r["value"], r["percent"], r["reached"], r["rank"])
        for r in current["members"]
    ] == [
        (mate.pk, 60, 100.0, True, 1),
        (user.pk, 40, 66.7, False, 2),
    ]
    assert (current["total"], current["group_percent"], current["group_reached"]) == (
        100,
        100.0,
        True,
    )
    assert [(r["user"]["id"], r["value"]) for r in past["members"]] == [(user.pk, 30), (mate.pk, 0)]


def test_equal_progress_ranks_whoever_got_there_first(user_client, user, client_for, freeze):
    group = create_group(user_client, metric="workouts", member_target=2, timezone="UTC")
    early, late = UserFactory(), UserFactory()
    join(client_for, group["id"], user, late, early)
    for member, day in ((late, 25), (early, 24)):  # both twice in week 48 (23-29 Nov)
        trained(member, 30, utc(2026, 11, day - 1, 9, 0))
        trained(member, 30, utc(2026, 11, day, 9, 0))
    freeze(utc(2026, 11, 27, 12, 0))

    members = user_client.get(f"{GROUPS}/{group['id']}/progress").json()["members"]

    assert [m["user"]["id"] for m in members] == [early.pk, late.pk, user.pk]
    assert [m["rank"] for m in members] == [1, 2, 3]


def test_personal_targets_and_monthly_periods(user_client, user, client_for, freeze):
    group = create_group(
        user_client, period="month", metric="distance_km", member_target=10, timezone="UTC"
    )
    mate = UserFactory()
    join(client_for, group["id"], user, mate)
    user_client.patch(f"{GROUPS}/{group['id']}/members/{mate.pk}", {"target": 5}, format="json")
    run = library_exercise("duration", "distance", category="cardio")
    workout = workout_services.workout_create(
        user=mate,
        name="Run",
        exercises=[
            {
                "exercise": run,
                "sets": [{"distance_m": 5000, "duration_seconds": 1500, "completed": True}],
            }
        ],
    )
    Workout.objects.filter(pk=workout.pk).update(
        status="finished", started_at=utc(2026, 11, 3), finished_at=utc(2026, 11, 3, 1)
    )
    freeze(utc(2026, 11, 20))

    members = user_client.get(f"{GROUPS}/{group['id']}/progress").json()["members"]

    assert (
        members[0]["user"]["id"],
        members[0]["value"],
        members[0]["target"],
        members[0]["reached"],
    ) == (
        mate.pk,
        5,
        5,
        True,
    )


def test_the_fast_leaderboard_rows_match_the_declared_fields(user_client, user, client_for, freeze):
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    from groups import selectors
    from groups.models import Group
    from groups.serializers import LeaderboardRowSerializer

    group = create_group(user_client, metric="active_minutes", member_target=30)
    mate, idle = UserFactory(), UserFactory()
    join(client_for, group["id"], user, mate, idle)
    trained(mate, 45, utc(2026, 11, 18, 7, 30))
    trained(user, 10, utc(2026, 11, 18, 8, 15))
    freeze(utc(2026, 11, 20))
    rows = selectors.group_progress(group=Group.objects.get(pk=group["id"]))["members"]
    assert {row["reached"] for row in rows} == {True, False}
    assert None in {row["last_workout_at"] for row in rows}

    for row in rows:
        serializer = LeaderboardRowSerializer(row)
        by_fields = serializers.Serializer.to_representation(serializer, row)
        assert JSONRenderer().render(serializer.data) == JSONRenderer().render(by_fields)


@pytest.mark.parametrize("period", ["2026-11", "2026-W99", "last week", "1969-W01"])
def test_a_period_not_of_the_groups_kind_is_400(user_client, period):
    group = create_group(user_client)

    response = user_client.get(f"{GROUPS}/{group['id']}/progress", {"period": period})

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "period"


def test_the_leaderboard_runs_the_same_queries_for_5_and_for_500_members(user_client, user):
    def queries_with(members: int) -> int:
        group = create_group(user_client)
        users = UserFactory.create_batch(members - 1)
        Membership.objects.bulk_create(Membership(group_id=group["id"], user=u) for u in users)
        for member in users[:50]:
            trained(member, 30, timezone.now())
        with CaptureQueriesContext(connection) as queries:
            response = user_client.get(f"{GROUPS}/{group['id']}/progress")
        assert len(response.json()["members"]) == members
        return len(queries)

    assert queries_with(5) == queries_with(500)


def test_reaching_the_target_puts_one_goal_reached_message_in_the_inbox_per_period(
    user_client, user, on_commit
):
    group = create_group(user_client, metric="workouts", member_target=2)

    def finish_one():
        workout = workout_services.workout_create(user=user, name="Run")
        workout_services.workout_start(workout=workout)
        workout_services.workout_finish(workout=workout)

    for _ in range(3):
        on_commit(finish_one)

    goals = Notification.objects.filter(user=user, kind="goal_reached")
    assert goals.count() == 1
    assert goals.get().data["group"] == group["id"]


# --- archiving -----------------------------------------------------------------------------------


def test_the_daily_job_archives_groups_past_their_end_in_their_time_zone(user_client):
    ended = create_group(user_client, starts_on="2026-10-01", ends_on="2026-11-20", timezone="UTC")
    # 21 Nov 05:00 UTC is still the 20th in Los Angeles: its end day has not passed yet.
    not_yet = create_group(
        user_client, starts_on="2026-10-01", ends_on="2026-11-20", timezone="America/Los_Angeles"
    )

    archived = groups_archive_expired(now=utc(2026, 11, 21, 5, 0))

    assert archived == [ended["id"]]
    assert Group.objects.get(pk=not_yet["id"]).status == "active"


@pytest.fixture
def archived_group(user_client, user, client_for, on_commit):
    group = create_group(user_client)
    mate = UserFactory()
    join(client_for, group["id"], user, mate)
    session = user_client.post(
        f"{GROUPS}/{group['id']}/sessions",
        {"title": "Run", "starts_at": "2026-12-05T09:00:00Z"},
        format="json",
    ).json()
    invite = user_client.post(
        f"{GROUPS}/{group['id']}/invites", {"user": UserFactory().pk}, format="json"
    ).json()
    on_commit(lambda: group_archive(group=Group.objects.get(pk=group["id"])))
    return {"group": group["id"], "mate": mate, "session": session["id"], "invite": invite}


def test_archiving_tells_every_member(archived_group):
    assert "group_archived" in kinds(archived_group["mate"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/groups/{group}", {"name": "Changed"}),
        ("put", "/groups/{group}", {"name": "Changed"}),
        ("delete", "/groups/{group}", None),
        ("post", "/groups/{group}/invites", {"user": "{stranger}"}),
        ("patch", "/groups/{group}/members/{mate}", {"target": 1}),
        ("delete", "/groups/{group}/members/{mate}", None),
        ("post", "/groups/{group}/sessions", {"title": "New", "starts_at": "2026-12-06T09:00:00Z"}),
        ("post", "/groups/{group}/sessions/{session}/join", None),
        ("post", "/groups/{group}/sessions/{session}/leave", None),
        ("post", "/groups/{group}/sessions/{session}/workout", None),
    ],
)
def test_every_write_to_an_archived_group_is_409(
    user_client, client_for, archived_group, method, path, body
):
    ids = {**archived_group, "mate": archived_group["mate"].pk, "stranger": UserFactory().pk}
    client = client_for(archived_group["mate"]) if "session" in path else user_client
    if body and body.get("user") == "{stranger}":
        body = {"user": ids["stranger"]}

    response = getattr(client, method)(f"/api/v1{path.format(**ids)}", body, format="json")

    assert response.status_code == 409, response.content
    assert response.json()["errors"][0]["code"] == "group_archived"
    group = Group.objects.get(pk=archived_group["group"])
    assert (group.name, group.memberships.count(), group.sessions.count()) == ("Run club", 2, 1)


def test_an_invite_to_an_archived_group_cannot_be_answered(client_for, archived_group):
    invite = Invite.objects.get(pk=archived_group["invite"]["id"])

    accepted = client_for(invite.invitee).post(f"/api/v1/invites/{invite.pk}/accept")
    declined = client_for(invite.invitee).post(f"/api/v1/invites/{invite.pk}/decline")

    assert (accepted.status_code, declined.status_code) == (409, 409)
    assert not Membership.objects.filter(user=invite.invitee).exists()


def test_an_archived_group_stays_readable(user_client, archived_group):
    group = user_client.get(f"{GROUPS}/{archived_group['group']}").json()
    progress = user_client.get(f"{GROUPS}/{archived_group['group']}/progress")

    assert group["status"] == "archived"
    assert progress.status_code == 200


def test_no_service_or_bulk_write_goes_around_the_archive(archived_group):
    group = Group.objects.get(pk=archived_group["group"])

    with pytest.raises(GroupArchived):
        group_update(group=group, data={"name": "Changed"})
    with pytest.raises(GroupArchived):
        Group.objects.filter(pk=group.pk).update(name="Changed")
    with pytest.raises(GroupArchived):
        Membership.objects.filter(group=group).update(target=Decimal(1))
    with pytest.raises(GroupArchived):
        Membership.objects.filter(group=group).delete()
    with pytest.raises(GroupArchived):
        Membership.objects.bulk_create([Membership(group=group, user=UserFactory())])
    with pytest.raises(GroupArchived):
        group.delete()
    assert Group.objects.get(pk=group.pk).name == "Run club"


def test_staff_cannot_change_an_archived_group_in_the_admin(client, archived_group):
    from tests.factories import StaffUserFactory

    client.force_login(StaffUserFactory())
    page = f"/admin/groups/group/{archived_group['group']}/change/"

    shown = client.get(page)
    posted = client.post(page, {"name": "Changed"})
    deleted = client.post(
        "/admin/groups/group/",
        {"action": "delete_selected", "_selected_action": [archived_group["group"]], "post": "yes"},
    )

    assert shown.status_code == 200  # read-only view
    assert posted.status_code == 403
    assert deleted.status_code in (200, 302, 403)
    assert Group.objects.get(pk=archived_group["group"]).name == "Run club"


def test_staff_archive_a_group_from_the_admin(client, user_client):
    from tests.factories import StaffUserFactory

    group = create_group(user_client)
    client.force_login(StaffUserFactory())

    client.post("/admin/groups/group/", {"action": "archive", "_selected_action": [group["id"]]})

    assert Group.objects.get(pk=group["id"]).status == "archived"


# --- export and import ---------------------------------------------------------------------------


def test_the_export_holds_my_groups_without_anyones_address_and_imports_once(
    user_client, user, client_for
):
    group = create_group(user_client, group_target=300)
    mate = UserFactory(email="mate@example.com", name="Mate")
    join(client_for, group["id"], user, mate)
    elsewhere = create_group(client_for(mate), name="Mate's club")
    join(client_for, elsewhere["id"], mate, user)

    document = user_client.get("/api/v1/users/me/export").json()
    newcomer = client_for(UserFactory())
    first = newcomer.post("/api/v1/users/me/import", document, format="json")
    second = newcomer.post("/api/v1/users/me/import", document, format="json")

    owned = document["groups"]["owned"]
    assert [g["name"] for g in owned] == ["Run club"]
    assert [(m["name"], m["role"]) for m in owned[0]["members"]] == [
        (user.name, "owner"),
        ("Mate", "member"),
    ]
    assert {m["name"] for m in document["groups"]["memberships"]} == {"Run club", "Mate's club"}
    assert "mate@example.com" not in str(document)
    assert (first.json()["created"]["groups"], second.json()["created"]["groups"]) == (0, 0)
    assert second.json()["skipped"]["groups"] == 1  # the same uid is here already


def test_an_owned_group_moves_to_a_fresh_server_by_import(user_client, client_for):
    create_group(user_client)
    document = user_client.get("/api/v1/users/me/export").json()
    Group.objects.all().delete()  # as if the import ran on another server
    newcomer = UserFactory()

    result = client_for(newcomer).post("/api/v1/users/me/import", document, format="json").json()

    assert result["created"]["groups"] == 1
    copy = Group.objects.get()
    assert (copy.name, copy.memberships.get().user, copy.memberships.get().role) == (
        "Run club",
        newcomer,
        "owner",
    )


def test_a_bad_group_in_an_import_is_400_naming_it(user_client):
    document = {
        "format": "fitspace-export",
        "version": 1,
        "groups": {"owned": [{"uid": "not-a-uid", "name": ""}]},
    }

    response = user_client.post("/api/v1/users/me/import", document, format="json")

    assert response.status_code == 400
    assert {e["attr"] for e in response.json()["errors"]} >= {
        "groups.owned[0].uid",
        "groups.owned[0].name",
    }
