"""A skin entry's photo is deleted with it, once the deletion commits: deleting one entry, or
the whole account (a cascade sends the same signal for each entry)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from users import avatars
from wellness.models import SkinEntry


@receiver(post_delete, sender=SkinEntry, dispatch_uid="wellness-skin-photo-delete")
def delete_photo(sender, instance: SkinEntry, **kwargs) -> None:
    if instance.photo_key:
        key = instance.photo_key
        transaction.on_commit(lambda: avatars.delete(key) if avatars.available() else None)
