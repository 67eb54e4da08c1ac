from rest_framework import serializers

from fitspace.serializers import StrictFieldsMixin
from workouts.models import Workout


class WorkoutSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Workout
        fields = ["id", "user", "name", "description", "created_at", "updated_at"]
        # The owner comes from the URL on create and never changes.
        read_only_fields = ["id", "user", "created_at", "updated_at"]
