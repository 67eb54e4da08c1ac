"""Turn the zip `zappa package` wrote into the one `zappa update <stage> -z` deploys.

Zappa zips the whole virtualenv as pip left it: no bytecode (Lambda's /var/task is read-only,
so every cold start would compile Django, DRF and the rest again), the AWS SDK the python3.13
runtime already has, Zappa's own deploy-time tools, 90-odd locales and the test suites of
some packages. This script rewrites the zip:

- drops what the runtime provides (boto3, botocore, s3transfer, jmespath, dateutil, six,
  urllib3: Lambda's python3.13 runtime ships boto3 with its dependencies);
- drops what only the deploying machine needs (Zappa's CLI dependencies: troposphere,
  cfn-flip, placebo, hjson, tqdm, click, argcomplete, toml, python-slugify, pip, setuptools,
  wheel, packaging; jsonschema and its helpers, which drf-spectacular only uses for
  `spectacular --validate`; cffi's Python half and pycparser, which build extensions:
  cryptography loads only the compiled _cffi_backend);
- ships requests (Authlib's OAuth2Session, the integrations) with certifi's CA bundle, but not
  its optional helpers: idna (non-ASCII host names only; see REQUESTS_PATCHES) and
  charset_normalizer (guessing the encoding of a body that names none; requests falls back to
  UTF-8);
- drops PyYAML's LibYAML extension (PyYAML falls back to its pure-Python emitter, used for the
  schema as YAML only) and the non-minified copies of the admin's vendor scripts (the admin
  serves the .min.js ones when DEBUG is off, as it is on the AWS stages);
- keeps Django's and the apps' English catalogues only (the project runs in en-us and has no
  LocaleMiddleware), drops the .po sources of those it keeps, the unused contrib apps
  (gis, flatpages, redirects, sitemaps, syndication, humanize, postgres), tests, type stubs, C sources,
  source maps, ReDoc (only Swagger UI is served), DRF's browsable-API assets (local only), the
  RECORD files of .dist-info and the long descriptions in their METADATA (importlib.metadata
  reads the headers: versions, entry points);
- defers Zappa's imports of asyncio (ASGI only) and boto3 (deploy-time helpers) to first use
  (see IMPORT_PATCHES), and so werkzeug's development server and Django's test framework; cuts
  Authlib's imports of the OAuth 1, OpenID Connect and JWT-assertion clients that
  zappa_settings.json's exclude_glob leaves out (with joserfc, which only they use);
- strips the symbol tables of shared objects (`strip --strip-unneeded`);
- compiles every module with `--invalidation-mode unchecked-hash`: the .pyc is used whatever
  the file times in the zip, so it stays valid as deployed. `--sourceless` instead writes
  legacy .pyc files beside the modules and drops the .py (smaller, but tracebacks lose their
  source lines).

Usage: python .ci/slim_package.py IN.zip OUT.zip [--sourceless]
Run it with the Python 3.13 the function runs on (the .pyc format is per minor version).
"""

