"""SageMaker job kinds as data: what differs between training, processing and transform jobs.

Everything regular is derived from the kind's API name (``ProcessingJob`` gives CreateProcessingJob,
ProcessingJobName, ProcessingJobStatus, ProcessingStartTime, and moto's ``processing_jobs`` /
``processing_job_name`` / ``processing_job_status``); which describe fields a kind has (SecondaryStatus,
ExitMessage, FinalMetricDataList, LastModifiedTime, ...) comes from botocore's DescribeXxx output
shape. A table entry says only what neither can: messages, the log group and stream names, defaults
AWS adds, and a hook for outputs computed from the request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import botocore.session


def _no_outputs(job: Any) -> dict[str, Any]:
    """No describe fields computed from the request."""
    return {}


@dataclass(frozen=True, eq=False)  # compared by identity: there is one object per kind
class JobKind:
    """One SageMaker job kind, named as in the API (``TrainingJob``)."""

    name: str
    #: In messages: "training job".
    noun: str
    #: CreateXxx with a name already taken (``{name}``, ``{arn}``), answered as ResourceInUse.
    duplicate_message: str
    #: StopXxx for a name never created (``{name}``, ``{arn}``), answered as ValidationException.
    missing_message: str
    log_group: str
    #: One stream per host that writes (``{job}``, ``{host}``, ``{epoch}``: seconds at creation).
    stream_format: str = "{job}/{host}-{epoch}"
    default_host: str = "algo-1"
    #: Describe fields AWS returns even when the request left them out.
    always_present: Mapping[str, Any] = field(default_factory=dict)
    #: Named hook: describe fields computed from the request and state (e.g. ModelArtifacts).
    outputs: Callable[[Any], dict[str, Any]] = _no_outputs

    @property
    def create_operation(self) -> str:
        return f"Create{self.name}"

    @property
    def describe_operation(self) -> str:
        return f"Describe{self.name}"

    @property
    def stop_operation(self) -> str:
        return f"Stop{self.name}"

    @property
    def name_field(self) -> str:
        return f"{self.name}Name"

    @property
    def arn_field(self) -> str:
        return f"{self.name}Arn"

    @property
    def status_field(self) -> str:
        return f"{self.name}Status"

    @property
    def start_field(self) -> str:
        """TrainingStartTime, ProcessingStartTime, TransformStartTime."""
        return self.name.removesuffix("Job") + "StartTime"

    @property
    def end_field(self) -> str:
        return self.name.removesuffix("Job") + "EndTime"

    @property
    def moto_name(self) -> str:
        """moto's snake-case name: handlers ``create_<it>``, backend ``<it>s``, job ``<it>_status``."""
        return snake(self.name)

    def arn(self, region: str, account_id: str, job_name: str) -> str:
        """The ARN a job of this kind has (``...:training-job/NAME``)."""
        return f"arn:aws:sagemaker:{region}:{account_id}:{self.moto_name.replace('_', '-')}/{job_name}"

    def stream_name(self, job_name: str, host: str, creation_epoch: int) -> str:
        """The CloudWatch Logs stream of one host of a job."""
        return self.stream_format.format(job=job_name, host=host, epoch=creation_epoch)

    @functools.cached_property
    def describe_members(self) -> tuple[str, ...]:
        """Members of DescribeXxx's response, in botocore's order."""
        return tuple(_operation(self.describe_operation).output_shape.members)

    @functools.cached_property
    def echoed_members(self) -> frozenset[str]:
        """CreateXxx members that DescribeXxx returns as sent (all but Tags and a few)."""
        return frozenset(_operation(self.create_operation).input_shape.members) & frozenset(self.describe_members)


def snake(name: str) -> str:
    """``HyperParameterTuningJob`` -> ``hyper_parameter_tuning_job`` (moto's naming)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.lru_cache(maxsize=None)
def _operation(name: str) -> Any:
    """botocore's model of one SageMaker operation."""
    return botocore.session.get_session().get_service_model("sagemaker").operation_model(name)


def _training_outputs(job: Any) -> dict[str, Any]:
    """ModelArtifacts once Completed; training and billable seconds once ended."""
    out: dict[str, Any] = {}
    if job.status == "Completed":
        output_path = job.request["OutputDataConfig"]["S3OutputPath"].rstrip("/")
        out["ModelArtifacts"] = {"S3ModelArtifacts": f"{output_path}/{job.name}/output/model.tar.gz"}
    if job.ended is not None and job.started is not None:
        seconds = max(1, round((job.ended - job.started).total_seconds()))
        out["TrainingTimeInSeconds"] = out["BillableTimeInSeconds"] = seconds
    return out


TRAINING = JobKind(
    name="TrainingJob",
    noun="training job",
    # As public CI logs show it.
    duplicate_message=(
        "Training job names must be unique within an AWS account and region, and a training job "
        "with this name already exists ({arn})"
    ),
    missing_message="Requested resource not found",
    log_group="/aws/sagemaker/TrainingJobs",
    always_present=MappingProxyType({
        "EnableNetworkIsolation": False,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
    }),
    outputs=_training_outputs,
)

PROCESSING = JobKind(
    name="ProcessingJob",
    noun="processing job",
    # Not seen from AWS: written in the training message's style.
    duplicate_message=(
        "Processing job names must be unique within an AWS account and region, and a processing job "
        "with this name already exists ({arn})"
    ),
    # moto's wording for an unknown processing job (AWS's not seen).
    missing_message="Could not find processing job '{arn}'.",
    log_group="/aws/sagemaker/ProcessingJobs",
)

TRANSFORM = JobKind(
    name="TransformJob",
    noun="transform job",
    # Not seen from AWS: written in the training message's style.
    duplicate_message=(
        "Transform job names must be unique within an AWS account and region, and a transform job "
        "with this name already exists ({arn})"
    ),
    # The start of AWS's message is matched by client code in the wild; the name after it is a guess.
    missing_message="Could not find job to update with name {name}",
    log_group="/aws/sagemaker/TransformJobs",
    # Transform hosts are EC2 instance ids (CloudWatch's Host dimension is <job>/i-...); the
    # stream suffix and the extra "<stream>/data-log" streams are not verified and not emulated.
    default_host="i-0123456789abcdef0",
)

#: Every emulated kind by API name. HyperParameterTuningJob would be one more entry: no log group
#: of its own, and an ``outputs`` hook for TrainingJobStatusCounters, ObjectiveStatusCounters and
#: BestTrainingJob (DescribeHyperParameterTuningJob requires the counters).
KINDS: Mapping[str, JobKind] = MappingProxyType({kind.name: kind for kind in (TRAINING, PROCESSING, TRANSFORM)})


def kind_named(name: str) -> JobKind:
    """The kind called ``name`` (``"TrainingJob"``, ``"ProcessingJob"``, ``"TransformJob"``)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"job kind must be one of {sorted(KINDS)}, not {name!r}") from None
