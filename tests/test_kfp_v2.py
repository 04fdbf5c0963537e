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

from sagemaker_kfp_components.generator.backends import BACKENDS, Run, compile_call
from sagemaker_kfp_components.generator.local_run import local_argv
from sagemaker_kfp_components.generator.project import Project
from sagemaker_kfp_components.runtime.validate import InvalidArguments
from step_runner import IR_TYPES, flag_values

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "training" / "component.yaml"
TRAINING = Project(ROOT).component("training")
IMAGE = TRAINING.image
COMMAND = ["python3", "-m", "sagemaker_kfp_components.training.entrypoint"]
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
        if declared.get("optional"):  # every optional input has a default: no backend then lacks a value
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
    # Not set by default: the type's empty value, or the documented value outside the API's range.
    for optional in ("endpoint_url", "job_name", "image", "data_location_1", "kfp_run_id", "kfp_task_id", "kfp_task_name"):
        assert parameters[optional] == {"parameterType": "STRING", "defaultValue": "", "isOptional": True}, optional
    assert parameters["keep_alive_period"]["defaultValue"] == -1
    assert parameters["enable_remote_debug"]["defaultValue"] is False


@pytest.mark.parametrize("sample", SAMPLES)
def test_compiled_outputs_image_command_and_args(compiled, sample):
    component, container, _, _ = training_parts(compiled[sample])
    assert component["outputDefinitions"] == {
        "parameters": {name: {"parameterType": kind} for name, kind in OUTPUT_TYPES.items()}
    }
    assert container["image"] == IMAGE == "ghcr.io/sagemaker-kfp/sagemaker-kfp-components:0.1.0"
    assert container["command"] == COMMAND
    args = container["args"]
    assert args[:2] == ["--region", "{{$.inputs.parameters['region']}}"]
    for name in OUTPUT_TYPES:
        at = args.index(f"--{name}_output_path")
        assert args[at + 1] == f"{{{{$.outputs.parameters['{name}'].output_file}}}}"
    # Every input as a plain `--name {{value}}` pair: nothing only some backends resolve (IfPresent).
    names = [i["name"] for i in v1_inputs()]
    assert args[:2 * len(names)] == [part for name in names
                                     for part in (f"--{name}", f"{{{{$.inputs.parameters['{name}']}}}}")]


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
    # Arguments left as None are passed as the component's defaults (2.17.0 fills none).
    assert set(inputs) == {i["name"] for i in v1_inputs()}
    assert inputs["endpoint_url"] == inputs["job_name"] == {"runtimeValue": {"constant": ""}}
    assert inputs["tags"] == {"runtimeValue": {"constant": {}}}
    assert inputs["keep_alive_period"] == {"runtimeValue": {"constant": -1}}


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
    assert all(inputs[f"data_location_{n}"] == {"runtimeValue": {"constant": ""}} for n in range(2, 9))


# -- authoring-time validation -----------------------------------------------------------------


