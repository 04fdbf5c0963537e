"""Malformed arguments end the step with exit code 2 and name every problem; nothing reaches AWS.

Each case is a small change to `step_runner.valid_args()` (a value of None removes the argument),
run through the generated entrypoint as a real subprocess against the emulator, without dry_run:
had an invalid argument set slipped through, the emulator would have recorded the request.
"""

from __future__ import annotations

import json
import re

import pytest

from sagemaker_kfp_components.emulator import Emulator, Lifecycle
from step_runner import CHANNEL, run, valid_args

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

LONG_DIGITS = "1" * 5000  # more digits than Python converts to int by default (4300)


@pytest.fixture(scope="module")
def server():
    # Should a case be accepted by mistake, its job ends in about a second instead of hanging.
    with Emulator(lifecycle=Lifecycle.default()) as emulator:
        yield emulator


@pytest.fixture
def emu(server):
    """The shared emulator with no recorded requests; fully reset only after a test that reached it."""
    server.clear_requests()
    yield server
    if server.requests():
        server.reset()


FSX_CHANNEL = {
    "ChannelName": "train",
    "DataSource": {"FileSystemDataSource": {"FileSystemId": "fs-0123456789abcdef0", "FileSystemAccessMode": "ro",
                                            "FileSystemType": "FSxLustre", "DirectoryPath": "/fsx/train"}},
}


def channel(name: str, **changes) -> dict:
    return {**CHANNEL, "ChannelName": name, **changes}


def s3_channel(name: str, s3: dict) -> dict:
    return {"ChannelName": name, "DataSource": {"S3DataSource": s3}}


def group(name: str, **changes) -> dict:
    return {"InstanceGroupName": name, "InstanceType": "ml.m5.xlarge", "InstanceCount": 1, **changes}


def case(case_id: str, overrides: dict, *expected: str):
    """One row: the overrides, then every argument name / JSON path stderr must name."""
    return pytest.param(overrides, expected, id=case_id)