import argparse
import compileall
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# Lambda's python3.13 runtime has these on sys.path after /var/task.
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3"}
RUNTIME_DISTRIBUTIONS = {"boto3", "botocore", "s3transfer", "jmespath", "python_dateutil"}
RUNTIME_DISTRIBUTIONS |= {"six", "urllib3"}
# Only `zappa deploy/update/package` on the deploying machine imports these. At run time
# Zappa's handler imports zappa.{asgi,middleware,utilities,wsgi} (werkzeug, durationpy, boto3).
DEPLOY_ONLY = {
    "troposphere",
    "cfn_flip",
    "cfn_clean",
    "cfn_tools",
    "placebo",
    "hjson",
    "tqdm",
    "click",
    "argcomplete",
    "toml",
    "kappa",
    "slugify",
    "text_unidecode",
    "pip",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "wheel",
    "packaging",
    "jsonschema",
    "jsonschema_specifications",
    "referencing",
    "rpds",
    "attr",
    "attrs",
}
# cffi's compiler front end: cryptography needs only its compiled backend (_cffi_backend).
DEPLOY_ONLY |= {"cffi", "pycparser"}
# requests' optional helpers (see REQUESTS_PATCHES): idna encodes non-ASCII host names (the
# providers' are ASCII), charset_normalizer guesses a body's encoding (requests uses UTF-8).
DEPLOY_ONLY |= {"idna", "charset_normalizer"}
DEPLOY_ONLY_DISTRIBUTIONS = DEPLOY_ONLY | {"python_slugify", "cfn_flip", "rpds_py"}
DEPLOY_ONLY_FILES = {"distutils-precedence.pth", "six.py"}
UNUSED_DJANGO_APPS = [
    "gis",
    "flatpages",
    "redirects",
    "sitemaps",
    "syndication",
    "humanize",
    "postgres",
]
KEEP_LOCALES = {"en"}
DROP_PATTERNS = ["*.pyi", "*.c", "*.h", "*.pyx", "*.pxd", "*.map", "py.typed", "*.po"]
# ReDoc is not served (only Swagger UI); DRF's browsable API is on locally only (DEBUG).
# Zappa's deploy-time modules, Django's MySQL and Oracle backends, werkzeug's debugger.
# PyYAML's LibYAML extension: `import yaml` falls back to the pure-Python classes without it
# (drf-spectacular and Django's serializer ask for CSafeDumper and catch the ImportError).
# The admin's unminified vendor scripts: ModelAdmin.media and the autocomplete widget add
# ".min" unless DEBUG, which is off on the AWS stages. Globs, relative to the package root.
ADMIN_VENDOR = "django/contrib/admin/static/admin"
DROP_DIRS = [
    "drf_spectacular_sidecar/static/drf_spectacular_sidecar/redoc",
    "rest_framework/static",
    "zappa/cli.py",
    "zappa/core.py",
    "zappa/letsencrypt.py",
    "zappa/policies",
    "django/db/backends/mysql",
    "django/db/backends/oracle",
    "werkzeug/debug",
    "yaml/_yaml.*.so",
    "yaml/cyaml.py",
    "_yaml",
    f"{ADMIN_VENDOR}/js/vendor/jquery/jquery.js",
    f"{ADMIN_VENDOR}/js/vendor/xregexp/xregexp.js",
    f"{ADMIN_VENDOR}/js/vendor/select2/select2.full.js",
    f"{ADMIN_VENDOR}/css/vendor/select2/select2.css",
]
# Select2's translations: the admin loads the active language's only (en-us here).
SELECT2_I18N = f"{ADMIN_VENDOR}/js/vendor/select2/i18n"
# The project's own code keeps its sources, so its tracebacks show their lines.
REPO_ROOT = Path(__file__).resolve().parent.parent


def _distribution(name: str) -> str:
    """'Django-5.2.dist-info' → 'django'."""
    return name.split("-", 1)[0].lower().replace(".", "_")


