"""SageMaker resource kinds as data: what differs between models, endpoint configs, endpoints and
training, processing, transform and hyperparameter tuning jobs.

Everything regular is derived from the kind's API name (``ProcessingJob`` gives CreateProcessingJob,
ProcessingJobName, ProcessingJobStatus, ProcessingStartTime, and moto's ``processing_jobs`` /
``processing_job_name`` / ``processing_job_status``); which describe fields a kind has (SecondaryStatus,
ExitMessage, FinalMetricDataList, LastModifiedTime, ...) comes from botocore's DescribeXxx output
shape, and the name's limits from CreateXxx's input shape. A table entry says only what neither can:
messages, the log group and stream names, defaults AWS adds, and hooks for outputs computed from the
request and state and for requests AWS refuses.
"""

from __future__ import annotations

import copy
import functools
import hashlib
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
    #: The error codes of ``duplicate_message`` and ``missing_message``.
    duplicate_error: str = "ValidationException"
    missing_error: str = "ValidationException"
    #: Named hook: why AWS would refuse a request the API model allows (None: it would not), given
    #: moto's SageMaker backend of the request's account and region (what already exists there).
    request_problem: Callable[[Mapping[str, Any], Any], str | None] = _no_problem
    #: moto's backend attribute holding these resources by name, where it is not ``<moto_name>s``.
    moto_collection: str | None = None

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

    def existing(self, backend: Any) -> dict[str, Any]:
        """moto's resources of this kind in one backend (account and region), by name."""
        return getattr(backend, self.moto_collection or f"{self.moto_name}s")  # type: ignore[no-any-return]

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
    """A SageMaker kind with a status that a lifecycle drives: a job (``TrainingJob``), which ends
    and can be stopped, or an endpoint, which settles InService or Failed and can be updated.

    ``missing_message`` answers the requests about one (StopXxx, UpdateEndpoint, DeleteEndpoint).
    """

    #: None: the kind writes no logs of its own; else the group (``{name}``: the job's or endpoint's).
    log_group: str | None
    #: One stream per host that writes (``{job}``, ``{host}``, ``{epoch}``: seconds at creation,
    #: ``{variant}``: an endpoint's production variant).
    stream_format: str = "{job}/{host}-{epoch}"
    default_host: str = "algo-1"
    duplicate_error: str = "ResourceInUse"
    #: DescribeXxx for a name never created, as ``missing_error`` (None: moto's answer is AWS's).
    describe_missing_message: str | None = None
    #: Named hook: describe fields computed from the request and state (e.g. ModelArtifacts).
    outputs: Callable[[Any], dict[str, Any]] = _no_outputs
    #: The status a created one starts in, and while its lifecycle's steps run.
    initial_status: str = "InProgress"
    #: The statuses a lifecycle or ``finish`` ends in, success first.
    final_statuses: tuple[str, ...] = ("Completed", "Failed", "Stopped")

    @property
    def stop_operation(self) -> str:
        return f"Stop{self.name}"

    @functools.cached_property
    def stoppable(self) -> bool:
        """Whether the API has StopXxx (endpoints have none)."""
        return self.stop_operation in _service().operation_names

    @functools.cached_property
    def statuses(self) -> tuple[str, ...]:
        """The values of XxxStatus in botocore's model."""
        return tuple(_operation(self.describe_operation).output_shape.members[self.status_field].enum)

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

    def log_group_of(self, name: str) -> str | None:
        """The log group of the job or endpoint called ``name``."""
        return None if self.log_group is None else self.log_group.format(name=name)

    def stream_name(self, job_name: str, host: str, creation_epoch: int, variant: str | None = None) -> str:
        """The CloudWatch Logs stream of one host of a job (of an endpoint: of one variant's instance)."""
        return self.stream_format.format(job=job_name, host=host, epoch=creation_epoch, variant=variant)


def snake(name: str) -> str:
    """``HyperParameterTuningJob`` -> ``hyper_parameter_tuning_job`` (moto's naming)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.lru_cache(maxsize=None)
def _service() -> Any:
    """botocore's model of the SageMaker API."""
    return botocore.session.get_session().get_service_model("sagemaker")


def _operation(name: str) -> Any:
    """botocore's model of one SageMaker operation."""
    return _service().operation_model(name)


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
    return _missing_model([request["ModelName"]], backend)


