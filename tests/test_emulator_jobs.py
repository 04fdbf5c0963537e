"""Every job kind the emulator knows behaves alike: training, processing and transform jobs through
real boto3 clients over HTTP. What SageMaker names differently per kind is written out here, not
taken from the emulator's table, so a wrong table entry fails a test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from sagemaker_kfp_components.emulator import Lifecycle, Step
from step_runner import wait_until
from test_emulator import STANDARD_RETRIES, client, error_code, job_request
from test_emulator_tuning import tuning_request

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROLE = "arn:aws:iam::123456789012:role/sagemaker"


def training_request(name: str) -> dict[str, Any]:
    return job_request(name, Environment={"MODE": "fast"}, Tags=[{"Key": "team", "Value": "ml"}])


def processing_request(name: str) -> dict[str, Any]:
    return {
        "ProcessingJobName": name,
        "RoleArn": ROLE,
        "AppSpecification": {
            "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1",
            "ContainerEntrypoint": ["python3", "/opt/ml/processing/code/prep.py"],
            "ContainerArguments": ["--split", "0.2"],
        },
        "ProcessingInputs": [
            {
                "InputName": "raw",
                "S3Input": {
                    "S3Uri": "s3://bucket/raw/",
                    "LocalPath": "/opt/ml/processing/input",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                },
            }
        ],
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "train",
                    "S3Output": {
                        "S3Uri": "s3://bucket/prep/train/",
                        "LocalPath": "/opt/ml/processing/train",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 2, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "Environment": {"MODE": "fast"},
        "NetworkConfig": {"EnableNetworkIsolation": True},
        "Tags": [{"Key": "team", "Value": "ml"}],
    }


#: The model the transform jobs run: SageMaker refuses a transform job whose model does not exist.
TRANSFORM_MODEL = "model-a"


def transform_request(name: str) -> dict[str, Any]:
    return {
        "TransformJobName": name,
        "ModelName": TRANSFORM_MODEL,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/batch/"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": "s3://bucket/predictions/", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
        "DataProcessing": {"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"},
        "Environment": {"MODE": "fast"},
        "Tags": [{"Key": "team", "Value": "ml"}],
    }


def ensure_model(sm: Any, name: str) -> None:
    """Create the model called ``name`` unless it exists."""
    if not any(model["ModelName"] == name for model in sm.list_models()["Models"]):
        sm.create_model(ModelName=name, ExecutionRoleArn=ROLE,
                        PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1"})


@dataclass(frozen=True)
class Kind:
    """What a test needs to know about one job kind, as SageMaker names it."""

    name: str  # "ProcessingJob"
    method: str  # boto3's: create_<method>, describe_<method>, ...
    request: Callable[[str], dict[str, Any]]
    arn_type: str
    start_field: str
    end_field: str
    log_group: str
    host: str
    duplicate_message: str  # {arn}
    missing_message: str  # {name} {arn}
    shows_secondary: bool = False
    shows_exit_message: bool = False
    shows_last_modified: bool = True
    #: Creates what a job of the kind needs to exist first (a transform job's model), if missing.
    prepare: Callable[[Any], None] = lambda sm: None

    @property
    def status_field(self) -> str:
        return f"{self.name}Status"

    def call(self, sm: Any, verb: str, name: str, **extra: Any) -> dict[str, Any]:
        """``sm.<verb>_<method>(XxxName=name, ...)`` without ResponseMetadata."""
        response = getattr(sm, f"{verb}_{self.method}")(**{f"{self.name}Name": name}, **extra)
        response.pop("ResponseMetadata")
        return response  # type: ignore[no-any-return]

    def create(self, sm: Any, name: str) -> str:
        self.prepare(sm)
        return str(getattr(sm, f"create_{self.method}")(**self.request(name))[f"{self.name}Arn"])


TRAINING = Kind(
    name="TrainingJob",
    method="training_job",
    request=training_request,
    arn_type="training-job",
    start_field="TrainingStartTime",
    end_field="TrainingEndTime",
    log_group="/aws/sagemaker/TrainingJobs",
    host="algo-1",
    duplicate_message=(
        "Training job names must be unique within an AWS account and region, and a training job "
        "with this name already exists ({arn})"
    ),
    missing_message="Requested resource not found",
    shows_secondary=True,
)
PROCESSING = Kind(
    name="ProcessingJob",
    method="processing_job",
    request=processing_request,
    arn_type="processing-job",
    start_field="ProcessingStartTime",
    end_field="ProcessingEndTime",
    log_group="/aws/sagemaker/ProcessingJobs",
    host="algo-1",
    duplicate_message=(
        "Processing job names must be unique within an AWS account and region, and a processing job "
        "with this name already exists ({arn})"
    ),
    missing_message="Could not find processing job '{arn}'.",
    shows_exit_message=True,
)
TRANSFORM = Kind(
    name="TransformJob",
    method="transform_job",
    request=transform_request,
    arn_type="transform-job",
    start_field="TransformStartTime",
    end_field="TransformEndTime",
    log_group="/aws/sagemaker/TransformJobs",
    host="i-0123456789abcdef0",
    duplicate_message=(
        "Transform job names must be unique within an AWS account and region, and a transform job "
        "with this name already exists ({arn})"
    ),
    missing_message="Could not find job to update with name {name}",
    shows_last_modified=False,  # DescribeTransformJob has no LastModifiedTime
    prepare=lambda sm: ensure_model(sm, TRANSFORM_MODEL),
)
KINDS = [TRAINING, PROCESSING, TRANSFORM]
each_kind = pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])


def status(sm: Any, kind: Kind, name: str) -> str:
    return str(kind.call(sm, "describe", name)[kind.status_field])


# -- create and describe --------------------------------------------------------------------


@each_kind
def test_created_job_is_in_progress_and_describe_echoes_the_request(emu, kind):
    emu.lifecycle = None
    sm = client(emu)
    request = kind.request("job-echo")
    arn = kind.create(sm, "job-echo")

    assert emu.wait_for_job(timeout=2, kind=kind.name) == "job-echo"
    assert arn == f"arn:aws:sagemaker:us-east-1:123456789012:{kind.arn_type}/job-echo"
    job = kind.call(sm, "describe", "job-echo")
    assert job[f"{kind.name}Arn"] == arn and job[kind.status_field] == "InProgress"
    for key, value in request.items():
        if key != "Tags":  # AWS returns tags from ListTags only
            assert job[key] == value, key
    assert "Tags" not in job
    assert sm.list_tags(ResourceArn=arn)["Tags"] == request["Tags"]
    for absent in (kind.start_field, kind.end_field, "FailureReason", "ExitMessage", "ModelArtifacts"):
        assert absent not in job
    assert ("SecondaryStatus" in job) is kind.shows_secondary
    assert ("SecondaryStatusTransitions" in job) is kind.shows_secondary
    assert ("LastModifiedTime" in job) is kind.shows_last_modified
    assert emu.describe("job-echo", kind=kind.name) == job  # the in-process view is the one over HTTP


def test_processing_job_describe_has_the_fields_of_aws_response(emu):
    emu.lifecycle = None
    sm = client(emu)
    PROCESSING.create(sm, "job-shape")
    job = PROCESSING.call(sm, "describe", "job-shape")
    # DescribeProcessingJob's members, in botocore's order, those this job has.
    assert list(job) == [
        "ProcessingInputs", "ProcessingOutputConfig", "ProcessingJobName", "ProcessingResources",
        "StoppingCondition", "AppSpecification", "Environment", "NetworkConfig", "RoleArn",
        "ProcessingJobArn", "ProcessingJobStatus", "LastModifiedTime", "CreationTime",
    ]
    [output] = job["ProcessingOutputConfig"]["Outputs"]
    assert output["S3Output"]["S3Uri"] == "s3://bucket/prep/train/"


# -- lifecycles -----------------------------------------------------------------------------


@each_kind
def test_lifecycle_runs_to_completed_with_logs_in_the_kind_group(emu, kind):
    emu.lifecycle = Lifecycle(
        steps=[
            Step("Starting", seconds=0.2),
            Step("Working", "Work in progress.", 0.3, logs={kind.host: ["reading input", "writing output"]}),
        ],
        status="Completed",
        metrics={"train:accuracy": 0.9},
    )
    sm = client(emu)
    kind.create(sm, "job-life")
    seen: list[str] = []

    def completed() -> bool:
        current = status(sm, kind, "job-life")
        if not seen or seen[-1] != current:
            seen.append(current)
        return current == "Completed"

    wait_until(completed, timeout=5)
    assert seen[0] == "InProgress" and seen[-1] == "Completed"

    job = kind.call(sm, "describe", "job-life")
    assert job["CreationTime"] <= job[kind.start_field] <= job[kind.end_field]
    assert ("FinalMetricDataList" in job) is (kind is TRAINING)  # only training jobs have metrics
    assert ("ModelArtifacts" in job) is (kind is TRAINING)
    if kind.shows_secondary:
        assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == ["Starting", "Working", "Completed"]

    created = int(job["CreationTime"].timestamp())
    stream = f"job-life/{kind.host}-{created}"
    assert emu.log_stream_name("job-life", kind=kind.name) == stream
    logs = client(emu, "logs")
    streams = logs.describe_log_streams(logGroupName=kind.log_group, logStreamNamePrefix="job-life/")["logStreams"]
    assert [s["logStreamName"] for s in streams] == [stream]
    events = logs.get_log_events(logGroupName=kind.log_group, logStreamName=stream, startFromHead=True)["events"]
    assert [e["message"] for e in events] == ["reading input", "writing output"]


@each_kind
def test_failing_lifecycle_sets_failure_reason(emu, kind):
    emu.lifecycle = Lifecycle(
        steps=[Step("Starting", seconds=0.05), Step("Working", seconds=0.05)],
        status="Failed",
        failure_reason="AlgorithmError: See job logs for more information",
        exit_message="Traceback: ValueError: bad row 17",
    )
    sm = client(emu)
    kind.create(sm, "job-fail")
    job = wait_until(lambda: (j := kind.call(sm, "describe", "job-fail"))[kind.status_field] == "Failed" and j)

    assert job["FailureReason"] == "AlgorithmError: See job logs for more information"
    assert job.get("ExitMessage") == ("Traceback: ValueError: bad row 17" if kind.shows_exit_message else None)
    assert kind.end_field in job and "ModelArtifacts" not in job


def test_the_demo_gives_each_kind_its_own_log(emu):
    """Lifecycle.demo(), what `sagemaker-kfp run` shows: a tuning job's lines are those of the
    training job it starts, in the training jobs' group."""
    emu.lifecycle = demo = Lifecycle.demo()
    sm, logs = client(emu), client(emu, "logs")
    for kind in KINDS:
        kind.create(sm, "demo")
    sm.create_hyper_parameter_tuning_job(**tuning_request("demo", total=1, parallel=1))
    for kind in KINDS:
        wait_until(lambda: status(sm, kind, "demo") == "Completed")
    wait_until(lambda: sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="demo")[
        "HyperParameterTuningJobStatus"] == "Completed")
    streams = {kind.name: (kind.log_group, emu.log_stream_name("demo", kind=kind.name)) for kind in KINDS}
    (trial,) = emu.training_jobs_of("demo")
    streams["HyperParameterTuningJob"] = (TRAINING.log_group, emu.log_stream_name(trial))

    seen = {kind: [event["message"] for event in logs.get_log_events(
        logGroupName=group, logStreamName=stream, startFromHead=True)["events"]] for kind, (group, stream) in streams.items()}
    assert seen == {kind: [line for step in demo.for_kind(kind).steps for lines in step.logs.values() for line in lines]
                    for kind in streams}
    assert len({tuple(lines) for lines in seen.values()}) == len(seen)  # no two kinds share a log
    assert all(lines for lines in seen.values())


