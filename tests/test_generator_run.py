"""`sagemaker-kfp run COMPONENT --args FILE` checks the argument file as the step checks its
arguments: every problem at once, each named, exit code 2, no traceback, nothing run.

Most cases call generator/argument_file.py directly or the command in-process; two run the real
command in a subprocess (a bad file, and a good one that still runs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from kfp.components import load_component_from_file, load_component_from_text

from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.generator.argument_file import Signature, read_argument_file
from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.runtime.request import checked_request

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "training" / "component.yaml"
REQUIRED = """\
region: us-east-1
role: arn:aws:iam::123456789012:role/SageMakerExecutionRole
image: 382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1
channels: [{ChannelName: train, DataSource: {S3DataSource: {S3Uri: "s3://bucket/train", S3DataType: S3Prefix}}}]
model_artifact_path: s3://bucket/models
"""
GENERIC = """\
name: echo
inputs:
- {name: text, type: String}
- {name: count, type: Integer, default: '3'}
- {name: ratio, type: Float, default: '0.5'}
- {name: loud, type: Bool, default: 'False'}
- {name: config, type: JsonObject, default: '{}'}
- {name: items, type: JsonArray, default: '[]'}
implementation:
  container:
    image: alpine
    command: [echo, {inputValue: text}, {inputValue: count}, {inputValue: ratio}, {inputValue: loud},
              {inputValue: config}, {inputValue: items}]
"""


def check(tmp_path: Path, text: str, signature: Signature | None = None) -> tuple[dict, list[str]]:
    """The file's (arguments, errors), against the training component unless told. The signature is
    built here, in the test, not when the module is imported, so that mutmut sees the test use it."""
    path = tmp_path / "args.yaml"
    path.write_text(text, encoding="utf-8")
    arguments, problems = read_argument_file(path, signature or Signature.of_table(COMPONENT))
    return arguments, problems.errors


def generic() -> Signature:
    return Signature.of_kfp(load_component_from_text(GENERIC), "echo.yaml")


# -- names and types ------------------------------------------------------------------------------


def test_unknown_names_are_named_with_the_closest_ones(tmp_path):
    _, errors = check(tmp_path, REQUIRED + "instnce_type: ml.m5.xlarge\nflavour: vanilla\n")
    assert errors == [
        "instnce_type: is not an argument of the training component; did you mean instance_type or instance_count "
        "or instance_groups?",
        "flavour: is not an argument of the training component; see the arguments in generated/training/README.md",
    ]


def test_at_most_the_three_closest_names_are_suggested(tmp_path):
    """`instance` is close to four arguments (instance_groups the farthest)."""
    _, errors = check(tmp_path, REQUIRED + "instance: 2\n")
    assert errors == ["instance: is not an argument of the training component; did you mean spot_instance or "
                      "instance_type or instance_count?"]


def with_inputs(count: int) -> Signature:
    """A component file with `count` optional String inputs a01, a02, ..."""
    inputs = "".join(f"- {{name: a{n:02}, type: String, default: ''}}\n" for n in range(1, count + 1))
    text = f"name: many\ninputs:\n{inputs}implementation:\n  container: {{image: alpine, command: [step]}}\n"
    return Signature.of_kfp(load_component_from_text(text), "many.yaml")


def test_an_unknown_name_lists_up_to_twelve_arguments_and_points_to_the_file_beyond(tmp_path):
    _, errors = check(tmp_path, "zz: 1\n", with_inputs(12))
    assert errors == ["zz: is not an argument of many.yaml; the arguments are: "
                      "a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12"]
    _, errors = check(tmp_path, "zz: 1\n", with_inputs(13))
    assert errors == ["zz: is not an argument of many.yaml; see the arguments in many.yaml"]


def test_a_name_that_is_not_text_is_named_by_what_yaml_read(tmp_path):
    _, errors = check(tmp_path, REQUIRED + "3: x\n2024-01-01: y\n")
    assert errors == ["3: is the number 3, not an argument name; write the name, in quotes",
                      "2024-01-01: is the date 2024-01-01, not an argument name; write the name, in quotes"]


def test_every_missing_required_argument_is_named_before_the_components_checks(tmp_path):
    _, errors = check(tmp_path, "region: us-east-1\nimage: x\nrole:\ninstance_count: 0\n")
    assert errors == [f"{name}: is required; give a value" for name in ("role", "channels", "model_artifact_path")] + [
        "instance_count: is 0, below the minimum 1; give at least 1"]


WRONG_TYPES = {
    "text for an Integer": ("volume_size: fifty", "volume_size: is the text 'fifty', not an integer; write a whole number such as 30"),
    "a fraction for an Integer": ("instance_count: 2.5", "instance_count: is the number 2.5, not an integer; write a whole number such as 1"),
    "a boolean for an Integer": ("max_run_time: true", "max_run_time: is the boolean true, not an integer; write a whole number such as 86400"),
    "a number for a String": ("job_name: 20240101", "job_name: is the number 20240101, not text; write it in quotes"),
    "text for a Bool": ("dry_run: 'true'", "dry_run: is the text 'true', not a boolean; write true or false"),
    "a list for a JsonObject": ("hyperparameters: [k, 10]", "hyperparameters: is a list, not a mapping; write a mapping such as {key: value}"),
    "a mapping for a JsonArray": ("container_arguments: {epochs: 10}", "container_arguments: is a mapping, not a list; write a list such as [a, b]"),
    "a set for a JsonArray": ("container_arguments: !!set {a, b}", "container_arguments: is a set, not a list; write a list such as [a, b]"),
}


@pytest.mark.parametrize(("line", "error"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_value_of_another_type_is_an_error_never_converted(tmp_path, line, error):
    arguments, errors = check(tmp_path, REQUIRED + line + "\n")
    assert errors == [error]
    assert line.split(":")[0] not in arguments


@pytest.mark.parametrize(("line", "error"), [
    ("ratio: true", "ratio: is the boolean true, not a number; write a number such as 0.5"),
    ("ratio: '0.5'", "ratio: is the text '0.5', not a number; write a number such as 0.5"),
    ("count: false", "count: is the boolean false, not an integer; write a whole number such as 3"),
], ids=["a boolean for a Float", "text for a Float", "a boolean for an Integer of a KFP component"])
def test_a_boolean_or_text_is_no_number_for_a_float_or_integer(tmp_path, line, error):
    """YAML's true is an int to Python; neither it nor quoted digits pass for a number."""
    arguments, errors = check(tmp_path, "text: hi\n" + line + "\n", generic())
    assert errors == [error]
    assert arguments == {"text": "hi"}


