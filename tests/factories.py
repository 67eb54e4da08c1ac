import factory

from users.models import User
from workouts.models import Workout


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
