"""The generated component.yaml in the kfp 1.8 SDK: load it, build and compile a v1 pipeline to an
Argo workflow, check what the v1 compiler rendered, and run that container argv against the emulator.

kfp 1.8 cannot share an environment with kfp 2.x, so the test makes its own virtual environment in
.cache/kfp-v1-venv (ignored by git) and reuses it while it still imports the pinned kfp. A cold
creation takes about 20 s here (venv + pip install from PyPI).

Version and pins: kfp 1.8.24 is the latest 1.8.x and installs on Python 3.11 with no extra pins: its
own metadata pins protobuf==6.33.5, urllib3<3, pydantic<2, kubernetes<26. (1.8.22 also installs
as is, with protobuf<4 and urllib3<2 from its own metadata.) The test is skipped only when that
install fails *and* the package index cannot be reached; any other failure fails the test.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from sagemaker_kfp_components.emulator import Emulator, Lifecycle
from sagemaker_kfp_components.generator.project import Project
from step_runner import flag_values

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "training" / "component.yaml"
PIPELINE_SCRIPT = Path(__file__).with_name("kfp_v1_pipeline.py")
TRAINING = Project(ROOT).component("training")
IMAGE = TRAINING.image

KFP_V1 = "1.8.24"
REQUIREMENTS = [f"kfp=={KFP_V1}"]  # no extra pins needed (see the module's docstring)
VENV = ROOT / ".cache" / "kfp-v1-venv"
DEFAULT_INDEX = "https://pypi.org/simple/"

ROLE_DEFAULT = "arn:aws:iam::123456789012:role/SageMakerRole"
CHANNELS = [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}]


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def has_kfp_v1(python: Path) -> bool:
    if not python.exists():
        return False
    check = subprocess.run(
        [str(python), "-c", f"import kfp, kfp.compiler, sys; sys.exit(kfp.__version__ != {KFP_V1!r})"],
        capture_output=True, timeout=120,
    )
    return check.returncode == 0


def index_urls(python: Path) -> list[str]:
    """The package index pip would use (PIP_INDEX_URL, pip's config, else PyPI), http(s) only."""
    urls = [os.environ["PIP_INDEX_URL"]] if os.environ.get("PIP_INDEX_URL") else []
    config = subprocess.run([str(python), "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60)
    for line in config.stdout.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".index-url"):
            urls.append(value.strip().strip("'\""))
    urls = [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))]
    return urls or [DEFAULT_INDEX]


def index_reachable(urls: list[str]) -> bool:
    """True if an index answers at all (any HTTP status); False on network failures only."""
    for url in urls:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/kfp/", timeout=30):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            continue
    return False


def kfp_v1_env() -> dict[str, str]:
    """This process's environment without what would lead the kfp 1.8 venv's Python to this one's packages."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def pip_errors(stderr: str) -> str:
    return " ".join(line for line in stderr.splitlines() if line.startswith("ERROR")) or stderr[-300:]


@contextlib.contextmanager
def venv_lock():
    """One creator at a time (parallel test runs share the cached venv)."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / "kfp-v1-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def kfp_v1_python() -> Path:
    python = venv_python(VENV)
    with venv_lock():
        if has_kfp_v1(python):
            return python
        shutil.rmtree(VENV, ignore_errors=True)
        started = time.monotonic()
        # `python -m venv` needs no network: a failure here is a real failure.
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300)
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", *REQUIREMENTS],
            capture_output=True, text=True, timeout=900,
        )
        if install.returncode != 0:
            urls = index_urls(python)
            reachable = index_reachable(urls)
            shutil.rmtree(VENV, ignore_errors=True)
            if not reachable:
                pytest.skip(f"cannot create the kfp {KFP_V1} venv: the package index is unreachable "
                            f"({', '.join(urls)}); pip: {pip_errors(install.stderr)}")
            pytest.fail(f"pip install {' '.join(REQUIREMENTS)} failed (index reachable):\n"
                        f"{install.stdout}\n{install.stderr}")
        assert has_kfp_v1(python), f"kfp {KFP_V1} does not import in the new venv {VENV}"
        print(f"\ncreated {VENV} with kfp {KFP_V1} in {time.monotonic() - started:.1f} s")
        return python


