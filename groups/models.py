"""Training groups: a shared goal per period, members and invites, group sessions.

An archived group is read-only. That rule lives here, in the models and their querysets, the
one place every endpoint, service and admin action writes through: saving, deleting or bulk
changing a group, a membership, an invite, a session or a participation of an archived group
raises `GroupArchived` (a 409).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from rest_framework import status
from rest_framework.exceptions import APIException

from users.models import validate_timezone
from workouts.models import Workout

# A member's target per period, and a whole group's: any metric's (minutes, km, kg, workouts).
MAX_TARGET = Decimal(10_000_000)
MAX_GROUP_TARGET = Decimal(1_000_000_000)


class GroupArchived(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "group_archived"
    default_detail = "This group is archived: it can be read, not changed."


class ArchiveGuardQuerySet(models.QuerySet):
    """Bulk writes refuse rows of an archived group, like single saves do."""

    group_path = "group"

    def _refuse_archived(self) -> None:
        archived = {f"{self.group_path}__status": Group.Status.ARCHIVED}
        if self.filter(**archived).exists():
            raise GroupArchived()

    def update(self, **kwargs):
        self._refuse_archived()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_archived()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refuse_if_archived()
        return super().bulk_create(objs, *args, **kwargs)


class GroupQuerySet(ArchiveGuardQuerySet):
    group_path = "self"

    def _refuse_archived(self) -> None:
        if self.filter(status=Group.Status.ARCHIVED).exists():
            raise GroupArchived()


class ArchiveGuardMixin:
    """Single saves and deletes of an archived group's rows are refused (read from the
    database, so an out-of-date copy in memory cannot slip through)."""

    def archived_group_id(self) -> int | None:
        return self.group_id

    def refuse_if_archived(self) -> None:
        group_id = self.archived_group_id()
        if group_id and Group.objects.filter(pk=group_id, status=Group.Status.ARCHIVED).exists():
            raise GroupArchived()

    def save(self, *args, **kwargs):
        self.refuse_if_archived()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_archived()
        return super().delete(*args, **kwargs)


class Group(ArchiveGuardMixin, models.Model):
    class Period(models.TextChoices):
        WEEK = "week"
        MONTH = "month"

    class Status(models.TextChoices):
        ACTIVE = "active"
        ARCHIVED = "archived"

    class Metric(models.TextChoices):
        ACTIVE_MINUTES = "active_minutes"
        WORKOUTS = "workouts", "Finished workouts"
        DISTANCE_KM = "distance_km", "Distance (km)"
        VOLUME_KG = "volume_kg", "Volume (kg)"

    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, unique=True, help_text="Identifies it in exports."
    )
    name = models.CharField(max_length=100)
    description = models.TextField(max_length=2000, blank=True)
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="Where the group's weeks and months begin and end.",
    )
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.WEEK)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="After this day a daily job archives the group.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    metric = models.CharField(max_length=16, choices=Metric.choices)
    member_target = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_TARGET)],
        help_text="Each member's target per period, unless a member has their own.",
    )
    group_target = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_GROUP_TARGET)],
        help_text="Optional: what everyone's progress adds up to, together, per period.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="group_name_not_empty"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="group_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(member_target__gt=0), name="group_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def archived_group_id(self) -> int | None:
        return self.pk

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


class Membership(ArchiveGuardMixin, models.Model):
    class Role(models.TextChoices):
        OWNER = "owner"
        ADMIN = "admin"
        MEMBER = "member"

    MANAGERS = (Role.OWNER, Role.ADMIN)

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    target = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_TARGET)],
        help_text="This member's own target per period; empty: the group's.",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ArchiveGuardQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="owner"), name="one_owner_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role})"

    @property
    def is_manager(self) -> bool:
        return self.role in self.MANAGERS


class Invite(ArchiveGuardMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        DECLINED = "declined"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invites")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invites"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ArchiveGuardQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "invitee"],
                condition=Q(status="pending"),
                name="one_pending_invite_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitee_id} to {self.group_id} ({self.status})"


class GroupSession(ArchiveGuardMixin, models.Model):
    """A time the group trains together; each participant logs their own workout for it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=100)
    starts_at = models.DateTimeField()
    template = models.ForeignKey(
        Workout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A template of the scheduler's, with library exercises only: participants "
        "start from a copy of it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArchiveGuardQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class ParticipantQuerySet(ArchiveGuardQuerySet):
    group_path = "session__group"


class SessionParticipant(ArchiveGuardMixin, models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_sessions"
    )
    workout = models.OneToOneField(
        Workout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_participation",
        help_text="The participant's own workout for this session, once they train.",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_place_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in session {self.session_id}"

    def archived_group_id(self) -> int | None:
        return (
            GroupSession.objects.filter(pk=self.session_id)
            .values_list("group_id", flat=True)
            .first()
        )
