from django.core.management.base import BaseCommand

from fitspace.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete the stored answers of POSTs whose Idempotency-Key has expired."

    def handle(self, *args, **options):
        self.stdout.write(f"Purged {purge_expired()} expired idempotency key(s).")