CASES = [
    # --- types ----------------------------------------------------------------------------------
    case("integer-as-text", {"instance_count": "abc"}, "instance_count"),
    case("integer-as-decimal", {"instance_count": "1.5"}, "instance_count"),
    case("integer-as-word", {"volume_size": "ten"}, "volume_size"),
    case("integer-as-exponent", {"max_wait_time": "1e3", "spot_instance": True}, "max_wait_time"),
    case("integer-nan", {"max_run_time": "nan"}, "max_run_time"),
    case("integer-inf", {"volume_size": "inf"}, "volume_size"),
    case("integer-minus-inf", {"keep_alive_period": "-inf"}, "keep_alive_period"),
    case("integer-as-bool", {"instance_count": "true"}, "instance_count"),
    case("integer-with-underscore", {"max_retry_attempts": "1_0"}, "max_retry_attempts"),
    case("bool-yes", {"spot_instance": "yes"}, "spot_instance"),
    case("bool-1", {"network_isolation": "1"}, "network_isolation"),
    case("bool-no", {"traffic_encryption": "no"}, "traffic_encryption"),
    case("bool-on", {"stream_logs": "on"}, "stream_logs"),
    case("json-object-malformed", {"hyperparameters": '{"a": 1'}, "hyperparameters"),
    case("json-array-malformed", {"channels": '[{"ChannelName": "train",]'}, "channels"),
    case("json-single-quotes", {"tags": "{'team': 'ml'}"}, "tags"),
    case("json-object-given-array", {"tags": "[1, 2]"}, "tags"),
    case("json-object-given-empty-array", {"hyperparameters": "[]"}, "hyperparameters"),
    case("json-array-given-object", {"channels": CHANNEL}, "channels"),
    case("json-array-given-empty-object", {"container_arguments": "{}"}, "container_arguments"),
    case("json-object-given-string", {"environment": '"PATH=/bin"'}, "environment"),
    case("json-object-given-number", {"checkpoint_config": "42"}, "checkpoint_config"),
    case("json-array-given-string", {"channels": '"train"'}, "channels"),
    case("json-object-given-null", {"experiment_config": "null"}, "experiment_config"),
    case("json-array-given-bool", {"debug_rule_config": "true"}, "debug_rule_config"),
    case("json-placeholder-left-unresolved", {"hyperparameters": "{{$.inputs.parameters['hp']}}"}, "hyperparameters"),
    # --- ranges ---------------------------------------------------------------------------------
    case("instance_count-0", {"instance_count": 0}, "instance_count"),
    case("instance_count-negative", {"instance_count": -3}, "instance_count"),
    case("volume_size-minus-1", {"volume_size": -1}, "volume_size"),
    case("max_run_time-0", {"max_run_time": 0}, "max_run_time"),
    case("max_run_time-2419201", {"max_run_time": 2419201}, "max_run_time"),
    case("keep_alive_period-21601", {"keep_alive_period": 21601}, "keep_alive_period"),
    case("keep_alive_period-minus-2", {"keep_alive_period": -2}, "keep_alive_period"),  # -1 means not set
    case("max_pending_time-100", {"max_pending_time": 100}, "max_pending_time"),
    case("max_pending_time-2419201", {"max_pending_time": 2419201}, "max_pending_time"),
    case("max_retry_attempts-0", {"max_retry_attempts": 0}, "max_retry_attempts"),
    case("max_retry_attempts-31", {"max_retry_attempts": 31}, "max_retry_attempts"),
    case("max_wait_time-2419201", {"max_wait_time": 2419201, "spot_instance": True}, "max_wait_time"),
    # --- enums ----------------------------------------------------------------------------------
    case("training_input_mode-lowercase", {"training_input_mode": "file"}, "training_input_mode"),
    case("training_input_mode-unknown", {"training_input_mode": "Stream"}, "training_input_mode"),
    case("job_exists_action-unknown", {"job_exists_action": "replace"}, "job_exists_action"),
    case("output_compression-lowercase", {"output_compression": "gzip"}, "output_compression"),
    case("instance_type-typo", {"instance_type": "ml.m5.xlarg"}, "instance_type"),
    case("instance_type-no-prefix", {"instance_type": "m5.xlarge"}, "instance_type"),
    case("instance_type-uppercase", {"instance_type": "ML.M5.XLARGE"}, "instance_type"),
    # --- patterns and lengths -------------------------------------------------------------------
    case("job_name-underscore", {"job_name": "my_job"}, "job_name"),
    case("job_name-64-chars", {"job_name": "a" * 64}, "job_name"),
    case("job_name-trailing-hyphen", {"job_name": "train-"}, "job_name"),
    case("job_name-starts-with-dash", {"job_name": "-train"}, "job_name"),  # argparse's own error
    case("role-not-an-arn", {"role": "my-sagemaker-execution-role"}, "role"),
    case("role-user-arn", {"role": "arn:aws:iam::123456789012:user/someone"}, "role"),
    case("assume_role-not-an-arn", {"assume_role": "cross-account-role-name"}, "assume_role"),
    case("region-uppercase", {"region": "US-EAST-1"}, "region"),
    case("region-no-number", {"region": "us-east"}, "region"),
    case("model_artifact_path-no-scheme", {"model_artifact_path": "bucket/models"}, "model_artifact_path"),
    case("model_artifact_path-1025-chars", {"model_artifact_path": "s3://bucket/" + "m" * 1013}, "model_artifact_path"),
    case("data_location_1-no-scheme", {"data_location_1": "bucket/train"}, "data_location_1"),
    case("tensorboard_output_path-no-scheme", {"tensorboard_output_path": "bucket/tb"}, "tensorboard_output_path"),
    case("resource_encryption_key-space", {"resource_encryption_key": "my key"}, "resource_encryption_key"),
    case("output_encryption_key-space", {"output_encryption_key": "alias/my key"}, "output_encryption_key"),
    case("endpoint_url-not-a-url", {"endpoint_url": "sagemaker.internal"}, "endpoint_url"),
    case("security-group-not-sg", {"vpc_security_group_ids": "group-1", "vpc_subnets": "subnet-1"}, "vpc_security_group_ids"),
    case("subnet-not-subnet", {"vpc_security_group_ids": "sg-1", "vpc_subnets": "sn-1"}, "vpc_subnets"),
    case("security-group-id-33-chars", {"vpc_security_group_ids": "sg-" + "a" * 30, "vpc_subnets": "subnet-1"}, "vpc_security_group_ids"),
    case("subnet-id-33-chars", {"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-" + "a" * 26}, "vpc_subnets"),
    case("security-groups-only-commas", {"vpc_security_group_ids": ",,", "vpc_subnets": "subnet-1"}, "vpc_security_group_ids"),
    case("algorithm_name-underscore", {"image": None, "algorithm_name": "my_algorithm"}, "algorithm_name"),
    case("image-256-chars", {"image": "i" * 256}, "image"),
    # --- counts ---------------------------------------------------------------------------------
    case("channels-empty-list", {"channels": []}, "channels"),
    case("channels-21", {"channels": [channel(f"c{i}") for i in range(21)]}, "channels"),
    case("hyperparameters-101", {"hyperparameters": {f"k{i}": i for i in range(101)}}, "hyperparameters"),
    case("hyperparameter-key-257-chars", {"hyperparameters": {"k" * 257: 1}}, "hyperparameters." + "k" * 257),
    case("hyperparameter-value-2501-chars", {"hyperparameters": {"k": "v" * 2501}}, "hyperparameters.k"),
    case("hyperparameter-empty-key", {"hyperparameters": {"": "v"}}, "hyperparameters"),
    case("tags-51", {"tags": {f"k{i}": "v" for i in range(51)}}, "tags"),
    case("tag-key-129-chars", {"tags": {"k" * 129: "v"}}, "tags." + "k" * 129),
    case("tag-value-257-chars", {"tags": {"team": "v" * 257}}, "tags.team"),
    case("environment-101", {"environment": {f"K{i}": "v" for i in range(101)}}, "environment"),
    case("environment-value-513-chars", {"environment": {"K": "v" * 513}}, "environment.K"),
    case("security-groups-6", {"vpc_security_group_ids": ",".join(f"sg-{i}" for i in range(6)), "vpc_subnets": "subnet-1"}, "vpc_security_group_ids"),
    case("subnets-17", {"vpc_security_group_ids": "sg-1", "vpc_subnets": ",".join(f"subnet-{i}" for i in range(17))}, "vpc_subnets"),
    case("metric_definitions-41", {"metric_definitions": {f"m{i}": "m=(.*)" for i in range(41)}}, "metric_definitions"),
    case("metric-regex-501-chars", {"metric_definitions": {"loss": "x" * 501}}, "metric_definitions.loss"),
    case("container_entrypoint-101", {"container_entrypoint": ["x"] * 101}, "container_entrypoint"),
    case("instance_groups-6", {"instance_groups": [group(f"g{i}") for i in range(6)]}, "instance_groups"),
    case("debug_rule_config-21", {"debug_rule_config": [{"RuleConfigurationName": f"r{i}", "RuleEvaluatorImage": "img"} for i in range(21)]}, "debug_rule_config"),
    # --- JSON shapes ----------------------------------------------------------------------------
    case("channel-without-ChannelName", {"channels": [{"DataSource": CHANNEL["DataSource"]}]}, "channels[0].ChannelName"),
    case("channel-without-DataSource", {"channels": [CHANNEL, {"ChannelName": "test"}]}, "channels[1].DataSource"),
    case("channel-is-a-string", {"channels": ["train"]}, "channels[0]"),
    case("channel-unknown-field", {"channels": [channel("train", Shuffle=True)]}, "channels[0].Shuffle"),
    case("channel-duplicate-name", {"channels": [CHANNEL, CHANNEL]}, "channels[1].ChannelName"),
    case("channel-S3DataType-not-in-enum", {"channels": [CHANNEL, s3_channel("test", {"S3Uri": "s3://b/t", "S3DataType": "S3Folder"})]}, "channels[1].DataSource.S3DataSource.S3DataType"),
    case("channel-S3Uri-missing", {"channels": [s3_channel("train", {"S3DataType": "S3Prefix"})]}, "channels[0].DataSource.S3DataSource.S3Uri"),
    case("channel-InputMode-not-in-enum", {"channels": [channel("train", InputMode="Stream")]}, "channels[0].InputMode"),
    case("channel-name-is-a-number", {"channels": [channel(5)]}, "channels[0].ChannelName"),
    case("checkpoint_config-without-S3Uri", {"checkpoint_config": {"LocalPath": "/opt/ml/checkpoints"}}, "checkpoint_config.S3Uri"),
    case("checkpoint_config-unknown-key", {"checkpoint_config": {"S3Uri": "s3://b/c", "Path": "/x"}}, "checkpoint_config.Path"),
    case("hyperparameter-value-object", {"hyperparameters": {"layers": {"n": 3}}}, "hyperparameters.layers"),
    case("hyperparameter-value-null", {"hyperparameters": {"rate": None}}, "hyperparameters.rate"),
    case("hyperparameter-value-list", {"hyperparameters": {"sizes": [1, 2]}}, "hyperparameters.sizes"),
    case("tag-value-null", {"tags": {"team": None}}, "tags.team"),
    case("metric-regex-does-not-compile", {"metric_definitions": {"loss": "loss=(["}}, "metric_definitions.loss"),
    case("metric-regex-not-a-string", {"metric_definitions": {"loss": 1}}, "metric_definitions.loss"),
    case("environment-key-1BAD", {"environment": {"1BAD": "x"}}, "environment.1BAD"),
    case("experiment_config-invalid-name", {"experiment_config": {"ExperimentName": "my experiment!"}}, "experiment_config.ExperimentName"),
    case("experiment_config-unknown-key", {"experiment_config": {"Experiment": "e"}}, "experiment_config.Experiment"),
    case("instance_groups-entry-missing-fields", {"instance_groups": [{"InstanceGroupName": "g1"}]}, "instance_groups[0].InstanceType", "instance_groups[0].InstanceCount"),
    case("instance_groups-duplicate-name", {"instance_groups": [group("g"), group("g")]}, "instance_groups[1].InstanceGroupName"),
    case("instance_groups-count-as-text", {"instance_groups": [group("g", InstanceCount="2")]}, "instance_groups[0].InstanceCount"),
    case("debug_hook_config-without-S3OutputPath", {"debug_hook_config": {"LocalPath": "/opt/ml/debug"}}, "debug_hook_config.S3OutputPath"),
    case("profiler_config-interval-as-text", {"profiler_config": {"ProfilingIntervalInMilliseconds": "500"}}, "profiler_config.ProfilingIntervalInMilliseconds"),
    case("session_chaining_config-bool-as-text", {"session_chaining_config": {"EnableSessionTagChaining": "yes"}}, "session_chaining_config.EnableSessionTagChaining"),
    case("container_entrypoint-number", {"container_entrypoint": ["python", 3]}, "container_entrypoint[1]"),
    # --- rules ----------------------------------------------------------------------------------
    case("image-and-algorithm_name", {"algorithm_name": "my-algorithm"}, "image", "algorithm_name"),
    case("neither-image-nor-algorithm_name", {"image": None}, "image", "algorithm_name"),
    case("image-empty-is-not-given", {"image": ""}, "image", "algorithm_name"),
    case("security-groups-without-subnets", {"vpc_security_group_ids": "sg-1"}, "vpc_security_group_ids", "vpc_subnets"),
    case("subnets-without-security-groups", {"vpc_subnets": "subnet-1"}, "vpc_security_group_ids", "vpc_subnets"),
    case("spot-max_wait_time-below-max_run_time", {"spot_instance": True, "max_wait_time": 3599, "max_run_time": 3600}, "max_wait_time", "max_run_time"),
    case("metric_definitions-with-algorithm_name", {"image": None, "algorithm_name": "my-algorithm", "metric_definitions": {"loss": "loss=(.*)"}}, "metric_definitions", "image"),
    case("data_location-for-missing-channel", {"data_location_3": "s3://upstream/x"}, "data_location_3", "channels"),
    case("data_location-next-to-last-channel", {"channels": [CHANNEL], "data_location_2": "s3://upstream/x"}, "data_location_2", "channels"),
    # --- required values empty or missing -------------------------------------------------------
    case("region-empty", {"region": ""}, "region"),
    case("role-empty", {"role": ""}, "role"),
    case("channels-empty-text", {"channels": ""}, "channels"),
    case("model_artifact_path-empty", {"model_artifact_path": ""}, "model_artifact_path"),
    case("region-missing", {"region": None}, "region"),
    case("role-missing", {"role": None}, "role"),
    case("channels-missing", {"channels": None}, "channels"),
    case("model_artifact_path-missing", {"model_artifact_path": None}, "model_artifact_path"),
    # --- several problems at once ---------------------------------------------------------------
    case(
        "five-problems",
        {"instance_count": "abc", "region": "US-EAST-1", "role": "", "job_name": "my_job",
         "channels": [{"ChannelName": "train"}]},
        "instance_count", "region", "role", "job_name", "channels[0].DataSource",
    ),
    case(
        "every-kind-at-once",
        {"image": None, "volume_size": 0, "spot_instance": "maybe", "tags": "[]", "vpc_subnets": "subnet-1",
         "hyperparameters": {"lr": None}, "checkpoint_config": {"LocalPath": "/x"}, "training_input_mode": "Stream",
         "data_location_2": "s3://b/x", "max_pending_time": 10},
        "image", "algorithm_name", "volume_size", "spot_instance", "tags", "vpc_security_group_ids", "vpc_subnets",
        "hyperparameters.lr", "checkpoint_config.S3Uri", "training_input_mode", "data_location_2", "max_pending_time",
    ),
    case(
        "channel-problems-in-several-entries",
        {"channels": [CHANNEL, {"ChannelName": "train", "DataSource": {}}, "x", channel("c", Bogus=1)]},
        "channels[1].ChannelName", "channels[2]", "channels[3].Bogus",
    ),
    # --- extremes: input that once crashed the step or slipped through ---------------------------
    case(
        "integer-with-5000-digits", {"instance_count": LONG_DIGITS}, "instance_count",
    ),
    case(
        "integer-400-digits-dot-0", {"volume_size": "1" * 400 + ".0"}, "volume_size",
    ),
    case(
        "json-nested-100000-deep", {"hyperparameters": "[" * 100_000}, "hyperparameters",
    ),
    case(
        "json-integer-with-5000-digits", {"hyperparameters": '{"k": ' + LONG_DIGITS + "}"}, "hyperparameters",
    ),
    case(
        "channel-name-is-a-list", {"channels": [channel(["train"])]}, "channels[0].ChannelName",
    ),
    case(
        "instance-group-name-is-an-object", {"instance_groups": [group({"name": "g"})]}, "instance_groups[0].InstanceGroupName",
    ),
    case(
        "metric-regex-huge-repeat", {"metric_definitions": {"loss": "a{99999999999}"}}, "metric_definitions.loss",
    ),
    case(
        "metric-regex-nested-3000-deep", {"metric_definitions": {"loss": "(" * 3000 + ")" * 3000}}, "metric_definitions.loss",
    ),
    case(
        "tag-key-with-braces", {"tags": {"team{1}": "ml"}, "dry_run": True}, "tags.team{1}",
    ),
    case(
        "tag-value-with-hash", {"tags": {"team": "ml#1"}, "dry_run": True}, "tags.team",
    ),
    case(
        "data_location-for-an-fsx-channel", {"channels": [FSX_CHANNEL], "data_location_1": "s3://upstream/train"},
        "data_location_1",
    ),
    case(
        "integer-in-arabic-indic-digits", {"instance_count": "\u0663", "dry_run": True}, "instance_count",
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), CASES)
def test_malformed_arguments_exit_2_name_every_problem_and_send_nothing(emu, overrides, expected):
    result = run(valid_args(**overrides), emu.env(), timeout=30)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2, (result.returncode, result.stderr[-3000:])
    error_lines = [line for line in result.stderr.splitlines() if "error:" in line]
    for name in expected:
        assert any(name in line for line in error_lines), f"{name!r} not named in:\n{result.stderr[-3000:]}"
    assert emu.requests() == []


