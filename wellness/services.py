"""Writes of the wellness app: keyword-only, typed, one transaction each."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from users import avatars
from users.models import User
from wellness import analyzers
from wellness.models import CycleSettings, JournalEntry, PeriodDay, SkinEntry, Tag

SKIN_FOLDER = "skin"


class CycleTrackingOff(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Cycle tracking is off: turn it on with PATCH /api/v1/cycles/settings."
    default_code = "cycle_tracking_off"


class NoPhoto(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This entry has no photo to analyze: upload one first."
    default_code = "no_photo"


# --- Cycle tracking ----------------------------------------------------------------------------


@transaction.atomic
def cycle_settings_update(*, user: User, enabled: bool) -> CycleSettings:
    """Turn tracking on or off. Off keeps what was logged (turning it on again shows it) but
    hides phases and predictions everywhere."""
    settings_row, _ = CycleSettings.objects.select_for_update().get_or_create(user=user)
    settings_row.enabled = enabled
    settings_row.save()
    return settings_row


def require_tracking(user: User) -> None:
    if not CycleSettings.objects.filter(user=user, enabled=True).exists():
        raise CycleTrackingOff()


@transaction.atomic
def period_day_create(*, user: User, data: dict[str, Any]) -> PeriodDay:
    require_tracking(user)
    try:
        with transaction.atomic():
            return PeriodDay.objects.create(user=user, **data)
    except IntegrityError:
        raise ValidationError(
            {"date": ["This day is already logged: change it instead."]}, code="unique"
        ) from None


@transaction.atomic
def period_day_update(*, day: PeriodDay, data: dict[str, Any]) -> PeriodDay:
    require_tracking(day.user)
    day = PeriodDay.objects.select_for_update().get(pk=day.pk)
    for field, value in data.items():
        setattr(day, field, value)
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError:
        raise ValidationError({"date": ["This day is already logged."]}, code="unique") from None
    return day


@transaction.atomic
def period_day_delete(*, day: PeriodDay) -> None:
    day.delete()


# --- Journal -----------------------------------------------------------------------------------


def tags_for(*, user: User, names: list[str]) -> list[Tag]:
    """The user's tags of these names, any case (the first spelling is kept), created as
    needed; two requests creating one tag at once get one tag."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(name.strip().casefold(), name.strip())
    tags = []
    for name in wanted.values():
        existing = Tag.objects.named(user, name).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Tag.objects.create(user=user, name=name)
            except IntegrityError:
                existing = Tag.objects.named(user, name).get()
        tags.append(existing)
    return tags


@transaction.atomic
def journal_create(*, user: User, data: dict[str, Any]) -> JournalEntry:
    data = dict(data)
    names = data.pop("tags", [])
    entry = JournalEntry.objects.create(user=user, **data)
    entry.tags.set(tags_for(user=user, names=names))
    return entry


@transaction.atomic
def journal_update(*, entry: JournalEntry, data: dict[str, Any]) -> JournalEntry:
    data = dict(data)
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    names = data.pop("tags", None)
    for field, value in data.items():
        setattr(entry, field, value)
        # The user's own value: no device overwrites it from now on.
        entry.device_fields.pop(field, None)
    entry.save()
    if names is not None:
        entry.tags.set(tags_for(user=entry.user, names=names))
    return entry


# What a device may fill in a journal entry.
DEVICE_FIELDS = (
    "sleep_hours",
    "recovery_score",
    "resting_heart_rate",
    "hrv_ms",
    "sleep_performance",
)


@transaction.atomic
def journal_record_device_values(
    *, user: User, date: datetime.date, source: str, values: dict[str, Any]
) -> JournalEntry:
    """Fill the day's journal entry (the first of the day, or a new one) with a device's
    measurements. The user's own values win: a field is written only while empty or last
    written by a device; `device_fields` remembers which."""
    unknown = set(values) - set(DEVICE_FIELDS)
    if unknown:
        raise ValueError(f"not device fields: {sorted(unknown)}")
    entry = (
        JournalEntry.objects.select_for_update().filter(user=user, date=date).order_by("id").first()
    )
    if entry is None:
        entry = JournalEntry(user=user, date=date)
    changed = []
    for field, value in values.items():
        if value is None:
            continue
        if getattr(entry, field) is not None and field not in entry.device_fields:
            continue  # typed in by the user
        setattr(entry, field, value)
        entry.device_fields[field] = source
        changed.append(field)
    if entry.pk is None or changed:
        entry.full_clean(exclude=["user", "tags"], validate_unique=False)
        entry.save()
    return entry


