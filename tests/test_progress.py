"""Training arithmetic, without a database: Epley one-rep max, the next target, streaks."""

import datetime as dt
from decimal import Decimal

import pytest

from workouts.progress import epley_one_rep_max, streaks, suggest_next

D = Decimal

# --- epley_one_rep_max ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (D("100"), 5, "116.67"),  # 100 * (1 + 5/30) = 116.666...
        (D("100"), 12, "140.00"),  # the last rep count Epley is used for
        (D("80"), 10, "106.67"),  # 106.666...
        (D("60"), 3, "66.00"),
        (D("52.15"), 3, "57.37"),  # 57.365: half rounds up, not to even
        (D("100"), 2, "106.67"),
    ],
)
def test_epley_estimates_the_one_rep_max_to_the_hundredth(weight, reps, expected):
    result = epley_one_rep_max(weight, reps)

    assert str(result) == expected


@pytest.mark.parametrize(("weight", "expected"), [(D("100"), "100.00"), (D("102.5"), "102.50")])
def test_epley_of_a_single_is_the_weight_itself(weight, expected):
    assert str(epley_one_rep_max(weight, 1)) == expected


@pytest.mark.parametrize(
    ("weight", "reps"),
    [
        (D("100"), 0),
        (D("100"), 13),  # past 12 reps a max is guesswork
        (D("100"), None),
        (None, 5),
        (D("0"), 5),
        (D("-10"), 5),
    ],
)
def test_epley_has_no_estimate_outside_1_to_12_reps_or_without_a_positive_weight(weight, reps):
    assert epley_one_rep_max(weight, reps) is None


def test_epley_of_a_single_rounds_half_up_like_every_other_estimate():
    assert epley_one_rep_max(D("100.125"), 1) == D("100.13")


# --- suggest_next --------------------------------------------------------------------------------

WEIGHTED = {"reps", "weight"}


def test_suggests_nothing_without_a_last_session():
    for tracks in (WEIGHTED, {"reps"}, {"duration", "distance"}, {"duration"}):
        assert suggest_next([], tracks=tracks) is None


def test_below_twelve_reps_the_next_target_is_the_same_weight_for_one_more_rep():
    last = [{"weight_kg": D("100.00"), "reps": 8}, {"weight_kg": D("100.00"), "reps": 6}]

    assert suggest_next(last, tracks=WEIGHTED) == {
        "weight_kg": D("100"),
        "reps": 9,
        "rule": "same weight, one more rep",
    }


def test_the_top_set_is_the_heaviest_then_the_one_with_most_reps():
    last = [
        {"weight_kg": D("90.00"), "reps": 12},  # would mean "add weight" if it were the top set
        {"weight_kg": D("100.00"), "reps": 5},
        {"weight_kg": D("100.00"), "reps": 7},
        {"weight_kg": D("95.00"), "reps": 10},
    ]

    assert suggest_next(last, tracks=WEIGHTED) == {
        "weight_kg": D("100"),
        "reps": 8,
        "rule": "same weight, one more rep",
    }


@pytest.mark.parametrize(
    ("weight", "reps", "next_weight"),
    [
        (D("100.00"), 12, D("102.5")),
        (D("60.00"), 15, D("62.5")),  # past the top of the range too
        (D("20.00"), 12, D("22.5")),  # 20 kg is not "under 20 kg"
        (D("17.50"), 12, D("18.5")),  # small step under 20 kg
        (D("19.99"), 12, D("20.99")),
    ],
)
def test_at_the_top_of_the_rep_range_add_weight_and_drop_to_eight_reps(weight, reps, next_weight):
    last = [{"weight_kg": weight, "reps": reps}, {"weight_kg": weight, "reps": 10}]

    assert suggest_next(last, tracks=WEIGHTED) == {
        "weight_kg": next_weight,
        "reps": 8,
        "rule": "top of the rep range reached: more weight",
    }


def test_reps_only_exercise_gets_one_more_rep_than_its_best_set():
    last = [{"reps": 10}, {"reps": 14}, {"reps": None}, {"reps": 12}]

    assert suggest_next(last, tracks={"reps"}) == {"reps": 15, "rule": "one more rep"}


