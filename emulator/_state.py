"""The emulated state of a SageMaker job of any kind or an endpoint, and the DescribeXxx view of it
(and of a model or endpoint config).

A ``JobState`` hangs on moto's job or endpoint object (``.emulated``); the fields moto's ListXxx
reads (status, times) are mirrored onto that object. Every function here must be called with
``LOCK`` held: the HTTP server threads, the lifecycle threads and the test all touch the same jobs.
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
from moto.sagemaker.models import sagemaker_backends

from ._kinds import ENDPOINT, ENDPOINT_CONFIG, MODEL, JobKind, ResourceKind, snake

#: One lock for all emulated job state (re-entrant: helpers call each other).
LOCK = threading.RLock()

TERMINAL = ("Completed", "Failed", "Stopped")
#: Statuses the emulator ends after its stop delay: a job's Stopping (Stopped), an endpoint's
#: RollingBack (InService on the config it had) and Deleting (gone).
SETTLING = ("Stopping", "RollingBack", "Deleting")
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


@dataclass(frozen=True, eq=False)
class Deployment:
    """An endpoint config as an endpoint deploys it: its CreateEndpointConfig request and the images
    of each variant's model, as they were when the deployment began (SageMaker keeps serving them
    if the config or the model is deleted later)."""

    config: Mapping[str, Any]
    #: Container images by variant name.
    images: Mapping[str, list[str]]
    started: datetime

    @property
    def name(self) -> str:
        return str(self.config["EndpointConfigName"])

    @property
    def variant(self) -> str:
        """The first production variant's name."""
        return str(self.config["ProductionVariants"][0]["VariantName"])


@dataclass(eq=False)
class JobState:
    """What AWS would know about one job or endpoint. ``phase`` is the SecondaryStatus of kinds
    that show one; for the others it is kept unseen, because leaving the starting phases sets
    <Kind>StartTime."""

    kind: JobKind
    model: Any  # moto's job or endpoint object
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
    #: An endpoint's deployment in service (None until its creation succeeds), the one begun last,
    #: and its last DeploymentConfig.
    serving: Deployment | None = None
    latest: Deployment | None = None
    deployment_config: dict[str, Any] | None = None

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

    @property
    def pending(self) -> Deployment | None:
        """An endpoint's deployment under way (Creating or Updating), if any."""
        return self.latest if self.status in ("Creating", "Updating") else None

    @property
    def variant(self) -> str | None:
        """The production variant an endpoint's logs go to: the first of the config being
        deployed, else of the one in service, else of the one that failed (None for jobs)."""
        deployment = self.pending or self.serving or self.latest
        return None if deployment is None else deployment.variant

    def stream_name(self, host: str) -> str:
        return self.kind.stream_name(self.name, host, self.creation_epoch, self.variant)


def now() -> datetime:
    """moto's naive-UTC now, cut to milliseconds (what the wire format carries)."""
    return _ms(utcnow())


