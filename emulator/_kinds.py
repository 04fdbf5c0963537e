"""SageMaker resource kinds as data: what differs between models and training, processing, transform
and hyperparameter tuning jobs.

Everything regular is derived from the kind's API name (``ProcessingJob`` gives CreateProcessingJob,
ProcessingJobName, ProcessingJobStatus, ProcessingStartTime, and moto's ``processing_jobs`` /
``processing_job_name`` / ``processing_job_status``); which describe fields a kind has (SecondaryStatus,
ExitMessage, FinalMetricDataList, LastModifiedTime, ...) comes from botocore's DescribeXxx output
shape, and the name's limits from CreateXxx's input shape. A table entry says only what neither can:
messages, the log group and stream names, defaults AWS adds, and hooks for outputs computed from the
request and state and for requests AWS refuses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import botocore.session


def _no_outputs(job: Any) -> dict[str, Any]:
    """No describe fields computed from the request."""
    return {}


def _no_problem(request: Mapping[str, Any], backend: Any) -> str | None:
    """Nothing AWS would refuse beyond what the API model says."""
    return None


@dataclass(frozen=True, eq=False, kw_only=True)  # compared by identity: there is one object per kind
class ResourceKind:
    """One SageMaker resource kind, named as in the API (``Model``): created once under a name,
    then described with the request echoed back."""

    name: str
    #: In messages: "model", "training job".
    noun: str
    #: CreateXxx with a name already taken (``{name}``, ``{arn}``).
    duplicate_message: str
    #: A name never created (``{name}``, ``{arn}``), as the emulator's own handlers answer it.
    missing_message: str
    #: Describe fields AWS returns even when the request left them out.
    always_present: Mapping[str, Any] = field(default_factory=dict)

    @property
    def create_operation(self) -> str:
        return f"Create{self.name}"

    @property
    def describe_operation(self) -> str:
        return f"Describe{self.name}"

    @property
    def name_field(self) -> str:
        return f"{self.name}Name"

    @property
    def arn_field(self) -> str:
        return f"{self.name}Arn"

    @property
    def moto_name(self) -> str:
        """moto's snake-case name: handlers ``create_<it>``, backend ``<it>s``, job ``<it>_status``."""
        return snake(self.name)

    def arn(self, region: str, account_id: str, name: str) -> str:
        """The ARN a resource of this kind has (``...:training-job/NAME``; the name's case kept, as moto does)."""
        return f"arn:aws:sagemaker:{region}:{account_id}:{self.moto_name.replace('_', '-')}/{name}"

    @functools.cached_property
    def create_members(self) -> frozenset[str]:
        """Members of CreateXxx's request."""
        return frozenset(_operation(self.create_operation).input_shape.members)

    @functools.cached_property
    def describe_members(self) -> tuple[str, ...]:
        """Members of DescribeXxx's response, in botocore's order."""
        return tuple(_operation(self.describe_operation).output_shape.members)

    @functools.cached_property
    def echoed_members(self) -> frozenset[str]:
        """CreateXxx members that DescribeXxx returns as sent (all but Tags and a few)."""
        return self.create_members & frozenset(self.describe_members)

    def name_problems(self, name: str) -> list[str]:
        """What AWS's API layer says of a name outside the model's limits (botocore checks only the minimum)."""
        limits = _operation(self.create_operation).input_shape.members[self.name_field].metadata
        member = self.name_field[0].lower() + self.name_field[1:]
        problems = []
        if len(name) > limits["max"]:
            problems.append(f"Member must have length less than or equal to {limits['max']}")
        if not re.fullmatch(limits["pattern"], name):
            problems.append(f"Member must satisfy regular expression pattern: {limits['pattern']}")
        return [f"Value '{name}' at '{member}' failed to satisfy constraint: {problem}" for problem in problems]


