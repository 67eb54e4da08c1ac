from typing import Any

from django.db import transaction

from users.models import User
from workouts.models import Workout


@transaction.atomic
def workout_create(*, user: User, name: str, description: str = "") -> Workout:
    return Workout.objects.create(user=user, name=name, description=description)


@transaction.atomic
def workout_update(*, workout: Workout, data: dict[str, Any]) -> Workout:
    """Change the given fields; fields not in ``data`` keep their values."""
    for field, value in data.items():
        setattr(workout, field, value)
    workout.save(update_fields=[*data, "updated_at"])
    return workout
