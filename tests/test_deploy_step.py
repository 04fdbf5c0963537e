"""The deploy component end to end: component.yaml called with the arguments of AWS's v1 deploy
integration configs (create and update), compiled with kfp 2.x, resolved as each backend line
runs them and run against the emulator; a retried and a rerun step, an update and its rollback,
a failing endpoint, termination, bad arguments and the dry run; AWS's update pipeline run as a
pipeline under kfp 2.x and as kfp 1.8 compiles it."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import graphlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from component_cases import create_models
from sagemaker_kfp_components.deploy.component import DEFAULTS
from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.generator.backends import BACKENDS
from sagemaker_kfp_components.generator.local_run import DEFAULT_BACKEND, local_argv
from sagemaker_kfp_components.generator.pipeline_run import read_pipeline, run_pipeline
from sagemaker_kfp_components.runtime.job import request_name
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest
from step_runner import created, resolved_call
from test_emulator_endpoints import CONTAINER_ERROR, HEALTH_CHECK_FAILED
from test_kfp_v1 import dag_tasks, kfp_v1_env, kfp_v1_python, reads  # noqa: F401 (kfp_v1_python: a fixture)

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "deploy" / "component.yaml"
DEPLOY_PIPELINE = Path(__file__).with_name("aws_v1_deploy_pipeline.py")
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
ARN = "arn:aws:sagemaker:us-east-1:123456789012"
MODEL = "kmeans-mnist-model"
NEW_MODEL = "kmeans-mnist-model-2"
CONFIG_NAME = "EndpointConfigName"

#: AWS's kmeans-mnist-endpoint integration config: the arguments its pipeline passes to the deploy
#: component (model_name_1 is its model step's output, the model the config names).
#: initial_variant_weight_1 is text, the input's type in AWS's component.
AWS_CREATE = {
    "region": "us-east-1", "endpoint_config_name": MODEL, "endpoint_name": MODEL, "model_name_1": MODEL,
    "variant_name_1": "variant-1", "instance_type_1": "ml.m5.xlarge", "initial_instance_count_1": 1,
    "initial_variant_weight_1": "1.0",
}
#: The requests those arguments make, without the request-digest tag.
AWS_CONFIG_REQUEST = {
    "EndpointConfigName": MODEL,
    "ProductionVariants": [{"VariantName": "variant-1", "ModelName": MODEL, "InitialInstanceCount": 1,
                            "InstanceType": "ml.m5.xlarge", "InitialVariantWeight": 1.0}],
}
AWS_ENDPOINT_REQUEST = {"EndpointName": MODEL, "EndpointConfigName": MODEL}
#: AWS's kmeans-mnist-update-endpoint config: its first deploy step's arguments; the second gives
#: the first's endpoint_name output, instance_type_2 as instance_type_1, and update_endpoint.
UPDATED = "kmeans-mnist-deploy-model"
AWS_DEPLOY = {**AWS_CREATE, "endpoint_config_name": UPDATED, "endpoint_name": UPDATED}
AWS_UPDATE = {**AWS_DEPLOY, "instance_type_1": "ml.m5.large", "update_endpoint": True}

#: A deployment as the tests below make it: the endpoint named, its config named after its request.
ENDPOINT = "mnist-endpoint"
BASE = {"region": "us-east-1", "endpoint_name": ENDPOINT, "model_name_1": MODEL, "instance_type_1": "ml.m5.large"}
DEPLOYMENT = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {
    "Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "mnist-endpoint-5xx-errors"}]}}
#: Variant 1's name when variant_name_1 is not given, as the failure reasons name it.
VARIANT = "variant-name-1"


def resolved(arguments: dict, folder: Path, profile: str = DEFAULT_BACKEND):
    if profile == "2.17.0":  # it fills no defaults: a component.yaml call there passes every input
        arguments = {**DEFAULTS, **arguments}
    return resolved_call("deploy", arguments, folder / "out", profile)


def run_step(arguments: dict, emu, folder: Path, profile: str = DEFAULT_BACKEND):
    """(the step's result, the outputs it wrote) for a call of component.yaml with `arguments`."""
    command = resolved(arguments, folder, profile)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result, written(command.output_files)


def start(arguments: dict, emu, folder: Path) -> subprocess.Popen:
    """The step, started in its own process group, as the KFP launcher's group is in the pod."""
    command = resolved(arguments, folder)
    return subprocess.Popen(local_argv(command.argv), env=emu.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def read_until(step: subprocess.Popen, text: str, patience: float = 60) -> list[str]:
    """The step's stdout lines up to the first that contains `text` (it is printed, so it happened).
    A step still silent about it after `patience` seconds is killed, so the test fails, not hangs."""
    lines = []
    watchdog = threading.Timer(patience, step.kill)
    watchdog.start()
    try:
        for line in step.stdout:
            lines.append(line.rstrip("\n"))
            if text in line:
                return lines
    finally:
        watchdog.cancel()
    raise AssertionError(f"the step ended without printing {text!r}:\n" + "\n".join(lines) + step.stderr.read())


def written(files: dict[str, Path]) -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in files.items() if path.exists()}


def tagged(request: dict, name_field: str) -> dict:
    return {**request, "Tags": [{"Key": DIGEST_TAG, "Value": request_digest(request, name_field)}]}


def config_named_after(request: dict) -> str:
    """The name a config gets when no endpoint_config_name is given: its request's digest."""
    return request_name("EndpointConfig", request_digest(request, CONFIG_NAME))


def endpoint(emu, name: str = ENDPOINT) -> tuple[str, str]:
    """(status, config it serves) of the endpoint."""
    described = emu.describe(name, kind="Endpoint")
    return described["EndpointStatus"], described[CONFIG_NAME]


def configs(emu) -> list[dict]:
    """The CreateEndpointConfig requests that created a config, in order."""
    return created(emu, "CreateEndpointConfig")


def errors(stderr: str) -> list[str]:
    return [line.removeprefix("error: ") for line in stderr.splitlines() if line.startswith("error: ")]


# -- AWS's integration configs, on every backend line ------------------------------------------


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_aws_create_endpoint_config_runs_unchanged_and_outputs_the_endpoint(profile, emu, tmp_path):
    create_models(emu, MODEL)
    result, outputs = run_step(AWS_CREATE, emu, tmp_path, profile)
    assert result.returncode == 0, result.stdout + result.stderr
    assert configs(emu) == [tagged(AWS_CONFIG_REQUEST, CONFIG_NAME)]
    assert created(emu, "CreateEndpoint") == [tagged(AWS_ENDPOINT_REQUEST, "EndpointName")]
    assert outputs == {"endpoint_name": MODEL}
    assert endpoint(emu, MODEL) == ("InService", MODEL)
    assert emu.requests("UpdateEndpoint") == []


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_aws_update_endpoint_config_runs_unchanged_and_updates_the_endpoint(profile, emu, tmp_path):
    """AWS's v1 component named the config of an update itself, whatever endpoint_config_name said;
    the config's pipeline gives both steps one name, so the update's config is named after its request."""
    create_models(emu, MODEL)
    deploy, outputs = run_step(AWS_DEPLOY, emu, tmp_path / "deploy", profile)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert outputs == {"endpoint_name": UPDATED}
    update, outputs = run_step({**AWS_UPDATE, "endpoint_name": outputs["endpoint_name"]}, emu, tmp_path / "update",
                               profile)
    assert update.returncode == 0, update.stdout + update.stderr
    first, second = configs(emu)
    assert first[CONFIG_NAME] == UPDATED
    new = {**AWS_CONFIG_REQUEST, CONFIG_NAME: config_named_after(second),
           "ProductionVariants": [{**AWS_CONFIG_REQUEST["ProductionVariants"][0], "InstanceType": "ml.m5.large"}]}
    assert second == tagged(new, CONFIG_NAME)
    assert [r.body for r in emu.requests("UpdateEndpoint")] == [{"EndpointName": UPDATED, CONFIG_NAME: new[CONFIG_NAME]}]
    assert endpoint(emu, UPDATED) == ("InService", new[CONFIG_NAME])
    assert outputs == {"endpoint_name": UPDATED}
    assert len(emu.requests("CreateEndpoint")) == 1


def test_a_given_config_name_that_holds_another_request_exits_3_when_not_updating(emu, tmp_path):
    create_models(emu, MODEL)
    assert run_step(AWS_DEPLOY, emu, tmp_path / "deploy")[0].returncode == 0
    result, outputs = run_step({**AWS_UPDATE, "update_endpoint": False}, emu, tmp_path / "again")
    assert result.returncode == 3, result.stdout + result.stderr
    assert errors(result.stderr) == [
        f"the name {UPDATED} is taken by an endpoint config created from a different request (differing in "
        "ProductionVariants); give a new endpoint_config_name, or leave it empty for a generated one"]
    assert len(configs(emu)) == 1 and emu.requests("UpdateEndpoint") == [] and outputs == {}


def test_the_aws_v1_inputs_are_there_in_order_with_their_types_and_one_output():
    aws = {"region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject",
           "endpoint_name": "String", "endpoint_config_name": "String", "endpoint_config_tags": "JsonObject",
           "resource_encryption_key": "String", "update_endpoint": "Bool"}
    for n in (1, 2, 3):
        aws.update({f"variant_name_{n}": "String", f"model_name_{n}": "String", f"initial_instance_count_{n}": "Integer",
                    f"instance_type_{n}": "String", f"initial_variant_weight_{n}": "String",
                    f"accelerator_type_{n}": "String"})
    document = yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))
    assert [(item["name"], item["type"]) for item in document["inputs"][:27]] == list(aws.items())
    assert [(item["name"], item["type"]) for item in document["outputs"]] == [("endpoint_name", "String")]


