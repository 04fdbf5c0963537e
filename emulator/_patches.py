"""The few in-process patches to moto's SageMaker jobs and models (installed once, by ``install()``).

For every kind in ``KINDS`` the same three handlers replace moto's: CreateXxx, DescribeXxx, StopXxx.
Models get CreateModel, DescribeModel and DeleteModel; tuning jobs also
ListTrainingJobsForHyperParameterTuningJob.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, Protocol

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
from moto.sagemaker.responses import SageMakerResponse

from . import _state
from ._kinds import KINDS, MODEL, TUNING, JobKind, ResourceKind, trial_summary
from ._state import LOCK, JobState

#: Delay between Stopping and Stopped when no Emulator is listening.
DEFAULT_STOP_DELAY = 0.3

#: The error classes of the codes a kind's ``missing_error`` names.
_ERRORS = {"ValidationException": ValidationError, "ResourceNotFound": ResourceNotFound}

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

    def stop_requested(self, job: JobState) -> None:
        """A StopXxx request moved ``job`` to Stopping; arrange for it to become Stopped."""


#: The running Emulator (moto's state is process-wide, so there is at most one).
listener: Listener | None = None

#: Algorithm resources by name: their training image (moto has no algorithms).
algorithms: dict[str, str] = {}

#: moto's own handlers, by method name, as they were before install().
_originals: dict[str, Handler] = {}
_installed = False


def _jobs(response: SageMakerResponse, kind: JobKind) -> dict[str, Any]:
    """moto's jobs of one kind in the request's account and region, by name."""
    return getattr(response.sagemaker_backend, f"{kind.moto_name}s")  # type: ignore[no-any-return]


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
        jobs = _jobs(self, kind)
        with LOCK:
            existing = jobs.get(name)
            if existing is not None:
                # moto would silently replace the job; AWS keeps job names unique forever.
                raise ResourceInUseException(kind.duplicate_message.format(name=name, arn=existing.arn))
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
            model = _jobs(self, kind).get(name)
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
        name = self._get_param(kind.name_field)
        with LOCK:
            job = getattr(_jobs(self, kind).get(name), "emulated", None)
            if job is None:
                raise _missing(kind, kind.missing_message, self, name)
            try:
                started = _state.begin_stop(job, by=kind.stop_operation)
            except _state.JobStateError as error:
                raise ValidationError(str(error)) from None
        if started:
            current = listener
            if current is not None:
                current.stop_requested(job)
            else:
                timer = threading.Timer(DEFAULT_STOP_DELAY, _complete_stop, args=(job,))
                timer.daemon = True
                timer.start()
        return EmptyResult()

    return stop


def _list_trials(self: SageMakerResponse) -> ActionResult:
    """ListTrainingJobsForHyperParameterTuningJob (missing from moto): the training jobs a tuning job
    launched, filtered, sorted and paged as AWS does (NextToken: the offset of the next page)."""
    name = self._get_param("HyperParameterTuningJobName")
    with LOCK:
        job = getattr(_jobs(self, TUNING).get(name), "emulated", None)
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


def _create_model(self: SageMakerResponse) -> ActionResult:
    """CreateModel: refuse bad and taken names (moto replaces the model), keep every request field."""
    name = self._get_param("ModelName")
    _check_name(MODEL, name)
    with LOCK:
        models = self.sagemaker_backend._models
        if name in models:
            raise ValidationError(MODEL.duplicate_message.format(name=name, arn=models[name].arn))
        request = copy.deepcopy(self.params)
        result = _originals["create_model"](self)
        _state.init_resource(models[name], request)
    return result


def _model(self: SageMakerResponse) -> Any:
    """moto's model named in the request, or AWS's error for an unknown one."""
    name = self._get_param("ModelName")
    model = self.sagemaker_backend._models.get(name)
    if model is None:
        arn = MODEL.arn(self.region, self.current_account, name)
        raise ValidationError(MODEL.missing_message.format(name=name, arn=arn))
    return model


def _describe_model(self: SageMakerResponse) -> ActionResult:
    """DescribeModel: the request echoed back (moto drops most of it)."""
    with LOCK:
        model = _model(self)
        if hasattr(model, "emulated_request"):
            return ActionResult(_state.describe_resource(MODEL, model))
    # Created without going through the patched handler (e.g. by CloudFormation).
    return _originals["describe_model"](self)


def _delete_model(self: SageMakerResponse) -> ActionResult:
    """DeleteModel: moto's, with AWS's error for an unknown name; the name is free again after it."""
    with LOCK:
        _model(self)
        return _originals["delete_model"](self)


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


def _complete_stop(job: JobState) -> None:
    """Stopping -> Stopped, under the state lock."""
    with LOCK:
        _state.complete_stop(job)


def install() -> None:
    """Apply the patches (idempotent)."""
    global _installed
    with LOCK:
        if _installed:
            return
        for kind in KINDS.values():
            # Create wrapped: duplicate names, the lost request fields and the instant Completed status.
            # Describe replaced: moto's view drops most request fields (and invents some).
            # Stop added or replaced: moto has none for training and stops processing jobs at once.
            for verb, handler in (("create", _create), ("describe", _describe), ("stop", _stop)):
                method = f"{verb}_{kind.moto_name}"
                original = getattr(SageMakerResponse, method, None)
                if original is not None:
                    _originals[method] = original
                setattr(SageMakerResponse, method, handler(kind))
        # Replaced: moto's CreateModel replaces a model of the same name and drops request fields.
        for method, handler in (("create_model", _create_model), ("describe_model", _describe_model),
                                ("delete_model", _delete_model)):
            _originals[method] = getattr(SageMakerResponse, method)
            setattr(SageMakerResponse, method, handler)
        # Added: moto has no algorithm resources; a job may train with one.
        SageMakerResponse.describe_algorithm = _describe_algorithm  # type: ignore[attr-defined]
        # Added: moto does not list a tuning job's training jobs.
        SageMakerResponse.list_training_jobs_for_hyper_parameter_tuning_job = _list_trials  # type: ignore[attr-defined]
        _installed = True
