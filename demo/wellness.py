"""Maya, the demo athlete with six months of journal, cycles, skin log and training, so that
predictions, phases on entries and `/insights` have something to show. Deterministic (a seeded
generator) and relative to today, so the current cycle is always under way."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from fitspace.progress import progress
from users.models import User
from wellness import cycles
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry
from wellness.services import tags_for
from workouts import services
from workouts.models import Exercise, Workout, WorkoutSet

EMAIL = "maya@example.com"
DAYS = 183
# Cycle lengths, oldest first (the last one still running), and each period's days of flow.
LENGTHS = [28, 27, 29, 28, 30, 27, 28]
FLOWS = ["medium", "heavy", "heavy", "medium", "light"]
# How a phase tends to feel, as (energy, mood, soreness) offsets: only a demo's shape.
FEEL = {
    cycles.MENSTRUAL: (-15, -1, 1),
    cycles.FOLLICULAR: (10, 1, 0),
    cycles.OVULATORY: (15, 1, 0),
    cycles.LUTEAL: (-5, 0, 1),
    None: (0, 0, 0),
}
TAGS = {
    cycles.MENSTRUAL: ["cramps", "rest"],
    cycles.FOLLICULAR: ["strong"],
    cycles.OVULATORY: ["strong", "social"],
    cycles.LUTEAL: ["cravings"],
}


def load(password: str) -> User | None:
    if User.objects.with_email(EMAIL).exists():
        return None
    maya = User.objects.create_user(
        EMAIL,
        password,
        name="Maya Triathlete",
        timezone="Europe/Madrid",
        bio="Sprint triathlons; tracks her cycle to plan hard weeks.",
        email_verified=True,
    )
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=DAYS)
    CycleSettings.objects.create(user=maya, enabled=True)
    starts, start = [], today - dt.timedelta(days=sum(LENGTHS[:-1]) + 9)
    for length in LENGTHS:
        starts.append(start)
        start += dt.timedelta(days=length)
    PeriodDay.objects.bulk_create(
        PeriodDay(
            user=maya,
            date=s + dt.timedelta(days=i),
            flow=flow,
            symptoms=["cramps", "fatigue"] if i < 2 else [],
        )
        for s in starts
        for i, flow in enumerate(FLOWS)
        if s + dt.timedelta(days=i) <= today
    )
    segments = cycles.segments(
        cycles.periods_from(PeriodDay.objects.filter(user=maya).values_list("date", "flow"))
    )
    rng = random.Random(20261202)  # noqa: S311 - demo data, not a secret
    tags = {
        t.name: t
        for t in tags_for(user=maya, names=sorted({t for names in TAGS.values() for t in names}))
    }
    entries, phases, skin = [], [], []
    for offset in progress(range(DAYS + 1), total=DAYS + 1, desc=f"{maya.name}'s days"):
        day = first_day + dt.timedelta(days=offset)
        placed = cycles.phase_of(day, segments)
        phase = placed[1] if placed else None
        energy, mood, soreness = FEEL[phase]
        phases.append(phase)
        entries.append(
            JournalEntry(
                user=maya,
                date=day,
                mood=max(1, min(5, 3 + mood + rng.choice([-1, 0, 0, 1]))),
                energy=max(0, min(100, 60 + energy + rng.randint(-10, 10))),
                sleep_hours=Decimal(rng.choice(["6.5", "7", "7.5", "8", "8.5"])),
                soreness=max(0, min(10, 2 + soreness + rng.randint(0, 3))),
            )
        )
        if offset % 7 == 3:
            skin.append(
                SkinEntry(
                    user=maya,
                    date=day,
                    radiance=max(0, min(100, 60 + energy + rng.randint(-5, 5))),
                    moisture=rng.randint(45, 70),
                    texture=rng.randint(50, 80),
                    pores=rng.randint(20, 40),
                    dark_circles=max(0, min(100, 30 - energy + rng.randint(-5, 5))),
                )
            )
        if day.weekday() in (0, 2, 4, 5) and day < today:
            _session(maya, day, rng, long=day.weekday() == 5, squat_weeks=offset // 14)
    JournalEntry.objects.bulk_create(entries)
    JournalEntry.tags.through.objects.bulk_create(
        JournalEntry.tags.through(journalentry_id=entry.pk, tag_id=tags[name].pk)
        for entry, phase in zip(entries, phases, strict=True)
        if phase
        for name in TAGS[phase]
    )
    SkinEntry.objects.bulk_create(skin)
    squat = Exercise.objects.get(slug="barbell-back-squat")
    run = Exercise.objects.get(slug="outdoor-run")
    services.records_refresh(user=maya, exercise_ids=[squat.pk, run.pk])
    return maya


def _session(user: User, day: dt.date, rng: random.Random, *, long: bool, squat_weeks: int):
    started = dt.datetime.combine(day, dt.time(7, 30), tzinfo=dt.UTC)
    if day.weekday() == 2:
        weight = Decimal(50) + Decimal("2.5") * squat_weeks
        exercises = [
            {
                "exercise": Exercise.objects.get(slug="barbell-back-squat"),
                "sets": [
                    {
                        "reps": 5,
                        "weight_kg": weight,
                        "rpe": Decimal(rng.choice([7, 8, 9])),
                        "completed": True,
                    }
                    for _ in range(4)
                ],
            }
        ]
        name, minutes = "Strength", 50
    else:
        minutes = 90 if long else rng.choice([35, 40, 45])
        exercises = [
            {
                "exercise": Exercise.objects.get(slug="outdoor-run"),
                "sets": [
                    {
                        "duration_seconds": minutes * 60,
                        "distance_m": minutes * 170,
                        "rpe": Decimal(rng.choice([5, 6, 7]) + (2 if long else 0)),
                        "completed": True,
                    }
                ],
            }
        ]
        name = "Long run" if long else "Easy run"
    workout = services.workout_create(user=user, name=name, exercises=exercises)
    Workout.objects.filter(pk=workout.pk).update(
        status=Workout.Status.FINISHED,
        created_at=started,
        started_at=started,
        finished_at=started + dt.timedelta(minutes=minutes + 10),
        active_seconds=minutes * 60,
    )
    WorkoutSet.objects.filter(workout_exercise__workout=workout).update(
        completed_at=started + dt.timedelta(minutes=minutes)
    )