def _missing_model(names: Sequence[str], backend: Any) -> str | None:
    """AWS's refusal of a request naming a model that does not exist (the first such), if any."""
    for name in names:
        if name not in MODEL.existing(backend):
            return MODEL.missing_message.format(arn=MODEL.arn(backend.region_name, backend.account_id, name))
    return None


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
    moto_collection="_models",
)


def _config_request_problem(request: Mapping[str, Any], backend: Any) -> str | None:
    """Every variant of an endpoint config has an instance type of the API's (moto's list is older)
    and serves a model that exists (moto checks with other wording)."""
    allowed = _operation("CreateEndpointConfig").input_shape.members["ProductionVariants"].member.members[
        "InstanceType"].enum
    for member in ("ProductionVariants", "ShadowProductionVariants"):
        for index, variant in enumerate(request.get(member, []), 1):
            instance_type = variant.get("InstanceType")
            if instance_type is not None and instance_type not in allowed:
                path = f"{member[0].lower()}{member[1:]}.{index}.member.instanceType"
                return (f"1 validation error detected: Value '{instance_type}' at '{path}' failed to satisfy "
                        f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]")
    variants = [*request["ProductionVariants"], *request.get("ShadowProductionVariants", [])]
    return _missing_model([variant["ModelName"] for variant in variants], backend)


#: Endpoint configs, like models: the request echoed back (moto drops most of it) and AWS's errors.
ENDPOINT_CONFIG = ResourceKind(
    name="EndpointConfig",
    noun="endpoint configuration",
    # Both as public CI logs and client code in the wild show them.
    duplicate_message='Cannot create already existing endpoint configuration "{arn}".',
    missing_message='Could not find endpoint configuration "{arn}".',
    request_problem=_config_request_problem,
)


def _endpoint_request_problem(request: Mapping[str, Any], backend: Any) -> str | None:
    """An endpoint deploys an endpoint config that exists."""
    return config_problem(request["EndpointConfigName"], backend)


def config_problem(name: str, backend: Any) -> str | None:
    """AWS's refusal of a CreateEndpoint or UpdateEndpoint naming an endpoint config that does not exist."""
    if name in ENDPOINT_CONFIG.existing(backend):
        return None
    arn = ENDPOINT_CONFIG.arn(backend.region_name, backend.account_id, name)
    return ENDPOINT_CONFIG.missing_message.format(arn=arn)


#: Endpoint config members DescribeEndpoint summarises rather than shows as they are.
_CONFIG_SUMMARISED = frozenset({"EndpointConfigName", "ProductionVariants", "ShadowProductionVariants",
                                "DataCaptureConfig"})


def _resolved_image(image: str) -> str:
    """The image by digest, as SageMaker resolves a tag when it deploys (the digest made up from the name)."""
    if "@" in image:
        return image
    repository, _, tag = image.rpartition(":")
    if not repository or "/" in tag:  # no tag: the colon, if any, is a registry's port
        repository = image
    return f"{repository}@sha256:{hashlib.sha256(image.encode()).hexdigest()}"


def _variant_summary(variant: Mapping[str, Any], deployment: Any, pending: bool) -> dict[str, Any]:
    """One variant as DescribeEndpoint shows it: serving (ProductionVariantSummary), or being deployed
    (PendingProductionVariantSummary: what is desired and the variant's deployment stage)."""
    images = [{"SpecifiedImage": image, "ResolvedImage": _resolved_image(image), "ResolutionTime": deployment.started}
              for image in deployment.images.get(variant["VariantName"], ())]
    weight = float(variant.get("InitialVariantWeight", 1.0))
    count, serverless = variant.get("InitialInstanceCount"), variant.get("ServerlessConfig")
    if pending:
        state = {"InstanceType": variant.get("InstanceType"), "AcceleratorType": variant.get("AcceleratorType"),
                 "VariantStatus": [{"Status": "Creating", "StartTime": deployment.started}]}
    else:  # in service: what runs is what is desired
        state = {"CurrentWeight": weight, "CurrentInstanceCount": count, "CurrentServerlessConfig": serverless}
    summary = {
        "VariantName": variant["VariantName"],
        "DeployedImages": images or None,
        **state,
        "DesiredWeight": weight,
        "DesiredInstanceCount": count,
        "DesiredServerlessConfig": serverless,
        "ManagedInstanceScaling": variant.get("ManagedInstanceScaling"),
        "RoutingConfig": variant.get("RoutingConfig"),
    }
    return copy.deepcopy({key: value for key, value in summary.items() if value is not None})


