"""Check a Zappa package: the app and its runtime dependencies are in, tests and dev tools out.

Usage: python .ci/check_package.py fitspace-dev.zip
"""

import sys
import zipfile

REQUIRED = [
    "zappa_settings.py",
    "handler.py",
    "manage.py",
    "fitspace/settings.py",
    "users/models.py",
    "workouts/models.py",
    "django/__init__.py",
    "rest_framework/__init__.py",
    "psycopg2/__init__.py",
    "whitenoise/__init__.py",
]
FORBIDDEN_TOP_LEVEL = {"tests", "pytest", "_pytest", "moto", "factory", "faker", "ruff", ".env"}


def main(path: str) -> int:
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        settings = package.read("zappa_settings.py").decode()
    top_level = {name.split("/", 1)[0] for name in names}
    problems = [f"missing {name}" for name in REQUIRED if name not in names]
    problems += [f"should not ship {name}" for name in sorted(FORBIDDEN_TOP_LEVEL & top_level)]
    if "DJANGO_SETTINGS='fitspace.settings'" not in settings:
        problems.append("zappa_settings.py does not load fitspace.settings")
    for problem in problems:
        print(f"package check: {problem}", file=sys.stderr)
    print(f"package check: {path}: {len(names)} files, {'FAILED' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
