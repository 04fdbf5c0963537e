"""Training-job state kept on moto's ``FakeTrainingJob`` objects, and the DescribeTrainingJob view of it.

Every function here must be called with ``LOCK`` held: the HTTP server threads, the lifecycle
threads and the test all touch the same job objects.
"""

from __future__ import annotations

import calendar
import copy
import functools
import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import botocore.session
from moto.core.utils import utcnow

#: One lock for all emulated training-job state (re-entrant: helpers call each other).
LOCK = threading.RLock()

STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
TERMINAL = ("Completed", "Failed", "Stopped")
#: Secondary statuses during which the instances are not yet training (no TrainingStartTime yet).
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
_ALWAYS_PRESENT = {
    "EnableNetworkIsolation": False,
    "EnableInterContainerTrafficEncryption": False,
    "EnableManagedSpotTraining": False,
}


class JobStateError(ValueError):
    """The requested change is not possible in the job's current status."""


@functools.lru_cache(maxsize=None)
def _describe_members() -> tuple[str, ...]:
    """Members of DescribeTrainingJob's response, in botocore's order."""
    model = botocore.session.get_session().get_service_model("sagemaker")
    return tuple(model.operation_model("DescribeTrainingJob").output_shape.members)


@functools.lru_cache(maxsize=None)
def _echoed_members() -> frozenset[str]:
    """CreateTrainingJob members that DescribeTrainingJob returns as sent (all but Tags and a few)."""
    model = botocore.session.get_session().get_service_model("sagemaker")
    create = model.operation_model("CreateTrainingJob").input_shape.members
    return frozenset(create) & frozenset(_describe_members())


def now() -> datetime:
    """moto's naive-UTC now, cut to milliseconds (what the wire format carries)."""
    return _ms(utcnow())


def _ms(moment: datetime) -> datetime:
    """A datetime cut to whole milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since the epoch for one of moto's naive-UTC datetimes."""
    return calendar.timegm(moment.utctimetuple())


def init_job(job: Any, request: Mapping[str, Any]) -> None:
    """Put a job that moto has just created into AWS's first state: InProgress / Starting."""
    job.creation_time = created = _ms(job.creation_time)
    job.emu_request = copy.deepcopy(dict(request))
    job.algorithm_specification = copy.deepcopy(request.get("AlgorithmSpecification"))
    job.training_job_status = "InProgress"
    job.secondary_status = "Starting"
    job.secondary_status_transitions = [
        {"Status": "Starting", "StartTime": created, "StatusMessage": INITIAL_MESSAGE}
    ]
    job.training_start_time = None
    job.training_end_time = None
    job.model_artifacts = None
    job.final_metric_data_list = []
    job.last_modified_time = created
    job.emu_failure_reason = None
    job.emu_stopped_by = None


def set_status(job: Any, status: str, secondary: str, message: str | None = None) -> None:
    """Set the status and secondary status; a new secondary status closes the previous transition."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    if not secondary:
        raise ValueError("secondary status must not be empty")
    if job.training_job_status in TERMINAL:
        raise JobStateError(
            f"training job {job.training_job_name} has already ended ({job.training_job_status})"
        )
    moment = now()
    if message is None:
        message = DEFAULT_MESSAGES.get(secondary, "")
    transitions = job.secondary_status_transitions
    last = transitions[-1] if transitions else None
    if last is not None and last["Status"] == secondary and "EndTime" not in last:
        # Same secondary status again: AWS only updates the message of the open transition.
        last["StatusMessage"] = message
    else:
        if last is not None and "EndTime" not in last:
            last["EndTime"] = moment
        transitions.append({"Status": secondary, "StartTime": moment, "StatusMessage": message})
    if (
        job.training_start_time is None
        and status == "InProgress"
        and secondary not in _STARTING_PHASE
    ):
        job.training_start_time = moment
    job.training_job_status = status
    job.secondary_status = secondary
    job.last_modified_time = moment


def finish(
    job: Any,
    status: str,
    failure_reason: str | None = None,
    metrics: Mapping[str, float] | None = None,
    secondary: str | None = None,
    message: str | None = None,
) -> None:
    """End the job as Completed, Failed or Stopped (Completed also sets ModelArtifacts)."""
    if status not in TERMINAL:
        raise ValueError(f"a job finishes as one of {TERMINAL}, not {status!r}")
    if job.training_job_status in TERMINAL:
        raise JobStateError(
            f"training job {job.training_job_name} has already ended ({job.training_job_status})"
        )
    secondary = secondary or status
    set_status(job, status, secondary, message)
    ended = job.last_modified_time
    job.secondary_status_transitions[-1]["EndTime"] = ended
    job.training_end_time = ended
    if status == "Completed":
        if job.training_start_time is None:
            job.training_start_time = ended
        output_path = job.emu_request["OutputDataConfig"]["S3OutputPath"].rstrip("/")
        job.model_artifacts = {
            "S3ModelArtifacts": f"{output_path}/{job.training_job_name}/output/model.tar.gz"
        }
    if status == "Failed":
        job.emu_failure_reason = failure_reason or DEFAULT_FAILURE_REASON
    if metrics:
        job.final_metric_data_list = [
            {"MetricName": name, "Value": float(value), "Timestamp": ended}
            for name, value in metrics.items()
        ]


def begin_stop(job: Any, by: str) -> bool:
    """Move an InProgress job to Stopping; False if it is already stopping, JobStateError if ended."""
    status = job.training_job_status
    if status in TERMINAL:
        raise JobStateError(
            f"The request was rejected because the training job is in status {status}."
        )
    if status == "Stopping":
        return False
    set_status(job, "Stopping", "Stopping")
    job.emu_stopped_by = by
    return True


def complete_stop(job: Any) -> None:
    """Move a Stopping job to Stopped (nothing happens if something else ended it meanwhile)."""
    if job.training_job_status == "Stopping":
        finish(job, "Stopped")


def describe(job: Any) -> dict[str, Any]:
    """The DescribeTrainingJob response for a job: the request echoed back plus the job's state."""
    out: dict[str, Any] = dict(_ALWAYS_PRESENT)
    echoed = _echoed_members()
    out.update(
        {k: copy.deepcopy(v) for k, v in job.emu_request.items() if k in echoed and v is not None}
    )
    out["TrainingJobName"] = job.training_job_name
    out["TrainingJobArn"] = job.arn
    out["TrainingJobStatus"] = job.training_job_status
    out["SecondaryStatus"] = job.secondary_status
    out["SecondaryStatusTransitions"] = copy.deepcopy(job.secondary_status_transitions)
    out["CreationTime"] = job.creation_time
    out["LastModifiedTime"] = job.last_modified_time
    if job.training_start_time is not None:
        out["TrainingStartTime"] = job.training_start_time
    if job.training_end_time is not None:
        out["TrainingEndTime"] = job.training_end_time
        if job.training_start_time is not None:
            seconds = max(1, round((job.training_end_time - job.training_start_time).total_seconds()))
            out["TrainingTimeInSeconds"] = seconds
            out["BillableTimeInSeconds"] = seconds
    if job.model_artifacts:
        out["ModelArtifacts"] = copy.deepcopy(job.model_artifacts)
    if job.emu_failure_reason:
        out["FailureReason"] = job.emu_failure_reason
    if job.final_metric_data_list:
        out["FinalMetricDataList"] = copy.deepcopy(job.final_metric_data_list)
    order = {name: i for i, name in enumerate(_describe_members())}
    return dict(sorted(out.items(), key=lambda item: order.get(item[0], len(order))))
