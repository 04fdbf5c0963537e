"""The exact wording of every argument check, in process.

A step that stops with exit code 2 prints one line per problem, `path: problem; hint`: the path
names the argument (and the place inside a JSON value), the problem says what is wrong and the hint
what would be right. These tests pin each check's line, so a change of wording shows up in review.
"""

from __future__ import annotations

import pytest

from sagemaker_kfp_components.runtime.arguments import Arg, Rule
from sagemaker_kfp_components.runtime.validate import (
    DYNAMIC, InvalidArguments, Problems, check_rules, check_value, comma_items, is_set, parse_all,
)
from sagemaker_kfp_components.runtime.values import BadValue, parse, short


def errors_of(arg: Arg, text: str | None) -> list[str]:
    problems = Problems()
    parse_all((arg,), {arg.name: text}, problems)
    return problems.errors


def checked(arg: Arg, value: object) -> Problems:
    problems = Problems()
    check_value(arg, value, problems)
    return problems


# -- parsing the text KFP passes ------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "text", "problem", "hint"), [
    ("Integer", "abc", "'abc' is not an integer", "write a whole number such as 3600"),
    ("Integer", "1.5", "'1.5' is not an integer", "write a whole number such as 3600"),
    ("Integer", "1" * 19, "has 19 digits, too many for any limit", "write a whole number such as 3600"),
    ("Integer", "-" + "1" * 19, "has 20 digits, too many for any limit", "write a whole number such as 3600"),
    ("Float", "abc", "'abc' is not a number", "write a number such as 0.5"),
    ("Float", "inf", "'inf' is not a finite number", "write a number such as 0.5"),
    ("Float", "-inf", "'-inf' is not a finite number", "write a number such as 0.5"),
    ("Bool", "yes", "'yes' is not a boolean", "write true or false"),
    ("JsonObject", '{"a": 1', "is not valid JSON (Expecting ',' delimiter at character 7)",
     'write a JSON object such as {"key": "value"}'),
    ("JsonObject", '{"a": NaN}', "is not valid JSON (NaN is not a JSON number)",
     'write a JSON object such as {"key": "value"}'),
    ("JsonObject", '{"a": 1, "b": 2, "a": 3}', "is not valid JSON (key 'a' appears twice)",
     'write a JSON object such as {"key": "value"}'),
    ("JsonObject", "[1]", "is JSON list, not a JSON object", 'write a JSON object such as {"key": "value"}'),
    ("JsonArray", "{}", "is JSON dict, not a JSON array", 'write a JSON array such as [{"key": "value"}]'),
    ("JsonArray", "[1,", "is not valid JSON (Expecting value at character 3)",
     'write a JSON array such as [{"key": "value"}]'),
    ("JsonArray", "[Infinity]", "is not valid JSON (Infinity is not a JSON number)",
     'write a JSON array such as [{"key": "value"}]'),
])
def test_bad_text_names_the_problem_and_what_to_write(kind, text, problem, hint):
    with pytest.raises(BadValue) as raised:
        parse(kind, text)
    assert (raised.value.problem, raised.value.hint) == (problem, hint)
    assert str(raised.value) == problem


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("Integer", " 12 ", 12),  # blanks around a number, as a pipeline parameter may hold
    ("Integer", "+7", 7),
    ("Integer", "3.00", 3),
    ("Integer", "1" * 18, int("1" * 18)),  # the most digits accepted
    ("Integer", "-" + "1" * 18, -int("1" * 18)),  # a sign is no digit
    ("Bool", " True ", True),
    ("Bool", "false", False),
    ("JsonObject", '{"a": {"b": [1, 2.5]}}', {"a": {"b": [1, 2.5]}}),
])
def test_text_that_is_a_value(kind, text, value):
    parsed = parse(kind, text)
    assert parsed == value and type(parsed) is type(value)


def test_long_reasons_are_cut_at_100_characters():
    key = "k" * 200
    with pytest.raises(BadValue) as raised:
        parse("JsonObject", f'{{"{key}": 1, "{key}": 2}}')
    assert raised.value.problem == f"is not valid JSON ({f'key {key!r} appears twice'[:100]})"
    name = "a-" * 60
    metrics = Arg("metric_definitions", "JsonObject", convert="name_regex_list", value_regex=True)
    (line,) = checked(metrics, {"loss": f"(?P<{name}>x)"}).errors
    assert line == (f"metric_definitions.loss: is not a valid regular expression "
                    f"({f'bad character in group name {name!r} at position 4'[:100]}); fix the expression")


def test_absurdly_nested_json_is_an_error_not_a_crash():
    with pytest.raises(BadValue) as raised:
        parse("JsonArray", "[" * 100_000 + "]" * 100_000)
    assert raised.value.problem.startswith("is not valid JSON (")
    assert len(raised.value.problem) <= len("is not valid JSON ()") + 100


def test_quoted_text_is_cut_at_80_characters():
    assert short("x" * 80) == repr("x" * 80)
    assert short("x" * 81) == repr("x" * 77 + "...")
    assert errors_of(Arg("n", "Integer"), "y" * 100) == [f"n: {repr('y' * 77 + '...')} is not an integer; write a whole number such as 3600"]


# -- set, unset, required ------------------------------------------------------------------------

def test_what_counts_as_set():
    assert [is_set(v) for v in (None, "", {}, [])] == [False] * 4
    assert [is_set(v) for v in (0, 0.0, False, "x", {"a": 1}, [0])] == [True] * 6


def test_required_arguments_missing_or_empty():
    assert errors_of(Arg("role", "String", required=True), None) == ["role: is required; give a value"]
    assert errors_of(Arg("role", "String", required=True), "") == ["role: is required but empty; give a value"]
    assert errors_of(Arg("role", "String"), None) == []


def test_unset_optional_arguments_take_their_default_and_the_unset_value_means_not_set():
    table = (Arg("a", "Integer", default=5), Arg("b", "String", default="x"),
             Arg("c", "Integer", default=None, unset=0, minimum=1), Arg("d", "Bool", unset=False, default=None),
             Arg("e", "Integer", unset=0, minimum=1), Arg("f", "Integer", unset=-1, default=60, minimum=0))
    problems = Problems()
    values = parse_all(table, {"a": "", "b": None, "c": "0", "d": "False", "e": "3", "f": "-1"}, problems)
    assert values == {"a": 5, "b": "x", "c": None, "d": None, "e": 3, "f": 60}
    assert problems.errors == []


def test_a_bad_value_becomes_none_and_stops_that_arguments_checks_only():
    table = (Arg("n", "Integer", minimum=10), Arg("m", "Integer", minimum=10))
    problems = Problems()
    values = parse_all(table, {"n": "x", "m": "3"}, problems)
    assert values == {"n": None, "m": 3}
    assert problems.errors == ["n: 'x' is not an integer; write a whole number such as 3600",
                               "m: is 3, below the minimum 10; give at least 10"]
    assert problems.arguments == {"n", "m"}


def test_dynamic_arguments_are_not_checked():
    problems = Problems()
    values = parse_all((Arg("n", "Integer", required=True), Arg("m", "Integer")), {"m": "2"}, problems, frozenset({"n"}))
    assert values == {"n": DYNAMIC, "m": 2} and problems.errors == []
    assert repr(DYNAMIC) == "<set at run time>"


def test_a_placeholder_kfp_did_not_substitute_is_named():
    text = "s3://bucket/{{$.inputs.parameters['pipelinechannel--prefix']}}/data"
    problems = Problems()
    values = parse_all((Arg("model_artifact_path", "String"),), {"model_artifact_path": text}, problems)
    assert values == {"model_artifact_path": None}
    assert problems.errors == [
        "model_artifact_path: holds {{$.inputs.parameters['pipelinechannel--prefix']}}, which KFP did not substitute; "
        "backends before 2.17.0 do not substitute a pipeline parameter or task output inside a longer value: "
        "pass it as the whole value (data_location_N feeds a channel)"]


