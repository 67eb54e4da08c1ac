import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from demo.management.commands.load_demo_data import DEMO_PASSWORD, DEMO_STAFF_EMAIL
from users.models import User
from workouts.models import Workout

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_with_a_staff_login():
    call_command("load_demo_data")
    counts = (User.objects.count(), Workout.objects.count())
    call_command("load_demo_data")

    assert (User.objects.count(), Workout.objects.count()) == counts
    assert counts[1] > 0
    staff = User.objects.get(email=DEMO_STAFF_EMAIL)
    assert staff.is_staff
    assert staff.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="ana@example.com").check_password(DEMO_PASSWORD)
    ben = User.objects.get(email="ben@example.com")
    assert ben.workouts.filter(status="finished", exercises__sets__completed=True).exists()
    squat = ben.records.get(exercise__slug="barbell-back-squat", kind="heaviest_weight")
    assert squat.value == Decimal("122.50")
    assert squat.achieved_at < timezone.now() - dt.timedelta(days=1)


def test_demo_data_refuses_deployed_stages(settings):
    settings.DEPLOYED = True

    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not User.objects.exists()
