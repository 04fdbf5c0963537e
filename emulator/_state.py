"""The emulated state of a SageMaker job of any kind, and the DescribeXxx view of it (and of a model).

A ``JobState`` hangs on moto's job object (``.emulated``); the fields moto's ListXxx reads (status,
times) are mirrored onto that object. Every function here must be called with ``LOCK`` held: the
HTTP server threads, the lifecycle threads and the test all touch the same jobs.
"""

from __future__ import annotations

import calendar
import copy
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.utils import utcnow

from ._kinds import JobKind, ResourceKind, snake

#: One lock for all emulated job state (re-entrant: helpers call each other).
LOCK = threading.RLock()

STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
TERMINAL = ("Completed", "Failed", "Stopped")
#: Phases during which the instances are not yet working (no <Kind>StartTime yet).
_STARTING_PHASE = {"Starting", "Pending", "LaunchingMLInstances", "PreparingTrainingStack"}

#: Status messages SageMaker shows for each secondary status (used when a caller gives none).
DEFAULT_MESSAGES = {
    "Starting": "Preparing the instances for training",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Failed": "Training job failed",
    "Stopping": "Stopping the training job",
    "Stopped": "Training job stopped",
    "MaxRuntimeExceeded": "Job stopped because max run time exceeded",
    "MaxWaitTimeExceeded": "Job stopped because max wait time exceeded",
    "Interrupted": "Job interrupted",
    "Restarting": "Restarting the training job",
}
INITIAL_MESSAGE = "Starting the training job"
DEFAULT_FAILURE_REASON = "InternalServerError: We encountered an internal error. Please try again."


class JobStateError(ValueError):
    """The requested change is not possible in the job's current status."""


@dataclass(frozen=True, eq=False)
class Trial:
    """What makes a training job one of a tuning job's: the tuning job, the hyperparameter values it
    tries (as the API writes them, strings), and the objective it reports ({Type, MetricName})."""

    tuning: JobState
    tuned: Mapping[str, str]
    objective: Mapping[str, str]
    definition_name: str | None = None


@dataclass(eq=False)
class JobState:
    """What AWS would know about one job. ``phase`` is the SecondaryStatus of kinds that show one;
    for the others it is kept unseen, because leaving the starting phases sets <Kind>StartTime."""

    kind: JobKind
    model: Any  # moto's job object
    request: dict[str, Any]
    account_id: str
    region: str
    created: datetime
    status: str = "InProgress"
    phase: str = "Starting"
    transitions: list[dict[str, Any]] = field(default_factory=list)
    modified: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    failure_reason: str | None = None
    exit_message: str | None = None
    metrics: list[dict[str, Any]] = field(default_factory=list)
    #: "StopXxx" (a request), "emulator", "lifecycle", or None.
    stopped_by: str | None = None
    #: A tuning job's training jobs, in launch order.
    children: list[JobState] = field(default_factory=list)
    #: Set on a training job a tuning job launched.
    trial: Trial | None = None

    @property
    def name(self) -> str:
        return str(self.request[self.kind.name_field])

    @property
    def arn(self) -> str:
        return str(self.model.arn)

    @property
    def creation_epoch(self) -> int:
        """Whole seconds since the epoch at creation (in log stream names)."""
        return calendar.timegm(self.created.utctimetuple())

    def stream_name(self, host: str) -> str:
        return self.kind.stream_name(self.name, host, self.creation_epoch)


def now() -> datetime:
    """moto's naive-UTC now, cut to milliseconds (what the wire format carries)."""
    return _ms(utcnow())


def _ms(moment: datetime) -> datetime:
    """A datetime cut to whole milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def init_job(kind: JobKind, model: Any, request: Mapping[str, Any], backend: Any) -> JobState:
    """Attach AWS's first state (InProgress / Starting) to a job moto has just created."""
    created = _ms(model.creation_time)
    job = JobState(
        kind=kind,
        model=model,
        request=copy.deepcopy(dict(request)),
        account_id=backend.account_id,
        region=backend.region_name,
        created=created,
        transitions=[{"Status": "Starting", "StartTime": created, "StatusMessage": INITIAL_MESSAGE}],
        modified=created,
    )
    model.creation_time = created
    model.emulated = job
    _mirror(job)
    return job


def _mirror(job: JobState) -> None:
    """Copy what moto's ListXxx reports onto moto's object (moto made it Completed at once)."""
    model, kind = job.model, job.kind
    setattr(model, f"{kind.moto_name}_status", job.status)
    setattr(model, snake(kind.start_field), job.started)
    setattr(model, snake(kind.end_field), job.ended)
    model.last_modified_time = job.modified


