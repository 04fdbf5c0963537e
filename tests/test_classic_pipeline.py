"""The classic sample (samples/classic_pipeline.py: tune → train with the best hyperparameters →
model → batch transform) compiled with kfp 2.x and run end to end on the emulator, every task as
each KFP backend line resolves it, outputs passed between the tasks (generator/pipeline_run.py).
Its kfp 1.8 compile is in tests/test_kfp_v1.py."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import subprocess
import sys

import pytest
from click.testing import CliRunner

from component_cases import ROLE, ROOT
from sagemaker_kfp_components.generator.backends import BACKENDS
from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.generator.pipeline_run import read_pipeline, run_pipeline, task_order

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

SAMPLE = ROOT / "samples" / "classic_pipeline.py"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
TASKS = ["sagemaker-hyperparameter-tuning", "sagemaker-training", "sagemaker-model", "sagemaker-batch-transform",
         "sagemaker-deploy"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """(path, IR) of the sample compiled by running it, as a user does."""
    path = tmp_path_factory.mktemp("classic") / "classic.yaml"
    result = subprocess.run([sys.executable, str(SAMPLE), str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return path, read_pipeline(path)


def created(emu, operation: str) -> list[dict]:
    return [r.body for r in emu.requests(operation) if r.status == 200]


def test_the_tasks_run_in_the_order_their_inputs_need(compiled):
    _, ir = compiled
    assert task_order(ir) == TASKS


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_the_classic_pipeline_runs_end_to_end(profile, compiled, emu, tmp_path):
    _, ir = compiled
    said = []
    code, outputs = run_pipeline(ir, {"role": ROLE}, tmp_path, env=emu.env(), backend=profile, say=said.append)
    assert code == 0, "\n".join(said)

    (tuning,) = created(emu, "CreateHyperParameterTuningJob")
    tuning_name = tuning["HyperParameterTuningJobName"]
    assert len(tuning_name) <= 32
    best = emu.describe(tuning_name, kind="HyperParameterTuningJob")["BestTrainingJob"]["TrainingJobName"]
    assert best in emu.training_jobs_of(tuning_name)
    tuned = {k: v for k, v in emu.describe(best)["HyperParameters"].items() if not k.startswith("_")}
    assert outputs[(TASKS[0], "best_hyperparameters")] == tuned

    # Training: the best job's hyperparameters (static and tuned) and image, not a second tuning job.
    (training,) = created(emu, "CreateTrainingJob")
    assert training["HyperParameters"] == tuned
    assert set(tuned) == {"k", "feature_dim", "mini_batch_size", "extra_center_factor", "init_method"}
    assert training["AlgorithmSpecification"]["TrainingImage"] == KMEANS
    model_url = outputs[(TASKS[1], "model_artifact_url")]
    assert model_url == emu.describe(training["TrainingJobName"])["ModelArtifacts"]["S3ModelArtifacts"]

    (model,) = created(emu, "CreateModel")
    assert model["PrimaryContainer"] == {"Image": KMEANS, "ModelDataUrl": model_url}
    assert model["ExecutionRoleArn"] == ROLE

    (transform,) = created(emu, "CreateTransformJob")
    assert transform["ModelName"] == model["ModelName"] == outputs[(TASKS[2], "model_name")]
    assert outputs[(TASKS[3], "output_location")] == "s3://kfp-sagemaker-mnist/mnist_kmeans_example/predictions"
    assert emu.describe(transform["TransformJobName"], kind="TransformJob")["TransformJobStatus"] == "Completed"

    # Deploy: one config serving the model, one endpoint on it, InService; its name is the output.
    (config,) = created(emu, "CreateEndpointConfig")
    assert [variant["ModelName"] for variant in config["ProductionVariants"]] == [model["ModelName"]]
    (endpoint,) = created(emu, "CreateEndpoint")
    assert endpoint["EndpointConfigName"] == config["EndpointConfigName"]
    assert outputs[(TASKS[4], "endpoint_name")] == endpoint["EndpointName"] == "mnist-kmeans"
    assert emu.describe("mnist-kmeans", kind="Endpoint")["EndpointStatus"] == "InService"


def test_a_second_run_with_a_new_model_updates_the_endpoint_in_place(compiled, emu, tmp_path):
    """A rerun trains a new model (a new model name): the endpoint moves to a config serving it."""
    _, ir = compiled
    for run in ("first", "second"):
        code, _ = run_pipeline(ir, {"role": ROLE}, tmp_path / run, env=emu.env(), say=lambda text: None)
        assert code == 0
    first, second = created(emu, "CreateEndpointConfig")
    assert len(created(emu, "CreateEndpoint")) == 1
    (update,) = created(emu, "UpdateEndpoint")
    assert update["EndpointConfigName"] == second["EndpointConfigName"] != first["EndpointConfigName"]
    served = emu.describe("mnist-kmeans", kind="Endpoint")
    assert (served["EndpointStatus"], served["EndpointConfigName"]) == ("InService", second["EndpointConfigName"])


def test_a_failed_task_ends_the_run_and_later_tasks_do_not_run(compiled, emu, tmp_path):
    _, ir = compiled
    emu.objective = lambda index, tuned: None  # every training job fails, so the tuning job does
    said = []
    code, outputs = run_pipeline(ir, {"role": ROLE}, tmp_path, env=emu.env(), say=said.append)
    assert code == 1
    assert f"task {TASKS[0]} failed with exit code 1; later tasks do not run" in said
    assert outputs == {}
    assert created(emu, "CreateTrainingJob") == created(emu, "CreateModel") == created(emu, "CreateTransformJob") == []


def test_an_invalid_pipeline_argument_stops_the_first_task_before_aws(compiled, emu, tmp_path):
    _, ir = compiled
    code, outputs = run_pipeline(ir, {"role": "SageMakerRole"}, tmp_path, env=emu.env(), say=lambda text: None)
    assert code == 2 and outputs == {}
    assert [r for r in emu.requests() if r.operation.startswith("Create")] == []


def test_a_pipeline_with_a_condition_is_refused_by_name(tmp_path):
    from kfp import compiler, dsl

    @dsl.component(base_image="python:3.11")  # never run: only compiled
    def flip() -> str:
        return "heads"

    @dsl.pipeline(name="conditional")
    def conditional():
        coin = flip()
        with dsl.If(coin.output == "heads"):
            flip()

    compiler.Compiler().compile(conditional, str(tmp_path / "conditional.yaml"))
    result = CliRunner().invoke(main, ["run-pipeline", str(tmp_path / "conditional.yaml")])
    assert result.exit_code == 2
    assert "task 'condition-1' is a condition, a loop or a sub-pipeline; only a flat pipeline runs locally" in result.output


def test_a_pipeline_with_a_kubernetes_platform_spec_runs_without_it(emu, tmp_path):
    """samples/training_pipeline.py mounts AWS credentials from a secret with kfp-kubernetes, which
    compiles to a second YAML document; locally the emulator's credentials serve instead."""
    path = tmp_path / "training.yaml"
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "training_pipeline.py"), str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "platforms:" in path.read_text(encoding="utf-8")
    said = []
    code, outputs = run_pipeline(read_pipeline(path), {"role": ROLE}, tmp_path / "out", env=emu.env(), say=said.append)
    assert code == 0, "\n".join(said)
    (training,) = created(emu, "CreateTrainingJob")
    assert outputs[("sagemaker-training", "job_name")] == training["TrainingJobName"]


