"""The staff dashboard in the admin (/admin/dashboard/): sign-ups, weekly active users, workouts
and sets per day and the top exercises, over a chosen range of days.

Days and weeks are UTC (weeks run Monday to Sunday). The database counts: one query per figure,
however many users and workouts there are; days without any are filled in with 0 here. Only
fitspace/admin_urls.py imports this module, so it loads with the admin, on first use.
"""

import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from users.models import User
from workouts.limits import validate_year
from workouts.models import WorkoutSet
from workouts.selectors import all_trained_workouts

# The longest range the dashboard answers, in days (both ends included), and the one it shows
# when none is asked for: the last DEFAULT_DAYS days, today included.
MAX_DAYS = 366
DEFAULT_DAYS = 30
TOP_EXERCISES = 10

ONE_DAY = dt.timedelta(days=1)


class DashboardRangeForm(forms.Form):
    """The range of days to show, both included."""

    date_from = forms.DateField(
        label="From", validators=[validate_year], widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", validators=[validate_year], widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", "Must be on or after the start date.")
            elif (date_to - date_from).days + 1 > MAX_DAYS:
                self.add_error("date_to", f"The range may span at most {MAX_DAYS} days.")
        return cleaned


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def dashboard_figures(*, date_from: dt.date, date_to: dt.date) -> dict:
    """The dashboard's numbers from `date_from` to `date_to` (UTC days, both included).

    Per day: sign-ups (accounts created), workouts (`all_trained_workouts`, on the day they were
    performed) and sets (their completed sets). Per week, for every Monday-to-Sunday week that
    overlaps the range, counted over the whole week: sign-ups and active users (people with at
    least one trained workout that week). Top exercises: by completed sets in the range.
    Four queries, whatever the amount of data.
    """
    start, end = _midnight(date_from), _midnight(date_to + ONE_DAY)
    first_monday, last_monday = _monday(date_from), _monday(date_to)
    weeks_start, weeks_end = _midnight(first_monday), _midnight(last_monday + 7 * ONE_DAY)

    signups_by_day = dict(
        User.objects.filter(created_at__gte=weeks_start, created_at__lt=weeks_end)
        .annotate(day=TruncDate("created_at", tzinfo=dt.UTC))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("day", "count")
    )
    in_range = all_trained_workouts().filter(performed__gte=start, performed__lt=end)
    activity_by_day = {
        row["day"]: row
        for row in in_range.annotate(day=TruncDate("performed", tzinfo=dt.UTC))
        .values("day")
        .annotate(
            workouts=Count("pk", distinct=True),
            sets=Count("exercises__sets", filter=Q(exercises__sets__completed=True)),
        )
        .order_by()
    }
    active_by_week = {
        week.date(): count
        for week, count in all_trained_workouts()
        .filter(performed__gte=weeks_start, performed__lt=weeks_end)
        .annotate(week=TruncWeek("performed", tzinfo=dt.UTC))
        .values("week")
        .annotate(users=Count("user", distinct=True))
        .order_by()
        .values_list("week", "users")
    }
    top_exercises = list(
        WorkoutSet.objects.filter(completed=True, workout_exercise__workout__in=in_range)
        .values(exercise_id=F("workout_exercise__exercise_id"))
        .annotate(name=F("workout_exercise__exercise__name"), sets=Count("pk"))
        .order_by("-sets", "name", "exercise_id")[:TOP_EXERCISES]
    )

    days = [
        {
            "day": day,
            "signups": signups_by_day.get(day, 0),
            "workouts": activity_by_day.get(day, {}).get("workouts", 0),
            "sets": activity_by_day.get(day, {}).get("sets", 0),
        }
        for day in _days(date_from, date_to)
    ]
    weeks = [
        {
            "week": monday,
            "signups": sum(
                signups_by_day.get(day, 0) for day in _days(monday, monday + 6 * ONE_DAY)
            ),
            "active_users": active_by_week.get(monday, 0),
        }
        for monday in _days(first_monday, last_monday)[::7]
    ]
    return {
        "date_from": date_from,
        "date_to": date_to,
        "days": days,
        "weeks": weeks,
        "top_exercises": [{"name": row["name"], "sets": row["sets"]} for row in top_exercises],
        "totals": {key: sum(day[key] for day in days) for key in ("signups", "workouts", "sets")},
    }


def chart_data(figures: dict) -> dict:
    """What admin-dashboard.js draws, as plain lists (the template embeds it with json_script)."""
    return {
        "days": [day["day"].isoformat() for day in figures["days"]],
        "signups": [day["signups"] for day in figures["days"]],
        "workouts": [day["workouts"] for day in figures["days"]],
        "sets": [day["sets"] for day in figures["days"]],
        "weeks": [week["week"].isoformat() for week in figures["weeks"]],
        "weekly_signups": [week["signups"] for week in figures["weeks"]],
        "active_users": [week["active_users"] for week in figures["weeks"]],
        "exercises": [row["name"] for row in figures["top_exercises"]],
        "exercise_sets": [row["sets"] for row in figures["top_exercises"]],
    }


def dashboard_view(request: HttpRequest) -> TemplateResponse:
    """The dashboard for the range in the query string (`date_from`, `date_to`), by default
    the last DEFAULT_DAYS days; a bad range answers the form with its errors (400)."""
    date_from, date_to = default_range(timezone.now().astimezone(dt.UTC).date())
    asked = "date_from" in request.GET or "date_to" in request.GET
    form = DashboardRangeForm(
        request.GET if asked else None, initial={"date_from": date_from, "date_to": date_to}
    )
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "form": form,
        "max_days": MAX_DAYS,
    }
    template = "admin/fitspace/dashboard.html"
    if form.is_bound:
        if not form.is_valid():
            return TemplateResponse(request, template, context, status=400)
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    figures = dashboard_figures(date_from=date_from, date_to=date_to)
    context.update(figures=figures, chart_data=chart_data(figures))
    return TemplateResponse(request, template, context)
