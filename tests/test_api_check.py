"""`sagemaker-kfp api-check`: the spec agrees with the SageMaker API as botocore describes it."""

from __future__ import annotations

import dataclasses
import functools
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sagemaker_kfp_components.generator.api_check import Finding, check_argument, check_coverage, table
from sagemaker_kfp_components.generator.api_check import api_check as api_check_findings
from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.generator.model import Argument, Component
from sagemaker_kfp_components.generator.project import Project
from sagemaker_kfp_components.runtime import api_model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's specs, templates and generated files to change."""
    for folder in ("specs", "templates", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
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


def test_sync_says_to_regenerate_only_when_it_changed_a_spec(project):
    unchanged = api_check(project, "--sync")
    assert unchanged.exit_code == 0, unchanged.output
    assert "refreshed nothing" in unchanged.output and "now run" not in unchanged.output
    edit_spec(project, "enum: [GZIP, NONE]", "enum: [GZIP]")
    changed = api_check(project, "--sync")
    assert changed.exit_code == 0, changed.output
    assert changed.output.splitlines()[-1] == "specs changed; now run: sagemaker-kfp generate"


def test_without_the_sdk_that_lists_the_images_api_check_says_what_to_install(project, monkeypatch):
    from sagemaker_kfp_components.generator import builtin_algorithms

    monkeypatch.setattr(builtin_algorithms, "SOURCE", "sagemaker-core-not-installed")
    for options in ((), ("--sync",)):
        before = {path: path.read_bytes() for path in (project / "specs").rglob("*") if path.is_file()}
        result = api_check(project, *options)
        assert result.exit_code == 2
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "sagemaker-core-not-installed, which is not installed: pip install 'sagemaker-kfp-components[dev]'" in result.output
        assert {path: path.read_bytes() for path in (project / "specs").rglob("*") if path.is_file()} == before


def test_sync_writes_twelve_values_on_one_line_and_more_one_per_line():
    from sagemaker_kfp_components.generator.api_sync import _replace_enum

    text = "  - name: mode\n    type: String\n    enum: [a]\n    description: The mode.\n"
    twelve = [f"v{i}" for i in range(12)]
    assert _replace_enum(text, "mode", twelve) == text.replace("[a]", f"[{', '.join(twelve)}]")
    assert _replace_enum(text, "mode", [*twelve, "v12"]) == text.replace(
        " [a]\n", "\n" + "".join(f"      - v{i}\n" for i in range(13)))


def test_sync_refuses_an_enum_it_cannot_find_as_text_and_writes_nothing(project):
    from sagemaker_kfp_components.generator.api_sync import sync_enums

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


# One argument at a time: a spec argument changed in memory to disagree with the API in one way.

@functools.cache
def component(name: str) -> Component:
    return Project(ROOT).component(name)


def argument(component_name: str, name: str, **changes) -> Argument:
    """The real spec's argument; `checks=` entries replace its limits (None removes one)."""
    arg = next(arg for arg in component(component_name).arguments if arg.name == name)
    checks = {**arg.check, **changes.pop("checks", {})}
    return dataclasses.replace(arg, checks=tuple((k, v) for k, v in checks.items() if v is not None), **changes)


def findings(component_name: str, name: str, **changes) -> list[Finding]:
    return check_argument(component(component_name), argument(component_name, name, **changes))


def disagreements(component_name: str, name: str, **changes) -> list[Finding]:
    return [f for f in findings(component_name, name, **changes) if not f.ok]


def test_an_argument_within_the_api_limits_gets_its_path_and_limits_confirmed():
    # TrainingJobName: 1 to 63 characters; a lower bound of 1 needs no `min_length` (empty means unset).
    assert findings("training", "job_name") == [
        Finding("job_name", "TrainingJobName", "path", True, "TrainingJobName"),
        Finding("job_name", "TrainingJobName", "length", True, "spec max_length 63, API max 63"),
    ]


def test_a_lower_bound_above_the_trivial_one_must_be_declared():
    # RoleArn: 20 to 2048 characters.
    assert findings("training", "role", checks={"min_length": None}) == [
        Finding("role", "RoleArn", "path", True, "RoleArn"),
        Finding("role", "RoleArn", "length", False, "the API's min is 20; declare `min_length`"),
        Finding("role", "RoleArn", "length", True, "spec max_length 2048, API max 2048"),
    ]


def test_a_number_the_api_keeps_at_least_1_must_declare_its_minimum_but_one_from_0_need_not():
    api = "RetryStrategy.MaximumRetryAttempts"  # 1 to 30
    assert findings("training", "max_retry_attempts", checks={"minimum": None}) == [
        Finding("max_retry_attempts", api, "path", True, "MaximumRetryAttempts"),
        Finding("max_retry_attempts", api, "range", False, "the API's min is 1; declare `min`"),
        Finding("max_retry_attempts", api, "range", True, "spec max 30, API max 30"),
    ]
    # KeepAlivePeriodInSeconds: 0 to 21600; 0 is what an unset number means.
    assert disagreements("training", "keep_alive_period", checks={"minimum": None}) == []


def test_a_lower_bound_looser_than_the_api_is_a_disagreement_and_numbers_print_in_full():
    api = "StoppingCondition.MaxPendingTimeInSeconds"  # 1800 to 2419200 seconds
    assert findings("training", "max_pending_time", checks={"minimum": 1799, "maximum": 2419201}) == [
        Finding("max_pending_time", api, "path", True, "MaxPendingTimeInSeconds"),
        Finding("max_pending_time", api, "range", False, "spec min 1799, API min 1800"),
        Finding("max_pending_time", api, "range", False, "spec max 2419201, API max 2419200"),
    ]


def test_accepted_values_are_counted_against_the_api_enum_and_unknown_or_missing_ones_disagree():
    api = "AlgorithmSpecification.TrainingInputMode"
    values = len(api_model.shape_at("CreateTrainingJob", api).enum)
    spec_values = len(argument("training", "training_input_mode").check["enum"])
    assert findings("training", "training_input_mode") == [
        Finding("training_input_mode", api, "path", True, "TrainingInputMode"),
        Finding("training_input_mode", api, "enum", True, f"{spec_values} of {values} API values"),
    ]
    assert disagreements("training", "training_input_mode", checks={"enum": ["File", "Turbo", "Streaming"]}) == [
        Finding("training_input_mode", api, "enum", False, "not in the API: Streaming, Turbo"),
    ]
    assert findings("training", "training_input_mode", checks={"enum": None}) == [
        Finding("training_input_mode", api, "path", True, "TrainingInputMode"),
        Finding("training_input_mode", api, "enum", False, f"the API accepts only {values} values; declare `enum:`"),
    ]


def test_a_spec_may_restrict_free_text_to_an_enum_of_its_own():
    # TransformInput.ContentType has no enum in the API: nothing to compare the spec's with.
    assert findings("batch_transform", "content_type", checks={"enum": ["text/csv"]}) == [
        Finding("content_type", "TransformInput.ContentType", "path", True, "ContentType"),
        Finding("content_type", "TransformInput.ContentType", "length", True, "spec max_length 256, API max 256"),
    ]


def test_a_comma_list_is_checked_for_its_entries_and_each_item_length():
    api = "VpcConfig.SecurityGroupIds"  # 1 to 5 ids of at most 32 characters
    assert findings("training", "vpc_security_group_ids", checks={"max_entries": 6, "item_max_length": 33}) == [
        Finding("vpc_security_group_ids", api, "path", True, "VpcSecurityGroupIds"),
        Finding("vpc_security_group_ids", api, "entries", True, "spec min_entries 1, API min 1"),
        Finding("vpc_security_group_ids", api, "entries", False, "spec max_entries 6, API max 5"),
        Finding("vpc_security_group_ids", api, "item length", False, "spec item_max_length 33, API max 32"),
    ]


def test_tuning_job_names_are_checked_against_the_name_inside_each_entry():
    # [{HyperParameterTuningJobName}]: the item length is the name's (at most 32), not the entry's.
    assert disagreements("hyperparameter_tuning", "parent_hpo_jobs", checks={"item_max_length": 33}) == [
        Finding("parent_hpo_jobs", "WarmStartConfig.ParentHyperParameterTuningJobs", "item length", False,
                "spec item_max_length 33, API max 32"),
    ]


def test_a_string_map_is_checked_for_its_entries_and_each_key_and_value_length():
    # HyperParameters: at most 100 entries, keys of at most 256 characters, values of at most 2500.
    assert findings("training", "hyperparameters", checks={"key_max_length": 257}) == [
        Finding("hyperparameters", "HyperParameters", "path", True, "HyperParameters"),
        Finding("hyperparameters", "HyperParameters", "entries", True, "spec max_entries 100, API max 100"),
        Finding("hyperparameters", "HyperParameters", "key length", False, "spec key_max_length 257, API max 256"),
        Finding("hyperparameters", "HyperParameters", "value length", True, "spec value_max_length 2500, API max 2500"),
    ]


@pytest.mark.parametrize(("name", "api", "check", "value", "detail"), [
    ("tags", "Tags", "key_max_length", 129, "spec key_max_length 129, API max 128"),  # [{Key, Value}]
    ("tags", "Tags", "value_max_length", 257, "spec value_max_length 257, API max 256"),
    ("metric_definitions", "AlgorithmSpecification.MetricDefinitions", "value_max_length", 501,  # [{Name, Regex}]
     "spec value_max_length 501, API max 500"),
])
def test_a_list_of_pairs_is_checked_for_the_length_of_each_member(name, api, check, value, detail):
    label = "key length" if check.startswith("key") else "value length"
    assert disagreements("training", name, checks={check: value}) == [Finding(name, api, label, False, detail)]


def test_a_json_list_or_object_without_conversion_is_checked_for_its_entries():
    assert disagreements("training", "debug_rule_config", checks={"max_entries": 21}) == [
        Finding("debug_rule_config", "DebugRuleConfigurations", "entries", False, "spec max_entries 21, API max 20"),
    ]
    # An object passed to an API map as it is: its entries are bounded, its keys and values left to the API.
    assert findings("training", "hyperparameters", convert=None, checks={"max_entries": 101}) == [
        Finding("hyperparameters", "HyperParameters", "path", True, "HyperParameters"),
        Finding("hyperparameters", "HyperParameters", "entries", False, "spec max_entries 101, API max 100"),
    ]


def test_an_argument_filling_one_channel_is_checked_too():
    training = component("training")
    loose = argument("training", "data_location_1", checks={"max_length": 1025})
    changed = dataclasses.replace(training, arguments=tuple(loose if a.name == loose.name else a for a in training.arguments))
    assert [f for f in api_check_findings(changed) if not f.ok] == [
        Finding("data_location_1", "InputDataConfig[0].DataSource.S3DataSource.S3Uri", "length", False,
                "spec max_length 1025, API max 1024"),
    ]


# The request as a whole

def test_coverage_names_the_arguments_that_fill_each_member():
    found = check_coverage(component("batch_transform"))
    assert Finding("job_name", "TransformJobName", "reachable", True, "job_name") in found
    assert Finding("input_filter (+2)", "DataProcessing", "reachable", True,
                   "input_filter, join_source, output_filter") in found
    # DataSource is required in TransformInput; input_location and data_type fill its S3DataSource.
    assert Finding("input_location (+1)", "TransformInput.DataSource", "required member filled", True,
                   "input_location, data_type") in found
    assert all(f.ok for f in found)


def test_a_required_member_deep_in_the_request_no_argument_fills_is_a_disagreement():
    transform = component("batch_transform")
    without = dataclasses.replace(transform, arguments=tuple(a for a in transform.arguments if a.name != "data_type"))
    assert [f for f in check_coverage(without) if not f.ok] == [
        Finding("-", "TransformInput.DataSource.S3DataSource.S3DataType", "required member filled", False, ""),
    ]


def test_the_table_aligns_columns_under_a_header_and_marks_disagreements():
    assert table([
        Finding("max_retry_attempts", "RetryStrategy.MaximumRetryAttempts", "range", False, "spec max 31, API max 30"),
        Finding("-", "MlflowConfig", "reachable", False, ""),
        Finding("role", "RoleArn", "path", True, "RoleArn"),
    ]) == (
        "argument            api                                 check      result     detail\n"
        "max_retry_attempts  RetryStrategy.MaximumRetryAttempts  range      DISAGREES  spec max 31, API max 30\n"
        "-                   MlflowConfig                        reachable  DISAGREES\n"
        "role                RoleArn                             path       ok         RoleArn"
    )