def test_default_lifecycle_completes_a_processing_job_without_training_fields(emu):
    emu.lifecycle = Lifecycle.default()
    sm = client(emu)
    PROCESSING.create(sm, "job-default")
    wait_until(lambda: status(sm, PROCESSING, "job-default") == "Completed", timeout=5)
    job = PROCESSING.call(sm, "describe", "job-default")
    for training_only in ("SecondaryStatus", "FinalMetricDataList", "ModelArtifacts", "TrainingTimeInSeconds"):
        assert training_only not in job
    assert job["ProcessingStartTime"] < job["ProcessingEndTime"]


# -- names ----------------------------------------------------------------------------------


@each_kind
def test_duplicate_name_is_resource_in_use(emu, kind):
    emu.lifecycle = None
    sm = client(emu)
    arn = kind.create(sm, "job-dup")
    changed = {**kind.request("job-dup"), "Environment": {"MODE": "slow"}}

    with pytest.raises(ClientError) as raised:
        getattr(sm, f"create_{kind.method}")(**changed)
    error = raised.value.response
    assert error["Error"]["Code"] == "ResourceInUse"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == kind.duplicate_message.format(arn=arn)
    assert kind.call(sm, "describe", "job-dup")["Environment"] == {"MODE": "fast"}
    assert [r.status for r in emu.requests(f"Create{kind.name}")] == [200, 400]
    assert emu.job_names(kind=kind.name) == ["job-dup"]