def test_values_a_type_takes_unchanged_are_passed_as_that_type(tmp_path):
    arguments, errors = check(tmp_path, "text: hi\ncount: 4.0\nratio: 1\nloud: null\n", generic())
    assert errors == []
    assert arguments == {"text": "hi", "count": 4, "ratio": 1.0}  # null: not given, the default applies
    assert type(arguments["count"]) is int and type(arguments["ratio"]) is float


def test_a_json_value_kfp_can_pass_is_passed_as_written(tmp_path):
    arguments, errors = check(tmp_path, "text: hi\nconfig: {a: 1, b: &b [x, 2.5, true], c: {}, d: *b}\nitems: [{d: e}, 3, []]\n",
                              generic())
    assert errors == []  # an alias that repeats a value elsewhere is fine
    assert arguments == {"text": "hi", "config": {"a": 1, "b": ["x", 2.5, True], "c": {}, "d": ["x", 2.5, True]},
                         "items": [{"d": "e"}, 3, []]}


ONE_BAD_ENTRY = {
    "a key that is not text": ("hyperparameters: {3: x}", "hyperparameters.3: key is the number 3, not text; write the key in quotes"),
    "null in a list": ("container_arguments: [--epochs, null]", "container_arguments[1]: is null, which KFP cannot pass inside a JSON value; leave the entry out"),
    "infinity in a nested list": ("container_arguments: [[.inf]]", "container_arguments[0][0]: is the number inf, not a JSON value; write it in quotes"),
    "a list inside itself": ("container_arguments: &a [x, *a]", "container_arguments[1]: contains itself (a YAML alias inside its own anchor); write the value out"),
    "a mapping inside itself": ("hyperparameters: &h {k: {j: *h}}", "hyperparameters.k.j: contains itself (a YAML alias inside its own anchor); write the value out"),
}


@pytest.mark.parametrize(("line", "error"), ONE_BAD_ENTRY.values(), ids=ONE_BAD_ENTRY.keys())
def test_one_entry_kfp_cannot_pass_keeps_the_whole_value_back(tmp_path, line, error):
    arguments, errors = check(tmp_path, REQUIRED + line + "\n")
    assert errors == [error]
    assert line.split(":")[0] not in arguments