def test_weighted_exercise_done_at_bodyweight_falls_back_to_one_more_rep():
    last = [
        {"weight_kg": None, "reps": 8},
        {"weight_kg": D("0.00"), "reps": 10},
        {"weight_kg": None, "reps": 9},
    ]

    assert suggest_next(last, tracks=WEIGHTED) == {"reps": 11, "rule": "one more rep"}


@pytest.mark.parametrize(
    ("longest", "expected"),
    [
        (D("5000.00"), D("5250")),
        (D("2000"), D("2100")),
        (D("400"), D("420")),
    ],
)
def test_distance_exercise_goes_five_percent_further_than_the_longest_set(longest, expected):
    last = [
        {"distance_m": D("300.00"), "duration_seconds": 90},
        {"distance_m": longest, "duration_seconds": 1500},
        {"distance_m": None, "duration_seconds": 600},
    ]

    assert suggest_next(last, tracks={"duration", "distance"}) == {
        "distance_m": expected,
        "rule": "5 % further",
    }


def test_distance_target_is_rounded_to_ten_metres():
    suggestion = suggest_next([{"distance_m": D("4321.00")}], tracks={"duration", "distance"})

    assert suggestion == {"distance_m": D("4540"), "rule": "5 % further"}


@pytest.mark.parametrize(
    ("longest", "expected"),
    [
        (60, 70),  # 66 s, rounded up to 70
        (45, 50),  # 49.5 s
        (30, 35),  # 33 s
        (100, 110),  # exactly 110: already a multiple of 5, not bumped
        (1800, 1980),
    ],
)
def test_duration_exercise_goes_ten_percent_longer_rounded_up_to_five_seconds(longest, expected):
    last = [{"duration_seconds": 20}, {"duration_seconds": longest}, {"duration_seconds": None}]

    assert suggest_next(last, tracks={"duration"}) == {
        "duration_seconds": expected,
        "rule": "10 % longer",
    }


def test_distance_exercise_without_distances_logged_falls_back_to_duration():
    last = [{"duration_seconds": 600, "distance_m": None}]

    assert suggest_next(last, tracks={"duration", "distance"}) == {
        "duration_seconds": 660,
        "rule": "10 % longer",
    }


def test_sets_without_any_tracked_measure_give_no_suggestion():
    assert suggest_next([{"reps": 10}], tracks={"duration"}) is None
    assert suggest_next([{"reps": None, "weight_kg": None}], tracks=WEIGHTED) is None


# --- streaks -------------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 20)


def days_ago(*offsets: int) -> set[dt.date]:
    return {TODAY - dt.timedelta(days=n) for n in offsets}


def test_no_training_days_is_no_streak():
    assert streaks(set(), TODAY) == (0, 0)


def test_training_today_alone_is_a_one_day_streak():
    assert streaks(days_ago(0), TODAY) == (1, 1)


def test_consecutive_days_up_to_today_make_the_current_and_longest_streak():
    assert streaks(days_ago(0, 1, 2, 3), TODAY) == (4, 4)


def test_current_streak_is_still_alive_from_yesterday_when_today_has_no_workout_yet():
    assert streaks(days_ago(1, 2, 3), TODAY) == (3, 3)


def test_current_streak_is_zero_when_the_last_training_day_was_two_days_ago():
    assert streaks(days_ago(2, 3, 4), TODAY) == (0, 3)


def test_a_gap_day_breaks_a_run():
    # 10..8 days ago is a run of three; 6..5 days ago a run of two; 7 days ago is the gap.
    assert streaks(days_ago(10, 9, 8, 6, 5), TODAY) == (0, 3)


def test_longest_streak_can_be_an_old_one_while_the_current_is_shorter():
    assert streaks(days_ago(0, 1, 5, 6, 7, 8, 9, 20), TODAY) == (2, 5)


def test_a_run_continues_across_a_month_and_year_boundary():
    days = {dt.date(2026, 12, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 1)}

    assert streaks(days, dt.date(2027, 1, 1)) == (3, 3)
