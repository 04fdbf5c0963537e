"""The one engine (runtime/job.py, runtime/step.py) drives a second kind of job: processing.

Its `JobKind` comes from a spec (tests/fixtures/specs/valid/processing.yaml) through the generator's
derivation from botocore's model; the component around it is written here, from training's step
arguments and a few processing ones. The step runs in-process against the emulator over HTTP,
whose processing jobs have lifecycles, logs, taken names, tags and stops. A generated processing
component, run as a subprocess (and terminated by a signal), comes with its spec.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from sagemaker_kfp_components.runtime import step
from fixture_specs import FIXTURE_SUITE, FIXTURES
from sagemaker_kfp_components.emulator import Lifecycle, Step
from sagemaker_kfp_components.training.validation import ARGUMENTS as TRAINING_ARGUMENTS
from sagemaker_kfp_components.generator.spec_loader import load_spec
from sagemaker_kfp_components.runtime.arguments import Arg, Component, JobKind, Output
from sagemaker_kfp_components.runtime import session
from sagemaker_kfp_components.runtime.job import Job
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest

PROCESSING = load_spec(FIXTURES / "specs" / "valid" / "processing.yaml", FIXTURES, FIXTURE_SUITE).job
NAME = "prep"
#: The step's own arguments (region, job_exists_action, stream_logs, ...), as training has them.
STEP_ARGUMENTS = ("region", "endpoint_url", "assume_role", "job_exists_action", "stream_logs",
                  "stop_on_termination", "dry_run", "name_from_request", "kfp_run_id", "kfp_task_id", "kfp_task_name")
COMPONENT = Component(
    name="processing",
    version="0.2.0",
    job=PROCESSING,
    arguments=(
        *(arg for arg in TRAINING_ARGUMENTS if arg.name in STEP_ARGUMENTS),
        Arg("job_name", "String", api="ProcessingJobName"),
        Arg("role", "String", required=True, api="RoleArn"),
        Arg("image", "String", required=True, api="AppSpecification.ImageUri"),
        Arg("instance_type", "String", default="ml.m5.xlarge", api="ProcessingResources.ClusterConfig.InstanceType"),
        Arg("instance_count", "Integer", default=2, api="ProcessingResources.ClusterConfig.InstanceCount"),
        Arg("volume_size", "Integer", default=30, api="ProcessingResources.ClusterConfig.VolumeSizeInGB"),
    ),
    rules=(),
    outputs=(Output("job_name", "String", "ProcessingJobName"), Output("job_arn", "String", "ProcessingJobArn"),
             Output("exit_message", "String", "ExitMessage")),
)
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1"
CLUSTER = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30}
#: The CreateProcessingJob request the component above makes (before its digest tag).
REQUEST = {"ProcessingJobName": NAME, "RoleArn": ROLE, "AppSpecification": {"ImageUri": IMAGE},
           "ProcessingResources": {"ClusterConfig": CLUSTER}}


def test_the_kind_follows_from_the_spec_and_botocore():
    assert (PROCESSING.create, PROCESSING.describe, PROCESSING.stop) == (
        "CreateProcessingJob", "DescribeProcessingJob", "StopProcessingJob")
    assert (PROCESSING.name_field, PROCESSING.status_field, PROCESSING.arn_field) == (
        "ProcessingJobName", "ProcessingJobStatus", "ProcessingJobArn")
    assert (PROCESSING.succeeded, PROCESSING.unsuccessful) == ("Completed", ("Failed", "Stopped"))
    assert PROCESSING.stoppable and PROCESSING.name_max_length == 63
    assert (PROCESSING.words, PROCESSING.capitalized, PROCESSING.console_page) == (
        "processing job", "Processing job", "processing-jobs")


def parser_for(component: Component) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    for arg in component.arguments:
        parser.add_argument(f"--{arg.name}")
    for output in component.outputs:
        parser.add_argument(f"--{output.name}_output_path")
    return parser


def argv(**given: object) -> list[str]:
    values = {"region": "us-east-1", "job_name": NAME, "role": ROLE, "image": IMAGE, **given}
    return [item for key, value in values.items() for item in (f"--{key}", str(value))]


def test_a_dry_run_prints_the_create_processing_job_request_with_a_generated_name(capsys):
    code = step.run(COMPONENT, parser_for(COMPONENT), argv(
        job_name="", dry_run="true", kfp_run_id="run-1", kfp_task_id="41", kfp_task_name="prep"))
    out, err = capsys.readouterr()
    request = json.loads(out)
    assert code == 0
    assert request["ProcessingJobName"].startswith("ProcessingJob-kfp-") and len(request["ProcessingJobName"]) == 42
    assert request["Tags"] == [{"Key": DIGEST_TAG, "Value": request_digest(request, "ProcessingJobName")}]
    assert request["ProcessingResources"] == {"ClusterConfig": CLUSTER}
    assert "the CreateProcessingJob request above was not sent" in err


def run_step(monkeypatch, emu, **given: object) -> int:
    """The step, in this process, with the emulator as AWS."""
    for key, value in emu.aws_env().items():
        monkeypatch.setenv(key, value)
    return step.run(COMPONENT, parser_for(COMPONENT), argv(**given))


def test_the_step_runs_a_processing_job_with_its_logs_and_outputs_and_attaches_on_a_retry(emu, monkeypatch,
                                                                                           tmp_path, capsys):
    emu.set_lifecycle(NAME, Lifecycle(steps=[Step("Processing", seconds=1.0, logs={
        "algo-1": ["reading part 1", "wrote train.csv"], "algo-2": ["reading part 2"]})],
        exit_message="wrote 3 files"), kind="ProcessingJob")
    outputs = {"exit_message_output_path": tmp_path / "exit", "job_arn_output_path": tmp_path / "arn"}
    assert run_step(monkeypatch, emu, **outputs) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    (created,) = [r.body for r in emu.requests("CreateProcessingJob") if r.status == 200]
    assert created["Tags"] == [{"Key": DIGEST_TAG, "Value": request_digest(created, "ProcessingJobName")}]
    assert "Processing job request:" in out and f"Created processing job {NAME}" in out
    assert f"#/processing-jobs/{NAME}" in out and "log-group/$252Faws$252Fsagemaker$252FProcessingJobs$3F" in out
    assert "Processing job status: InProgress" in out and "Processing job status: Completed" in out
    # Two instances (ProcessingResources.ClusterConfig.InstanceCount): each line names its host.
    assert [line for line in out.splitlines() if line.startswith("[algo-1]")] == [
        "[algo-1] reading part 1", "[algo-1] wrote train.csv"]
    assert [line for line in out.splitlines() if line.startswith("[algo-2]")] == ["[algo-2] reading part 2"]
    assert out.rstrip().endswith(f"Processing job {NAME} completed")
    arn = emu.describe(NAME, kind="ProcessingJob")["ProcessingJobArn"]
    assert (tmp_path / "exit").read_text() == "wrote 3 files" and (tmp_path / "arn").read_text() == arn

    assert run_step(monkeypatch, emu, **outputs) == 0  # a retried step: same name, same request
    assert f"Attaching to the existing processing job {NAME}" in capsys.readouterr().out
    assert emu.job_names(kind="ProcessingJob") == [NAME] and (tmp_path / "arn").read_text() == arn


def test_a_failed_processing_job_is_explained_by_its_failure_fields_in_order(emu, monkeypatch, capsys):
    emu.set_lifecycle(NAME, Lifecycle(status="Failed", failure_reason="AlgorithmError: see the logs",
                                      exit_message="KeyError: 'label'"), kind="ProcessingJob")
    assert run_step(monkeypatch, emu, stream_logs="false") == 1
    assert f"error: processing job {NAME} failed: AlgorithmError: see the logs; KeyError: 'label'" in capsys.readouterr().err


def test_a_reused_name_with_another_request_is_refused_and_named(emu, monkeypatch, capsys):
    assert run_step(monkeypatch, emu, stream_logs="false") == 0
    capsys.readouterr()
    assert run_step(monkeypatch, emu, stream_logs="false", instance_count=1) == 3
    assert (f"the name {NAME} is taken by a processing job created from a different request "
            "(differing in ProcessingResources)") in capsys.readouterr().err


def test_rerun_failed_runs_the_next_processing_attempt(emu, monkeypatch, tmp_path, capsys):
    emu.set_lifecycle(NAME, Lifecycle(status="Failed", failure_reason="capacity"), kind="ProcessingJob")
    assert run_step(monkeypatch, emu, stream_logs="false") == 1
    assert run_step(monkeypatch, emu, stream_logs="false", job_exists_action="rerun_failed",
                    job_name_output_path=tmp_path / "name") == 0
    out = capsys.readouterr().out
    assert f"Processing job {NAME} ended Failed; starting it again as {NAME}-r2" in out
    assert emu.job_names(kind="ProcessingJob") == [NAME, f"{NAME}-r2"] and (tmp_path / "name").read_text() == f"{NAME}-r2"


def test_a_stop_goes_out_as_stop_processing_job_and_the_wait_sees_stopped(emu):
    emu.lifecycle = Lifecycle(status=None)  # runs until stopped
    sagemaker = session.client(session.botocore_for("us-east-1", None, "test"), "sagemaker", "us-east-1", emu.url)
    said: list[str] = []
    job = Job(sagemaker, PROCESSING, NAME, say=said.append)
    job.create_or_attach(dict(REQUEST), "attach")
    job.send_stop()
    stopped = job.wait_stopped(job.clock.now() + 20)
    assert stopped is not None and job.status(stopped) == "Stopped"
    assert said[:2] == [f"Created processing job {NAME}", f"Sent StopProcessingJob for {NAME}"]
    assert [r.body for r in emu.requests("StopProcessingJob")] == [{"ProcessingJobName": NAME}]


@pytest.mark.parametrize(("kind", "words"), [("TrainingJob", "training job"), ("AutoMLJob", "auto ML job"),
                                              ("HyperParameterTuningJob", "hyperparameter tuning job"),
                                              ("AIBenchmarkJob", "AI benchmark job")])
def test_messages_name_the_kind_in_words(kind, words):
    assert JobKind(kind, "/g", "p", "page", "Completed", (), 63).words == words
