"""The few in-process patches to moto's SageMaker training jobs (installed once, by ``install()``)."""

from __future__ import annotations

import copy
import threading
from typing import Any, Protocol

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceInUseException, ValidationError
from moto.sagemaker.models import FakeTrainingJob
from moto.sagemaker.responses import SageMakerResponse

from . import _state
from ._state import LOCK

#: Delay between Stopping and Stopped when no Emulator is listening.
DEFAULT_STOP_DELAY = 0.3


class Listener(Protocol):
    """What the running Emulator is told by the patched moto handlers."""

    def job_created(self, job: Any, backend: Any) -> None:
        """A CreateTrainingJob request created ``job`` in ``backend``."""

    def stop_requested(self, job: Any) -> None:
        """A StopTrainingJob request moved ``job`` to Stopping; arrange for it to become Stopped."""


#: The running Emulator (moto's state is process-wide, so there is at most one).
listener: Listener | None = None

#: Algorithm resources by name: their training image (moto has no algorithms).
algorithms: dict[str, str] = {}

_installed = False


def _create_training_job(self: SageMakerResponse) -> ActionResult:
    """CreateTrainingJob: refuse duplicate names, keep the request, start InProgress / Starting."""
    name = self._get_param("TrainingJobName")
    backend = self.sagemaker_backend
    with LOCK:
        existing = backend.training_jobs.get(name)
        if existing is not None:
            # moto would silently replace the job; AWS keeps job names unique forever.
            raise ResourceInUseException(
                "Training job names must be unique within an AWS account and region, and a "
                f"training job with this name already exists ({existing.arn})"
            )
        # Copied before moto runs: moto overwrites AlgorithmSpecification.MetricDefinitions in place.
        request = copy.deepcopy(self.params)
        result = _original_create(self)
        job = backend.training_jobs[name]
        # moto makes the job Completed at once; AWS starts it InProgress / Starting.
        _state.init_job(job, request)
    current = listener
    if current is not None:
        current.job_created(job, backend)
    return result


def _stop_training_job(self: SageMakerResponse) -> ActionResult:
    """StopTrainingJob (missing from moto): InProgress -> Stopping, Stopped after a short delay."""
    name = self._get_param("TrainingJobName")
    with LOCK:
        job = self.sagemaker_backend.training_jobs.get(name)
        if job is None:
            raise ValidationError("Requested resource not found")
        try:
            started = _state.begin_stop(job, by="StopTrainingJob")
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


def _complete_stop(job: Any) -> None:
    """Stopping -> Stopped, under the state lock."""
    with LOCK:
        _state.complete_stop(job)


def _response_object(self: FakeTrainingJob) -> dict[str, Any]:
    """DescribeTrainingJob view: the request echoed back and the emulated state, as AWS returns it."""
    if not hasattr(self, "emu_request"):  # created without going through the patched handler
        return _original_response_object.fget(self)  # type: ignore[attr-defined,no-any-return]
    with LOCK:
        return _state.describe(self)


_original_create = SageMakerResponse.create_training_job
_original_response_object = FakeTrainingJob.response_object


def install() -> None:
    """Apply the patches (idempotent)."""
    global _installed
    with LOCK:
        if _installed:
            return
        # Wrapped: duplicate names, the lost request fields and the instant Completed status.
        SageMakerResponse.create_training_job = _create_training_job  # type: ignore[method-assign]
        # Added: moto has no StopTrainingJob and answers HTTP 500 (NotImplementedError).
        SageMakerResponse.stop_training_job = _stop_training_job  # type: ignore[attr-defined]
        # Replaced: moto's view drops most request fields and invents MetricDefinitions.
        FakeTrainingJob.response_object = property(_response_object)  # type: ignore[assignment,method-assign]
        # Added: moto has no algorithm resources; a job may train with one.
        SageMakerResponse.describe_algorithm = _describe_algorithm  # type: ignore[attr-defined]
        _installed = True
