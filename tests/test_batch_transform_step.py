"""What only the batch transform component does: it is a drop-in for AWS's v1 batch_transform
component down to the defaults, whose "not set" values still send nothing. What it shares with the
other job components (AWS's integration config on every backend line, retries, termination,
failures, bad arguments) is in tests/test_job_components.py."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import subprocess

import pytest
import yaml

from component_cases import ACCOUNT_ARN, BATCH_TRANSFORM
from sagemaker_kfp_components.generator.local_run import local_argv

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

#: AWS's v1 batch_transform inputs in its order: name, type, default (None: required).
AWS_V1_INPUTS = [
    ("region", "String", None), ("endpoint_url", "String", ""), ("assume_role", "String", ""),
    ("tags", "JsonObject", "{}"), ("job_name", "String", ""), ("model_name", "String", None),
    ("max_concurrent", "Integer", "0"), ("max_payload", "Integer", "6"), ("batch_strategy", "String", ""),
    ("environment", "JsonObject", "{}"), ("input_location", "String", None), ("data_type", "String", "S3Prefix"),
    ("content_type", "String", ""), ("split_type", "String", "None"), ("compression_type", "String", "None"),
    ("output_location", "String", None), ("accept", "String", ""), ("assemble_with", "String", ""),
    ("output_encryption_key", "String", ""), ("input_filter", "String", ""), ("output_filter", "String", ""),
    ("join_source", "String", "None"), ("instance_type", "String", "ml.m4.xlarge"), ("instance_count", "Integer", "1"),
    ("resource_encryption_key", "String", ""),
]


def test_the_first_25_inputs_are_aws_v1_inputs_in_its_order_with_its_defaults():
    document = yaml.safe_load(BATCH_TRANSFORM.component_yaml.read_text(encoding="utf-8"))
    first = [(i["name"], i["type"], i.get("default")) for i in document["inputs"][:len(AWS_V1_INPUTS)]]
    assert first == AWS_V1_INPUTS
    assert [o["name"] for o in document["outputs"]][0] == "output_location"


def test_aws_v1_defaults_passed_by_a_kfp_1_pipeline_send_only_what_they_set(tmp_path):
    """Every v1 default given, as kfp 1.8 renders it; 0 and empty text were v1's "not set"."""
    typed = {"String": str, "Integer": int, "JsonObject": json.loads}
    defaults = {name: typed[kind](default) for name, kind, default in AWS_V1_INPUTS if default is not None}
    arguments = {**defaults, **BATCH_TRANSFORM.arguments, "max_concurrent": 0, "dry_run": True}
    command = BATCH_TRANSFORM.resolved(arguments, tmp_path, "kfp-v1")
    result = subprocess.run(local_argv(command.argv), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    request = json.loads(result.stdout)
    request.pop("Tags")
    assert request == {key: value for key, value in BATCH_TRANSFORM.request.items() if key != "MaxConcurrentTransforms"}


def test_the_log_links_the_jobs_console_page_and_log_group_and_names_the_job(emu, tmp_path):
    """The job's name and ARN are no outputs (AWS's one output keeps `task.output` working): the log has them."""
    BATCH_TRANSFORM.prepare(emu)
    command = BATCH_TRANSFORM.resolved(BATCH_TRANSFORM.arguments, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sagemaker/home?region=us-east-1#/transform-jobs/kmeans-mnist-model" in result.stdout
    assert "log-group/$252Faws$252Fsagemaker$252FTransformJobs$3FlogStreamNameFilter$3Dkmeans-mnist-model" in result.stdout
    lines = result.stdout.splitlines()
    assert "Created transform job kmeans-mnist-model" in lines
    assert f"Transform job ARN: {ACCOUNT_ARN}:transform-job/kmeans-mnist-model" in lines
    assert set(command.output_files) == {"output_location"}


def test_a_model_that_does_not_exist_exits_3_with_sagemakers_refusal(emu, tmp_path):
    command = BATCH_TRANSFORM.resolved(BATCH_TRANSFORM.arguments, tmp_path)  # no model created first
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: AWS: An error occurred (ValidationException) when calling the CreateTransformJob operation: "
        f'Could not find model "{ACCOUNT_ARN}:model/kmeans-mnist-model".')
    assert "Traceback" not in result.stderr
    assert [r.status for r in emu.requests("CreateTransformJob")] == [400]
    assert not any(path.exists() for path in command.output_files.values())