def slim(tree: Path) -> None:
    for entry in list(tree.iterdir()):
        name = entry.name
        if name.endswith(".dist-info"):
            dist = _distribution(name)
            if dist in RUNTIME_DISTRIBUTIONS | DEPLOY_ONLY_DISTRIBUTIONS:
                shutil.rmtree(entry)
            else:
                for extra in ("RECORD", "licenses", "LICENSE", "LICENSE.txt", "AUTHORS"):
                    target = entry / extra
                    if target.is_dir():
                        shutil.rmtree(target)
                    elif target.exists():
                        target.unlink()
                metadata = entry / "METADATA"
                if metadata.exists():
                    # The headers end at the first blank line; the body is the long description.
                    headers, _, _ = metadata.read_text().partition("\n\n")
                    metadata.write_text(headers + "\n")
        elif name.removesuffix(".py") in RUNTIME_PROVIDED | DEPLOY_ONLY:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        elif name in DEPLOY_ONLY_FILES:
            entry.unlink()
    for app in UNUSED_DJANGO_APPS:
        shutil.rmtree(tree / "django" / "contrib" / app, ignore_errors=True)
    for pattern in DROP_DIRS:
        for target in tree.glob(pattern):
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    for translation in (tree / SELECT2_I18N).glob("*.js"):
        if translation.stem not in KEEP_LOCALES:
            translation.unlink()
    for root, dirs, files in os.walk(tree, topdown=True):
        here = Path(root)
        if here.name == "locale":
            for language in list(dirs):
                if language not in KEEP_LOCALES:
                    shutil.rmtree(here / language)
                    dirs.remove(language)
        # Only third-party test suites: the project's own folders never ship tests.
        if "tests" in dirs and here != tree:
            shutil.rmtree(here / "tests")
            dirs.remove("tests")
        if "__pycache__" in dirs:
            shutil.rmtree(here / "__pycache__")
            dirs.remove("__pycache__")
        for file in files:
            if any(fnmatch.fnmatch(file, pattern) for pattern in DROP_PATTERNS):
                (here / file).unlink()
    # Django's own locale folder also holds per-language formats modules.
    for language in (tree / "django" / "conf" / "locale").iterdir():
        if language.is_dir() and language.name not in KEEP_LOCALES:
            shutil.rmtree(language)


