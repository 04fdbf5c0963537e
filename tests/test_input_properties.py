"""Properties of the entrypoint's handling of arbitrary text, run in-process with dry_run.

Any text for any one argument either is accepted (exit 0, stdout is the request as JSON) or is
rejected (exit 2, stderr names the argument): never another exit code, never a traceback.
Nothing can reach AWS: AWS_ENDPOINT_URL points at a closed port and botocore's create_client is
replaced by one that fails the test.

"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import botocore.session
import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from sagemaker_kfp_components.training.entrypoint import main
from sagemaker_kfp_components.training.validation import ARGUMENTS
from step_runner import ENTRYPOINT, argv, valid_args

SECRET_KEY = re.compile(r"password|secret|token|key", re.IGNORECASE)  # masked in the printed request
BASE = valid_args(dry_run=True)
# The extreme properties use huge inputs: shrinking them would only cost time.
EXTREME_SETTINGS = settings(max_examples=20, deadline=None, database=None, phases=(Phase.explicit, Phase.generate))
PER_ARGUMENT = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def no_aws():
    """An unreachable endpoint, fake credentials, no instance metadata, and no AWS client at all."""

    def no_clients(*args, **kwargs):
        raise AssertionError("the step tried to create an AWS client during a property test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        patch.delenv("AWS_PROFILE", raising=False)
        patch.setattr(botocore.session.Session, "create_client", no_clients)
        yield


def entrypoint(args: dict[str, object]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the entrypoint run in this process; argparse's exit counts."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv(args)[len(ENTRYPOINT):])
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def check_accepted_or_named(name: str, args: dict[str, object]) -> dict | None:
    """The shared property; returns the printed request when accepted."""
    code, out, err = entrypoint(args)  # any exception but SystemExit fails the test with it
    assert "Traceback" not in out + err
    assert code in (0, 2), (code, err[-2000:])
    if code == 2:
        assert name in err, err[-2000:]
        return None
    request = json.loads(out)
    assert isinstance(request, dict) and request.get("TrainingJobName"), out[:2000]
    return request


# --- strategies ----------------------------------------------------------------------------------

# Field names of the API shapes the JSON arguments fill, so generated objects reach the shape checks.
# ChannelName and InstanceGroupName (the unique keys) are left out here: objects and lists as their
# values are the subject of test_unique_keys_that_are_json_objects_or_lists_do_not_crash below.
FIELDS = (
    "DataSource", "S3DataSource", "S3Uri", "S3DataType", "FileSystemDataSource", "InputMode",
    "ContentType", "CompressionType", "LocalPath", "S3OutputPath", "InstanceType", "InstanceCount",
    "ExperimentName", "TrialName", "RunName", "RuleConfigurationName", "RuleEvaluatorImage",
    "ProfilingIntervalInMilliseconds", "EnableSessionTagChaining", "MlflowResourceArn",
    "ModelPackageGroupArn", "HookParameters", "CollectionConfigurations", "Key", "Value",
)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_keys = st.sampled_from(FIELDS) | st.text(max_size=12)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_keys, inner, max_size=4),
    max_leaves=12,
)
json_text = json_values.map(json.dumps) | json_values.map(lambda v: json.dumps(v, separators=(",", ":")))
placeholders = st.sampled_from([
    "{{$.inputs.parameters['x']}}", "{{$.pipeline_job_uuid}}", "{{$.pipeline_task_uuid}}",
    "{{$}}", "{{$.x}}", "{{{{$.x}}}}", "{{pipelineparam:op=;name=x}}",
])
near_misses = st.sampled_from([
    "", " ", "true", "True", "TRUE", " false ", "yes", "1", "0", "-1", "1.0", "1.5", "1e3", "nan",
    "inf", "-inf", "NaN", "null", "[]", "{}", "[{}]", '""', "0x10", "+7", "٣", "３",
    "s3://bucket/x", "arn:aws:iam::123456789012:role/R", "ml.m5.xlarge", "ml.zz9.xlarge",
    "sg-1,sg-2", "subnet-1", "us-east-1", "File", "attach", "GZIP", "-", "--", "--region",
])
numbers = st.integers().map(str) | st.floats().map(repr) | st.from_regex(r"[+-]?[0-9]{1,300}(\.0*)?", fullmatch=True)
# Huge text; the runs of digits and the deep nesting are the subject of the extreme properties at the
# end of this file.
huge = st.builds(
    lambda piece, times: piece * times,
    st.text(st.characters(exclude_categories=("Nd", "Cs"), exclude_characters="[{("), min_size=1, max_size=4),
    st.integers(200, 5_000),
)
mixed = st.builds(lambda a, b, c: a + b + c, st.text(max_size=8), placeholders | json_text, st.text(max_size=8))
hostile_text = st.one_of(st.text(), st.text(min_size=1, max_size=300), json_text, placeholders, near_misses,
                         numbers, huge, mixed)


# --- any text for any argument --------------------------------------------------------------------


@pytest.mark.parametrize("name", [arg.name for arg in ARGUMENTS])
@PER_ARGUMENT
@given(text=hostile_text)
def test_any_text_for_one_argument_is_accepted_or_rejected_by_name(name, text):
    if name == "dry_run":
        assume(text != "" and text.strip().lower() != "false")  # a real run is not this test's subject
    check_accepted_or_named(name, {**BASE, name: text})


def test_the_property_above_covers_every_argument_of_the_spec():
    spec = yaml.safe_load((Path(__file__).parent.parent / "specs" / "training.yaml").read_text())
    in_spec = []
    for argument in spec["arguments"]:
        repeat = argument.get("repeat")
        in_spec += [argument["name"].format(n=n) for n in range(1, repeat + 1)] if repeat else [argument["name"]]
    assert [arg.name for arg in ARGUMENTS] == in_spec


# --- hyperparameters --------------------------------------------------------------------------------

# Keys and values without a newline: botocore's pattern for both is `.*`, which SageMaker applies too.
line_text = st.characters(codec="utf-8", exclude_characters="\n")
hyperparameter_values = st.one_of(
    st.text(line_text, max_size=2500),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
hyperparameter_maps = st.dictionaries(st.text(line_text, min_size=1, max_size=256), hyperparameter_values, max_size=100)


def as_sent(value: object) -> str:
    """What SageMaker gets: true/false, and an integral number without a fraction (10.0 -> "10")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hyperparameters=hyperparameter_maps)
