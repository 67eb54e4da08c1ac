"""The bounds of what a training log may hold, declared once.

The API's serializers, the import, the database columns and the OpenAPI schema all take their
limits from here, so a value one of them accepts is a value the others can store, compute with
and show: no input reachable through the API or an import can overflow a column or a sum.
"""

import datetime as dt
from decimal import Decimal

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

# One import document.
MAX_IMPORT_WORKOUTS = 10_000
MAX_IMPORT_CUSTOM_EXERCISES = 1_000

# Every instant a client sends (set completion, session times, filters) and every day it asks
# about: a user's local day of any of them stays a real date in every time zone.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 12, 31, 23, 59, 59, tzinfo=dt.UTC)

# The largest session volume (reps x kg of one exercise in one workout) these limits allow;
# records are stored with RECORD_DIGITS digits, 2 of them decimals, which holds it (a test
# checks).
MAX_SESSION_VOLUME_KG = MAX_EXERCISES_PER_WORKOUT * MAX_SETS_PER_EXERCISE * MAX_REPS * MAX_WEIGHT_KG
RECORD_DIGITS = 16
