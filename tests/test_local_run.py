"""`generator run` on a small component file, through CliRunner in this process: the backend line's
command line shown, the step run here, its outputs read back; and the ways it stops before running.

The component is a short Python command, and `--aws` keeps the emulator out (the step calls no AWS).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from sagemaker_kfp_components.generator.cli import main

WRITE = ("import os, sys; os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True); "
         "open(sys.argv[2], 'w').write(sys.argv[1] * int(sys.argv[3]))")
COMPONENT = f"""\
name: echo
inputs:
- {{name: greeting, type: String}}
- {{name: times, type: Integer, default: '2'}}
outputs:
- {{name: said, type: String}}
- {{name: unsaid, type: String}}
implementation:
  container:
    image: python:3
    command: [python3, -c, "{WRITE}", {{inputValue: greeting}}, {{outputPath: said}}, {{inputValue: times}},
              {{outputPath: unsaid}}]
"""


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    component, args = tmp_path / "echo.yaml", tmp_path / "args.yaml"
    component.write_text(COMPONENT, encoding="utf-8")
    args.write_text('greeting: "hi "\n', encoding="utf-8")
    return component, args


def generator_run(*args: str):
    return CliRunner().invoke(main, ["run", *args])


def test_a_component_file_runs_as_the_backend_line_resolves_it(files, tmp_path):
    component, args = files
    result = generator_run(str(component), "--args", str(args), "--aws", "--outputs", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "(KFP backend profile 2.5-2.16)"
    assert lines[1].startswith("$ python3 -c ") and lines[1].endswith(f" 'hi ' {tmp_path}/out/said 2 {tmp_path}/out/unsaid")
    assert lines[2:] == ["exit code 0; outputs:", "  said = hi hi ", "  unsaid = (not written)"]


def test_each_run_has_its_own_job_uuid(files, tmp_path):
    """KFP's `{{$.pipeline_job_uuid}}`, given whole as an argument, reaches the step as the run's UUID."""
    component, args = files
    args.write_text('greeting: "{{$.pipeline_job_uuid}}"\ntimes: 1\n', encoding="utf-8")
    said = []
    for run in ("first", "second"):
        result = generator_run(str(component), "--args", str(args), "--aws", "--outputs", str(tmp_path / run))
        assert result.exit_code == 0, result.output
        said.append((tmp_path / run / "said").read_text())
    assert [str(uuid.UUID(job)) for job in said] == said and said[0] != said[1]


def test_without_aws_the_step_runs_against_the_embedded_emulator(tmp_path):
    """The step's environment points boto3 at the emulator that the run starts and names."""
    component, args = tmp_path / "env.yaml", tmp_path / "args.yaml"
    script = ("import os, sys; os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True); "
              "open(sys.argv[2], 'w').write(os.environ.get(sys.argv[1], '(unset)'))")
    component.write_text(f"""\
name: env
inputs:
- {{name: variable, type: String}}
outputs:
- {{name: value, type: String}}
implementation:
  container:
    image: python:3
    command: [python3, -c, "{script}", {{inputValue: variable}}, {{outputPath: value}}]
""", encoding="utf-8")
    args.write_text("variable: AWS_ENDPOINT_URL\n", encoding="utf-8")
    result = generator_run(str(component), "--args", str(args), "--outputs", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    url = lines[2].removeprefix("(AWS API emulator at ").removesuffix("; use --aws for real AWS)")
    assert url.startswith("http://127.0.0.1:") and lines[2] == f"(AWS API emulator at {url}; use --aws for real AWS)"
    assert lines[3:] == ["exit code 0; outputs:", f"  value = {url}"]


def test_a_line_that_fails_the_task_runs_nothing(files):
    component, args = files
    result = generator_run(str(component), "--args", str(args), "--aws", "--backend", "2.17.0")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "(KFP backend profile 2.17.0)",
        'the backend fails the task before its container starts: failed to resolve container args: failed to resolve '
        'input parameters: parameter "times" not found in executor input']


def test_problems_in_the_argument_file_stop_the_run(files):
    component, args = files
    args.write_text("greeting: 3\ntimes: x\n", encoding="utf-8")
    result = generator_run(str(component), "--args", str(args), "--aws")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: greeting: is the number 3, not text; write it in quotes",
        "error: times: is the text 'x', not an integer; write a whole number such as 3600",
        f"2 problem(s) in {args}; nothing was run."]


def test_a_file_kfp_cannot_load_is_named(files, tmp_path):
    _, args = files
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nimplementation: 3\n", encoding="utf-8")
    result = generator_run(str(broken), "--args", str(args))
    assert result.exit_code == 2
    assert (f"{broken} is not a component kfp can load (Error: ContainerImplementation.from_dict(struct=3) failed "
            "with exception:)") in " ".join(result.output.split())  # kfp's reason: the first line of its error


def test_a_spec_name_runs_its_typed_python_function_with_the_steps_checks():
    from sagemaker_kfp_components.model import sagemaker_model
    from sagemaker_kfp_components.model.entrypoint import COMPONENT as MODEL
    from sagemaker_kfp_components.generator.local_run import component_to_run
    from sagemaker_kfp_components.generator.project import ROOT

    function, signature = component_to_run("model", ROOT)
    assert function is sagemaker_model
    assert (signature.owner, signature.listing, signature.checks) == (
        "the model component", "generated/model/README.md", MODEL)
    with pytest.raises(ValueError) as raised:
        component_to_run("zzz", ROOT)
    assert str(raised.value).startswith("no component file or spec named 'zzz'; the specs are: ")


def test_kfp_v1_writes_a_channel_inside_a_value_as_its_type():
    from sagemaker_kfp_components.generator.backends import BACKENDS, Run

    ir = {
        "root": {"dag": {"tasks": {"t": {"componentRef": {"name": "comp-t"}, "inputs": {"parameters": {
            "path": {"runtimeValue": {"constant": "s3://b/{{$.inputs.parameters['pipelinechannel--n']}}"}},
            "pipelinechannel--n": {"componentInputParameter": "n"},
        }}}}}},
        "components": {"comp-t": {"executorLabel": "exec-t", "inputDefinitions": {"parameters": {
            "path": {"parameterType": "STRING"}, "pipelinechannel--n": {"parameterType": "NUMBER_INTEGER"}}}}},
        "deploymentSpec": {"executors": {"exec-t": {"container": {
            "command": ["step"], "args": ["{{$.inputs.parameters['path']}}"]}}}},
    }
    resolved = BACKENDS["kfp-v1"].command_line(ir, "t", Run(pipeline_arguments={"n": 3.0}), Path("/out"))
    assert resolved.argv == ["step", "s3://b/3"]