@dataclass(frozen=True, eq=False, kw_only=True)
class JobKind(ResourceKind):
    """One SageMaker job kind (``TrainingJob``): it has a status, ends, and can be stopped.

    ``duplicate_message`` is answered as ResourceInUse; ``missing_message`` answers StopXxx as
    ``missing_error``.
    """

    #: None: the kind writes no logs of its own.
    log_group: str | None
    #: One stream per host that writes (``{job}``, ``{host}``, ``{epoch}``: seconds at creation).
    stream_format: str = "{job}/{host}-{epoch}"
    default_host: str = "algo-1"
    missing_error: str = "ValidationException"
    #: DescribeXxx for a name never created, as ``missing_error`` (None: moto's answer is AWS's).
    describe_missing_message: str | None = None
    #: Named hook: describe fields computed from the request and state (e.g. ModelArtifacts).
    outputs: Callable[[Any], dict[str, Any]] = _no_outputs
    #: Named hook: why AWS would refuse a request the API model allows (None: it would not), given
    #: moto's SageMaker backend of the request's account and region (what already exists there).
    request_problem: Callable[[Mapping[str, Any], Any], str | None] = _no_problem

    @property
    def stop_operation(self) -> str:
        return f"Stop{self.name}"

    @property
    def status_field(self) -> str:
        return f"{self.name}Status"

    @property
    def start_field(self) -> str:
        """TrainingStartTime, ProcessingStartTime, TransformStartTime."""
        return self.name.removesuffix("Job") + "StartTime"

    @property
    def end_field(self) -> str:
        """TrainingEndTime, ..., HyperParameterTuningEndTime."""
        return self.name.removesuffix("Job") + "EndTime"

    def stream_name(self, job_name: str, host: str, creation_epoch: int) -> str:
        """The CloudWatch Logs stream of one host of a job."""
        return self.stream_format.format(job=job_name, host=host, epoch=creation_epoch)


def snake(name: str) -> str:
    """``HyperParameterTuningJob`` -> ``hyper_parameter_tuning_job`` (moto's naming)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.lru_cache(maxsize=None)
def _operation(name: str) -> Any:
    """botocore's model of one SageMaker operation."""
    return botocore.session.get_session().get_service_model("sagemaker").operation_model(name)


def _training_outputs(job: Any) -> dict[str, Any]:
    """ModelArtifacts once Completed; training and billable seconds once ended; TuningJobArn for a
    tuning job's training job."""
    out: dict[str, Any] = {}
    if job.trial is not None:
        out["TuningJobArn"] = job.trial.tuning.arn
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


def _transform_request_problem(request: Mapping[str, Any], backend: Any) -> str | None:
    """A transform job runs a model that exists: AWS refuses CreateTransformJob otherwise (its
    wording, as public CI logs of a transform job show it; moto does not check)."""
    name = request["ModelName"]
    if name in backend._models:
        return None
    return MODEL.missing_message.format(arn=MODEL.arn(backend.region_name, backend.account_id, name))


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
    request_problem=_transform_request_problem,
)

def objective_value(child: Any) -> float | None:
    """The final value of the tuning objective a tuning job's training job reported, if any."""
    metric = child.trial.objective["MetricName"]
    return next((m["Value"] for m in child.metrics if m["MetricName"] == metric), None)


def objective_status(child: Any) -> str:
    """Pending until the training job ends; then Succeeded if it reported the objective, else Failed."""
    if child.ended is None:
        return "Pending"
    return "Succeeded" if objective_value(child) is not None else "Failed"


def trial_summary(child: Any) -> dict[str, Any]:
    """A tuning job's training job as ListTrainingJobsForHyperParameterTuningJob and BestTrainingJob
    show it (HyperParameterTrainingJobSummary)."""
    trial, value = child.trial, objective_value(child)
    summary = {
        "TrainingJobDefinitionName": trial.definition_name,
        "TrainingJobName": child.name,
        "TrainingJobArn": child.arn,
        "CreationTime": child.created,
        "TrainingStartTime": child.started,
        "TrainingEndTime": child.ended,
        "TrainingJobStatus": child.status,
        "TunedHyperParameters": dict(trial.tuned),
        "FailureReason": child.failure_reason,
        "FinalHyperParameterTuningJobObjectiveMetric": None if value is None else {**trial.objective, "Value": value},
        "ObjectiveStatus": objective_status(child),
    }
    return {k: v for k, v in summary.items() if v is not None}


def best_trial(children: Sequence[Any]) -> Any:
    """The training job with the best objective value (the first of equals), None before one succeeds."""
    scored = [(objective_value(child), child) for child in children if objective_status(child) == "Succeeded"]
    if not scored:
        return None
    pick = max if scored[0][1].trial.objective["Type"] == "Maximize" else min
    return pick(scored, key=lambda pair: pair[0])[1]


