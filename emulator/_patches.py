"""The few in-process patches to moto's SageMaker jobs, endpoints, models and endpoint configs
(installed once, by ``install()``).

For every kind in ``KINDS`` the same handlers replace moto's: CreateXxx, DescribeXxx and, where the
API has it, StopXxx. Every kind in ``RESOURCES`` (models, endpoint configs) gets CreateXxx,
DescribeXxx and DeleteXxx; endpoints also UpdateEndpoint and DeleteEndpoint; tuning jobs
ListTrainingJobsForHyperParameterTuningJob.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, Protocol

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
from moto.sagemaker.models import FakeEndpointConfig
from moto.sagemaker.responses import SageMakerResponse

from . import _state
from ._kinds import ENDPOINT, KINDS, RESOURCES, TUNING, JobKind, ResourceKind, config_problem, trial_summary
from ._state import LOCK, JobState

#: Delay before the end of a status in ``_state.SETTLING`` when no Emulator is listening.
DEFAULT_STOP_DELAY = 0.3

#: The error classes of the codes a kind's ``duplicate_error`` and ``missing_error`` name.
_ERRORS = {"ValidationException": ValidationError, "ResourceNotFound": ResourceNotFound,
           "ResourceInUse": ResourceInUseException}

#: UpdateEndpoint and DeleteEndpoint refuse an endpoint that is in progress; UpdateEndpoint also one
#: that failed (it must be deleted). The starts of both messages are matched by client code in the
#: wild (the first for DeleteEndpoint too); the quoted ARN after them is written as in the others.
_IN_PROGRESS = 'Cannot update in-progress endpoint "{arn}".'
_FAILED = 'Cannot update failed endpoint "{arn}".'

#: ListTrainingJobsForHyperParameterTuningJob: sort keys for SortBy (ties broken by name).
_TRIAL_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "Name": lambda summary: summary["TrainingJobName"],
    "CreationTime": lambda summary: summary["CreationTime"],
    "Status": lambda summary: summary["TrainingJobStatus"],
    "FinalObjectiveMetricValue": lambda summary: summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"],
}

Handler = Callable[[SageMakerResponse], ActionResult]


class Listener(Protocol):
    """What the running Emulator is told by the patched moto handlers."""

    def job_created(self, job: JobState) -> None:
        """A CreateXxx request created ``job``."""

    def update_requested(self, job: JobState) -> None:
        """An UpdateEndpoint request made the endpoint ``job`` Updating."""

    def settle_later(self, job: JobState) -> None:
        """A request moved ``job`` to a status in ``_state.SETTLING``; arrange for it to end."""


#: The running Emulator (moto's state is process-wide, so there is at most one).
listener: Listener | None = None

#: Algorithm resources by name: their training image (moto has no algorithms).
algorithms: dict[str, str] = {}

#: moto's own handlers, by method name, as they were before install().
_originals: dict[str, Handler] = {}
_installed = False


def _existing(response: SageMakerResponse, kind: ResourceKind) -> dict[str, Any]:
    """moto's resources of one kind in the request's account and region, by name."""
    return kind.existing(response.sagemaker_backend)


def _check_name(kind: ResourceKind, name: str) -> None:
    """Refuse a name outside the API model's limits, as AWS's API layer does before anything else."""
    problems = kind.name_problems(name)
    if problems:
        count = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''}"
        raise ValidationError(f"{count} detected: " + "; ".join(problems))


def _create(kind: JobKind) -> Handler:
    def create(self: SageMakerResponse) -> ActionResult:
        """CreateXxx: refuse bad and duplicate names, keep the request, start InProgress / Starting."""
        name = self._get_param(kind.name_field)
        _check_name(kind, name)
        problem = kind.request_problem(self.params, self.sagemaker_backend)
        if problem is not None:
            raise ValidationError(problem)
        jobs = _existing(self, kind)
        with LOCK:
            existing = jobs.get(name)
            if existing is not None:
                # moto would silently replace the job; AWS keeps job names unique forever (an
                # endpoint's until it is deleted).
                raise _ERRORS[kind.duplicate_error](kind.duplicate_message.format(name=name, arn=existing.arn))
            # Copied before moto runs: moto changes parts of it in place (training MetricDefinitions).
            request = copy.deepcopy(self.params)
            result = _originals[f"create_{kind.moto_name}"](self)
            model = jobs[name]
            if model.tags is None:  # moto keeps missing Tags as None for some kinds, and ListTags cannot page None
                model.tags = []
            # moto makes the job Completed at once; AWS starts it InProgress.
            job = _state.init_job(kind, model, request, self.sagemaker_backend)
        current = listener
        if current is not None:
            current.job_created(job)
        return result

    return create


def _missing(kind: JobKind, message: str, response: SageMakerResponse, name: str) -> Exception:
    """The error for a job name never created."""
    arn = kind.arn(response.region, response.current_account, name)
    return _ERRORS[kind.missing_error](message.format(name=name, arn=arn))


def _describe(kind: JobKind) -> Handler:
    def describe(self: SageMakerResponse) -> ActionResult:
        """DescribeXxx: the request echoed back and the emulated state, as AWS returns it."""
        name = self._get_param(kind.name_field)
        with LOCK:
            model = _existing(self, kind).get(name)
            job = getattr(model, "emulated", None)
            if job is not None:
                return ActionResult(_state.describe(job))
        if model is None and kind.describe_missing_message is not None:
            raise _missing(kind, kind.describe_missing_message, self, name)
        # Unknown (moto's error), or created without going through the patched handler.
        return _originals[f"describe_{kind.moto_name}"](self)

    return describe


def _stop(kind: JobKind) -> Handler:
    def stop(self: SageMakerResponse) -> ActionResult:
        """StopXxx (missing from moto, or instant there): InProgress -> Stopping, Stopped after a delay."""
        with LOCK:
            job = _emulated(self, kind)
            try:
                started = _state.begin_stop(job, by=kind.stop_operation)
            except _state.JobStateError as error:
                raise ValidationError(str(error)) from None
        if started:
            _settle_later(job)
        return EmptyResult()

    return stop


def _emulated(response: SageMakerResponse, kind: JobKind) -> JobState:
    """The emulated job or endpoint the request names, or AWS's error for an unknown one."""
    name = response._get_param(kind.name_field)
    job = getattr(_existing(response, kind).get(name), "emulated", None)
    if job is None:
        raise _missing(kind, kind.missing_message, response, name)
    return job  # type: ignore[no-any-return]


