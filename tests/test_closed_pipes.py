"""The step when the reader of its stdout and stderr goes away, as on KFP 2.5 and later: there both
are pipes into the KFP launcher, which exits at once on SIGTERM, and every write after that fails
with EPIPE. Each job component's command line, as the 2.5.0 launcher resolves it, runs against the
emulator with its job held InProgress; the test closes the pipes' read ends after SIGTERM, before
it, or while the step is writing a batch of log lines, and the job must still be stopped, the step
must exit 143 and no output file may be written. With the pipes closed from the start, a job that
completes still gets its outputs written."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from component_cases import CASES, Case
from sagemaker_kfp_components.emulator import Emulator, Lifecycle, Step
from sagemaker_kfp_components.generator.backends import Resolved
from sagemaker_kfp_components.generator.local_run import local_argv
from step_runner import resolved_call, valid_args, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

BACKEND = "2.5.0"  # the first backend line whose launcher reads the step's output through pipes
#: More than a pipe holds (64 KiB): the step is inside the write when the reader goes.
LOG_LINES = [f"line {n}: {'x' * 100}" for n in range(2000)]


@dataclass(frozen=True)
class Component:
    name: str
    kind: str  # as in Create<kind>
    arguments: dict
    case: Case | None = None  # the component's case in tests/component_cases.py (training has none)

    def start(self, emu: Emulator, tmp_path: Path) -> tuple[subprocess.Popen, Resolved]:
        """The component's command line as the launcher resolves and runs it: stdout and stderr are pipes to it."""
        if self.case:
            self.case.prepare(emu)
        command = resolved_call(self.name, self.arguments, tmp_path, BACKEND)
        step = subprocess.Popen(local_argv(command.argv), env=emu.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        return step, command


COMPONENTS = [Component("training", "TrainingJob", valid_args(job_name="closed-pipes")),
              *(Component(case.name, case.kind, case.arguments, case) for case in CASES)]
EACH_COMPONENT = pytest.mark.parametrize("component", COMPONENTS, ids=[c.name for c in COMPONENTS])


def close_pipes(step: subprocess.Popen) -> None:
    """The launcher is gone: nothing reads the step's stdout and stderr any more."""
    step.stdout.close()
    step.stderr.close()


def read_until(step: subprocess.Popen, text: bytes) -> None:
    """Read the step's stdout until `text` has come (not waiting on a step that ended)."""
    os.set_blocking(step.stdout.fileno(), False)
    seen = bytearray()

    def arrived() -> bool:
        with contextlib.suppress(BlockingIOError):
            seen.extend(os.read(step.stdout.fileno(), 1 << 16))
        return text in seen or step.poll() is not None

    wait_until(arrived)
    assert text in seen, bytes(seen[-2000:])


WHEN = ["after-sigterm", "before-sigterm", "while-logs-stream"]


@EACH_COMPONENT
@pytest.mark.parametrize("when", WHEN)
def test_a_step_whose_pipes_close_still_stops_its_job_and_exits_143(component, when, emu, tmp_path):
    emu.stop_delay = 0.0  # Stopped at once: the step's wait for it ends at its first describe
    # The job stays InProgress; a tuning job's training jobs write the log lines for it.
    emu.lifecycle = Lifecycle(steps=(Step("Training", None, 600.0, logs={"algo-1": LOG_LINES}),), status=None) \
        if when == "while-logs-stream" else None
    step, command = component.start(emu, tmp_path)
    describe = f"Describe{component.kind}"
    try:
        if when == "before-sigterm":
            close_pipes(step)  # its first line, the request, already goes nowhere
        name = emu.wait_for_job(kind=component.kind)
        if when == "while-logs-stream":
            read_until(step, b"line 0: ")
            closed = len(emu.requests())
            close_pipes(step)
            # It goes on: the next request after the write that failed.
            wait_until(lambda: len(emu.requests()) > closed or step.poll() is not None)
        wait_until(lambda: emu.requests(describe) or step.poll() is not None)
        assert step.poll() is None, "the step ended before SIGTERM"
        os.killpg(step.pid, signal.SIGTERM)
        if when == "after-sigterm":
            close_pipes(step)
        step.wait(timeout=60)
    finally:
        if step.poll() is None:
            step.kill()
            step.wait()
    assert step.returncode == 128 + signal.SIGTERM
    assert [r.body[f"{component.kind}Name"] for r in emu.requests(f"Stop{component.kind}")] == [name]
    assert emu.describe(name, kind=component.kind)[f"{component.kind}Status"] == "Stopped"
    assert not any(path.exists() for path in command.output_files.values())


@EACH_COMPONENT
def test_a_step_whose_pipes_close_at_once_still_writes_its_outputs_when_the_job_completes(component, emu, tmp_path):
    step, command = component.start(emu, tmp_path)
    close_pipes(step)
    assert step.wait(timeout=60) == 0
    assert all(path.exists() for path in command.output_files.values())
    if component.case:
        component.case.check_outputs(command)


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
def test_output_into_a_closed_pipe_goes_nowhere_and_the_exit_code_stays(unbuffered):
    """Unbuffered (the image sets PYTHONUNBUFFERED), the print itself fails; buffered, the line waits
    in stdout's buffer until Python flushes it at exit, which fails ("Exception ignored ...
    BrokenPipeError") and makes the exit code 120."""
    code = ("import sys; from sagemaker_kfp_components.runtime.pipes import outlive_readers; outlive_readers(); "
            "sys.stdin.read(); print('into the closed pipe'); sys.exit(3)")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    process.stdout.close()
    process.stdin.close()  # now it prints
    assert process.stderr.read() == b""
    assert process.wait(timeout=30) == 3
