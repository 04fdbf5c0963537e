"""`sagemaker-kfp new NAME --from-api CreateXxx`: a spec drafted from botocore's model loads,
generates, passes `check` and `api-check` and loads in kfp before anyone edits it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from sagemaker_kfp_components.generator.cli import main

ROOT = Path(__file__).resolve().parents[1]


class YamlSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    _file_extension = "yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's specs and templates, generated/ empty."""
    for folder in ("specs", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "generated").mkdir()
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(("name", "operation"), [("processing_draft", "CreateProcessingJob"),
                                                  ("transform_draft", "CreateTransformJob"),
                                                  ("compilation", "CreateCompilationJob")])  # README's example
def test_a_draft_generates_and_agrees_with_the_api_untouched(project, name, operation):
    from kfp.components import load_component_from_file

    result = invoke("new", name, "--from-api", operation, "--root", str(project))
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load((project / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    kind = operation.removeprefix("Create")
    assert spec["job"]["kind"] == kind and spec["job"]["log_group"] == f"/aws/sagemaker/{kind}s"
    # Every top-level request member is filled by some argument (api-check says so too).
    from sagemaker_kfp_components.runtime import api_model

    members = api_model.service_model().operation_model(operation).input_shape.members
    paths = [arg.get("api", "") for arg in spec["arguments"]]
    assert all(any((path + ".").startswith(member + ".") for path in paths) for member in members)

    for command in (["generate"], ["check"], ["api-check"]):
        result = invoke(*command, "--root", str(project))
        assert result.exit_code == 0, (command, result.output)
    component = load_component_from_file(str(project / "generated" / name / "component.yaml"))
    expected = {"ProcessingJob": {"region", "role", "image", "job_name"}, "TransformJob": {"region", "model_name", "job_name"},
                "CompilationJob": {"region", "role", "job_name", "input_config", "s3_output_location"}}
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
    (["new", "endpoint", "--from-api", "CreateEndpoint"],
     "'CreateEndpoint' cannot be drafted: no EndpointStatus value says Completed"),
    (["new", "pipeline", "--from-api", "CreatePipeline"], "'CreatePipeline' cannot be drafted"),
])
def test_bad_requests_are_refused_without_writing(project, args, said):
    before = sorted(p.name for p in (project / "specs").iterdir())
    result = invoke(*args, "--root", str(project))
    assert result.exit_code == 2 and said in result.output, result.output
    assert sorted(p.name for p in (project / "specs").iterdir()) == before


def drafted(project: Path, operation: str, name: str = "draft") -> tuple[dict, dict[str, dict]]:
    """The spec the drafter makes of OPERATION, and its arguments by name: its rules, tried on
    operations too (`new` refuses those that are no job kind, such as CreateApp)."""
    from sagemaker_kfp_components.generator.draft import draft_spec

    spec = yaml.safe_load(draft_spec(name, operation, project))
    return spec, {arg["name"]: arg for arg in spec["arguments"]}


def test_a_resource_ready_once_created_gets_no_logs_and_no_stop(project):
    # A model has no ModelStatus (nothing to follow) and no StopModel.
    spec, arguments = drafted(project, "CreateModel")
    assert spec["job"] == {"kind": "Model", "name_prefix": "Model"}
    assert "stream_logs" not in arguments and "stop_on_termination" not in arguments
    assert {"job_exists_action", "dry_run", "kfp_run_id"} <= set(arguments)


def test_a_required_member_without_a_training_name_stays_required_and_a_structure_without_one_is_json(project):
    _, arguments = drafted(project, "CreateTransformJob")
    assert arguments["model_name"]["required"] is True and "optional" not in arguments["model_name"]
    # DataProcessing (InputFilter, OutputFilter, JoinSource) holds nothing training's spec names.
    assert {key: arguments["data_processing"][key] for key in ("type", "optional", "api")} == {
        "type": "JsonObject", "optional": True, "api": "DataProcessing"}
    assert "input_filter" not in arguments and "join_source" not in arguments


def test_string_maps_are_json_objects_converted_and_a_name_taken_twice_is_spelled_from_the_path(project):
    # Both app image configs have a ContainerEnvironmentVariables map; the second takes its path's name.
    _, arguments = drafted(project, "CreateAppImageConfig")
    first = arguments["container_environment_variables"]
    second = arguments["code_editor_app_image_config_container_config_container_environment_variables"]
    assert first["api"] == "JupyterLabAppImageConfig.ContainerConfig.ContainerEnvironmentVariables"
    assert second["api"] == "CodeEditorAppImageConfig.ContainerConfig.ContainerEnvironmentVariables"
    for arg in (first, second):
        assert (arg["type"], arg["convert"], arg["max_entries"]) == ("JsonObject", "string_map", 25)


def test_an_optional_number_is_unset_below_what_the_api_accepts(project):
    # ModelCardVersion has no limits in the API: a version is not negative, so -1 says "not set".
    _, arguments = drafted(project, "CreateModelCardExportJob")
    version = arguments["model_card_version"]
    assert (version["type"], version["optional"], version["min"], version["unset"]) == ("Integer", True, 0, -1)
    assert "max" not in version
    # MaxNumberOfTrainingJobs: the API's minimum of 1 is kept.
    _, arguments = drafted(project, "CreateHyperParameterTuningJob", "tuning_draft")
    jobs = arguments["max_number_of_training_jobs"]
    assert (jobs["min"], jobs["unset"]) == (1, -1) and "max" not in jobs


def test_a_reused_default_the_members_enum_refuses_is_dropped(project):
    # training's instance_type defaults to ml.m4.xlarge, which apps cannot run on.
    _, arguments = drafted(project, "CreateApp")
    instance_type = arguments["instance_type"]
    assert "ml.m4.xlarge" not in instance_type["enum"]
    assert "default" not in instance_type and instance_type["optional"] is True


