"""The job components other than training end to end, each from its case (tests/component_cases.py):
the arguments of AWS's integration config through component.yaml, compiled with kfp 2.x, resolved
as each backend line runs them and run against the emulator; retries, termination, failures and
bad arguments as for training."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from component_cases import CASES, Case
from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.generator.backends import BACKENDS
from sagemaker_kfp_components.generator.local_run import local_argv
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest
from step_runner import created, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

CASE = pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])


def start(case: Case, emu, tmp_path: Path, **popen) -> subprocess.Popen:
    command = local_argv(case.resolved(case.arguments, tmp_path).argv)
    return subprocess.Popen(command, env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


@CASE
@pytest.mark.parametrize("profile", list(BACKENDS))
def test_aws_integration_config_runs_unchanged_and_gives_the_request_and_outputs(case, profile, emu, tmp_path):
    arguments = case.arguments
    if profile == "2.17.0":  # it fills no defaults: a component.yaml call there passes every input
        arguments = {**case.python_module().DEFAULTS, **arguments}
    command = case.resolved(arguments, tmp_path, profile)
    case.prepare(emu)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = created(emu, f"Create{case.kind}")
    assert request.pop("Tags") == [{"Key": DIGEST_TAG, "Value": request_digest(case.request, f"{case.kind}Name")}]
    assert request == case.request
    case.check_outputs(command)


@CASE
def test_a_retried_step_attaches_to_its_job(case, emu, tmp_path):
    emu.lifecycle = None  # the job stays in progress until the test finishes it
    case.prepare(emu)
    first = start(case, emu, tmp_path)
    name = emu.wait_for_job(kind=case.kind)
    first.kill()  # the pod is gone; the job goes on
    first.communicate()
    second = start(case, emu, tmp_path)
    wait_until(lambda: len(emu.requests(f"Describe{case.kind}")) >= 2)
    emu.finish(name, "Completed", kind=case.kind)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert f"Attaching to the existing {case.words} {case.job_name}" in out
    assert len(created(emu, f"Create{case.kind}")) == 1


@CASE
def test_name_from_request_gives_one_job_per_request_across_runs(case, emu, tmp_path):
    """Each run a new pod without KFP's identity, as a cached step's rerun would be: the same request
    attaches to the first run's job, a changed one starts its own."""
    from sagemaker_kfp_components.runtime.job import request_name

    name_field, name_argument = f"{case.kind}Name", case.python_module().COMPONENT.name_argument
    arguments = {key: value for key, value in case.arguments.items() if key != name_argument}
    arguments["name_from_request"] = True
    case.prepare(emu)
    for run, tags in enumerate(({}, {}, {"retrain": "1"})):
        command = case.resolved({**arguments, "tags": tags}, tmp_path / str(run))
        result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert ("Attaching to the existing" in result.stdout) is (run == 1)
    kind = case.python_module().COMPONENT.job
    requests = created(emu, f"Create{case.kind}")
    assert [request[name_field] for request in requests] == [
        request_name(kind.name_prefix, request_digest(request, name_field), kind.name_max_length) for request in requests]
    assert [[tag for tag in request["Tags"] if tag["Key"] != DIGEST_TAG] for request in requests] == [
        [], [{"Key": "retrain", "Value": "1"}]]


@CASE
def test_sigterm_to_the_process_group_stops_the_job_before_a_kill_a_second_later(case, emu, tmp_path):
    emu.lifecycle = None
    case.prepare(emu)
    step = start(case, emu, tmp_path, start_new_session=True)
    name = emu.wait_for_job(kind=case.kind)
    wait_until(lambda: len(emu.requests(f"Describe{case.kind}")) >= 1)
    os.killpg(step.pid, signal.SIGTERM)
    time.sleep(1.0)
    if step.poll() is None:
        os.killpg(step.pid, signal.SIGKILL)
    step.communicate(timeout=30)
    assert [r.body[f"{case.kind}Name"] for r in emu.requests(f"Stop{case.kind}")] == [name]
    assert emu.describe(name, kind=case.kind)[f"{case.kind}Status"] in ("Stopping", "Stopped")


@CASE
def test_a_failed_job_exits_1_with_its_reason_and_writes_no_outputs(case, emu, tmp_path):
    emu.lifecycle = Lifecycle.failing("ClientError: see the job's logs")
    command = case.resolved(case.arguments, tmp_path)
    case.prepare(emu)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"error: {case.words} {case.job_name} failed: {case.failure}" in result.stderr
    assert not any(path.exists() for path in command.output_files.values())


@CASE
def test_aws_v1_inputs_and_outputs_are_there_with_its_types(case):
    document = yaml.safe_load(case.component_yaml.read_text(encoding="utf-8"))
    types = {item["name"]: item["type"] for item in document["inputs"]}
    assert {name: types.get(name) for name in case.aws_types} == case.aws_types
    assert {item["name"] for item in document["outputs"]} >= set(case.aws_outputs)


@CASE
def test_every_bad_argument_is_named_and_nothing_is_sent(case, emu, tmp_path):
    command = case.resolved({**case.arguments, **case.bad}, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert {line.split(":")[1].strip() for line in errors} == case.bad_named, errors
    assert "Traceback" not in result.stderr
    assert emu.requests() == []


@CASE
def test_constant_typos_fail_when_the_pipeline_is_defined(case):
    from kfp import dsl

    from sagemaker_kfp_components.runtime.validate import InvalidArguments

    function = getattr(case.python_module(), f"sagemaker_{case.name}")
    with pytest.raises(InvalidArguments) as raised:
        @dsl.pipeline(name="typos")
        def typos():
            function(**{**case.arguments, **case.typos})

    errors = raised.value.problems.errors
    assert {error.split(":")[0].split("[")[0].split(".")[0] for error in errors} == case.typos_named
    assert case.typo_error in errors
