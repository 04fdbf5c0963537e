"""The step: parse ▸ validate ▸ build the request ▸ create or attach ▸ wait with logs ▸ outputs.

Exit codes: 0 the job completed; 1 it ended Failed or Stopped; 2 invalid arguments (nothing was
sent to AWS); 3 AWS refused or could not be reached, or the job name is taken (by any job with
job_exists_action fail, else by a job created from a different request); 128 + signal when the step
was terminated.

On SIGTERM or SIGINT a thread started once the job exists sends Stop<kind> at once (unless
stop_on_termination is false or the kind cannot be stopped), whatever the main thread is doing: a
KFP v2 pod is killed up to about a second after SIGTERM. The main thread then waits, bounded, for
the job to end and writes no outputs.

The job's kind (operations, fields, log group, ...) is the component's `JobKind` row: this step
runs every kind.
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

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from . import api_model
from .arguments import Component, JobKind
from .clock import Clock
from .hooks import ON_COMPLETED
from .job import STOP_WAIT, Job, StepFailure, job_name, request_name
from .logs import LogTail
from .outputs import as_file_text, related_descriptions, remove_stale, value_of, write_atomically
from .pipes import outlive_readers
from .request import checked_requests
from .request_digest import DIGEST_TAG, add_digest_tag, request_digest
from .session import botocore_for, client

EXIT_INVALID = 2
EXIT_AWS = 3
SIGNALS = (signal.SIGTERM, signal.SIGINT)
SECRET_KEY = re.compile(r"password|secret|token|key", re.IGNORECASE)
MASKED_MAPS = ("HyperParameters", "StaticHyperParameters", "Environment")


def say(text: str) -> None:
    print(text, flush=True)


def run(component: Component, parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    outlive_readers()  # the KFP launcher, which reads stdout and stderr, exits at once on SIGTERM
    given = vars(parser.parse_args(argv))
    try:  # the longest wait before the step's own handlers: botocore's model loads
        values, requests, problems = checked_requests(component, given)
    except KeyboardInterrupt:
        return _terminated(signal.SIGINT, "while checking the arguments; nothing was sent to AWS")
    for warning in problems.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if problems.errors:
        for error in problems.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{len(problems.errors)} invalid argument(s); nothing was sent to AWS.", file=sys.stderr)
        return EXIT_INVALID

    kind = component.job
    request = requests[component.operation]
    config = _named_config(kind, requests)
    if kind.name_field not in request:
        if values["name_from_request"]:
            name = request_name(kind.name_prefix, request_digest(request, kind.name_field), kind.name_max_length)
        else:
            identity = [values[key] for key in ("kfp_run_id", "kfp_task_id", "kfp_task_name")]
            name = job_name(kind.name_prefix, *identity, max_length=kind.name_max_length)
        request[kind.name_field] = name
    if not add_digest_tag(request, kind.create, kind.name_field):
        print(f"warning: tags has as many entries as SageMaker allows, so the job goes without the {DIGEST_TAG} "
              "tag: a later run that reuses its job_name with another request would attach to it instead of failing",
              file=sys.stderr)
    if values["dry_run"]:
        # The update's request is made only if the resource turns out to exist.
        sent = {operation: masked(requests[operation]) for operation in component.operations if operation != kind.update}
        say(json.dumps(sent if config else masked(request), indent=2, sort_keys=True))
        # On stderr, so that stdout stays the request's JSON alone.
        print(f"dry run: the {' and '.join(sent)} request{'s' * (len(sent) > 1)} above {'were' if config else 'was'} "
              "not sent; nothing was sent to AWS", file=sys.stderr)
        return 0

    output_paths = {o.name: Path(p) for o in component.outputs if (p := given.get(f"{o.name}_output_path"))}
    remove_stale(list(output_paths.values()))
    try:
        return _run_job(component, values, requests, output_paths)
    except StepFailure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.exit_code
    except (ClientError, BotoCoreError) as error:
        print(f"error: AWS: {error}", file=sys.stderr)
        return EXIT_AWS


def _named_config(kind: JobKind, requests: dict[str, dict]) -> dict | None:
    """The config's request (None for a kind without one), named after its request unless its name
    was given, so that a retried or rerun step finds the config it made; the kind's request takes
    the name."""
    if kind.config is None:
        return None
    config_kind = kind.config_kind
    config = requests[config_kind.create]
    config.setdefault(config_kind.name_field, _config_name(kind, config))
    add_digest_tag(config, config_kind.create, config_kind.name_field)
    requests[kind.create][config_kind.name_field] = config[config_kind.name_field]
    return config


def _config_name(kind: JobKind, config: dict) -> str:
    """The name of the config made from this request: the same request, the same config."""
    return request_name(kind.config, request_digest(config, kind.config_kind.name_field), kind.name_max_length)


def _run_job(component: Component, values: dict, requests: dict[str, dict], output_paths: dict[str, Path]) -> int:
    kind = component.job
    request = requests[component.operation]
    name = request[kind.name_field]
    region = values["region"]
    clock = Clock()
    with _signals_interrupt(clock) as received:
        session = botocore_for(region, values["assume_role"], session_name=name[:64])
        sagemaker = client(session, "sagemaker", region, values["endpoint_url"])
        job = Job(sagemaker, kind, name, clock, name_argument=component.name_argument)
        updating = bool(kind.update_argument and values[kind.update_argument])  # allowed to update an existing one
        if kind.config:
            config = requests[kind.config_kind.create]
            config_job = Job(sagemaker, kind.config_kind, config[kind.config_kind.name_field], clock,
                             name_argument=component.config_name_argument)
            say(f"{config_job.kind.capitalized} request:\n{json.dumps(masked(config), indent=2, sort_keys=True)}")
            if received:
                return _terminated(received[0], f"before {config_job.kind.words} {config_job.name} was created; nothing to stop")
            _create_config(config_job, job, config, request, updating)
        say(f"{kind.capitalized} request:\n{json.dumps(masked(request), indent=2, sort_keys=True)}")
        if received:
            return _terminated(received[0], f"before {kind.words} {name} was created; nothing to stop")
        since_ms = None  # a job's log is its own; an endpoint's holds every deployment's lines
        if kind.config:
            since_ms = _create_or_update(job, request, requests.get(kind.update), updating)
        else:
            job.create_or_attach(request, values["job_exists_action"])
        name = job.name  # a rerun of a failed job runs under the next attempt's name
        # A kind that cannot be stopped or writes no logs has no such argument (the generator checks).
        stops = kind.stoppable and values["stop_on_termination"]
        stopper = _stop_on_signal(job, clock) if stops else None
        say(f"Console: https://{region}.console.aws.amazon.com/sagemaker/home?region={region}#/{kind.console_page}/{name}")
        tail = None
        if kind.log_group:
            group, prefix = kind.log_group.format(name=name), kind.log_streams.format(name=name)
            say(f"Logs: https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
                f"#logsV2:log-groups/log-group/{_console_escaped(group)}$3FlogStreamNameFilter$3D{prefix}")
            # Not after a signal during the create: building a client would hold the stop thread back.
            if values["stream_logs"] and not received:
                # Streams of the job's own instances can be counted; a tuning job's keep coming.
                expected = _instances(request, kind) if prefix.endswith("/") else None
                tail = LogTail(client(session, "logs", region), group, prefix, expected, since_ms=since_ms)
        final = None if received else job.follow(tail)
        if final is None or received:  # once a signal came, no outputs, even if the job just ended
            if not kind.has_status:  # ready once created: nothing runs that could be stopped
                return _terminated(received[0], f"{kind.words} {name} exists; there is nothing to stop")
            if kind.config:  # it may already serve: left as it is, never deleted
                return _terminated(received[0], f"{kind.words} {name} was {job.seen_status or 'being created'} and is "
                                   f"left as it is (SageMaker has no {kind.stop}); to remove it: aws sagemaker "
                                   f"{xform_name(f'Delete{kind.kind}', '-')} --{xform_name(kind.name_field, '-')} {name}")
            if stopper is None:
                why = "stop_on_termination is false" if kind.stoppable else f"SageMaker has no {kind.stop}"
                return _terminated(received[0], f"{kind.words} {name} keeps running ({why})")
            deadline = clock.now() + STOP_WAIT
            stopper.join(STOP_WAIT)
            stopped = job.wait_stopped(deadline)
            status = job.status(stopped) if stopped else "in an unknown state"
            return _terminated(received[0], f"{kind.words} {name} is {status}")
    config_kind = kind.config_kind
    if config_kind and job.status(final) == kind.succeeded and final[config_kind.name_field] != request[config_kind.name_field]:
        print(f"error: the update of {kind.words} {name} to {config_kind.words} {request[config_kind.name_field]} "
              f"failed and was rolled back: {final.get('FailureReason') or 'no reason given'}; it still serves "
              f"{config_kind.words} {final[config_kind.name_field]}", file=sys.stderr)
        return 1
    return _finish(component, job, final, output_paths)


def _create_config(config_job: Job, job: Job, config: dict, request: dict, updating: bool) -> None:
    """Create the config, or use the one this request made (a retry, a rerun). A given name that
    holds another request's config fails the step, except when it updates an existing resource:
    then the config is named after its request, as if no name were given. AWS's v1 deploy
    component ignored the given name when updating, and the pipelines written for it give the
    deploy step and the update step one name."""
    field = config_job.kind.name_field
    try:
        config_job.create_or_attach(config, "attach")
        return
    except StepFailure:
        own = _config_name(job.kind, config)
        if not updating or config[field] == own or job.describe() is None:
            raise
    say(f"{config_job.kind.capitalized} {config[field]} holds another configuration; {job.kind.words} {job.name} "
        f"exists and is to be updated, so this step's configuration is named after its request: {own}")
    config[field] = request[field] = config_job.name = own
    config_job.create_or_attach(config, "attach")


def _create_or_update(job: Job, request: dict, update: dict | None, allowed: bool) -> int | None:
    """Create the resource on its config; or follow it, when it is on that config already (a retry, a
    rerun); or, when allowed, point it at that config. Never a second resource. Returns when this
    deployment began (ms since the epoch), for the log: None for a resource created now."""
    kind = job.kind
    field, config_words = kind.config_kind.name_field, kind.config_kind.words
    config = request[field]
    current = job.describe()
    if current is None:
        job.create_or_attach(request, "attach")
        return None
    status, serving = current[kind.status_field], current.get(field)
    if config in (serving, (current.get("PendingDeploymentSummary") or {}).get(field)):
        job.say(f"{kind.capitalized} {job.name} is {status} on {config_words} {config}: following it (a retried or rerun step)")
        modified = current.get("LastModifiedTime")
        return int(modified.timestamp() * 1000) if modified else None
    if not allowed:
        raise StepFailure(f"{kind.words} {job.name} exists and serves {config_words} {serving}, not this step's {config}; "
                          f"set {kind.update_argument} to update it to {config}, or give another {job.name_argument}", 3)
    if status != kind.succeeded:
        raise StepFailure(f"{kind.words} {job.name} is {status}: it can be updated only when {kind.succeeded}"
                          + ("; delete it, then run the step again" if status in kind.unsuccessful else "; run the step again then"), 3)
    members = api_model.service_model().operation_model(kind.update).input_shape.members
    began = int(job.clock.wall() * 1000)
    job.update({**{key: value for key, value in request.items() if key in members}, **(update or {})})
    job.say(f"Updating {kind.words} {job.name} from {config_words} {serving} to {config}")
    return began


def _terminated(signum: int, what: str) -> int:
    print(f"error: the step received {signal.Signals(signum).name}: {what}; no outputs written", file=sys.stderr)
    return 128 + signum


def _finish(component: Component, job: Job, description: dict, output_paths: dict[str, Path]) -> int:
    kind = component.job
    name = description[kind.name_field]
    if job.status(description) != kind.succeeded:
        print(f"error: {kind.words} {name} {job.why_unsuccessful(description)}", file=sys.stderr)
        for line in job.failed_jobs():
            print(f"  {line}", file=sys.stderr)
        return 1
    for hook in kind.hooks:
        ON_COMPLETED[hook].run(job.sagemaker, description)
    related = related_descriptions(job.sagemaker, component.outputs, description)
    texts = {output.name: as_file_text(output, value_of(output, related.get(output.of, description)))
             for output in component.outputs}
    # Said for every kind: a component with AWS's one output (a model's name) has no ARN output.
    say(f"{kind.capitalized} ARN: {description[kind.arn_field]}")
    for output in component.outputs:
        say(f"Output {output.name}: {texts[output.name]}")
    # Written only once every value is known: a failed read leaves no outputs at all.
    for output, path in output_paths.items():
        write_atomically(path, texts[output])
    ended = "is ready" if not kind.has_status else "completed" if kind.succeeded == "Completed" else f"is {kind.succeeded}"
    say(f"{kind.capitalized} {name} {ended}")
    return 0


def _console_escaped(log_group: str) -> str:
    """A log group as the CloudWatch console's URL fragment spells it: `/` twice escaped."""
    return log_group.replace("/", "$252F")


def _instances(request: dict, kind: JobKind) -> int:
    """How many instances write a log stream: the request's InstanceCount, or its instance groups'."""
    resources = (api_model.value_at(request, kind.instance_count) if kind.instance_count else None) or {}
    groups = resources.get("InstanceGroups")
    return sum(g.get("InstanceCount", 1) for g in groups) if groups else resources.get("InstanceCount", 1)


def masked(request: dict) -> dict:
    """The request as it may be printed: values of secret-looking keys hidden in the maps of
    hyperparameters and environment variables, wherever they are (a tuning job's static
    hyperparameters, a model's containers)."""

    def hidden(value: object, in_map: bool = False) -> object:
        if isinstance(value, dict):
            return {k: "****" if in_map and SECRET_KEY.search(k) else hidden(v, k in MASKED_MAPS)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [hidden(item) for item in value]
        return value

    return hidden(request)


def _stop_on_signal(job: Job, clock: Clock) -> threading.Thread:
    """Send Stop<kind> the moment a signal arrives, from a thread of its own.

    Under KFP v2 the container is killed up to about a second after SIGTERM, while the main thread
    may be inside a describe or a log read for far longer (60 s read timeout, retries). A daemon
    thread: when the job ends by itself, the step exits without it.
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
