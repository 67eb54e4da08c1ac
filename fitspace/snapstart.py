"""Lambda SnapStart runtime hooks (README: Package and cold start → SnapStart).

With SnapStart, Lambda runs the function's initialisation once per published version, snapshots
the memory, and starts later containers from that snapshot. What the snapshot must not carry:

- open database connections (the socket would be shared by every container restored from it,
  or long dead): closed before the snapshot, Django opens a new one at the first query;
- one state of the random number generators for every container (the same "random" values in
  each): re-seeded from the OS after each restore. Django's tokens, passwords and session keys
  come from `secrets` (os.urandom), which needs no seeding;
- AWS clients made during initialisation, which hold the credentials of the moment: dropped
  after each restore, made again with the restored container's credentials on first use.

Registered when Django is set up (fitspace.apps): with INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT,
Zappa's handler sets Django up while Lambda initialises the function, before the snapshot.
The hooks are harmless where SnapStart is off or outside Lambda: nobody calls them.
"""

import random

from django.db import connections
from snapshot_restore_py import register_after_restore, register_before_snapshot


def close_database_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()


def reseed_random() -> None:
    random.seed()  # from os.urandom


def forget_aws_clients() -> None:
    from users import avatars

    avatars._s3_client.cache_clear()


def register() -> None:
    """Idempotent: Django may call AppConfig.ready() more than once in tests."""
    from snapshot_restore_py import get_after_restore, get_before_snapshot

    if not any(hook is close_database_connections for hook, _, _ in get_before_snapshot()):
        register_before_snapshot(close_database_connections)
    for hook in (reseed_random, forget_aws_clients):
        if not any(registered is hook for registered, _, _ in get_after_restore()):
            register_after_restore(hook)