# Import-time edits (see IMPORT_PATCHES). Zappa's handler imports, at module level, asyncio and its ASGI adapter (for ASGI apps only;
# FitSpace is WSGI and zappa_settings.json says `app_type: wsgi`, so the handler never asks
# whether the app is ASGI), and through zappa.utilities boto3 and botocore (for its deploy-time
# helpers). These edits, checked against Zappa's exact text so that an upgrade fails here
# rather than silently, defer both to first use. Each is (file, old, new).
LAZY_MODULE = """import importlib.util
import sys


def _lazy_module(name):
    # The stdlib recipe (importlib.util.LazyLoader): loaded on first attribute access.
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None:
        return None
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


"""
HANDLER_PATCHES = [
    ("import asyncio\n", "from __future__ import annotations\n\n"),
    ("    from zappa.asgi import ASGIHandler, create_asgi_request_body, create_asgi_scope\n", ""),
    ("    from .asgi import ASGIHandler, create_asgi_request_body, create_asgi_scope\n", ""),
    (
        "        if asyncio.iscoroutinefunction(callable_obj):",
        "        if inspect.iscoroutinefunction(callable_obj):",
    ),
    (
        '        base_path = getattr(settings, "BASE_PATH", None)\n        scope = create_asgi_scope(',
        "        from zappa.asgi import ASGIHandler, create_asgi_request_body, create_asgi_scope\n\n"
        '        base_path = getattr(settings, "BASE_PATH", None)\n        scope = create_asgi_scope(',
    ),
]
WERKZEUG_LAZY = """from .wrappers import Request as Request
from .wrappers import Response as Response


def __getattr__(name):
    # The development server and the test client load on first use (Zappa needs neither).
    if name == "run_simple":
        from .serving import run_simple

        return run_simple
    if name == "Client":
        from .test import Client

        return Client
    raise AttributeError(name)
"""
# requests imports idna at start-up only to alias it as `requests.packages.idna` (a
# backwards-compatibility shim); it imports idna itself, lazily, for a non-ASCII host name,
# which the providers' API hosts are not. Without charset_normalizer (or chardet) it would
# warn at every start-up; `Response.apparent_encoding` then answers UTF-8.
REQUESTS_PATCHES = {
    "requests/packages.py": [
        ('for package in ("urllib3", "idna"):\n', 'for package in ("urllib3",):\n')
    ],
    "requests/__init__.py": [
        (
            "    else:\n"
            "        warnings.warn(\n"
            '            "Unable to find acceptable character detection dependency "\n'
            '            "(chardet or charset_normalizer).",\n'
            "            RequestsDependencyWarning,\n"
            "        )\n",
            "",
        )
    ],
}
# Authlib 1.9.6's authlib/integrations/requests_client/__init__.py, whole.
AUTHLIB_REQUESTS_CLIENT_INIT = """from authlib.oauth1 import SIGNATURE_HMAC_SHA1
from authlib.oauth1 import SIGNATURE_PLAINTEXT
from authlib.oauth1 import SIGNATURE_RSA_SHA1
from authlib.oauth1 import SIGNATURE_TYPE_BODY
from authlib.oauth1 import SIGNATURE_TYPE_HEADER
from authlib.oauth1 import SIGNATURE_TYPE_QUERY

from ..base_client import OAuthError
from .assertion_session import AssertionSession
from .oauth1_session import OAuth1Auth
from .oauth1_session import OAuth1Session
from .oauth2_session import OAuth2Auth
from .oauth2_session import OAuth2Session

__all__ = [
    "OAuthError",
    "OAuth1Session",
    "OAuth1Auth",
    "SIGNATURE_HMAC_SHA1",
    "SIGNATURE_RSA_SHA1",
    "SIGNATURE_PLAINTEXT",
    "SIGNATURE_TYPE_HEADER",
    "SIGNATURE_TYPE_QUERY",
    "SIGNATURE_TYPE_BODY",
    "OAuth2Session",
    "OAuth2Auth",
    "AssertionSession",
]
"""
# The integrations use Authlib's OAuth 2.0 client (authorize URL with PKCE, code exchange,
# refresh, revocation). Its requests_client and base_client packages also import the OAuth 1
# client, the JWT-assertion session (RFC 7523) and the OpenID Connect mixin, which import
# joserfc; zappa_settings.json's exclude_glob leaves those and joserfc out, these edits the
# imports of them.
AUTHLIB_PATCHES = {
    "authlib/integrations/requests_client/__init__.py": [
        (
            AUTHLIB_REQUESTS_CLIENT_INIT,
            "from ..base_client import OAuthError\n"
            "from .oauth2_session import OAuth2Auth\n"
            "from .oauth2_session import OAuth2Session\n\n"
            '__all__ = ["OAuthError", "OAuth2Session", "OAuth2Auth"]\n',
        )
    ],
    "authlib/integrations/base_client/__init__.py": [
        ("from .sync_openid import OpenIDMixin\n", ""),
        ('    "OpenIDMixin",\n', ""),
    ],
}
IMPORT_PATCHES = {
    "handler.py": HANDLER_PATCHES,
    "zappa/handler.py": HANDLER_PATCHES,
    "zappa/utilities.py": [
        ("import base64\n", "from __future__ import annotations\n\nimport base64\n"),
        (
            "import boto3\nimport botocore\n",
            LAZY_MODULE + 'boto3 = _lazy_module("boto3")\nbotocore = _lazy_module("botocore")\n',
        ),
    ],
    # werkzeug's package imports its development server and test client; Zappa uses Response.
    "werkzeug/__init__.py": [
        (
            "from .serving import run_simple as run_simple\n"
            "from .test import Client as Client\n"
            "from .wrappers import Request as Request\n"
            "from .wrappers import Response as Response\n",
            WERKZEUG_LAZY,
        )
    ],
    # DRF imports PyYAML at start-up for its own OpenAPIRenderer, which FitSpace does not use
    # (drf-spectacular renders the schema, and imports PyYAML itself when it does).
    "rest_framework/compat.py": [
        (
            "try:\n    import yaml\nexcept ImportError:\n    yaml = None\n",
            LAZY_MODULE + 'yaml = _lazy_module("yaml")\n',
        )
    ],
    # drf-spectacular's plumbing imports DRF's test client (and with it Django's test framework
    # and unittest) for the mock requests of schema generation; @extend_schema on a view class
    # imports the plumbing at start-up.
    "drf_spectacular/plumbing.py": [
        ("from rest_framework.test import APIRequestFactory\n", ""),
        (
            '\n    """ build a mocked request and use original request as reference if available """\n',
            '\n    """ build a mocked request and use original request as reference if available """\n'
            "    from rest_framework.test import APIRequestFactory\n\n",
        ),
    ],
    # The same signal object, without importing Django's whole test framework at start-up.
    "rest_framework_simplejwt/settings.py": [
        (
            "from django.test.signals import setting_changed\n",
            "from django.core.signals import setting_changed\n",
        )
    ],
    **REQUESTS_PATCHES,
    **AUTHLIB_PATCHES,
}


