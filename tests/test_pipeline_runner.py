"""`generator run-pipeline`'s runner on small pipelines written out by hand (the IR's shape as kfp
2.x compiles it), in process: the order of the tasks, outputs read back as their types and passed
on, the first failure ending the run, and the pipelines it refuses (one compiled from a sample).
Each task is a short Python command, so no emulator is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from component_cases import ROOT
from sagemaker_kfp_components.generator.local_run import local_argv, quoted
from sagemaker_kfp_components.generator.pipeline_run import missing_arguments, read_pipeline, run_pipeline, task_order

WRITE_OUTPUTS = ("import os, sys\nfor path, text in zip(sys.argv[1::2], sys.argv[2::2]):\n"
                 "    os.makedirs(os.path.dirname(path), exist_ok=True)\n    open(path, 'w').write(text)")
OUTPUT_TYPES = {"text": "STRING", "count": "NUMBER_INTEGER", "ratio": "NUMBER_DOUBLE", "flag": "BOOLEAN",
                "config": "STRUCT", "items": "LIST"}
WRITTEN = {"text": "hello world", "count": "3", "ratio": "0.5", "flag": "True", "config": '{"a": 1}', "items": "[1, 2]"}


def output_file(name: str) -> str:
    return f"{{{{$.outputs.parameters['{name}'].output_file}}}}"


def pipeline() -> dict:
    """prep writes one output of each type; check reads two of them and exits with the pipeline's
    `exit_code`; last runs after check."""
    prep_args = [part for name in OUTPUT_TYPES for part in (output_file(name), WRITTEN[name])]
    return {
        "pipelineInfo": {"name": "small"},
        "root": {
            "inputDefinitions": {"parameters": {"role": {"parameterType": "STRING"},
                                                "region": {"parameterType": "STRING", "defaultValue": "us-east-1"},
                                                "exit_code": {"parameterType": "NUMBER_INTEGER", "defaultValue": 0.0}}},
            "dag": {"tasks": {
                "last": {"componentRef": {"name": "comp-last"}, "dependentTasks": ["check"]},
                "check": {"componentRef": {"name": "comp-check"}, "inputs": {"parameters": {
                    "text": {"taskOutputParameter": {"producerTask": "prep", "outputParameterKey": "text"}},
                    "count": {"taskOutputParameter": {"producerTask": "prep", "outputParameterKey": "count"}},
                    "code": {"componentInputParameter": "exit_code"},
                }}},
                "prep": {"componentRef": {"name": "comp-prep"}},
            }},
        },
        "components": {
            "comp-prep": {"executorLabel": "exec-prep", "outputDefinitions": {"parameters": {
                name: {"parameterType": kind} for name, kind in OUTPUT_TYPES.items()}}},
            "comp-check": {"executorLabel": "exec-check", "inputDefinitions": {"parameters": {
                "text": {"parameterType": "STRING"}, "count": {"parameterType": "NUMBER_INTEGER"},
                "code": {"parameterType": "NUMBER_INTEGER"}}}},
            "comp-last": {"executorLabel": "exec-last"},
        },
        "deploymentSpec": {"executors": {
            "exec-prep": {"container": {"command": ["python3", "-c", WRITE_OUTPUTS], "args": prep_args}},
            "exec-check": {"container": {"command": ["python3", "-c", "import sys; sys.exit(int(sys.argv[3]))"],
                                         "args": ["{{$.inputs.parameters['text']}}", "{{$.inputs.parameters['count']}}",
                                                  "{{$.inputs.parameters['code']}}"]}},
            "exec-last": {"container": {"command": ["python3", "-c", "pass"]}},
        }},
    }


def test_tasks_run_after_the_tasks_they_depend_on():
    assert task_order(pipeline()) == ["prep", "check", "last"]


def test_outputs_are_read_back_as_their_types_and_passed_on(tmp_path):
    said: list[str] = []
    code, outputs = run_pipeline(pipeline(), {"role": "r"}, tmp_path, env=None, say=said.append)
    assert code == 0
    assert outputs == {("prep", "text"): "hello world", ("prep", "count"): 3, ("prep", "ratio"): 0.5,
                       ("prep", "flag"): True, ("prep", "config"): {"a": 1}, ("prep", "items"): [1, 2]}
    python3 = f"(python3 here is {sys.executable}, the Python this project is installed in)"
    assert said[0] == "== task prep (KFP backend profile 2.14-2.16)"
    assert said[2] == python3
    assert said[3:9] == ['  config = {"a": 1}', "  count = 3", "  flag = True", "  items = [1, 2]", "  ratio = 0.5",
                         "  text = hello world"]
    assert said[9:] == ["== task check (KFP backend profile 2.14-2.16)",
                        "$ python3 -c 'import sys; sys.exit(int(sys.argv[3]))' 'hello world' 3 0", python3,
                        "== task last (KFP backend profile 2.14-2.16)", "$ python3 -c pass", python3]


def test_the_first_failing_task_ends_the_run(tmp_path):
    said: list[str] = []
    code, outputs = run_pipeline(pipeline(), {"exit_code": 3}, tmp_path, env={"PATH": "/usr/bin"}, backend="kfp-v1",
                                 say=said.append)
    assert code == 3 and set(outputs) == {("prep", name) for name in OUTPUT_TYPES}
    assert said[-1] == "task check failed with exit code 3; later tasks do not run"
    assert not any("task last" in line for line in said)


def test_a_task_the_backend_fails_before_it_starts_ends_the_run(tmp_path):
    ir = pipeline()
    ir["components"]["comp-last"]["inputDefinitions"] = {"parameters": {"size": {"parameterType": "NUMBER_INTEGER",
                                                                                 "defaultValue": 1.0}}}
    ir["deploymentSpec"]["executors"]["exec-last"]["container"]["args"] = ["{{$.inputs.parameters['size']}}"]
    said: list[str] = []
    code, _ = run_pipeline(ir, {}, tmp_path, env=None, backend="2.17.0", say=said.append)
    assert code == 1
    assert said[-1] == ('the backend fails task last before its container starts: failed to resolve container args: '
                        'failed to resolve input parameters: parameter "size" not found in executor input; '
                        'later tasks do not run')


def one_task(script: str, args: list[str], constants: dict[str, str] | None = None) -> dict:
    """A pipeline named `small` of one task, `show`: `python3 -c SCRIPT ARGS`, with constant STRING
    inputs and one STRING output, `shown`."""
    constants = constants or {}
    return {
        "pipelineInfo": {"name": "small"},
        "root": {"dag": {"tasks": {"show": {"componentRef": {"name": "comp-show"}, "inputs": {"parameters": {
            name: {"runtimeValue": {"constant": value}} for name, value in constants.items()}}}}}},
        "components": {"comp-show": {
            "executorLabel": "exec-show",
            "inputDefinitions": {"parameters": {name: {"parameterType": "STRING"} for name in constants}},
            "outputDefinitions": {"parameters": {"shown": {"parameterType": "STRING"}}}}},
        "deploymentSpec": {"executors": {"exec-show": {"container": {"command": ["python3", "-c", script],
                                                                     "args": args}}}},
    }


def test_a_task_sees_the_pipelines_name_and_a_fresh_uuid_of_each_run(tmp_path):
    """KFP's placeholders, each a whole input constant, as the driver resolves them from 2.5.0 on."""
    ir = one_task(WRITE_OUTPUTS, [output_file("shown"), "{{$.inputs.parameters['name']}} {{$.inputs.parameters['id']}}"],
                  {"name": "{{$.pipeline_job_name}}", "id": "{{$.pipeline_job_uuid}}"})
    shown = [run_pipeline(ir, {}, tmp_path / run, env=None, say=lambda _: None)[1][("show", "shown")].split(" ")
             for run in ("first", "second")]
    assert [name for name, _ in shown] == ["small", "small"]
    assert [str(uuid.UUID(job)) for _, job in shown] == [job for _, job in shown] and shown[0][1] != shown[1][1]


def test_tasks_run_in_the_environment_given_else_in_this_processs(tmp_path, monkeypatch):
    script = ("import os, sys; os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True); "
              "open(sys.argv[1], 'w').write(os.environ.get('GREETING', '(unset)'))")
    ir = one_task(script, [output_file("shown")])
    monkeypatch.setenv("GREETING", "from here")
    for env, greeting in (({"GREETING": "given"}, "given"), ({}, "(unset)"), (None, "from here")):
        code, outputs = run_pipeline(ir, {}, tmp_path, env=env, say=lambda _: None)
        assert (code, outputs) == (0, {("show", "shown"): greeting})


def test_pipeline_parameters_without_a_default_must_be_given():
    assert missing_arguments(pipeline(), {}) == ["role"]
    assert missing_arguments(pipeline(), {"role": "r"}) == []
    assert missing_arguments({"root": {}}, {}) == []


@pytest.mark.parametrize("kind", ["triggerPolicy", "iterator"])
def test_conditions_and_loops_are_refused_by_name(kind):
    ir = pipeline()
    ir["root"]["dag"]["tasks"]["check"][kind] = {}
    with pytest.raises(ValueError) as raised:
        task_order(ir)
    assert str(raised.value) == "task 'check' is a condition, a loop or a sub-pipeline; only a flat pipeline runs locally"


def test_a_sub_pipeline_is_refused_by_name():
    ir = pipeline()
    ir["components"]["comp-last"]["dag"] = {"tasks": {}}
    with pytest.raises(ValueError, match="^task 'last' is a condition, a loop or a sub-pipeline"):
        task_order(ir)


def test_a_task_that_runs_no_container_is_refused_by_name():
    ir = pipeline()
    ir["deploymentSpec"]["executors"]["exec-last"] = {"importer": {"artifactUri": {"constant": "s3://b/k"}}}
    with pytest.raises(ValueError) as raised:
        task_order(ir)
    assert str(raised.value) == "task 'last' runs no container (an importer, say); only container tasks run locally"


def test_read_pipeline_takes_the_first_document_and_refuses_what_is_no_compiled_pipeline(tmp_path):
    import yaml

    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(pipeline()) + "---\nplatforms: {kubernetes: {}}\n", encoding="utf-8")
    assert read_pipeline(path) == pipeline()
    for text in ("root: {}\n", "deploymentSpec: {}\n", "- a list\n", "key: [unclosed\n", ""):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError) as raised:
            read_pipeline(path)
        assert str(raised.value) == f"{path} is not a pipeline compiled by kfp 2.x"
    ir = pipeline()
    ir["root"]["dag"]["tasks"]["check"]["iterator"] = {}
    path.write_text(yaml.safe_dump(ir), encoding="utf-8")
    with pytest.raises(ValueError, match="a condition, a loop or a sub-pipeline"):
        read_pipeline(path)


def test_command_lines_shown_as_a_shell_would_read_them():
    assert [quoted(part) for part in ("--job_name", "s3://b/k=v@x", "", "a b", "it's", "$HOME")] == [
        "--job_name", "s3://b/k=v@x", "''", "'a b'", "'it'\\''s'", "'$HOME'"]
    assert local_argv(["python3", "-m", "x"]) == [sys.executable, "-m", "x"]
    assert local_argv(["/bin/python3", "python3"]) == ["/bin/python3", "python3"]
    assert Path(sys.executable).exists()


# -- the command -----------------------------------------------------------------------------------

def run_pipeline_command(*args: str):
    from click.testing import CliRunner

    from sagemaker_kfp_components.generator.cli import main

    return CliRunner().invoke(main, ["run-pipeline", *args])


@pytest.fixture
def pipeline_file(tmp_path) -> Path:
    import yaml

    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(pipeline()), encoding="utf-8")
    return path


def test_the_command_runs_the_pipeline_with_its_arguments_and_ends_with_the_failed_tasks_code(pipeline_file, tmp_path):
    done = run_pipeline_command(str(pipeline_file), "--aws", "--arg", "role=r", "--outputs", str(tmp_path / "out"))
    assert done.exit_code == 0, done.output
    assert "== task last (KFP backend profile 2.14-2.16)" in done.output and "  text = hello world" in done.output
    assert (tmp_path / "out" / "prep" / "ratio").read_text() == "0.5"
    failed = run_pipeline_command(str(pipeline_file), "--aws", "--backend", "2.17.0", "--arg", "role=r",
                                  "--arg", "exit_code=5")
    assert failed.exit_code == 5
    assert "task check failed with exit code 5; later tasks do not run" in failed.output
    assert "KFP backend profile 2.17.0" in failed.output


@pytest.mark.parametrize(("args", "problem"), [
    ((), "the pipeline needs a value for role"),
    (("--arg", "role"), "'role': give NAME=VALUE with one of the pipeline's parameters: exit_code, region, role"),
    (("--arg", "bucket=b"), "'bucket=b': give NAME=VALUE with one of the pipeline's parameters: exit_code, region, role"),
    (("--arg", "rol=r"), "'rol=r': rol is not a parameter of the pipeline; did you mean role?"),
    (("--arg", "regoin=eu-west-1"), "'regoin=eu-west-1': regoin is not a parameter of the pipeline; did you mean region?"),
])
def test_the_command_names_a_missing_or_unknown_argument(pipeline_file, args, problem):
    result = run_pipeline_command(str(pipeline_file), *args)
    assert result.exit_code == 2
    assert problem in " ".join(result.output.split())


def test_the_command_refuses_an_argument_given_twice(pipeline_file):
    result = run_pipeline_command(str(pipeline_file), "--arg", "role=r", "--arg", "region=eu-west-1", "--arg", "role=s")
    assert result.exit_code == 2
    assert "role is given more than once; give each parameter one value" in " ".join(result.output.split())


def test_the_command_refuses_a_file_that_is_no_pipeline(tmp_path):
    path = tmp_path / "component.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    result = run_pipeline_command(str(path))
    assert result.exit_code == 2 and "is not a pipeline compiled by kfp 2.x" in result.output
    assert "the pipeline's parameters: (none)" in " ".join(run_pipeline_command(
        str(write_parameterless(tmp_path)), "--arg", "a=b").output.split())


def write_parameterless(tmp_path) -> Path:
    import yaml

    ir = pipeline()
    del ir["root"]["inputDefinitions"]
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(ir), encoding="utf-8")
    return path


# -- what runs only on a cluster -----------------------------------------------------------------

@pytest.fixture(scope="module")
def upstream_sample(tmp_path_factory) -> Path:
    """samples/upstream_data_pipeline.py compiled by running it, as a user does: its first task is
    a lightweight Python component."""
    path = tmp_path_factory.mktemp("upstream") / "upstream.yaml"
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "upstream_data_pipeline.py"), str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("backend", ["2.17.0", "kfp-local"])
def test_a_lightweight_python_component_is_refused_before_anything_runs(upstream_sample, tmp_path, monkeypatch,
                                                                        backend):
    """Its command would pip-install kfp into whatever `python3` and `pip` are first on PATH: here
    they record being called, and nothing calls them."""
    called = tmp_path / "called"
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for program in ("python3", "python", "pip", "pip3"):
        (stubs / program).write_text(f'#!/bin/sh\necho "$0 $*" >> {called}\n', encoding="utf-8")
        (stubs / program).chmod(0o755)
    monkeypatch.setenv("PATH", f"{stubs}{os.pathsep}{os.environ['PATH']}")
    result = run_pipeline_command(str(upstream_sample), "--aws", "--backend", backend, "--arg", "role=r",
                                  "--arg", "bucket=b", "--arg", "model_artifact_path=s3://b/m")
    assert not called.exists(), called.read_text()
    assert result.exit_code == 2, result.output
    assert ("task 'latest-training-data' is a lightweight Python component: its command installs Python packages "
            "with pip (here they would go into this machine's Python) and reads KFP's executor input, {{$}}, which "
            "this runner does not build; only container components that need neither run locally"
            ) in " ".join(result.output.split())


@pytest.mark.parametrize(("command", "why"), [
    (["sh", "-c", "pip3 install pandas && python3 step.py"],
     "runs a command that installs Python packages with pip (here they would go into this machine's Python); "),
    (["python3", "-m", "pip", "install", "pandas"],  # here `python3` is the interpreter the project runs in
     "runs a command that installs Python packages with pip (here they would go into this machine's Python); "),
    (["step", "--executor_input", "{{$}}"],
     "runs a command that reads KFP's executor input, {{$}}, which this runner does not build; "),
    (["python3", "-m", "step"], None),
])
def test_a_task_that_installs_packages_or_reads_the_executor_input_is_refused_by_name(command, why):
    ir = one_task("pass", [])
    ir["deploymentSpec"]["executors"]["exec-show"]["container"] = {"command": command}
    if why is None:
        assert task_order(ir) == ["show"]
        return
    with pytest.raises(ValueError) as raised:
        task_order(ir)
    assert str(raised.value) == f"task 'show' {why}only container components that need neither run locally"
