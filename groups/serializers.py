from rest_framework import serializers

from fitspace.serializers import StrictFieldsMixin, json_datetime
from groups.models import Group, GroupSession, Invite, Membership, SessionParticipant
from users.serializers import TimeZoneField
from workouts.models import Workout
from workouts.serializers import TrainingFieldsMixin


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class GroupSerializer(StrictFieldsMixin, TrainingFieldsMixin, serializers.ModelSerializer):
    timezone = TimeZoneField(required=False)
    my_role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "description",
            "timezone",
            "period",
            "starts_on",
            "ends_on",
            "status",
            "metric",
            "member_target",
            "group_target",
            "my_role",
            "member_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "my_role", "member_count", "created_at", "updated_at"]

    def validate(self, attrs):
        starts_on = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends_on = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts_on and ends_on and ends_on < starts_on:
            raise serializers.ValidationError({"ends_on": ["Must not be before starts_on."]})
        return attrs


class GroupCloneSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    invite_members = serializers.BooleanField(
        default=False, help_text="Invite the source group's members to the new one."
    )

    def validate(self, attrs):
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": ["Must not be before starts_on."]})
        return attrs


class MembershipSerializer(StrictFieldsMixin, TrainingFieldsMixin, serializers.ModelSerializer):
    user = MemberSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "target", "joined_at"]
        read_only_fields = ["user", "joined_at"]


class InviteByIdSerializer(StrictFieldsMixin, serializers.Serializer):
    user = serializers.IntegerField(help_text="The user id to invite.")


class InviteByEmailSerializer(StrictFieldsMixin, serializers.Serializer):
    email = serializers.EmailField(help_text="Invite the account with this address, if any.")


class InviteCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    user = serializers.IntegerField(required=False, help_text="Invite this user id …")
    email = serializers.EmailField(required=False, help_text="… or the account with this email.")

    def validate(self, attrs):
        if len(attrs) != 1:
            raise serializers.ValidationError("Give exactly one of `user` or `email`.")
        return attrs


class InviteSerializer(serializers.ModelSerializer):
    invitee = MemberSerializer(read_only=True)
    invited_by = MemberSerializer(read_only=True)
    group = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Invite
        fields = ["id", "group", "invitee", "invited_by", "status", "expires_at", "created_at"]
        read_only_fields = fields

    def get_group(self, invite: Invite) -> dict:
        return {"id": invite.group_id, "name": invite.group.name}

    def get_status(self, invite: Invite) -> str:
        """`expired` for a pending invite past its time."""
        if invite.status == Invite.Status.PENDING and invite.expires_at <= self.context["now"]:
            return "expired"
        return invite.status


class InviteSentSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ParticipantSerializer(serializers.ModelSerializer):
    user = MemberSerializer(read_only=True)
    workout = serializers.IntegerField(source="workout_id", read_only=True, allow_null=True)
    finished = serializers.SerializerMethodField()

    class Meta:
        model = SessionParticipant
        fields = ["user", "workout", "finished", "joined_at"]

    def get_finished(self, participant: SessionParticipant) -> bool:
        return bool(participant.workout and participant.workout.status == Workout.Status.FINISHED)


class GroupSessionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    created_by = MemberSerializer(read_only=True)
    template = serializers.PrimaryKeyRelatedField(
        queryset=Workout.objects.filter(is_template=True), required=False, allow_null=True
    )
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = GroupSession
        fields = [
            "id",
            "title",
            "starts_at",
            "template",
            "created_by",
            "participant_count",
            "created_at",
        ]
        read_only_fields = ["id", "created_by", "participant_count", "created_at"]

    def validate_template(self, template):
        if template is not None and template.user_id != self.context["request"].user.pk:
            raise serializers.ValidationError("Not a template of yours.", code="does_not_exist")
        return template


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    user = MemberSerializer()
    role = serializers.CharField()
    target = serializers.DecimalField(max_digits=None, decimal_places=2)
    value = serializers.DecimalField(max_digits=None, decimal_places=2)
    percent = serializers.DecimalField(max_digits=None, decimal_places=1)
    reached = serializers.BooleanField()
    last_workout_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, row: dict) -> dict:
        # A leaderboard has up to GROUP_MAX_MEMBERS rows: built directly, with the declared
        # fields' own formatting for decimals (checked against the declared fields by a test).
        fields = self.fields
        return {
            "rank": row["rank"],
            "user": {"id": row["user"].pk, "name": row["user"].name},
            "role": row["role"],
            "target": fields["target"].to_representation(row["target"]),
            "value": fields["value"].to_representation(row["value"]),
            "percent": fields["percent"].to_representation(row["percent"]),
            "reached": row["reached"],
            "last_workout_at": json_datetime(row["last_workout_at"]),
        }


class ProgressSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    period = serializers.CharField(help_text="`2026-W47` or `2026-11`.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    metric = serializers.CharField()
    members = LeaderboardRowSerializer(many=True)
    total = serializers.DecimalField(max_digits=None, decimal_places=2)
    group_target = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    group_percent = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)
    group_reached = serializers.BooleanField()


class ProgressQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^(19[7-9][0-9]|20[0-9][0-9]|2100)-(W(0[1-9]|[1-4][0-9]|5[0-3])|0[1-9]|1[0-2])$",
        required=False,
        help_text="Which period: `2026-W47` (weekly groups) or `2026-11` (monthly); default "
        "the current one, in the group's time zone.",
    )