def patch_imports(tree: Path) -> None:
    for relative, patches in IMPORT_PATCHES.items():
        path = tree / relative
        text = path.read_text()
        for old, new in patches:
            if text.count(old) != 1:
                raise SystemExit(f"slim_package: {relative} changed (upgraded?): {old!r}")
            text = text.replace(old, new)
        path.write_text(text)


def strip_binaries(tree: Path) -> None:
    """Drop the symbol tables and debug sections of shared objects (as serverless-python-
    requirements' `slim` does): cryptography's Rust extension is most of its size."""
    strip = shutil.which("strip")
    if strip is None:
        print("slim_package: no `strip` on PATH, shared objects left as they are", file=sys.stderr)
        return
    objects = [str(p) for p in tree.rglob("*.so*") if p.is_file()]
    subprocess.run([strip, "--strip-unneeded", *objects], check=True)


def compile_tree(tree: Path, *, sourceless: bool) -> None:
    mode = compileall.py_compile.PycInvalidationMode.UNCHECKED_HASH
    ok = True
    if sourceless:
        ok &= compileall.compile_dir(
            str(tree), quiet=1, legacy=True, workers=0, invalidation_mode=mode
        )
        for source in tree.rglob("*.py"):
            top = source.relative_to(tree).parts[0]
            if source.parent == tree or (REPO_ROOT / top).is_dir():
                # The project's code and the root modules (handler, settings) keep their
                # sources, with their bytecode in __pycache__ (compiled below).
                source.with_suffix(".pyc").unlink()
            else:
                source.unlink()
    ok &= compileall.compile_dir(str(tree), quiet=1, workers=0, invalidation_mode=mode)
    if not ok:
        raise SystemExit("slim_package: some modules did not compile")


def write_zip(tree: Path, modes: dict[str, int], out: Path) -> None:
    paths = sorted(p for p in tree.rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for path in paths:
            name = path.relative_to(tree).as_posix()
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = modes.get(name, 0o644)
            info.external_attr = (0o100000 | (mode & 0o7777 or 0o644)) << 16
            with path.open("rb") as source:
                package.writestr(info, source.read(), compresslevel=9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--sourceless", action="store_true", help="ship .pyc without .py")
    args = parser.parse_args(argv)
    if sys.version_info[:2] != (3, 13):
        raise SystemExit("slim_package: run with Python 3.13, the runtime's version")
    with tempfile.TemporaryDirectory(prefix="fitspace-slim-") as scratch:
        tree = Path(scratch) / "task"
        with zipfile.ZipFile(args.source) as package:
            modes = {i.filename: (i.external_attr >> 16) & 0o7777 for i in package.infolist()}
            package.extractall(tree)
        slim(tree)
        patch_imports(tree)
        strip_binaries(tree)
        compile_tree(tree, sourceless=args.sourceless)
        partial = args.target.with_suffix(".partial")
        write_zip(tree, modes, partial)
        partial.replace(args.target)
    before, after = args.source.stat().st_size, args.target.stat().st_size
    print(
        f"slim_package: {args.source} {before / 2**20:.1f} MiB -> {args.target} {after / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