@pytest.fixture(scope="module")
def compiled(kfp_v1_python, tmp_path_factory) -> tuple[dict, dict]:
    """(facts printed by the script, the compiled Argo workflow)."""
    folder = tmp_path_factory.mktemp("kfp-v1")
    workflow_yaml = folder / "workflow.yaml"
    result = subprocess.run(
        [str(kfp_v1_python), str(PIPELINE_SCRIPT), str(COMPONENT_YAML), str(workflow_yaml)],
        cwd=folder, env=kfp_v1_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    return facts, yaml.safe_load(workflow_yaml.read_text(encoding="utf-8"))


def template(workflow: dict, name: str) -> dict:
    return next(t for t in workflow["spec"]["templates"] if t["name"] == name)


def dag_tasks(workflow: dict) -> dict[str, dict]:
    """The tasks of a kfp 1.8 workflow's one DAG, by name."""
    (dag,) = [t["dag"]["tasks"] for t in workflow["spec"]["templates"] if "dag" in t]
    return {task["name"]: task for task in dag}


def reads(task: dict) -> dict[str, str]:
    """The arguments a workflow task takes from other tasks' outputs: name -> Argo's reference."""
    return {p["name"]: p["value"] for p in task.get("arguments", {}).get("parameters", []) if "{{tasks." in p["value"]}


def test_kfp_v1_loads_the_component(compiled):
    facts, _ = compiled
    declared = yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))
    assert facts["kfp_version"] == KFP_V1
    assert facts["component_name"] == declared["name"] == "SageMaker Training"
    assert facts["inputs"] == [i["name"] for i in declared["inputs"]]
    assert facts["outputs"] == ["model_artifact_url", "job_name", "job_arn", "training_image", "final_metrics"]


def test_workflow_container_and_rendered_arguments(compiled):
    _, workflow = compiled
    assert workflow["kind"] == "Workflow" and workflow["apiVersion"] == "argoproj.io/v1alpha1"
    training = template(workflow, "sagemaker-training")
    container = training["container"]
    assert container["image"] == IMAGE
    assert container["command"] == ["python3", "-m", "sagemaker_kfp_components.training.entrypoint"]
    values = flag_values(container["args"])
    # Constants as given, the pipeline parameter as an Argo input parameter.
    assert values["region"] == "us-east-1"
    assert values["role"] == "{{inputs.parameters.role}}"
    assert values["image"] == "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
    assert values["instance_type"] == "ml.m5.xlarge"
    assert values["model_artifact_path"] == "s3://bucket/models"
    assert values["job_name"] == "training-{{workflow.uid}}"
    # Integers as plain text; the defaults the same way.
    assert (values["instance_count"], values["volume_size"], values["max_run_time"]) == ("2", "50", "3600")
    assert values["max_wait_time"] == "86400"
    # kfp 1.x renders booleans as Python does, True/False (kfp 2.x: true/false), defaults included.
    assert values["network_isolation"] == "False"
    assert values["spot_instance"] == "True"
    assert values["traffic_encryption"] == "False"
    assert values["stream_logs"] == "True"
    assert values["stop_on_termination"] == "True"
    assert values["dry_run"] == "False"
    # JSON with Python's json.dumps spacing and sorted keys (kfp 2.x: compact).
    assert values["hyperparameters"] == '{"feature_dim": "784", "k": "10"}'
    assert json.loads(values["channels"]) == CHANNELS
    assert values["tags"] == "{}" and values["instance_groups"] == "[]"
    # Optional inputs not given get their "not set" defaults, as on every backend.
    for unset in ("endpoint_url", "algorithm_name", "data_location_1", "assume_role", "kfp_run_id", "kfp_task_id",
                  "kfp_task_name"):
        assert values[unset] == "", unset
    assert values["keep_alive_period"] == "-1" and values["enable_remote_debug"] == "False"
    for name in ("model_artifact_url", "job_name", "job_arn", "training_image", "final_metrics"):
        assert values[f"{name}_output_path"] == f"/tmp/outputs/{name}/data"
    assert training["inputs"]["parameters"] == [{"name": "role"}]


