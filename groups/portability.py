"""The groups part of a user's export: the groups they own (settings, and their members as
public profiles: names and roles, never addresses), and the groups they are in. Importing
recreates the owned groups' settings under the importer (once: by uid); members are not
carried over (they are accounts of the server the export came from: invite them again)."""

from typing import Any

from django.db import transaction
from rest_framework import serializers

from fitspace.serializers import JsonTypesMixin
from groups.models import Group, Membership
from groups.services import group_create
from users.models import User

EXPORTED = [
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
]


def export_groups(user: User) -> dict[str, Any]:
    owned = Group.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.OWNER
    ).prefetch_related("memberships__user")
    joined = Membership.objects.filter(user=user).select_related("group")
    return {
        "owned": [
            {
                "uid": str(group.uid),
                **{field: _json(getattr(group, field)) for field in EXPORTED},
                "members": [
                    {"name": m.user.name, "role": m.role, "target": _json(m.target)}
                    for m in group.memberships.all()
                ],
            }
            for group in owned.order_by("created_at", "id")
        ],
        "memberships": [
            {"group": str(m.group.uid), "name": m.group.name, "role": m.role}
            for m in joined.order_by("joined_at", "id")
        ],
    }


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class ImportGroupSerializer(JsonTypesMixin, serializers.ModelSerializer):
    uid = serializers.UUIDField()

    class Meta:
        model = Group
        fields = ["uid", *EXPORTED]
        extra_kwargs = {"status": {"read_only": False, "required": False}}


class ImportGroupsSerializer(JsonTypesMixin, serializers.Serializer):
    owned = ImportGroupSerializer(many=True, default=list, max_length=1000)


@transaction.atomic
def load_groups(*, user: User, data: Any) -> dict[str, int]:
    section = ImportGroupsSerializer(data=data)
    if not section.is_valid():
        raise serializers.ValidationError({"groups": section.errors})
    created = skipped = 0
    for item in section.validated_data["owned"]:
        if Group.objects.filter(uid=item["uid"]).exists():
            skipped += 1
            continue
        status = item.pop("status", Group.Status.ACTIVE)
        group = group_create(owner=user, data=item)
        if status == Group.Status.ARCHIVED:
            Group.objects.filter(pk=group.pk).update(status=status)
        created += 1
    return {"created": created, "skipped": skipped}