def test_the_update_sample_moves_the_classic_endpoint_to_its_model_blue_green(compiled, emu, tmp_path):
    """samples/update_endpoint_pipeline.py after the classic sample, on one emulator: the endpoint
    the classic run created is updated with the sample's deployment config, and serves the new model."""
    _, classic = compiled
    path = tmp_path / "update.yaml"
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "update_endpoint_pipeline.py"), str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for ir, run in ((classic, "classic"), (read_pipeline(path), "update")):
        code, outputs = run_pipeline(ir, {"role": ROLE}, tmp_path / run, env=emu.env(), say=lambda text: None)
        assert code == 0
    (update,) = created(emu, "UpdateEndpoint")
    assert update["DeploymentConfig"]["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"]["Type"] == "CANARY"
    served = emu.describe("mnist-kmeans", kind="Endpoint")
    newest_model = created(emu, "CreateModel")[-1]["ModelName"]
    (config,) = [c for c in created(emu, "CreateEndpointConfig") if c["EndpointConfigName"] == served["EndpointConfigName"]]
    assert served["EndpointStatus"] == "InService"
    assert [variant["ModelName"] for variant in config["ProductionVariants"]] == [newest_model]
    assert outputs[("sagemaker-deploy", "endpoint_name")] == "mnist-kmeans"