# -- creating, retrying, rerunning ---------------------------------------------------------------


def test_a_created_endpoint_is_followed_to_in_service_with_its_container_log(emu, tmp_path):
    create_models(emu, MODEL)
    result, outputs = run_step(BASE, emu, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"endpoint_name": ENDPOINT}
    (config,) = configs(emu)
    lines = result.stdout.splitlines()
    assert f"Created endpoint config {config[CONFIG_NAME]}" in lines
    assert f"Created endpoint {ENDPOINT}" in lines
    assert "Endpoint status: InService" in lines
    stream = emu.log_stream_name(ENDPOINT, kind="Endpoint")
    container = [line for step in Lifecycle.default().for_kind("Endpoint").steps for logs in step.logs.values()
                 for line in logs]
    assert container and all(f"[{stream}] {line}" in lines for line in container)
    assert f"Endpoint ARN: {ARN}:endpoint/{ENDPOINT}" in lines
    assert f"Output endpoint_name: {ENDPOINT}" in lines
    assert endpoint(emu) == ("InService", config[CONFIG_NAME])


def test_a_step_killed_while_creating_and_run_again_follows_its_endpoint(emu, tmp_path):
    create_models(emu, MODEL)
    emu.set_lifecycle(ENDPOINT, None, kind="Endpoint")  # Creating until the test finishes it
    first = start(BASE, emu, tmp_path)
    name = emu.wait_for_job(kind="Endpoint")
    first.kill()  # the pod is gone; the endpoint is being created
    first.communicate()
    second = start(BASE, emu, tmp_path)
    read_until(second, "following it")
    emu.finish(name, kind="Endpoint")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, out + err
    (config,) = configs(emu)
    assert [r.status for r in emu.requests("CreateEndpointConfig")] == [200, 400]  # found, its digest checked
    assert len(emu.requests("CreateEndpoint")) == 1 and emu.job_names(kind="Endpoint") == [ENDPOINT]
    assert endpoint(emu) == ("InService", config[CONFIG_NAME])
    assert written(resolved(BASE, tmp_path).output_files) == {"endpoint_name": ENDPOINT}


