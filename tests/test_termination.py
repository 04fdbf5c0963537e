"""Termination the way a KFP v2 cluster does it: SIGTERM to the step's process group, SIGKILL one
second later. StopTrainingJob must reach AWS within that second whatever the step is doing: inside a
DescribeTrainingJob, a log read or the CreateTrainingJob call (each held by the emulator's "slow"
fault), or asleep between polls."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass

import pytest

from sagemaker_kfp_components.emulator import Emulator, Lifecycle, Step
from step_runner import outputs, start, valid_args, wait_until

KILL_AFTER = 1.0  # Argo's emissary signals the launcher's group; the container is gone about a second later
MARGIN = 0.5  # the stop must arrive this soon after it can be sent: well inside KILL_AFTER
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


PHASES = {
    "describe": Phase("DescribeTrainingJob"),
    "log-read": Phase("GetLogEvents", lifecycle=WRITES_LOGS_AT_ONCE),
    "sleep": Phase(None, stream_logs=False),
    # The job exists only once the create returns; the hold ends inside the second, so the stop can follow it.
    "create": Phase("CreateTrainingJob", seconds=0.2),
}


def stops_of(emu: Emulator, name: str):
    return [r for r in emu.requests("StopTrainingJob") if r.body.get("TrainingJobName") == name]


@pytest.mark.parametrize("phase", PHASES)
def test_stop_reaches_aws_before_the_kill_whatever_the_step_is_doing(emu, tmp_path, phase):
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
        sent, started = time.time(), time.monotonic()
        os.killpg(step.pid, signal.SIGTERM)
        time.sleep(KILL_AFTER - (time.monotonic() - started))
        with contextlib.suppress(ProcessLookupError):  # whether or not it has exited
            os.killpg(step.pid, signal.SIGKILL)
        out, err = step.communicate(timeout=10)
    finally:
        if step.poll() is None:
            step.kill()
            step.communicate()

    (stop,) = stops_of(emu, name)
    latency = stop.time - sent
    print(f"{phase}: SIGTERM -> StopTrainingJob arrived after {latency * 1000:.0f} ms")
    earliest = case.seconds if case.held == "CreateTrainingJob" else 0.0  # the job exists once the create returns
    assert latency < earliest + MARGIN < KILL_AFTER
    assert f"Sent StopTrainingJob for {name}" in out
    assert emu.describe(name)["TrainingJobStatus"] in ("Stopping", "Stopped")
    assert emu.stopped_by(name) == "StopTrainingJob"
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
