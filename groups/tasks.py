"""Scheduled jobs, run by Zappa from the `events` of zappa_settings.json."""

from typing import Any

from groups.services import groups_archive_expired


def archive_expired_groups(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Daily: archive the groups whose end date has passed (also `manage.py archive_groups`)."""
    return {"archived": groups_archive_expired()}