# -- text -----------------------------------------------------------------------------------------

def test_text_lengths():
    arg = Arg("job_name", "String", min_length=2, max_length=4)
    assert checked(arg, "x").errors == ["job_name: has 1 characters, fewer than 2; give at least 2 characters"]
    assert checked(arg, "xxxxx").errors == ["job_name: has 5 characters, more than 4; give at most 4 characters"]
    assert checked(arg, "xx").errors == checked(arg, "xxxx").errors == []


def test_a_value_not_accepted_suggests_close_ones_or_lists_a_short_list():
    mode = Arg("training_input_mode", "String", enum=("File", "Pipe", "FastFile"))
    assert checked(mode, "Fil").errors == ["training_input_mode: 'Fil' is not accepted; did you mean File?"]
    assert checked(mode, "Stream").errors == ["training_input_mode: 'Stream' is not accepted; use one of: File, Pipe, FastFile"]
    assert checked(mode, "File").errors == []
    # Close matches: at most three, best first.
    words = Arg("word", "String", enum=("tr", "train", "trainin", "training"))
    assert checked(words, "trainingx").errors == ["word: 'trainingx' is not accepted; did you mean training or trainin or train?"]
    four_close = Arg("size", "String", enum=("aaaa", "aaab", "aaac", "aaad"))
    (line,) = checked(four_close, "aaa").errors
    assert line.startswith("size: 'aaa' is not accepted; did you mean ") and line.count(" or ") == 2


def test_a_long_list_of_accepted_values_is_left_to_the_readme():
    twelve = Arg("x", "String", enum=tuple(f"v{i:02}" for i in range(12)))
    assert checked(twelve, "zzz").errors == ["x: 'zzz' is not accepted; use one of: " + ", ".join(twelve.enum)]
    thirteen = Arg("x", "String", enum=tuple(f"v{i:02}" for i in range(13)))
    assert checked(thirteen, "zzz").errors == ["x: 'zzz' is not accepted; see the accepted values in the README"]


INSTANCE_TYPE = Arg("instance_type", "String", enum=("ml.m5.xlarge", "ml.p5.48xlarge"), open_enum=True,
                    pattern=r"ml\.[a-z0-9]+\.[a-z0-9]+")


def test_a_new_instance_type_passes_with_a_warning_and_a_typo_does_not():
    new = checked(INSTANCE_TYPE, "ml.p6.48xlarge")
    assert new.errors == [] and new.arguments == {"instance_type"}
    assert new.warnings == ["instance_type: 'ml.p6.48xlarge' is not in this component's list; passing it on, SageMaker will check it"]
    assert checked(INSTANCE_TYPE, "ml.m5.xlarg").errors == ["instance_type: 'ml.m5.xlarg' is not accepted; did you mean ml.m5.xlarge or ml.p5.48xlarge?"]
    # A known size but not of the pattern's form; a closed list takes no new value at all.
    assert checked(INSTANCE_TYPE, "ml.p6-48.xlarge").errors[0].startswith("instance_type: 'ml.p6-48.xlarge' is not accepted; ")
    closed = Arg("instance_type", "String", enum=INSTANCE_TYPE.enum, pattern=INSTANCE_TYPE.pattern)
    assert checked(closed, "ml.p6.48xlarge").errors == [
        "instance_type: 'ml.p6.48xlarge' is not accepted; did you mean ml.p5.48xlarge or ml.m5.xlarge?"]
    # Values without a dot: the whole value is its last part.
    dotless = Arg("instance_type", "String", enum=("ml.m5.xlarge", "local"), open_enum=True, pattern="[a-z0-9.]+")
    assert checked(dotless, "xlarge").warnings == [
        "instance_type: 'xlarge' is not in this component's list; passing it on, SageMaker will check it"]
    open_without_pattern = Arg("instance_type", "String", enum=INSTANCE_TYPE.enum, open_enum=True)
    assert checked(open_without_pattern, "ml.p6.48xlarge").warnings == []


def test_a_value_that_does_not_match_the_pattern():
    with_example = Arg("role", "String", pattern=r"arn:aws:iam::\d{12}:role/.+", example="arn:aws:iam::123456789012:role/r")
    assert checked(with_example, "my-role").errors == [
        r"role: 'my-role' does not match the pattern arn:aws:iam::\d{12}:role/.+; give a value such as arn:aws:iam::123456789012:role/r"]
    assert checked(with_example, "xarn:aws:iam::123456789012:role/r").errors != []  # the whole value must match
    without = Arg("code", "String", pattern="[a-z]+")
    assert checked(without, "ABC").errors == ["code: 'ABC' does not match the pattern [a-z]+; correct the value"]
    assert checked(without, "abc").errors == []


def test_an_algorithm_name_close_to_a_builtin_one():
    algorithm = Arg("algorithm_name", "String", builtin_image_for="image", pattern=r"[a-zA-Z0-9:/.-]+", min_length=8)
    assert checked(algorithm, "kmeans").errors == []  # a built-in's name skips the checks (it becomes an image)
    near = checked(algorithm, "kmens-x")
    assert near.errors == ["algorithm_name: has 7 characters, fewer than 8; give at least 8 characters"]
    assert near.warnings == [
        "algorithm_name: 'kmens-x' is no built-in algorithm, so it names an algorithm resource; did you mean kmeans or k-means?"]
    near = checked(algorithm, "kmeanss!")
    assert near.warnings == [] and near.errors == [
        "algorithm_name: 'kmeanss!' does not match the pattern [a-zA-Z0-9:/.-]+; did you mean kmeans or k-means?"]
    resource = checked(algorithm, "kmeanss1")
    assert resource.errors == [] and resource.warnings == [
        "algorithm_name: 'kmeanss1' is no built-in algorithm, so it names an algorithm resource; did you mean kmeans or k-means?"]
    assert checked(algorithm, "my-own-algorithm").warnings == []
    # Without builtin_image_for, a name is just text.
    plain = Arg("algorithm_name", "String", pattern=r"[a-z]+")
    assert checked(plain, "kmeanss").warnings == [] and checked(plain, "kmeans!").errors[0].endswith("; correct the value")


# -- comma-separated text -------------------------------------------------------------------------

def test_comma_separated_items():
    assert comma_items(" sg-1 , ,sg-2,") == ["sg-1", "sg-2"]
    groups = Arg("vpc_security_group_ids", "String", convert="comma_list", max_entries=2, min_entries=1,
                 item_pattern="sg-[0-9a-f]+", item_max_length=6)
    assert checked(groups, "sg-1,sg-2").errors == []
    assert checked(groups, "sg-1,sg-2,sg-3").errors == ["vpc_security_group_ids: has 3 entries, more than 2; give at most 2"]
    assert checked(groups, " , ").errors == ["vpc_security_group_ids: has 0 entries, fewer than 1; give at least 1"]
    assert checked(groups, "sg-1,subnet-1").errors == [
        "vpc_security_group_ids: 'subnet-1' does not match sg-[0-9a-f]+; give comma-separated IDs"]
    assert checked(groups, "sg-123456").errors == [
        "vpc_security_group_ids: 'sg-123456' is longer than 6 characters; give comma-separated IDs"]
    tuning = Arg("warm_start_parents", "String", convert="tuning_job_names", max_entries=1)
    assert checked(tuning, "a,b").errors == ["warm_start_parents: has 2 entries, more than 1; give at most 1"]
    plain = Arg("text", "String", max_entries=1, item_pattern="x")
    assert checked(plain, "a,b").errors == []  # not a comma list: no item checks


# -- numbers --------------------------------------------------------------------------------------

