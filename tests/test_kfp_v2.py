"""The generated training component in the real kfp 2.x SDK: loading, compiling both samples,
authoring-time validation, and the container argv KFP would run, executed against the emulator."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from emulator import Emulator, Lifecycle
from generator.kfp_launch import resolve_command
from runtime.validate import InvalidArguments
from step_runner import IR_TYPES, flag_values

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "training" / "component.yaml"
SPEC = yaml.safe_load((ROOT / "specs" / "training.yaml").read_text(encoding="utf-8"))
IMAGE = f"{SPEC['image']}:{SPEC['version']}"
COMMAND = ["python3", "-m", "generated.training.entrypoint"]
ARGS_FILE = ROOT / "samples" / "training_args.yaml"
SAMPLE_ARGS = yaml.safe_load(ARGS_FILE.read_text(encoding="utf-8"))

OUTPUT_TYPES = {
    "model_artifact_url": "STRING",
    "job_name": "STRING",
    "job_arn": "STRING",
    "training_image": "STRING",
    "final_metrics": "STRUCT",
}
PLACEHOLDERS = {
    "kfp_run_id": "{{$.pipeline_job_uuid}}",
    "kfp_task_id": "{{$.pipeline_task_uuid}}",
    "kfp_task_name": "{{$.pipeline_task_name}}",
}
CHANNEL = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def v1_inputs() -> list[dict]:
    """The inputs as component.yaml declares them (the source the IR is checked against)."""
    return yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))["inputs"]


def v2_default(v1_type: str, text: str) -> object:
    """What the IR holds for a v1 default written as text."""
    if v1_type in ("JsonObject", "JsonArray"):
        return json.loads(text)
    if v1_type == "Bool":
        return {"true": True, "false": False}[text.lower()]
    if v1_type == "Integer":
        return int(text)  # kfp stores it as a float (1.0); 1 == 1.0
    return text


# -- loading ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def component():
    from kfp import components

    return components.load_component_from_file(str(COMPONENT_YAML))


def test_component_loads_with_typed_parameters_only(component):
    spec = component.component_spec
    inputs = v1_inputs()
    assert list(spec.inputs) == [i["name"] for i in inputs]
    assert set(spec.outputs) == set(OUTPUT_TYPES)
    # Every input and output is a parameter, none fell back to an artifact (an untyped or
    # unknown-typed one would become system.Artifact).
    parameters = component.pipeline_spec.components[next(iter(component.pipeline_spec.components))]
    assert not parameters.input_definitions.artifacts
    assert not parameters.output_definitions.artifacts
    assert set(component.required_inputs) == {"region", "role", "channels", "model_artifact_path"}


# -- compiled samples ---------------------------------------------------------------------------


def compile_sample(script: str, output: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "samples" / script), str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [doc for doc in yaml.safe_load_all(output.read_text(encoding="utf-8")) if doc is not None]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("compiled")
    return {
        script: compile_sample(script, folder / script.replace(".py", ".yaml"))
        for script in ("training_pipeline.py", "upstream_data_pipeline.py")
    }


SAMPLES = ["training_pipeline.py", "upstream_data_pipeline.py"]


def training_parts(documents: list[dict]) -> tuple[dict, dict, dict, dict]:
    """(component, executor container, task, kubernetes executor config) of the training step."""
    assert len(documents) == 2, "kfp-kubernetes adds the platform spec as a second document"
    ir, platform = documents
    tasks = ir["root"]["dag"]["tasks"]
    task = tasks["sagemaker-training"]
    component = ir["components"][task["componentRef"]["name"]]
    container = ir["deploymentSpec"]["executors"][component["executorLabel"]]["container"]
    k8s = platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"][component["executorLabel"]]
    return component, container, task, k8s


@pytest.mark.parametrize("sample", SAMPLES)
def test_compiled_inputs_types_defaults_and_optional(compiled, sample):
    component, _, _, _ = training_parts(compiled[sample])
    parameters = component["inputDefinitions"]["parameters"]
    assert "artifacts" not in component["inputDefinitions"]
    inputs = v1_inputs()
    assert set(parameters) == {i["name"] for i in inputs}
    for declared in inputs:
        name, parameter = declared["name"], parameters[declared["name"]]
        assert parameter["parameterType"] == IR_TYPES[declared["type"]], name
        assert parameter.get("isOptional", False) == declared.get("optional", False), name
        if "default" in declared:
            assert parameter["defaultValue"] == v2_default(declared["type"], declared["default"]), name
        else:
            assert "defaultValue" not in parameter, name
    # Spot checks written out, independent of component.yaml.
    assert parameters["region"] == {"parameterType": "STRING"}
    assert parameters["channels"] == {"parameterType": "LIST"}
    assert parameters["instance_type"] == {"parameterType": "STRING", "defaultValue": "ml.m4.xlarge", "isOptional": True}
    assert parameters["instance_count"]["parameterType"] == "NUMBER_INTEGER"
    assert parameters["instance_count"]["defaultValue"] == 1  # kfp writes 1.0
    assert parameters["network_isolation"] == {"parameterType": "BOOLEAN", "defaultValue": True, "isOptional": True}
    assert parameters["traffic_encryption"]["defaultValue"] is False
    assert parameters["tags"] == {"parameterType": "STRUCT", "defaultValue": {}, "isOptional": True}
    assert parameters["container_entrypoint"] == {"parameterType": "LIST", "defaultValue": [], "isOptional": True}
    assert parameters["max_run_time"]["defaultValue"] == 86400
    for optional in ("endpoint_url", "job_name", "image", "data_location_1", "keep_alive_period",
                     "enable_remote_debug", "kfp_run_id", "kfp_task_id", "kfp_task_name"):
        assert parameters[optional]["isOptional"] is True, optional
        assert "defaultValue" not in parameters[optional], optional


@pytest.mark.parametrize("sample", SAMPLES)
def test_compiled_outputs_image_command_and_args(compiled, sample):
    component, container, _, _ = training_parts(compiled[sample])
    assert component["outputDefinitions"] == {
        "parameters": {name: {"parameterType": kind} for name, kind in OUTPUT_TYPES.items()}
    }
    assert container["image"] == IMAGE == "ghcr.io/sagemaker-kfp/sagemaker-training:0.1.0"
    assert container["command"] == COMMAND
    args = container["args"]
    assert args[:2] == ["--region", "{{$.inputs.parameters['region']}}"]
    for name in OUTPUT_TYPES:
        at = args.index(f"--{name}_output_path")
        assert args[at + 1] == f"{{{{$.outputs.parameters['{name}'].output_file}}}}"
    # Optional inputs without a default are passed only when present.
    if_present = [json.loads(a)["IfPresent"] for a in args if a.startswith('{"IfPresent"')]
    assert {p["InputName"] for p in if_present} == {
        i["name"] for i in v1_inputs() if i.get("optional") and "default" not in i
    }
    endpoint = next(p for p in if_present if p["InputName"] == "endpoint_url")
    assert endpoint["Then"] == ["--endpoint_url", "{{$.inputs.parameters['endpoint_url']}}"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_compiled_task_caching_secret_and_kfp_identity(compiled, sample):
    _, _, task, k8s = training_parts(compiled[sample])
    # enableCache false is protobuf's default, so the compiler may leave the key out.
    assert task["cachingOptions"].get("enableCache", False) is False
    assert k8s["secretAsEnv"] == [{
        "keyToEnv": [
            {"envVar": "AWS_ACCESS_KEY_ID", "secretKey": "AWS_ACCESS_KEY_ID"},
            {"envVar": "AWS_SECRET_ACCESS_KEY", "secretKey": "AWS_SECRET_ACCESS_KEY"},
        ],
        "optional": False,
        "secretName": "aws-secret",
        "secretNameParameter": {"runtimeValue": {"constant": "aws-secret"}},
    }]
    inputs = task["inputs"]["parameters"]
    for name, placeholder in PLACEHOLDERS.items():
        # The whole constant value of a task input: the form the v2 driver resolves.
        assert inputs[name] == {"runtimeValue": {"constant": placeholder}}, name
    assert inputs["role"] == {"componentInputParameter": "role"}
    assert inputs["region"] == {"componentInputParameter": "region"}
    assert inputs["hyperparameters"] == {"runtimeValue": {"constant": {"k": "10", "feature_dim": "784"}}}
    assert inputs["image"] == {"runtimeValue": {"constant": "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"}}
    # Arguments left as None are not passed: the component's defaults apply.
    assert "endpoint_url" not in inputs and "job_name" not in inputs and "tags" not in inputs


def test_training_sample_constants(compiled):
    ir = compiled["training_pipeline.py"][0]
    _, _, task, _ = training_parts(compiled["training_pipeline.py"])
    inputs = task["inputs"]["parameters"]
    assert inputs["instance_type"] == {"runtimeValue": {"constant": "ml.p2.xlarge"}}
    assert inputs["volume_size"]["runtimeValue"]["constant"] == 50
    assert inputs["max_run_time"]["runtimeValue"]["constant"] == 3600
    assert inputs["model_artifact_path"] == {"componentInputParameter": "model_artifact_path"}
    assert inputs["channels"]["runtimeValue"]["constant"][0]["ChannelName"] == "train"
    assert "retryPolicy" not in task
    assert ir["root"]["dag"]["outputs"]["parameters"]["Output"]["valueFromParameter"] == {
        "outputParameterKey": "model_artifact_url", "producerSubtask": "sagemaker-training"}


def test_upstream_sample_retry_and_data_location_wiring(compiled):
    _, _, task, _ = training_parts(compiled["upstream_data_pipeline.py"])
    assert task["retryPolicy"]["maxRetryCount"] == 3
    assert task["retryPolicy"]["backoffDuration"] == "60s"
    inputs = task["inputs"]["parameters"]
    assert inputs["data_location_1"] == {
        "taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "latest-training-data"}
    }
    assert "latest-training-data" in task["dependentTasks"]
    assert all(f"data_location_{n}" not in inputs for n in range(2, 9))


# -- authoring-time validation -----------------------------------------------------------------


def test_constant_typos_fail_when_the_pipeline_is_defined():
    from kfp import dsl

    from generated.training.component import sagemaker_training

    with pytest.raises(InvalidArguments) as raised:
        @dsl.pipeline(name="typos")
        def typos(role: str):
            sagemaker_training(
                region="us-east-1", role=role, channels=[CHANNEL], model_artifact_path="s3://bucket/models",
                image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
                instance_type="ml.m5.xlarg", instance_count=0,
            )

    errors = raised.value.problems.errors
    assert len(errors) == 2, errors
    assert any(e.startswith("instance_type:") and "ml.m5.xlarg" in e and "ml.m5.xlarge" in e for e in errors), errors
    assert any(e.startswith("instance_count:") and "minimum 1" in e for e in errors), errors
    assert "instance_type" in str(raised.value) and "instance_count" in str(raised.value)


def test_pipeline_parameters_pass_and_are_checked_at_run_time(tmp_path):
    from kfp import compiler, dsl

    from generated.training.component import sagemaker_training

    @dsl.pipeline(name="parameters")
    def parameters(role: str, instance_type: str = "ml.m5.xlarg", instance_count: int = 0):
        sagemaker_training(
            region="us-east-1", role=role, channels=[CHANNEL], model_artifact_path="s3://bucket/models",
            image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
            instance_type=instance_type, instance_count=instance_count,
        )

    output = tmp_path / "parameters.yaml"
    compiler.Compiler().compile(parameters, package_path=str(output))
    ir = yaml.safe_load(output.read_text(encoding="utf-8"))
    inputs = ir["root"]["dag"]["tasks"]["sagemaker-training"]["inputs"]["parameters"]
    assert inputs["instance_type"] == {"componentInputParameter": "instance_type"}
    assert inputs["instance_count"] == {"componentInputParameter": "instance_count"}

    # At run time the step itself rejects those values, before any AWS call.
    arguments = dict(SAMPLE_ARGS, instance_type="ml.m5.xlarg", instance_count=0)
    resolved = resolve_command(COMPONENT_YAML, arguments, tmp_path / "outputs")
    result = run_argv(resolved.argv, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: instance_type: 'ml.m5.xlarg' is not accepted" in result.stderr
    assert "error: instance_count: is 0, below the minimum 1" in result.stderr
    assert "nothing was sent to AWS" in result.stderr


def test_f_string_with_a_pipeline_parameter_is_left_to_run_time(tmp_path):
    from kfp import compiler, dsl

    from generated.training.component import sagemaker_training

    @dsl.pipeline(name="f-strings")
    def f_strings(account: str, family: str = "m5"):
        sagemaker_training(
            region="us-east-1", role=f"arn:aws:iam::{account}:role/SageMakerRole", channels=[CHANNEL],
            model_artifact_path="s3://bucket/models", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
            instance_type=f"ml.{family}.xlarge",
        )

    output = tmp_path / "f_strings.yaml"
    compiler.Compiler().compile(f_strings, package_path=str(output))
    ir = yaml.safe_load(output.read_text(encoding="utf-8"))
    inputs = ir["root"]["dag"]["tasks"]["sagemaker-training"]["inputs"]["parameters"]
    assert inputs["role"]["runtimeValue"]["constant"] == (
        "arn:aws:iam::{{$.inputs.parameters['pipelinechannel--account']}}:role/SageMakerRole")


def test_dict_hyperparameters_with_numbers_pass(tmp_path):
    from kfp import compiler, dsl

    from generated.training.component import sagemaker_training

    @dsl.pipeline(name="numbers")
    def numbers(role: str):
        sagemaker_training(
            region="us-east-1", role=role, channels=[CHANNEL], model_artifact_path="s3://bucket/models",
            image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
            hyperparameters={"k": 10, "learning_rate": 0.05, "epochs": 3, "mode": "fast"},
        )

    output = tmp_path / "numbers.yaml"
    compiler.Compiler().compile(numbers, package_path=str(output))
    ir = yaml.safe_load(output.read_text(encoding="utf-8"))
    inputs = ir["root"]["dag"]["tasks"]["sagemaker-training"]["inputs"]["parameters"]
    assert inputs["hyperparameters"]["runtimeValue"]["constant"] == {
        "k": 10, "learning_rate": 0.05, "epochs": 3, "mode": "fast"}


# -- the argv KFP would run ---------------------------------------------------------------------


def test_resolved_argv_is_what_the_v2_launcher_passes(tmp_path):
    resolved = resolve_command(COMPONENT_YAML, SAMPLE_ARGS, tmp_path / "outputs")
    argv = resolved.argv
    assert argv[:3] == COMMAND
    values = flag_values(argv[len(COMMAND):])
    assert not any("{{" in part or "IfPresent" in part for part in argv), argv
    assert "null" not in values.values()
    # Optional inputs without a value are left out.
    for absent in ("endpoint_url", "job_name", "algorithm_name", "data_location_1", "keep_alive_period",
                   "enable_remote_debug", "assume_role", "kfp_run_id", "kfp_task_id", "kfp_task_name"):
        assert absent not in values, absent
    assert "--endpoint_url" not in argv
    # Booleans as the Go backend writes them.
    assert values["network_isolation"] == "true"
    assert values["traffic_encryption"] == "false"
    assert values["stream_logs"] == "true"
    assert values["dry_run"] == "false"
    # Whole numbers without a decimal point, defaults included.
    assert values["instance_count"] == "1"
    assert values["volume_size"] == "50"
    assert values["max_run_time"] == "3600"
    assert values["max_wait_time"] == "86400"
    # Compact JSON, keys sorted (Go's json.Marshal of a protobuf Struct).
    assert values["hyperparameters"] == '{"feature_dim":"784","k":"10"}'
    assert values["tags"] == "{}"
    assert values["container_entrypoint"] == "[]"
    assert json.loads(values["channels"]) == SAMPLE_ARGS["channels"]
    assert ", " not in values["channels"] and '": ' not in values["channels"]
    assert values["instance_type"] == "ml.p2.xlarge"
    assert values["role"] == SAMPLE_ARGS["role"]
    # Output files.
    assert set(resolved.output_files) == set(OUTPUT_TYPES)
    for name, path in resolved.output_files.items():
        assert values[f"{name}_output_path"] == str(path)
        assert path.parent == tmp_path / "outputs"


def test_resolved_argv_renders_number_dicts_and_kfp_identity(tmp_path):
    arguments = dict(SAMPLE_ARGS, hyperparameters={"k": 10, "learning_rate": 0.05, "epochs": 3.0}, **PLACEHOLDERS)
    resolved = resolve_command(COMPONENT_YAML, arguments, tmp_path, job_uuid="run-42", task_uuid="7",
                               task_name="sagemaker-training")
    values = flag_values(resolved.argv[len(COMMAND):])
    assert values["hyperparameters"] == '{"epochs":3,"k":10,"learning_rate":0.05}'
    assert (values["kfp_run_id"], values["kfp_task_id"], values["kfp_task_name"]) == ("run-42", "7", "sagemaker-training")

    # The step sends them as text, as SageMaker requires (dry_run: no AWS call).
    resolved = resolve_command(COMPONENT_YAML, dict(arguments, dry_run=True), tmp_path, job_uuid="run-42",
                               task_uuid="7", task_name="sagemaker-training")
    result = run_argv(resolved.argv, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    request = json.loads(result.stdout)
    assert request["HyperParameters"] == {"epochs": "3", "k": "10", "learning_rate": "0.05"}
    assert re.fullmatch(r"TrainingJob-kfp-[0-9a-f]+", request["TrainingJobName"])


def run_argv(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    # The image's `python3` is this interpreter here: the one with the project installed.
    assert argv[0] == "python3"
    return subprocess.run([sys.executable, *argv[1:]], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_resolved_argv_runs_against_the_emulator(tmp_path):
    outputs_dir = tmp_path / "kfp" / "outputs"  # not created: the step makes the folder
    arguments = dict(SAMPLE_ARGS, **PLACEHOLDERS)
    resolved = resolve_command(COMPONENT_YAML, arguments, outputs_dir, job_uuid="3f1c0e6a-run", task_uuid="11",
                               task_name="sagemaker-training")
    with Emulator(lifecycle=Lifecycle.default()) as emu:
        result = run_argv(resolved.argv, emu.env(), cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        created = [r.body for r in emu.requests("CreateTrainingJob") if not r.faulted]
        assert len(created) == 1
        name = created[0]["TrainingJobName"]
        assert emu.describe(name)["TrainingJobStatus"] == "Completed"

    out = {n: p.read_text(encoding="utf-8") for n, p in resolved.output_files.items()}
    # The name comes from the run, task ID and task name, so a retry finds the same job.
    assert re.fullmatch(r"TrainingJob-kfp-[0-9a-f]+", name), name
    assert out["job_name"] == name
    assert out["model_artifact_url"] == f"{SAMPLE_ARGS['model_artifact_path']}/{name}/output/model.tar.gz"
    assert out["model_artifact_url"].endswith("/output/model.tar.gz")
    assert out["job_arn"].endswith(f":training-job/{name}")
    assert out["training_image"] == SAMPLE_ARGS["image"]
    metrics = json.loads(out["final_metrics"])
    assert isinstance(metrics, dict) and metrics == {"train:accuracy": 0.91}
    # What was sent is the sample's request.
    request = created[0]
    assert request["ResourceConfig"] == {"InstanceType": "ml.p2.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50}
    assert request["HyperParameters"] == {"k": "10", "feature_dim": "784"}
    assert request["EnableNetworkIsolation"] is True
    assert request["StoppingCondition"]["MaxRuntimeInSeconds"] == 3600


# -- `python -m generator run` ------------------------------------------------------------------


def generator_run(component: str, cwd: Path, outputs_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "run", component, "--args", str(ARGS_FILE), "--outputs", str(outputs_dir)],
        cwd=cwd, capture_output=True, text=True, timeout=180,
    )


def check_generator_run(result: subprocess.CompletedProcess, outputs_dir: Path) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    shown = dict(re.findall(r"^  (\w+) = (.*)$", result.stdout, flags=re.MULTILINE))
    assert set(shown) == set(OUTPUT_TYPES), result.stdout
    name = shown["job_name"]
    assert shown["model_artifact_url"] == f"{SAMPLE_ARGS['model_artifact_path']}/{name}/output/model.tar.gz"
    assert shown["training_image"] == SAMPLE_ARGS["image"]
    assert isinstance(json.loads(shown["final_metrics"]), dict)
    for output, value in shown.items():
        assert (outputs_dir / output).read_text(encoding="utf-8") == value
    # The argv it ran is echoed first, in the launcher's rendering.
    first = result.stdout.splitlines()[0]
    assert first.startswith("$ python3 -m generated.training.entrypoint --region us-east-1 ")
    assert "--network_isolation true" in first and "--endpoint_url" not in first


def test_generator_run_by_spec_name(tmp_path):
    check_generator_run(generator_run("training", ROOT, tmp_path / "out"), tmp_path / "out")


def test_generator_run_with_only_a_component_yaml(tmp_path):
    """A tool that has nothing but component.yaml: a copy elsewhere, run from another folder."""
    copy = tmp_path / "elsewhere" / "component.yaml"
    copy.parent.mkdir()
    shutil.copyfile(COMPONENT_YAML, copy)
    check_generator_run(generator_run(str(copy), tmp_path, tmp_path / "out"), tmp_path / "out")