def test_what_kfp_cannot_pass_inside_a_json_value_is_named(tmp_path):
    _, errors = check(tmp_path, REQUIRED + "tags: {since: 2024-01-01, 3: x, owner: null}\n")
    assert errors == [
        "tags.since: is the date 2024-01-01, not a JSON value; write it in quotes",
        "tags.3: key is the number 3, not text; write the key in quotes",
        "tags.owner: is null, which KFP cannot pass inside a JSON value; leave the entry out",
    ]


# -- the file itself ------------------------------------------------------------------------------

YAML_ERRORS = {
    "an unclosed list": ("region: us-east-1\nrole: [a\nimage: x\n", "args.yaml:3: is not valid YAML (while parsing a flow sequence on line 2: expected ',' or ']', but got ':')"),
    "a tab": ("region: us-east-1\nhyperparameters:\n\tk: 10\n", "args.yaml:3: is not valid YAML (found character '\\t' that cannot start any token)"),
    "two documents": ("region: us-east-1\n---\nrole: x\n", "args.yaml:2: is not valid YAML (expected a single document in the stream on line 1: but found another document)"),
    "a control character": ("region: us-east-1\nrole: \x01\nimage: x\n", "args.yaml:2: is not valid YAML (unacceptable character #x0001: special characters are not allowed)"),
    "a control character below a blank line": ("\nrole: \x01\n", "args.yaml:2: is not valid YAML (unacceptable character #x0001: special characters are not allowed)"),
}


@pytest.mark.parametrize(("text", "error"), YAML_ERRORS.values(), ids=YAML_ERRORS.keys())
def test_yaml_errors_name_the_file_and_line(tmp_path, text, error):
    _, errors = check(tmp_path, text)
    assert [e.replace(str(tmp_path / "args.yaml"), "args.yaml") for e in errors] == [f"{error}; fix the YAML syntax"]


def test_a_repeated_key_is_an_error_where_yaml_would_keep_the_last(tmp_path):
    _, errors = check(tmp_path, REQUIRED + "region: us-west-2\nhyperparameters:\n  k: 10\n  k: 12\n")
    path = tmp_path / "args.yaml"
    assert errors == [f"{path}:6: key 'region' appears twice (first on line 1); keep one",
                      f"{path}:9: key 'k' appears twice (first on line 8); keep one"]


def test_a_repeated_key_is_found_inside_a_list_and_once_in_a_mapping_an_alias_reuses(tmp_path):
    _, errors = check(tmp_path, "text: hi\nconfig: &c {a: 1, a: 2}\nitems: [{k: 1, k: 2}, *c]\n", generic())
    path = tmp_path / "args.yaml"
    assert errors == [f"{path}:2: key 'a' appears twice (first on line 2); keep one",
                      f"{path}:3: key 'k' appears twice (first on line 3); keep one"]


def test_merge_keys_are_no_repeated_key(tmp_path):
    """PyYAML merges every `<<` of a mapping: two of them lose nothing."""
    arguments, errors = check(tmp_path, "text: hi\nconfig: {<<: {a: 1}, <<: {b: 2}, c: 3}\n", generic())
    assert errors == []
    assert arguments["config"] == {"a": 1, "b": 2, "c": 3}


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "args.yaml"
    path.write_bytes(b"region: \xff\n")
    _, problems = read_argument_file(path, Signature.of_table(COMPONENT))
    assert problems.errors == [f"{path}: cannot be read ('utf-8' codec can't decode byte 0xff in position 8: invalid "
                               "start byte); give a UTF-8 text file"]


NOT_A_MAPPING = {
    "empty": ("", "is empty"),
    "only comments": ("# region: us-east-1\n", "is empty"),
    "a list": ("- region: us-east-1\n", "holds a list, not a mapping of argument names to values"),
    "text": ("region us-east-1\n", "holds the text 'region us-east-1', not a mapping of argument names to values"),
}


@pytest.mark.parametrize(("text", "problem"), NOT_A_MAPPING.values(), ids=NOT_A_MAPPING.keys())
def test_a_file_that_is_not_a_mapping_says_what_it_is(tmp_path, text, problem):
    assert check(tmp_path, text) == ({}, [f"{tmp_path / 'args.yaml'}: {problem}; write one `name: value` line per argument"])


# -- the component's own checks -------------------------------------------------------------------


