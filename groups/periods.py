"""A group's periods: ISO weeks (`2026-W47`) or calendar months (`2026-11`), in its time zone."""

import datetime as dt
import re
import zoneinfo

from django.utils import timezone
from rest_framework.exceptions import ValidationError

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def current_key(period: str, time_zone: str) -> str:
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    return key_of(period, today)


def key_of(period: str, day: dt.date) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def bounds(period: str, key: str, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The period's first instant and the next period's, in the group's time zone."""
    pattern = WEEK if period == "week" else MONTH
    example = "2026-W47" if period == "week" else "2026-11"
    match = pattern.match(key)
    if not match:
        raise ValidationError({"period": [f"A {period} of this group, like {example}."]})
    year, number = map(int, match.groups())
    try:
        if period == "week":
            first = dt.date.fromisocalendar(year, number, 1)
            after = first + dt.timedelta(days=7)
        else:
            first = dt.date(year, number, 1)
            after = dt.date(year + number // 12, number % 12 + 1, 1)
    except ValueError:
        raise ValidationError({"period": [f"No such {period}: {key}."]}) from None
    if not 1970 <= year <= 2100:
        raise ValidationError({"period": ["Must be in the years 1970 to 2100."]})
    zone = zoneinfo.ZoneInfo(time_zone)
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(after, dt.time.min, tzinfo=zone),
    )
