"""The training step end to end: the generated entrypoint as a subprocess, against the emulator
over HTTP with the real boto3 client."""

from __future__ import annotations

import json
import signal

import boto3
import pytest

from sagemaker_kfp_components.emulator import Lifecycle, Step
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest
from step_runner import CHANNEL, OUTPUTS, ROLE, created, outputs, run, start, valid_args, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"


def test_completed_job_writes_every_output_and_sends_the_request_asked_for(emu, tmp_path):
    args = valid_args(
        job_name="complete-1",
        hyperparameters={"k": 10, "rate": 0.5, "verbose": True, "name": "x"},
        tags={"team": "ml", "cost-center": 42},
        vpc_security_group_ids="sg-0a1, sg-0b2",
        vpc_subnets="subnet-1,subnet-2",
        spot_instance=True,
        max_wait_time=7200,
        max_run_time=3600,
        checkpoint_config={"S3Uri": "s3://bucket/checkpoints"},
        metric_definitions={"accuracy": "acc=([0-9.]+)"},
        instance_count=2,
        volume_size=30,
        network_isolation=False,
        endpoint_url="",  # empty means not set
    )
    result = run(args, emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr

    (request,) = created(emu)
    assert request["TrainingJobName"] == "complete-1"
    assert request["HyperParameters"] == {"k": "10", "rate": "0.5", "verbose": "true", "name": "x"}
    assert request["Tags"] == [{"Key": "team", "Value": "ml"}, {"Key": "cost-center", "Value": "42"},
                               {"Key": DIGEST_TAG, "Value": request_digest(request, "TrainingJobName")}]
    assert request["VpcConfig"] == {"SecurityGroupIds": ["sg-0a1", "sg-0b2"], "Subnets": ["subnet-1", "subnet-2"]}
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200}
    assert request["EnableManagedSpotTraining"] is True
    assert request["EnableNetworkIsolation"] is False
    assert request["CheckpointConfig"] == {"S3Uri": "s3://bucket/checkpoints"}
    assert request["AlgorithmSpecification"] == {
        "TrainingImage": args["image"],
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "accuracy", "Regex": "acc=([0-9.]+)"}],
    }
    assert request["ResourceConfig"] == {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30}
    assert request["InputDataConfig"] == [CHANNEL]
    assert "OutputDataConfig" in request and "KmsKeyId" not in request["OutputDataConfig"]

    written = outputs(tmp_path)
    assert set(written) == set(OUTPUTS)
    assert written["model_artifact_url"] == "s3://bucket/models/complete-1/output/model.tar.gz"
    assert written["job_name"] == "complete-1"
    assert written["job_arn"].endswith(":training-job/complete-1")
    assert written["training_image"] == args["image"]
    assert json.loads(written["final_metrics"]) == {"train:accuracy": 0.91}
    assert "epoch 2: loss=0.412" in result.stdout
    assert "Training: Training image download completed" in result.stdout
    assert "console.aws.amazon.com/sagemaker" in result.stdout


def test_spot_settings_are_left_out_without_spot(emu, tmp_path):
    result = run(valid_args(job_name="no-spot", max_wait_time=100), emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr
    (request,) = created(emu)
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 86400}
    assert request["EnableManagedSpotTraining"] is False
    assert "CheckpointConfig" not in request and "HyperParameters" not in request
    assert request["Tags"] == [{"Key": DIGEST_TAG, "Value": request_digest(request, "TrainingJobName")}]


def test_failed_job_exits_1_with_the_reason_and_writes_no_outputs(emu, tmp_path):
    emu.lifecycle = Lifecycle.failing("AlgorithmError: out of memory")
    result = run(valid_args(job_name="fails"), emu.env(), tmp_path)
    assert result.returncode == 1
    assert "AlgorithmError: out of memory" in result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(tmp_path) == {}


def test_stale_outputs_of_an_earlier_attempt_are_removed(emu, tmp_path):
    folder = tmp_path / "outputs"
    folder.mkdir()
    (folder / "model_artifact_url").write_text("s3://old/model.tar.gz")
    emu.lifecycle = Lifecycle.failing()
    assert run(valid_args(job_name="fails-again"), emu.env(), tmp_path).returncode == 1
    assert outputs(tmp_path) == {}


