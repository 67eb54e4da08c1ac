"""Check the zip `make package` built, then run it as Lambda would: from the unzipped files.

1. The app and its runtime dependencies are in; tests, dev tools, what only deploying needs
   and what the Lambda runtime provides (boto3, botocore, …) are out; the zip is at most
   MAX_MIB; every module has bytecode valid as deployed (hash-based, unchecked: file times in
   the zip do not matter), for this Python's version.
2. A fresh interpreter that sees only the unzipped package (stored file times, read-only) and a
   runtime-style folder with the runtime's boto3 (requirements-lambda-runtime.txt; no
   virtualenv, no site-packages) loads Zappa's handler, migrates an empty SQLite database through
   a `manage` event, checks through a `raw_command` event that boto3 comes from that folder and
   works (presigns an S3 link offline), that cryptography verifies an RS256 token and that
   Authlib's OAuth2Session runs on the zip's requests and certifi without idna,
   charset_normalizer or joserfc; answers GET /status, refuses the users list to an anonymous
   caller with the API's 401, and serves the OpenAPI schema, the staff dashboard's chart
   library and the admin's minified jQuery (static files, through WhiteNoise); and logs no
   warning. The stage's remote_env (S3) is switched off: no AWS here.

Usage: python .ci/check_package.py fitspace-dev.zip STAGE
"""

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / ".ci"))

MAX_MIB = 15.0
REQUIRED = [
    "zappa_settings.py",
    "handler.py",
    "manage.py",
    "fitspace/settings.py",
    "users/models.py",
    "workouts/models.py",
    "wellness/models.py",
    "fitspace/templates/admin/fitspace/dashboard.html",
    "fitspace/static/fitspace/vendor/chartjs/chart.umd.min.js",
    "certifi/cacert.pem",  # requests' CA bundle (the integrations' HTTPS calls)
]
# Third-party modules may ship as bytecode only (.pyc beside where the .py was).
REQUIRED_MODULES = [
    "django/__init__",
    "rest_framework/__init__",
    "psycopg2/__init__",
    "whitenoise/__init__",
    "zappa/handler",
    "werkzeug/__init__",
    "durationpy/__init__",
    "requests/__init__",  # Authlib's OAuth2Session (the integrations)
    "certifi/__init__",
    "authlib/integrations/requests_client/oauth2_session",
]
FORBIDDEN_TOP_LEVEL = {"tests", "pytest", "_pytest", "moto", "factory", "faker", "ruff", ".env"}
FORBIDDEN_TOP_LEVEL |= {"test-artifacts"}  # the browser tests' screenshots
FORBIDDEN_TOP_LEVEL |= {".ruff_cache", ".pytest_cache", ".import_linter_cache"}  # `make lint`
# What the runtime provides, and what only `zappa deploy/update` on the deploying machine uses.
FORBIDDEN_TOP_LEVEL |= {"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3"}
FORBIDDEN_TOP_LEVEL |= {"troposphere", "cfn_flip", "placebo", "hjson", "tqdm", "click"}
FORBIDDEN_TOP_LEVEL |= {"pip", "setuptools", "wheel", "argcomplete", "toml", "kappa"}
# requests' optional helpers, and joserfc (only Authlib's OpenID Connect and JWT parts use it).
FORBIDDEN_TOP_LEVEL |= {"idna", "charset_normalizer", "joserfc", "_yaml"}
# Pillow serves the local skin analyzer only; the AWS stages use Bedrock (7 MiB saved).
FORBIDDEN_TOP_LEVEL |= {"PIL", "pillow.libs"}
FORBIDDEN_PARTS = ["django/contrib/gis/", "django/conf/locale/de/", "/tests/"]
# What slim_package.py and exclude_glob leave out: LibYAML, the admin's unminified vendor
# scripts, Authlib's OAuth 1 and OpenID Connect clients.
FORBIDDEN_PARTS += ["yaml/_yaml.", "vendor/jquery/jquery.js", "vendor/xregexp/xregexp.js"]
FORBIDDEN_PARTS += ["vendor/select2/select2.full.js", "authlib/oauth1/", "authlib/oidc/"]