def _ms(moment: datetime) -> datetime:
    """A datetime cut to whole milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def init_job(kind: JobKind, model: Any, request: Mapping[str, Any], backend: Any) -> JobState:
    """Attach AWS's first state (InProgress / Starting; an endpoint's Creating) to a job or endpoint
    moto has just created."""
    created = _ms(model.creation_time)
    job = JobState(
        kind=kind,
        model=model,
        request=copy.deepcopy(dict(request)),
        account_id=backend.account_id,
        region=backend.region_name,
        created=created,
        status=kind.initial_status,
        transitions=[{"Status": "Starting", "StartTime": created, "StatusMessage": INITIAL_MESSAGE}],
        modified=created,
    )
    if kind is ENDPOINT:
        job.latest = _deployment(backend, request["EndpointConfigName"], created)
        job.deployment_config = copy.deepcopy(request.get("DeploymentConfig"))
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
    if job.status in job.kind.final_statuses:
        raise JobStateError(f"{job.kind.noun} {job.name} has already ended its lifecycle ({job.status})")


def set_status(job: JobState, status: str, secondary: str, message: str | None = None) -> None:
    """Set the status and phase; a new phase closes the previous transition."""
    if status not in job.kind.statuses:
        raise ValueError(f"status must be one of {job.kind.statuses}, not {status!r}")
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
    """End the job as Completed, Failed or Stopped (an endpoint's deployment: ``_end_deployment``)."""
    final = job.kind.final_statuses
    if status not in final:
        raise ValueError(f"a {job.kind.noun} finishes as one of {final}, not {status!r}")
    _check_running(job)
    if job.kind is ENDPOINT:
        _end_deployment(job, status, failure_reason)
        return
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


def settle(job: JobState) -> None:
    """End a status in SETTLING (nothing happens if something else ended it meanwhile): Stopping ->
    Stopped; an endpoint's RollingBack -> InService on the config it had; Deleting -> gone."""
    if job.status == "Stopping":
        finish(job, "Stopped")
    elif job.status == "RollingBack":
        _set_endpoint_status(job, "InService")
    elif job.status == "Deleting":
        collection = ENDPOINT.existing(_backend(job))
        if collection.get(job.name) is job.model:
            del collection[job.name]


def exists(job: JobState) -> bool:
    """False once a deleted endpoint is gone (the name may be another's since)."""
    return ENDPOINT.existing(_backend(job)).get(job.name) is job.model if job.kind is ENDPOINT else True


def _backend(job: JobState) -> Any:
    """moto's SageMaker backend of the job's account and region."""
    return sagemaker_backends[job.account_id][job.region]


def _deployment(backend: Any, config_name: str, started: datetime) -> Deployment:
    """The endpoint config called ``config_name`` as a deployment starting now."""
    config = ENDPOINT_CONFIG.existing(backend)[config_name].emulated_request
    images = {}
    for variant in [*config["ProductionVariants"], *config.get("ShadowProductionVariants", [])]:
        model = getattr(MODEL.existing(backend).get(variant["ModelName"]), "emulated_request", {})
        containers = [model["PrimaryContainer"]] if "PrimaryContainer" in model else model.get("Containers", [])
        images[variant["VariantName"]] = [container["Image"] for container in containers if "Image" in container]
    return Deployment(config=copy.deepcopy(config), images=images, started=started)


def _set_endpoint_status(job: JobState, status: str, moment: datetime | None = None) -> None:
    """Set an endpoint's status (it has no phases to show)."""
    job.status = status
    job.modified = moment or now()
    _mirror(job)


def _end_deployment(job: JobState, status: str, failure_reason: str | None) -> None:
    """End the deployment under way: InService on its config, or Failed; a failed update rolls back
    (RollingBack, which ``settle`` ends). A failure reason may name ``{variant}``: the first variant."""
    deployment = job.pending
    if deployment is None:
        raise JobStateError(f"endpoint {job.name} is {job.status}: no deployment is under way")
    if status == "InService":
        job.serving = deployment
        job.failure_reason = None
    else:
        job.failure_reason = (failure_reason or DEFAULT_FAILURE_REASON).replace("{variant}", deployment.variant)
        if job.status == "Updating":  # SageMaker keeps the old config in service
            status = "RollingBack"
    _set_endpoint_status(job, status)


def begin_update(job: JobState, request: Mapping[str, Any], backend: Any) -> None:
    """Start an UpdateEndpoint: Updating to the config it names, with its DeploymentConfig (or the
    last one, if RetainDeploymentConfig)."""
    moment = now()
    job.latest = _deployment(backend, request["EndpointConfigName"], moment)
    if "DeploymentConfig" in request or not request.get("RetainDeploymentConfig"):
        job.deployment_config = copy.deepcopy(request.get("DeploymentConfig"))
    _set_endpoint_status(job, "Updating", moment)


def begin_delete(job: JobState) -> None:
    """Start a DeleteEndpoint: Deleting, until ``settle``."""
    _set_endpoint_status(job, "Deleting")


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
    """Keep the request on a resource moto has just created (a model, an endpoint config), its time
    cut as the wire's."""
    model.creation_time = _ms(model.creation_time)
    model.emulated_request = copy.deepcopy(dict(request))


def describe_resource(kind: ResourceKind, model: Any, arn: str) -> dict[str, Any]:
    """The DescribeXxx response of a resource kept by ``init_resource`` (its ARN given: moto keeps
    an endpoint config's in a tuple)."""
    return view(kind, model.emulated_request, {
        kind.name_field: model.emulated_request[kind.name_field],
        kind.arn_field: arn,
        "CreationTime": model.creation_time,
    })
