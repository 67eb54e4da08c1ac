"""What a Lambda cold start loads: only what its first request needs (README: Package and cold
start). The schema generator and the static files wait for the first request that uses them."""

import json
import os
import subprocess
import sys

from django.http import HttpResponse
from django.test import RequestFactory

from fitspace.middleware import StaticFilesMiddleware
from tests.lambda_events import (
    REPO_ROOT,
    api_gateway_event,
    save_python_settings,
    stage_environment,
)

# One container: Zappa's handler serves /status, then the API docs, then an admin stylesheet.
CONTAINER = """
import json, sys
from zappa.handler import LambdaHandler

handler = LambdaHandler()
seen = {}
def snapshot(name):
    import gc
    from fitspace.middleware import StaticFilesMiddleware
    statics = [o for o in gc.get_objects() if isinstance(o, StaticFilesMiddleware)]
    seen[name] = {
        "schema views": "drf_spectacular.views" in sys.modules,
        "oauth client": "authlib" in sys.modules,
        "static files": sum(len(s.files) for s in statics),
    }
events = json.load(open(sys.argv[1]))
for name, event in events:
    seen[name + " status"] = handler.handler(event, None)["statusCode"]
    snapshot(name)
print(json.dumps(seen))
"""


def test_a_cold_start_serving_the_api_loads_neither_the_schema_generator_nor_static_files(
    tmp_path,
):
    settings_file = save_python_settings("dev", tmp_path / "zappa")
    lines = settings_file.read_text().splitlines()
    settings_file.write_text(
        "\n".join("REMOTE_ENV=None" if line.startswith("REMOTE_ENV=") else line for line in lines)
    )
    events = [
        ("status", api_gateway_event("GET", "/status", stage="dev")),
        ("docs", api_gateway_event("GET", "/api/docs/", stage="dev")),
        ("css", api_gateway_event("GET", "/static/admin/css/base.css", stage="dev")),
    ]
    (tmp_path / "events.json").write_text(json.dumps(events))
    (tmp_path / "container.py").write_text(CONTAINER)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(settings_file.parent)]),
        **stage_environment("dev"),
        "DJANGO_SECRET_KEY": "start-up-" + "k" * 50,
        "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    process = subprocess.run(
        [sys.executable, str(tmp_path / "container.py"), str(tmp_path / "events.json")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert process.returncode == 0, process.stderr[-3000:]
    seen = json.loads(process.stdout.strip().splitlines()[-1])
    assert seen["status status"] == 200
    assert seen["status"] == {"schema views": False, "static files": 0, "oauth client": False}
    assert seen["docs status"] == 200
    assert seen["docs"]["schema views"] is True
    assert seen["css status"] == 200
    assert seen["css"]["static files"] > 100  # the admin's and Swagger UI's, found at once


def test_static_files_are_found_on_the_first_request_under_the_static_prefix(settings):
    settings.WHITENOISE_AUTOREFRESH = False
    middleware = StaticFilesMiddleware(lambda request: HttpResponse("from Django", status=404))
    requests = RequestFactory()
    assert middleware.files == {}

    api = middleware(requests.get("/api/v1/anything"))
    assert api.content == b"from Django"
    assert middleware.files == {}

    css = middleware(requests.get("/static/admin/css/base.css"))
    assert css.status_code == 200
    assert "/static/admin/css/base.css" in middleware.files
    missing = middleware(requests.get("/static/admin/css/missing.css"))
    assert missing.content == b"from Django"
