"""The few in-process patches to moto's SageMaker jobs (installed once, by ``install()``).

For every kind in ``KINDS`` the same three handlers replace moto's: CreateXxx, DescribeXxx, StopXxx.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, Protocol

from moto.core.responses import ActionResult, EmptyResult
from moto.sagemaker.exceptions import ResourceInUseException, ValidationError
from moto.sagemaker.responses import SageMakerResponse

from . import _state
from ._kinds import KINDS, JobKind
from ._state import LOCK, JobState

#: Delay between Stopping and Stopped when no Emulator is listening.
DEFAULT_STOP_DELAY = 0.3

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


def _create(kind: JobKind) -> Handler:
    def create(self: SageMakerResponse) -> ActionResult:
        """CreateXxx: refuse duplicate names, keep the request, start InProgress / Starting."""
        name = self._get_param(kind.name_field)
        jobs = _jobs(self, kind)
        with LOCK:
            existing = jobs.get(name)
            if existing is not None:
                # moto would silently replace the job; AWS keeps job names unique forever.
                raise ResourceInUseException(kind.duplicate_message.format(name=name, arn=existing.arn))
            # Copied before moto runs: moto changes parts of it in place (training MetricDefinitions).
            request = copy.deepcopy(self.params)
            result = _originals[f"create_{kind.moto_name}"](self)
            # moto makes the job Completed at once; AWS starts it InProgress.
            job = _state.init_job(kind, jobs[name], request, self.sagemaker_backend)
        current = listener
        if current is not None:
            current.job_created(job)
        return result

    return create


def _describe(kind: JobKind) -> Handler:
    def describe(self: SageMakerResponse) -> ActionResult:
        """DescribeXxx: the request echoed back and the emulated state, as AWS returns it."""
        with LOCK:
            job = getattr(_jobs(self, kind).get(self._get_param(kind.name_field)), "emulated", None)
            if job is not None:
                return ActionResult(_state.describe(job))
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
                arn = kind.arn(self.region, self.current_account, name)
                raise ValidationError(kind.missing_message.format(name=name, arn=arn))
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
        # Added: moto has no algorithm resources; a job may train with one.
        SageMakerResponse.describe_algorithm = _describe_algorithm  # type: ignore[attr-defined]
        _installed = True
