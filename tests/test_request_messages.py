"""The request the training component builds, and the exact line of each problem the API's own
shapes find inside a JSON value (botocore's model: required members, enums, lengths, patterns,
ranges), in process.

Paths read in the argument's terms: `channels[1].DataSource` for the second channel, `tags.team`
for a tag, whatever request field the argument fills.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.runtime import api_model
from sagemaker_kfp_components.runtime.authoring import kfp_text as authoring_text
from sagemaker_kfp_components.runtime.request import checked_request, integers_where_due
from step_runner import CHANNEL, kfp_text, valid_args

FSX_CHANNEL = {"ChannelName": "fsx", "DataSource": {"FileSystemDataSource": {
    "FileSystemId": "fs-0123456789abcdef0", "FileSystemAccessMode": "ro", "FileSystemType": "FSxLustre",
    "DirectoryPath": "/fsx/train"}}}
SEE = "see the SageMaker API reference"


def check(**overrides) -> tuple[dict, list[str], list[str]]:
    _, request, problems = checked_request(COMPONENT, {k: kfp_text(v) for k, v in valid_args(**overrides).items()})
    return request, problems.errors, problems.warnings


def errors(**overrides) -> list[str]:
    return check(**overrides)[1]


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"channels": [{**CHANNEL, "Foo": 1}]},
     ["channels[0].Foo: is not a field of Channel; valid fields: ChannelName, DataSource, ContentType, "
      "CompressionType, RecordWrapperType, InputMode, ShuffleConfig"]),
    ({"channels": [{"ChannelName": 3}]},
     ["channels[0].DataSource: is required in Channel; add it",
      f"channels[0].ChannelName: must be a string (ChannelName), got int 3; {SEE}"]),
    ({"channels": [{**CHANNEL, "ChannelName": "", "CompressionType": "Zip"}]},
     ["channels[0].ChannelName: has 0 characters; give 1 to 64 characters",
      "channels[0].CompressionType: 'Zip' is not accepted; use one of: None, Gzip"]),
    ({"channels": [{**CHANNEL, "ChannelName": "bad name!"}]},
     [r"channels[0].ChannelName: 'bad name!' does not match the pattern [A-Za-z0-9\.\-_]+; correct the value"]),
    ({"channels": [CHANNEL, 5]}, [f"channels[1]: must be an object (Channel), got int 5; {SEE}"]),
    ({"channels": [{**CHANNEL, "ShuffleConfig": {"Seed": 2.5}}]},
     [f"channels[0].ShuffleConfig.Seed: must be an integer (Seed), got float 2.5; {SEE}"]),
    ({"channels": [{**CHANNEL, "ShuffleConfig": {"Seed": True}}]},
     [f"channels[0].ShuffleConfig.Seed: must be an integer (Seed), got bool True; {SEE}"]),
    ({"checkpoint_config": {"S3Uri": True}}, [f"checkpoint_config.S3Uri: must be a string (S3Uri), got bool True; {SEE}"]),
    ({"checkpoint_config": {"LocalPath": "/opt/ml/checkpoints"}}, ["checkpoint_config.S3Uri: is required in CheckpointConfig; add it"]),
    ({"debug_rule_config": [{"RuleConfigurationName": "r", "RuleEvaluatorImage": "i", "VolumeSizeInGB": -1,
                             "RuleParameters": {"a": 1}}]},
     ["debug_rule_config[0].VolumeSizeInGB: is -1; give a value of at least 0",
      f"debug_rule_config[0].RuleParameters.a: must be a string (ConfigValue), got int 1; {SEE}"]),
    ({"instance_groups": [{"InstanceGroupName": "a", "InstanceType": "ml.m5.xlarge", "InstanceCount": 1,
                           "InstanceGroupNames": 1}]},
     ["instance_groups[0].InstanceGroupNames: is not a field of InstanceGroup; valid fields: InstanceType, InstanceCount, "
      "InstanceGroupName"]),
    ({"tags": {"a" * 129: "v", "k": "x" * 257}},
     [f"tags.{'a' * 129}: key has 129 characters, more than 128; shorten the key",
      "tags.k: value has 257 characters, more than 256; shorten the value"]),
    ({"tags": {"team": "ml", "bad\n": "v"}},
     ["tags.bad\n: 'bad\\n' does not match the pattern ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*); correct the value"]),
    ({"metric_definitions": {"loss": ""}}, ["metric_definitions.loss: has 0 characters; give 1 to 500 characters"]),
    # The argument's own check found the problem: the API's check of the same value adds nothing.
    ({"tags": {"": "v"}}, ["tags[empty key]: has an empty key; name every entry"]),
    ({"data_location_2": "s3://bucket/x"},
     ["data_location_2: sets entry 2 of channels, which has 1; add the entry to channels or leave data_location_2 empty"]),
    # A malformed URI is reported once, as the argument's, not again as the channel's S3Uri it replaces.
    ({"data_location_1": "bucket/train"},
     ["data_location_1: 'bucket/train' does not match the pattern (https|s3)://([^/]+)/?(.*); "
      "give a value such as s3://my-bucket/data/train"]),
    ({"data_location_2": "bucket/train"},
     ["data_location_2: 'bucket/train' does not match the pattern (https|s3)://([^/]+)/?(.*); "
      "give a value such as s3://my-bucket/data/train",
      "data_location_2: sets entry 2 of channels, which has 1; add the entry to channels or leave data_location_2 empty"]),
    ({"data_location_2": "s3://bucket/x", "channels": [CHANNEL, FSX_CHANNEL]},
     ["data_location_2: replaces S3DataSource.S3Uri in channels[1].DataSource, which has no S3DataSource; "
      "give that entry a S3DataSource, or leave data_location_2 empty"]),
    ({"data_location_2": "s3://bucket/x", "channels": [CHANNEL, {"ChannelName": "t"}]},
     ["data_location_2: replaces DataSource.S3DataSource.S3Uri in channels[1], which has no DataSource; "
      "give that entry a DataSource, or leave data_location_2 empty",
      "channels[1].DataSource: is required in Channel; add it"]),
    # The channels are malformed: only that is reported, not what data_location_2 would do in them.
    ({"data_location_2": "s3://bucket/x", "channels": "[1"},
     ['channels: is not valid JSON (Expecting \',\' delimiter at character 2); write a JSON array such as [{"key": "value"}]']),
    ({"data_location_2": "s3://bucket/x", "channels": [CHANNEL, 5]},
     [f"channels[1]: must be an object (Channel), got int 5; {SEE}"]),
])
def test_problems_inside_json_values_name_their_place(overrides, expected):
    assert errors(**overrides) == expected


def test_the_message_quoting_a_value_of_the_wrong_type_is_cut():
    (line,) = errors(checkpoint_config={"S3Uri": ["x" * 1000]})
    assert line == ("checkpoint_config.S3Uri: " + f"must be a string (S3Uri), got list {['x' * 1000]!r}"[:300] + f"; {SEE}")


def test_a_data_location_replaces_the_uri_of_its_channel():
    request, problems, _ = check(data_location_1="s3://bucket/other", channels=[CHANNEL, FSX_CHANNEL])
    assert problems == []
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"] == {"S3Uri": "s3://bucket/other", "S3DataType": "S3Prefix"}
    assert request["InputDataConfig"][1] == FSX_CHANNEL


def test_values_are_converted_for_the_request():
    request, problems, _ = check(tags={"team": "ml", "n": 2.0}, hyperparameters={"epochs": 10.0, "lr": 0.5, "on": True},
                                 metric_definitions={"loss": "loss=([0-9.]+)"},
                                 vpc_security_group_ids="sg-0123456789abcdef0, sg-0123456789abcdef1",
                                 vpc_subnets="subnet-0123456789abcdef0")
    assert problems == []
    assert request["Tags"] == [{"Key": "team", "Value": "ml"}, {"Key": "n", "Value": "2"}]
    assert request["HyperParameters"] == {"epochs": "10", "lr": "0.5", "on": "true"}
    assert request["AlgorithmSpecification"]["MetricDefinitions"] == [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]
    assert request["VpcConfig"] == {"SecurityGroupIds": ["sg-0123456789abcdef0", "sg-0123456789abcdef1"],
                                    "Subnets": ["subnet-0123456789abcdef0"]}


def test_a_builtin_algorithms_name_becomes_the_image_of_the_region():
    request, problems, _ = check(image=None, algorithm_name="K-Means", region="eu-west-1")
    assert problems == []
    assert request["AlgorithmSpecification"] == {"TrainingImage": "438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1",
                                                 "TrainingInputMode": "File"}
    assert errors(image=None, algorithm_name="kmeans:9", region="eu-west-1") == [
        "algorithm_name: kmeans has no version '9'; use one of: 1"]
    # Both given: the rule says so, and neither is replaced.
    request, problems, _ = check(algorithm_name="kmeans")
    assert problems == ["image: is given with algorithm_name; give exactly one of image and algorithm_name"]
    assert request["AlgorithmSpecification"]["AlgorithmName"] == "kmeans"
    # An algorithm resource's name is sent as it is.
    request, problems, _ = check(image=None, algorithm_name="my-algorithm")
    assert problems == [] and request["AlgorithmSpecification"]["AlgorithmName"] == "my-algorithm"


def test_a_builtin_algorithm_with_the_region_known_only_at_run_time_is_left_to_the_step():
    from sagemaker_kfp_components.runtime.validate import DYNAMIC

    raw = {k: kfp_text(v) for k, v in valid_args(image=None, algorithm_name="kmeans").items() if k != "region"}
    values, request, problems = checked_request(COMPONENT, raw, frozenset({"region"}))
    assert values["algorithm_name"] is DYNAMIC and "image" not in request.get("AlgorithmSpecification", {})
    assert problems.errors == []


def test_a_problem_in_a_converted_entry_is_named_by_its_key():
    # tags become [{"Key", "Value"}]: the API's pattern check names the tag, not Tags[1].Value.
    assert errors(tags={"team": "ml", "owner": "a\tb"}) == [
        "tags.owner: 'a\\tb' does not match the pattern ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*); correct the value"]


def test_integral_floats_become_integers_where_the_api_wants_integers():
    shape = api_model.shape_at("CreateTrainingJob", "ResourceConfig")
    assert integers_where_due({"InstanceCount": 2.0, "VolumeSizeInGB": 2.5, "Other": 3.0}, shape) == {
        "InstanceCount": 2, "VolumeSizeInGB": 2.5, "Other": 3.0}
    groups = api_model.shape_at("CreateTrainingJob", "ResourceConfig.InstanceGroups")
    converted = integers_where_due([{"InstanceCount": 1.0}], groups)
    assert converted == [{"InstanceCount": 1}] and type(converted[0]["InstanceCount"]) is int
    environment = api_model.shape_at("CreateTrainingJob", "Environment")
    assert integers_where_due({"A": 1.0}, environment) == {"A": 1.0}
    assert integers_where_due("text", shape) == "text"
    seed = api_model.shape_at("CreateTrainingJob", "InputDataConfig[0].ShuffleConfig.Seed")  # a long
    assert seed.type_name == "long" and type(integers_where_due(7.0, seed)) is int
    name = api_model.shape_at("CreateTrainingJob", "TrainingJobName")
    assert integers_where_due({"a": 1.0}, name) == {"a": 1.0}  # the wrong type is left to the shape check


def test_request_paths_read_and_resolve():
    assert api_model.parse_path("InputDataConfig[10].DataSource") == [("InputDataConfig", 10), ("DataSource", None)]
    with pytest.raises(ValueError, match=r"malformed API path 'A\.\.B'"):
        api_model.parse_path("A..B")
    data = {"A": [{"B": 1}], "C": "x"}
    assert api_model.value_at(data, "A[0].B") == 1
    assert api_model.value_at(data, "A[1].B") is None
    assert api_model.value_at(data, "C.D") is None
    assert api_model.value_at(data, "C[0]") is None
    with pytest.raises(KeyError) as raised:
        api_model.shape_at("CreateTrainingJob", "ResourceConfig.InstanceKind")
    assert raised.value.args[0] == "ResourceConfig has no member 'InstanceKind'"
    assert "InstanceType" in raised.value.args[1]
    with pytest.raises(KeyError) as raised:
        api_model.shape_at("CreateTrainingJob", "ResourceConfig[0]")
    assert raised.value.args == ("ResourceConfig is not a list, so it takes no [index]", [])
    with pytest.raises(KeyError) as raised:
        api_model.shape_at("CreateTrainingJob", "TrainingJobName.Suffix")
    assert raised.value.args == ("TrainingJobName has no member 'Suffix'", [])
    assert api_model.shape_at("DescribeTrainingJob", "ModelArtifacts.S3ModelArtifacts", output=True).type_name == "string"


def test_the_limits_botocore_declares():
    assert api_model.limits(api_model.shape_at("CreateTrainingJob", "ResourceConfig.KeepAlivePeriodInSeconds")) == {
        "min": 0, "max": 21600}
    assert api_model.limits(api_model.shape_at("CreateTrainingJob", "AlgorithmSpecification.TrainingInputMode"))["enum"][:2] == [
        "Pipe", "File"]


def test_java_character_classes_become_python_ones():
    tag = api_model.compiled(r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")
    assert tag.fullmatch("Équipe 1\u00a0x:y") and not tag.fullmatch("a\tb")
    assert api_model.compiled(r"(?<name>x)") is None  # Java's named group syntax: not checked rather than wrong


def test_ranges_in_hints():
    report: list[tuple[str, str, str]] = []
    shape = api_model.shape_at("CreateTrainingJob", "RetryStrategy.MaximumRetryAttempts")
    for value in (0, 1, 30, 31):
        api_model.check_shape(value, shape, "p", lambda *line: report.append(line))
    assert report == [("p", "is 0", "give a value of 1 to 30"), ("p", "is 31", "give a value of 1 to 30")]
    report.clear()
    groups = api_model.shape_at("CreateTrainingJob", "ResourceConfig.InstanceGroups")
    api_model.check_shape([], groups, "g", lambda *line: report.append(line))
    api_model.check_shape([{"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "InstanceGroupName": "a"}] * 6, groups, "g",
                          lambda *line: report.append(line))
    assert report == [("g", "has 6 entries", "give 0 to 5 entries")]
    report.clear()
    hyper = api_model.shape_at("CreateTrainingJob", "HyperParameters")
    api_model.check_shape({str(i): "v" for i in range(101)}, hyper, "h", lambda *line: report.append(line))
    assert report == [("h", "has 101 entries", "give 0 to 100 entries")]
    report.clear()
    api_model.check_shape({"k" * 257: "v"}, hyper, "h", lambda *line: report.append(line))
    assert report == [(f"h.{'k' * 257}", "has 257 characters", "give 0 to 256 characters")]


def test_constants_are_passed_as_the_kfp_launcher_passes_them():
    assert [authoring_text(v) for v in ({"a": [1, 2]}, [{"b": True}], True, 10.0, "x")] == [
        '{"a":[1,2]}', '[{"b":true}]', "true", "10", "x"]


# -- authoring-time checks (a pipeline's constants, when it is defined) ----------------------------

def test_constants_are_checked_when_the_pipeline_is_defined_and_parameters_are_left_to_run_time():
    import warnings

    from kfp.dsl.pipeline_channel import PipelineParameterChannel

    from sagemaker_kfp_components.runtime.authoring import check_constants
    from sagemaker_kfp_components.runtime.validate import InvalidArguments

    bucket = PipelineParameterChannel(name="bucket", channel_type="String")
    role = PipelineParameterChannel(name="role", channel_type="String")
    given = {**valid_args(role=role, instance_type="ml.p7.48xlarge", instance_count=0),
             "model_artifact_path": f"s3://{bucket}/models", "tags": {"team": str(bucket)}}
    with warnings.catch_warnings(record=True) as warned, pytest.raises(InvalidArguments) as raised:
        warnings.simplefilter("always")
        check_constants(COMPONENT, given)
    assert str(raised.value) == ("1 invalid argument(s) for the training component:\n"
                                 "  instance_count: is 0, below the minimum 1; give at least 1")
    late = ("holds a pipeline parameter or task output inside a longer value; KFP backends substitute it only from "
            "2.17.0 (on older ones the step stops with exit code 2): pass it as the whole value (data_location_N "
            "feeds a channel)")
    assert [str(w.message) for w in warned] == [
        f"training: model_artifact_path {late}", f"training: tags {late}",
        "training: instance_type: 'ml.p7.48xlarge' is not in this component's list; passing it on, SageMaker will check it"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_constants(COMPONENT, {**valid_args(), "role": role})  # a whole parameter: nothing to say


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="mutmut's trampolines add stack frames")
def test_authoring_warnings_point_at_the_pipelines_own_line():
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training

    with pytest.warns(UserWarning) as warned:
        @dsl.pipeline(name="warned")
        def warned_pipeline(bucket: str):
            sagemaker_training(**valid_args(model_artifact_path=f"s3://{bucket}/models", instance_type="ml.p7.48xlarge"))

    assert len(warned) == 2
    assert {(w.filename, w.lineno) for w in warned} == {(__file__, warned_pipeline.pipeline_func.__code__.co_firstlineno + 2)}  # the line of the call, under the decorator


def run_script(tmp_path, text: str) -> subprocess.CompletedProcess:
    (tmp_path / "pipeline.py").write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "pipeline.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_the_readmes_typo_example_prints_what_it_shows_without_a_traceback(tmp_path):
    """README.md's pipeline, with the typos it names, run as it says: `.venv/bin/python pipeline.py`."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (pipeline,) = [block for block in re.findall(r"^```python\n(.*?)^```$", readme, re.S | re.M)
                   if "sagemaker_training(" in block and "def pipeline(" in block]
    typos = 'instance_type="ml.m5.xlarg", instance_count=0'
    assert f"With `{typos}` in the pipeline above" in readme
    shown = readme.split("`.venv/bin/python pipeline.py` ends with exit code 1 and prints", 1)[1].split("```\n", 2)[1]
    result = run_script(tmp_path, pipeline.replace('instance_type="ml.m5.xlarge"', typos))
    assert (result.returncode, result.stdout, result.stderr) == (1, "", shown)


def test_other_errors_and_a_users_own_hook_are_left_as_they_are(tmp_path):
    typo = ("from sagemaker_kfp_components import InvalidArguments\n"
            "from sagemaker_kfp_components.training import sagemaker_training\n"
            "\n"
            "def typo():\n"
            "    sagemaker_training(region='us-east-1', role='r', channels=[], model_artifact_path='', instance_count=0)\n")
    result = run_script(tmp_path, typo + "try:\n    typo()\nexcept InvalidArguments:\n    pass\nraise RuntimeError('a bug')\n")
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith("RuntimeError: a bug\n")
    own_hook = "import sys\nsys.excepthook = lambda *error: print('my hook', file=sys.stderr)\n"
    assert run_script(tmp_path, own_hook + typo + "typo()\n").stderr == "my hook\n"
