"""Re-encrypt every stored OAuth token under the newest key of INTEGRATIONS_TOKEN_KEYS."""

from django.core.management.base import BaseCommand

from integrations.services import tokens_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt OAuth tokens under the newest INTEGRATIONS_TOKEN_KEYS key (MultiFernet "
        "rotate), in batches; rows already on the newest key are left alone, so it can be run "
        "again safely. Run it after putting a new key first, before dropping the old one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size: int, **options):
        rotated = tokens_reencrypt(batch_size=batch_size)
        self.stdout.write(f"re-encrypted {rotated} connection(s) under the newest key")