def _capture_summary(capture: Mapping[str, Any]) -> dict[str, Any]:
    """An endpoint config's DataCaptureConfig as DescribeEndpoint summarises it (capture is on unless disabled)."""
    enabled = capture.get("EnableCapture", True)
    summary = {
        "EnableCapture": enabled,
        "CaptureStatus": "Started" if enabled else "Stopped",
        "CurrentSamplingPercentage": capture["InitialSamplingPercentage"],
        "DestinationS3Uri": capture["DestinationS3Uri"],
        "KmsKeyId": capture.get("KmsKeyId"),
    }
    return {key: value for key, value in summary.items() if value is not None}


def _endpoint_outputs(job: Any) -> dict[str, Any]:
    """What an endpoint shows of its deployments: the config in service (the one being created
    before there is one), its variants, and the deployment under way (PendingDeploymentSummary)."""
    serving, pending = job.serving, job.pending
    out: dict[str, Any] = {"LastDeploymentConfig": copy.deepcopy(job.deployment_config)}
    shown = serving or job.latest  # before one serves: the one being created, or that failed
    if shown is not None:
        # The config's members DescribeEndpoint has (AsyncInferenceConfig, ExplainerConfig, ...)
        # as they are; the describe view keeps only those.
        out.update({key: copy.deepcopy(value) for key, value in shown.config.items() if key not in _CONFIG_SUMMARISED})
        out["EndpointConfigName"] = shown.name
    if serving is not None:
        for member in ("ProductionVariants", "ShadowProductionVariants"):
            variants = serving.config.get(member)
            if variants:
                out[member] = [_variant_summary(variant, serving, pending=False) for variant in variants]
        if serving.config.get("DataCaptureConfig"):
            out["DataCaptureConfig"] = _capture_summary(serving.config["DataCaptureConfig"])
    if pending is not None:
        summary: dict[str, Any] = {"EndpointConfigName": pending.name, "StartTime": pending.started}
        for member in ("ProductionVariants", "ShadowProductionVariants"):
            variants = pending.config.get(member)
            if variants:
                summary[member] = [_variant_summary(variant, pending, pending=True) for variant in variants]
        out["PendingDeploymentSummary"] = summary
    return out


#: Endpoints: created from an endpoint config, Creating until InService or Failed; UpdateEndpoint
#: deploys another config (Updating, then InService on it, or RollingBack to the old one);
#: DeleteEndpoint makes them Deleting, then gone. No StopEndpoint.
ENDPOINT = JobKind(
    name="Endpoint",
    noun="endpoint",
    # All as public CI logs and client code in the wild show them.
    duplicate_message='Cannot create already existing endpoint "{arn}".',
    duplicate_error="ValidationException",
    missing_message='Could not find endpoint "{arn}".',
    describe_missing_message='Could not find endpoint "{arn}".',
    # One group per endpoint; a stream per instance of each variant (the instance id is made up, one
    # for every endpoint, as transform jobs' are).
    log_group="/aws/sagemaker/Endpoints/{name}",
    stream_format="{variant}/{host}",
    default_host="i-0a1b2c3d4e5f60718",
    outputs=_endpoint_outputs,
    request_problem=_endpoint_request_problem,
    initial_status="Creating",
    final_statuses=("InService", "Failed"),
)

#: Resources without a status, by API name.
RESOURCES: Mapping[str, ResourceKind] = MappingProxyType({kind.name: kind for kind in (MODEL, ENDPOINT_CONFIG)})

#: Every emulated kind with a status and a lifecycle, by API name.
KINDS: Mapping[str, JobKind] = MappingProxyType(
    {kind.name: kind for kind in (TRAINING, PROCESSING, TRANSFORM, TUNING, ENDPOINT)}
)


def kind_named(name: str) -> JobKind:
    """The kind called ``name`` (``"TrainingJob"``, ``"ProcessingJob"``, ``"TransformJob"``,
    ``"HyperParameterTuningJob"``, ``"Endpoint"``)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"job kind must be one of {sorted(KINDS)}, not {name!r}") from None
