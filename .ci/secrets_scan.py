"""Scan the repository's tracked files for secrets (detect-secrets) against .secrets.baseline.

A finding fails the scan unless the baseline lists it (same file, type and hashed value) as
audited, `"is_secret": false`: test passwords, placeholder ARNs, the local PostgreSQL's URL.
Line numbers are ignored, so editing a file around a listed value needs no new baseline.

Usage: python .ci/secrets_scan.py            (make secrets; make test runs it; --root DIR
                                             scans another checkout)
       python .ci/secrets_scan.py --update   rewrite the baseline, keeping audit marks; then
                                             audit what is new (detect-secrets audit) and commit
"""

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXCLUDE = r"(^|/)(\.venv|\.venv-lambda)/|^\.secrets\.baseline$"


def scan(root: Path) -> dict:
    detect_secrets = Path(sys.executable).with_name("detect-secrets")
    process = subprocess.run(
        [str(detect_secrets), "scan", "--exclude-files", EXCLUDE],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(process.stdout)


def keys(results: dict) -> dict[tuple[str, str, str], dict]:
    return {
        (filename, item["type"], item["hashed_secret"]): item
        for filename, items in results.items()
        for item in items
    }


def main(root: Path, update: bool) -> int:
    found = scan(root)
    baseline_path = root / ".secrets.baseline"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.is_file() else {"results": {}}
    audited = keys(baseline["results"])
    if update:
        for key, item in keys(found["results"]).items():
            if key in audited and "is_secret" in audited[key]:
                item["is_secret"] = audited[key]["is_secret"]
        found.pop("generated_at", None)
        baseline_path.write_text(json.dumps(found, indent=2) + "\n")
        print(f"{baseline_path.name} rewritten: audit new entries, then commit it")
        return 0
    problems = []
    for (filename, kind, _), item in sorted(keys(found["results"]).items()):
        known = audited.get((filename, kind, item["hashed_secret"]))
        if known is None:
            problems.append(f"{filename}:{item['line_number']}: {kind} (not in the baseline)")
        elif known.get("is_secret") is not False:
            problems.append(f"{filename}:{item['line_number']}: {kind} (not audited as safe)")
    if problems:
        print("Possible secrets in tracked files:", *problems, sep="\n  ", file=sys.stderr)
        print(
            "Remove them; or, for a value that is not secret, run "
            "`python .ci/secrets_scan.py --update`, audit it and commit .secrets.baseline.",
            file=sys.stderr,
        )
        return 1
    total = sum(len(items) for items in found["results"].values())
    print(f"secrets scan: no new secrets ({total} audited non-secrets in the baseline)")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    root = Path(arguments[arguments.index("--root") + 1]) if "--root" in arguments else REPO_ROOT
    sys.exit(main(root, update="--update" in arguments))
