"""The prediction method on hand-computed histories (the README's Wellness section explains
it), and the phase of each day across cycle boundaries."""

import datetime as dt

from wellness import cycles

D = dt.date


def history(*starts: dt.date, period_days: int = 5) -> list[cycles.Period]:
    """Periods of `period_days` days of medium flow from each start."""
    days = [
        (start + dt.timedelta(days=i), "medium") for start in starts for i in range(period_days)
    ]
    return cycles.periods_from(days)


def test_a_period_is_a_run_of_consecutive_days_of_flow_and_spotting_does_not_count():
    days = [
        (D(2026, 1, 1), "spotting"),  # before the period: not its first day
        (D(2026, 1, 2), "heavy"),
        (D(2026, 1, 3), "medium"),
        (D(2026, 1, 4), "light"),
        (D(2026, 1, 6), "light"),  # a day without flow in between: a new run
        (D(2026, 1, 20), "spotting"),  # spotting alone is no period
    ]

    assert cycles.periods_from(days) == [
        cycles.Period(D(2026, 1, 2), D(2026, 1, 4)),
        cycles.Period(D(2026, 1, 6), D(2026, 1, 6)),
    ]


def test_regular_cycles_predict_plus_or_minus_one_day():
    # Lengths 28, 28, 29, 28: mean 28.25, sample SD sqrt(0.75 / 3) = 0.5 < 1.5 -> ±1 day.
    periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 27), D(2026, 4, 24))

    p = cycles.predict(periods, today=D(2026, 4, 25))

    assert (p["ready"], p["complete_cycles"], p["cycles_needed"]) == (True, 4, 0)
    assert p["cycle_lengths"] == [28, 28, 29, 28]
    assert (p["mean_cycle_days"], p["sd_cycle_days"]) == (28.2, 0.5)
    assert (p["margin_days"], p["irregular"], p["mean_period_days"]) == (1, False, 5)
    # 24 Apr + round(28.25) = 22 May; + round(56.5) = 57 days = 20 Jun; + round(84.75) = 18 Jul.
    assert [n["expected"] for n in p["next_periods"]] == [
        D(2026, 5, 22),
        D(2026, 6, 20),
        D(2026, 7, 18),
    ]
    assert p["next_periods"][0] == {
        "expected": D(2026, 5, 22),
        "earliest": D(2026, 5, 21),
        "latest": D(2026, 5, 23),
        "expected_end": D(2026, 5, 26),
    }
    # Calendar method: cycle days 28 - 18 = 10 to 29 - 11 = 18 of the current cycle (24 Apr).
    assert p["fertile_window"] == {
        "start": D(2026, 5, 3),
        "end": D(2026, 5, 11),
        "cycle_days": [10, 18],
        "estimate": True,
        "method": cycles.FERTILE_METHOD,
    }
    assert "never contraception advice" in cycles.FERTILE_METHOD
    # 14 days before the next start, with the start's margin.
    assert p["ovulation"] == {
        "expected": D(2026, 5, 8),
        "earliest": D(2026, 5, 7),
        "latest": D(2026, 5, 9),
    }
    assert p["overdue"] is False


def test_once_this_cycles_fertile_window_has_passed_the_next_ones_is_given():
    periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 27), D(2026, 4, 24))

    p = cycles.predict(periods, today=D(2026, 5, 12))

    # The next cycle starts 22 May: its days 10 to 18 are 31 May to 8 Jun; ovulation 14 days
    # before the start after it (20 Jun).
    assert (p["fertile_window"]["start"], p["fertile_window"]["end"]) == (
        D(2026, 5, 31),
        D(2026, 6, 8),
    )
    assert p["ovulation"]["expected"] == D(2026, 6, 6)


def test_a_standard_deviation_of_1_5_days_or_more_widens_the_range_to_two_days():
    # 26, 28, 30: mean 28, SD sqrt(8 / 2) = 2.
    periods = history(D(2026, 1, 1), D(2026, 1, 27), D(2026, 2, 24), D(2026, 3, 26))

    p = cycles.predict(periods, today=D(2026, 3, 27))

    assert (p["sd_cycle_days"], p["margin_days"], p["irregular"]) == (2.0, 2, False)
    assert p["next_periods"][0]["expected"] == D(2026, 4, 23)
    assert (p["next_periods"][0]["earliest"], p["next_periods"][0]["latest"]) == (
        D(2026, 4, 21),
        D(2026, 4, 25),
    )


def test_irregular_cycles_are_flagged_and_their_range_is_the_sd_rounded_up():
    # 24, 40, 30: mean 31.33, SD sqrt(130.67 / 2) = 8.08 -> ±9 days; and 40 is outside 21-35.
    periods = history(D(2026, 1, 1), D(2026, 1, 25), D(2026, 3, 6), D(2026, 4, 5))

    p = cycles.predict(periods, today=D(2026, 4, 6))

    assert p["cycle_lengths"] == [24, 40, 30]
    assert (p["irregular"], p["sd_cycle_days"], p["margin_days"]) == (True, 8.1, 9)
    assert p["next_periods"][0] == {
        "expected": D(2026, 5, 6),
        "earliest": D(2026, 4, 27),
        "latest": D(2026, 5, 15),
        "expected_end": D(2026, 5, 10),
    }
    # Calendar method with the shortest (24) and longest (40): days 6 to 29.
    assert p["fertile_window"]["cycle_days"] == [6, 29]


