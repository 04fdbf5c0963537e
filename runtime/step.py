"""The step: parse ▸ validate ▸ build the request ▸ create or attach ▸ wait with logs ▸ outputs.

Exit codes: 0 the job completed; 1 it ended Failed or Stopped; 2 invalid arguments (nothing was
sent to AWS); 3 AWS refused or could not be reached, or the job name is taken (by any job with
job_exists_action fail, else by a job created from a different request); 128 + signal when the step
was terminated.

On SIGTERM or SIGINT a thread started once the job exists sends StopTrainingJob at once (unless
stop_on_termination is false), whatever the main thread is doing: a KFP v2 pod is killed about a
second after SIGTERM. The main thread then waits, bounded, for Stopped and writes no outputs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import signal
import sys
import threading
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from runtime.arguments import Component
from runtime.clock import Clock
from runtime.logs import LogTail
from runtime.outputs import as_file_text, remove_stale, value_of, write_atomically
from runtime.request import checked_request
from runtime.request_digest import DIGEST_TAG, add_digest_tag
from runtime.session import botocore_for, client
from runtime.training_job import NAME_FIELD, STOP_WAIT, StepFailure, TrainingJob, job_name

EXIT_INVALID = 2
EXIT_AWS = 3
SIGNALS = (signal.SIGTERM, signal.SIGINT)
SECRET_KEY = re.compile(r"password|secret|token|key", re.IGNORECASE)
MASKED_MAPS = ("HyperParameters", "Environment")


def say(text: str) -> None:
    print(text, flush=True)


def run(component: Component, parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    given = vars(parser.parse_args(argv))
    values, request, problems = checked_request(component, given)
    for warning in problems.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if problems.errors:
        for error in problems.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{len(problems.errors)} invalid argument(s); nothing was sent to AWS.", file=sys.stderr)
        return EXIT_INVALID

    identity = [values[key] for key in ("kfp_run_id", "kfp_task_id", "kfp_task_name")]
    request.setdefault(NAME_FIELD, job_name(*identity))
    if not add_digest_tag(request, component.operation, NAME_FIELD):
        print(f"warning: tags has as many entries as SageMaker allows, so the job goes without the {DIGEST_TAG} "
              "tag: a later run that reuses its job_name with another request would attach to it instead of failing",
              file=sys.stderr)
    if values["dry_run"]:
        say(json.dumps(masked(request), indent=2, sort_keys=True))
        # On stderr, so that stdout stays the request's JSON alone.
        print(f"dry run: the {component.operation} request above was not sent; nothing was sent to AWS",
              file=sys.stderr)
        return 0

    output_paths = {o.name: Path(p) for o in component.outputs if (p := given.get(f"{o.name}_output_path"))}
    remove_stale(list(output_paths.values()))
    try:
        return _run_job(component, values, request, output_paths)
    except StepFailure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.exit_code
    except (ClientError, BotoCoreError) as error:
        print(f"error: AWS: {error}", file=sys.stderr)
        return EXIT_AWS


def _run_job(component: Component, values: dict, request: dict, output_paths: dict[str, Path]) -> int:
    name = request["TrainingJobName"]
    region = values["region"]
    clock = Clock()
    with _signals_interrupt(clock) as received:
        session = botocore_for(region, values["assume_role"], session_name=name[:64])
        sagemaker = client(session, "sagemaker", region, values["endpoint_url"])
        job = TrainingJob(sagemaker, name, clock)
        say(f"Training job request:\n{json.dumps(masked(request), indent=2, sort_keys=True)}")
        if received:
            return _terminated(received[0], f"before training job {name} was created; nothing to stop")
        job.create_or_attach(request, values["job_exists_action"])
        name = job.name  # a rerun of a failed job runs under the next attempt's name
        stopper = _stop_on_signal(job, clock) if values["stop_on_termination"] else None
        say(f"Console: https://{region}.console.aws.amazon.com/sagemaker/home?region={region}#/jobs/{name}")
        say(f"Logs: https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
            f"#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FTrainingJobs$3FlogStreamNameFilter$3D{name}")
        tail = LogTail(client(session, "logs", region), name, _instances(request)) if values["stream_logs"] else None
        final = job.follow(tail)
        if final is None or received:  # once a signal came, no outputs, even if the job just ended
            if stopper is None:
                return _terminated(received[0], f"training job {name} keeps running (stop_on_termination is false)")
            deadline = clock.now() + STOP_WAIT
            stopper.join(STOP_WAIT)
            stopped = job.wait_stopped(deadline)
            status = stopped["TrainingJobStatus"] if stopped else "in an unknown state"
            return _terminated(received[0], f"training job {name} is {status}")
    return _finish(component, sagemaker, final, output_paths)


def _terminated(signum: int, what: str) -> int:
    print(f"error: the step received {signal.Signals(signum).name}: {what}; no outputs written", file=sys.stderr)
    return 128 + signum


def _finish(component: Component, sagemaker, job: dict, output_paths: dict[str, Path]) -> int:
    status, name = job["TrainingJobStatus"], job["TrainingJobName"]
    if status == "Failed":
        print(f"error: training job {name} failed: {job.get('FailureReason', 'no reason given')}", file=sys.stderr)
        return 1
    if status == "Stopped":
        transitions = job.get("SecondaryStatusTransitions") or [{}]
        why = transitions[-1].get("StatusMessage") or "stopped from outside the step"
        print(f"error: training job {name} was stopped: {why}", file=sys.stderr)
        return 1
    _add_algorithm_image(sagemaker, job)
    for output in component.outputs:
        value = value_of(output, job)
        say(f"Output {output.name}: {as_file_text(output, value)}")
        if output.name in output_paths:
            write_atomically(output_paths[output.name], as_file_text(output, value))
    say(f"Training job {name} completed")
    return 0


def _add_algorithm_image(sagemaker, job: dict) -> None:
    """A job trained with an algorithm resource names no image; the algorithm does."""
    spec = job.setdefault("AlgorithmSpecification", {})
    if spec.get("TrainingImage") or not spec.get("AlgorithmName"):
        return
    try:
        algorithm = sagemaker.describe_algorithm(AlgorithmName=spec["AlgorithmName"])
        spec["TrainingImage"] = algorithm["TrainingSpecification"]["TrainingImage"]
    except (ClientError, BotoCoreError, KeyError) as error:
        print(f"warning: could not read the image of algorithm {spec['AlgorithmName']}: {error}", file=sys.stderr)


def _instances(request: dict) -> int:
    resources = request.get("ResourceConfig", {})
    groups = resources.get("InstanceGroups")
    return sum(g.get("InstanceCount", 1) for g in groups) if groups else resources.get("InstanceCount", 1)


def masked(request: dict) -> dict:
    """The request as it may be printed: values of secret-looking keys hidden."""
    shown = dict(request)
    for field in MASKED_MAPS:
        if field in shown:
            shown[field] = {k: "****" if SECRET_KEY.search(k) else v for k, v in shown[field].items()}
    return shown


def _stop_on_signal(job: TrainingJob, clock: Clock) -> threading.Thread:
    """Send StopTrainingJob the moment a signal arrives, from a thread of its own.

    Under KFP v2 the container is killed about a second after SIGTERM, while the main thread may be
    inside a describe or a log read for far longer (60 s read timeout, retries). A daemon thread:
    when the job ends by itself, the step exits without it.
    """

    def stop_when_signalled() -> None:
        # Signals must go to the main thread: Python runs handlers only there, and a signal the
        # kernel gave this thread would not interrupt the main thread's blocking read, so the
        # handler, and with it the stop, would wait until that read ends.
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        clock.interrupted.wait()
        job.send_stop()

    stopper = threading.Thread(target=stop_when_signalled, name="stop-on-signal", daemon=True)
    stopper.start()
    return stopper


@contextlib.contextmanager
def _signals_interrupt(clock: Clock):
    """SIGTERM and SIGINT interrupt the clock; yields the list the signal numbers go into."""
    received: list[int] = []

    def handle(signum, frame):
        received.append(signum)
        clock.interrupted.set()

    previous = {sig: signal.signal(sig, handle) for sig in SIGNALS}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
