"""Termination the way a KFP v2 cluster does it: SIGTERM to the step's process group, SIGKILL soon
after. The pod is gone up to about a second after SIGTERM, possibly almost at once (docs/guides/
termination.md); StopTrainingJob must reach AWS within a quarter of a second whatever the step is
doing: inside a DescribeTrainingJob, a log read or the CreateTrainingJob call (each held by the
emulator's "slow" fault), or asleep between polls. bench/termination_window.py measures how short
the window may be."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sagemaker_kfp_components.emulator import Emulator, Lifecycle, Step
from step_runner import outputs, start, valid_args, wait_until

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

#: SIGKILL this long after SIGTERM (after the create has returned, for a step terminated inside it).
#: Every run of the bench at this delay got its stop out (docs/guides/termination.md).
KILL_AFTER = 0.25
HOLD = 5.0  # a held describe or log read outlasts the kill
#: A job whose log stream exists from its creation on, so the step's first log read gets to GetLogEvents.
WRITES_LOGS_AT_ONCE = Lifecycle(steps=(Step("Training", None, 60.0, logs={"algo-1": ["epoch 1"]}),), status=None)


@dataclass(frozen=True)
class Phase:
    held: str | None  # the operation the step is inside when SIGTERM comes (None: it is asleep)
    seconds: float = HOLD
    lifecycle: Lifecycle | None = None
    stream_logs: bool = True

    def entered(self, emu: Emulator) -> bool:
        if self.held:  # recorded on arrival, while it is held
            return bool(emu.requests(self.held))
        # Asleep: the first describe was answered and the next one is 2 s away.
        answered = [r.time for r in emu.requests("DescribeTrainingJob") if r.status == 200]
        return bool(answered) and time.time() - answered[0] > 0.2

    def stop_possible(self, emu: Emulator, signalled: float) -> float:
        """When the step can first send the stop: at SIGTERM, or once the create it is inside returns
        (the job exists only then)."""
        if self.held == "CreateTrainingJob":
            return emu.requests(self.held)[0].time + self.seconds
        return signalled


PHASES = {
    "describe": Phase("DescribeTrainingJob"),
    "log-read": Phase("GetLogEvents", lifecycle=WRITES_LOGS_AT_ONCE),
    "sleep": Phase(None, stream_logs=False),
    "create": Phase("CreateTrainingJob", seconds=0.2),
}


def stops_of(emu: Emulator, name: str):
    return [r for r in emu.requests("StopTrainingJob") if r.body.get("TrainingJobName") == name]


@dataclass(frozen=True)
class Terminated:
    name: str
    latencies: list[float]  # seconds from when the stop could first be sent to each StopTrainingJob's arrival
    out: str
    err: str


def terminate(emu: Emulator, tmp_path: Path, phase: str, kill_after: float) -> Terminated:
    """Run the training step until it is in `phase`, SIGTERM its process group, and SIGKILL it
    `kill_after` seconds after the stop could first be sent."""
    case = PHASES[phase]
    emu.lifecycle = case.lifecycle
    if case.held:
        emu.inject(case.held, "slow", seconds=case.seconds)
    name = f"terminated-{phase}"
    # Its own process group, as the KFP launcher's group is in the pod.
    step = start(valid_args(job_name=name, stream_logs=case.stream_logs), emu.env(), tmp_path, start_new_session=True)
    try:
        wait_until(lambda: case.entered(emu) or step.poll() is not None)
        assert step.poll() is None, step.communicate()
        signalled = time.time()
        os.killpg(step.pid, signal.SIGTERM)
        possible = case.stop_possible(emu, signalled)
        time.sleep(max(0.0, possible + kill_after - time.time()))
        with contextlib.suppress(ProcessLookupError):  # whether or not it has exited
            os.killpg(step.pid, signal.SIGKILL)
        out, err = step.communicate(timeout=10)
    finally:
        if step.poll() is None:
            step.kill()
            step.communicate()
    return Terminated(name, [stop.time - possible for stop in stops_of(emu, name)], out, err)


@pytest.mark.parametrize("phase", PHASES)
def test_stop_reaches_aws_before_a_kill_a_quarter_second_after_sigterm(emu, tmp_path, phase):
    result = terminate(emu, tmp_path, phase, KILL_AFTER)
    print(f"{phase}: StopTrainingJob arrived after {[round(t * 1000) for t in result.latencies]} ms")
    assert len(result.latencies) == 1, result.err
    assert emu.describe(result.name)["TrainingJobStatus"] in ("Stopping", "Stopped")
    assert emu.stopped_by(result.name) == "StopTrainingJob"
    assert outputs(tmp_path) == {}


def test_a_step_that_outlives_the_second_waits_for_stopped_and_exits_143(emu, tmp_path):
    # As where the pod is given a grace period (kfp 1.x): the describe the signal interrupted ends,
    # and the step waits for Stopped instead of taking that describe's answer as the job's end.
    emu.inject("DescribeTrainingJob", "slow", seconds=0.6)  # answered after the stop has completed
    step = start(valid_args(job_name="outlived", stream_logs=False), emu.env(), tmp_path, start_new_session=True)
    wait_until(lambda: bool(emu.requests("DescribeTrainingJob")))
    os.killpg(step.pid, signal.SIGTERM)
    out, err = step.communicate(timeout=30)
    assert step.returncode == 128 + signal.SIGTERM, err
    assert "training job outlived is Stopped; no outputs written" in err
    assert len(stops_of(emu, "outlived")) == 1
    assert outputs(tmp_path) == {}


def test_ctrl_c_while_the_arguments_are_checked_exits_130_without_a_traceback(emu, tmp_path):
    """The widest window before the step's own handlers is botocore loading its SageMaker model:
    widened here (a sitecustomize that says when the load starts, then waits) to hit it every time."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import sys, time\n"
        "import botocore.loaders\n"
        "load = botocore.loaders.Loader.load_service_model\n"
        "def slow(self, *args, **kwargs):\n"
        "    print('loading the model', file=sys.stderr, flush=True)\n"
        "    time.sleep(30)\n"
        "    return load(self, *args, **kwargs)\n"
        "botocore.loaders.Loader.load_service_model = slow\n", encoding="utf-8")
    env = {**emu.env(), "PYTHONPATH": str(hook)}
    step = start(valid_args(job_name="interrupted-early"), env, tmp_path)
    wait_until(lambda: "loading the model" in step.stderr.readline())
    step.send_signal(signal.SIGINT)
    out, err = step.communicate(timeout=30)
    assert step.returncode == 130
    assert "Traceback" not in err
    assert ("error: the step received SIGINT: while checking the arguments; nothing was sent to AWS; "
            "no outputs written") in err
    assert emu.requests("CreateTrainingJob") == [] and outputs(tmp_path) == {}