def test_workflow_outputs_retry_caching_and_wiring(compiled):
    _, workflow = compiled
    training = template(workflow, "sagemaker-training")
    parameters = {p["name"]: p["valueFrom"]["path"] for p in training["outputs"]["parameters"]}
    assert parameters == {
        f"sagemaker-training-{name}": f"/tmp/outputs/{name}/data"
        for name in ("model_artifact_url", "job_name", "training_image")
    }
    artifacts = {a["name"] for a in training["outputs"]["artifacts"]}
    assert artifacts == {f"sagemaker-training-{n}" for n in
                         ("model_artifact_url", "job_name", "job_arn", "training_image", "final_metrics")}
    assert training["retryStrategy"] == {"limit": 2}
    assert training["metadata"]["labels"]["pipelines.kubeflow.org/enable_caching"] == "false"
    assert training["metadata"]["annotations"]["version"] == TRAINING.version

    dag = {t["name"]: t for t in template(workflow, workflow["spec"]["entrypoint"])["dag"]["tasks"]}
    assert dag["sagemaker-training"]["arguments"]["parameters"] == [
        {"name": "role", "value": "{{inputs.parameters.role}}"}]
    consumed = {p["name"]: p["value"] for p in dag["show-model"]["arguments"]["parameters"]}
    assert consumed["sagemaker-training-model_artifact_url"] == (
        "{{tasks.sagemaker-training.outputs.parameters.sagemaker-training-model_artifact_url}}")
    assert workflow["spec"]["arguments"]["parameters"] == [{"name": "role", "value": ROLE_DEFAULT}]


