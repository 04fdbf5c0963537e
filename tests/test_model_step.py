"""The model component end to end: the arguments of AWS's model integration config (the k-means
MNIST model) through component.yaml, compiled with kfp 2.x, resolved as each backend line runs them
and run against the emulator; a retry, a reused name, job_exists_action fail, invalid arguments and
every rule both ways, and a signal to a step that has nothing to stop."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
import yaml

from sagemaker_kfp_components.generator.backends import BACKENDS, Run
from sagemaker_kfp_components.generator.local_run import local_argv
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest
from step_runner import created, resolved_call, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "model" / "component.yaml"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
ARTIFACTS = "s3://kfp-data/mnist_kmeans_example/model/kmeans-mnist-model/model.tar.gz"
PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/mnist-kmeans/1"
#: The integration config's arguments (resources/config/kmeans-mnist-model), its ((placeholders))
#: filled in. network_isolation is "True" there because kfp 1.x passed pipeline parameters as text;
#: a kfp 2.x constant is a bool, which the kfp-v1 profile renders as that same text.
AWS_ARGUMENTS = {
    "region": "us-east-1", "model_name": "kmeans-mnist-model", "image": KMEANS,
    "model_artifact_url": ARTIFACTS, "network_isolation": True, "role": ROLE,
}
#: The CreateModel request those arguments make, without the digest tag.
AWS_REQUEST = {
    "ModelName": "kmeans-mnist-model",
    "PrimaryContainer": {"Image": KMEANS, "ModelDataUrl": ARTIFACTS},
    "ExecutionRoleArn": ROLE,
    "EnableNetworkIsolation": True,
}
ARN = "arn:aws:sagemaker:us-east-1:123456789012:model/kmeans-mnist-model"


def resolved(arguments: dict, tmp_path: Path, profile: str = "2.14-2.16"):
    return resolved_call("model", arguments, tmp_path / "out", profile)


def run_step(arguments: dict, emu, tmp_path: Path, profile: str = "2.14-2.16"):
    """(the step's result, its output files) for a call of component.yaml with `arguments`."""
    command = resolved(arguments, tmp_path, profile)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    return result, command.output_files


def written(files: dict[str, Path]) -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in files.items() if path.exists()}


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_aws_model_config_runs_unchanged_and_outputs_the_model(profile, emu, tmp_path):
    arguments = AWS_ARGUMENTS
    if profile == "2.17.0":  # it fills no defaults: a component.yaml call there passes every input
        from sagemaker_kfp_components.model.component import DEFAULTS

        arguments = {**DEFAULTS, **AWS_ARGUMENTS}
    result, files = run_step(arguments, emu, tmp_path, profile)
    assert result.returncode == 0, result.stdout + result.stderr
    (request,) = created(emu, "CreateModel")
    digest = {"Key": DIGEST_TAG, "Value": request_digest(AWS_REQUEST, "ModelName")}
    assert request == {**AWS_REQUEST, "Tags": [digest]}
    assert written(files) == {"model_name": "kmeans-mnist-model"}
    assert "Created model kmeans-mnist-model" in result.stdout
    assert f"Model ARN: {ARN}" in result.stdout.splitlines()  # no output: AWS's one output keeps task.output working
    assert "Model kmeans-mnist-model is ready" in result.stdout
    assert {r.operation for r in emu.requests()} == {"CreateModel", "DescribeModel"}