def test_job_stopped_from_outside_exits_1(emu, tmp_path):
    emu.lifecycle = None  # the job stays in progress until the test acts
    step = start(valid_args(job_name="stopped-outside"), emu.env(), tmp_path)
    name = emu.wait_for_job()
    emu.set_status(name, "InProgress", "Training")
    emu.stop_job(name)
    out, err = step.communicate(timeout=60)
    assert step.returncode == 1
    assert "was stopped" in err
    assert outputs(tmp_path) == {}


def test_sigterm_mid_job_stops_the_job_and_exits_non_zero(emu, tmp_path):
    emu.lifecycle = None
    step = start(valid_args(job_name="terminated"), emu.env(), tmp_path)
    name = emu.wait_for_job()
    wait_until(lambda: len(emu.requests("DescribeTrainingJob")) >= 2)  # the step is waiting
    step.send_signal(signal.SIGTERM)
    out, err = step.communicate(timeout=60)
    assert step.returncode == 128 + signal.SIGTERM
    assert [r.body["TrainingJobName"] for r in emu.requests("StopTrainingJob")] == [name]
    assert emu.describe(name)["TrainingJobStatus"] == "Stopped"
    assert outputs(tmp_path) == {}


def test_sigterm_without_stop_on_termination_leaves_the_job_running(emu, tmp_path):
    emu.lifecycle = None
    step = start(valid_args(job_name="left-running", stop_on_termination=False), emu.env(), tmp_path)
    name = emu.wait_for_job()
    wait_until(lambda: len(emu.requests("DescribeTrainingJob")) >= 2)
    step.send_signal(signal.SIGTERM)
    step.communicate(timeout=60)
    assert step.returncode == 128 + signal.SIGTERM
    assert emu.requests("StopTrainingJob") == []
    assert emu.describe(name)["TrainingJobStatus"] == "InProgress"


def test_killed_step_rerun_with_the_same_name_attaches_to_its_job(emu, tmp_path):
    emu.lifecycle = None
    first = start(valid_args(job_name="rerun"), emu.env(), tmp_path)
    name = emu.wait_for_job()
    first.kill()  # SIGKILL: the pod is gone, the job goes on
    first.communicate()
    second = start(valid_args(job_name="rerun"), emu.env(), tmp_path)
    wait_until(lambda: len(emu.requests("DescribeTrainingJob")) >= 3)
    emu.finish(name, "Completed")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "Attaching to the existing training job rerun" in out
    assert len(created(emu)) == 1
    assert outputs(tmp_path)["job_name"] == "rerun"


def test_existing_job_with_job_exists_action_fail_ends_the_step(emu, tmp_path):
    assert run(valid_args(job_name="taken"), emu.env(), tmp_path).returncode == 0
    result = run(valid_args(job_name="taken", job_exists_action="fail"), emu.env(), tmp_path)
    assert result.returncode == 3
    assert ("error: a training job named taken already exists (Completed); choose another job_name, "
            "or set job_exists_action to attach to it") in result.stderr
    assert len(created(emu)) == 1


def test_retried_step_with_generated_name_and_same_kfp_identity_starts_one_job(emu, tmp_path):
    emu.lifecycle = None
    identity = {"kfp_run_id": "2b8e-run", "kfp_task_id": "41", "kfp_task_name": "train"}
    first = start(valid_args(**identity), emu.env(), tmp_path)
    name = emu.wait_for_job()
    first.kill()
    first.communicate()
    retry = start(valid_args(**identity), emu.env(), tmp_path)
    wait_until(lambda: len(emu.requests("DescribeTrainingJob")) >= 3)
    emu.finish(name, "Completed")
    out, err = retry.communicate(timeout=60)
    assert retry.returncode == 0, err
    assert len(created(emu)) == 1
    assert name.startswith("TrainingJob-kfp-")
    # A sibling task (same run, same parent task ID) gets a job of its own.
    emu.lifecycle = Lifecycle.default()
    sibling = run(valid_args(**{**identity, "kfp_task_name": "train-2"}), emu.env(), tmp_path)
    assert sibling.returncode == 0, sibling.stderr
    assert len({body["TrainingJobName"] for body in created(emu)}) == 2


