"""The schema is the contract: schemathesis, every check, against a server on 127.0.0.1.

A bounded run for CI (the fuzzing and stateful phases, 10 examples per operation, a fixed
seed, a minute or two); `make fuzz` runs every phase with 25 examples, the boundary-value
coverage phase included. What a schema cannot express is listed in .ci/schemathesis.toml.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not shutil.which("curl"), reason="the fuzz script waits with curl")
def test_schemathesis_finds_nothing_with_every_check():
    run = subprocess.run(
        [str(REPO_ROOT / ".ci" / "fuzz"), "10", "examples,fuzzing,stateful"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )

    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    selected, total = map(int, re.search(r"Selected: (\d+)/(\d+)", summary).groups())
    assert selected == total - 1, summary  # all but deleting one's own account
    generated, passed = map(int, re.search(r"(\d+) generated, (\d+) passed", summary).groups())
    assert generated == passed >= 10 * selected, summary