def test_names_are_unique_per_kind_not_across_kinds(emu):
    emu.lifecycle = None
    sm = client(emu)
    for kind in KINDS:
        kind.create(sm, "shared-name")
    emu.finish("shared-name", "Completed", kind="ProcessingJob")

    assert [emu.job_names(kind=k.name) for k in KINDS] == [["shared-name"]] * 3
    assert [status(sm, k, "shared-name") for k in KINDS] == ["InProgress", "Completed", "InProgress"]
    # wait_for_job counts each kind on its own.
    assert emu.wait_for_job(timeout=1, kind="ProcessingJob") == "shared-name"
    assert emu.wait_for_job(timeout=1) == "shared-name"
    with pytest.raises(TimeoutError, match="processing job"):
        emu.wait_for_job(timeout=0.1, kind="ProcessingJob")
    with pytest.raises(KeyError, match="transform job"):
        emu.describe("never-created", kind="TransformJob")
    with pytest.raises(ValueError, match="job kind must be one of"):
        emu.describe("shared-name", kind="AutoMLJob")


def test_a_transform_job_naming_no_model_is_refused(emu):
    sm = client(emu)
    arn = f"arn:aws:sagemaker:us-east-1:123456789012:model/{TRANSFORM_MODEL}"
    with pytest.raises(ClientError) as raised:
        sm.create_transform_job(**transform_request("job-without-model"))
    assert error_code(raised.value) == "ValidationException"
    assert raised.value.response["Error"]["Message"] == f'Could not find model "{arn}".'
    assert emu.job_names(kind="TransformJob") == []

    ensure_model(sm, TRANSFORM_MODEL)
    sm.create_transform_job(**transform_request("job-with-model"))
    sm.delete_model(ModelName=TRANSFORM_MODEL)  # a deleted model is gone for the next job
    with pytest.raises(ClientError, match="Could not find model"):
        sm.create_transform_job(**transform_request("job-after-delete"))
    assert emu.job_names(kind="TransformJob") == ["job-with-model"]


