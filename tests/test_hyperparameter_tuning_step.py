"""What only the Hyperparameter Tuning component does: while its tuning job runs, the step shows how
many training jobs are in each status, the best so far, and the training jobs' own logs; its outputs
come from the best training job (read with DescribeTrainingJob); its generated names fit the 32
characters a tuning job's name may have; it warm starts from earlier tuning jobs; and when every
training job fails or the step is terminated, the training jobs and the tuning job end with it.
What it shares with the other job components (AWS's integration config on every backend line,
retries, termination, failures, bad arguments) is in tests/test_job_components.py."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from component_cases import HYPERPARAMETER_TUNING as CASE
from sagemaker_kfp_components.emulator import Lifecycle, Step
from sagemaker_kfp_components.generator.local_run import local_argv
from sagemaker_kfp_components.runtime.session import RETRY_ATTEMPTS
from step_runner import created, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

TUNING = "HyperParameterTuningJob"
NAME = CASE.job_name
METRIC = "test:msd"  # the config's objective, minimised


class RunningStep:
    """The step as a subprocess, its stdout collected line by line while it runs."""

    def __init__(self, emu, tmp_path: Path, **overrides):
        self.command = CASE.resolved({**CASE.arguments, **overrides}, tmp_path)
        self.process = subprocess.Popen(local_argv(self.command.argv), env=emu.env(), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines: list[str] = []
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def saw(self, line: str) -> bool:
        return line in list(self.lines)

    def wait_for(self, line: str) -> None:
        wait_until(lambda: self.saw(line), timeout=60)

    def end(self) -> int:
        self.stderr = self.process.stderr.read()
        code = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        return code

    def outputs(self) -> dict[str, str]:
        return {name: path.read_text(encoding="utf-8") for name, path in self.command.output_files.items()
                if path.exists()}


@pytest.fixture
def step_of(emu, tmp_path):
    """Start the step with overrides of the config's arguments; kills it if the test did not end it."""
    started: list[RunningStep] = []

    def start(**overrides) -> RunningStep:
        started.append(RunningStep(emu, tmp_path, **overrides))
        return started[-1]

    yield start
    for step in started:
        if step.process.poll() is None:
            os.killpg(step.process.pid, signal.SIGKILL)
            step.process.wait(timeout=30)


def status(emu) -> str:
    return emu.describe(NAME, kind=TUNING)["HyperParameterTuningJobStatus"]


def counters(completed: int, in_progress: int, non_retryable: int = 0, stopped: int = 0) -> str:
    return (f"Training jobs: Completed {completed}, InProgress {in_progress}, RetryableError 0, "
            f"NonRetryableError {non_retryable}, Stopped {stopped}")


def children(emu, count: int) -> list[str]:
    emu.wait_for_job(kind=TUNING)
    return wait_until(lambda: len(names := emu.training_jobs_of(NAME)) == count and names, timeout=30)


def test_progress_shows_the_counts_by_status_and_the_best_so_far_while_the_tuning_job_runs(emu, step_of):
    emu.lifecycle = Lifecycle(steps=[Step("Training")], status=None)  # the test ends each training job
    step = step_of(max_num_jobs=2, max_parallel_jobs=2)
    first, second = children(emu, 2)
    step.wait_for(counters(0, 2))

    emu.finish(first, "Completed", metrics={METRIC: 0.4})
    step.wait_for(counters(1, 1))
    step.wait_for(f"Best training job: {first}")
    step.wait_for("Best objective value: 0.4")
    assert status(emu) == "InProgress"  # all of it seen while the tuning job runs

    emu.finish(second, "Completed", metrics={METRIC: 0.25})  # the better one: the objective is minimised
    assert step.end() == 0, step.stderr
    after_first = step.lines[step.lines.index("Best objective value: 0.4"):]
    assert counters(2, 0) in after_first
    assert f"Best training job: {second}" in after_first
    assert "Best objective value: 0.25" in after_first