def check_contents(package: zipfile.ZipFile) -> list[str]:
    names = package.namelist()
    top_level = {name.split("/", 1)[0] for name in names}
    problems = [f"missing {name}" for name in REQUIRED if name not in names]
    problems += [
        f"missing {module}.py or .pyc"
        for module in REQUIRED_MODULES
        if f"{module}.py" not in names and f"{module}.pyc" not in names
    ]
    problems += [f"should not ship {name}" for name in sorted(FORBIDDEN_TOP_LEVEL & top_level)]
    problems += [
        f"should not ship {part}" for part in FORBIDDEN_PARTS if any(part in n for n in names)
    ]
    if "DJANGO_SETTINGS='fitspace.settings'" not in package.read("zappa_settings.py").decode():
        problems.append("zappa_settings.py does not load fitspace.settings")
    return problems + check_bytecode(package)


def check_bytecode(package: zipfile.ZipFile) -> list[str]:
    """Every module has bytecode for this Python that the import system uses as it is:
    hash-based and unchecked (flags == 1), so neither file times nor a read-only /var/task
    make Python compile it again at a cold start."""
    names = set(package.namelist())
    tag = sys.implementation.cache_tag
    problems = []
    for name in sorted(names):
        if not name.endswith(".py"):
            continue
        folder, _, file = name.rpartition("/")
        cached = f"{folder}/__pycache__/{file[:-3]}.{tag}.pyc".lstrip("/")
        if cached not in names:
            problems.append(f"no bytecode for {name}")
    for name in sorted(n for n in names if n.endswith(".pyc")):
        header = package.read(name)[:8]
        if header[:4] != importlib.util.MAGIC_NUMBER:
            problems.append(f"{name} is not bytecode for Python {sys.version_info[:2]}")
        elif int.from_bytes(header[4:8], "little") != 1:
            problems.append(f"{name} is not unchecked-hash bytecode")
    return problems[:20]


# Run by Zappa's handler in the function: boto3 must come from the runtime's folder, not the zip,
# and work (an S3 link presigned offline, as the avatar links are); cryptography, trimmed of
# cffi's build tools, must verify an RS256 token as it does Cognito's; Authlib, trimmed of what
# the integrations do not use, must build an authorize URL with PKCE, exchange a code and refresh
# (against a canned token endpoint: no network).
RUNTIME_CHECK = """
import os, boto3, botocore, jwt
from cryptography.hazmat.primitives.asymmetric import rsa
task = os.environ["LAMBDA_TASK_ROOT"]
assert not boto3.__file__.startswith(task), boto3.__file__
assert not botocore.__file__.startswith(task), botocore.__file__
s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
assert s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}).startswith("https://")
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
token = jwt.encode({"sub": "x"}, key, algorithm="RS256")
assert jwt.decode(token, key.public_key(), algorithms=["RS256"]) == {"sub": "x"}
import json, sys, requests, certifi
assert requests.__file__.startswith(task) and certifi.__file__.startswith(task)
assert os.path.isfile(requests.certs.where()), requests.certs.where()
from authlib.integrations.requests_client import OAuth2Session, OAuthError
class TokenEndpoint(requests.adapters.BaseAdapter):
    def send(self, request, **kwargs):
        answer = requests.Response()
        answer.status_code, answer.request = 200, request
        answer._content = json.dumps({"access_token": "a", "token_type": "Bearer",
            "expires_in": 3600, "refresh_token": "r"}).encode()
        return answer
    def close(self):
        pass
for auth in ("client_secret_basic", "client_secret_post"):
    oauth = OAuth2Session(client_id="c", client_secret="s", token_endpoint_auth_method=auth,
        code_challenge_method="S256", redirect_uri="https://app.example/cb")
    oauth.mount("https://provider.example/", TokenEndpoint())
    url, _ = oauth.create_authorization_url("https://provider.example/authorize",
        state="s", code_verifier="v" * 64)
    assert "code_challenge_method=S256" in url, url
    oauth.fetch_token("https://provider.example/token", code="x", code_verifier="v" * 64)
    assert oauth.refresh_token("https://provider.example/token", refresh_token="r")["access_token"]
    oauth.revoke_token("https://provider.example/revoke", token="a")
    oauth.close()
# Left out of the zip, so nothing on this path may have imported them.
left_out = {"idna", "charset_normalizer", "joserfc"} & set(sys.modules)
assert not left_out, left_out
"""


