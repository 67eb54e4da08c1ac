"""The wellness part of a user's export (`"wellness"`, registered with the training log's
section registry): cycle tracking on or off, the journal with its tags, period days, and the
skin log. Importing adds what is not there yet — journal and skin entries by uid, period days by
date — so a second import adds nothing. Photos are not in the document (it has to fit one
request); a skin entry says whether it had one (`had_photo`)."""

from typing import Any

from django.db import transaction
from rest_framework import serializers

from fitspace.serializers import JsonTypesMixin
from users.models import User
from wellness import limits
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry
from wellness.serializers import PeriodDaySerializer, TagNameField
from wellness.services import tags_for
from workouts.serializers import TrainingFieldsMixin

JOURNAL_FIELDS = ["date", "mood", "energy", "sleep_hours", "soreness", "text"]
PERIOD_FIELDS = ["date", "flow", "symptoms", "symptom_tags", "notes"]
SKIN_FIELDS = ["date", *SkinEntry.METRICS, "notes", "metrics_source"]


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_wellness(user: User) -> dict[str, Any]:
    journal = JournalEntry.objects.filter(user=user).prefetch_related("tags")
    return {
        "cycle_tracking": CycleSettings.objects.filter(user=user, enabled=True).exists(),
        "journal": [
            {
                "uid": str(entry.uid),
                **{f: _json(getattr(entry, f)) for f in JOURNAL_FIELDS},
                "tags": sorted((t.name for t in entry.tags.all()), key=str.casefold),
                "created_at": entry.created_at.isoformat(),
            }
            for entry in journal.order_by("date", "id")
        ],
        "period_days": [
            {f: _json(getattr(day, f)) for f in PERIOD_FIELDS}
            for day in PeriodDay.objects.filter(user=user).order_by("date")
        ],
        "skin": [
            {
                "uid": str(entry.uid),
                **{f: _json(getattr(entry, f)) for f in SKIN_FIELDS},
                "analyzed_at": _json(entry.analyzed_at),
                "had_photo": bool(entry.photo_key),
            }
            for entry in SkinEntry.objects.filter(user=user).order_by("date", "id")
        ],
    }


class ImportJournalSerializer(TrainingFieldsMixin, serializers.ModelSerializer):
    uid = serializers.UUIDField()
    tags = serializers.ListField(
        child=TagNameField(), default=list, max_length=limits.MAX_TAGS_PER_ENTRY
    )
    created_at = serializers.DateTimeField(required=False)

    class Meta:
        model = JournalEntry
        fields = ["uid", *JOURNAL_FIELDS, "tags", "created_at"]


class ImportPeriodDaySerializer(PeriodDaySerializer):
    class Meta(PeriodDaySerializer.Meta):
        fields = PERIOD_FIELDS


class ImportSkinSerializer(TrainingFieldsMixin, serializers.ModelSerializer):
    uid = serializers.UUIDField()
    analyzed_at = serializers.DateTimeField(required=False, allow_null=True)
    had_photo = serializers.BooleanField(required=False)

    class Meta:
        model = SkinEntry
        fields = ["uid", *SKIN_FIELDS, "analyzed_at", "had_photo"]


class ImportWellnessSerializer(JsonTypesMixin, serializers.Serializer):
    cycle_tracking = serializers.BooleanField(default=False)
    journal = ImportJournalSerializer(many=True, default=list, max_length=limits.MAX_IMPORT_ENTRIES)
    period_days = ImportPeriodDaySerializer(
        many=True, default=list, max_length=limits.MAX_IMPORT_ENTRIES
    )
    skin = ImportSkinSerializer(many=True, default=list, max_length=limits.MAX_IMPORT_ENTRIES)

    def validate(self, attrs):
        problems = {}
        for section, key in (("journal", "uid"), ("period_days", "date"), ("skin", "uid")):
            seen: set = set()
            for index, item in enumerate(attrs[section]):
                if item[key] in seen:
                    problems[f"{section}[{index}].{key}"] = ["Appears twice in this document."]
                seen.add(item[key])
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


@transaction.atomic
def load_wellness(*, user: User, data: Any) -> dict[str, int]:
    section = ImportWellnessSerializer(data=data)
    if not section.is_valid():
        raise serializers.ValidationError({"wellness": section.errors})
    items = section.validated_data
    created = skipped = 0
    if items["cycle_tracking"]:
        CycleSettings.objects.update_or_create(user=user, defaults={"enabled": True})

    have = set(JournalEntry.objects.filter(user=user).values_list("uid", flat=True))
    for item in items["journal"]:
        if item["uid"] in have:
            skipped += 1
            continue
        item = dict(item)
        names, created_at = item.pop("tags"), item.pop("created_at", None)
        entry = JournalEntry.objects.create(user=user, **item)
        entry.tags.set(tags_for(user=user, names=names))
        if created_at:
            JournalEntry.objects.filter(pk=entry.pk).update(created_at=created_at)
        created += 1

    days = set(PeriodDay.objects.filter(user=user).values_list("date", flat=True))
    new_days = [PeriodDay(user=user, **i) for i in items["period_days"] if i["date"] not in days]
    PeriodDay.objects.bulk_create(new_days, batch_size=500)
    created += len(new_days)
    skipped += len(items["period_days"]) - len(new_days)

    have = set(SkinEntry.objects.filter(user=user).values_list("uid", flat=True))
    new_skin = [
        SkinEntry(user=user, **{k: v for k, v in i.items() if k != "had_photo"})
        for i in items["skin"]
        if i["uid"] not in have
    ]
    SkinEntry.objects.bulk_create(new_skin, batch_size=500)
    created += len(new_skin)
    skipped += len(items["skin"]) - len(new_skin)
    return {"created": created, "skipped": skipped}