# -- stopping -------------------------------------------------------------------------------


@each_kind
def test_stop_goes_through_stopping_to_stopped(emu, kind):
    emu.lifecycle = None
    sm = client(emu)
    kind.create(sm, "job-stop")
    emu.set_status("job-stop", "InProgress", "Working", kind=kind.name)

    kind.call(sm, "stop", "job-stop")
    assert status(sm, kind, "job-stop") == "Stopping"
    job = wait_until(lambda: (j := kind.call(sm, "describe", "job-stop"))[kind.status_field] == "Stopped" and j)
    assert kind.end_field in job and "FailureReason" not in job
    assert emu.stopped_by("job-stop", kind=kind.name) == f"Stop{kind.name}"

    with pytest.raises(ClientError) as again:
        kind.call(sm, "stop", "job-stop")
    assert error_code(again.value) == "ValidationException"
    noun = kind.arn_type.replace("-", " ")
    assert again.value.response["Error"]["Message"] == f"The request was rejected because the {noun} is in status Stopped."

    with pytest.raises(ClientError) as unknown:
        kind.call(sm, "stop", "no-such-job")
    assert error_code(unknown.value) == "ValidationException"
    arn = f"arn:aws:sagemaker:us-east-1:123456789012:{kind.arn_type}/no-such-job"
    assert unknown.value.response["Error"]["Message"] == kind.missing_message.format(name="no-such-job", arn=arn)