def test_the_components_checks_follow_with_the_steps_wording(tmp_path):
    extra = "instance_type: ml.m5.xlarg\ninstance_count: 0\nalgorithm_name: kmeans\n"
    _, errors = check(tmp_path, REQUIRED + extra)
    raw = {"instance_type": "ml.m5.xlarg", "instance_count": "0", "algorithm_name": "kmeans", "region": "us-east-1",
           "role": "arn:aws:iam::123456789012:role/SageMakerExecutionRole", "model_artifact_path": "s3://bucket/models",
           "image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
           "channels": '[{"ChannelName":"train","DataSource":{"S3DataSource":{"S3Uri":"s3://bucket/train","S3DataType":"S3Prefix"}}}]'}
    _, _, step = checked_request(COMPONENT, raw)
    assert errors == step.errors and len(errors) == 3  # the enum, the minimum and exactly_one(image, algorithm_name)


def test_the_hint_for_a_wrong_integer_shows_a_value_of_that_argument():
    """In the step's checks, as in the file's (above): its example, else its default (a size of
    3600 would mislead), else 3600 where its limits allow it, else its minimum."""
    raw = {"volume_size": "fifty", "instance_count": "2.5x", "keep_alive_period": "long", "max_pending_time": "soon",
           "max_retry_attempts": "some"}
    _, _, step = checked_request(COMPONENT, raw, frozenset({"region", "role", "image", "channels", "model_artifact_path"}))
    assert step.errors == ["instance_count: '2.5x' is not an integer; write a whole number such as 1",
                           "volume_size: 'fifty' is not an integer; write a whole number such as 30",
                           "keep_alive_period: 'long' is not an integer; write a whole number such as 3600",
                           "max_pending_time: 'soon' is not an integer; write a whole number such as 7200",
                           "max_retry_attempts: 'some' is not an integer; write a whole number such as 1"]


def test_an_argument_with_a_problem_is_reported_once(tmp_path):
    """The component's checks skip what the file's checks already named (a type, a missing value),
    and the rules that involve it."""
    _, errors = check(tmp_path, "image: x\nalgorithm_name: [kmeans]\ninstance_count: many\n")
    assert [e.split(":")[0] for e in errors] == ["algorithm_name", "instance_count", "region", "role", "channels",
                                                 "model_artifact_path"]


def test_a_component_yaml_of_ours_gets_its_entrypoints_checks(tmp_path):
    signature = Signature.of_kfp(load_component_from_file(str(COMPONENT_YAML)), "component.yaml")
    assert signature.checks is COMPONENT
    _, errors = check(tmp_path, REQUIRED.replace("region: us-east-1", "region: Frankfurt") + "volume_sise: 50\n", signature)
    assert errors == [
        "volume_sise: is not an argument of component.yaml; did you mean volume_size?",
        r"region: 'Frankfurt' does not match the pattern [a-z]{2}(-[a-z]+)+-\d; give a value such as us-east-1",
    ]


NOT_OUR_ENTRYPOINT = {
    "a single program": "[step]",
    "a package of ours, not its entrypoint": "[python3, -m, generated.training]",
    "no entrypoint of ours": "[python3, -m, generated.nosuch.entrypoint]",
}


@pytest.mark.parametrize("command", NOT_OUR_ENTRYPOINT.values(), ids=NOT_OUR_ENTRYPOINT.keys())
def test_a_component_yaml_that_runs_no_entrypoint_of_ours_gets_no_component_checks(tmp_path, command):
    text = f"name: x\ninputs:\n- {{name: region, type: String}}\nimplementation:\n  container: {{image: a, command: {command}}}\n"
    signature = Signature.of_kfp(load_component_from_text(text), "x.yaml")
    assert signature.checks is None
    assert check(tmp_path, "region: Frankfurt\n", signature) == ({"region": "Frankfurt"}, [])


def test_a_compiled_pipeline_is_checked_against_its_parameters(tmp_path):
    from kfp import compiler, dsl

    echo = load_component_from_text(GENERIC)

    def pipeline(text, count=3):
        echo(text=text, count=count)

    pipeline.__annotations__ = {"text": str, "count": int}  # kfp reads types, this module's annotations are text
    compiler.Compiler().compile(dsl.pipeline(name="p")(pipeline), str(tmp_path / "p.yaml"))
    signature = Signature.of_kfp(load_component_from_file(str(tmp_path / "p.yaml")), "p.yaml")
    assert signature.checks is None
    assert check(tmp_path, "txt: hi\ncount: x\n", signature)[1] == [
        "txt: is not an argument of p.yaml; did you mean text?",
        "count: is the text 'x', not an integer; write a whole number such as 3600",
        "text: is required; give a value",
    ]


