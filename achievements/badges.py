"""The badges: data in one place. Adding a badge is one entry here (and a test at its
threshold). `measure` names what is counted: a function in `achievements.services.MEASURES`
computed from the log, or an event (`records_beaten`, `group_goals`) that awards it directly."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    code: str
    title: str
    description: str
    measure: str
    threshold: int


BADGES: tuple[Badge, ...] = (
    Badge("streak_7", "One week strong", "Trained 7 days in a row.", "streak_days", 7),
    Badge("streak_30", "A month of habit", "Trained 30 days in a row.", "streak_days", 30),
    Badge("streak_100", "Unbreakable", "Trained 100 days in a row.", "streak_days", 100),
    Badge("workouts_10", "Ten down", "Finished 10 workouts.", "workouts", 10),
    Badge("workouts_100", "Centurion", "Finished 100 workouts.", "workouts", 100),
    Badge("workouts_500", "Lifer", "Finished 500 workouts.", "workouts", 500),
    Badge("distance_1000km", "A thousand kilometres", "Covered 1,000 km.", "distance_km", 1000),
    Badge("first_record", "First record", "Set a first personal record.", "records", 1),
    Badge("record_beaten", "Better than before", "Beat one of your records.", "records_beaten", 1),
    Badge("group_goal", "Team player", "Reached a group's goal together.", "group_goals", 1),
)
BY_CODE = {badge.code: badge for badge in BADGES}
