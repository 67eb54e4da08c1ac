"""Training arithmetic: estimated one-rep max, the next target, and streaks. Pure functions
(and the one-rep max as a database expression, beside its Python twin)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When
from django.db.models.functions import Round

from workouts import limits

# Epley's formula is used for 1 to 12 reps; past that, estimates of a single are guesswork.
E1RM_MAX_REPS = 12
# Double progression: add reps at a weight up to the top of the range, then add weight.
REP_RANGE = (8, 12)
WEIGHT_STEP_KG = Decimal("2.5")
SMALL_WEIGHT_STEP_KG = Decimal("1")  # below 20 kg, e.g. dumbbell raises
DURATION_STEP = Decimal("1.10")  # +10 % time
DISTANCE_STEP = Decimal("1.05")  # +5 % distance
TWO_PLACES = Decimal("0.01")


def epley_one_rep_max(weight_kg: Decimal | None, reps: int | None) -> Decimal | None:
    """Estimated one-rep max by Epley: weight * (1 + reps / 30); a single is its own max."""
    if weight_kg is None or reps is None or weight_kg <= 0 or not 1 <= reps <= E1RM_MAX_REPS:
        return None
    if reps == 1:
        return weight_kg.quantize(TWO_PLACES, ROUND_HALF_UP)
    return (weight_kg * (1 + Decimal(reps) / 30)).quantize(TWO_PLACES, ROUND_HALF_UP)


def epley_one_rep_max_sql(weight_field: str, reps_field: str) -> Round:
    """`epley_one_rep_max` computed by the database, for sets of 1 to 12 reps with a weight
    (the caller filters those), so the best one can be found without loading every set."""
    decimal = DecimalField(max_digits=12, decimal_places=6)
    estimate = ExpressionWrapper(
        F(weight_field) * (Value(30) + F(reps_field)) / Value(Decimal(30)), output_field=decimal
    )
    return Round(
        Case(When(**{reps_field: 1}, then=F(weight_field)), default=estimate, output_field=decimal),
        2,
        output_field=decimal,
    )


def suggest_next(last_sets: list[dict], *, tracks: set[str]) -> dict | None:
    """The next target for an exercise, from the completed working sets of its last session.

    - weight and reps: take the top set (heaviest, then most reps). Below 12 reps, the same
      weight for one more rep; at 12 or more, 2.5 kg more (1 kg under 20 kg) for 8 reps.
    - reps only: one more rep than the best set.
    - distance: 5 % further than the longest set; otherwise duration: 10 % longer, rounded up
      to 5 seconds.
    Targets never pass the limits a set may hold (workouts/limits.py). Returns None when there
    is nothing to go on.
    """
    if not last_sets:
        return None
    if {"weight", "reps"} <= tracks and any(s.get("weight_kg") for s in last_sets):
        top = max(
            (s for s in last_sets if s.get("weight_kg") and s.get("reps")),
            key=lambda s: (s["weight_kg"], s["reps"]),
            default=None,
        )
        if top is None:
            return None
        weight, reps = Decimal(top["weight_kg"]), top["reps"]
        if reps >= REP_RANGE[1]:
            step = SMALL_WEIGHT_STEP_KG if weight < 20 else WEIGHT_STEP_KG
            return {
                "weight_kg": min(weight + step, limits.MAX_WEIGHT_KG),
                "reps": REP_RANGE[0],
                "rule": "top of the rep range reached: more weight",
            }
        return {"weight_kg": weight, "reps": reps + 1, "rule": "same weight, one more rep"}
    if "reps" in tracks and any(s.get("reps") for s in last_sets):
        best = max(s.get("reps") or 0 for s in last_sets)
        return {"reps": min(best + 1, limits.MAX_REPS), "rule": "one more rep"}
    if "distance" in tracks and any(s.get("distance_m") for s in last_sets):
        longest = max(Decimal(s.get("distance_m") or 0) for s in last_sets)
        distance = (longest * DISTANCE_STEP / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10
        return {"distance_m": min(distance, limits.MAX_DISTANCE_M), "rule": "5 % further"}
    if "duration" in tracks and any(s.get("duration_seconds") for s in last_sets):
        longest = max(s.get("duration_seconds") or 0 for s in last_sets)
        seconds = int((Decimal(longest) * DURATION_STEP / 5).to_integral_value("ROUND_CEILING")) * 5
        return {
            "duration_seconds": min(seconds, limits.MAX_DURATION_SECONDS),
            "rule": "10 % longer",
        }
    return None


def streaks(days: set[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive training days.

    The current streak is still alive when today has no workout yet but yesterday had one.
    """
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - dt.timedelta(days=1)
    while day in days:
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest
