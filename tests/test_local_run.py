"""`generator run` on a small component file, through CliRunner in this process: the backend line's
command line shown, the step run here, its outputs read back; and the ways it stops before running.
The component is a short Python command, and `--aws` keeps the emulator out (the step calls no AWS).

Then Ctrl-C and SIGTERM, sent to `run` and `run-pipeline` running in a process of their own as a
terminal or `kill` sends them: the step gets the signal and ends as it would in a pod; outside a
step, the command ends with one line and exit code 130.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner

from sagemaker_kfp_components.generator.cli import main
from step_runner import AS_A_NEW_JOB, OUTPUTS, valid_args, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

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
    assert lines[0] == "(KFP backend profile 2.14-2.16)"
    assert lines[1].startswith("$ python3 -c ") and lines[1].endswith(f" 'hi ' {tmp_path}/out/said 2 {tmp_path}/out/unsaid")
    # What runs it here: the line pasted with that Python in place of python3 does what the step did.
    assert lines[2] == f"(python3 here is {sys.executable}, the Python this project is installed in)"
    assert lines[3:] == ["exit code 0; outputs:", "  said = hi hi ", "  unsaid = (not written)"]


def test_a_command_line_that_does_not_start_with_python3_is_shown_alone(tmp_path):
    component, args = tmp_path / "echo.yaml", tmp_path / "args.yaml"
    component.write_text(COMPONENT.replace("command: [python3, -c,", f"command: [{sys.executable}, -c,"),
                         encoding="utf-8")
    args.write_text('greeting: "hi "\n', encoding="utf-8")
    result = generator_run(str(component), "--args", str(args), "--aws", "--outputs", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith(f"$ {sys.executable} -c ")
    assert result.output.splitlines()[2] == "exit code 0; outputs:"


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
    url = lines[3].removeprefix("(AWS API emulator at ").removesuffix("; use --aws for real AWS)")
    assert url.startswith("http://127.0.0.1:") and lines[3] == f"(AWS API emulator at {url}; use --aws for real AWS)"
    assert lines[4:] == ["exit code 0; outputs:", f"  value = {url}"]


def test_the_emulator_line_says_where_an_endpoint_url_argument_sends_the_steps_sagemaker_calls(tmp_path):
    component, args = tmp_path / "endpoint.yaml", tmp_path / "args.yaml"
    component.write_text(f"""\
name: endpoint
inputs:
- {{name: endpoint_url, type: String}}
implementation:
  container:
    image: python:3
    command: [python3, -c, "pass", {{inputValue: endpoint_url}}]
