"""Cycle arithmetic: periods from logged days, cycles from periods, predictions, and the
estimated phase of any day. Plain functions of dates (no database), tested on hand-computed
histories (tests/test_cycles.py); the method is documented in the README.

- A period is a run of consecutive days of flow (light, medium or heavy; spotting is recorded
  but neither starts nor extends a period). Its first day is cycle day 1.
- A cycle runs from one period's first day to the day before the next one's; its length is the
  days between the two starts. The last cycle is open (no length yet).
- Recent cycles: the last `RECENT_CYCLES` complete cycles of at most `GAP_DAYS` days (a longer
  one is a gap in logging, or a missed period: left out).
- Predictions need `MIN_CYCLES` recent cycles. The k-th next start is the last start plus k
  times their mean length (rounded half up to a day); its range is ±1 day while their
  (sample) standard deviation is under 1.5 days, ±2 from there, and for irregular cycles ±the
  standard deviation rounded up (at least 3).
- Irregular: standard deviation over 7 days, or any recent length outside 21-35 days.
- Fertile window (calendar method): cycle days (shortest - 18) to (longest - 11) of the recent
  cycles. Ovulation: 14 days before the next start, with the start's range. Estimates only.
"""

import datetime as dt
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

MIN_CYCLES = 3
RECENT_CYCLES = 12
GAP_DAYS = 90
REGULAR_SD_DAYS = 1.5
IRREGULAR_SD_DAYS = 7
NORMAL_LENGTHS = (21, 35)
LUTEAL_DAYS = 14
# Without enough history to know better, phases assume the textbook cycle.
DEFAULT_CYCLE_DAYS = 28
# An open cycle is given phases until its expected end plus this many days (a late period).
LATE_DAYS = 7
PERIODS_PREDICTED = 3
FLOWING = {"light", "medium", "heavy"}
FERTILE_METHOD = "Calendar method (shortest cycle - 18 to longest - 11): an estimate, never contraception advice."

MENSTRUAL, FOLLICULAR, OVULATORY, LUTEAL = "menstrual", "follicular", "ovulatory", "luteal"
PHASES = (MENSTRUAL, FOLLICULAR, OVULATORY, LUTEAL)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Cycle:
    start: dt.date
    period_length: int
    length: int | None  # None while it is the open (current) cycle

    @property
    def is_gap(self) -> bool:
        return self.length is not None and self.length > GAP_DAYS


@dataclass(frozen=True)
class Segment:
    """Days `start`..`end` (inclusive) of one phase of the cycle that began on `cycle_start`."""

    phase: str
    start: dt.date
    end: dt.date
    cycle_start: dt.date


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def periods_from(days: Iterable[tuple[dt.date, str]]) -> list[Period]:
    """Periods, oldest first, from (date, flow) pairs in any order."""
    dates = sorted({date for date, flow in days if flow in FLOWING})
    periods: list[Period] = []
    for date in dates:
        if periods and date == periods[-1].end + DAY:
            periods[-1] = Period(periods[-1].start, date)
        else:
            periods.append(Period(date, date))
    return periods


def cycles_from(periods: list[Period]) -> list[Cycle]:
    return [
        Cycle(
            start=period.start,
            period_length=period.length,
            length=(periods[i + 1].start - period.start).days if i + 1 < len(periods) else None,
        )
        for i, period in enumerate(periods)
    ]


def recent_cycles(cycles: list[Cycle]) -> list[Cycle]:
    complete = [c for c in cycles if c.length is not None and not c.is_gap]
    return complete[-RECENT_CYCLES:]


@dataclass(frozen=True)
class Statistics:
    lengths: list[int]
    mean: float
    sd: float
    shortest: int
    longest: int
    mean_period: int
    irregular: bool
    margin: int  # ± days around a predicted start


def statistics_of(cycles: list[Cycle]) -> Statistics | None:
    recent = recent_cycles(cycles)
    if len(recent) < MIN_CYCLES:
        return None
    lengths = [c.length for c in recent]
    mean, sd = statistics.fmean(lengths), statistics.stdev(lengths)
    irregular = sd > IRREGULAR_SD_DAYS or any(
        not NORMAL_LENGTHS[0] <= n <= NORMAL_LENGTHS[1] for n in lengths
    )
    regular_margin = 1 if sd < REGULAR_SD_DAYS else 2
    margin = max(3, math.ceil(sd)) if irregular else regular_margin
    return Statistics(
        lengths=lengths,
        mean=mean,
        sd=sd,
        shortest=min(lengths),
        longest=max(lengths),
        mean_period=round_half_up(statistics.fmean(c.period_length for c in recent)),
        irregular=irregular,
        margin=margin,
    )


