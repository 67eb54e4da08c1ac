"""Reads of groups: the caller's groups, and a period's progress and leaderboard."""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from groups import periods
from groups.models import Group, Membership
from users.models import User
from workouts.models import Workout, WorkoutSet

TWO_PLACES = Decimal("0.01")
_NUMBER = DecimalField(max_digits=20, decimal_places=4)


def groups_of(user: User) -> QuerySet[Group]:
    """The user's groups, with their role in each and the member count (one query)."""
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user)
    members = Membership.objects.filter(group=OuterRef("pk")).order_by().values("group")
    return Group.objects.filter(Exists(mine)).annotate(
        my_role=Subquery(mine.values("role")[:1]),
        member_count=Subquery(members.annotate(n=Count("pk")).values("n")[:1]),
    )


def _value_subquery(group: Group, start, end) -> Subquery:
    """Each member's total of the group's metric in the period, from finished, non-template
    workouts finished inside it: one correlated subquery, so one statement for the whole
    group whatever its size."""
    finished = {
        "status": Workout.Status.FINISHED,
        "is_template": False,
        "finished_at__gte": start,
        "finished_at__lt": end,
    }
    metric = group.metric
    if metric in (Group.Metric.WORKOUTS, Group.Metric.ACTIVE_MINUTES):
        rows = Workout.objects.filter(user=OuterRef("user_id"), **finished)
        total = (
            Count("pk")
            if metric == Group.Metric.WORKOUTS
            else Sum(F("active_seconds") / Value(Decimal(60)), output_field=_NUMBER)
        )
        group_by = "user"
    else:
        rows = WorkoutSet.objects.filter(
            completed=True,
            workout_exercise__workout__user=OuterRef("user_id"),
            **{f"workout_exercise__workout__{k}": v for k, v in finished.items()},
        )
        total = (
            Sum(F("distance_m") / Value(Decimal(1000)), output_field=_NUMBER)
            if metric == Group.Metric.DISTANCE_KM
            else Sum(F("reps") * F("weight_kg"), output_field=_NUMBER)
        )
        group_by = "workout_exercise__workout__user"
    return Subquery(rows.order_by().values(group_by).annotate(total=total).values("total")[:1])


def _last_finish_subquery(start, end) -> Subquery:
    return Subquery(
        Workout.objects.filter(
            user=OuterRef("user_id"),
            status=Workout.Status.FINISHED,
            is_template=False,
            finished_at__gte=start,
            finished_at__lt=end,
        )
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )


def _number(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(TWO_PLACES)


def group_progress(*, group: Group, period_key: str | None = None) -> dict:
    """Each member's progress toward their target in one period, ranked, and the group total.

    Rank: by percent of one's own target; between equal percents, who got there first (whose
    last counted workout finished earlier); then who joined first. One query for the members'
    totals, whatever the group's size.
    """
    key = period_key or periods.current_key(group.period, group.timezone)
    start, end = periods.bounds(group.period, key, group.timezone)
    members = list(
        Membership.objects.filter(group=group)
        .select_related("user")
        .annotate(
            value=Coalesce(_value_subquery(group, start, end), Value(0), output_field=_NUMBER),
            last_at=_last_finish_subquery(start, end),
        )
        .order_by("joined_at", "id")
    )
    rows = []
    for order, membership in enumerate(members):
        target = membership.target or group.member_target
        value = _number(membership.value)
        percent = (value / target * 100).quantize(Decimal("0.1"))
        rows.append(
            {
                "user": membership.user,
                "role": membership.role,
                "target": target,
                "value": value,
                "percent": percent,
                "reached": value >= target,
                "last_workout_at": membership.last_at if value else None,
                "order": order,
            }
        )
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (-r["percent"], r["last_workout_at"] or never, r["order"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    total = sum((row["value"] for row in rows), Decimal(0))
    return {
        "group": group.pk,
        "period": key,
        "starts_at": start,
        "ends_at": end,
        "metric": group.metric,
        "members": rows,
        "total": total,
        "group_target": group.group_target,
        "group_percent": (total / group.group_target * 100).quantize(Decimal("0.1"))
        if group.group_target
        else None,
        "group_reached": bool(group.group_target and total >= group.group_target),
    }


def member_progress(*, group: Group, user: User, period_key: str) -> tuple[Decimal, Decimal]:
    """One member's total and target in a period (for the goal-reached check)."""
    start, end = periods.bounds(group.period, period_key, group.timezone)
    membership = (
        Membership.objects.filter(group=group, user=user)
        .annotate(
            value=Coalesce(_value_subquery(group, start, end), Value(0), output_field=_NUMBER)
        )
        .first()
    )
    if membership is None:
        return Decimal(0), Decimal(1)
    return _number(membership.value), membership.target or group.member_target