def test_numbers_below_or_above_their_limits():
    seconds = Arg("max_run_time", "Integer", minimum=1, maximum=2419200.0)
    assert checked(seconds, 0).errors == ["max_run_time: is 0, below the minimum 1; give at least 1"]
    assert checked(seconds, 2419201).errors == [
        "max_run_time: is 2419201, above the maximum 2419200; give at most 2419200"]
    assert checked(seconds, 1).errors == checked(seconds, 2419200).errors == []
    ratio = Arg("ratio", "Float", minimum=0.5, maximum=1.5)
    assert checked(ratio, 0.25).errors == ["ratio: is 0.25, below the minimum 0.5; give at least 0.5"]
    assert checked(ratio, 1.75).errors == ["ratio: is 1.75, above the maximum 1.5; give at most 1.5"]
    assert checked(ratio, 0.5).errors == checked(ratio, 1.5).errors == []
    assert checked(Arg("flag", "Bool", minimum=1), False).errors == []  # a boolean is no number


# -- JSON objects and arrays ----------------------------------------------------------------------

def test_entry_counts_of_objects_and_arrays():
    tags = Arg("tags", "JsonObject", max_entries=2)
    assert checked(tags, {"a": "1", "b": "2", "c": "3"}).errors == ["tags: has 3 entries, more than 2; give at most 2"]
    channels = Arg("channels", "JsonArray", min_entries=1, max_entries=2)
    assert checked(channels, []).errors == ["channels: has 0 entries, fewer than 1; give at least 1"]
    assert checked(channels, [{}, {}, {}]).errors == ["channels: has 3 entries, more than 2; give at most 2"]
    assert checked(channels, [{}, {}]).errors == []


def test_entries_of_a_string_map():
    hyper = Arg("hyperparameters", "JsonObject", convert="string_map", key_max_length=5, value_max_length=3)
    assert checked(hyper, {"": "1"}).errors == ["hyperparameters[empty key]: has an empty key; name every entry"]
    assert checked(hyper, {"abcdef": "1"}).errors == ["hyperparameters.abcdef: key has 6 characters, more than 5; shorten the key"]
    assert checked(hyper, {"abcde": "1234"}).errors == ["hyperparameters.abcde: value has 4 characters, more than 3; shorten the value"]
    assert checked(hyper, {"a": [1]}).errors == ["hyperparameters.a: is list, not text, a number or a boolean; give a plain value"]
    assert checked(hyper, {"a": None}).errors == ["hyperparameters.a: is NoneType, not text, a number or a boolean; give a plain value"]
    # Plain values are checked as the text SageMaker gets: true is 4 characters, 10.0 is "10".
    assert checked(hyper, {"a": True}).errors == ["hyperparameters.a: value has 4 characters, more than 3; shorten the value"]
    assert checked(hyper, {"a": 100.0, "b": 1, "c": "abc", "d": False}).errors == [
        "hyperparameters.d: value has 5 characters, more than 3; shorten the value"]
    assert checked(hyper, {"abcde": "123"}).errors == []
    assert checked(hyper, {"abcde": "123"}).arguments == set()


def test_entries_of_a_key_value_list():
    tags = Arg("tags", "JsonObject", convert="key_value_list", value_max_length=2)
    assert checked(tags, {"team": {"x": 1}}).errors == ["tags.team: is dict, not text, a number or a boolean; give a plain value"]
    assert checked(tags, {"team": 123}).errors == ["tags.team: value has 3 characters, more than 2; shorten the value"]


