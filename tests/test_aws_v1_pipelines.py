"""Pipelines written for AWS's v1 components run unchanged: the train component's input names and
types, its debugger arguments, and built-in algorithms named in `algorithm_name`; and, where AWS's
component had one output, that output alone, passed on as `task.output` (model → batch transform →
a later step). Loaded from component.yaml, compiled with kfp 2.x (and kfp 1.8), resolved as a
backend line runs them and run against the emulator."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from google.protobuf import json_format

from sagemaker_kfp_components.generator.backends import BACKENDS, Run
from sagemaker_kfp_components.generator.local_run import DEFAULT_BACKEND, local_argv
from sagemaker_kfp_components.generator.pipeline_run import read_pipeline, run_pipeline
from step_runner import created
from test_kfp_v1 import dag_tasks, kfp_v1_env, kfp_v1_python, reads  # noqa: F401 (kfp_v1_python: a fixture)

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
MNIST = {"ChannelName": "train", "DataSource": {"S3DataSource": {
    "S3Uri": "s3://bucket/mnist_kmeans_example/data", "S3DataType": "S3Prefix", "S3DataDistributionType": "FullyReplicated"}},
    "CompressionType": "None", "RecordWrapperType": "None", "InputMode": "File"}
#: AWS documents k-means in us-west-2 under this registry.
KMEANS_US_WEST_2 = "174872318107.dkr.ecr.us-west-2.amazonaws.com/kmeans:1"


def train_op():
    from kfp import components

    return components.load_component_from_file(str(ROOT / "generated" / "training" / "component.yaml"))


def builtin_algorithm_pipeline():
    """The simple MNIST training of AWS's integration tests, with the algorithm named, not its image."""
    from kfp import dsl

    op = train_op()

    @dsl.pipeline(name="builtin-kmeans")
    def pipeline(role: str = ROLE):
        op(region="us-west-2", algorithm_name="K-Means", training_input_mode="File",
           hyperparameters={"k": "10", "feature_dim": "784"}, channels=[MNIST], instance_type="ml.m5.xlarge",
           instance_count=1, volume_size=50, max_run_time=3600, model_artifact_path="s3://bucket/output",
           network_isolation=True, traffic_encryption=False, spot_instance=False, max_wait_time=3600,
           checkpoint_config={}, role=role)

    return pipeline


RULES = [
    {"RuleConfigurationName": "LossNotDecreasing", "RuleEvaluatorImage": "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest",
     "RuleParameters": {"rule_to_invoke": "LossNotDecreasing", "tensor_regex": ".*"}},
    {"RuleConfigurationName": "Overtraining", "RuleEvaluatorImage": "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest",
     "RuleParameters": {"rule_to_invoke": "Overtraining", "patience_train": "10"}},
]


def debugger_pipeline():
    """XGBoost with SageMaker Debugger's hook and rules, the bucket a pipeline parameter inside values."""
    from kfp import dsl

    op = train_op()

    @dsl.pipeline(name="xgboost-debugger")
    def pipeline(role_arn: str = ROLE, bucket_name: str = "my-bucket"):
        op(region="us-east-1", image="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
           hyperparameters={"max_depth": "5", "eta": "0", "num_round": "50"},
           channels=[{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {
               "S3Uri": f"s3://{bucket_name}/xgboost/train.csv", "S3DataType": "S3Prefix"}}}],
           instance_type="ml.m5.2xlarge", model_artifact_path=f"s3://{bucket_name}/xgboost/model",
           debug_hook_config={"S3OutputPath": f"s3://{bucket_name}/xgboost/hook",
                              "CollectionConfigurations": [{"CollectionName": "losses",
                                                            "CollectionParameters": {"save_interval": "10"}}]},
           debug_rule_config=RULES, role=role_arn)

    return pipeline


