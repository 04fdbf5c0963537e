"""The processing component end to end: the arguments of AWS's processing integration config (MNIST
preprocessing for k-means) through component.yaml, compiled with kfp 2.x, resolved as a backend
line runs them and run against the emulator; retries, termination and failures as for training."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from emulator import Lifecycle
from generator.backends import BACKENDS, Run
from generator.local_run import local_argv
from step_runner import created, resolved_call, wait_until

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "processing" / "component.yaml"
KIND = "ProcessingJob"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.5.0-cpu-py36-ubuntu16.04"
INPUTS = [
    {"InputName": "mnist_tar", "S3Input": {"S3Uri": "s3://bucket/algorithms/mnist.pkl.gz", "LocalPath": "/opt/ml/processing/input",
                                           "S3DataType": "S3Prefix", "S3InputMode": "File", "S3CompressionType": "None"}},
    {"InputName": "source_code", "S3Input": {"S3Uri": "s3://bucket/code/kmeans_preprocessing.py", "LocalPath": "/opt/ml/processing/code",
                                             "S3DataType": "S3Prefix", "S3InputMode": "File", "S3CompressionType": "None"}},
]
OUTPUTS = [
    {"OutputName": name, "S3Output": {"S3Uri": f"s3://bucket/mnist_kmeans_example/{name}/",
                                      "LocalPath": f"/opt/ml/processing/output_{name}/", "S3UploadMode": "EndOfJob"}}
    for name in ("train_data", "test_data", "valid_data")
]
#: The integration config's arguments, as AWS's process component took them.
AWS_ARGUMENTS = {
    "region": "us-east-1", "job_name": "process-mnist-for-kmeans", "image": IMAGE,
    "container_entrypoint": ["python", "/opt/ml/processing/code/kmeans_preprocessing.py"],
    "input_config": INPUTS, "output_config": OUTPUTS, "instance_type": "ml.m5.xlarge", "instance_count": 1,
    "volume_size": 50, "max_run_time": 1800, "role": ROLE,
}


def resolved(arguments: dict, tmp_path: Path, profile: str = "2.5-2.16"):
    return resolved_call("processing", arguments, tmp_path / "out", profile)


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_aws_processing_config_runs_unchanged_and_outputs_where_it_wrote(profile, emu, tmp_path):
    if profile == "2.17.0":  # it fills no defaults: a component.yaml call there passes every input
        from generated.processing.component import DEFAULTS

        command = resolved({**DEFAULTS, **AWS_ARGUMENTS}, tmp_path, profile)
    else:
        command = resolved(AWS_ARGUMENTS, tmp_path, profile)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = created(emu, "CreateProcessingJob")
    assert request["ProcessingJobName"] == "process-mnist-for-kmeans"
    assert request["ProcessingInputs"] == INPUTS
    assert request["ProcessingOutputConfig"] == {"Outputs": OUTPUTS}
    assert request["ProcessingResources"] == {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 50}}
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 1800}
    assert request["AppSpecification"] == {"ImageUri": IMAGE, "ContainerEntrypoint": AWS_ARGUMENTS["container_entrypoint"]}
    assert request["RoleArn"] == ROLE
    assert request["NetworkConfig"]["EnableNetworkIsolation"] is True
    written = {name: path.read_text(encoding="utf-8") for name, path in command.output_files.items()}
    assert json.loads(written["output_artifacts"]) == {o["OutputName"]: o["S3Output"]["S3Uri"] for o in OUTPUTS}
    assert written["output_location_1"] == "s3://bucket/mnist_kmeans_example/train_data/"
    assert written["output_location_3"] == "s3://bucket/mnist_kmeans_example/valid_data/"
    assert written["output_location_4"] == ""  # no fourth output
    assert written["job_name"] == "process-mnist-for-kmeans"
    assert written["job_arn"].endswith(":processing-job/process-mnist-for-kmeans")


def test_an_upstream_location_replaces_an_inputs_s3_uri(emu, tmp_path):
    arguments = {**AWS_ARGUMENTS, "input_location_2": "s3://upstream/code.py", "dry_run": True}
    result = subprocess.run(local_argv(resolved(arguments, tmp_path).argv), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    request = json.loads(result.stdout)
    assert [i["S3Input"]["S3Uri"] for i in request["ProcessingInputs"]] == ["s3://bucket/algorithms/mnist.pkl.gz", "s3://upstream/code.py"]


def test_a_retried_step_attaches_to_its_processing_job(emu, tmp_path):
    emu.lifecycle = None  # the job stays in progress until the test finishes it
    command = local_argv(resolved(AWS_ARGUMENTS, tmp_path).argv)
    first = subprocess.Popen(command, env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    name = emu.wait_for_job(kind=KIND)
    first.kill()  # the pod is gone; the job goes on
    first.communicate()
    second = subprocess.Popen(command, env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: len(emu.requests("DescribeProcessingJob")) >= 2)
    emu.finish(name, "Completed", kind=KIND)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "Attaching to the existing processing job process-mnist-for-kmeans" in out
    assert len(created(emu, "CreateProcessingJob")) == 1


def test_sigterm_to_the_process_group_stops_the_processing_job_within_the_second(emu, tmp_path):
    emu.lifecycle = None
    command = local_argv(resolved(AWS_ARGUMENTS, tmp_path).argv)
    step = subprocess.Popen(command, env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    name = emu.wait_for_job(kind=KIND)
    wait_until(lambda: len(emu.requests("DescribeProcessingJob")) >= 1)
    os.killpg(step.pid, signal.SIGTERM)
    time.sleep(1.0)
    if step.poll() is None:
        os.killpg(step.pid, signal.SIGKILL)
    step.communicate(timeout=30)
    assert [r.body["ProcessingJobName"] for r in emu.requests("StopProcessingJob")] == [name]
    assert emu.describe(name, kind=KIND)["ProcessingJobStatus"] in ("Stopping", "Stopped")


def test_a_failed_processing_job_exits_1_with_its_reason_and_writes_no_outputs(emu, tmp_path):
    emu.lifecycle = Lifecycle.failing("AlgorithmError: see job logs")
    command = resolved(AWS_ARGUMENTS, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "AlgorithmError: see job logs" in result.stderr
    assert not any(path.exists() for path in command.output_files.values())


def test_the_first_22_inputs_are_aws_process_components_with_its_types():
    aws = {
        "region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject",
        "job_name": "String", "role": "String", "image": "String", "instance_type": "String", "instance_count": "Integer",
        "volume_size": "Integer", "resource_encryption_key": "String", "output_encryption_key": "String",
        "max_run_time": "Integer", "environment": "JsonObject", "container_entrypoint": "JsonArray",
        "container_arguments": "JsonArray", "input_config": "JsonArray", "output_config": "JsonArray",
        "vpc_security_group_ids": "String", "vpc_subnets": "String", "network_isolation": "Bool", "traffic_encryption": "Bool",
    }
    document = yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))
    types = {item["name"]: item["type"] for item in document["inputs"]}
    assert {name: types.get(name) for name in aws} == aws
    assert {"job_name", "output_artifacts"} <= {item["name"] for item in document["outputs"]}


def test_the_sample_trains_on_what_the_processing_step_wrote(emu, tmp_path):
    """samples/processing_training_pipeline.py, each task as KFP 2.5-2.16 runs it, the processing
    step's output feeding the training step."""
    compiled = tmp_path / "pipeline.yaml"
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "processing_training_pipeline.py"),
                             str(compiled)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    ir = yaml.safe_load(compiled.read_text(encoding="utf-8"))
    run = Run(pipeline_arguments={"role": ROLE})
    processing = BACKENDS["2.5-2.16"].command_line(ir, "sagemaker-processing", run, tmp_path / "processing")
    assert subprocess.run(local_argv(processing.argv), env=emu.env(), capture_output=True, timeout=120).returncode == 0
    location = processing.output_files["output_location_1"].read_text(encoding="utf-8")
    assert location == "s3://m-kfp-mnist/prepared/train"

    run = Run(pipeline_arguments={"role": ROLE}, upstream={("sagemaker-processing", "output_location_1"): location})
    training = BACKENDS["2.5-2.16"].command_line(ir, "sagemaker-training", run, tmp_path / "training")
    result = subprocess.run(local_argv(training.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = [r.body for r in emu.requests("CreateTrainingJob") if r.status == 200]
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == location
    assert request["AlgorithmSpecification"]["TrainingImage"] == "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"


def test_every_bad_argument_is_named_and_nothing_is_sent(emu, tmp_path):
    arguments = {**AWS_ARGUMENTS, "instance_count": 0, "instance_type": "ml.m5.xlarg", "max_run_time": 10**7,
                 "input_location_3": "s3://upstream/x", "vpc_subnets": "subnet-1"}
    result = subprocess.run(local_argv(resolved(arguments, tmp_path).argv), env=emu.env(), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    named = {line.split(":")[1].strip() for line in errors}
    assert named == {"instance_count", "instance_type", "max_run_time", "input_location_3", "vpc_security_group_ids"}, errors
    assert "Traceback" not in result.stderr
    assert emu.requests() == []


def test_constant_typos_fail_when_the_pipeline_is_defined():
    from kfp import dsl

    from generated.processing.component import sagemaker_processing
    from runtime.validate import InvalidArguments

    with pytest.raises(InvalidArguments) as raised:
        @dsl.pipeline(name="typos")
        def typos():
            sagemaker_processing(region="us-east-1", role=ROLE, image=IMAGE, instance_type="ml.m5.xlarg",
                                 volume_size=0, output_config=[{"S3Output": {"S3Uri": "s3://b/x"}}])

    errors = raised.value.problems.errors
    assert {error.split(":")[0].split("[")[0] for error in errors} == {"instance_type", "output_config", "volume_size"}
    assert "output_config[0].OutputName: is required in ProcessingOutput; add it" in errors
