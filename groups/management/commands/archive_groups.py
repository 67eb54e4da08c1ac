from django.core.management.base import BaseCommand

from groups.services import groups_archive_expired


class Command(BaseCommand):
    help = "Archive the groups whose end date has passed (what the daily scheduled job does)."

    def handle(self, *args, **options):
        archived = groups_archive_expired()
        self.stdout.write(f"Archived {len(archived)} group(s).")
