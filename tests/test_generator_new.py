"""`python -m generator new NAME --from-api CreateXxx`: a spec drafted from botocore's model loads,
generates, passes `check` and `api-check` and loads in kfp before anyone edits it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]


class YamlSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    _file_extension = "yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's specs and templates, generated/ empty."""
    for folder in ("specs", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "generated").mkdir()
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(("name", "operation"), [("processing_draft", "CreateProcessingJob"),
                                                  ("transform_draft", "CreateTransformJob")])
def test_a_draft_generates_and_agrees_with_the_api_untouched(project, name, operation):
    from kfp.components import load_component_from_file

    result = invoke("new", name, "--from-api", operation, "--root", str(project))
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load((project / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    kind = operation.removeprefix("Create")
    assert spec["job"]["kind"] == kind and spec["job"]["log_group"] == f"/aws/sagemaker/{kind}s"
    # Every top-level request member is filled by some argument (api-check says so too).
    from runtime import api_model

    members = api_model.service_model().operation_model(operation).input_shape.members
    paths = [arg.get("api", "") for arg in spec["arguments"]]
    assert all(any((path + ".").startswith(member + ".") for path in paths) for member in members)

    for command in (["generate"], ["check"], ["api-check"]):
        result = invoke(*command, "--root", str(project))
        assert result.exit_code == 0, (command, result.output)
    component = load_component_from_file(str(project / "generated" / name / "component.yaml"))
    expected = {"ProcessingJob": {"region", "role", "image", "job_name"}, "TransformJob": {"region", "model_name", "job_name"}}
    assert expected[kind] <= set(component.component_spec.inputs)


def test_a_draft_reuses_training_names_for_the_same_fields(project):
    assert invoke("new", "processing_draft", "--from-api", "CreateProcessingJob", "--root", str(project)).exit_code == 0
    spec = yaml.safe_load((project / "specs" / "processing_draft.yaml").read_text(encoding="utf-8"))
    api = {arg["name"]: arg.get("api") for arg in spec["arguments"]}
    assert api["role"] == "RoleArn"
    assert api["image"] == "AppSpecification.ImageUri"
    assert api["instance_type"] == "ProcessingResources.ClusterConfig.InstanceType"
    assert api["volume_size"] == "ProcessingResources.ClusterConfig.VolumeSizeInGB"
    assert api["max_run_time"] == "StoppingCondition.MaxRuntimeInSeconds"
    assert api["vpc_subnets"] == "NetworkConfig.VpcConfig.Subnets"
    assert api["tags"] == "Tags" and api["job_name"] == "ProcessingJobName"
    for common in ("region", "endpoint_url", "assume_role", "job_exists_action", "stream_logs",
                   "stop_on_termination", "dry_run", "kfp_run_id", "kfp_task_id", "kfp_task_name"):
        assert common in api, common


def test_the_processing_draft_is_pinned(project, snapshot):
    assert invoke("new", "processing_draft", "--from-api", "CreateProcessingJob", "--root", str(project)).exit_code == 0
    text = (project / "specs" / "processing_draft.yaml").read_text(encoding="utf-8")
    assert text == snapshot.use_extension(YamlSnapshot)


@pytest.mark.parametrize(("args", "said"), [
    (["new", "Processing", "--from-api", "CreateProcessingJob"], "is not a component name"),
    (["new", "processing", "--from-api", "CreateProcesingJob"], "is not a SageMaker operation"),
    (["new", "processing", "--from-api", "DescribeProcessingJob"], "creates nothing"),
    (["new", "training", "--from-api", "CreateTrainingJob"], "exists"),
])
def test_bad_requests_are_refused_without_writing(project, args, said):
    before = sorted(p.name for p in (project / "specs").iterdir())
    result = invoke(*args, "--root", str(project))
    assert result.exit_code == 2 and said in result.output, result.output
    assert sorted(p.name for p in (project / "specs").iterdir()) == before