def test_the_training_jobs_logs_show_while_the_tuning_job_runs(emu, step_of):
    emu.lifecycle = Lifecycle(steps=[Step("Training", logs={"algo-1": ["epoch 1: msd=0.91"]})], status=None)
    step = step_of(max_num_jobs=2, max_parallel_jobs=2)
    first, second = children(emu, 2)
    # Each stream is <training job>/algo-1-<epoch>; the line is prefixed with it past the tuning job's name.
    for child in (first, second):
        step.wait_for(f"[{child[len(NAME) + 1:]}/algo-1] epoch 1: msd=0.91")
    assert status(emu) == "InProgress"

    emu.write_logs(first, "algo-1", ["epoch 2: msd=0.52"])  # a later line of a running training job
    step.wait_for(f"[{first[len(NAME) + 1:]}/algo-1] epoch 2: msd=0.52")
    assert status(emu) == "InProgress"
    for child, value in ((first, 0.52), (second, 0.7)):
        emu.finish(child, "Completed", metrics={METRIC: value})
    assert step.end() == 0, step.stderr
    assert sum(line.endswith("epoch 1: msd=0.91") for line in step.lines) == 2  # each line once


def test_outputs_come_from_the_best_training_job_without_the_objective_hyperparameter(emu, step_of):
    emu.objective = lambda index, tuned: [0.5, 0.125, 0.3][index - 1]  # the second is best (minimised)
    step = step_of(max_num_jobs=3, max_parallel_jobs=1)
    assert step.end() == 0, step.stderr
    best = emu.training_jobs_of(NAME)[1]
    described = emu.describe(best)
    assert described["HyperParameters"]["_tuning_objective_metric"] == METRIC  # AWS adds it; the step drops it
    hyperparameters = {k: v for k, v in described["HyperParameters"].items() if k != "_tuning_objective_metric"}
    assert set(hyperparameters) == {"k", "feature_dim", "mini_batch_size", "extra_center_factor", "init_method"}

    outputs = step.outputs()
    assert json.loads(outputs.pop("best_hyperparameters")) == hyperparameters
    assert outputs == {
        "hpo_job_name": NAME,
        "best_job_name": best,
        "model_artifact_url": described["ModelArtifacts"]["S3ModelArtifacts"],
        "training_image": described["AlgorithmSpecification"]["TrainingImage"],
        "best_objective_value": "0.125",
        "job_arn": emu.describe(NAME, kind=TUNING)["HyperParameterTuningJobArn"],
    }
    assert described["ModelArtifacts"]["S3ModelArtifacts"] == (
        f"s3://bucket/mnist_kmeans_example/output/{best}/output/model.tar.gz")
    assert [r.body["TrainingJobName"] for r in emu.requests("DescribeTrainingJob")] == [best]


@pytest.mark.parametrize("kfp_ids", [True, False], ids=["kfp-hash", "time-random"])
def test_a_generated_name_fits_a_tuning_jobs_32_characters(emu, step_of, kfp_ids):
    ids = {"kfp_run_id": "3f1c9a52-7e1b-4d4b-9f55-0123456789ab", "kfp_task_id": "987654",
           "kfp_task_name": "sagemaker-hyperparameter-tuning-with-a-long-task-name"} if kfp_ids else {}
    step = step_of(job_name="", max_num_jobs=1, max_parallel_jobs=1, **ids)
    assert step.end() == 0, step.stderr
    (request,) = created(emu, f"Create{TUNING}")
    name = request["HyperParameterTuningJobName"]
    assert len(name) <= 32 and re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}", name), name
    assert name.startswith("HPOJob-kfp-" if kfp_ids else "HPOJob-2")
    assert step.outputs()["hpo_job_name"] == name
    # SageMaker names the training jobs <tuning job>-<NNN>-<8 hex>: 46 characters at most, within 63.
    (child,) = emu.training_jobs_of(name)
    assert re.fullmatch(re.escape(name) + r"-001-[0-9a-f]{8}", child)


def test_warm_start_sends_the_parent_tuning_jobs(emu, step_of):
    step = step_of(max_num_jobs=1, max_parallel_jobs=1, warm_start_type="TransferLearning",
                   parent_hpo_jobs="kmeans-mnist-hpo-1,kmeans-mnist-hpo-2")
    assert step.end() == 0, step.stderr
    (request,) = created(emu, f"Create{TUNING}")
    assert request["WarmStartConfig"] == {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "kmeans-mnist-hpo-1"},
                                           {"HyperParameterTuningJobName": "kmeans-mnist-hpo-2"}],
        "WarmStartType": "TransferLearning",
    }