def _settle_later(job: JobState) -> None:
    """Have the running Emulator end the job's SETTLING status, or a timer when none is listening."""
    current = listener
    if current is not None:
        current.settle_later(job)
    else:
        timer = threading.Timer(DEFAULT_STOP_DELAY, _settle, args=(job,))
        timer.daemon = True
        timer.start()


def _refuse_in_progress(job: JobState) -> None:
    """Refuse to change an endpoint that is neither InService nor Failed."""
    if job.status not in ENDPOINT.final_statuses:
        raise ValidationError(_IN_PROGRESS.format(arn=job.arn))


def _update_endpoint(self: SageMakerResponse) -> ActionResult:
    """UpdateEndpoint (missing from moto): an InService endpoint becomes Updating to an endpoint
    config that exists, then follows its lifecycle again."""
    with LOCK:
        job = _emulated(self, ENDPOINT)
        problem = config_problem(self._get_param("EndpointConfigName"), self.sagemaker_backend)
        if problem is not None:
            raise ValidationError(problem)
        _refuse_in_progress(job)
        if job.status == "Failed":
            raise ValidationError(_FAILED.format(arn=job.arn))
        _state.begin_update(job, self.params, self.sagemaker_backend)
    current = listener
    if current is not None:
        current.update_requested(job)
    return ActionResult({"EndpointArn": job.arn})


def _delete_endpoint(self: SageMakerResponse) -> ActionResult:
    """DeleteEndpoint: Deleting, then gone after a delay (moto deletes at once, whatever the status)."""
    with LOCK:
        job = _emulated(self, ENDPOINT)
        _refuse_in_progress(job)
        _state.begin_delete(job)
    _settle_later(job)
    return EmptyResult()


def _list_trials(self: SageMakerResponse) -> ActionResult:
    """ListTrainingJobsForHyperParameterTuningJob (missing from moto): the training jobs a tuning job
    launched, filtered, sorted and paged as AWS does (NextToken: the offset of the next page)."""
    name = self._get_param("HyperParameterTuningJobName")
    with LOCK:
        job = getattr(_existing(self, TUNING).get(name), "emulated", None)
        if job is None:
            raise _missing(TUNING, TUNING.missing_message, self, name)
        summaries = [trial_summary(child) for child in job.children]
    status = self._get_param("StatusEquals")
    sort_by = self._get_param("SortBy") or "Name"
    if status is not None:
        summaries = [s for s in summaries if s["TrainingJobStatus"] == status]
    if sort_by == "FinalObjectiveMetricValue":  # AWS leaves out the jobs without one
        summaries = [s for s in summaries if "FinalHyperParameterTuningJobObjectiveMetric" in s]
    summaries.sort(key=lambda s: s["TrainingJobName"])
    summaries.sort(key=_TRIAL_SORT_KEYS[sort_by], reverse=self._get_param("SortOrder") == "Descending")
    token = self._get_param("NextToken")
    if token is not None and not token.isdigit():
        raise ValidationError(f"Invalid pagination token: {token}")
    start, size = int(token or 0), self._get_param("MaxResults") or 10
    page: dict[str, Any] = {"TrainingJobSummaries": summaries[start : start + size]}
    if start + size < len(summaries):
        page["NextToken"] = str(start + size)
    return ActionResult(page)