def _range(center: dt.date, margin: int) -> dict:
    return {
        "expected": center,
        "earliest": center - margin * DAY,
        "latest": center + margin * DAY,
    }


def predict(periods: list[Period], *, today: dt.date) -> dict:
    """The next periods, the fertile window and ovulation, or how many cycles are missing."""
    cycles = cycles_from(periods)
    stats = statistics_of(cycles)
    recent = recent_cycles(cycles)
    answer = {
        "ready": stats is not None,
        "complete_cycles": len(recent),
        "cycles_needed": max(0, MIN_CYCLES - len(recent)),
        "gaps_left_out": sum(c.is_gap for c in cycles),
    }
    if stats is None:
        return answer
    last_start = periods[-1].start
    starts = [last_start + round_half_up(k * stats.mean) * DAY for k in (1, 2, 3)]
    cycle_starts = [last_start, *starts]
    # The fertile window of the first cycle (the current one or a predicted one) whose window
    # has not passed yet.
    first_day = max(1, stats.shortest - 18)
    last_day = max(first_day, stats.longest - 11)
    index = next(
        (i for i, start in enumerate(cycle_starts[:-1]) if start + (last_day - 1) * DAY >= today),
        len(cycle_starts) - 2,
    )
    cycle_start, next_start = cycle_starts[index], cycle_starts[index + 1]
    ovulation = next_start - LUTEAL_DAYS * DAY
    return answer | {
        "mean_cycle_days": round(stats.mean, 1),
        "sd_cycle_days": round(stats.sd, 1),
        "cycle_lengths": stats.lengths,
        "shortest_cycle_days": stats.shortest,
        "longest_cycle_days": stats.longest,
        "mean_period_days": stats.mean_period,
        "irregular": stats.irregular,
        "margin_days": stats.margin,
        "last_period_start": last_start,
        "overdue": starts[0] + stats.margin * DAY < today,
        "next_periods": [
            _range(start, stats.margin) | {"expected_end": start + (stats.mean_period - 1) * DAY}
            for start in starts
        ],
        "fertile_window": {
            "start": cycle_start + (first_day - 1) * DAY,
            "end": cycle_start + (last_day - 1) * DAY,
            "cycle_days": [first_day, last_day],
            "estimate": True,
            "method": FERTILE_METHOD,
        },
        "ovulation": _range(ovulation, stats.margin),
    }


def segments(periods: list[Period]) -> list[Segment]:
    """Every day the cycle history can place, as runs of one phase, oldest first.

    Known cycles use their own length; the open cycle uses the recent mean (28 days until there
    are enough cycles) and runs until its expected end plus `LATE_DAYS`. Within a cycle of L days
    starting on S, ovulation is on S + L - 14 (cycle day L - 13): that day and one each side are
    ovulatory, the period's own days menstrual, days between them follicular, the rest luteal.
    A gap (a cycle over 90 days) only has its period placed.
    """
    stats = statistics_of(cycles_from(periods))
    assumed = round_half_up(stats.mean) if stats else DEFAULT_CYCLE_DAYS
    out: list[Segment] = []
    for cycle, period in zip(cycles_from(periods), periods, strict=True):
        start = cycle.start
        if cycle.is_gap:
            out.append(Segment(MENSTRUAL, start, period.end, start))
            continue
        length = cycle.length if cycle.length is not None else assumed
        last = start + ((length if cycle.length is not None else length + LATE_DAYS) - 1) * DAY
        ovulation_day = length - 13  # cycle day
        bounds = [
            (MENSTRUAL, 1, period.length),
            (FOLLICULAR, period.length + 1, ovulation_day - 2),
            (OVULATORY, max(period.length + 1, ovulation_day - 1), ovulation_day + 1),
            (LUTEAL, max(period.length + 1, ovulation_day + 2), (last - start).days + 1),
        ]
        for phase, first, final in bounds:
            final = min(final, (last - start).days + 1)
            if first <= final:
                out.append(
                    Segment(phase, start + (first - 1) * DAY, start + (final - 1) * DAY, start)
                )
    return out


def phase_of(date: dt.date, segment_list: list[Segment]) -> tuple[int, str] | None:
    """(cycle day, phase) of a date, or None when the history cannot place it."""
    for segment in segment_list:
        if segment.start <= date <= segment.end:
            return (date - segment.cycle_start).days + 1, segment.phase
    return None