""", encoding="utf-8")
    args.write_text("endpoint_url: http://sagemaker.example:8080\n", encoding="utf-8")
    result = generator_run(str(component), "--args", str(args))
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[3]
    url = line.removeprefix("(AWS API emulator at ").partition(",")[0]
    assert url.startswith("http://127.0.0.1:") and line == (
        f"(AWS API emulator at {url}, but the step calls SageMaker at the endpoint_url its arguments give, "
        "http://sagemaker.example:8080; use --aws for the environment's AWS)")


def test_a_line_that_fails_the_task_runs_nothing(files):
    component, args = files
    result = generator_run(str(component), "--args", str(args), "--aws", "--backend", "2.17.0")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "(KFP backend profile 2.17.0)",
        'the backend fails the task before its container starts: failed to resolve container command: failed to '
        'resolve input parameters: parameter "times" not found in executor input']


def test_problems_in_the_argument_file_stop_the_run(files):
    component, args = files
    args.write_text("greeting: 3\ntimes: x\n", encoding="utf-8")
    result = generator_run(str(component), "--args", str(args), "--aws")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: greeting: is the number 3, not text; write it in quotes",
        "error: times: is the text 'x', not an integer; write a whole number such as 2",  # its default
        f"2 problem(s) in {args}; nothing was run."]


def test_a_file_kfp_cannot_load_is_named(files, tmp_path):
    _, args = files
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nimplementation: 3\n", encoding="utf-8")
    result = generator_run(str(broken), "--args", str(args))
    assert result.exit_code == 2
    assert (f"{broken} is not a component kfp can load (Error: ContainerImplementation.from_dict(struct=3) failed "
            "with exception:)") in " ".join(result.output.split())  # kfp's reason: the first line of its error


def test_a_compiled_pipeline_is_sent_to_run_pipeline(files, tmp_path):
    from kfp import compiler, dsl
    from kfp.components import load_component_from_file

    component, args = files
    echo = load_component_from_file(str(component))

    @dsl.pipeline(name="greets")
    def greets():
        echo(greeting="hi")

    pipeline = tmp_path / "greets.yaml"
    compiler.Compiler().compile(greets, str(pipeline))
    result = generator_run(str(pipeline), "--args", str(args), "--aws")
    assert result.exit_code == 2, result.output
    assert (f"{pipeline} is a compiled pipeline, not a component; run it with: sagemaker-kfp run-pipeline {pipeline}"
            in " ".join(result.output.split()))


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


# -- Ctrl-C and SIGTERM -----------------------------------------------------------------------------

def interrupted(command: list[str], env: dict[str, str] | None, tmp_path: Path, started: Callable[[str], object],
                signum: int = signal.SIGINT, to_group: bool = True) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `command`, run in a process group of its own as a terminal
    runs a foreground job, and sent `signum` once `started(its stdout so far)` is true: to the whole
    group, as a terminal's Ctrl-C, or to the command alone, as `kill` does."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([*AS_A_NEW_JOB, *command], env=env, stdout=stdout, stderr=stderr,
                                   start_new_session=True)
    try:
        wait_until(lambda: started(out.read_text()) or process.poll() is not None, timeout=60)
        assert process.poll() is None, out.read_text() + err.read_text()
        (os.killpg if to_group else os.kill)(process.pid, signum)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, out.read_text(), err.read_text()


def sagemaker_kfp(*args: str) -> list[str]:
    return [sys.executable, "-m", "sagemaker_kfp_components.generator", *args]


def the_command_took_the_interrupt(stderr: str) -> bool:
    """Whether click or Python said what they say when an interrupt ends the command instead of its step."""
    return any(words in stderr for words in ("Aborted!", "Traceback", "KeyboardInterrupt"))


@pytest.mark.parametrize("attempt", range(10))  # the command must win every race with the signal, not most
def test_ctrl_c_reaches_the_step_which_stops_its_job_and_the_command_exits_130(emu, tmp_path, attempt):
    """The step, not the command, takes the signal: it stops the job (on the emulator the test
    holds, through --aws), the command waits for it and exits with its 130."""
    emu.lifecycle = None  # the job stays InProgress until it is stopped
    emu.stop_delay = 0  # and is Stopped at once: the step's first look after its stop finds it so
    name = f"interrupted-{attempt}"
    args = tmp_path / "args.yaml"
    args.write_text(yaml.safe_dump(valid_args(job_name=name, stream_logs=False)), encoding="utf-8")
    code, out, err = interrupted(sagemaker_kfp("run", "training", "--args", str(args), "--aws", "--outputs",
                                               str(tmp_path / "out")), emu.env(), tmp_path, lambda _: emu.job_names())
    assert code == 128 + signal.SIGINT, out + err
    assert not the_command_took_the_interrupt(err), err
    assert f"the step received SIGINT: training job {name} is Stopped; no outputs written" in err
    assert emu.describe(name)["TrainingJobStatus"] in ("Stopping", "Stopped")
    assert emu.stopped_by(name) == "StopTrainingJob"
    assert out.splitlines()[-len(OUTPUTS) - 1:] == ["exit code 130; outputs:", *(
        f"  {output} = (not written)" for output in sorted(OUTPUTS))]


def test_ctrl_c_on_the_embedded_emulator_stops_the_job_before_the_emulator_ends(tmp_path):
    """The emulator runs in the command's process: it serves the step's stop because the command
    outlives the step. Its job runs until stopped (--lifecycle none), so the signal cannot come late."""
    args = tmp_path / "args.yaml"
    args.write_text(yaml.safe_dump(valid_args(job_name="interrupted-here", stream_logs=False)), encoding="utf-8")
    code, out, err = interrupted(sagemaker_kfp("run", "training", "--args", str(args), "--lifecycle", "none"), None,
                                 tmp_path, lambda out: "Console: " in out)  # said once the job exists
    assert code == 128 + signal.SIGINT, out + err
    assert not the_command_took_the_interrupt(err), err
    assert "Sent StopTrainingJob for interrupted-here" in out
    assert "the step received SIGINT: training job interrupted-here is Stopped; no outputs written" in err


@pytest.mark.parametrize(("lifecycle", "code", "said"), [
    ("failing", 1, "AlgorithmError: training script exited with code 1"),
    ("default", 0, "epoch 2: loss=0.412"),  # the default lifecycle's log, not the demo's k-means
])
def test_the_embedded_emulators_jobs_go_through_the_lifecycle_named(tmp_path, lifecycle, code, said):
    """--lifecycle failing shows what a pipeline sees of a failed job: exit code 1, no outputs."""
    args = tmp_path / "args.yaml"
    args.write_text(yaml.safe_dump(valid_args(job_name=f"the-{lifecycle}-one")), encoding="utf-8")
    run = subprocess.run(sagemaker_kfp("run", "training", "--args", str(args), "--lifecycle", lifecycle),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == code, run.stdout + run.stderr
    assert said in run.stdout + run.stderr
    written = [line for line in run.stdout.splitlines()[-len(OUTPUTS):] if not line.endswith("(not written)")]
    assert len(written) == (len(OUTPUTS) if code == 0 else 0), run.stdout


def test_a_lifecycle_is_the_embedded_emulators_and_refused_with_aws(files):
    """The choices are the emulator's own names; --aws has no emulator to give one to (exit 2)."""
    from sagemaker_kfp_components.emulator import LIFECYCLE_NAMES

    option = next(param for param in main.commands["run"].params if param.name == "lifecycle")
    assert tuple(option.type.choices) == LIFECYCLE_NAMES
    component, args = files
    result = generator_run(str(component), "--args", str(args), "--aws", "--lifecycle", "none")
    assert result.exit_code == 2, result.output
    assert "--lifecycle is the embedded emulator's; with --aws the jobs run on the environment's AWS" in result.output
    assert "exit code" not in result.output  # nothing ran