def run_task(pipeline, profile: str, emu, tmp_path: Path, **pipeline_arguments) -> tuple[dict, dict]:
    """(the CreateTrainingJob request, the outputs written) of the pipeline's training task."""
    ir = json_format.MessageToDict(pipeline.pipeline_spec)
    (task,) = ir["root"]["dag"]["tasks"]
    resolved = BACKENDS[profile].command_line(ir, task, Run(pipeline_arguments=pipeline_arguments), tmp_path / "out")
    result = subprocess.run(local_argv(resolved.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = [r.body for r in emu.requests("CreateTrainingJob") if r.status == 200]
    return request, {name: path.read_text(encoding="utf-8") for name, path in resolved.output_files.items()}


@pytest.mark.parametrize("profile", ["2.14-2.16", "kfp-v1"])
def test_a_builtin_algorithm_by_name_trains_with_the_regions_image(profile, emu, tmp_path):
    request, outputs = run_task(builtin_algorithm_pipeline(), profile, emu, tmp_path)
    assert request["AlgorithmSpecification"] == {"TrainingImage": KMEANS_US_WEST_2, "TrainingInputMode": "File"}
    assert outputs["training_image"] == KMEANS_US_WEST_2
    assert request["EnableNetworkIsolation"] is True and request["ResourceConfig"]["VolumeSizeInGB"] == 50


def test_the_debugger_pipeline_sends_hook_and_rules_as_given(emu, tmp_path):
    # kfp 1.x, where AWS's pipelines ran: it substitutes the bucket inside the JSON values and fills
    # in the defaults of the inputs the call leaves out (KFP 2.17.0 does the one, 2.0-2.16 the other).
    request, outputs = run_task(debugger_pipeline(), "kfp-v1", emu, tmp_path, bucket_name="lake")
    assert request["DebugRuleConfigurations"] == RULES
    assert request["DebugHookConfig"] == {
        "S3OutputPath": "s3://lake/xgboost/hook",
        "CollectionConfigurations": [{"CollectionName": "losses", "CollectionParameters": {"save_interval": "10"}}]}
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://lake/xgboost/train.csv"
    assert outputs["model_artifact_url"].startswith("s3://lake/xgboost/model/")


def test_an_unknown_algorithm_name_that_is_no_resource_name_gets_a_did_you_mean(tmp_path):
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training
    from sagemaker_kfp_components.runtime.validate import InvalidArguments

    with pytest.raises(InvalidArguments, match=r"algorithm_name: 'k meens' does not match .*; did you mean kmeans or k-means"):
        @dsl.pipeline(name="typo")
        def typo():
            sagemaker_training(region="us-east-1", role=ROLE, algorithm_name="k meens", channels=[MNIST],
                               model_artifact_path="s3://bucket/output")

    with pytest.warns(UserWarning, match=r"'kmens' is no built-in algorithm, so it names an algorithm resource; did you mean kmeans"):
        @dsl.pipeline(name="near-miss")
        def near_miss():
            sagemaker_training(region="us-east-1", role=ROLE, algorithm_name="kmens", channels=[MNIST],
                               model_artifact_path="s3://bucket/output")
    assert near_miss.pipeline_spec.root.dag.tasks["sagemaker-training"]


# -- single outputs, passed on as task.output ---------------------------------------------------------

#: AWS's v1 components that had exactly one output, and that output: AWS's pipelines (and users')
#: pass it on as `task.output`, which a second output breaks ("The task has multiple outputs").
AWS_V1_SINGLE_OUTPUTS = {"model": "model_name", "batch_transform": "output_location", "deploy": "endpoint_name"}
TRANSFORM_PIPELINE = Path(__file__).with_name("aws_v1_transform_pipeline.py")


@pytest.mark.parametrize("name", list(AWS_V1_SINGLE_OUTPUTS))
def test_where_aws_v1_had_one_output_ours_has_exactly_it(name):
    component_yaml = ROOT / "generated" / name / "component.yaml"
    document = yaml.safe_load(component_yaml.read_text(encoding="utf-8"))
    assert [(o["name"], o["type"]) for o in document["outputs"]] == [(AWS_V1_SINGLE_OUTPUTS[name], "String")]


@pytest.fixture(scope="module")
def transform_pipeline(tmp_path_factory) -> dict:
    """The IR of tests/aws_v1_transform_pipeline.py, compiled by running it with kfp 2.x, as AWS's were run."""
    path = tmp_path_factory.mktemp("aws-v1") / "transform.yaml"
    result = subprocess.run([sys.executable, str(TRANSFORM_PIPELINE), str(path)], cwd=path.parent,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return read_pipeline(path)


@pytest.mark.parametrize("profile", ["2.0-2.4", DEFAULT_BACKEND])
def test_the_transform_pipeline_passes_each_output_on_end_to_end(profile, transform_pipeline, emu, tmp_path):
    said = []
    code, outputs = run_pipeline(transform_pipeline, {"role": ROLE}, tmp_path, env=emu.env(), backend=profile,
                                 say=said.append)
    assert code == 0, "\n".join(said)
    (training,) = created(emu, "CreateTrainingJob")
    (model,) = created(emu, "CreateModel")
    (transform,) = created(emu, "CreateTransformJob")
    model_url = emu.describe(training["TrainingJobName"])["ModelArtifacts"]["S3ModelArtifacts"]
    assert model["PrimaryContainer"] == {"Image": training["AlgorithmSpecification"]["TrainingImage"],
                                         "ModelDataUrl": model_url}
    # create_model.output: the name the model step gave its model, which no argument named.
    assert transform["ModelName"] == model["ModelName"] == outputs[("sagemaker-model", "model_name")]
    assert model["ModelName"].startswith("Model-")
    # transform.output: where the job wrote its predictions, as the later step received it.
    written = emu.describe(transform["TransformJobName"], kind="TransformJob")["TransformOutput"]["S3OutputPath"]
    assert outputs[("read-predictions", "seen")] == outputs[("sagemaker-batch-transform", "output_location")] == written


def test_kfp_1_8_compiles_the_transform_pipeline_with_each_output_passed_on(kfp_v1_python, tmp_path):
    workflow_yaml = tmp_path / "transform.yaml"
    result = subprocess.run([str(kfp_v1_python), str(TRANSFORM_PIPELINE), str(workflow_yaml)], cwd=tmp_path,
                            env=kfp_v1_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    tasks = dag_tasks(yaml.safe_load(workflow_yaml.read_text(encoding="utf-8")))

    def output(task: str, name: str) -> str:
        return f"{{{{tasks.{task}.outputs.parameters.{task}-{name}}}}}"

    assert reads(tasks["sagemaker-model"]) == {
        "sagemaker-training-model_artifact_url": output("sagemaker-training", "model_artifact_url")}
    assert reads(tasks["sagemaker-batch-transform"]) == {"sagemaker-model-model_name": output("sagemaker-model", "model_name")}
    assert reads(tasks["read-predictions"]) == {
        "sagemaker-batch-transform-output_location": output("sagemaker-batch-transform", "output_location")}
