"""make postman: the generated Postman collection, from the API's own OpenAPI schema.

Exports the schema (`manage.py spectacular`, test stage, nothing else from the shell), converts
it with openapi-to-postmanv2 and finishes it (build.js), writing
.ci/postman/fitspace.postman_collection.json. `--check` writes nothing and fails if the
committed collection differs from what the schema gives now (tests/test_postman.py runs it).

The node tools (openapi-to-postmanv2, newman) are pinned in package-lock.json and installed
with `npm ci` into .ci/postman/node_modules whenever that lock file changed.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
COLLECTION = HERE / "fitspace.postman_collection.json"
LOCK = HERE / "package-lock.json"
STAMP = HERE / "node_modules" / ".fitspace-lock-sha256"


class ToolMissing(RuntimeError):
    """node or npm is not installed."""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ToolMissing(
            f"{name} is not on PATH: the Postman collections need Node.js 18+ and npm "
            "(Debian: apt-get install nodejs npm)"
        )
    return path


def ensure_node_modules() -> None:
    """`npm ci` into .ci/postman/node_modules unless it already holds this package-lock.json."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    subprocess.run(
        [tool("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE,
        check=True,
    )
    STAMP.write_text(digest)


def export_schema(path: Path) -> None:
    """The OpenAPI schema as the test stage serves it, whatever the shell exports."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_STAGE": "test",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--format",
            "openapi-json",
            "--file",
            str(path),
        ],
        cwd=REPO_ROOT,
        env=env,
        check=True,
    )


def build(out: Path) -> None:
    ensure_node_modules()
    with tempfile.TemporaryDirectory() as workdir:
        schema = Path(workdir) / "schema.json"
        export_schema(schema)
        subprocess.run([tool("node"), str(HERE / "build.js"), str(schema), str(out)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the committed collection is out of date"
    )
    args = parser.parse_args()
    if not args.check:
        build(COLLECTION)
        print(f"wrote {COLLECTION.relative_to(REPO_ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        fresh = Path(workdir) / "fresh.json"
        build(fresh)
        if COLLECTION.exists() and fresh.read_bytes() == COLLECTION.read_bytes():
            print(f"{COLLECTION.relative_to(REPO_ROOT)} is up to date with the schema")
            return 0
    print(
        f"{COLLECTION.relative_to(REPO_ROOT)} is out of date with the OpenAPI schema: "
        "run `make postman` and commit the result",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
