"""Everything that changes groups: the group, its members and invites, its sessions, archiving,
and the goal-reached check when a member finishes a workout."""

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError

from fitspace.progress import progress
from groups import periods
from groups.models import Group, GroupSession, Invite, Membership, SessionParticipant
from groups.selectors import group_progress, member_progress
from inbox.services import notify
from users.models import User
from workouts.models import Workout
from workouts.services import workout_copy

# A group reached its cooperative target in a period. Arguments: group, period, users.
group_goal_reached = Signal()


class GroupConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# --- Who may do what ----------------------------------------------------------------------------


def membership_of(*, group: Group, user: User) -> Membership:
    """The caller's membership; a group one is not in does not exist for them (404)."""
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        raise NotFound()
    return membership


def require_manager(membership: Membership) -> None:
    if not membership.is_manager:
        raise PermissionDenied("Only the group's owner and admins may do this.")


def require_owner(membership: Membership) -> None:
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owner may do this.")


# --- The group ----------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, owner: User, data: dict[str, Any]) -> Group:
    group = Group.objects.create(**data)
    Membership.objects.create(group=group, user=owner, role=Membership.Role.OWNER)
    return group


@transaction.atomic
def group_update(*, group: Group, data: dict[str, Any]) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    for field, value in data.items():
        setattr(group, field, value)
    if group.ends_on < group.starts_on:
        raise ValidationError({"ends_on": ["Must not be before starts_on."]})
    group.save(update_fields=[*data, "updated_at"])
    return group


@transaction.atomic
def group_delete(*, group: Group) -> None:
    group.delete()


@transaction.atomic
def group_clone(
    *, source: Group, by: User, data: dict[str, Any], invite_members: bool = False
) -> Group:
    """A new group with the source's settings (and `data` over them); with `invite_members`,
    the source's other members are invited to it."""
    fields = ["name", "description", "timezone", "period", "metric", "member_target"]
    settings_of = {field: getattr(source, field) for field in [*fields, "group_target"]}
    clone = group_create(owner=by, data={**settings_of, **data})
    if invite_members:
        for membership in source.memberships.exclude(user=by).select_related("user"):
            invite_create(group=clone, by=by, invitee=membership.user)
    return clone


@transaction.atomic
def group_archive(*, group: Group) -> Group:
    """Make a group read-only for good, and tell its members."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.is_archived:
        return group
    group.status = Group.Status.ARCHIVED
    group.save(update_fields=["status", "updated_at"])
    members = list(User.objects.filter(group_memberships__group=group))
    transaction.on_commit(
        lambda: [
            notify(
                user=user,
                kind="group_archived",
                title=f"{group.name} is archived",
                body="Its results stay readable; it can no longer be changed.",
                data={"group": group.pk},
                dedupe_key=f"group_archived:{group.pk}",
            )
            for user in members
        ]
    )
    return group


def groups_archive_expired(*, now: dt.datetime | None = None) -> list[int]:
    """Archive every active group whose end date has passed in its own time zone (the daily
    job). Returns the archived groups' ids."""
    now = now or timezone.now()
    archived = []
    candidates = list(
        Group.objects.filter(
            status=Group.Status.ACTIVE, ends_on__lt=now.date() + dt.timedelta(days=1)
        )
    )
    for group in progress(candidates, total=len(candidates), desc="Archiving expired groups"):
        if group.ends_on < now.astimezone(zoneinfo.ZoneInfo(group.timezone)).date():
            group_archive(group=group)
            archived.append(group.pk)
    return archived


# --- Members and invites -------------------------------------------------------------------------


def _refuse_if_full(group: Group) -> None:
    if Membership.objects.filter(group=group).count() >= settings.GROUP_MAX_MEMBERS:
        raise GroupConflict(
            f"The group is full ({settings.GROUP_MAX_MEMBERS} members).", code="group_full"
        )


