import factory

from users.models import User
from workouts.models import Exercise, Muscle, Workout


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"athlete{n}@example.com")
    timezone = "Europe/Berlin"
    bio = factory.Faker("sentence")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted)
        if create:
            self.save(update_fields=["password"])


class StaffUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class WorkoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workout

    user = factory.SubFactory(UserFactory)
    name = factory.Iterator(["Easy run", "Squat day", "Intervals", "Yoga flow"])
    description = factory.Faker("sentence")


class CustomExerciseFactory(factory.django.DjangoModelFactory):
    """A user's private exercise that records reps and weight."""

    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Custom lift {n}")
    category = Exercise.Category.STRENGTH
    equipment = Exercise.Equipment.DUMBBELL
    tracks_reps = True
    tracks_weight = True

    @factory.post_generation
    def primary(self, create, extracted, **kwargs):
        if create:
            self.primary_muscles.set(Muscle.objects.filter(code__in=extracted or ["chest"]))


def library_exercise(*measures: str, category: str | None = None) -> Exercise:
    """A library exercise that records exactly these measures (e.g. "reps", "weight")."""
    exercises = Exercise.objects.filter(owner=None, is_active=True).order_by("slug")
    if category:
        exercises = exercises.filter(category=category)
    flags = {f"tracks_{m}": m in measures for m in ("reps", "weight", "duration", "distance")}
    return exercises.filter(**flags).first()


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellness.JournalEntry"

    user = factory.SubFactory(UserFactory)
    date = factory.Faker("date_between", start_date="-60d", end_date="today")
    mood = 4
    energy = 70
    text = "Slept well, legs heavy."


class SkinEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellness.SkinEntry"

    user = factory.SubFactory(UserFactory)
    date = factory.Faker("date_between", start_date="-60d", end_date="today")
    radiance = 60


def period(user, start, days: int = 5, flow: str = "medium") -> None:
    """A period of `days` days of flow from `start` (cycle tracking turned on)."""
    import datetime as dt

    from wellness.models import CycleSettings, PeriodDay

    CycleSettings.objects.update_or_create(user=user, defaults={"enabled": True})
    PeriodDay.objects.bulk_create(
        PeriodDay(user=user, date=start + dt.timedelta(days=i), flow=flow) for i in range(days)
    )