def test_unresolved_kfp_placeholders_fall_back_to_a_unique_name(emu, tmp_path):
    identity = {"kfp_run_id": "{{$.pipeline_job_uuid}}", "kfp_task_id": "{{$.pipeline_task_uuid}}", "kfp_task_name": "t"}
    result = run(valid_args(**identity, dry_run=True), emu.env())
    assert result.returncode == 0
    name = json.loads(result.stdout)["TrainingJobName"]
    assert name.startswith("TrainingJob-2") and not name.startswith("TrainingJob-kfp")


def test_name_from_request_names_the_job_after_its_request_whatever_kfp_passes(emu, tmp_path):
    """Different runs (KFP's identity differs) with one request share one job; a job_name given wins."""
    from sagemaker_kfp_components.runtime.job import request_name

    for run_id in ("run-1", "run-2"):
        identity = {"kfp_run_id": run_id, "kfp_task_id": "41", "kfp_task_name": "train"}
        result = run(valid_args(**identity, name_from_request=True), emu.env(), tmp_path / run_id)
        assert result.returncode == 0, result.stderr
    (request,) = created(emu)
    assert request["TrainingJobName"] == request_name("TrainingJob", request_digest(request, "TrainingJobName"), 63)
    assert outputs(tmp_path / "run-2")["job_name"] == request["TrainingJobName"]
    named = run(valid_args(job_name="given-1", name_from_request=True, dry_run=True), emu.env())
    assert json.loads(named.stdout)["TrainingJobName"] == "given-1"