def test_enough_cases():
    assert len(CASES) >= 70


# --- exact messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"instance_count": "abc"}, "error: instance_count: 'abc' is not an integer; write a whole number", id="integer"),
        pytest.param({"spot_instance": "yes"}, "error: spot_instance: 'yes' is not a boolean; write true or false", id="bool"),
        pytest.param({"instance_count": 0}, "error: instance_count: is 0, below the minimum 1; give at least 1", id="minimum"),
        pytest.param({"keep_alive_period": 21601}, "error: keep_alive_period: is 21601, above the maximum 21600; give at most 21600", id="maximum"),
        pytest.param({"region": ""}, "error: region: is required but empty; give a value", id="required-empty"),
        pytest.param({"role": None}, "error: role: is required; give a value", id="required-missing"),
        pytest.param({"tags": "[1, 2]"}, "error: tags: is JSON list, not a JSON object", id="json-kind"),
        pytest.param({"channels": [CHANNEL, CHANNEL]}, "error: channels[1].ChannelName: 'train' repeats channels[0]", id="duplicate-channel"),
        pytest.param({"checkpoint_config": {"LocalPath": "/x"}}, "error: checkpoint_config.S3Uri: is required in CheckpointConfig", id="json-required-member"),
        pytest.param({"instance_type": "ml.m5.xlarg"}, "error: instance_type: 'ml.m5.xlarg' is not accepted; did you mean ml.m5.xlarge", id="enum-typo"),
        pytest.param({"data_location_3": "s3://b/x"}, "error: data_location_3: sets entry 3 of channels, which has 1", id="missing-channel"),
        pytest.param(
            {"max_run_time": 2419201}, "error: max_run_time: is 2419201, above the maximum 2419200; give at most 2419200",
            id="maximum-written-out",
        ),
    ],
)
def test_exact_message(emu, overrides, message):
    result = run(valid_args(**overrides), emu.env(), timeout=30)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert emu.requests() == []