def test_entries_that_are_regular_expressions():
    metrics = Arg("metric_definitions", "JsonObject", convert="name_regex_list", value_regex=True)
    assert checked(metrics, {"loss": "loss=([0-9.]+)"}).errors == []
    assert checked(metrics, {"loss": 3}).errors == ["metric_definitions.loss: is int, not a string; give a regular expression as a string"]
    assert checked(metrics, {"loss": "loss=([0-9.]+"}).errors == [
        "metric_definitions.loss: is not a valid regular expression (missing ), unterminated subpattern at position 5); "
        "fix the expression"]
    long = Arg("metric_definitions", "JsonObject", convert="name_regex_list", value_regex=True, value_max_length=3)
    assert checked(long, {"loss": "(((("}).errors == [
        "metric_definitions.loss: value has 4 characters, more than 3; shorten the value"]
    plain = Arg("environment", "JsonObject", value_max_length=3)
    assert checked(plain, {"A": "(((("}).errors == ["environment.A: value has 4 characters, more than 3; shorten the value"]
    assert checked(Arg("environment", "JsonObject"), {"A": "(((("}).errors == []


def test_entries_that_must_be_unique():
    channels = Arg("channels", "JsonArray", unique_key="ChannelName")
    value = [{"ChannelName": 3}, "text", {}, {"ChannelName": "train"}, {"ChannelName": "test"}, {"ChannelName": "train"},
             {"ChannelName": "train"}]
    assert checked(channels, value).errors == [
        "channels[5].ChannelName: 'train' repeats channels[3]; give each entry a unique ChannelName",
        "channels[6].ChannelName: 'train' repeats channels[3]; give each entry a unique ChannelName",
    ]
    assert checked(Arg("channels", "JsonArray"), value).errors == []


# -- rules across arguments -----------------------------------------------------------------------

def rule_errors(rule: Rule, values: dict) -> list[str]:
    problems = Problems()
    check_rules((rule,), values, problems)
    return problems.errors


EXACTLY_ONE = Rule("exactly_one", ("image", "algorithm_name"))


def test_exactly_one_of_two_or_more():
    assert rule_errors(EXACTLY_ONE, {"image": None, "algorithm_name": ""}) == [
        "image: is not given, nor is algorithm_name; give exactly one of image and algorithm_name"]
    assert rule_errors(EXACTLY_ONE, {"image": "i", "algorithm_name": "a"}) == [
        "image: is given with algorithm_name; give exactly one of image and algorithm_name"]
    assert rule_errors(EXACTLY_ONE, {"image": "i", "algorithm_name": None}) == []
    assert rule_errors(EXACTLY_ONE, {"image": None, "algorithm_name": "a"}) == []
    three = Rule("exactly_one", ("a", "b", "c"))
    assert rule_errors(three, {}) == ["a: is not given, nor is b or c; give exactly one of a, b and c"]
    assert rule_errors(three, {"a": 1, "b": 2, "c": 3}) == ["a: is given with b and c; give exactly one of a, b and c"]
    assert rule_errors(three, {"b": 2, "c": 3}) == ["b: is given with c; give exactly one of a, b and c"]


def test_arguments_that_go_together():
    rule = Rule("together", ("vpc_security_group_ids", "vpc_subnets"))
    assert rule_errors(rule, {"vpc_security_group_ids": "sg-1"}) == [
        "vpc_security_group_ids: is given without vpc_subnets; give both or neither"]
    assert rule_errors(rule, {"vpc_subnets": "subnet-1"}) == [
        "vpc_subnets: is given without vpc_security_group_ids; give both or neither"]
    assert rule_errors(rule, {}) == rule_errors(rule, {"vpc_security_group_ids": "sg", "vpc_subnets": "s"}) == []
    assert rule_errors(Rule("together", ("a", "b", "c")), {"b": 1}) == [
        "b: is given without a and c; give all of a, b and c or none"]


def test_one_not_less_than_another_when_a_flag_is_on():
    rule = Rule("not_less", ("max_wait_time", "max_run_time"), when="spot_instance")
    values = {"max_wait_time": 100, "max_run_time": 200, "spot_instance": True}
    assert rule_errors(rule, values) == [
        "max_wait_time: is 100, less than max_run_time (200) while spot_instance is true; "
        "raise max_wait_time or lower max_run_time"]
    assert rule_errors(rule, {**values, "spot_instance": False}) == []
    assert rule_errors(rule, {**values, "max_wait_time": 200}) == []
    assert rule_errors(rule, {**values, "max_wait_time": None}) == []  # the other rules say what is missing
    assert rule_errors(Rule("not_less", ("a", "b")), {"a": 1, "b": 2}) == ["a: is 1, less than b (2); raise a or lower b"]