def test_a_standard_deviation_over_7_days_is_irregular_even_inside_21_to_35():
    # 21, 35, 21, 35: every length normal, but SD sqrt(196 / 3) = 8.08.
    periods = history(D(2026, 1, 1), D(2026, 1, 22), D(2026, 2, 26), D(2026, 3, 19), D(2026, 4, 23))

    p = cycles.predict(periods, today=D(2026, 4, 24))

    assert (p["cycle_lengths"], p["sd_cycle_days"], p["irregular"]) == ([21, 35, 21, 35], 8.1, True)
    assert p["margin_days"] == 9


def test_a_length_outside_21_to_35_is_irregular_even_with_a_small_sd():
    # 20, 20, 20: SD 0, but shorter than 21 -> irregular, ±3 days at least.
    periods = history(D(2026, 1, 1), D(2026, 1, 21), D(2026, 2, 10), D(2026, 3, 2), period_days=4)

    p = cycles.predict(periods, today=D(2026, 3, 3))

    assert (p["irregular"], p["sd_cycle_days"], p["margin_days"]) == (True, 0.0, 3)
    # Calendar method: 20 - 18 = day 2 to 20 - 11 = day 9.
    assert p["fertile_window"]["cycle_days"] == [2, 9]


def test_no_prediction_before_three_complete_cycles_and_the_answer_says_how_many_more():
    assert cycles.predict([], today=D(2026, 1, 1)) == {
        "ready": False,
        "complete_cycles": 0,
        "cycles_needed": 3,
        "gaps_left_out": 0,
    }
    one_period = history(D(2026, 1, 1))
    assert cycles.predict(one_period, today=D(2026, 1, 2))["cycles_needed"] == 3
    three_periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26))

    p = cycles.predict(three_periods, today=D(2026, 2, 27))

    assert (p["ready"], p["complete_cycles"], p["cycles_needed"]) == (False, 2, 1)
    assert "next_periods" not in p


def test_a_cycle_over_90_days_is_a_gap_left_out_of_the_mean():
    # 28, 28, then 95 days without a logged period (a gap), then 28.
    periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26), D(2026, 6, 1), D(2026, 6, 29))

    p = cycles.predict(periods, today=D(2026, 6, 30))

    assert (p["ready"], p["gaps_left_out"], p["cycle_lengths"]) == (True, 1, [28, 28, 28])
    assert (p["sd_cycle_days"], p["irregular"], p["margin_days"]) == (0.0, False, 1)
    assert p["next_periods"][0]["expected"] == D(2026, 7, 27)


def test_a_gap_does_not_count_toward_the_three_cycles():
    periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 6, 1), D(2026, 6, 29))

    p = cycles.predict(periods, today=D(2026, 6, 30))

    assert (p["ready"], p["complete_cycles"], p["cycles_needed"], p["gaps_left_out"]) == (
        False,
        2,
        1,
        1,
    )


def test_only_the_last_twelve_cycles_count():
    # Two old 40-day cycles, then twelve of 28: the old ones drop out, so nothing is irregular.
    starts = [D(2025, 1, 1), D(2025, 2, 10), D(2025, 3, 22)]
    starts += [starts[-1] + dt.timedelta(days=28 * k) for k in range(1, 13)]

    p = cycles.predict(history(*starts), today=starts[-1] + dt.timedelta(days=1))

    assert p["cycle_lengths"] == [28] * 12
    assert (p["irregular"], p["mean_cycle_days"]) == (False, 28.0)


def test_a_late_period_is_overdue_past_its_range():
    periods = history(D(2026, 1, 1), D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 26))

    assert cycles.predict(periods, today=D(2026, 4, 24))["overdue"] is False
    assert cycles.predict(periods, today=D(2026, 4, 25))["overdue"] is True


def test_phases_of_a_28_day_cycle_and_across_its_boundary():
    # Periods of 5 days on 1 Jan and 29 Jan: 28 days, ovulation 14 days before 29 Jan (15 Jan).
    segments = cycles.segments(history(D(2026, 1, 1), D(2026, 1, 29)))

    def on(day):
        return cycles.phase_of(D(2026, 1, day), segments)

    assert on(1) == (1, "menstrual")
    assert on(5) == (5, "menstrual")
    assert on(6) == (6, "follicular")
    assert on(13) == (13, "follicular")
    assert on(14) == (14, "ovulatory")
    assert on(15) == (15, "ovulatory")
    assert on(16) == (16, "ovulatory")
    assert on(17) == (17, "luteal")
    assert on(28) == (28, "luteal")
    assert on(29) == (1, "menstrual")  # the next cycle's first day
    assert cycles.phase_of(D(2025, 12, 31), segments) is None  # before any period


def test_the_open_cycle_uses_the_default_length_and_ends_a_week_after_its_expected_end():
    segments = cycles.segments(history(D(2026, 1, 1)))

    # 28 days assumed: luteal until day 28 + 7 late days = 4 Feb; nothing after.
    assert cycles.phase_of(D(2026, 2, 4), segments) == (35, "luteal")
    assert cycles.phase_of(D(2026, 2, 5), segments) is None


def test_a_gap_places_only_its_period():
    segments = cycles.segments(history(D(2026, 1, 1), D(2026, 6, 1)))

    assert cycles.phase_of(D(2026, 1, 3), segments) == (3, "menstrual")
    assert cycles.phase_of(D(2026, 1, 20), segments) is None