def test_without_warm_start_nothing_of_it_is_sent(emu, step_of):
    step = step_of(max_num_jobs=1, max_parallel_jobs=1)
    assert step.end() == 0, step.stderr
    (request,) = created(emu, f"Create{TUNING}")
    assert "WarmStartConfig" not in request


def test_every_training_job_failing_exits_1_and_writes_no_outputs(emu, step_of):
    emu.objective = lambda index, tuned: None  # no training job reports the objective: each fails
    step = step_of(max_num_jobs=3, max_parallel_jobs=2)
    assert step.end() == 1, step.stderr
    assert len(emu.training_jobs_of(NAME)) == 3
    assert counters(0, 0, non_retryable=3) in step.lines
    assert (f"error: hyperparameter tuning job {NAME} failed: No training job succeeded after 3 attempts. "
            "Please take a look at the training job failures to get more details.") in step.stderr
    # ... and which of its training jobs failed and why, oldest first, read in one call.
    listed = [f"  training job {child}: AlgorithmError: See job logs for more information" for child in emu.training_jobs_of(NAME)]
    assert [line for line in step.stderr.splitlines() if line.startswith("  training job ")] == listed
    (listing,) = emu.requests("ListTrainingJobsForHyperParameterTuningJob")
    assert listing.body == {f"{TUNING}Name": NAME, "StatusEquals": "Failed", "SortBy": "CreationTime",
                            "SortOrder": "Ascending", "MaxResults": 10}
    assert step.outputs() == {}
    assert emu.requests("DescribeTrainingJob") == []  # no best job to read


def test_a_failed_tuning_job_whose_training_jobs_cannot_be_listed_still_exits_1_and_says_so(emu, step_of):
    emu.objective = lambda index, tuned: None
    emu.inject("ListTrainingJobsForHyperParameterTuningJob", "error500", times=RETRY_ATTEMPTS)  # every attempt
    step = step_of(max_num_jobs=1, max_parallel_jobs=1)
    assert step.end() == 1, step.stderr
    assert f"error: hyperparameter tuning job {NAME} failed: No training job succeeded" in step.stderr
    assert "  (its failed training jobs could not be listed: An error occurred (InternalFailure)" in step.stderr
    assert step.outputs() == {}


def test_sigterm_while_training_jobs_run_stops_them_and_the_tuning_job(emu, step_of):
    emu.lifecycle = Lifecycle(steps=[Step("Training")], status=None)
    step = step_of(max_num_jobs=4, max_parallel_jobs=2)
    first, second = children(emu, 2)
    step.wait_for(counters(0, 2))
    os.killpg(step.process.pid, signal.SIGTERM)
    assert step.end() == 143, step.stderr
    assert [r.body[f"{TUNING}Name"] for r in emu.requests(f"Stop{TUNING}")] == [NAME]
    assert status(emu) == "Stopped"  # the step waited for it: SageMaker stops the training jobs first
    for child in (first, second):
        assert emu.describe(child)["TrainingJobStatus"] == "Stopped"
        assert emu.stopped_by(child) == f"Stop{TUNING}"
    assert emu.training_jobs_of(NAME) == [first, second]  # none started after the stop
    assert step.outputs() == {}