def run_unzipped(path: str, stage: str) -> list[str]:
    from cold_start import make_writable, runtime_sdk_dir, unpack_like_lambda

    from tests.lambda_events import api_gateway_event, stage_environment

    workdir = Path(tempfile.mkdtemp(prefix="fitspace-package-"))
    task = workdir / "task"  # Lambda's /var/task
    unpack_like_lambda(Path(path), task)
    events = [
        {"manage": "migrate --noinput"},
        # In its own globals: Zappa's handler execs raw_command inside a method, where the
        # methods of a class the command defines would not see the names it imports.
        {"raw_command": f"exec({RUNTIME_CHECK!r}, {{}})"},
        api_gateway_event("GET", "/status", stage=stage),
        api_gateway_event("GET", "/api/v1/users", stage=stage),
        # The schema, as YAML: drf-spectacular and PyYAML load on first use (IMPORT_PATCHES).
        api_gateway_event("GET", "/api/schema/", stage=stage),
        api_gateway_event("GET", "/static/fitspace/vendor/chartjs/chart.umd.min.js", stage=stage),
        # The admin's minified jQuery, which it asks for with DEBUG off (the unminified is out).
        api_gateway_event("GET", "/static/admin/js/vendor/jquery/jquery.min.js", stage=stage),
    ]
    (workdir / "events.json").write_text(json.dumps(events))
    env = {
        **stage_environment(stage),
        "DJANGO_SECRET_KEY": "package-check-" + "k" * 50,
        "INTEGRATIONS_TOKEN_KEYS": "k" * 43 + "=",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        # The unzipped package, then the runtime's own packages (boto3), as in Lambda.
        "PYTHONPATH": f"{task}:{runtime_sdk_dir()}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LAMBDA_TASK_ROOT": str(task),
        "PATH": "/usr/bin:/bin",
    }
    try:
        process = subprocess.run(
            [
                sys._base_executable,  # the interpreter behind the venv, without its packages
                "-S",  # nor the interpreter's own site-packages: only the two folders above
                str(REPO_ROOT / "tests" / "lambda_container.py"),
                workdir / "events.json",
                workdir / "results.json",
            ],
            cwd=task,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if process.returncode != 0:
            return [f"the unzipped package did not start:\n{process.stderr[-3000:]}"]
        if "Warning:" in process.stderr:
            return [f"the unzipped package warned:\n{process.stderr[-3000:]}"]
        results = json.loads((workdir / "results.json").read_text())
        _, _, status, users, schema, chart_js, jquery = results
    finally:
        make_writable(workdir)
        shutil.rmtree(workdir, ignore_errors=True)
    expected = (
        ("GET /status", status, 200),
        ("anonymous GET /api/v1/users", users, 401),
        ("GET /api/schema/", schema, 200),
        ("GET the dashboard's Chart.js", chart_js, 200),
        ("GET the admin's jquery.min.js", jquery, 200),
    )
    return [
        f"{name} answered {response['statusCode']}, not {code}: {response.get('body', '')[:300]}"
        for name, response, code in expected
        if response["statusCode"] != code
    ]


def main(path: str, stage: str) -> int:
    size = Path(path).stat().st_size / 2**20
    with zipfile.ZipFile(path) as package:
        problems = check_contents(package)
        files = len(package.namelist())
    if size > MAX_MIB:
        problems.append(f"the zip is {size:.1f} MiB, over the {MAX_MIB} MiB bar")
    problems = problems or run_unzipped(path, stage)
    for problem in problems:
        print(f"package check: {problem}", file=sys.stderr)
    verdict = "FAILED" if problems else "ok, and it serves the API from the unzipped files alone"
    print(f"package check: {path}: {files} files, {size:.1f} MiB; {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