#: A training job's status as TrainingJobStatusCounters counts it; AWS retries only internal errors,
#: and the emulator's failures are the algorithm's.
_STATUS_COUNTER = {
    "InProgress": "InProgress",
    "Stopping": "InProgress",
    "Completed": "Completed",
    "Failed": "NonRetryableError",
    "Stopped": "Stopped",
}


def _tuning_outputs(job: Any) -> dict[str, Any]:
    """The counters DescribeHyperParameterTuningJob always has, and BestTrainingJob once there is one."""
    training = dict.fromkeys(("Completed", "InProgress", "RetryableError", "NonRetryableError", "Stopped"), 0)
    objective = dict.fromkeys(("Succeeded", "Pending", "Failed"), 0)
    for child in job.children:
        training[_STATUS_COUNTER[child.status]] += 1
        objective[objective_status(child)] += 1
    out: dict[str, Any] = {"TrainingJobStatusCounters": training, "ObjectiveStatusCounters": objective}
    best = best_trial(job.children)
    if best is not None:
        out["BestTrainingJob"] = trial_summary(best)
    return out


def training_definitions(request: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A tuning request's training job definitions (TrainingJobDefinition or TrainingJobDefinitions)."""
    single = request.get("TrainingJobDefinition")
    return [single] if single is not None else list(request.get("TrainingJobDefinitions") or [])


def _tuning_request_problem(request: Mapping[str, Any], backend: Any) -> str | None:
    """What the emulator cannot launch training jobs without (AWS refuses these too; its wording not seen)."""
    if ("TrainingJobDefinition" in request) == ("TrainingJobDefinitions" in request):
        return "Exactly one of TrainingJobDefinition and TrainingJobDefinitions must be specified."
    config = request["HyperParameterTuningJobConfig"]
    definitions = training_definitions(request)
    if "HyperParameterTuningJobObjective" not in config and not all("TuningObjective" in d for d in definitions):
        return ("A tuning objective is required: HyperParameterTuningJobObjective, "
                "or TuningObjective in every definition.")
    for ranges in [config.get("ParameterRanges") or {}] + [d.get("HyperParameterRanges") or {} for d in definitions]:
        for member, number in (("IntegerParameterRanges", int), ("ContinuousParameterRanges", float)):
            for bounds in ranges.get(member, []):
                try:
                    valid = number(bounds["MinValue"]) <= number(bounds["MaxValue"])
                except ValueError:
                    valid = False
                if not valid:
                    return (f"{member} {bounds['Name']}: MinValue and MaxValue must be {number.__name__} values, "
                            "MinValue not above MaxValue.")
    return None


TUNING = JobKind(
    name="HyperParameterTuningJob",
    noun="hyperparameter tuning job",
    # Both as public notebook CI logs show them (the second from DescribeHyperParameterTuningJob;
    # StopHyperParameterTuningJob's not seen, its error code is botocore's).
    duplicate_message="A hyperparameter tuning job with the name, {name}, already exists. Choose a different name.",
    missing_message="Amazon SageMaker can't find a tuning job called {name}. Type another name.",
    missing_error="ResourceNotFound",
    describe_missing_message="Amazon SageMaker can't find a tuning job called {name}. Type another name.",
    # Its training jobs log, each in its own streams of /aws/sagemaker/TrainingJobs.
    log_group=None,
    outputs=_tuning_outputs,
    request_problem=_tuning_request_problem,
)

#: Models: no status, no stop, nothing to emulate but the request echoed back and AWS's errors.
MODEL = ResourceKind(
    name="Model",
    noun="model",
    duplicate_message='Cannot create already existing model "{arn}".',
    missing_message='Could not find model "{arn}".',
    always_present=MappingProxyType({"EnableNetworkIsolation": False}),
)

#: Every emulated job kind by API name.
KINDS: Mapping[str, JobKind] = MappingProxyType(
    {kind.name: kind for kind in (TRAINING, PROCESSING, TRANSFORM, TUNING)}
)


def kind_named(name: str) -> JobKind:
    """The kind called ``name`` (``"TrainingJob"``, ``"ProcessingJob"``, ``"TransformJob"``,
    ``"HyperParameterTuningJob"``)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"job kind must be one of {sorted(KINDS)}, not {name!r}") from None
