"""What only the processing component does, end to end: an upstream step's output as one of its
inputs, and the sample pipeline whose training step trains on what it wrote. What it shares with
the other job components (AWS's integration config on every backend line, retries, termination,
failures, bad arguments) is in tests/test_job_components.py."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import subprocess
import sys

import pytest
import yaml

from component_cases import PROCESSING, ROLE, ROOT
from sagemaker_kfp_components.generator.backends import BACKENDS, Run
from sagemaker_kfp_components.generator.local_run import local_argv

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"


def test_an_upstream_location_replaces_an_inputs_s3_uri(emu, tmp_path):
    arguments = {**PROCESSING.arguments, "input_location_2": "s3://upstream/code.py", "dry_run": True}
    result = subprocess.run(local_argv(PROCESSING.resolved(arguments, tmp_path).argv), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    request = json.loads(result.stdout)
    assert [i["S3Input"]["S3Uri"] for i in request["ProcessingInputs"]] == ["s3://bucket/algorithms/mnist.pkl.gz", "s3://upstream/code.py"]


def test_the_sample_trains_on_what_the_processing_step_wrote(emu, tmp_path):
    """samples/processing_training_pipeline.py, each task as KFP 2.14-2.16 runs it, the processing
    step's output feeding the training step."""
    compiled = tmp_path / "pipeline.yaml"
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "processing_training_pipeline.py"),
                             str(compiled)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    ir = yaml.safe_load(compiled.read_text(encoding="utf-8"))
    run = Run(pipeline_arguments={"role": ROLE})
    processing = BACKENDS["2.14-2.16"].command_line(ir, "sagemaker-processing", run, tmp_path / "processing")
    assert subprocess.run(local_argv(processing.argv), env=emu.env(), capture_output=True, timeout=120).returncode == 0
    location = processing.output_files["output_location_1"].read_text(encoding="utf-8")
    assert location == "s3://m-kfp-mnist/prepared/train"

    run = Run(pipeline_arguments={"role": ROLE}, upstream={("sagemaker-processing", "output_location_1"): location})
    training = BACKENDS["2.14-2.16"].command_line(ir, "sagemaker-training", run, tmp_path / "training")
    result = subprocess.run(local_argv(training.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = [r.body for r in emu.requests("CreateTrainingJob") if r.status == 200]
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == location
    assert request["AlgorithmSpecification"]["TrainingImage"] == "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"


def test_instance_preferences_replace_the_instance_type():
    """CreateProcessingJob takes InstancePreferences or InstanceType, not both; instance_count is
    the count of whichever type SageMaker chooses."""
    from sagemaker_kfp_components.processing.entrypoint import COMPONENT
    from sagemaker_kfp_components.runtime.authoring import kfp_text
    from sagemaker_kfp_components.runtime.request import checked_request

    preferences = [{"InstanceType": "ml.m5.xlarge"}, {"InstanceType": "ml.c5.xlarge"}]
    raw = {name: kfp_text(value) for name, value in {**PROCESSING.arguments, "instance_preferences": preferences}.items()}
    _, request, problems = checked_request(COMPONENT, raw)
    assert problems.errors == []
    cluster = request["ProcessingResources"]["ClusterConfig"]
    assert (cluster["InstancePreferences"], cluster["InstanceCount"]) == (preferences, PROCESSING.arguments["instance_count"])
    assert "InstanceType" not in cluster
