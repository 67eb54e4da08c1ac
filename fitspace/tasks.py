"""Scheduled jobs of the API itself, run by Zappa from the `events` of zappa_settings.json."""

from typing import Any

from fitspace.idempotency import purge_expired


def purge_idempotency_keys(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Hourly: forget the answers of POSTs whose Idempotency-Key has expired (also
    `manage.py purge_idempotency_keys`)."""
    return {"purged": purge_expired()}