def test_aws_v1_defaults_passed_by_a_kfp_1_pipeline_give_the_configs_request(tmp_path):
    """Every input of AWS's v1 component with its v1 default (as kfp 1.8 renders it), then the
    config's arguments: empty text and `{}` / `[]` were v1's "not set" and send nothing."""
    import yaml

    v1_defaults = {  # name: (type, default) of AWS's v1 inputs that have a default
        "spot_instance": ("Bool", "False"), "max_wait_time": ("Integer", "86400"), "max_run_time": ("Integer", "86400"),
        "checkpoint_config": ("JsonObject", "{}"), "endpoint_url": ("String", ""), "assume_role": ("String", ""),
        "tags": ("JsonObject", "{}"), "job_name": ("String", ""), "image": ("String", ""), "algorithm_name": ("String", ""),
        "training_input_mode": ("String", "File"), "metric_definitions": ("JsonObject", "{}"),
        "strategy": ("String", "Bayesian"), "early_stopping_type": ("String", "Off"),
        "static_parameters": ("JsonObject", "{}"), "integer_parameters": ("JsonArray", "[]"),
        "continuous_parameters": ("JsonArray", "[]"), "categorical_parameters": ("JsonArray", "[]"),
        "output_encryption_key": ("String", ""), "instance_type": ("String", "ml.m4.xlarge"),
        "instance_count": ("Integer", "1"), "volume_size": ("Integer", "30"), "resource_encryption_key": ("String", ""),
        "vpc_security_group_ids": ("String", ""), "vpc_subnets": ("String", ""), "network_isolation": ("Bool", "True"),
        "traffic_encryption": ("Bool", "False"), "warm_start_type": ("String", ""), "parent_hpo_jobs": ("String", ""),
    }
    typed = {"String": str, "Integer": int, "Bool": lambda text: text == "True", "JsonObject": json.loads,
             "JsonArray": json.loads}
    defaults = {name: typed[kind](default) for name, (kind, default) in v1_defaults.items()}
    document = yaml.safe_load(CASE.component_yaml.read_text(encoding="utf-8"))
    assert {item["name"]: item["type"] for item in document["inputs"] if item["name"] in v1_defaults} == {
        name: kind for name, (kind, _) in v1_defaults.items()}
    command = CASE.resolved({**defaults, **CASE.arguments, "dry_run": True}, tmp_path, "kfp-v1")
    result = subprocess.run(local_argv(command.argv), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    request = json.loads(result.stdout[result.stdout.index("{"):])
    request.pop("Tags")
    assert request == CASE.request


# -- training_job_definitions: several algorithms, each with its own role, image, data and objective --

#: Two definitions of the config's k-means training job, each with its own objective and ranges.
DEFINITIONS = [
    {**CASE.request["TrainingJobDefinition"], "DefinitionName": name,
     "TuningObjective": {"Type": "Minimize", "MetricName": METRIC},
     "HyperParameterRanges": {"IntegerParameterRanges": [{"Name": "mini_batch_size", "MinValue": low, "MaxValue": high}]}}
    for name, low, high in (("small-batches", "100", "200"), ("large-batches", "450", "550"))
]
#: The arguments that describe the one training job of a tuning job without definitions.
ONE_DEFINITION = ("role", "algorithm_name", "channels", "output_location", "static_parameters", "integer_parameters",
                  "categorical_parameters")


def with_definitions(**overrides) -> dict[str, object]:
    arguments = {k: v for k, v in CASE.arguments.items() if k not in ONE_DEFINITION}
    return {**arguments, "max_num_jobs": 2, "max_parallel_jobs": 2, **overrides}


def test_with_training_job_definitions_role_image_channels_and_output_location_are_not_needed(emu, tmp_path):
    command = CASE.resolved(with_definitions(training_job_definitions=DEFINITIONS), tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = created(emu, f"Create{TUNING}")
    request.pop("Tags")
    assert request == {
        "HyperParameterTuningJobName": NAME,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"MetricName": METRIC, "Type": "Minimize"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 2},
            "TrainingJobEarlyStoppingType": "Off",
        },
        "TrainingJobDefinitions": DEFINITIONS,
    }
    # One training job from each definition, with that definition's range.
    tuned = [int(emu.describe(child)["HyperParameters"]["mini_batch_size"]) for child in emu.training_jobs_of(NAME)]
    assert 100 <= tuned[0] <= 200 and 450 <= tuned[1] <= 550, tuned


def test_the_typed_function_takes_training_job_definitions_alone(tmp_path):
    from kfp import compiler, dsl

    function = CASE.python_module().sagemaker_hyperparameter_tuning

    @dsl.pipeline(name="definitions")
    def definitions():
        function(**with_definitions(training_job_definitions=DEFINITIONS))

    compiler.Compiler().compile(definitions, str(tmp_path / "pipeline.yaml"))


