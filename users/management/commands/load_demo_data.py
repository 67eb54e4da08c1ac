from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from users.models import User
from workouts.models import Workout

DEMO_STAFF_EMAIL = "admin@fitspace.local"
# Every demo account signs in with this documented, local-only password.
DEMO_PASSWORD = "fitspace-demo"  # noqa: S105

DEMO_ATHLETES = [
    {
        "email": "ana@example.com",
        "name": "Ana Runner",
        "timezone": "Europe/Lisbon",
        "bio": "Half-marathon in spring.",
        "workouts": [
            ("Easy run", "8 km at conversational pace"),
            ("Intervals", "6 x 800 m, 2 min rest"),
            ("Long run", "18 km, last 3 km at race pace"),
        ],
    },
    {
        "email": "ben@example.com",
        "name": "Ben Lifter",
        "timezone": "America/New_York",
        "bio": "Powerlifting, three days a week.",
        "workouts": [
            ("Squat day", "Back squat 5x5, front squat 3x8"),
            ("Bench day", "Bench press 5x5, dips 3x10"),
        ],
    },
    {
        "email": "chloe@example.com",
        "name": "Chloé Cyclist",
        "timezone": "Asia/Tokyo",
        "bio": "",
        "workouts": [("Zone 2 ride", "90 minutes on the trainer")],
    },
]


class Command(BaseCommand):
    help = "Load a small demo data set with demo logins (local and test stages only)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.DEPLOYED:
            raise CommandError("Demo data and its well-known password are for local stages only.")
        if not User.objects.filter(email__iexact=DEMO_STAFF_EMAIL).exists():
            User.objects.create_superuser(DEMO_STAFF_EMAIL, DEMO_PASSWORD, name="Demo Admin")
        for athlete in DEMO_ATHLETES:
            user, created = User.objects.get_or_create(
                email=athlete["email"],
                defaults={
                    "name": athlete["name"],
                    "timezone": athlete["timezone"],
                    "bio": athlete["bio"],
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                Workout.objects.bulk_create(
                    Workout(user=user, name=name, description=description)
                    for name, description in athlete["workouts"]
                )
        self.stdout.write(
            f"Demo data ready: {User.objects.count()} users, {Workout.objects.count()} workouts. "
            f"Staff login: {DEMO_STAFF_EMAIL}; athletes: ana@example.com, ben@example.com, "
            f"chloe@example.com; password for all: {DEMO_PASSWORD}"
        )
