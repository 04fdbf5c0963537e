"""The SageMaker emulator, exercised through real boto3 clients over HTTP."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from sagemaker_kfp_components.emulator import Emulator, Lifecycle, Step
from step_runner import wait_until

ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"
LOG_GROUP = "/aws/sagemaker/TrainingJobs"
NO_RETRIES = {"total_max_attempts": 1}
STANDARD_RETRIES = {"mode": "standard", "total_max_attempts": 3}


@pytest.fixture(scope="module")
def emu():
    with Emulator() as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(emu):
    emu.reset()
    yield


def client(emu: Emulator, service: str = "sagemaker", retries: dict[str, Any] | None = None) -> Any:
    return boto3.client(
        service,
        endpoint_url=emu.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries=retries or NO_RETRIES),
    )


def job_request(name: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TrainingJobName": name,
        "RoleArn": "arn:aws:iam::123456789012:role/sagemaker",
        "AlgorithmSpecification": {
            "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "validation:rmse", "Regex": "rmse=([0-9.]+)"}],
        },
        "HyperParameters": {"epochs": "3", "eta": "0.2"},
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train/"}},
                "ContentType": "text/csv",
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output/"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    request.update(overrides)
    return request


def describe(sm: Any, name: str) -> dict[str, Any]:
    response = sm.describe_training_job(TrainingJobName=name)
    response.pop("ResponseMetadata")
    return response  # type: ignore[no-any-return]


def error_code(error: ClientError) -> str:
    return error.response["Error"]["Code"]  # type: ignore[no-any-return]


# -- job states -----------------------------------------------------------------------------


def test_created_job_stays_in_progress_until_the_test_drives_it(emu):
    sm = client(emu)
    arn = sm.create_training_job(**job_request("job-a"))["TrainingJobArn"]

    assert emu.wait_for_job(timeout=2) == "job-a"
    time.sleep(0.3)
    job = describe(sm, "job-a")
    assert job["TrainingJobArn"] == arn == "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-a"
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("InProgress", "Starting")
    [transition] = job["SecondaryStatusTransitions"]
    assert transition["Status"] == "Starting" and transition["StatusMessage"]
    assert "EndTime" not in transition
    for absent in ("TrainingStartTime", "TrainingEndTime", "ModelArtifacts", "FinalMetricDataList", "FailureReason"):
        assert absent not in job
    with pytest.raises(TimeoutError):
        emu.wait_for_job(timeout=0.1)


def test_describe_echoes_the_request_like_aws(emu):
    sm = client(emu)
    request = job_request(
        "job-echo",
        Environment={"MODE": "fast"},
        RetryStrategy={"MaximumRetryAttempts": 2},
        CheckpointConfig={"S3Uri": "s3://bucket/checkpoints/"},
        VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]},
        EnableNetworkIsolation=True,
        EnableManagedSpotTraining=True,
        StoppingCondition={"MaxRuntimeInSeconds": 600, "MaxWaitTimeInSeconds": 1200},
        Tags=[{"Key": "team", "Value": "ml"}],
    )
    sm.create_training_job(**request)

    job = describe(sm, "job-echo")
    for key, value in request.items():
        if key != "Tags":  # AWS does not return tags from DescribeTrainingJob
            assert job[key] == value, key
    assert "Tags" not in job
    assert job["EnableInterContainerTrafficEncryption"] is False
    assert job["CreationTime"] <= job["LastModifiedTime"]
    # The in-process view is the same as the one over HTTP.
    assert emu.describe("job-echo") == job


def test_list_tags_returns_the_tags_a_job_was_created_with(emu):
    sm = client(emu)
    tags = [{"Key": f"key-{i}", "Value": str(i)} for i in range(50)]
    arn = sm.create_training_job(**job_request("job-tags", Tags=tags))["TrainingJobArn"]
    pages = sm.get_paginator("list_tags").paginate(ResourceArn=arn)
    assert [tag for page in pages for tag in page["Tags"]] == tags
    assert "Tags" not in describe(sm, "job-tags")


def test_default_lifecycle_reaches_completed(emu):
    emu.lifecycle = Lifecycle.default()
    sm = client(emu)
    sm.create_training_job(**job_request("job-life"))
    seen: list[tuple[str, str]] = []

    def completed() -> bool:
        job = describe(sm, "job-life")
        state = (job["TrainingJobStatus"], job["SecondaryStatus"])
        if not seen or seen[-1] != state:
            seen.append(state)
        return job["TrainingJobStatus"] == "Completed"

    wait_until(completed, timeout=5)
    phases = ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    observed = [secondary for _, secondary in seen]
    # Polled from outside, every phase is normally seen; a slow poll may skip one, never reorder them.
    assert observed == sorted(set(observed), key=phases.index) and len(observed) >= 3
    assert observed[-1] == "Completed"
    assert all(status == "InProgress" for status, _ in seen[:-1])

    job = describe(sm, "job-life")
    transitions = job["SecondaryStatusTransitions"]
    assert [t["Status"] for t in transitions] == ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    assert all(t["StatusMessage"] and t["StartTime"] <= t["EndTime"] for t in transitions)
    assert all(a["EndTime"] == b["StartTime"] for a, b in zip(transitions, transitions[1:]))
    assert job["TrainingStartTime"] == transitions[1]["StartTime"]
    assert job["TrainingEndTime"] == transitions[-1]["EndTime"] == job["LastModifiedTime"]
    assert job["ModelArtifacts"] == {"S3ModelArtifacts": "s3://bucket/output/job-life/output/model.tar.gz"}
    [metric] = job["FinalMetricDataList"]
    assert (metric["MetricName"], metric["Value"]) == ("train:accuracy", 0.91)
    # The Training step wrote its lines to algo-1's stream.
    events = client(emu, "logs").get_log_events(
        logGroupName=LOG_GROUP, logStreamName=emu.log_stream_name("job-life"), startFromHead=True
    )["events"]
    assert "epoch 1: loss=0.693" in [e["message"] for e in events]


def test_failing_lifecycle_sets_failure_reason(emu):
    emu.lifecycle = Lifecycle(
        steps=[Step("Starting", seconds=0.05), Step("Training", "Training in progress.", 0.05)],
        status="Failed",
        failure_reason="AlgorithmError: exit code 1",
    )
    sm = client(emu)
    sm.create_training_job(**job_request("job-fail"))
    job = wait_until(lambda: (j := describe(sm, "job-fail"))["TrainingJobStatus"] == "Failed" and j)

    assert job["SecondaryStatus"] == "Failed"
    assert job["FailureReason"] == "AlgorithmError: exit code 1"
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == ["Starting", "Training", "Failed"]
    assert "ModelArtifacts" not in job and "TrainingEndTime" in job


def test_test_drives_status_and_outcome(emu):
    sm = client(emu)
    sm.create_training_job(**job_request("job-driven"))
    emu.set_lifecycle("job-other", Lifecycle.default())  # only for another name: job-driven stays put
    name = emu.wait_for_job()

    emu.set_status(name, "InProgress", "Training", "Training in progress.")
    job = describe(sm, name)
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("InProgress", "Training")
    assert job["SecondaryStatusTransitions"][-1]["StatusMessage"] == "Training in progress."
    assert "TrainingStartTime" in job

    emu.finish(name, "Completed", metrics={"validation:rmse": 0.25, "train:rmse": 0.2})
    job = describe(sm, name)
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Completed", "Completed")
    assert {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]} == {"validation:rmse": 0.25, "train:rmse": 0.2}
    with pytest.raises(ValueError, match="already ended"):
        emu.finish(name, "Failed")
    with pytest.raises(ValueError, match="already ended"):
        emu.set_status(name, "InProgress", "Training")


def test_duplicate_name_is_resource_in_use(emu):
    sm = client(emu)
    arn = sm.create_training_job(**job_request("job-dup"))["TrainingJobArn"]

    with pytest.raises(ClientError) as raised:
        sm.create_training_job(**job_request("job-dup", HyperParameters={"epochs": "99"}))
    error = raised.value.response
    assert error["Error"]["Code"] == "ResourceInUse"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == (
        "Training job names must be unique within an AWS account and region, and a training job "
        f"with this name already exists ({arn})"
    )
    assert describe(sm, "job-dup")["HyperParameters"] == {"epochs": "3", "eta": "0.2"}
    assert [r.status for r in emu.requests("CreateTrainingJob")] == [200, 400]
    assert emu.job_names() == ["job-dup"]


# -- stopping -------------------------------------------------------------------------------


def test_stop_goes_through_stopping_to_stopped(emu):
    emu.stop_delay = 0.5  # (reset() restores the default 0.3 s)
    sm = client(emu)
    sm.create_training_job(**job_request("job-stop"))
    emu.set_status("job-stop", "InProgress", "Training")

    started = time.monotonic()
    sm.stop_training_job(TrainingJobName="job-stop")
    job = describe(sm, "job-stop")
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopping", "Stopping")
    job = wait_until(lambda: (j := describe(sm, "job-stop"))["TrainingJobStatus"] == "Stopped" and j, timeout=3)
    assert time.monotonic() - started >= 0.5

    assert job["SecondaryStatus"] == "Stopped"
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == ["Starting", "Training", "Stopping", "Stopped"]
    assert "TrainingEndTime" in job and "ModelArtifacts" not in job
    assert emu.stopped_by("job-stop") == "StopTrainingJob"

    with pytest.raises(ClientError) as raised:
        sm.stop_training_job(TrainingJobName="job-stop")
    assert error_code(raised.value) == "ValidationException"
    assert "in status Stopped" in raised.value.response["Error"]["Message"]


def test_stop_during_lifecycle_wins(emu):
    emu.lifecycle = Lifecycle(steps=[Step("Training", seconds=0.6)], status="Completed")
    sm = client(emu)
    sm.create_training_job(**job_request("job-race"))
    wait_until(lambda: describe(sm, "job-race")["SecondaryStatus"] == "Training")
    lifecycle_ends = time.monotonic() + 0.6

    sm.stop_training_job(TrainingJobName="job-race")
    wait_until(lambda: describe(sm, "job-race")["TrainingJobStatus"] == "Stopped", timeout=3)
    time.sleep(max(0.0, lifecycle_ends + 0.2 - time.monotonic()))  # when the lifecycle would have completed it
    job = describe(sm, "job-race")
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopped", "Stopped")
    assert "Completed" not in [t["Status"] for t in job["SecondaryStatusTransitions"]]


def test_stop_finished_or_unknown_job_is_validation_error(emu):
    sm = client(emu)
    sm.create_training_job(**job_request("job-done"))
    emu.finish("job-done", "Completed")

    with pytest.raises(ClientError) as finished:
        sm.stop_training_job(TrainingJobName="job-done")
    assert error_code(finished.value) == "ValidationException"
    assert "in status Completed" in finished.value.response["Error"]["Message"]
    assert describe(sm, "job-done")["TrainingJobStatus"] == "Completed"

    with pytest.raises(ClientError) as unknown:
        sm.stop_training_job(TrainingJobName="no-such-job")
    assert error_code(unknown.value) == "ValidationException"
    assert unknown.value.response["Error"]["Message"] == "Requested resource not found"


# -- logs -----------------------------------------------------------------------------------


def test_logs_streams_and_paging(emu):
    sm, logs = client(emu), client(emu, "logs")
    sm.create_training_job(**job_request("job-logs"))
    with pytest.raises(ClientError) as missing:  # no group until a host writes
        logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix="job-logs/")
    assert error_code(missing.value) == "ResourceNotFoundException"

    emu.write_logs("job-logs", "algo-1", [f"line {i}" for i in range(25)])
    emu.write_logs("job-logs", "algo-2", ["other host"])
    created = int(describe(sm, "job-logs")["CreationTime"].timestamp())
    streams = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix="job-logs/")["logStreams"]
    assert [s["logStreamName"] for s in streams] == [f"job-logs/algo-1-{created}", f"job-logs/algo-2-{created}"]

    stream = emu.log_stream_name("job-logs", "algo-1")
    pages, messages, timestamps = [], [], []
    token = None
    while True:
        kwargs = {"nextToken": token} if token else {"startFromHead": True}
        page = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, limit=10, **kwargs)
        pages.append(len(page["events"]))
        messages += [e["message"] for e in page["events"]]
        timestamps += [e["timestamp"] for e in page["events"]]
        if page["nextForwardToken"] == token:  # the same token again: no more events for now
            break
        token = page["nextForwardToken"]
    assert pages == [10, 10, 5, 0]
    assert messages == [f"line {i}" for i in range(25)]
    assert timestamps == sorted(set(timestamps))

    # Tailing: later lines come after the last token, with later timestamps.
    emu.write_logs("job-logs", "algo-1", ["late 1", "late 2"])
    page = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, nextToken=token)
    assert [e["message"] for e in page["events"]] == ["late 1", "late 2"]
    assert page["events"][0]["timestamp"] > timestamps[-1]


def test_get_log_events_pages_at_10000_events(emu):
    client(emu).create_training_job(**job_request("job-big"))
    stream = emu.write_logs("job-big", "algo-1", [f"row {i}" for i in range(10_050)])
    logs = client(emu, "logs")

    first = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, startFromHead=True)
    second = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, nextToken=first["nextForwardToken"])
    third = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream, nextToken=second["nextForwardToken"])
    assert len(first["events"]) == 10_000 and first["events"][-1]["message"] == "row 9999"
    assert [e["message"] for e in second["events"]][:1] == ["row 10000"] and len(second["events"]) == 50
    assert third["events"] == [] and third["nextForwardToken"] == second["nextForwardToken"]


# -- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("throttle", lambda e: isinstance(e, ClientError) and error_code(e) == "ThrottlingException"
         and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400),
        ("error500", lambda e: isinstance(e, ClientError) and error_code(e) == "InternalFailure"
         and e.response["ResponseMetadata"]["HTTPStatusCode"] == 500),
        ("reset", lambda e: isinstance(e, ConnectionClosedError)),
    ],
)
def test_fault_seen_by_client_without_retries(emu, fault, check):
    sm = client(emu)
    sm.create_training_job(**job_request("job-fault"))
    emu.inject("DescribeTrainingJob", fault)

    with pytest.raises(Exception) as raised:
        sm.describe_training_job(TrainingJobName="job-fault")
    assert check(raised.value), repr(raised.value)
    assert describe(sm, "job-fault")["TrainingJobName"] == "job-fault"  # consumed: the next call works
    assert [r.fault for r in emu.requests("DescribeTrainingJob")] == [fault, None]
    assert emu.requests("DescribeTrainingJob")[0].faulted
    assert emu.pending_faults() == {}


@pytest.mark.parametrize(("fault", "times"), [("throttle", 2), ("error500", 1), ("reset", 1)])
def test_standard_retries_get_past_faults(emu, fault, times):
    sm = client(emu, retries=STANDARD_RETRIES)
    sm.create_training_job(**job_request("job-retry"))
    emu.inject("DescribeTrainingJob", fault, times=times)

    response = sm.describe_training_job(TrainingJobName="job-retry")
    assert response["TrainingJobName"] == "job-retry"
    assert response["ResponseMetadata"]["RetryAttempts"] == times
    assert [r.fault for r in emu.requests("DescribeTrainingJob")] == [fault] * times + [None]


def test_faults_are_per_operation_and_in_order(emu):
    sm = client(emu)
    sm.create_training_job(**job_request("job-order"))
    emu.inject("DescribeTrainingJob", "throttle")
    emu.inject("DescribeTrainingJob", "error500")
    assert emu.pending_faults() == {"DescribeTrainingJob": ["throttle", "error500"]}

    sm.list_training_jobs()  # another operation: untouched
    codes = []
    for _ in range(3):
        try:
            sm.describe_training_job(TrainingJobName="job-order")
            codes.append("ok")
        except ClientError as error:
            codes.append(error_code(error))
    assert codes == ["ThrottlingException", "InternalFailure", "ok"]
    with pytest.raises(ValueError):
        emu.inject("DescribeTrainingJob", "explode")


def test_lost_create_response_then_retry_is_resource_in_use(emu):
    # reset_after: moto creates the job, the answer is lost; the retried create finds the name taken.
    emu.inject("CreateTrainingJob", "reset_after")
    sm = client(emu, retries=STANDARD_RETRIES)
    with pytest.raises(ClientError) as raised:
        sm.create_training_job(**job_request("job-lost"))
    assert error_code(raised.value) == "ResourceInUse"
    assert describe(sm, "job-lost")["TrainingJobStatus"] == "InProgress"
    assert [(r.fault, r.status) for r in emu.requests("CreateTrainingJob")] == [("reset_after", None), (None, 400)]


def in_thread(call: Any, **kwargs: Any) -> tuple[threading.Thread, list[Any]]:
    """Run ``call(**kwargs)`` in a thread; the list gets its result or exception."""
    result: list[Any] = []

    def target() -> None:
        try:
            result.append(call(**kwargs))
        except Exception as error:
            result.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, result


def test_slow_holds_a_request_while_the_same_client_is_answered_at_once(emu):
    sm = client(emu)
    sm.create_training_job(**job_request("job-slow"))
    emu.inject("DescribeTrainingJob", "slow", seconds=1.0)
    started = time.monotonic()
    held, result = in_thread(sm.describe_training_job, TrainingJobName="job-slow")
    wait_until(lambda: bool(emu.requests("DescribeTrainingJob")))  # recorded on arrival, while held
    assert emu.pending_faults() == {} and emu.requests("DescribeTrainingJob")[0].status is None
    sm.stop_training_job(TrainingJobName="job-slow")  # the server is threaded: not queued behind the held one
    assert time.monotonic() - started < 1.0 and held.is_alive()
    held.join(timeout=5)
    assert time.monotonic() - started >= 1.0
    assert result[0]["TrainingJobStatus"] in ("Stopping", "Stopped")  # moto answered after the hold
    assert [(r.fault, r.status) for r in emu.requests("DescribeTrainingJob")] == [("slow", 200)]


def test_reset_ends_a_held_request_without_passing_it_to_moto(emu):
    emu.inject("CreateTrainingJob", "slow", seconds=30)
    held, result = in_thread(client(emu).create_training_job, **job_request("job-held"))
    wait_until(lambda: bool(emu.requests("CreateTrainingJob")))
    emu.reset()
    held.join(timeout=5)
    assert isinstance(result[0], ConnectionClosedError)
    assert emu.job_names() == [] and client(emu).list_training_jobs()["TrainingJobSummaries"] == []


# -- recording, reset, processes ------------------------------------------------------------


def test_requests_are_recorded(emu):
    sm, logs = client(emu), client(emu, "logs")
    sm.create_training_job(**job_request("job-rec"))
    sm.describe_training_job(TrainingJobName="job-rec")
    emu.write_logs("job-rec", lines=["hello"])
    logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=emu.log_stream_name("job-rec"), limit=5)

    recorded = emu.requests()
    assert [(r.service, r.operation) for r in recorded] == [
        ("sagemaker", "CreateTrainingJob"),
        ("sagemaker", "DescribeTrainingJob"),
        ("logs", "GetLogEvents"),
    ]
    assert recorded[0].body == json.loads(json.dumps(job_request("job-rec")))
    assert recorded[2].body["limit"] == 5
    assert [r.status for r in recorded] == [200, 200, 200]
    assert not any(r.faulted for r in recorded)
    assert recorded[0].time <= recorded[1].time <= recorded[2].time
    assert emu.requests(service="logs") == recorded[2:]


def test_reset_clears_state_requests_faults_and_lifecycles(emu):
    sm = client(emu)
    emu.lifecycle = Lifecycle.default()
    sm.create_training_job(**job_request("job-reset"))
    emu.inject("ListTrainingJobs", "throttle")

    emu.reset()
    assert emu.lifecycle is None
    assert emu.requests() == [] and emu.pending_faults() == {} and emu.job_names() == []
    with pytest.raises(ClientError) as raised:
        sm.describe_training_job(TrainingJobName="job-reset")
    assert error_code(raised.value) == "ValidationException"
    assert sm.list_training_jobs()["TrainingJobSummaries"] == []
    # The name is free again, and the job no longer gets the old lifecycle.
    sm.create_training_job(**job_request("job-reset"))
    time.sleep(0.3)
    assert describe(sm, "job-reset")["SecondaryStatus"] == "Starting"


def test_subprocess_reaches_emulator_through_env(emu):
    emu.lifecycle = Lifecycle.default()
    script = textwrap.dedent(
        """
        import json, sys, time, boto3
        request = json.loads(sys.argv[1])
        sm = boto3.client("sagemaker")
        sm.create_training_job(**request)
        while True:
            job = sm.describe_training_job(TrainingJobName=request["TrainingJobName"])
            if job["TrainingJobStatus"] != "InProgress":
                break
            time.sleep(0.1)
        logs = boto3.client("logs")
        streams = logs.describe_log_streams(
            logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=request["TrainingJobName"] + "/"
        )["logStreams"]
        print(json.dumps({"status": job["TrainingJobStatus"], "streams": len(streams)}))
        """
    )
    env = emu.env()
    assert {k: env[k] for k in ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION")} == {
        "AWS_ENDPOINT_URL": emu.url,
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(job_request("job-child"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"status": "Completed", "streams": 1}
    assert emu.wait_for_job() == "job-child"


def test_python_m_emulator_serves_until_interrupted():
    process = subprocess.Popen(
        [sys.executable, "-m", "sagemaker_kfp_components.emulator", "--lifecycle", "none"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        env = {}
        for line in process.stdout:
            if line.startswith("export "):
                key, _, value = line[len("export "):].strip().partition("=")
                env[key] = value
            if line.startswith("Press Ctrl-C"):
                break
        assert set(env) == {"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"}
        sm = boto3.client(
            "sagemaker",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name=env["AWS_DEFAULT_REGION"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
        sm.create_training_job(**job_request("job-cli"))
        assert sm.describe_training_job(TrainingJobName="job-cli")["SecondaryStatus"] == "Starting"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def python_m_emulator(*args: str, moto: bool = True) -> subprocess.CompletedProcess:
    """`python -m sagemaker_kfp_components.emulator ARGS`; without moto, as where the emulator extra is
    not installed (the same module run as `-m` runs it, with moto made unimportable first)."""
    block = "import runpy, sys\nsys.modules['moto'] = None\n" if not moto else "import runpy\n"
    code = block + "runpy.run_module('sagemaker_kfp_components.emulator', run_name='__main__', alter_sys=True)\n"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_python_m_emulator_help_explains_each_option_and_lifecycle():
    shown = python_m_emulator("--help")
    assert shown.returncode == 0, shown.stderr
    assert "``" not in shown.stdout
    lines = shown.stdout.splitlines()
    for option in ("--host HOST", "--port PORT", "--region REGION"):
        line = next(line for line in lines if line.strip().startswith(option))
        assert line.strip() != option, f"{option} has no help"  # argparse puts the help on the option's line
    lifecycles = shown.stdout.partition("\nlifecycles")[2].splitlines()[1:]
    assert [line.split()[0] for line in lifecycles if not line.startswith("   ")] == ["default", "demo", "failing", "none"]


def test_python_m_emulator_without_moto_says_which_extra_to_install():
    needs = ("the emulator needs the emulator extra (moto is not installed): "
             "pip install 'sagemaker-kfp-components[emulator]'")
    assert python_m_emulator("--help", moto=False).stdout == python_m_emulator("--help").stdout
    started = python_m_emulator("--port", "0", moto=False)
    assert (started.returncode, started.stdout, started.stderr) == (
        1, "", f"python -m sagemaker_kfp_components.emulator: {needs}\n")
    imported = subprocess.run([sys.executable, "-c", "import sys\nsys.modules['moto'] = None\n"
                               "from sagemaker_kfp_components.emulator import Emulator"],
                              capture_output=True, text=True, timeout=60)
    assert imported.returncode == 1 and imported.stderr.splitlines()[-1] == f"ModuleNotFoundError: {needs}"


def test_lifecycle_and_emulator_arguments_are_checked(emu):
    with pytest.raises(ValueError):
        Lifecycle(status="Done")
    with pytest.raises(ValueError):
        Lifecycle(status="Completed", failure_reason="not for Completed")
    with pytest.raises(ValueError):
        Step("Training", seconds=-1)
    with pytest.raises(ValueError, match="not 'Transform'"):
        Lifecycle(kinds={"Transform": Lifecycle()})
    with pytest.raises(TypeError, match="without kinds of its own"):
        Lifecycle(kinds={"TransformJob": Lifecycle(kinds={"ProcessingJob": Lifecycle()})})
    with pytest.raises(KeyError):
        emu.describe("never-created")
    with pytest.raises(RuntimeError, match="another Emulator"):
        Emulator().start()