@pytest.mark.parametrize("arguments", [
    pytest.param(with_definitions, id="definitions-without-role-image-channels-output_location"),
    # Given both, role or channels would be silently left out of the request: the step says so.
    pytest.param(lambda: {**CASE.arguments, "training_job_definitions": DEFINITIONS}, id="definitions-and-them-together"),
])
def test_exactly_one_of_definitions_or_role_image_channels_and_output_location_each_named(emu, tmp_path, arguments):
    command = CASE.resolved(arguments(), tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert {line.split(":")[1].strip() for line in errors} == {"role", "image", "channels", "output_location"}, errors
    assert emu.requests() == []


# -- a name already taken: DescribeHyperParameterTuningJob answers ResourceNotFound for a free one --


def test_rerun_failed_starts_the_tuning_job_again_after_a_failed_one(emu, tmp_path):
    emu.objective = lambda index, tuned: None  # the first tuning job's training job fails, and with it the tuning job
    first = CASE.resolved({**CASE.arguments, "job_exists_action": "rerun_failed"}, tmp_path / "first")
    result = subprocess.run(local_argv(first.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    emu.objective = lambda index, tuned: 0.5
    second = CASE.resolved({**CASE.arguments, "job_exists_action": "rerun_failed"}, tmp_path / "second")
    result = subprocess.run(local_argv(second.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"starting it again as {NAME}-r2" in result.stdout
    assert emu.job_names(kind=TUNING) == [NAME, f"{NAME}-r2"]
    assert second.output_files["hpo_job_name"].read_text(encoding="utf-8") == f"{NAME}-r2"


def test_job_exists_action_fail_creates_a_new_tuning_job_and_refuses_a_taken_name(emu, tmp_path):
    command = CASE.resolved({**CASE.arguments, "job_exists_action": "fail"}, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"a hyperparameter tuning job named {NAME} already exists (Completed)" in result.stderr
    assert len(created(emu, f"Create{TUNING}")) == 1


def test_the_log_shows_no_training_job_of_another_tuning_job_whose_name_starts_the_same(emu, step_of):
    """`kmeans-mnist-hpo-2`'s training jobs log to `kmeans-mnist-hpo-2-001-<hex>/...`, which starts with
    `kmeans-mnist-hpo-` too: only `kmeans-mnist-hpo-NNN-<hex>/...` streams are this tuning job's."""
    from test_emulator import client

    emu.lifecycle = Lifecycle(steps=[Step("Training", logs={"algo-1": ["from the other tuning job"]})])
    client(emu).create_hyper_parameter_tuning_job(**{**CASE.request, "HyperParameterTuningJobName": f"{NAME}-2"})
    emu.wait_for_job(kind=TUNING)
    wait_until(lambda: emu.describe(f"{NAME}-2", kind=TUNING)["HyperParameterTuningJobStatus"] == "Completed")
    emu.lifecycle = Lifecycle(steps=[Step("Training", logs={"algo-1": ["from this tuning job"]})])
    step = step_of(max_num_jobs=1, max_parallel_jobs=1)
    assert step.end() == 0, step.stderr
    (child,) = emu.training_jobs_of(NAME)
    assert f"[{child[len(NAME) + 1:]}/algo-1] from this tuning job" in step.lines
    assert not [line for line in step.lines if "from the other tuning job" in line]


@pytest.mark.parametrize(("given", "left_out"), [
    ({"instance_groups": [{"InstanceGroupName": "g", "InstanceType": "ml.m5.xlarge", "InstanceCount": 2}]},
     {"InstanceType", "InstanceCount"}),
    ({"instance_preferences": [{"InstanceType": "ml.p5.48xlarge"}, {"InstanceType": "ml.p4d.24xlarge"}]},
     {"InstanceType"}),
    ({"tuning_resource_config": {"InstanceConfigs": [{"InstanceType": "ml.m5.xlarge", "InstanceCount": 1,
                                                      "VolumeSizeInGB": 30}]}},
     {"InstanceType", "InstanceCount", "VolumeSizeInGB"}),
], ids=["instance_groups", "instance_preferences", "tuning_resource_config"])
def test_what_sagemaker_takes_instead_of_the_instance_type_leaves_it_out(given, left_out):
    """Each replaces members of ResourceConfig that SageMaker refuses beside it; the others stay."""
    from sagemaker_kfp_components.hyperparameter_tuning.entrypoint import COMPONENT
    from sagemaker_kfp_components.runtime.request import checked_request
    from step_runner import kfp_text

    def resources(arguments: dict) -> dict:
        _, request, problems = checked_request(COMPONENT, {k: kfp_text(v) for k, v in arguments.items()})
        assert problems.errors == []
        return request["TrainingJobDefinition"].get("ResourceConfig", {})

    plain = resources(CASE.arguments)
    assert {"InstanceType", "InstanceCount", "VolumeSizeInGB"} <= set(plain)
    replaced = resources({**CASE.arguments, **given})
    assert set(plain) - set(replaced) == left_out