def test_a_rerun_of_a_finished_deployment_follows_the_endpoint_and_creates_nothing(emu, tmp_path):
    create_models(emu, MODEL)
    assert run_step(BASE, emu, tmp_path / "first")[0].returncode == 0
    again, outputs = run_step(BASE, emu, tmp_path / "again")
    assert again.returncode == 0, again.stdout + again.stderr
    (config,) = configs(emu)
    assert f"Attaching to the existing endpoint config {config[CONFIG_NAME]} (this step was retried or restarted)" in again.stdout
    assert (f"Endpoint {ENDPOINT} is InService on endpoint config {config[CONFIG_NAME]}: following it "
            "(a retried or rerun step)") in again.stdout
    assert "warning" not in again.stderr  # the config's digest tag was read back and matched
    assert len(emu.requests("CreateEndpoint")) == 1 and emu.requests("UpdateEndpoint") == []
    assert outputs == {"endpoint_name": ENDPOINT}


def test_a_failing_endpoint_exits_1_with_the_health_check_reason_and_the_container_log(emu, tmp_path):
    create_models(emu, MODEL)
    emu.lifecycle = Lifecycle.failing()
    result, outputs = run_step(BASE, emu, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert errors(result.stderr) == [f"endpoint {ENDPOINT} failed: {HEALTH_CHECK_FAILED.format(VARIANT)}"]
    stream = emu.log_stream_name(ENDPOINT, kind="Endpoint")
    assert f"[{stream}] {CONTAINER_ERROR}" in result.stdout.splitlines()
    assert outputs == {}


def test_sigterm_while_creating_leaves_the_endpoint_and_names_the_delete_command(emu, tmp_path):
    create_models(emu, MODEL)
    emu.set_lifecycle(ENDPOINT, None, kind="Endpoint")
    step = start(BASE, emu, tmp_path)
    read_until(step, "Endpoint status: Creating")
    os.killpg(step.pid, signal.SIGTERM)
    out, err = step.communicate(timeout=60)
    assert step.returncode == 128 + signal.SIGTERM, out + err
    assert errors(err) == [
        f"the step received SIGTERM: endpoint {ENDPOINT} was Creating and is left as it is (SageMaker has no "
        f"StopEndpoint); to remove it: aws sagemaker delete-endpoint --endpoint-name {ENDPOINT}; no outputs written"]
    assert emu.requests("DeleteEndpoint") == [] and emu.requests("DeleteEndpointConfig") == []
    assert endpoint(emu)[0] == "Creating"
    assert written(resolved(BASE, tmp_path).output_files) == {}


# -- updating ----------------------------------------------------------------------------------


def deployed(emu, tmp_path: Path) -> str:
    """MODEL deployed to ENDPOINT by a first step; the config it serves."""
    create_models(emu, MODEL, NEW_MODEL)
    result, _ = run_step(BASE, emu, tmp_path / "first")
    assert result.returncode == 0, result.stdout + result.stderr
    return endpoint(emu)[1]


def test_update_endpoint_serves_a_new_model_through_the_deployment_config(emu, tmp_path):
    old = deployed(emu, tmp_path)
    result, outputs = run_step({**BASE, "model_name_1": NEW_MODEL, "update_endpoint": True,
                                "deployment_config": DEPLOYMENT}, emu, tmp_path / "update")
    assert result.returncode == 0, result.stdout + result.stderr
    _, config = configs(emu)
    new = config[CONFIG_NAME]
    assert config["ProductionVariants"][0]["ModelName"] == NEW_MODEL and new != old
    assert [r.body for r in emu.requests("UpdateEndpoint")] == [
        {"EndpointName": ENDPOINT, CONFIG_NAME: new, "DeploymentConfig": DEPLOYMENT}]
    assert f"Updating endpoint {ENDPOINT} from endpoint config {old} to {new}" in result.stdout.splitlines()
    assert endpoint(emu) == ("InService", new)
    assert emu.describe(ENDPOINT, kind="Endpoint")["LastDeploymentConfig"] == DEPLOYMENT
    assert len(emu.requests("CreateEndpoint")) == 1
    assert outputs == {"endpoint_name": ENDPOINT}


def test_an_update_shows_the_updates_container_lines_not_the_earlier_deployments(emu, tmp_path):
    deployed(emu, tmp_path)
    result, _ = run_step({**BASE, "model_name_1": NEW_MODEL, "update_endpoint": True}, emu, tmp_path / "update")
    assert result.returncode == 0, result.stdout + result.stderr
    container = [line for step in Lifecycle.default().for_kind("Endpoint").steps for logs in step.logs.values()
                 for line in logs]
    shown = result.stdout.splitlines()
    assert {line: sum(text.endswith(f"] {line}") for text in shown) for line in container} == dict.fromkeys(container, 1)


def test_a_failed_update_exits_1_naming_the_reason_and_the_config_still_serving(emu, tmp_path):
    old = deployed(emu, tmp_path)
    emu.lifecycle = Lifecycle.failing()  # the update's new instances fail their health check: rolled back
    result, outputs = run_step({**BASE, "model_name_1": NEW_MODEL, "update_endpoint": True}, emu, tmp_path / "update")
    assert result.returncode == 1, result.stdout + result.stderr
    new = configs(emu)[1][CONFIG_NAME]
    assert errors(result.stderr) == [
        f"the update of endpoint {ENDPOINT} to endpoint config {new} failed and was rolled back: "
        f"{HEALTH_CHECK_FAILED.format(VARIANT)}; it still serves endpoint config {old}"]
    assert endpoint(emu) == ("InService", old)
    assert outputs == {}


def test_another_config_without_update_endpoint_exits_3_and_updates_nothing(emu, tmp_path):
    old = deployed(emu, tmp_path)
    result, outputs = run_step({**BASE, "model_name_1": NEW_MODEL}, emu, tmp_path / "again")
    assert result.returncode == 3, result.stdout + result.stderr
    new = configs(emu)[1][CONFIG_NAME]
    assert errors(result.stderr) == [f"endpoint {ENDPOINT} exists and serves endpoint config {old}, not this step's {new}; "
                              f"set update_endpoint to update it to {new}, or give another endpoint_name"]
    assert emu.requests("UpdateEndpoint") == []
    assert endpoint(emu) == ("InService", old)
    assert outputs == {}


# -- invalid arguments and the dry run ---------------------------------------------------------

#: Each argument set, and the argument its first error names.
BAD = {
    "model_name_3 without model_name_2": ({"model_name_3": NEW_MODEL}, "model_name_3"),
    "model_name_1 and production_variants": (
        {"production_variants": [{"VariantName": "AllTraffic", "ModelName": MODEL, "InstanceType": "ml.m5.large",
                                  "InitialInstanceCount": 1}]}, "model_name_1"),
    "neither model_name_1 nor production_variants": ({"model_name_1": ""}, "model_name_1"),
    "a weight that is no number": ({"initial_variant_weight_1": "heavy"}, "initial_variant_weight_1"),
}


@pytest.mark.parametrize(("arguments", "named"), list(BAD.values()), ids=list(BAD))
def test_bad_arguments_exit_2_before_any_request(arguments, named, emu, tmp_path):
    command = resolved({**BASE, **arguments}, tmp_path)
    result = subprocess.run(local_argv(command.argv), env=emu.env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert [error.split(":")[0] for error in errors(result.stderr)] == [named], result.stderr  # one error each
    assert "Traceback" not in result.stderr and "nothing was sent to AWS" in result.stderr
    assert emu.requests() == [] and written(command.output_files) == {}


def test_both_model_name_1_and_production_variants_is_one_error_naming_the_rule(emu, tmp_path):
    arguments, _ = BAD["model_name_1 and production_variants"]
    result, _ = run_step({**BASE, **arguments}, emu, tmp_path)
    assert errors(result.stderr) == ["model_name_1: is given with production_variants; give exactly one of model_name_1 and "
                              "production_variants"]


def test_the_dry_run_prints_both_requests_and_sends_nothing(emu, tmp_path):
    result, outputs = run_step({**BASE, "model_name_2": NEW_MODEL, "tags": {"team": "ml"}, "dry_run": True}, emu, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    config = {"ProductionVariants": [
        {"VariantName": VARIANT, "ModelName": MODEL, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large",
         "InitialVariantWeight": 1.0},
        {"VariantName": "variant-name-2", "ModelName": NEW_MODEL, "InitialInstanceCount": 1,
         "InstanceType": "ml.m4.xlarge", "InitialVariantWeight": 1.0}]}
    config = tagged({**config, CONFIG_NAME: config_named_after(config)}, CONFIG_NAME)
    request = {"EndpointName": ENDPOINT, CONFIG_NAME: config[CONFIG_NAME], "Tags": [{"Key": "team", "Value": "ml"}]}
    request["Tags"].append({"Key": DIGEST_TAG, "Value": request_digest(request, "EndpointName")})
    assert json.loads(result.stdout) == {"CreateEndpointConfig": config, "CreateEndpoint": request}
    assert ("dry run: the CreateEndpointConfig and CreateEndpoint requests above were not sent; nothing was sent "
            "to AWS") in result.stderr
    assert emu.requests() == [] and outputs == {}


# -- AWS's update pipeline: kfp 2.x and kfp 1.8 ------------------------------------------------


def check_updated(emu, outputs: dict) -> None:
    """The model step's model served by the deploy step, then updated by the second to ml.m5.large."""
    (model,) = created(emu, "CreateModel")
    first, second = configs(emu)
    assert [c["ProductionVariants"][0]["ModelName"] for c in (first, second)] == [model["ModelName"]] * 2
    assert [c["ProductionVariants"][0]["InstanceType"] for c in (first, second)] == ["ml.m5.xlarge", "ml.m5.large"]
    assert [r.body[CONFIG_NAME] for r in emu.requests("UpdateEndpoint")] == [second[CONFIG_NAME]]
    assert endpoint(emu, UPDATED) == ("InService", second[CONFIG_NAME])
    assert outputs == {"sagemaker-model": model["ModelName"], "sagemaker-deploy": UPDATED, "sagemaker-deploy-2": UPDATED}


@pytest.mark.parametrize("profile", ["2.0-2.4", DEFAULT_BACKEND])
def test_the_update_pipeline_passes_each_output_on_end_to_end(profile, emu, tmp_path):
    path = tmp_path / "pipeline.yaml"
    compiled = subprocess.run([sys.executable, str(DEPLOY_PIPELINE), str(path)], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
    assert compiled.returncode == 0, compiled.stderr
    said = []
    code, outputs = run_pipeline(read_pipeline(path), {"role": ROLE}, tmp_path / "run", env=emu.env(), backend=profile,
                                 say=said.append)
    assert code == 0, "\n".join(said)
    check_updated(emu, {task: value for (task, _), value in outputs.items()})


def run_argo_dag(workflow: dict, parameters: dict[str, str], env: dict[str, str], folder: Path) -> dict[str, str]:
    """Run the containers of a kfp 1.8 workflow's DAG here, in dependency order, the way Argo fills
    them in: pipeline parameters and upstream outputs into each task's inputs, those into the
    container's args; /tmp/outputs/ under `folder`. The text of each task's output (each has one)."""
    templates = {template["name"]: template for template in workflow["spec"]["templates"]}
    tasks = dag_tasks(workflow)
    found: dict[tuple[str, str], str] = {}
    references = re.compile(r"\{\{(?:inputs\.parameters\.([\w-]+)|tasks\.([\w-]+)\.outputs\.parameters\.([\w-]+))\}\}")
    for name in graphlib.TopologicalSorter({n: set(t.get("dependencies", ())) for n, t in tasks.items()}).static_order():
        task, template = tasks[name], templates[tasks[name]["template"]]
        values = {p["name"]: references.sub(lambda m: parameters[m[1]] if m[1] else found[(m[2], m[3])], p["value"])
                  for p in task.get("arguments", {}).get("parameters", [])}
        container, here = template["container"], folder / name
        argv = [references.sub(lambda m: values[m[1]], part).replace("/tmp/outputs/", f"{here}/")
                for part in [*container["command"], *container["args"]]]
        assert argv[0] == "python3" and "{{" not in " ".join(argv), argv
        result = subprocess.run([sys.executable, *argv[1:]], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        # kfp 1.x declares an output parameter only where a later task reads it; an artifact always.
        for output in [*template["outputs"].get("parameters", []), *template["outputs"].get("artifacts", [])]:
            path = Path(output.get("valueFrom", output)["path"].replace("/tmp/outputs/", f"{here}/"))
            found[(name, output["name"])] = path.read_text(encoding="utf-8")
    texts = {task: {text for (owner, _), text in found.items() if owner == task} for task in tasks}
    assert all(len(values) == 1 for values in texts.values()), texts
    return {task: values.pop() for task, values in texts.items()}


def test_kfp_1_8_compiles_the_update_pipeline_and_its_containers_run(kfp_v1_python, emu, tmp_path):
    workflow_yaml = tmp_path / "update.yaml"
    result = subprocess.run([str(kfp_v1_python), str(DEPLOY_PIPELINE), str(workflow_yaml)], cwd=tmp_path,
                            env=kfp_v1_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    workflow = yaml.safe_load(workflow_yaml.read_text(encoding="utf-8"))
    tasks = dag_tasks(workflow)

    def output(task: str, name: str) -> str:
        return f"{{{{tasks.{task}.outputs.parameters.{task}-{name}}}}}"

    model = {"sagemaker-model-model_name": output("sagemaker-model", "model_name")}
    assert reads(tasks["sagemaker-deploy"]) == model
    assert reads(tasks["sagemaker-deploy-2"]) == {**model, "sagemaker-deploy-endpoint_name": output("sagemaker-deploy",
                                                                                                    "endpoint_name")}
    check_updated(emu, run_argo_dag(workflow, {"role": ROLE, "region": "us-east-1"}, emu.env(), tmp_path / "run"))
