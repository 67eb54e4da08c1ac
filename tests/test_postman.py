"""Postman: the collection generated from the schema is the committed one, and newman runs both
collections green against a server on 127.0.0.1 (.ci/postman, README: Postman).

Node.js and npm are required, not optional: without them these tests fail saying so.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTMAN = REPO_ROOT / ".ci" / "postman"
GENERATED = POSTMAN / "fitspace.postman_collection.json"
FLOW = POSTMAN / "flow.postman_collection.json"


@pytest.fixture(scope="module")
def node_tools():
    missing = [name for name in ("node", "npm") if shutil.which(name) is None]
    assert not missing, (
        f"{' and '.join(missing)} not on PATH: the Postman tests need Node.js 18+ and npm "
        "(Debian: apt-get install nodejs npm)"
    )


def requests_in(items):
    for item in items:
        if "item" in item:
            yield from requests_in(item["item"])
        else:
            yield item


def schema_path(request) -> str:
    return "/" + "/".join(
        f"{{{s[1:]}}}" if s.startswith(":") else s for s in request["url"]["path"]
    )


def test_the_generated_collection_is_what_the_schema_gives_now(node_tools):
    check = subprocess.run(
        [sys.executable, str(POSTMAN / "build.py"), "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert check.returncode == 0, check.stdout + check.stderr  # fix: `make postman`, commit


def test_every_generated_request_tests_for_the_statuses_its_operation_documents():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    collection = json.loads(GENERATED.read_text())
    requests = list(requests_in(collection["item"]))

    seen = set()
    for item in requests:
        request = item["request"]
        path, method = schema_path(request), request["method"].lower()
        operation = schema["paths"][path][method]
        documented = sorted(int(code) for code in operation["responses"])
        (script,) = [e["script"]["exec"] for e in item["event"] if e["listen"] == "test"]
        assert f"const documented = {json.dumps(documented, separators=(',', ':'))};" in script, (
            path,
            method,
        )
        assert any("to.be.below(500)" in line for line in script), (path, method)
        public = all(not requirement for requirement in operation.get("security", [{}]))
        assert ("auth" in request) is public, (path, method)  # else Bearer {{accessToken}}
        seen.add((path, method))

    every = {(path, method) for path, methods in schema["paths"].items() for method in methods}
    assert seen == every
    assert len(requests) == len(every)
    last = requests[-1]["request"]
    assert (last["method"], schema_path(last)) == ("DELETE", "/api/v1/users/{id}")
    assert collection["auth"]["bearer"][0]["value"] == "{{accessToken}}"
    assert {v["key"] for v in collection["variable"]} >= {"baseUrl", "accessToken"}


@pytest.mark.django_db(transaction=True)
def test_newman_runs_the_flow_and_the_generated_collection_green(node_tools, tmp_path):
    from django.db import connection

    command = [sys.executable, str(POSTMAN / "run.py"), "--reports", str(tmp_path)]
    if connection.vendor == "postgresql":  # the test database, as the suite left it
        database = connection.settings_dict
        password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        command += [
            "--database-url",
            f"postgres://{database['USER']}{password}@{host}/{database['NAME']}",
        ]
    run = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)

    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-4000:]
    flow = json.loads((tmp_path / "flow.json").read_text())["run"]
    generated = json.loads((tmp_path / "generated.json").read_text())["run"]
    for report in (flow, generated):
        assert report["failures"] == []
        assert all(e["assertions"] for e in report["executions"])  # every request tested
    flow_requests = list(requests_in(json.loads(FLOW.read_text())["item"]))
    assert flow["stats"]["items"]["total"] == len(flow_requests)
    assert [e["response"]["code"] for e in flow["executions"]][-3:] == [204, 401, 401]
    generated_requests = list(requests_in(json.loads(GENERATED.read_text())["item"]))
    assert generated["stats"]["items"]["total"] == len(generated_requests)
    answers = {
        (e["item"]["request"]["method"], "/" + "/".join(e["item"]["request"]["url"]["path"])): e[
            "response"
        ]["code"]
        for e in generated["executions"]
    }
    assert answers[("GET", "/api/v1/users/me")] == 200  # signed in, not 401s all the way
    assert answers[("GET", "/status")] == 200