def test_one_argument_requires_another():
    rule = Rule("requires", ("metric_definitions", "image"))
    assert rule_errors(rule, {"metric_definitions": {"loss": "x"}, "image": None}) == [
        "metric_definitions: needs image; give image or leave metric_definitions out"]
    assert rule_errors(rule, {"metric_definitions": {}, "image": None}) == []
    assert rule_errors(rule, {"metric_definitions": {"loss": "x"}, "image": "i"}) == []


def test_one_argument_excludes_others():
    rule = Rule("excludes", ("tuning_resource_config", "resource_encryption_key", "keep_alive_period"))
    assert rule_errors(rule, {"tuning_resource_config": {"InstanceConfigs": []}, "resource_encryption_key": "k"}) == [
        "tuning_resource_config: is given with resource_encryption_key; "
        "leave out tuning_resource_config, or leave out resource_encryption_key"]
    assert rule_errors(rule, {"tuning_resource_config": {"x": 1}, "resource_encryption_key": "k", "keep_alive_period": 60}) == [
        "tuning_resource_config: is given with resource_encryption_key and keep_alive_period; "
        "leave out tuning_resource_config, or leave out resource_encryption_key and keep_alive_period"]
    assert rule_errors(rule, {"tuning_resource_config": {}, "resource_encryption_key": "k"}) == []  # {}: not set
    assert rule_errors(rule, {"resource_encryption_key": "k", "keep_alive_period": 60}) == []


@pytest.mark.parametrize("rule", [Rule("exactly_one", ("a", "b", "c")), Rule("together", ("a", "b", "c")),
                                  Rule("not_less", ("a", "b")), Rule("requires", ("a", "b")),
                                  Rule("excludes", ("a", "b", "c"))], ids=lambda r: r.kind)
@pytest.mark.parametrize("given", [{}, {"a": 1}, {"b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}], ids=str)
def test_a_broken_rule_names_each_argument_once(rule, given):
    """`a: a needs b` says `a` twice; every kind of rule names its argument at the start only."""
    for error in rule_errors(rule, given):
        argument, sentence = error.split(": ", 1)
        assert argument in rule.arguments and argument not in sentence.split(";")[0].replace(",", " ").split(), error


def test_rules_about_values_known_only_at_run_time_are_left_to_the_step():
    assert rule_errors(EXACTLY_ONE, {"image": DYNAMIC, "algorithm_name": "a"}) == []
    rule = Rule("not_less", ("max_wait_time", "max_run_time"), when="spot_instance")
    assert rule_errors(rule, {"max_wait_time": 1, "max_run_time": 2, "spot_instance": DYNAMIC}) == []
    problems = Problems()
    check_rules((EXACTLY_ONE, Rule("together", ("a", "b"))), {"image": DYNAMIC, "a": "x"}, problems)
    assert problems.errors == ["a: is given without b; give both or neither"]


def test_every_problem_is_reported_at_once_in_the_order_found():
    problems = Problems()
    problems.add("channels[1].ChannelName", "is required in Channel", "add it")
    problems.warn("tags.team", "something to know")
    problems.add("role", "is required", "give a value")
    assert problems.errors == ["channels[1].ChannelName: is required in Channel; add it", "role: is required; give a value"]
    assert problems.warnings == ["tags.team: something to know"]
    assert problems.arguments == {"channels", "tags", "role"}
    assert problems.invalid == {"channels", "role"}  # a warning alone makes no argument invalid
    raised = InvalidArguments("training", problems)
    assert raised.problems is problems
    assert str(raised) == ("2 invalid argument(s) for the training component:\n"
                           "  channels[1].ChannelName: is required in Channel; add it\n"
                           "  role: is required; give a value")