def _check_running(job: JobState) -> None:
    if job.status in TERMINAL:
        raise JobStateError(f"{job.kind.noun} {job.name} has already ended ({job.status})")


def set_status(job: JobState, status: str, secondary: str, message: str | None = None) -> None:
    """Set the status and phase; a new phase closes the previous transition."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    if not secondary:
        raise ValueError("secondary status must not be empty")
    _check_running(job)
    moment = now()
    if message is None:
        message = DEFAULT_MESSAGES.get(secondary, "")
    transitions = job.transitions
    last = transitions[-1] if transitions else None
    if last is not None and last["Status"] == secondary and "EndTime" not in last:
        # Same secondary status again: AWS only updates the message of the open transition.
        last["StatusMessage"] = message
    else:
        if last is not None and "EndTime" not in last:
            last["EndTime"] = moment
        transitions.append({"Status": secondary, "StartTime": moment, "StatusMessage": message})
    if job.started is None and status == "InProgress" and secondary not in _STARTING_PHASE:
        job.started = moment
    job.status = status
    job.phase = secondary
    job.modified = moment
    _mirror(job)


def finish(
    job: JobState,
    status: str,
    failure_reason: str | None = None,
    metrics: Mapping[str, float] | None = None,
    secondary: str | None = None,
    message: str | None = None,
    exit_message: str | None = None,
) -> None:
    """End the job as Completed, Failed or Stopped."""
    if status not in TERMINAL:
        raise ValueError(f"a job finishes as one of {TERMINAL}, not {status!r}")
    _check_running(job)
    set_status(job, status, secondary or status, message)
    ended = job.modified
    job.transitions[-1]["EndTime"] = ended
    job.ended = ended
    if status == "Completed" and job.started is None:
        job.started = ended
    if status == "Failed":
        job.failure_reason = failure_reason or DEFAULT_FAILURE_REASON
    job.exit_message = exit_message
    if metrics:
        job.metrics = [
            {"MetricName": name, "Value": float(value), "Timestamp": ended} for name, value in metrics.items()
        ]
    _mirror(job)


def begin_stop(job: JobState, by: str) -> bool:
    """Move an InProgress job to Stopping; False if it is already stopping, JobStateError if ended."""
    if job.status in TERMINAL:
        raise JobStateError(f"The request was rejected because the {job.kind.noun} is in status {job.status}.")
    if job.status == "Stopping":
        return False
    set_status(job, "Stopping", "Stopping")
    job.stopped_by = by
    return True


def complete_stop(job: JobState) -> None:
    """Move a Stopping job to Stopped (nothing happens if something else ended it meanwhile)."""
    if job.status == "Stopping":
        finish(job, "Stopped")


def view(kind: ResourceKind, request: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    """A DescribeXxx response: the kind's always-present defaults, the request echoed back, then
    ``state``; only the fields the kind's response has (botocore's shape), in botocore's order."""
    out: dict[str, Any] = dict(kind.always_present)
    out.update({k: copy.deepcopy(v) for k, v in request.items() if k in kind.echoed_members and v is not None})
    out.update(state)
    return {k: out[k] for k in kind.describe_members if out.get(k) is not None}


def describe(job: JobState) -> dict[str, Any]:
    """The DescribeXxx response of a job."""
    kind = job.kind
    return view(kind, job.request, {
        kind.name_field: job.name,
        kind.arn_field: job.arn,
        kind.status_field: job.status,
        "SecondaryStatus": job.phase,
        "SecondaryStatusTransitions": copy.deepcopy(job.transitions),
        "CreationTime": job.created,
        "LastModifiedTime": job.modified,
        kind.start_field: job.started,
        kind.end_field: job.ended,
        "FailureReason": job.failure_reason,
        "ExitMessage": job.exit_message,
        "FinalMetricDataList": copy.deepcopy(job.metrics) or None,
        **kind.outputs(job),
    })


def init_resource(model: Any, request: Mapping[str, Any]) -> None:
    """Keep the request on a resource moto has just created (a model), its time cut as the wire's."""
    model.creation_time = _ms(model.creation_time)
    model.emulated_request = copy.deepcopy(dict(request))


def describe_resource(kind: ResourceKind, model: Any) -> dict[str, Any]:
    """The DescribeXxx response of a resource kept by ``init_resource``."""
    return view(kind, model.emulated_request, {
        kind.name_field: model.emulated_request[kind.name_field],
        kind.arn_field: model.arn,
        "CreationTime": model.creation_time,
    })