@transaction.atomic
def invite_create(*, group: Group, by: User, invitee: User) -> Invite | None:
    """Invite someone (once: a second invite renews the pending one). Members are not invited
    again; returns None for them."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    group.refuse_if_archived()
    if Membership.objects.filter(group=group, user=invitee).exists():
        return None
    _refuse_if_full(group)
    expires_at = timezone.now() + dt.timedelta(days=settings.GROUP_INVITE_DAYS)
    invite, created = Invite.objects.get_or_create(
        group=group,
        invitee=invitee,
        status=Invite.Status.PENDING,
        defaults={"invited_by": by, "expires_at": expires_at},
    )
    if not created:
        invite.expires_at = expires_at
        invite.save(update_fields=["expires_at"])
        return invite
    transaction.on_commit(
        lambda: notify(
            user=invitee,
            kind="group_invited",
            title=f"{by.name} invites you to {group.name}",
            data={"group": group.pk, "invite": invite.pk},
        )
    )
    return invite


def _pending(invite: Invite, user: User) -> Invite:
    invite = get_object_or_404(Invite.objects.select_for_update(), pk=invite.pk, invitee=user)
    if invite.status != Invite.Status.PENDING:
        raise GroupConflict(f"This invite was already {invite.status}.", code="invite_answered")
    if invite.expires_at <= timezone.now():
        raise GroupConflict("This invite has expired.", code="invite_expired")
    return invite


@transaction.atomic
def invite_accept(*, invite: Invite, user: User) -> Membership:
    """Join the group. The invite is locked: accepting twice at once makes one member."""
    invite = _pending(invite, user)
    # The group's row is locked while counting: two last places cannot both be taken.
    _refuse_if_full(Group.objects.select_for_update().get(pk=invite.group_id))
    invite.status = Invite.Status.ACCEPTED
    invite.answered_at = timezone.now()
    invite.save(update_fields=["status", "answered_at"])
    membership, _ = Membership.objects.get_or_create(group=invite.group, user=user)
    inviter, group = invite.invited_by, invite.group
    transaction.on_commit(
        lambda: notify(
            user=inviter,
            kind="invite_accepted",
            title=f"{user.name} joined {group.name}",
            data={"group": group.pk, "user": user.pk},
        )
    )
    return membership


@transaction.atomic
def invite_decline(*, invite: Invite, user: User) -> Invite:
    invite = _pending(invite, user)
    invite.status = Invite.Status.DECLINED
    invite.answered_at = timezone.now()
    invite.save(update_fields=["status", "answered_at"])
    return invite


@transaction.atomic
def membership_update(
    *, membership: Membership, by: Membership, data: dict[str, Any]
) -> Membership:
    """Change a member's role or personal target. Making someone owner hands the group over:
    the previous owner becomes an admin. Only the owner names owners and admins."""
    require_manager(by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    role = data.get("role")
    if role is not None and role != membership.role:
        require_owner(by)
        if membership.role == Membership.Role.OWNER:
            raise ValidationError({"role": ["Hand the group over by making another member owner."]})
        if role == Membership.Role.OWNER:
            Membership.objects.filter(pk=by.pk).update(role=Membership.Role.ADMIN)
        membership.role = role
    if "target" in data:
        membership.target = data["target"]
    membership.save(update_fields=["role", "target"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Membership) -> None:
    """Leave (one's own membership) or remove someone (owner and admins; admins only members).
    An owner hands the group over before leaving."""
    if membership.pk != by.pk:
        require_manager(by)
        if membership.role != Membership.Role.MEMBER:
            require_owner(by)
    if membership.role == Membership.Role.OWNER:
        raise GroupConflict(
            "The owner hands the group over (makes another member owner) before leaving.",
            code="owner_must_hand_over",
        )
    membership.delete()


# --- Sessions ------------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    group: Group,
    by: User,
    title: str,
    starts_at: dt.datetime,
    template: Workout | None = None,
) -> GroupSession:
    if template is not None:
        if template.user_id != by.pk or not template.is_template:
            raise ValidationError({"template": ["Not a template of yours."]})
        if template.exercises.filter(exercise__owner__isnull=False).exists():
            raise ValidationError(
                {"template": ["A group session's template may use library exercises only."]}
            )
    session = GroupSession.objects.create(
        group=group, created_by=by, title=title, starts_at=starts_at, template=template
    )
    SessionParticipant.objects.create(session=session, user=by)
    members = list(User.objects.filter(group_memberships__group=group).exclude(pk=by.pk))
    transaction.on_commit(
        lambda: [
            notify(
                user=user,
                kind="session_scheduled",
                title=f"{title} in {group.name}",
                body=f"Starts {starts_at.isoformat()}.",
                data={"group": group.pk, "session": session.pk},
            )
            for user in members
        ]
    )
    return session


@transaction.atomic
def session_join(*, session: GroupSession, user: User) -> SessionParticipant:
    session.group.refuse_if_archived()  # also when already joined: nothing to write, still no
    participant, _ = SessionParticipant.objects.get_or_create(session=session, user=user)
    return participant


@transaction.atomic
def session_leave(*, session: GroupSession, user: User) -> None:
    session.group.refuse_if_archived()  # also when not joined: nothing to delete, still no
    SessionParticipant.objects.filter(session=session, user=user).delete()


@transaction.atomic
def session_workout(*, session: GroupSession, user: User) -> Workout:
    """The participant's own workout for the session (joining it if needed): a copy of the
    session's template, or an empty workout named after it. Asking again returns the same."""
    session.group.refuse_if_archived()
    participant, _ = SessionParticipant.objects.get_or_create(session=session, user=user)
    participant = SessionParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.workout_id:
        return participant.workout
    if session.template is not None:
        workout = workout_copy(source=session.template, name=session.title, user=user)
    else:
        workout = Workout.objects.create(user=user, name=session.title)
    participant.workout = workout
    participant.save(update_fields=["workout"])
    return workout


# --- Goals ---------------------------------------------------------------------------------------


def goals_check(*, workout: Workout) -> None:
    """After a member finishes a workout: in each active group they are in whose current
    period holds it, one "goal reached" message once their total reaches their target, and
    one to every member once the group's total reaches the group's target. Each at most once
    per group and period, also when two finishes are checked at once (the inbox's key)."""
    user = workout.user
    for group in Group.objects.filter(memberships__user=user, status=Group.Status.ACTIVE):
        key = periods.key_of(
            group.period,
            workout.finished_at.astimezone(zoneinfo.ZoneInfo(group.timezone)).date(),
        )
        if key != periods.current_key(group.period, group.timezone):
            continue
        value, target = member_progress(group=group, user=user, period_key=key)
        if value >= target:
            notify(
                user=user,
                kind="goal_reached",
                title=f"Goal reached in {group.name}",
                body=f"{value} of {target} this period.",
                data={"group": group.pk, "period": key},
                dedupe_key=f"goal_reached:{group.pk}:{key}",
            )
        if group.group_target:
            _group_goal_check(group, key)


def _group_goal_check(group: Group, key: str) -> None:
    progress = group_progress(group=group, period_key=key)
    if not progress["group_reached"]:
        return
    members = [row["user"] for row in progress["members"]]
    first_time = [
        user
        for user in members
        if notify(
            user=user,
            kind="group_goal_reached",
            title=f"{group.name} reached its goal together",
            body=f"{progress['total']} of {group.group_target} this period.",
            data={"group": group.pk, "period": key},
            dedupe_key=f"group_goal_reached:{group.pk}:{key}",
        )
    ]
    if first_time:
        group_goal_reached.send(sender=Group, group=group, period=key, users=first_time)
