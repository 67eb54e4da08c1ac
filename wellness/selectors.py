"""Reads: a user's cycle history, the phase of their days, insights."""

import bisect
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncWeek

from users.models import User
from wellness import cycles
from wellness.models import CycleSettings, JournalEntry, PeriodDay, Tag
from workouts.models import PersonalRecord, Workout, WorkoutSet, performed_at
from workouts.selectors import trained_workouts


def tracking_enabled(user: User) -> bool:
    return CycleSettings.objects.filter(user=user, enabled=True).exists()


@dataclass
class CycleHistory:
    """A user's periods (one query), with the phase of any day. Empty when tracking is off."""

    periods: list[cycles.Period]
    enabled: bool = True

    @classmethod
    def of(cls, user: User) -> "CycleHistory":
        if not tracking_enabled(user):
            return cls(periods=[], enabled=False)
        days = PeriodDay.objects.filter(user=user).values_list("date", "flow").order_by()
        return cls(periods=cycles.periods_from(days))

    @cached_property
    def segments(self) -> list[cycles.Segment]:
        return cycles.segments(self.periods)

    @cached_property
    def _starts(self) -> list[dt.date]:
        return [s.start for s in self.segments]

    def phase_of(self, date: dt.date) -> dict | None:
        """`{"cycle_day", "phase"}` of a day (in the user's calendar), or None."""
        index = bisect.bisect_right(self._starts, date) - 1
        if index < 0 or date > self.segments[index].end:
            return None
        segment = self.segments[index]
        return {"cycle_day": (date - segment.cycle_start).days + 1, "phase": segment.phase}

    def phase_case(self, date_from: dt.date, date_to: dt.date, zone=None) -> Case:
        """A database expression naming the phase of the annotation `_at`, for the segments that
        overlap the range: insights group by it. `_at` is a date, or with `zone` an instant
        (compared with the local midnights that bound each segment, so the database converts
        no time zone per row)."""
        whens = []
        for s in self.segments:
            if s.end >= date_from and s.start <= date_to:
                low, high = day_bounds(max(s.start, date_from), min(s.end, date_to), zone)
                whens.append(When(Q(_at__gte=low, _at__lt=high), then=Value(s.phase)))
        return Case(*whens, default=Value(None), output_field=CharField())


def day_bounds(first: dt.date, last: dt.date, zone=None):
    """The half-open range [first, last + 1 day): dates, or with `zone` that zone's midnights."""
    after = last + dt.timedelta(days=1)
    if zone is None:
        return first, after
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=zone),
        dt.datetime.combine(after, dt.time(), tzinfo=zone),
    )


def history(user: User) -> list[dict]:
    """Each cycle, newest first: start, length (null while open), period length."""
    periods = CycleHistory.of(user).periods
    return [
        {
            "start": c.start,
            "length": c.length,
            "period_length": c.period_length,
            "gap": c.is_gap,
        }
        for c in reversed(cycles.cycles_from(periods))
    ]


def tag_suggestions(user: User, prefix: str, limit: int = 10) -> QuerySet[Tag]:
    """One's own tags, most used first, that start with `prefix` (any case)."""
    return (
        Tag.objects.filter(user=user, name__istartswith=prefix)
        .annotate(uses=Count("entries"))
        .order_by("-uses", "name")[:limit]
    )


def local_day(user: User, path: str = ""):
    return TruncDate(performed_at(path), tzinfo=zoneinfo.ZoneInfo(user.timezone))


def workouts_with_day(user: User) -> QuerySet[Workout]:
    """The user's trained workouts (finished, or holding a completed set; not templates) with
    `day`, their date in the user's time zone."""
    return trained_workouts(user).annotate(day=local_day(user))


# --- Insights ------------------------------------------------------------------------------


def insights(*, user: User, date_from: dt.date, date_to: dt.date) -> dict:
    """Per phase and per ISO week (Monday) of the range: averages of the journal, and training
    (session RPE: the mean RPE of completed sets; volume; active minutes; records still held
    that were set then). Each figure is one grouped query, so the number of queries is fixed
    whatever the amount of data (a test checks): 2 for the cycle history, 8 for the figures."""
    cycle_history = CycleHistory.of(user)
    zone = zoneinfo.ZoneInfo(user.timezone)

    def in_range(queryset, moment, local_zone=None):
        low, high = day_bounds(date_from, date_to, local_zone)
        return queryset.annotate(_at=moment).filter(_at__gte=low, _at__lt=high)

    journal = in_range(JournalEntry.objects.filter(user=user), F("date"))
    journal_figures = {
        "entries": Count("id"),
        "energy": Avg("energy"),
        "mood": Avg("mood"),
        "sleep_hours": Avg("sleep_hours"),
        "soreness": Avg("soreness"),
    }
    workout_ids = trained_workouts(user).values("pk")
    sessions = in_range(Workout.objects.filter(pk__in=workout_ids), performed_at(), zone)
    session_figures = {
        "workouts": Count("id"),
        "active_seconds": Sum("active_seconds"),
    }
    sets = in_range(
        WorkoutSet.objects.filter(completed=True, workout_exercise__workout__in=workout_ids),
        performed_at("workout_exercise__workout__"),
        zone,
    )
    set_figures = {
        "session_rpe": Avg("rpe"),
        "volume_kg": Sum(
            ExpressionWrapper(
                F("reps") * F("weight_kg"),
                output_field=DecimalField(max_digits=20, decimal_places=2),
            )
        ),
    }
    records = in_range(PersonalRecord.objects.filter(user=user), F("achieved_at"), zone)
    record_figures = {"records_set": Count("id")}

    def grouped(queryset, figures, key) -> dict:
        rows = queryset.annotate(_key=key).values("_key").annotate(**figures).order_by()
        return {row.pop("_key"): row for row in rows}

    sources = [
        (journal, journal_figures, None),
        (sessions, session_figures, zone),
        (sets, set_figures, zone),
        (records, record_figures, zone),
    ]
    by_phase = [
        grouped(q, f, cycle_history.phase_case(date_from, date_to, z)) for q, f, z in sources
    ]
    by_week = [
        grouped(q, f, TruncWeek("_at", tzinfo=z) if z else TruncWeek("_at")) for q, f, z in sources
    ]

    def figures(parts: list[dict], key) -> dict:
        merged: dict = {}
        for part in parts:
            merged |= part.get(key, {})
        return _shape(merged)

    weeks = sorted({_as_date(k) for part in by_week for k in part})
    week_rows = {}
    for part in by_week:
        for key, row in part.items():
            week_rows.setdefault(_as_date(key), {}).update(row)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "cycle_tracking": cycle_history.enabled,
        "phases": [{"phase": p} | figures(by_phase, p) for p in cycles.PHASES],
        "weeks": [{"week": week} | _shape(week_rows[week]) for week in weeks],
    }


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _rounded(value, places: int = 1):
    return None if value is None else round(float(value), places)


def _shape(row: dict) -> dict:
    return {
        "journal_entries": row.get("entries") or 0,
        "avg_energy": _rounded(row.get("energy")),
        "avg_mood": _rounded(row.get("mood"), 2),
        "avg_sleep_hours": _rounded(row.get("sleep_hours"), 2),
        "avg_soreness": _rounded(row.get("soreness")),
        "workouts": row.get("workouts") or 0,
        "avg_session_rpe": _rounded(row.get("session_rpe")),
        "volume_kg": _rounded(row.get("volume_kg") or 0, 2),
        "active_minutes": round((row.get("active_seconds") or 0) / 60, 1),
        "records_set": row.get("records_set") or 0,
    }