def test_constant_typos_fail_when_the_pipeline_is_defined():
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training

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

    from sagemaker_kfp_components.training import sagemaker_training

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
    run = Run(pipeline_arguments={"role": ROLE, "instance_type": "ml.m5.xlarg", "instance_count": 0})
    resolved = BACKENDS["2.14-2.16"].command_line(ir, "sagemaker-training", run, tmp_path / "outputs")
    result = run_argv(resolved.argv, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: instance_type: 'ml.m5.xlarg' is not accepted" in result.stderr
    assert "error: instance_count: is 0, below the minimum 1" in result.stderr
    assert "nothing was sent to AWS" in result.stderr


def test_f_string_with_a_pipeline_parameter_is_left_to_run_time(tmp_path):
    from kfp import compiler, dsl

    from sagemaker_kfp_components.training import sagemaker_training

    with pytest.warns(UserWarning, match="only from 2.17.0") as warned:
        @dsl.pipeline(name="f-strings")
        def f_strings(account: str, family: str = "m5"):
            sagemaker_training(
                region="us-east-1", role=f"arn:aws:iam::{account}:role/SageMakerRole", channels=[CHANNEL],
                model_artifact_path="s3://bucket/models", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
                instance_type=f"ml.{family}.xlarge",
            )

    assert sorted(str(w.message).split()[1] for w in warned) == ["instance_type", "role"]

    output = tmp_path / "f_strings.yaml"
    compiler.Compiler().compile(f_strings, package_path=str(output))
    ir = yaml.safe_load(output.read_text(encoding="utf-8"))
    inputs = ir["root"]["dag"]["tasks"]["sagemaker-training"]["inputs"]["parameters"]
    assert inputs["role"]["runtimeValue"]["constant"] == (
        "arn:aws:iam::{{$.inputs.parameters['pipelinechannel--account']}}:role/SageMakerRole")


def test_dict_hyperparameters_with_numbers_pass(tmp_path):
    from kfp import compiler, dsl

    from sagemaker_kfp_components.training import sagemaker_training

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


# -- the argv a backend would run (every line: tests/test_backends.py) ----------------------------


def run_argv(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(local_argv(argv), env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("profile", ["2.14-2.16", "2.17.0"])
def test_numbers_in_hyperparameters_reach_sagemaker_as_text_and_the_name_comes_from_the_task(profile, tmp_path):
    from sagemaker_kfp_components.training import sagemaker_training

    arguments = dict(SAMPLE_ARGS, hyperparameters={"k": 10, "learning_rate": 0.05, "epochs": 3.0}, dry_run=True)
    ir, task = compile_call(sagemaker_training, arguments)
    run = Run(job_uuid="run-42", dag_execution_id="7")
    resolved = BACKENDS[profile].command_line(ir, task, run, tmp_path)
    values = flag_values(resolved.argv[len(COMMAND):])
    assert values["hyperparameters"] == '{"epochs":3,"k":10,"learning_rate":0.05}'
    assert (values["kfp_run_id"], values["kfp_task_id"], values["kfp_task_name"]) == ("run-42", "7", "sagemaker-training")

    # The step sends them as text, as SageMaker requires (dry_run: no AWS call).
    result = run_argv(resolved.argv, {"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    request = json.loads(result.stdout)
    assert request["HyperParameters"] == {"epochs": "3", "k": "10", "learning_rate": "0.05"}
    assert re.fullmatch(r"TrainingJob-kfp-[0-9a-f]+", request["TrainingJobName"])


def test_a_given_job_name_leaves_kfp_identity_out_so_the_step_can_be_cached():
    from sagemaker_kfp_components.training import sagemaker_training

    ir, task = compile_call(sagemaker_training, dict(SAMPLE_ARGS, job_name="nightly-kmeans"))
    inputs = ir["root"]["dag"]["tasks"][task]["inputs"]["parameters"]
    assert all(inputs[name] == {"runtimeValue": {"constant": ""}} for name in PLACEHOLDERS)


# -- `sagemaker-kfp run` ------------------------------------------------------------------


def generator_run(component: str, cwd: Path, outputs_dir: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sagemaker_kfp_components.generator", "run", component, "--args", str(ARGS_FILE), "--outputs", str(outputs_dir),
         *options],
        cwd=cwd, capture_output=True, text=True, timeout=180,
    )


def check_generator_run(result: subprocess.CompletedProcess, outputs_dir: Path) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    shown = dict(re.findall(r"^  (\w+) = (.*)$", result.stdout, flags=re.MULTILINE))
    assert set(shown) == set(OUTPUT_TYPES), result.stdout
    name = shown["job_name"]
    assert shown["model_artifact_url"] == f"{SAMPLE_ARGS['model_artifact_path']}/{name}/output/model.tar.gz"
    assert shown["training_image"] == SAMPLE_ARGS["image"]
    assert json.loads(shown["final_metrics"]) == {"train:msd": 0.0736, "train:progress": 100.0}
    # The emulator runs the demo k-means job, and the step streams its log while it trains.
    assert "#quality_metric: host=algo-1, epoch=0, batch=0 train msd <loss>=0.0736" in result.stdout
    for output, value in shown.items():
        assert (outputs_dir / output).read_text(encoding="utf-8") == value
    # The argv it ran is echoed first, in the launcher's rendering.
    first = next(line for line in result.stdout.splitlines() if line.startswith("$ "))
    assert first.startswith("$ python3 -m sagemaker_kfp_components.training.entrypoint --region us-east-1 ")
    assert "--network_isolation true" in first and "--endpoint_url '' " in first


def test_generator_run_by_spec_name(tmp_path):
    check_generator_run(generator_run("training", ROOT, tmp_path / "out"), tmp_path / "out")


def test_generator_run_with_only_a_component_yaml(tmp_path):
    """A tool that has nothing but component.yaml: a copy elsewhere, run from another folder."""
    copy = tmp_path / "elsewhere" / "component.yaml"
    copy.parent.mkdir()
    shutil.copyfile(COMPONENT_YAML, copy)
    check_generator_run(generator_run(str(copy), tmp_path, tmp_path / "out"), tmp_path / "out")


def test_generator_run_on_2_17_0_shows_why_a_component_yaml_call_must_pass_every_input(tmp_path):
    result = generator_run(str(COMPONENT_YAML), ROOT, tmp_path / "out", "--backend", "2.17.0")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'parameter "endpoint_url" not found in executor input' in result.stdout
    # Through the typed function (every input passed), the same arguments run.
    check_generator_run(generator_run("training", ROOT, tmp_path / "out", "--backend", "2.17.0"), tmp_path / "out")