@each_kind
def test_emulator_drives_a_job_of_any_kind(emu, kind):
    emu.lifecycle = None
    emu.set_lifecycle("job-scripted", Lifecycle(steps=[Step("Working", seconds=0.05)]), kind=kind.name)
    sm = client(emu)
    kind.create(sm, "job-driven")
    kind.create(sm, "job-scripted")

    emu.set_status("job-driven", "InProgress", "Working", "Working.", kind=kind.name)
    assert kind.start_field in emu.describe("job-driven", kind=kind.name)
    emu.finish("job-driven", "Failed", failure_reason="ClientError: bad input", exit_message="exit 2", kind=kind.name)
    job = kind.call(sm, "describe", "job-driven")
    assert (job[kind.status_field], job["FailureReason"]) == ("Failed", "ClientError: bad input")
    with pytest.raises(ValueError, match="already ended"):
        emu.finish("job-driven", "Completed", kind=kind.name)
    wait_until(lambda: status(sm, kind, "job-scripted") == "Completed")  # its own lifecycle

    kind.create(sm, "job-stopped")
    emu.stop_job("job-stopped", kind=kind.name)
    wait_until(lambda: status(sm, kind, "job-stopped") == "Stopped")
    assert emu.stopped_by("job-stopped", kind=kind.name) == "emulator"

    stream = emu.write_logs("job-stopped", lines=["one line"], kind=kind.name)
    assert stream == emu.log_stream_name("job-stopped", kind=kind.name)
    page = client(emu, "logs").get_log_events(logGroupName=kind.log_group, logStreamName=stream)
    assert [e["message"] for e in page["events"]] == ["one line"]


@each_kind
def test_list_reports_the_emulated_status(emu, kind):
    emu.lifecycle = None
    sm = client(emu)
    kind.create(sm, "job-a")
    kind.create(sm, "job-b")
    emu.finish("job-b", "Completed", kind=kind.name)
    list_jobs = getattr(sm, f"list_{kind.method}s")

    summaries = list_jobs()[f"{kind.name}Summaries"]
    assert {s[f"{kind.name}Name"]: s[kind.status_field] for s in summaries} == {"job-a": "InProgress", "job-b": "Completed"}
    in_progress = list_jobs(StatusEquals="InProgress")[f"{kind.name}Summaries"]
    assert [s[f"{kind.name}Name"] for s in in_progress] == ["job-a"]


# -- faults and recording -------------------------------------------------------------------


@each_kind
def test_faults_and_recording_apply_to_every_operation(emu, kind):
    emu.lifecycle = None
    sm = client(emu, retries=STANDARD_RETRIES)
    emu.inject(f"Create{kind.name}", "error500")
    emu.inject(f"Describe{kind.name}", "throttle", times=2)
    emu.inject(f"Stop{kind.name}", "reset_after")  # the job is stopped, but the answer is lost

    kind.create(sm, "job-faults")
    assert status(sm, kind, "job-faults") == "InProgress"
    kind.call(sm, "stop", "job-faults")  # the retry finds the job stopping, which is no error
    assert status(sm, kind, "job-faults") in ("Stopping", "Stopped")

    assert [(r.fault, r.status) for r in emu.requests(f"Create{kind.name}")] == [("error500", 500), (None, 200)]
    assert emu.requests(f"Create{kind.name}")[1].body[f"{kind.name}Name"] == "job-faults"
    assert [r.fault for r in emu.requests(f"Describe{kind.name}")] == ["throttle", "throttle", None, None]
    assert [(r.fault, r.status) for r in emu.requests(f"Stop{kind.name}")] == [("reset_after", None), (None, 200)]
    assert emu.pending_faults() == {}


@each_kind
def test_slow_describe_is_held_while_other_calls_are_answered(emu, kind):
    emu.lifecycle = None
    sm = client(emu)
    kind.create(sm, "job-slow")
    emu.inject(f"Describe{kind.name}", "slow", seconds=0.8)
    result: list[dict[str, Any]] = []
    held = threading.Thread(target=lambda: result.append(kind.call(sm, "describe", "job-slow")), daemon=True)
    started = time.monotonic()
    held.start()
    wait_until(lambda: bool(emu.requests(f"Describe{kind.name}")))  # recorded on arrival, while held

    kind.call(sm, "stop", "job-slow")
    assert time.monotonic() - started < 0.8 and held.is_alive()
    held.join(timeout=5)
    assert time.monotonic() - started >= 0.8
    assert result[0][kind.status_field] in ("Stopping", "Stopped")  # moto answered after the hold
    assert [(r.fault, r.status) for r in emu.requests(f"Describe{kind.name}")] == [("slow", 200)]
