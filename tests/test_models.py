"""Constraints hold in the database itself, not only in serializers."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import UserFactory, WorkoutFactory
from users.models import User
from workouts.models import Workout

pytestmark = pytest.mark.django_db


def test_email_is_unique_ignoring_case_in_the_database():
    UserFactory(email="ana@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ANA@example.com", name="Ana")])


@pytest.mark.parametrize("field", ["email", "name"])
def test_user_email_and_name_cannot_be_empty_in_the_database(field):
    values = {"email": "a@example.com", "name": "Ana", field: ""}

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(**values)])


def test_workout_name_cannot_be_empty_in_the_database(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workout.objects.bulk_create([Workout(user=user, name="")])


def test_workout_description_length_is_limited_in_the_database(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workout.objects.bulk_create([Workout(user=user, name="Run", description="x" * 5001)])


def test_sign_in_lookup_ignores_email_case():
    user = UserFactory(email="ana@example.com")

    assert User.objects.get_by_natural_key("ANA@Example.com") == user


def test_create_superuser_can_use_the_admin():
    admin = User.objects.create_superuser("boss@example.com", "s3cret-pass", name="Boss")

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("s3cret-pass")


def test_workouts_are_listed_newest_first():
    older, newer = WorkoutFactory(), WorkoutFactory()

    assert list(Workout.objects.all()) == [newer, older]