#: A task that waits to be ended by a signal (by default, as a program without handlers is), then one after it.
WAITS = ("import signal, time\nfor sig in (signal.SIGINT, signal.SIGTERM): signal.signal(sig, signal.SIG_DFL)\n"
         "print('waiting', flush=True)\ntime.sleep(60)")
WAITING_PIPELINE = {
    "pipelineInfo": {"name": "waits"},
    "root": {"dag": {"tasks": {"wait": {"componentRef": {"name": "comp-wait"}},
                               "after": {"componentRef": {"name": "comp-after"}, "dependentTasks": ["wait"]}}}},
    "components": {"comp-wait": {"executorLabel": "exec-wait"}, "comp-after": {"executorLabel": "exec-after"}},
    "deploymentSpec": {"executors": {"exec-wait": {"container": {"command": ["python3", "-c", WAITS]}},
                                     "exec-after": {"container": {"command": ["python3", "-c", "pass"]}}}},
}


@pytest.mark.parametrize(("signum", "to_group"), [(signal.SIGINT, True), (signal.SIGTERM, False)],
                         ids=["ctrl-c-to-the-group", "sigterm-to-the-command-alone"])
def test_run_pipeline_passes_the_signal_to_the_running_task_and_ends_with_its_code(tmp_path, signum, to_group):
    """A task the signal ends counts as one that failed with 128 + N: later tasks do not run."""
    pipeline = tmp_path / "waits.yaml"
    pipeline.write_text(yaml.safe_dump(WAITING_PIPELINE), encoding="utf-8")
    code, out, err = interrupted(sagemaker_kfp("run-pipeline", str(pipeline), "--aws"), None, tmp_path,
                                 lambda out: "\nwaiting\n" in out, signum, to_group)
    assert code == 128 + signum, out + err
    assert not the_command_took_the_interrupt(err), err
    assert out.splitlines()[-1] == f"task wait failed with exit code {128 + signum}; later tasks do not run"
    assert "== task after" not in out


# -- Ctrl-C outside a step: the command ends, with one line and 130 -----------------------------------

def reader_waits(fifo: Path, writers: list[int]) -> bool:
    """Whether a process has opened the named pipe `fifo` to read it: only then does a writer's
    open succeed. The writer, kept in `writers`, stays open and writes nothing, so the reader
    waits in its read until a signal ends it."""
    try:
        writers.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as error:
        if error.errno != errno.ENXIO:  # ENXIO: no reader yet
            raise
        return False
    return True


@pytest.mark.parametrize("command", [("run", "training", "--args"), ("run-pipeline",)], ids=["run", "run-pipeline"])
def test_ctrl_c_while_the_command_prepares_ends_it_before_the_step_with_130(tmp_path, command):
    """The argument file (`run`) or the pipeline (`run-pipeline`) is a named pipe that never ends:
    the command waits there, before compiling or starting an emulator, for the terminal's Ctrl-C."""
    fifo = tmp_path / "never-ends.yaml"
    os.mkfifo(fifo)
    writers: list[int] = []
    try:
        code, out, err = interrupted(sagemaker_kfp(*command, str(fifo), "--backend", "2.17.0"), None, tmp_path,
                                     lambda _: reader_waits(fifo, writers))
    finally:
        for writer in writers:
            os.close(writer)
    assert (code, out, err) == (128 + signal.SIGINT, "",
                                "sagemaker-kfp: interrupted before the step started; nothing was sent\n")


#: A task that makes its output file a named pipe, which the runner then waits to read.
MAKES_A_PIPE = ("import os, sys\nos.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)\nos.mkfifo(sys.argv[1])\n"
                "print('made', sys.argv[1], flush=True)")
PIPE_PIPELINE = {
    "pipelineInfo": {"name": "pipes"},
    "root": {"dag": {"tasks": {"make": {"componentRef": {"name": "comp-make"}},
                               "after": {"componentRef": {"name": "comp-after"}, "dependentTasks": ["make"]}}}},
    "components": {"comp-make": {"executorLabel": "exec-make",
                                 "outputDefinitions": {"parameters": {"made": {"parameterType": "STRING"}}}},
                   "comp-after": {"executorLabel": "exec-after"}},
    "deploymentSpec": {"executors": {
        "exec-make": {"container": {"command": ["python3", "-c", MAKES_A_PIPE],
                                    "args": ["{{$.outputs.parameters['made'].output_file}}"]}},
        "exec-after": {"container": {"command": ["python3", "-c", "pass"]}}}},
}


def test_ctrl_c_between_tasks_says_a_step_ran_and_no_later_one_started(tmp_path):
    pipeline = tmp_path / "pipes.yaml"
    pipeline.write_text(yaml.safe_dump(PIPE_PIPELINE), encoding="utf-8")
    writers: list[int] = []

    def reading_the_output(out: str) -> bool:
        made = re.search(r"^made (.+)$", out, flags=re.MULTILINE)
        return bool(made) and reader_waits(Path(made.group(1)), writers)

    try:
        code, out, err = interrupted(sagemaker_kfp("run-pipeline", str(pipeline), "--aws", "--outputs",
                                                   str(tmp_path / "out")), None, tmp_path, reading_the_output)
    finally:
        for writer in writers:
            os.close(writer)
    assert (code, err) == (128 + signal.SIGINT, "sagemaker-kfp: interrupted after a step ended; no later step started\n")
    assert "== task make" in out and "== task after" not in out


def test_ctrl_c_while_the_command_line_loads_ends_it_with_130(tmp_path):
    """Before click has the command line: here while click is imported, held by an import hook."""
    hold = ("import sys, time\n"
            "class Hold:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'click':\n"
            "            print('importing click', flush=True)\n"
            "            time.sleep(60)\n"
            "sys.meta_path.insert(0, Hold())\n"
            "sys.argv[1:] = ['run', 'training', '--args', 'args.yaml']\n"
            "from sagemaker_kfp_components.generator.__main__ import main\n"
            "main()\n")
    code, out, err = interrupted([sys.executable, "-c", hold], None, tmp_path, lambda out: "importing click" in out)
    assert (code, out, err) == (128 + signal.SIGINT, "importing click\n",
                                "sagemaker-kfp: interrupted while starting; nothing was done\n")
