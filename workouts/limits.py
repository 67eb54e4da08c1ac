"""The bounds of what a training log may hold, declared once.

The API's serializers, the import, the database columns and the OpenAPI schema all take their
limits from here, so a value one of them accepts is a value the others can store, compute with
and show: no input reachable through the API or an import can overflow a column or a sum.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

# One set.
MAX_REPS = 10_000
MAX_WEIGHT_KG = Decimal(2000)
MAX_DURATION_SECONDS = 7 * 24 * 3600
MAX_DISTANCE_M = Decimal(1_000_000)  # 1,000 km
MIN_RPE, MAX_RPE = Decimal(1), Decimal(10)
MAX_REST_SECONDS = 24 * 3600

# One workout.
MAX_EXERCISES_PER_WORKOUT = 50
MAX_SETS_PER_EXERCISE = 100

# One workout's activity summary (from a watch file, WHOOP, or typed in).
MAX_ACTIVITY_DISTANCE_M = MAX_DISTANCE_M
MAX_ELEVATION_GAIN_M = Decimal(100_000)
MIN_HEART_RATE, MAX_HEART_RATE = 20, 250  # beats per minute
MAX_ENERGY_KJ = Decimal(100_000)
MIN_STRAIN, MAX_STRAIN = Decimal(0), Decimal(21)  # WHOOP's day/activity strain scale
MAX_EXTERNAL_ID_LENGTH = 128

# One uploaded activity file (GPX, TCX or FIT), checked before it is read. A request body is
# at most 4 MiB on Lambda (REQUEST_MAX_BYTES: what one invocation carries, base64-encoded), so
# the file gets 3 MiB and its multipart wrapping the rest. A FIT file of a ten-hour ride is about
# 1-2 MiB; a GPX track point takes about 100 bytes (30,000 points).
MAX_ACTIVITY_FILE_BYTES = 3 * 1024 * 1024

# One import document: its items, and its size and nesting, checked before it is parsed (an
# export nests 7 deep: document, workouts, a workout, its exercises, one, its sets, a set).
MAX_IMPORT_WORKOUTS = 10_000
MAX_IMPORT_CUSTOM_EXERCISES = 1_000
MAX_IMPORT_BYTES = 4 * 1024 * 1024
MAX_IMPORT_DEPTH = 8

# One export answered in the response itself. Lambda returns at most 6 MB (6,291,556 bytes) of
# JSON, the body escaped inside it as a string; a larger export is stored in S3 and answered
# with a short-lived link (303 See Other).
MAX_EXPORT_INLINE_BYTES = 5_000_000

# Every instant a client sends (set completion, session times, filters) and every day it asks
# about is in the years 1970 to 2100, as the client writes it (whatever its UTC offset): its
# day in any time zone stays a real date, and the OpenAPI schema can say so with a pattern.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100
YEAR_PATTERN = r"^(19[7-9][0-9]|20[0-9][0-9]|2100)-"
# The same for a date alone, whole (so a generator of examples finds valid dates quickly).
DATE_PATTERN = r"^(19[7-9][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# The instants such a time can be, in UTC (an offset moves it up to a day either way).
EARLIEST = dt.datetime(EARLIEST_YEAR - 1, 12, 31, tzinfo=dt.UTC)
LATEST = dt.datetime(LATEST_YEAR + 1, 1, 1, 23, 59, 59, tzinfo=dt.UTC)


def heart_rate_problem(average: int | None, highest: int | None) -> dict[str, list[str]] | None:
    """The error, by field, when an average heart rate exceeds the maximum (the database
    refuses it too)."""
    if average is not None and highest is not None and average > highest:
        return {"avg_heart_rate": [f"Cannot exceed max_heart_rate ({highest})."]}
    return None


def validate_year(value: dt.date) -> None:
    """A date, or a time as the client wrote it, in the years the API accepts."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"Must be in the years {EARLIEST_YEAR} to {LATEST_YEAR}.", code="out_of_range"
        )


# The largest session volume (reps x kg of one exercise in one workout) these limits allow;
# records are stored with RECORD_DIGITS digits, 2 of them decimals, which holds it (a test
# checks).
MAX_SESSION_VOLUME_KG = MAX_EXERCISES_PER_WORKOUT * MAX_SETS_PER_EXERCISE * MAX_REPS * MAX_WEIGHT_KG
RECORD_DIGITS = 16