def _create_resource(kind: ResourceKind) -> Handler:
    def create(self: SageMakerResponse) -> ActionResult:
        """CreateXxx: refuse bad and taken names (moto replaces the resource) and what AWS refuses,
        keep every request field."""
        name = self._get_param(kind.name_field)
        _check_name(kind, name)
        problem = kind.request_problem(self.params, self.sagemaker_backend)
        if problem is not None:
            raise ValidationError(problem)
        with LOCK:
            existing = _existing(self, kind)
            if name in existing:
                arn = kind.arn(self.region, self.current_account, name)
                raise _ERRORS[kind.duplicate_error](kind.duplicate_message.format(name=name, arn=arn))
            request = copy.deepcopy(self.params)
            result = _originals[f"create_{kind.moto_name}"](self)
            _state.init_resource(existing[name], request)
        return result

    return create


def _resource(response: SageMakerResponse, kind: ResourceKind) -> tuple[Any, str]:
    """moto's resource the request names and its ARN, or AWS's error for an unknown one."""
    name = response._get_param(kind.name_field)
    resource = _existing(response, kind).get(name)
    arn = kind.arn(response.region, response.current_account, name)
    if resource is None:
        raise _ERRORS[kind.missing_error](kind.missing_message.format(name=name, arn=arn))
    return resource, arn


def _describe_resource(kind: ResourceKind) -> Handler:
    def describe(self: SageMakerResponse) -> ActionResult:
        """DescribeXxx: the request echoed back (moto drops most of it)."""
        with LOCK:
            resource, arn = _resource(self, kind)
            if hasattr(resource, "emulated_request"):
                return ActionResult(_state.describe_resource(kind, resource, arn))
        # Created without going through the patched handler (e.g. by CloudFormation).
        return _originals[f"describe_{kind.moto_name}"](self)

    return describe


def _delete_resource(kind: ResourceKind) -> Handler:
    def delete(self: SageMakerResponse) -> ActionResult:
        """DeleteXxx: moto's, with AWS's error for an unknown name; the name is free again after it
        (what an endpoint deployed from a config or model keeps running)."""
        with LOCK:
            _resource(self, kind)
            return _originals[f"delete_{kind.moto_name}"](self)

    return delete


def _describe_algorithm(self: SageMakerResponse) -> ActionResult:
    """DescribeAlgorithm (missing from moto): the algorithms the test registered."""
    name = self._get_param("AlgorithmName").rsplit("/", 1)[-1]
    with LOCK:
        image = algorithms.get(name)
    if image is None:
        raise ValidationError(f"Algorithm {name} does not exist")
    arn = f"arn:aws:sagemaker:{self.region}:{self.current_account}:algorithm/{name}"
    return ActionResult({
        "AlgorithmName": name,
        "AlgorithmArn": arn,
        "AlgorithmStatus": "Completed",
        "TrainingSpecification": {"TrainingImage": image, "SupportedTrainingInstanceTypes": [],
                                  "TrainingChannels": []},
    })


def _settle(job: JobState) -> None:
    """End a SETTLING status, under the state lock."""
    with LOCK:
        _state.settle(job)


def _any_instance_type(self: FakeEndpointConfig, instance_type: str) -> None:
    """In place of moto's check against its own list, older than the API's: the endpoint config's
    request_problem has checked it against botocore's."""


def _patch(method: str, handler: Handler) -> None:
    """Put ``handler`` in place of moto's handler ``method`` (kept in ``_originals``), or add it."""
    original = getattr(SageMakerResponse, method, None)
    if original is not None:
        _originals[method] = original
    setattr(SageMakerResponse, method, handler)


def install() -> None:
    """Apply the patches (idempotent)."""
    global _installed
    with LOCK:
        if _installed:
            return
        for kind in KINDS.values():
            # Create wrapped: duplicate names, the lost request fields and the instant Completed
            # (InService) status.
            # Describe replaced: moto's view drops most request fields (and invents some).
            # Stop added or replaced: moto has none for training and stops processing jobs at once.
            handlers = {"create": _create, "describe": _describe, "stop": _stop}
            for verb, handler in handlers.items():
                if verb == "stop" and not kind.stoppable:
                    continue
                _patch(f"{verb}_{kind.moto_name}", handler(kind))
        # Replaced: moto's CreateModel and CreateEndpointConfig replace a resource of the same name
        # and drop request fields.
        for kind in RESOURCES.values():
            for verb, handler in (("create", _create_resource), ("describe", _describe_resource),
                                  ("delete", _delete_resource)):
                _patch(f"{verb}_{kind.moto_name}", handler(kind))
        # Replaced: moto refuses instance types newer than its list.
        FakeEndpointConfig.validate_instance_type = _any_instance_type  # type: ignore[method-assign]
        # Added: moto has no UpdateEndpoint. Replaced: moto deletes an endpoint at once, whatever its status.
        _patch("update_endpoint", _update_endpoint)
        _patch("delete_endpoint", _delete_endpoint)
        # Added: moto has no algorithm resources; a job may train with one.
        SageMakerResponse.describe_algorithm = _describe_algorithm  # type: ignore[attr-defined]
        # Added: moto does not list a tuning job's training jobs.
        SageMakerResponse.list_training_jobs_for_hyper_parameter_tuning_job = _list_trials  # type: ignore[attr-defined]
        _installed = True
