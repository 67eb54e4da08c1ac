"""SnapStart's runtime hooks (fitspace/snapstart.py), offline: called the way Lambda's runtime
calls them (before the snapshot: the registry in reverse order; after a restore: in order)."""

import json
import os
import random
import subprocess
import sys

import pytest
import snapshot_restore_py
from django.db import connection

from fitspace import snapstart
from tests.lambda_events import REPO_ROOT, save_python_settings, stage_environment
from users import avatars


def take_snapshot() -> None:
    for hook, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
        hook(*args, **kwargs)


def restore() -> None:
    for hook, args, kwargs in snapshot_restore_py.get_after_restore():
        hook(*args, **kwargs)


def test_the_hooks_are_registered_once_when_django_starts():
    snapstart.register()  # as a second AppConfig.ready() would

    before = [hook for hook, _, _ in snapshot_restore_py.get_before_snapshot()]
    after = [hook for hook, _, _ in snapshot_restore_py.get_after_restore()]
    assert before.count(snapstart.close_database_connections) == 1
    assert after.count(snapstart.reseed_random) == 1
    assert after.count(snapstart.forget_aws_clients) == 1


def test_before_the_snapshot_every_open_database_connection_is_closed(monkeypatch):
    closed, asked = [], []

    class Connection:
        def __init__(self, alias):
            self.alias = alias

        def close(self):
            closed.append(self.alias)

    def all_connections(initialized_only=False):
        asked.append(initialized_only)
        return [Connection("default"), Connection("replica")]

    monkeypatch.setattr(snapstart.connections, "all", all_connections)

    take_snapshot()

    assert closed == ["default", "replica"]
    assert asked == [True]  # opens no connection only to close it


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="Django never closes SQLite's in-memory test database",
)
@pytest.mark.django_db(transaction=True)
def test_a_real_connection_is_closed_before_the_snapshot_and_reopened_by_the_next_query():
    connection.ensure_connection()
    assert connection.connection is not None

    take_snapshot()

    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def draw() -> list[float]:
    # The module-level generator is what the hook re-seeds (and what libraries use).
    return [random.random() for _ in range(4)]  # noqa: S311


def test_each_restored_container_draws_different_random_numbers():
    # Every container restored from one snapshot starts with the same generator state.
    random.seed(20260101)
    restore()
    first_container = draw()
    random.seed(20260101)
    restore()
    second_container = draw()
    random.seed(20260101)
    without_restore = draw()

    assert first_container != second_container
    assert without_restore not in (first_container, second_container)


def test_aws_clients_made_before_the_snapshot_are_made_again_after_a_restore():
    avatars._s3_client.cache_clear()
    before = avatars._s3_client("us-east-1", None)
    assert avatars._s3_client("us-east-1", None) is before

    restore()

    assert avatars._s3_client.cache_info().currsize == 0
    assert avatars._s3_client("us-east-1", None) is not before


def test_with_instantiate_on_import_the_hooks_are_registered_before_the_first_event(tmp_path):
    """What SnapStart needs from Zappa: importing its handler module (Lambda's init phase) sets
    Django up, and with it registers the hooks, before any event arrives."""
    settings_file = save_python_settings("dev", tmp_path / "zappa")
    text = settings_file.read_text().splitlines()
    settings_file.write_text(
        "\n".join("REMOTE_ENV=None" if line.startswith("REMOTE_ENV=") else line for line in text)
    )
    script = (
        "import json, sys, snapshot_restore_py as s\n"
        "import zappa.handler\n"
        "names = lambda registry: [f.__module__ + '.' + f.__name__ for f, _, _ in registry]\n"
        "print(json.dumps({'django_ready': zappa.handler.global_handler.wsgi_app is not None,"
        " 'before': names(s.get_before_snapshot()), 'after': names(s.get_after_restore())}))\n"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(settings_file.parent)]),
        **stage_environment("dev"),
        "DJANGO_SECRET_KEY": "snapstart-" + "k" * 50,
        "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT": "1",
    }

    process = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert process.returncode == 0, process.stderr[-3000:]
    registered = json.loads(process.stdout.strip().splitlines()[-1])
    assert registered == {
        "django_ready": True,
        "before": ["fitspace.snapstart.close_database_connections"],
        "after": ["fitspace.snapstart.reseed_random", "fitspace.snapstart.forget_aws_clients"],
    }
