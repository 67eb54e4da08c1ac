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


def test_the_demo_has_an_athlete_with_six_months_of_journal_cycles_and_training(client):
    from rest_framework.test import APIClient

    from demo.wellness import EMAIL

    call_command("load_demo_data")
    maya = User.objects.get(email=EMAIL)
    api = APIClient()
    api.force_authenticate(maya)
    today = timezone.localdate()

    journal = maya.journal_entries.order_by("date")
    predictions = api.get("/api/v1/cycles/predictions").json()
    insights = api.get(
        f"/api/v1/insights?date_from={today - dt.timedelta(days=120)}&date_to={today}"
    ).json()

    assert (today - journal.first().date).days >= 182
    assert journal.count() >= 180
    assert maya.workouts.filter(status="finished").count() >= 90
    assert predictions["ready"] is True
    assert predictions["complete_cycles"] == 6
    assert predictions["next_periods"][0]["expected"] > str(today)
    assert all(p["journal_entries"] > 0 and p["workouts"] > 0 for p in insights["phases"])
    phases = {p["phase"]: p["avg_energy"] for p in insights["phases"]}
    assert phases["ovulatory"] > phases["menstrual"]
    assert len(insights["weeks"]) >= 17