def test_a_retried_step_uses_its_model_and_creates_no_second_one(emu, tmp_path):
    first, _ = run_step(AWS_ARGUMENTS, emu, tmp_path)
    assert first.returncode == 0, first.stderr
    again, files = run_step(AWS_ARGUMENTS, emu, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Attaching to the existing model kmeans-mnist-model" in again.stdout
    assert "warning" not in again.stderr  # the digest tag was read back and matched
    assert len(created(emu, "CreateModel")) == 1 and len(emu.requests("ListTags")) == 1
    assert written(files) == {"model_name": "kmeans-mnist-model"}
    assert f"Model ARN: {ARN}" in again.stdout.splitlines()


def test_a_generated_name_is_the_same_for_every_retry_of_the_task(emu, tmp_path):
    """The typed function passes KFP's task identity, which 2.5 and later resolve once per task."""
    from kfp import dsl
    from google.protobuf import json_format

    from sagemaker_kfp_components.model import sagemaker_model

    @dsl.pipeline(name="model")
    def pipeline():
        sagemaker_model(region="us-east-1", role=ROLE, image=KMEANS, model_artifact_url=ARTIFACTS)

    ir = json_format.MessageToDict(pipeline.pipeline_spec)
    command = BACKENDS["2.14-2.16"].command_line(ir, "sagemaker-model", Run(), tmp_path / "out")
    for _ in range(2):
        result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    (request,) = created(emu, "CreateModel")
    assert request["ModelName"].startswith("Model-kfp-")
    assert written(command.output_files)["model_name"] == request["ModelName"]


def test_the_same_name_with_another_definition_exits_3_naming_what_differs(emu, tmp_path):
    assert run_step(AWS_ARGUMENTS, emu, tmp_path)[0].returncode == 0
    changed = {**AWS_ARGUMENTS, "environment": {"SAGEMAKER_PROGRAM": "serve.py"}, "network_isolation": False,
               "tags": {"team": "ml"}}
    result, files = run_step(changed, emu, tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert ("error: the name kmeans-mnist-model is taken by a model created from a different request "
            "(differing in PrimaryContainer, EnableNetworkIsolation, Tags (team)); give a new model_name, "
            "or leave it empty for a generated one") in result.stderr
    assert "Attaching" not in result.stdout and "Traceback" not in result.stderr
    assert len(created(emu, "CreateModel")) == 1
    assert written(files) == {}


def test_job_exists_action_fail_fails_on_an_existing_model(emu, tmp_path):
    assert run_step(AWS_ARGUMENTS, emu, tmp_path)[0].returncode == 0
    result, files = run_step({**AWS_ARGUMENTS, "job_exists_action": "fail"}, emu, tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert ("error: a model named kmeans-mnist-model already exists; choose another model_name, "
            "or set job_exists_action to attach to it") in result.stderr
    assert len(emu.requests("CreateModel")) == 1  # looked up first: no second create
    assert written(files) == {}


def test_rerun_failed_is_no_choice_for_a_model_which_cannot_fail(emu, tmp_path):
    result, _ = run_step({**AWS_ARGUMENTS, "job_exists_action": "rerun_failed"}, emu, tmp_path)
    assert result.returncode == 2
    assert "error: job_exists_action: 'rerun_failed' is not accepted; use one of: attach, fail" in result.stderr
    assert emu.requests() == []


@pytest.mark.parametrize("held", ["CreateModel", "DescribeModel"])
def test_sigterm_ends_the_step_with_no_outputs_and_nothing_to_stop(held, emu, tmp_path):
    emu.inject(held, "slow", seconds=0.5)
    command = resolved(AWS_ARGUMENTS, tmp_path)
    # Its own process group, as the KFP launcher's group is in the pod.
    step = subprocess.Popen(local_argv(command.argv), env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    wait_until(lambda: emu.requests(held))  # recorded on arrival, while it is held
    os.killpg(step.pid, signal.SIGTERM)
    out, err = step.communicate(timeout=30)
    assert step.returncode == 128 + signal.SIGTERM, out + err
    assert ("error: the step received SIGTERM: model kmeans-mnist-model exists; there is nothing to stop; "
            "no outputs written") in err
    assert written(command.output_files) == {}
    assert {r.operation for r in emu.requests()} <= {"CreateModel", "DescribeModel"}
    # The model was created; the retry of the step uses it.
    retry, files = run_step(AWS_ARGUMENTS, emu, tmp_path)
    assert retry.returncode == 0 and "Attaching to the existing model" in retry.stdout
    assert written(files)["model_name"] == "kmeans-mnist-model"


def test_the_first_15_inputs_are_aws_model_components_with_its_types():
    aws = {
        "region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject",
        "model_name": "String", "role": "String", "container_host_name": "String", "image": "String",
        "model_artifact_url": "String", "environment": "JsonObject", "model_package": "String",
        "secondary_containers": "JsonArray", "vpc_security_group_ids": "String", "vpc_subnets": "String",
        "network_isolation": "Bool",
    }
    document = yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))
    assert [(item["name"], item["type"]) for item in document["inputs"][:15]] == list(aws.items())
    assert {item["name"]: item["type"] for item in document["outputs"]} == {"model_name": "String"}
    assert {item["name"]: item.get("default") for item in document["inputs"]}["network_isolation"] == "True"


# -- invalid arguments and the rules -----------------------------------------------------------


def dry_run(arguments: dict, emu, tmp_path: Path):
    """The step with dry_run true: (exit code, the request it printed or None, error lines)."""
    command = resolved({**arguments, "dry_run": True}, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    assert emu.requests() == []  # nothing sent, whether valid or not
    errors = [line.removeprefix("error: ") for line in result.stderr.splitlines() if line.startswith("error: ")]
    return result.returncode, json.loads(result.stdout) if result.returncode == 0 else None, errors


BASE = {"region": "us-east-1", "role": ROLE, "model_name": "m"}
CONTAINERS = [{"ContainerHostname": "prep", "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1"},
              {"ContainerHostname": "serve", "Image": KMEANS, "ModelDataUrl": ARTIFACTS}]

#: Each rule broken, and the one error it gives.
BROKEN = {
    "none of the three": ({}, "image: is not given, nor is model_package or secondary_containers; "
                              "give exactly one of image, model_package and secondary_containers"),
    "image and model_package": ({"image": KMEANS, "model_package": PACKAGE},
                                "image: is given with model_package; give exactly one of image, model_package and "
                                "secondary_containers"),
    "all three": ({"image": KMEANS, "model_package": PACKAGE, "secondary_containers": CONTAINERS},
                  "image: is given with model_package and secondary_containers; give exactly one of image, "
                  "model_package and secondary_containers"),
    "artifacts without image": ({"model_package": PACKAGE, "model_artifact_url": ARTIFACTS},
                                "model_artifact_url: needs image; give image or leave model_artifact_url out"),
    "inference specification without package": ({"image": KMEANS, "inference_specification_name": "gpu"},
                                                "inference_specification_name: needs model_package; give "
                                                "model_package or leave inference_specification_name out"),
    "execution config without containers": ({"image": KMEANS, "inference_execution_config": {"Mode": "Direct"}},
                                            "inference_execution_config: needs secondary_containers; give "
                                            "secondary_containers or leave inference_execution_config out"),
    "subnets alone": ({"image": KMEANS, "vpc_subnets": "subnet-1"},
                      "vpc_subnets: is given without vpc_security_group_ids; give both or neither"),
    "security groups alone": ({"image": KMEANS, "vpc_security_group_ids": "sg-1"},
                              "vpc_security_group_ids: is given without vpc_subnets; give both or neither"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_each_rule_broken_exits_2_naming_it(case, emu, tmp_path):
    arguments, error = BROKEN[case]
    code, _, errors = dry_run({**BASE, **arguments}, emu, tmp_path)
    assert (code, errors) == (2, [error])


#: Each rule kept, and the request it makes (PrimaryContainer, Containers, InferenceExecutionConfig, VpcConfig).
KEPT = {
    "image alone, with its artifacts": (
        {"image": KMEANS, "model_artifact_url": ARTIFACTS, "environment": {"MODE": 1}},
        {"PrimaryContainer": {"Image": KMEANS, "ModelDataUrl": ARTIFACTS, "Environment": {"MODE": "1"}}}),
    "model_package alone, with an inference specification": (
        {"model_package": PACKAGE, "inference_specification_name": "gpu"},
        {"PrimaryContainer": {"ModelPackageName": PACKAGE, "InferenceSpecificationName": "gpu"}}),
    # They replace the single container: its other arguments are not sent.
    "secondary_containers alone, with an execution config": (
        {"secondary_containers": CONTAINERS, "inference_execution_config": {"Mode": "Direct"},
         "environment": {"MODE": "fast"}, "container_host_name": "single", "mode": "MultiModel"},
        {"Containers": CONTAINERS, "InferenceExecutionConfig": {"Mode": "Direct"}}),
    "security groups and subnets together": (
        {"image": KMEANS, "vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
        {"PrimaryContainer": {"Image": KMEANS}, "VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"], "Subnets": ["subnet-1"]}}),
}


@pytest.mark.parametrize("case", KEPT)
def test_each_rule_kept_makes_its_request(case, emu, tmp_path):
    arguments, expected = KEPT[case]
    code, request, errors = dry_run({**BASE, **arguments}, emu, tmp_path)
    assert (code, errors) == (0, [])
    shown = {key: request[key] for key in ("PrimaryContainer", "Containers", "InferenceExecutionConfig", "VpcConfig")
             if key in request}
    assert shown == expected


def test_every_bad_argument_is_named_at_once_and_nothing_is_sent(emu, tmp_path):
    arguments = {**AWS_ARGUMENTS, "model_name": "kmeans_mnist", "role": "my-role", "model_package": PACKAGE,
                 "mode": "Multi", "environment": {"1BAD": "x"}, "vpc_subnets": "subnet-1",
                 "additional_model_data_sources": [{"ChannelName": "draft"}], "image_config": {"RepositoryAccessMode": "Vpc2"}}
    result, files = run_step(arguments, emu, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    named = {line.removeprefix("error: ").split(":")[0].split("[")[0].split(".")[0] for line in errors}
    assert named == {"model_name", "role", "image", "mode", "environment", "vpc_subnets",
                     "additional_model_data_sources", "image_config"}, errors
    assert f"{len(errors)} invalid argument(s); nothing was sent to AWS." in result.stderr
    assert "Traceback" not in result.stderr
    assert emu.requests() == [] and written(files) == {}


def test_constant_mistakes_fail_when_the_pipeline_is_defined():
    from kfp import dsl

    from sagemaker_kfp_components.model import sagemaker_model
    from sagemaker_kfp_components.runtime.validate import InvalidArguments

    with pytest.raises(InvalidArguments) as raised:
        @dsl.pipeline(name="mistakes")
        def mistakes():
            sagemaker_model(region="us-east-1", role=ROLE, model_name="kmeans mnist", image=KMEANS, model_package=PACKAGE,
                            mode="Multi", secondary_containers=[{"Image": KMEANS, "Environment": {"A": ["b"]}}])

    errors = raised.value.problems.errors
    assert {error.split(":")[0].split("[")[0] for error in errors} == {"model_name", "image", "mode", "secondary_containers"}
    assert ("image: is given with model_package and secondary_containers; give exactly one of image, "
            "model_package and secondary_containers") in errors


def test_a_rule_on_a_pipeline_parameter_is_left_to_the_step(emu, tmp_path):
    """Defining the pipeline cannot know a parameter's value; the step checks the rule when it runs."""
    from kfp import dsl
    from google.protobuf import json_format

    from sagemaker_kfp_components.model import sagemaker_model

    @dsl.pipeline(name="from-a-package")
    def from_a_package(artifacts: str = ""):
        sagemaker_model(region="us-east-1", role=ROLE, model_name="packaged", model_package=PACKAGE,
                        model_artifact_url=artifacts)

    ir = json_format.MessageToDict(from_a_package.pipeline_spec)
    runs = {value: BACKENDS["2.14-2.16"].command_line(ir, "sagemaker-model", Run(pipeline_arguments={"artifacts": value}),
                                                      tmp_path / str(bool(value)))
            for value in ("", ARTIFACTS)}
    broken = subprocess.run(local_argv(runs[ARTIFACTS].argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert broken.returncode == 2, broken.stdout + broken.stderr
    assert "error: model_artifact_url: needs image; give image or leave model_artifact_url out" in broken.stderr
    assert emu.requests() == []
    kept = subprocess.run(local_argv(runs[""].argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    (request,) = created(emu, "CreateModel")
    assert request["PrimaryContainer"] == {"ModelPackageName": PACKAGE}
