"""The command line each KFP backend line gives a task's container, resolved in process from a small
compiled pipeline written out by hand (the IR's shape as kfp 2.x compiles it).

What each line does is in generator/backends.py's profile docstrings, with the Go sources they
follow; these tests pin it on one task that holds every kind of input: a constant, KFP's identity
placeholder, a pipeline parameter inside a longer constant, a task output, an input left to its
default and an optional one behind IfPresent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagemaker_kfp_components.generator.backends import (
    BACKENDS, Run, TaskFailed, driver_text, go_format_f, go_format_g, go_json, kfp_v1_text, launcher_text,
)

OUT = Path("/outputs")


def placeholder(name: str) -> str:
    return f"{{{{$.inputs.parameters['{name}']}}}}"


def ir(args: list[str]) -> dict:
    """A one-task pipeline: task `train` of component `comp-train`, after a task `prep`."""
    constant = lambda value: {"runtimeValue": {"constant": value}}  # noqa: E731
    return {
        "root": {
            "dag": {"tasks": {"train": {"componentRef": {"name": "comp-train"}, "inputs": {"parameters": {
                "job": constant("{{$.pipeline_job_uuid}}"),
                "task": constant("{{$.pipeline_task_name}}"),
                "run": constant("{{$.pipeline_job_name}}"),
                "dag": constant("{{$.pipeline_task_uuid}}"),
                "path": constant(f"s3://{placeholder('pipelinechannel--bucket')}/data"),
                "pipelinechannel--bucket": {"componentInputParameter": "bucket"},
                "count": constant(2.0),
                "ratio": constant(0.5),
                "flag": constant(True),
                "config": constant({"b": 1, "a": "x<y"}),
                "previous": {"taskOutputParameter": {"producerTask": "prep", "outputParameterKey": "out"}},
            }}}}},
            "inputDefinitions": {"parameters": {"bucket": {"parameterType": "STRING", "defaultValue": "default-bucket"}}},
        },
        "components": {"comp-train": {
            "executorLabel": "exec-train",
            "inputDefinitions": {"parameters": {
                "job": {"parameterType": "STRING"}, "task": {"parameterType": "STRING"},
                "run": {"parameterType": "STRING"}, "dag": {"parameterType": "STRING"},
                "path": {"parameterType": "STRING"}, "pipelinechannel--bucket": {"parameterType": "STRING"},
                "count": {"parameterType": "NUMBER_INTEGER"}, "ratio": {"parameterType": "NUMBER_DOUBLE"},
                "flag": {"parameterType": "BOOLEAN"}, "config": {"parameterType": "STRUCT"},
                "previous": {"parameterType": "STRING"},
                "size": {"parameterType": "NUMBER_INTEGER", "defaultValue": 30.0},
                "optional": {"parameterType": "STRING", "isOptional": True},
            }},
            "outputDefinitions": {"parameters": {"job_name": {"parameterType": "STRING"}}},
        }},
        "deploymentSpec": {"executors": {"exec-train": {"container": {"command": ["python3", "-m", "step"], "args": args}}}},
    }


ARGS = [*(part for name in ("job", "task", "path", "count", "ratio", "flag", "config", "previous", "size")
          for part in (f"--{name}", placeholder(name))),
        "--job_name_output", "{{$.outputs.parameters['job_name'].output_file}}"]
RUN = Run(pipeline_arguments={"bucket": "my-bucket"}, upstream={("prep", "out"): "from-prep"},
          job_uuid="uuid-1", job_name="run-1", dag_execution_id="77")


def resolve(backend: str, args: list[str] = ARGS, run: Run = RUN) -> list[str]:
    resolved = BACKENDS[backend].command_line(ir(args), "train", run, OUT)
    assert resolved.output_files == {"job_name": OUT / "job_name"}
    command, rest = resolved.argv[:3], resolved.argv[3:]
    assert command == ["python3", "-m", "step"]
    return rest


def as_dict(argv: list[str]) -> dict[str, str]:
    return dict(zip(argv[::2], argv[1::2]))


UNSUBSTITUTED = f"s3://{placeholder('pipelinechannel--bucket')}/data"


def test_kfp_2_0_to_2_4_fills_defaults_and_leaves_placeholders_in_constants():
    assert as_dict(resolve("2.0-2.4")) == {
        "--job": "{{$.pipeline_job_uuid}}", "--task": "{{$.pipeline_task_name}}", "--path": UNSUBSTITUTED,
        "--count": "2", "--ratio": "0.5", "--flag": "true", "--config": '{"a":"x\\u003cy","b":1}',
        "--previous": "from-prep", "--size": "30", "--job_name_output": "/outputs/job_name"}


@pytest.mark.parametrize("backend", ["2.5.0", "2.14-2.16"])
def test_kfp_2_5_to_2_16_resolves_kfps_identity_of_the_task(backend):
    resolved = as_dict(resolve(backend))
    assert resolved["--job"] == "uuid-1" and resolved["--task"] == "train"
    assert resolved["--path"] == UNSUBSTITUTED and resolved["--size"] == "30"


def test_kfp_2_5_on_resolves_every_identity_placeholder_given_whole_and_2_0_to_2_4_none():
    args = [*(part for name in ("job", "task", "run", "dag") for part in (f"--{name}", placeholder(name))),
            "--job_name_output", "{{$.outputs.parameters['job_name'].output_file}}"]
    # The run's UUID and name, the task's name, and the parent DAG's execution ID.
    resolved = ["--job", "uuid-1", "--task", "train", "--run", "run-1", "--dag", "77", "--job_name_output", "/outputs/job_name"]
    for backend in ("2.5.0", "2.14-2.16", "2.17.0"):
        assert resolve(backend, args) == resolved, backend
    literal = as_dict(resolve("2.0-2.4", args))
    assert (literal["--run"], literal["--dag"]) == ("{{$.pipeline_job_name}}", "{{$.pipeline_task_uuid}}")


def test_a_container_without_a_command_is_given_its_args_alone():
    # The image's entrypoint runs them.
    pipeline = ir(["--count", placeholder("count")])
    del pipeline["deploymentSpec"]["executors"]["exec-train"]["container"]["command"]
    for backend in ("2.0-2.4", "2.17.0", "kfp-v1"):
        assert BACKENDS[backend].command_line(pipeline, "train", RUN, OUT).argv == ["--count", "2"], backend


def test_kfp_2_17_fails_a_task_that_leaves_out_an_input_with_a_default():
    with pytest.raises(TaskFailed) as raised:
        resolve("2.17.0")
    assert str(raised.value) == ('failed to resolve container args: failed to resolve input parameters: '
                                 'parameter "size" not found in executor input')
    resolved = as_dict(resolve("2.17.0", ARGS[:-4] + ARGS[-2:]))
    assert resolved == {
        "--job": "uuid-1", "--task": "train", "--path": "s3://my-bucket/data", "--count": "2", "--ratio": "0.5",
        "--flag": "true", "--config": '{"a":"x\\u003cy","b":1}', "--previous": "from-prep",
        "--job_name_output": "/outputs/job_name"}


def test_kfp_2_17_names_the_part_of_the_container_that_failed():
    # The driver resolves the command, then the args; an IfPresent branch fails as a condition.
    pipeline = ir(["--count", placeholder("count")])
    pipeline["deploymentSpec"]["executors"]["exec-train"]["container"]["command"] = ["step", placeholder("size")]
    with pytest.raises(TaskFailed, match=r'^failed to resolve container command: failed to resolve input parameters: '
                                         r'parameter "size" not found in executor input$'):
        BACKENDS["2.17.0"].command_line(pipeline, "train", RUN, OUT)
    clause = json.dumps({"IfPresent": {"InputName": "count", "Then": ["--size", placeholder("size")]}})
    with pytest.raises(TaskFailed, match=r'^failed to resolve container args: failed to resolve condition: '
                                         r'parameter "size" not found in executor input$'):
        BACKENDS["2.17.0"].command_line(ir([clause]), "train", RUN, OUT)


def test_a_pipeline_parameter_not_given_takes_the_pipelines_default():
    resolved = as_dict(resolve("2.17.0", ARGS[:-4] + ARGS[-2:], Run(upstream=RUN.upstream)))
    assert resolved["--path"] == "s3://default-bucket/data"


def test_kfp_2_5_0_gives_the_display_name_as_the_task_name_and_later_lines_the_tasks_own():
    pipeline = ir(ARGS)
    pipeline["root"]["dag"]["tasks"]["train"]["taskInfo"] = {"name": "Train the model"}
    names = {backend: as_dict(BACKENDS[backend].command_line(pipeline, "train", RUN, OUT).argv[3:])["--task"]
             for backend in ("2.0-2.4", "2.5.0", "2.14-2.16")}
    assert names == {"2.0-2.4": "{{$.pipeline_task_name}}", "2.5.0": "Train the model", "2.14-2.16": "train"}


def test_from_2_14_the_launcher_substitutes_nothing_in_the_first_element():
    output = "{{$.outputs.parameters['job_name'].output_file}}"
    rest = ["--count", placeholder("count")]

    def first(backend: str, args: list[str]) -> str:
        pipeline = ir(args)
        del pipeline["deploymentSpec"]["executors"]["exec-train"]["container"]["command"]
        argv = BACKENDS[backend].command_line(pipeline, "train", RUN, OUT).argv
        assert argv[1:] == ["--count", "2"], backend
        return argv[0]

    # 2.17.0's driver resolves the inputs in it; the launcher's pass is left with the outputs.
    assert {backend: (first(backend, [placeholder("count"), *rest]), first(backend, [output, *rest]))
            for backend in ("2.0-2.4", "2.5.0", "2.14-2.16", "2.17.0")} == {
        "2.0-2.4": ("2", "/outputs/job_name"), "2.5.0": ("2", "/outputs/job_name"),
        "2.14-2.16": (placeholder("count"), output), "2.17.0": ("2", output)}


def test_a_pipeline_input_given_no_value_fails_up_to_2_4_and_is_left_out_from_2_5_when_optional():
    pipeline = ir(ARGS)
    pipeline["root"]["inputDefinitions"]["parameters"]["maybe"] = {"parameterType": "NUMBER_INTEGER", "isOptional": True}
    pipeline["root"]["dag"]["tasks"]["train"]["inputs"]["parameters"]["size"] = {"componentInputParameter": "maybe"}
    pipeline["components"]["comp-train"]["inputDefinitions"]["parameters"]["size"]["isOptional"] = True

    def size(backend: str, run: Run = RUN) -> str:
        return as_dict(BACKENDS[backend].command_line(pipeline, "train", run, OUT).argv[3:])["--size"]

    with pytest.raises(TaskFailed, match="parent DAG does not have input parameter maybe"):
        size("2.0-2.4")
    # Left out, so the launcher fills in the component's default; 2.17.0's driver does not.
    assert size("2.5.0") == size("2.14-2.16") == "30"
    with pytest.raises(TaskFailed, match='parameter "size" not found in executor input'):
        size("2.17.0")
    assert size("2.0-2.4", Run(pipeline_arguments={"bucket": "b", "maybe": 5}, upstream=RUN.upstream)) == "5"
    # An input that is not optional fails the task instead.
    del pipeline["components"]["comp-train"]["inputDefinitions"]["parameters"]["size"]["isOptional"]
    for backend in ("2.5.0", "2.14-2.16", "2.17.0"):
        with pytest.raises(TaskFailed, match="the resolved input parameter is null: maybe"):
            size(backend)


def test_a_null_default_fails_the_launcher_up_to_2_5_and_from_2_14_leaves_every_placeholder():
    pipeline = ir(ARGS)
    pipeline["components"]["comp-train"]["inputDefinitions"]["parameters"]["size"]["defaultValue"] = None
    for backend in ("2.0-2.4", "2.5.0"):
        with pytest.raises(TaskFailed, match=r"^failed to get placeholders: .*NullValue$"):
            BACKENDS[backend].command_line(pipeline, "train", RUN, OUT)
    argv = BACKENDS["2.14-2.16"].command_line(pipeline, "train", RUN, OUT).argv
    assert argv[3:] == ARGS


def test_the_driver_makes_a_string_inputs_value_text_and_fails_on_a_null_of_another_type():
    for backend in ("2.0-2.4", "2.5.0", "2.14-2.16", "2.17.0"):
        run = Run(pipeline_arguments=RUN.pipeline_arguments, upstream={("prep", "out"): None})
        assert as_dict(resolve(backend, ARGS[:-4] + ARGS[-2:], run))["--previous"] == "", backend
        # FormatFloat's text, before 2.17.0's driver would render the number with %g.
        run = Run(pipeline_arguments=RUN.pipeline_arguments, upstream={("prep", "out"): 1e21})
        assert as_dict(resolve(backend, ARGS[:-4] + ARGS[-2:], run))["--previous"] == "1" + "0" * 21, backend
        pipeline = ir(ARGS)
        pipeline["root"]["dag"]["tasks"]["train"]["inputs"]["parameters"]["count"] = {"runtimeValue": {"constant": None}}
        with pytest.raises(TaskFailed, match='got null for input parameter "count"'):
            BACKENDS[backend].command_line(pipeline, "train", RUN, OUT)


def test_if_present_is_expanded_by_the_driver_and_literal_for_the_launcher():
    clause = json.dumps({"IfPresent": {"InputName": "optional", "Then": ["--optional", placeholder("optional")],
                                       "Else": "--no-optional"}})
    then_only = json.dumps({"IfPresent": {"InputName": "count", "Then": "--counted"}})
    absent = json.dumps({"IfPresent": {"InputName": "optional", "Then": ["--optional"]}})
    args = [clause, then_only, absent, "--job_name_output", "{{$.outputs.parameters['job_name'].output_file}}"]
    assert resolve("2.17.0", args) == ["--no-optional", "--counted", "--job_name_output", "/outputs/job_name"]
    assert resolve("2.0-2.4", args) == [clause, then_only, absent, "--job_name_output", "/outputs/job_name"]


def test_the_driver_leaves_an_arg_that_names_an_output_to_the_launcher():
    # D util.go skips any arg holding `$.outputs`; the launcher's pass, which fills defaults, resolves it,
    # so the input left to its default inside it does not fail the task.
    args = ["--job_name_output", "{{$.outputs.parameters['job_name'].output_file}}" + f".{placeholder('size')}"]
    assert resolve("2.17.0", args) == ["--job_name_output", "/outputs/job_name.30"]


def test_kfp_local_resolves_by_kfps_python_code_and_says_nothing(tmp_path, caplog, capsys):
    args = [*ARGS, "--uuid", placeholder("uuid")]
    pipeline = ir(args)
    pipeline["root"]["dag"]["tasks"]["train"]["inputs"]["parameters"]["uuid"] = {
        "runtimeValue": {"constant": "{{$.pipeline_task_uuid}}"}}
    pipeline["components"]["comp-train"]["inputDefinitions"]["parameters"]["uuid"] = {"parameterType": "STRING"}
    resolved = BACKENDS["kfp-local"].command_line(pipeline, "train", RUN, tmp_path / "outputs")
    # kfp.local writes outputs under <pipeline root>/<pipeline>/<task>/.
    output = (tmp_path / "outputs").resolve() / "run-1" / "train" / "job_name"
    assert resolved.output_files == {"job_name": output}
    assert resolved.argv[:3] == ["python3", "-m", "step"]
    resolved_args = as_dict(resolved.argv[3:])
    # Its task ID is a number of its own, not the parent DAG's execution a cluster gives.
    task_id = resolved_args.pop("--uuid")
    assert task_id.isdigit() and task_id != RUN.dag_execution_id
    # JSON by json.dumps, numbers as floats; the key order is protobuf's, which is none.
    config = resolved_args.pop("--config")
    assert json.loads(config) == {"a": "x<y", "b": 1} and '"b": 1.0' in config
    assert resolved_args == {
        "--job": "uuid-1", "--task": "train", "--path": "s3://my-bucket/data", "--count": "2", "--ratio": "0.5",
        "--flag": "true", "--previous": "from-prep", "--size": "30", "--job_name_output": str(output)}
    # kfp.local's report of the task it did not run (its docker call is replaced) reaches no one.
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")


def test_kfp_v1_renders_as_kfp_1_8_and_argo_substitutes_anywhere():
    assert as_dict(resolve("kfp-v1")) == {
        "--job": "{{$.pipeline_job_uuid}}", "--task": "{{$.pipeline_task_name}}", "--path": "s3://my-bucket/data",
        "--count": "2", "--ratio": "0.5", "--flag": "True", "--config": '{"a": "x<y", "b": 1}',
        "--previous": "from-prep", "--size": "30", "--job_name_output": "/outputs/job_name"}


# -- values as text --------------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "f", "g"), [
    (0.0, "0", "0"),
    (100.0, "100", "100"),
    (123456.0, "123456", "123456"),
    (1234567.0, "1234567", "1.234567e+06"),
    (0.0001, "0.0001", "0.0001"),
    (0.00001234, "0.00001234", "1.234e-05"),
    (-2.5e-7, "-0.00000025", "-2.5e-07"),
    (1e100, "1" + "0" * 100, "1e+100"),
])
def test_go_float_formats(number, f, g):
    assert go_format_f(number) == f
    assert go_format_g(number) == g


@pytest.mark.parametrize(("value", "text"), [
    (None, "null"),
    (False, "false"),
    (3, "3"),
    (-4.0, "-4"),
    (1e20, "100000000000000000000"),
    (1e21, "1e+21"),
    (0.5, "0.5"),
    (1e-6, "0.000001"),
    (1.5e-7, "1.5e-7"),
    ("a<b>&c\u2028\u2029é", '"a\\u003cb\\u003e\\u0026c\\u2028\\u2029é"'),
    ("XML", '"XML"'),  # only those five are escaped
    ([1, "x", [True]], '[1,"x",[true]]'),
    ({"b": {"d": 1, "c": 2}, "a": None}, '{"a":null,"b":{"c":2,"d":1}}'),
    ({2: "x"}, '{"2":"x"}'),
])
def test_go_json_marshals_as_structpb_values_do(value, text):
    assert go_json(value) == text


def test_go_json_refuses_what_is_no_parameter_value():
    with pytest.raises(TypeError, match="cannot render set as a parameter value"):
        go_json({1})


def test_launcher_and_driver_text():
    with pytest.raises(TaskFailed) as raised:
        launcher_text(None)
    assert str(raised.value) == "failed to get placeholders: unknown PipelineSpec Value type *structpb.Value_NullValue"
    assert [launcher_text(v) for v in (False, 3, 2.5, [1], "s")] == ["false", "3", "2.5", "[1]", "s"]
    # Go's int64() of a float out of its range does not give the float back: %g.
    assert [driver_text(v) for v in (None, False, 2**62, 2.0**63, -(2.0**63), -(2.0**64), 0.25, {"a": 1})] == [
        "", "false", str(2**62), "9.223372036854776e+18", str(-(2**63)), "-1.8446744073709552e+19", "0.25", '{"a":1}']


def test_kfp_v1_text():
    assert kfp_v1_text("s", "NUMBER_INTEGER") == "s"
    assert kfp_v1_text(3.0, "NUMBER_INTEGER") == "3"
    assert kfp_v1_text(3.0, "NUMBER_DOUBLE") == "3.0"
    assert kfp_v1_text({"b": 1, "a": [True]}, "STRUCT") == '{"a": [true], "b": 1}'
    assert kfp_v1_text([{"b": 1, "a": 2}], "LIST") == '[{"a": 2, "b": 1}]'
    assert kfp_v1_text(False, "BOOLEAN") == "False"