def test_v1_rendered_argv_runs_against_the_emulator(compiled, tmp_path):
    """The step accepts kfp 1.x's rendering (True/False, spaced JSON) and writes the output files
    where the v1 workflow collects them (here under tmp_path instead of /tmp/outputs)."""
    _, workflow = compiled
    container = template(workflow, "sagemaker-training")["container"]
    workflow_uid = str(uuid.uuid4())
    outputs = tmp_path / "outputs"
    substitutions = {
        "{{inputs.parameters.role}}": ROLE_DEFAULT,
        "{{workflow.uid}}": workflow_uid,
        "/tmp/outputs/": f"{outputs}/",
    }
    argv = []
    for part in [*container["command"], *container["args"]]:
        for placeholder, value in substitutions.items():
            part = part.replace(placeholder, value)
        argv.append(part)
    assert not any("{{" in part for part in argv), argv
    assert argv[0] == "python3"
    argv[0] = sys.executable  # the image's python3 is this interpreter here

    with Emulator(lifecycle=Lifecycle.default()) as emu:
        result = subprocess.run(argv, env=emu.env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        created = [r.body for r in emu.requests("CreateTrainingJob") if not r.faulted]

    name = f"training-{workflow_uid}"
    assert [r["TrainingJobName"] for r in created] == [name]
    request = created[0]
    assert request["EnableNetworkIsolation"] is False
    assert request["EnableManagedSpotTraining"] is True
    assert request["ResourceConfig"] == {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50}
    assert request["HyperParameters"] == {"feature_dim": "784", "k": "10"}
    written = {p.parent.name: p.read_text(encoding="utf-8") for p in outputs.glob("*/data")}
    assert written["model_artifact_url"] == f"s3://bucket/models/{name}/output/model.tar.gz"
    assert written["job_name"] == name
    assert written["training_image"] == "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
    assert isinstance(json.loads(written["final_metrics"]), dict)


def test_the_kfp_v1_backend_profile_renders_what_kfp_1_8_renders(compiled, tmp_path):
    """generator/backends.py's kfp-v1 profile, given the same call, gives kfp 1.8's own argv."""
    from kfp.components import load_component_from_file

    from sagemaker_kfp_components.generator.backends import BACKENDS, Run, compile_call

    _, workflow = compiled
    rendered = template(workflow, "sagemaker-training")["container"]
    arguments = {
        "region": "us-east-1", "role": ROLE_DEFAULT, "image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
        "hyperparameters": {"k": "10", "feature_dim": "784"}, "channels": CHANNELS, "instance_type": "ml.m5.xlarge",
        "instance_count": 2, "volume_size": 50, "max_run_time": 3600, "model_artifact_path": "s3://bucket/models",
        "network_isolation": False, "spot_instance": True, "job_name": "training-{{workflow.uid}}",
    }
    ir, task = compile_call(load_component_from_file(str(COMPONENT_YAML)), arguments)
    resolved = BACKENDS["kfp-v1"].command_line(ir, task, Run(), Path("/tmp/outputs"))
    expected = [part.replace("{{inputs.parameters.role}}", ROLE_DEFAULT) for part in rendered["command"] + rendered["args"]]
    assert [part.replace("/tmp/outputs/", "").removesuffix("/data") for part in expected] == \
        [part.replace("/tmp/outputs/", "") for part in resolved.argv]


@pytest.mark.parametrize("name", [c.name for c in Project().components()])
def test_kfp_v1_loads_every_component_with_its_inputs(kfp_v1_python, name):
    component_yaml = ROOT / "generated" / name / "component.yaml"
    script = ("import json, sys\nfrom kfp import components\n"
              "op = components.load_component_from_file(sys.argv[1])\n"
              "print(json.dumps([[i.name, i.type, i.default] for i in op.component_spec.inputs]))")
    result = subprocess.run([str(kfp_v1_python), "-c", script, str(component_yaml)], env=kfp_v1_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    declared = yaml.safe_load(component_yaml.read_text(encoding="utf-8"))["inputs"]
    assert json.loads(result.stdout) == [[i["name"], i["type"], i.get("default")] for i in declared]


def test_kfp_v1_compiles_the_classic_sample_with_its_outputs_passed_between_steps(kfp_v1_python, tmp_path):
    """samples/classic_pipeline.py under kfp 1.8 loads the five component.yaml files and compiles an
    Argo workflow in which each step waits for, and reads, the outputs of the one before it."""
    workflow_yaml = tmp_path / "classic.yaml"
    result = subprocess.run([str(kfp_v1_python), str(ROOT / "samples" / "classic_pipeline.py"), str(workflow_yaml)],
                            cwd=tmp_path, env=kfp_v1_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    workflow = yaml.safe_load(workflow_yaml.read_text(encoding="utf-8"))
    tasks = dag_tasks(workflow)
    tuning, training, model, transform, deploy = (
        f"sagemaker-{name}" for name in ("hyperparameter-tuning", "training", "model", "batch-transform", "deploy"))
    assert sorted(tasks) == sorted([tuning, training, model, transform, deploy])
    assert reads(tasks[training]) == {
        f"{tuning}-{output}": f"{{{{tasks.{tuning}.outputs.parameters.{tuning}-{output}}}}}"
        for output in ("best_hyperparameters", "training_image")}
    assert sorted(reads(tasks[model]).values()) == [f"{{{{tasks.{tuning}.outputs.parameters.{tuning}-training_image}}}}",
                                                    f"{{{{tasks.{training}.outputs.parameters.{training}-model_artifact_url}}}}"]
    assert reads(tasks[transform]) == {f"{model}-model_name": f"{{{{tasks.{model}.outputs.parameters.{model}-model_name}}}}"}
    assert reads(tasks[deploy]) == {f"{model}-model_name": f"{{{{tasks.{model}.outputs.parameters.{model}-model_name}}}}"}
    assert sorted(tasks[transform]["dependencies"]) == [model] and sorted(tasks[model]["dependencies"]) == [tuning, training]