def test_several_problems_are_counted_in_the_summary_line(emu):
    result = run(valid_args(instance_count="abc", region="US", role=""), emu.env(), timeout=30)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "3 invalid argument(s); nothing was sent to AWS."
    assert emu.requests() == []


# --- accepted with a warning, or not a crash -----------------------------------------------------


def test_unknown_but_well_formed_instance_type_is_accepted_with_a_warning(emu):
    result = run(valid_args(instance_type="ml.zz9.xlarge", dry_run=True), emu.env(), timeout=30)
    assert "warning: instance_type: 'ml.zz9.xlarge' is not in this component's list" in result.stderr
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"InstanceType": "ml.zz9.xlarge"' in result.stdout
    assert emu.requests() == []


def test_kfp_ids_that_are_not_utf8_still_name_the_job_by_the_task(emu):
    """The identity is only hashed, so any bytes serve; a retry of the task gets the same name."""
    args = valid_args(kfp_run_id="run-\udcff", kfp_task_id="41", kfp_task_name="train", dry_run=True)
    first, retry = (run(args, emu.env(), timeout=30) for _ in range(2))  # argv holds the raw byte 0xff
    assert first.returncode == 0, first.stderr[-2000:]
    name = json.loads(first.stdout)["TrainingJobName"]
    assert re.fullmatch(r"TrainingJob-kfp-[0-9a-f]{24}", name)
    assert json.loads(retry.stdout)["TrainingJobName"] == name
    assert emu.requests() == []