@pytest.mark.parametrize(("documentation", "description"), [
    ("<p>Runs the job.</p>", "Runs the job."),  # exactly 10 characters
    ("<p>The name &amp; <i>the</i>   version. More words.</p>", "The name & the version."),
    ("Ends here? " + "x" * 400, "Ends here?"),
    ("A" * 299 + ". Next.", "A" * 299 + "."),  # exactly 300
    ("A" * 300 + ". Next.", "A" * 297 + "..."),  # cut to 300
    ("", "fallback"),
    (None, "fallback"),
])
def test_a_description_is_the_first_sentence_at_most_300_characters(documentation, description):
    from sagemaker_kfp_components.generator.draft import first_sentence

    assert first_sentence(documentation, "fallback") == description


def operation(name: str, io: str, shape: str) -> dict:
    return {"name": name, "http": {"method": "POST", "requestUri": "/"}, io: {"shape": shape}}


#: A stand-in API with what no Create request has today (botocore's model changes with every release):
#: an optional Float, a negative minimum, an optional Bool, a member without documentation, a
#: structure whose one known field is ImageUri (training's TrainingImage), and limits of every kind.
WIDGET_API = {
    "metadata": {"protocol": "json", "apiVersion": "2017-07-24", "endpointPrefix": "api.sagemaker",
                 "serviceId": "SageMaker", "jsonVersion": "1.1", "targetPrefix": "SageMaker"},
    "operations": {"CreateWidget": operation("CreateWidget", "input", "CreateWidgetRequest"),
                   "DescribeWidget": operation("DescribeWidget", "output", "DescribeWidgetResponse")},
    "shapes": {
        "CreateWidgetRequest": {"type": "structure", "required": ["WidgetName"], "members": {
            "WidgetName": {"shape": "Text", "documentation": "<p>The widget's name.</p>"},
            "Ratio": {"shape": "Ratio", "documentation": "<p>How much of it to use.</p>"},
            "Offset": {"shape": "Offset", "documentation": "<p>Where it starts, from -5.</p>"},
            "Verbose": {"shape": "Flag", "documentation": "<p>Whether it talks.</p>"},
            "Note": {"shape": "Text"},
            "Container": {"shape": "Container", "documentation": "<p>What runs.</p>"},
            "Weight": {"shape": "Weight", "documentation": "<p>How heavy it is.</p>"},
            "Code": {"shape": "Code", "documentation": "<p>A code of one or more letters.</p>"},
            "Label": {"shape": "Label", "documentation": "<p>A label \u2013 two letters or more.</p>"},
            "Mode": {"shape": "Mode", "documentation": "<p>How fast it goes.</p>"},
            "Hosts": {"shape": "Hosts", "documentation": "<p>Where it runs.</p>"}}},
        "Container": {"type": "structure", "members": {
            "ImageUri": {"shape": "Text", "documentation": "<p>The image to run.</p>"}}},
        "DescribeWidgetResponse": {"type": "structure", "members": {"WidgetArn": {"shape": "Text"}}},
        "Text": {"type": "string"},
        "Ratio": {"type": "double"},
        "Offset": {"type": "integer", "min": -5},
        "Flag": {"type": "boolean"},
        "Weight": {"type": "double", "min": 0.5, "max": 2},
        "Code": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z]+"},
        "Label": {"type": "string", "min": 2},
        "Mode": {"type": "string", "enum": ["Fast", "Slow"], "pattern": "[A-Za-z]+"},
        "Hosts": {"type": "list", "member": {"shape": "Text"}, "min": 2, "max": 5},
    },
}


@pytest.fixture
def widget(project, monkeypatch) -> tuple[str, dict[str, dict]]:
    """The text of the spec drafted from the stand-in API, and its arguments by name."""
    from botocore.model import ServiceModel

    from sagemaker_kfp_components.runtime import api_model

    model = ServiceModel(WIDGET_API, "sagemaker")
    monkeypatch.setattr(api_model, "service_model", lambda service="sagemaker": model)
    from sagemaker_kfp_components.generator.draft import draft_spec

    text = draft_spec("draft", "CreateWidget", project)
    return text, {arg["name"]: arg for arg in yaml.safe_load(text)["arguments"]}


def test_numbers_and_members_todays_model_lacks_are_drafted_by_the_same_rules(widget):
    _, arguments = widget
    unset = {name: (arguments[name]["type"], arguments[name]["min"], arguments[name]["unset"]) for name in ("ratio", "offset")}
    assert unset == {"ratio": ("Float", 0, -1), "offset": ("Integer", -5, -6)}
    assert (arguments["verbose"]["type"], arguments["verbose"]["unset"]) == ("Bool", False)
    assert arguments["note"]["description"] == "The request's `Note`."
    assert arguments["image"]["api"] == "Container.ImageUri" and "container" not in arguments


def test_the_apis_limits_become_the_arguments_checks(widget):
    text, arguments = widget

    def checks(name: str) -> dict:
        return {key: value for key, value in arguments[name].items()
                if key in ("min", "max", "min_length", "max_length", "pattern", "enum", "min_entries", "max_entries")}

    assert checks("weight") == {"min": 0.5, "max": 2}
    # Empty text means "not set": a minimum length of 1 says nothing more.
    assert checks("code") == {"max_length": 8, "pattern": "[a-z]+"}
    assert checks("label") == {"min_length": 2}
    assert checks("mode") == {"enum": ["Fast", "Slow"]}  # the enum says all a pattern would
    assert checks("hosts") == {"min_entries": 2, "max_entries": 5}
    assert "A label \u2013 two letters or more." in text  # written as it reads, not escaped