def test_any_plain_hyperparameters_are_accepted_and_sent_as_text(hyperparameters):
    code, out, err = entrypoint({**BASE, "hyperparameters": hyperparameters})
    assert code == 0, err[-2000:]
    request = json.loads(out)
    if not hyperparameters:
        assert "HyperParameters" not in request  # an empty object means "not set"
        return
    sent = request["HyperParameters"]
    assert set(sent) == set(hyperparameters)  # the dry run prints keys sorted
    for key, value in hyperparameters.items():
        assert isinstance(sent[key], str)
        assert sent[key] == ("****" if SECRET_KEY.search(key) else as_sent(value))


@settings(max_examples=40, deadline=None, database=None)
@given(flags=st.dictionaries(st.text(line_text, min_size=1, max_size=20),
                             st.booleans(), min_size=1, max_size=10))
def test_boolean_hyperparameters_are_sent_as_lowercase_true_false(flags):
    code, out, err = entrypoint({**BASE, "hyperparameters": flags})
    assert code == 0, err[-2000:]
    sent = json.loads(out)["HyperParameters"]
    for key, flag in flags.items():
        assert sent[key] in ("****", "true" if flag else "false")


# --- extremes -----------------------------------------------------------------------------------------

INTEGER_ARGUMENTS = [arg.name for arg in ARGUMENTS if arg.type == "Integer"]
JSON_ARGUMENTS = {arg.name: arg.type for arg in ARGUMENTS if arg.type in ("JsonObject", "JsonArray")}


@EXTREME_SETTINGS
@given(name=st.sampled_from(INTEGER_ARGUMENTS),
       digits=st.integers(4301, 6000).map(lambda n: "9" * n),
       fraction=st.sampled_from(["", ".0"]))
def test_integers_of_any_length_are_accepted_or_rejected_by_name(name, digits, fraction):
    check_accepted_or_named(name, {**BASE, name: digits + fraction})


@EXTREME_SETTINGS
@given(name=st.sampled_from(sorted(JSON_ARGUMENTS)), digits=st.integers(4301, 6000).map(lambda n: "7" * n))
def test_json_numbers_of_any_length_are_accepted_or_rejected_by_name(name, digits):
    text = '{"k": %s}' % digits if JSON_ARGUMENTS[name] == "JsonObject" else "[%s]" % digits
    check_accepted_or_named(name, {**BASE, name: text})


@EXTREME_SETTINGS
@given(name=st.sampled_from(sorted(JSON_ARGUMENTS)), opener=st.sampled_from(["[", '{"a": ']),
       depth=st.integers(1_100, 50_000))
def test_json_nested_to_any_depth_is_accepted_or_rejected_by_name(name, opener, depth):
    check_accepted_or_named(name, {**BASE, name: opener * depth})


@EXTREME_SETTINGS
@given(regex=st.integers(2**32, 10**15).map(lambda n: "a{%d}" % n)
       | st.integers(1_100, 5_000).map(lambda n: "(" * n + ")" * n))
def test_any_metric_regex_is_accepted_or_rejected_by_name(regex):
    check_accepted_or_named("metric_definitions", {**BASE, "metric_definitions": {"loss": regex}})


@EXTREME_SETTINGS
@given(name=st.sampled_from([("channels", "ChannelName"), ("instance_groups", "InstanceGroupName")]),
       value=st.lists(json_scalars, max_size=3) | st.dictionaries(json_keys, json_scalars, max_size=3))
def test_unique_keys_that_are_json_objects_or_lists_do_not_crash(name, value):
    argument, key = name
    check_accepted_or_named(argument, {**BASE, argument: [{key: value}]})