def test_logs_of_two_instances_over_several_pages_arrive_all_in_order_once(emu, tmp_path):
    lines = {host: [f"{host} line {i}" for i in range(12_000)] for host in ("algo-1", "algo-2")}
    emu.lifecycle = Lifecycle(
        steps=(Step("Starting", None, 0.2), Step("Training", None, 0.5, logs=lines), Step("Uploading", None, 0.2)),
        status="Completed",
    )
    result = run(valid_args(job_name="two-hosts", instance_count=2), emu.env(), tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    printed = [line for line in result.stdout.splitlines() if line.startswith("[algo-")]
    for host, written in lines.items():
        assert [line.split("] ", 1)[1] for line in printed if line.startswith(f"[{host}]")] == written
    assert len(printed) == 24_000
    reads = emu.requests("GetLogEvents")
    assert len(reads) >= 4  # 12,000 lines per stream need two pages each


def test_transient_faults_during_create_describe_and_log_reads_do_not_end_the_wait(emu, tmp_path):
    emu.inject("CreateTrainingJob", "throttle", times=2)
    emu.inject("CreateTrainingJob", "error500", times=1)
    emu.inject("DescribeTrainingJob", "error500", times=2)
    emu.inject("DescribeTrainingJob", "reset", times=1)
    emu.inject("DescribeTrainingJob", "throttle", times=2)
    emu.inject("GetLogEvents", "throttle", times=2)
    emu.inject("GetLogEvents", "reset", times=1)
    emu.inject("DescribeLogStreams", "error500", times=1)
    result = run(valid_args(job_name="faulty"), emu.env(), tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert emu.pending_faults() == {}
    assert len(created(emu)) == 1
    assert "epoch 2: loss=0.412" in result.stdout
    assert outputs(tmp_path)["job_name"] == "faulty"


def test_dry_run_prints_the_request_with_secrets_masked_and_sends_nothing(emu):
    result = run(valid_args(job_name="dry", dry_run=True, hyperparameters={"api_token": "s3cr3t", "k": 3}), emu.env())
    assert result.returncode == 0, result.stderr
    request = json.loads(result.stdout)
    assert request["TrainingJobName"] == "dry"
    assert request["HyperParameters"] == {"api_token": "****", "k": "3"}
    assert "s3cr3t" not in result.stdout + result.stderr
    assert "dry run: the CreateTrainingJob request above was not sent; nothing was sent to AWS" in result.stderr
    assert emu.requests() == []


def test_data_locations_replace_the_s3_uri_of_their_channels(emu, tmp_path):
    channels = [CHANNEL, {**CHANNEL, "ChannelName": "test"}]
    args = valid_args(job_name="relocated", channels=channels, data_location_2="s3://upstream/test-data")
    assert run(args, emu.env(), tmp_path).returncode == 0
    (request,) = created(emu)
    uris = [c["DataSource"]["S3DataSource"]["S3Uri"] for c in request["InputDataConfig"]]
    assert uris == ["s3://bucket/train", "s3://upstream/test-data"]


def test_data_location_for_a_missing_channel_is_an_error_and_nothing_is_sent(emu, tmp_path):
    result = run(valid_args(data_location_3="s3://upstream/x"), emu.env(), tmp_path)
    assert result.returncode == 2
    assert "data_location_3" in result.stderr and "channels" in result.stderr
    assert emu.requests() == []


def test_a_job_trained_with_an_algorithm_outputs_the_algorithm_image(emu, tmp_path):
    emu.add_algorithm("kmeans-marketplace", "123456789012.dkr.ecr.us-east-1.amazonaws.com/kmeans-algo:2")
    args = valid_args(job_name="with-algorithm", image=None, algorithm_name="kmeans-marketplace")
    result = run(args, emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr
    (request,) = created(emu)
    assert request["AlgorithmSpecification"] == {"AlgorithmName": "kmeans-marketplace", "TrainingInputMode": "File"}
    assert outputs(tmp_path)["training_image"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/kmeans-algo:2"


def test_assume_role_calls_go_through_sts_and_every_call_names_the_component(emu, tmp_path):
    role = "arn:aws:iam::123456789012:role/CrossAccountTraining"
    result = run(valid_args(job_name="assumed", assume_role=role), emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr
    (assumed,) = emu.requests("AssumeRole")
    assert assumed.body["RoleArn"] == role
    sagemaker_calls = emu.requests(service="sagemaker")
    assert sagemaker_calls and all("sagemaker-kfp-components/" in r.user_agent for r in sagemaker_calls)
    # The job was created with the assumed role's credentials, not the step's own.
    (create,) = [r for r in emu.requests("CreateTrainingJob") if r.status == 200]
    assert create.access_key != "testing"


def test_a_retried_step_attaches_to_its_failed_job_by_default_and_fails_again(emu, tmp_path):
    emu.lifecycle = Lifecycle.failing("CapacityError: no ml.p4d.24xlarge capacity")
    assert run(valid_args(job_name="flaky"), emu.env(), tmp_path).returncode == 1
    retry = run(valid_args(job_name="flaky"), emu.env(), tmp_path)
    assert retry.returncode == 1 and "CapacityError" in retry.stderr
    assert [body["TrainingJobName"] for body in created(emu)] == ["flaky"]


def test_rerun_failed_starts_a_failed_job_again_under_the_next_attempt_name(emu, tmp_path):
    emu.lifecycle = Lifecycle.failing("CapacityError: no ml.p4d.24xlarge capacity")
    args = valid_args(job_name="flaky", job_exists_action="rerun_failed")
    assert run(args, emu.env(), tmp_path).returncode == 1
    assert run(args, emu.env(), tmp_path).returncode == 1  # the second attempt fails too
    emu.lifecycle = Lifecycle.default()
    third = run(args, emu.env(), tmp_path)
    assert third.returncode == 0, third.stderr
    assert "Training job flaky-r2 ended Failed; starting it again as flaky-r3" in third.stdout
    assert [body["TrainingJobName"] for body in created(emu)] == ["flaky", "flaky-r2", "flaky-r3"]
    assert outputs(tmp_path)["job_name"] == "flaky-r3"
    # A restarted pod of the successful attempt attaches to it instead of training again.
    again = run(args, emu.env(), tmp_path)
    assert again.returncode == 0 and len(created(emu)) == 3
    assert outputs(tmp_path)["job_name"] == "flaky-r3"


# -- a reused job name -------------------------------------------------------------------------


def test_a_rerun_with_the_same_name_and_request_attaches_after_checking_the_tag(emu, tmp_path):
    args = valid_args(job_name="same-request", hyperparameters={"k": 10})
    first = run(args, emu.env(), tmp_path)
    assert first.returncode == 0, first.stderr
    assert emu.requests("ListTags") == []  # a fresh create reads no tags
    again = run(args, emu.env(), tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Attaching to the existing training job same-request" in again.stdout
    assert "warning" not in again.stderr
    assert len(created(emu)) == 1 and len(emu.requests("ListTags")) == 1
    assert outputs(tmp_path)["job_name"] == "same-request"


def test_a_reused_name_with_other_hyperparameters_exits_3_naming_what_differs(emu, tmp_path):
    args = valid_args(job_name="reused", hyperparameters={"k": 10, "rate": 0.5, "epochs": 3},
                      tags={"team": "ml"})
    assert run(args, emu.env(), tmp_path).returncode == 0
    assert outputs(tmp_path)["job_name"] == "reused"
    changed = {**args, "hyperparameters": {"k": 12, "rate": 0.5}, "instance_count": 2, "tags": {"team": "ai"}}
    result = run(changed, emu.env(), tmp_path)
    assert result.returncode == 3
    assert ("the name reused is taken by a training job created from a different request "
            "(differing in HyperParameters (epochs, k), ResourceConfig, Tags (team)); "
            "give a new job_name, or leave it empty for a generated one"
            ) in result.stderr
    assert "Attaching" not in result.stdout and "Traceback" not in result.stderr
    assert len(created(emu)) == 1
    assert outputs(tmp_path) == {}  # the first run's outputs are gone, none were written


def test_a_reused_name_while_the_first_job_runs_leaves_that_job_alone(emu, tmp_path):
    emu.lifecycle = None
    first = start(valid_args(job_name="busy", hyperparameters={"k": 10}), emu.env(), tmp_path)
    name = emu.wait_for_job()
    first.kill()
    first.communicate()
    second = run(valid_args(job_name="busy", hyperparameters={"k": 11}), emu.env(), tmp_path)
    assert second.returncode == 3 and "HyperParameters (k)" in second.stderr
    assert emu.requests("StopTrainingJob") == []
    assert emu.describe(name)["TrainingJobStatus"] == "InProgress"


def test_a_job_created_without_the_digest_tag_is_attached_to_with_a_warning(emu, tmp_path):
    sagemaker = boto3.client("sagemaker", endpoint_url=emu.url, region_name="us-east-1",
                             aws_access_key_id="testing", aws_secret_access_key="testing")
    sagemaker.create_training_job(
        TrainingJobName="untagged", RoleArn=ROLE,
        AlgorithmSpecification={"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/old:1",
                                "TrainingInputMode": "File"},
        OutputDataConfig={"S3OutputPath": "s3://bucket/old"},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    result = run(valid_args(job_name="untagged"), emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"warning: training job untagged has no {DIGEST_TAG} tag" in result.stderr
    assert "Attaching to the existing training job untagged" in result.stdout
    assert len(created(emu)) == 1
    assert outputs(tmp_path)["model_artifact_url"] == "s3://bucket/old/untagged/output/model.tar.gz"


def test_fifty_user_tags_leave_no_room_for_the_digest_tag(emu, tmp_path):
    tags = {f"key-{i}": "v" for i in range(50)}
    result = run(valid_args(job_name="many-tags", tags=tags), emu.env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"goes without the {DIGEST_TAG} tag" in result.stderr
    (request,) = created(emu)
    assert request["Tags"] == [{"Key": key, "Value": "v"} for key in tags]
    retry = run(valid_args(job_name="many-tags", tags=tags), emu.env(), tmp_path)
    assert retry.returncode == 0 and "has no" in retry.stderr and len(created(emu)) == 1


@pytest.mark.parametrize("changed", [False, True], ids=["same-request", "changed-request"])
def test_rerun_failed_after_a_failed_attempt_trains_with_this_steps_request(emu, tmp_path, changed):
    emu.lifecycle = Lifecycle.failing("CapacityError: no ml.p4d.24xlarge capacity")
    args = valid_args(job_name="retrain", job_exists_action="rerun_failed", hyperparameters={"k": 10})
    assert run(args, emu.env(), tmp_path).returncode == 1
    emu.lifecycle = Lifecycle.default()
    if changed:
        args["hyperparameters"] = {"k": 12}
    second = run(args, emu.env(), tmp_path)
    assert second.returncode == 0, second.stderr
    assert [(body["TrainingJobName"], body["HyperParameters"]) for body in created(emu)] == [
        ("retrain", {"k": "10"}), ("retrain-r2", {"k": "12" if changed else "10"})]
    # The completed attempt is attached to by the same request only.
    assert run(args, emu.env(), tmp_path).returncode == 0
    other = run({**args, "hyperparameters": {"k": 13}}, emu.env(), tmp_path)
    assert other.returncode == 3 and "the name retrain-r2 is taken" in other.stderr
    assert len(created(emu)) == 2