def test_any_component_yaml_gets_name_type_and_required_checks(tmp_path):
    _, errors = check(tmp_path, "count: 2.5\nratio: half\nloud: 1\nconfig: [a]\nitems: {a: 1}\nshade: red\n", generic())
    assert errors == [
        "count: is the number 2.5, not an integer; write a whole number such as 3",  # its default
        "ratio: is the text 'half', not a number; write a number such as 0.5",
        "loud: is the number 1, not a boolean; write true or false",
        "config: is a list, not a mapping; write a mapping such as {key: value}",
        "items: is a mapping, not a list; write a list such as [a, b]",
        "shade: is not an argument of echo.yaml; the arguments are: text, count, ratio, loud, config, items",
        "text: is required; give a value",
    ]


# -- the command ----------------------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(main, ["run", *args], catch_exceptions=False)


def test_run_of_a_name_that_is_neither_a_spec_nor_a_file_lists_the_specs(tmp_path):
    args = tmp_path / "args.yaml"
    args.write_text(REQUIRED, encoding="utf-8")
    result = invoke("trainin", "--args", str(args))
    assert result.exit_code == 2
    specs = ", ".join(sorted(spec.stem for spec in (ROOT / "specs").glob("*.yaml")))
    assert f"no component file or spec named 'trainin' (did you mean training?); the specs are: {specs}" in result.stderr
    assert "Usage:" in result.stderr and result.stdout == ""


def test_run_of_a_component_yaml_reports_the_files_problems_and_runs_nothing(tmp_path):
    (tmp_path / "echo.yaml").write_text(GENERIC, encoding="utf-8")
    args = tmp_path / "args.yaml"
    args.write_text("text: [hi]\ncont: 3\n", encoding="utf-8")
    result = invoke(str(tmp_path / "echo.yaml"), "--args", str(args))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "error: text: is a list, not text; write it in quotes",
        f"error: cont: is not an argument of {tmp_path / 'echo.yaml'}; did you mean count or config?",
        f"2 problem(s) in {args}; nothing was run.",
    ]


def generator_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sagemaker_kfp_components.generator", "run", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180)


def test_run_names_every_problem_at_once_exits_2_and_sends_nothing(tmp_path):
    args = tmp_path / "args.yaml"
    args.write_text("""\
region: us-east-1
image: 382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1
instnce_type: ml.m5.xlarge
instance_type: ml.m5.xlarg
volume_size: fifty
instance_count: 2.5
max_run_time: true
hyperparameters: [k, 10]
channels: {train: s3://bucket/train}
max_wait_time: 0
model_artifact_path: s3://bucket/models
""", encoding="utf-8")
    result = generator_run("training", "--args", str(args), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "error: instnce_type: is not an argument of the training component; did you mean instance_type or "
        "instance_count or instance_groups?",
        "error: volume_size: is the text 'fifty', not an integer; write a whole number such as 30",
        "error: instance_count: is the number 2.5, not an integer; write a whole number such as 1",
        "error: max_run_time: is the boolean true, not an integer; write a whole number such as 86400",
        "error: hyperparameters: is a list, not a mapping; write a mapping such as {key: value}",
        "error: channels: is a mapping, not a list; write a list such as [a, b]",
        "error: role: is required; give a value",
        "error: instance_type: 'ml.m5.xlarg' is not accepted; did you mean ml.m5.xlarge or ml.m5.4xlarge or "
        "ml.m5.2xlarge?",
        "error: max_wait_time: is 0, below the minimum 1; give at least 1",
        f"9 problem(s) in {args}; nothing was run.",
    ]
    assert result.stdout == ""  # no pipeline compiled, no "$ python3 ..." argv, no emulator started


def test_run_of_a_good_file_runs_with_the_values_as_their_types(tmp_path):
    """3.0 for an Integer and `no` for a Bool reach the step as 3 and false (dry_run: no job)."""
    args = tmp_path / "args.yaml"
    args.write_text(REQUIRED + "volume_size: 40.0\nnetwork_isolation: no\njob_name:\ndry_run: true\n", encoding="utf-8")
    result = generator_run("training", "--args", str(args), "--outputs", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    argv = next(line for line in result.stdout.splitlines() if line.startswith("$ python3 "))
    assert "--volume_size 40 " in argv and "--network_isolation false " in argv and "--job_name '' " in argv
    assert '"VolumeSizeInGB": 40' in result.stdout
