import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import wellness
from fitspace.progress import progress
from groups.models import Group
from groups.services import group_create, invite_accept, invite_create, session_create
from users.models import User
from workouts import services
from workouts.models import Exercise, Workout, WorkoutSet

DEMO_STAFF_EMAIL = "admin@fitspace.local"
DEMO_GROUP = "Lisbon training club"
# Every demo account signs in with this documented, local-only password.
DEMO_PASSWORD = "fitspace-demo"  # noqa: S105


def lift(slug: str, *sets: tuple[int, str], notes: str = "") -> dict:
    return {
        "exercise": Exercise.objects.get(slug=slug),
        "notes": notes,
        "sets": [
            {"reps": reps, "weight_kg": Decimal(weight), "completed": True} for reps, weight in sets
        ],
    }


def cardio(slug: str, minutes: int, metres: int) -> dict:
    return {
        "exercise": Exercise.objects.get(slug=slug),
        "sets": [{"duration_seconds": minutes * 60, "distance_m": metres, "completed": True}],
    }


def demo_athletes() -> list[dict]:
    """Three athletes and a few weeks of their training, oldest session first."""
    return [
        {
            "email": "ana@example.com",
            "name": "Ana Runner",
            "timezone": "Europe/Lisbon",
            "bio": "Half-marathon in spring.",
            "sessions": [
                ("Easy run", [cardio("outdoor-run", 45, 8000)]),
                ("Intervals", [cardio("sprint-intervals", 30, 5000)]),
                ("Long run", [cardio("outdoor-run", 110, 18000)]),
            ],
        },
        {
            "email": "ben@example.com",
            "name": "Ben Lifter",
            "timezone": "America/New_York",
            "bio": "Powerlifting, three days a week.",
            "sessions": [
                ("Squat day", [lift("barbell-back-squat", (5, "120"), (5, "120"), (5, "120"))]),
                ("Bench day", [lift("barbell-bench-press", (5, "85"), (5, "85"), (4, "85"))]),
                (
                    "Pull day",
                    [
                        lift("barbell-deadlift", (5, "160"), (3, "170")),
                        lift("pull-up", (8, "0"), (7, "0")),
                    ],
                ),
                (
                    "Squat day",
                    [lift("barbell-back-squat", (5, "122.5"), (5, "122.5"), (5, "122.5"))],
                ),
            ],
        },
        {
            "email": "chloe@example.com",
            "name": "Chloé Cyclist",
            "timezone": "Asia/Tokyo",
            "bio": "",
            "sessions": [("Zone 2 ride", [cardio("stationary-bike", 90, 45000)])],
        },
    ]


class Command(BaseCommand):
    help = "Load a small demo data set with demo logins (local and test stages only)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.DEPLOYED:
            raise CommandError("Demo data and its well-known password are for local stages only.")
        if not User.objects.with_email(DEMO_STAFF_EMAIL).exists():
            User.objects.create_superuser(
                DEMO_STAFF_EMAIL, DEMO_PASSWORD, name="Demo Admin", email_verified=True
            )
        athletes = demo_athletes()
        for athlete in progress(athletes, total=len(athletes), desc="Demo athletes"):
            if User.objects.with_email(athlete["email"]).exists():
                continue
            user = User.objects.create_user(
                athlete["email"],
                DEMO_PASSWORD,
                name=athlete["name"],
                timezone=athlete["timezone"],
                bio=athlete["bio"],
                email_verified=True,
            )
            sessions = athlete["sessions"]
            for days_ago, (name, exercises) in zip(
                range(2 * len(sessions), 0, -2), sessions, strict=True
            ):
                self._finished_session(user, name, exercises, days_ago)
        if not Group.objects.filter(name=DEMO_GROUP).exists():
            self._group()
        wellness.load(DEMO_PASSWORD)
        self.stdout.write(
            f"Demo data ready: {User.objects.count()} users, a group ({DEMO_GROUP}). Staff login: {DEMO_STAFF_EMAIL}; "
            "athletes: ana@example.com, ben@example.com, chloe@example.com, and "
            f"{wellness.EMAIL} (six months of journal, cycles and training); "
            f"password for all: {DEMO_PASSWORD}"
        )

    @staticmethod
    def _group() -> None:
        """Ana's weekly group with Ben and Chloé, 150 active minutes each and 400 together;
        today's sessions put its current week on the leaderboard."""
        ana, ben, chloe = (
            User.objects.with_email(f"{name}@example.com").get() for name in ("ana", "ben", "chloe")
        )
        today = timezone.localdate()
        group = group_create(
            owner=ana,
            data={
                "name": DEMO_GROUP,
                "description": "150 active minutes each a week; 400 together.",
                "timezone": "Europe/Lisbon",
                "period": Group.Period.WEEK,
                "starts_on": today - dt.timedelta(days=28),
                "ends_on": today + dt.timedelta(days=90),
                "metric": Group.Metric.ACTIVE_MINUTES,
                "member_target": Decimal(150),
                "group_target": Decimal(400),
            },
        )
        for member in (ben, chloe):
            invite_accept(invite=invite_create(group=group, by=ana, invitee=member), user=member)
        session_create(
            group=group,
            by=ana,
            title="Saturday long run",
            starts_at=timezone.now() + dt.timedelta(days=1),
            template=None,
        )
        for user, minutes in ((ana, 95), (ben, 60), (chloe, 120)):
            workout = services.workout_create(user=user, name="Club session")
            services.workout_start(workout=workout)
            services.workout_finish(workout=workout)
            Workout.objects.filter(pk=workout.pk).update(active_seconds=minutes * 60)

    @staticmethod
    def _finished_session(user: User, name: str, exercises: list[dict], days_ago: int) -> None:
        workout = services.workout_create(user=user, name=name, exercises=exercises)
        services.workout_start(workout=workout)
        services.workout_finish(workout=workout)
        # Back-date the session so history, records and streaks have a past to show.
        started = timezone.now() - dt.timedelta(days=days_ago)
        Workout.objects.filter(pk=workout.pk).update(
            created_at=started,
            started_at=started,
            finished_at=started + dt.timedelta(minutes=60),
            active_seconds=3600,
        )
        WorkoutSet.objects.filter(workout_exercise__workout=workout).update(
            completed_at=started + dt.timedelta(minutes=30)
        )
        services.records_refresh(user=user, exercise_ids=[e["exercise"].pk for e in exercises])
