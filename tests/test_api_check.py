"""`python -m generator api-check`: the spec agrees with the SageMaker API as botocore describes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.project import Project
from runtime import api_model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's specs, templates and generated files to change."""
    for folder in ("specs", "templates", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def api_check(root: Path, *options: str):
    return CliRunner().invoke(main, ["api-check", "--root", str(root), *options])


def edit_spec(root: Path, old: str, new: str) -> None:
    spec = root / "specs" / "training.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_spec_agrees_with_the_api():
    result = api_check(ROOT)
    assert result.exit_code == 0, result.output
    assert "DISAGREES" not in result.output
    specs = len(Project(ROOT).components())
    assert result.output.splitlines()[-1].startswith(f"api-check: {specs} spec(s) agree with botocore ")
    assert "ResourceConfig.InstanceType" in result.output


def test_every_create_training_job_member_is_reachable_from_an_argument():
    component = Project().component("training")
    members = api_model.service_model().operation_model("CreateTrainingJob").input_shape.members
    filled = {arg.api.split(".")[0].split("[")[0] for arg in component.arguments if arg.api}
    assert len(members) >= 28
    assert set(members) - filled == set()


def test_a_limit_looser_than_the_api_is_a_disagreement(project):
    edit_spec(project, "    min: 1\n    max: 30\n", "    min: 1\n    max: 31\n")  # max_retry_attempts
    result = api_check(project)
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "DISAGREES" in line]
    assert line.startswith("max_retry_attempts") and "spec max 31, API max 30" in line


def test_an_accepted_value_the_api_does_not_know_is_a_disagreement(project):
    edit_spec(project, "enum: [Pipe, File, FastFile]", "enum: [Pipe, File, FastFile, Streaming]")
    result = api_check(project)
    assert result.exit_code == 1
    assert "not in the API: Streaming" in result.output


def test_a_member_no_argument_fills_is_a_disagreement(project):
    spec = project / "specs" / "training.yaml"
    text = spec.read_text(encoding="utf-8")
    start = text.index("  - name: mlflow_config")
    end = text.index("  - name: model_package_config")
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    result = api_check(project)
    assert result.exit_code == 1
    assert any(line.startswith("-") and "MlflowConfig" in line and "DISAGREES" in line for line in result.output.splitlines())


def test_sync_refreshes_enum_lists_and_keeps_the_rest_of_the_spec(project):
    spec = project / "specs" / "training.yaml"
    original = spec.read_text(encoding="utf-8")
    start = original.index("    enum:\n      - ml.")
    end = original.index("    description", start)
    spec.write_text(original[:start] + "    enum: [ml.m4.xlarge]\n" + original[end:], encoding="utf-8")
    edit_spec(project, "enum: [GZIP, NONE]", "enum: [GZIP]")  # a short list is written on one line
    result = api_check(project, "--sync")
    assert result.exit_code == 0, result.output
    # training_input_mode, before them, is up to date.
    assert "specs/training.yaml: refreshed instance_type, output_compression" in result.output
    assert spec.read_text(encoding="utf-8") == original


def test_sync_writes_twelve_values_on_one_line_and_more_one_per_line():
    from generator.api_sync import _replace_enum

    text = "  - name: mode\n    type: String\n    enum: [a]\n    description: The mode.\n"
    twelve = [f"v{i}" for i in range(12)]
    assert _replace_enum(text, "mode", twelve) == text.replace("[a]", f"[{', '.join(twelve)}]")
    assert _replace_enum(text, "mode", [*twelve, "v12"]) == text.replace(
        " [a]\n", "\n" + "".join(f"      - v{i}\n" for i in range(13)))


def test_sync_refuses_an_enum_it_cannot_find_as_text_and_writes_nothing(project):
    from generator.api_sync import sync_enums

    edit_spec(project, "  - name: training_input_mode\n", "  - name: 'training_input_mode'\n")
    edit_spec(project, "enum: [Pipe, File, FastFile]", "enum: [File]")
    spec = project / "specs" / "training.yaml"
    before = spec.read_text(encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        sync_enums(Project(project).component("training"), spec)
    assert str(raised.value) == "could not find the enum of 'training_input_mode' in the spec"
    assert spec.read_text(encoding="utf-8") == before


def test_builtin_algorithm_images_stale_against_the_sdk_are_a_disagreement_and_sync_refreshes_them(project):
    import json

    data_path = project / "specs" / "data" / "builtin_algorithms.json"
    committed = data_path.read_text(encoding="utf-8")
    data = json.loads(committed)
    data["images"]["kmeans"]["versions"]["1"]["registries"]["us-east-1"] = "000000000000"
    data["names"]["K Means Typo"] = "no-such-algorithm"
    data_path.write_text(json.dumps(data), encoding="utf-8")

    result = api_check(project)
    assert result.exit_code == 1
    assert "images of kmeans differ from sagemaker-core" in result.output
    assert "name 'K Means Typo' is no algorithm of the table" in result.output

    del data["names"]["K Means Typo"]
    data_path.write_text(json.dumps(data), encoding="utf-8")
    result = api_check(project, "--sync")
    assert result.exit_code == 0, result.output
    assert "builtin_algorithms.json: refreshed images" in result.output
    assert data_path.read_text(encoding="utf-8") == committed