@transaction.atomic
def journal_delete(*, entry: JournalEntry) -> None:
    entry.delete()


# --- Skin log ----------------------------------------------------------------------------------


@transaction.atomic
def skin_create(*, user: User, data: dict[str, Any]) -> SkinEntry:
    return SkinEntry.objects.create(user=user, **data)


@transaction.atomic
def skin_update(*, entry: SkinEntry, data: dict[str, Any]) -> SkinEntry:
    entry = SkinEntry.objects.select_for_update().get(pk=entry.pk)
    for field, value in data.items():
        setattr(entry, field, value)
    if any(metric in data for metric in SkinEntry.METRICS):
        entry.metrics_source = SkinEntry.Source.MANUAL
    entry.save()
    return entry


@transaction.atomic
def skin_delete(*, entry: SkinEntry) -> None:
    entry.delete()  # the photo goes after the commit (wellness.receivers)


def skin_photo_prefix(user: User) -> str:
    return avatars.user_prefix(user.pk, SKIN_FOLDER)


def skin_photo_key(*, user: User, content_type: str) -> str:
    return avatars.new_key(user.pk, content_type, SKIN_FOLDER)


@transaction.atomic
def skin_set_photo(*, entry: SkinEntry, key: str) -> SkinEntry:
    """Attach an uploaded photo once checked exactly as avatars are (the caller's key, an image
    of its declared type, within the size limit); the previous photo goes after the commit."""
    avatars.check_upload(key, prefix=skin_photo_prefix(entry.user))
    if SkinEntry.objects.filter(photo_key=key).exclude(pk=entry.pk).exists():
        raise ValidationError({"key": ["This upload belongs to another entry."]}, code="invalid")
    entry = SkinEntry.objects.select_for_update().get(pk=entry.pk)
    previous = entry.photo_key
    entry.photo_key = key
    entry.save(update_fields=["photo_key", "updated_at"])
    if previous and previous != key:
        transaction.on_commit(lambda: avatars.delete(previous))
    return entry


@transaction.atomic
def skin_remove_photo(*, entry: SkinEntry) -> SkinEntry:
    entry = SkinEntry.objects.select_for_update().get(pk=entry.pk)
    previous = entry.photo_key
    if previous:
        entry.photo_key = ""
        entry.save(update_fields=["photo_key", "updated_at"])
        transaction.on_commit(lambda: avatars.delete(previous))
    return entry


def skin_analyze(*, entry: SkinEntry) -> tuple[SkinEntry, analyzers.Analysis]:
    """Fill the metrics from the photo. The analyzer runs outside any lock; the entry is then
    written whole, or (on any failure: a 502 or 503) not at all."""
    if not entry.photo_key:
        raise NoPhoto()
    key = entry.photo_key
    try:
        image, content_type = avatars.read(key)
    except FileNotFoundError as exc:
        raise analyzers.AnalysisFailed("The photo is missing from storage.") from exc
    analysis = analyzers.analyze(image, content_type)
    return _skin_store_analysis(entry=entry, key=key, analysis=analysis), analysis


@transaction.atomic
def _skin_store_analysis(*, entry: SkinEntry, key: str, analysis: analyzers.Analysis) -> SkinEntry:
    entry = SkinEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.photo_key != key:
        raise ValidationError(
            {"photo": ["The photo changed during the analysis: analyze again."]}, code="conflict"
        )
    for name, value in analysis.metrics.items():
        setattr(entry, name, value)
    entry.metrics_source = analysis.source
    entry.analyzed_at = timezone.now()
    entry.save()
    return entry
