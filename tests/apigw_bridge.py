"""A local stand-in for API Gateway in front of the Lambda function, for a real browser.

`ApiGatewayBridge` serves HTTP on 127.0.0.1 (a free port) in a thread of its own. Each browser
request becomes an API Gateway REST proxy event, built from the real AWS sample as
tests/lambda_events.py builds them: the stage stripped from the path and put in requestContext,
the API's own Host, the body base64-encoded (Zappa's `binary_support` has API Gateway take every
media type as binary). The event goes to the function's entry point in this process, and its
answer goes back to the browser: status, `headers` and `multiValueHeaders` (every Set-Cookie),
the body decoded from base64 where the answer says so.

The browser talks to http://127.0.0.1:PORT/<stage>/...; the application sees
https://<api-id>.execute-api.../<stage>/..., so Origin and Referer are rewritten to the API's
origin, as a browser on the real URL would send them, and an absolute Location back.

Requests are served one at a time, one per connection (HTTP/1.0), like one Lambda container.
The serving thread has its own database connection: tests must commit what the page should show
(`transactional_db`), and the connection is closed when the bridge stops.
"""

import base64
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import boto3
import pytest
from django.db import connections
from django.test import override_settings
from moto import mock_aws
from zappa.handler import LambdaHandler

from tests.lambda_events import (
    API_HOST,
    api_gateway_event,
    save_python_settings,
    stage_environment,
)

API_ORIGIN = f"https://{API_HOST}"
# Hop-by-hop headers end at API Gateway; it does not pass them to the function.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"}
# Headers the bridge computes itself for the browser.
COMPUTED = {"content-length", "connection", "transfer-encoding", "date", "server"}
# Answers that never have a body, nor a Content-Length.
NO_BODY = {HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED}


@contextmanager
def lambda_function(stage: str, workdir: Path) -> Iterator[Callable[[dict, object], dict]]:
    """The function's entry point (`fitspace.lambda_handler.lambda_handler`) after a cold start
    of Zappa's handler for `stage`, as tests/test_zappa_handler.py makes one: its settings from
    `zappa save-python-settings-file`, its remote_env file from S3 (moto), the stage's
    environment. Django stays on the test settings, with the stage's hosts and STATIC_URL."""
    from fitspace.lambda_handler import lambda_handler

    settings_file = save_python_settings(stage, workdir)
    stage_env = stage_environment(stage)
    saved_environ = os.environ.copy()
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(
            ALLOWED_HOSTS=[stage_env["DJANGO_ALLOWED_HOSTS"]], STATIC_URL=stage_env["STATIC_URL"]
        ),
    ):
        patch.syspath_prepend(str(settings_file.parent))
        patch.delitem(sys.modules, "zappa_settings", raising=False)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            patch.setenv(name, "testing")
        patch.setattr(LambdaHandler, "_LambdaHandler__instance", None)
        try:
            with mock_aws():
                s3 = boto3.client("s3", region_name="us-east-1")
                s3.create_bucket(Bucket="fitspace-config-replace-me")
                s3.put_object(
                    Bucket="fitspace-config-replace-me",
                    Key=f"{stage}.json",
                    Body=json.dumps({"DJANGO_SECRET_KEY": "k" * 50}),
                )
                LambdaHandler()  # the container's handler, which lambda_handler uses from now on
            yield lambda_handler
        finally:
            os.environ.clear()
            os.environ.update(saved_environ)


class ApiGatewayBridge:
    """Serve `lambda_handler(event, context)` to a browser under `/<stage>/`."""

    def __init__(self, lambda_handler: Callable[[dict, object], dict], *, stage: str):
        self.lambda_handler = lambda_handler
        self.stage = stage
        self.server = HTTPServer(("127.0.0.1", 0), self._request_handler())
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, name="apigw-bridge", daemon=True)

    def url(self, path: str) -> str:
        """The browser's URL for an application path, e.g. `/admin/` → …/dev/admin/."""
        return f"{self.origin}/{self.stage}{path}"

    def __enter__(self) -> "ApiGatewayBridge":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self._thread.join(timeout=10)
        self.server.server_close()

    def _serve(self) -> None:
        try:
            self.server.serve_forever(poll_interval=0.1)
        finally:
            connections.close_all()  # this thread's connection to the test database

    # --- One request ---------------------------------------------------------------------
    def event_for(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> dict | None:
        """The API Gateway event for a browser request, or None outside the stage."""
        parts = urlsplit(target)
        prefix = f"/{self.stage}"
        if parts.path != prefix and not parts.path.startswith(prefix + "/"):
            return None
        path = parts.path[len(prefix) :] or "/"
        forwarded: dict[str, list[str]] = {}
        for name, value in headers:
            if name.lower() in HOP_BY_HOP or name.lower() in ("host", "content-length"):
                continue
            if name.lower() in ("origin", "referer") and value.startswith(self.origin):
                value = API_ORIGIN + value[len(self.origin) :]
            forwarded.setdefault(name, []).append(value)
        event = api_gateway_event(
            method,
            path,
            stage=self.stage,
            body=base64.b64encode(body).decode() if body else None,
            headers={name: values[-1] for name, values in forwarded.items()},
        )
        event["isBase64Encoded"] = bool(body)
        # The browser's headers replace the sample's of the same name in any case.
        sent = {name.lower() for name in forwarded}
        for mapping in (event["headers"], event["multiValueHeaders"]):
            for name in [n for n in mapping if n.lower() in sent and n not in forwarded]:
                del mapping[name]
        event["multiValueHeaders"].update(forwarded)
        query = parse_qsl(parts.query, keep_blank_values=True)
        multi: dict[str, list[str]] = {}
        for key, value in query:
            multi.setdefault(key, []).append(value)
        event["queryStringParameters"] = {k: v[-1] for k, v in multi.items()} or None
        event["multiValueQueryStringParameters"] = multi or None
        return event

    def browser_response(self, result: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for the browser, from the function's answer (API Gateway
        takes multiValueHeaders over headers for a name in both)."""
        merged: dict[str, list[str]] = {k: [v] for k, v in (result.get("headers") or {}).items()}
        merged.update(result.get("multiValueHeaders") or {})
        headers = []
        for name, values in merged.items():
            if name.lower() in COMPUTED:
                continue
            for value in values:
                if name.lower() == "location" and value.startswith(API_ORIGIN):
                    value = self.origin + value[len(API_ORIGIN) :]
                headers.append((name, value))
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        return int(result["statusCode"]), headers, data

    def _request_handler(self) -> type[BaseHTTPRequestHandler]:
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one_request(self) -> None:
                self.raw_requestline = self.rfile.readline(65537)
                if not self.raw_requestline or not self.parse_request():
                    self.close_connection = True
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                event = bridge.event_for(self.command, self.path, self.headers.items(), body)
                if event is None:
                    self.send_error(HTTPStatus.FORBIDDEN, "Missing Authentication Token")
                    return
                status, headers, data = bridge.browser_response(bridge.lambda_handler(event, None))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if status not in NO_BODY:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD" and status not in NO_BODY:
                    self.wfile.write(data)
                self.wfile.flush()

            def log_message(self, format, *args) -> None:
                """Zappa's handler logs each request already."""

        return Handler
