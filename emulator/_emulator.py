"""The Emulator: moto's HTTP server, extended for SageMaker jobs of every kind, endpoints, models and
endpoint configs, and driven by the test."""

from __future__ import annotations

import collections
import logging
import math
import os
import socket
import threading
import urllib.request
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from moto.server import ThreadedMotoServer

from . import _logs, _patches, _state, _tuning
from ._kinds import TUNING, kind_named
from ._lifecycle import Lifecycle
from ._state import LOCK, SETTLING, TERMINAL, JobState
from ._tuning import Objective, default_objective
from ._wsgi import FAULTS, Fault, RecordedRequest, RecordingApp

_ACCESS_KEY = "testing"
#: Seconds between two looks of a tuning job's thread at its training jobs.
_TUNING_POLL = 0.05


def _aware(value: Any) -> Any:
    """moto's naive-UTC datetimes made timezone-aware (as boto3 returns them), recursively."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    if isinstance(value, dict):
        return {k: _aware(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_aware(v) for v in value]
    return value


def _check_free(host: str, port: int) -> None:
    """Fail now if the port is taken: moto's server thread would die and its start() wait forever."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug's server does
        probe.bind((host, port))


class Emulator:
    """moto's server on 127.0.0.1 with SageMaker jobs, endpoints and models that behave like AWS's.

    Methods about one job take ``kind`` (``"TrainingJob"``, the default, ``"ProcessingJob"``,
    ``"TransformJob"``, ``"HyperParameterTuningJob"``, ``"Endpoint"``): names are unique per kind,
    as in AWS.

    An endpoint follows :attr:`lifecycle` (its ``"Endpoint"`` entry) when it is created, Creating
    until InService or Failed, and again at each UpdateEndpoint, Updating until InService on the
    new config; an update that fails is RollingBack, then InService on the old config after
    :attr:`stop_delay`, with its FailureReason. DeleteEndpoint makes it Deleting, then gone after
    :attr:`stop_delay`.

    A hyperparameter tuning job launches real training jobs over time (at most
    MaxParallelTrainingJobs at once, MaxNumberOfTrainingJobs in all), each following
    :attr:`lifecycle`; one that ends Completed reports the tuning objective with the value
    :attr:`objective` gives it, or fails if that is None. The tuning job ends Completed once they have
    all ended and one reported the objective, Failed if none did; stopping it stops them first.
    """

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        region: str = "us-east-1",
        lifecycle: Lifecycle | None = None,
        stop_delay: float = 0.3,
        objective: Objective = default_objective,
    ) -> None:
        self.host = host
        self.port = port
        self.region = region
        #: What every newly created job, and every endpoint created or updated, goes through (None:
        #: it stays InProgress / Starting, an endpoint Creating or Updating); its ``for_kind`` gives
        #: each kind's.
        self.lifecycle: Lifecycle | None = lifecycle
        #: Seconds between Stopping and Stopped after a StopTrainingJob (and the end of an
        #: endpoint's RollingBack and Deleting).
        self.stop_delay = stop_delay
        #: ``objective(index, tuned)``: the objective value the index-th training job (from 1) of a
        #: tuning job reports, given its tuned hyperparameters (strings); None makes it fail. The
        #: default is a value in [0, 1) fixed by both. A list as a function: ``lambda i, _: values[i - 1]``.
        self.objective: Objective = objective
        self._initial_lifecycle = lifecycle
        self._initial_stop_delay = stop_delay
        self._initial_objective = objective
        self._server: ThreadedMotoServer | None = None
        self._url: str | None = None
        self._requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._faults: dict[str, collections.deque[Fault]] = {}
        self._faults_lock = threading.Lock()
        #: Jobs by (kind, name): the last created under that name (an endpoint's may be re-created).
        self._jobs: dict[tuple[str, str], JobState] = {}
        #: (kind, name) of every job created, in creation order.
        self._created: list[tuple[str, str]] = []
        self._jobs_changed = threading.Condition()
        #: How many jobs of each kind wait_for_job has returned.
        self._returned: collections.Counter[str] = collections.Counter()
        self._job_lifecycles: dict[tuple[str, str], Lifecycle | None] = {}
        self._cancel = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- server ---------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Start the server (on a free port unless one was given) with a fresh moto state."""
        if self._server is not None:
            raise RuntimeError("this Emulator is already running")
        _patches.install()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the step's log
        with LOCK:
            if _patches.listener is not None:
                raise RuntimeError("another Emulator is running: moto's state is process-wide, run one at a time")
            _patches.listener = self
        try:
            if self.port:
                _check_free(self.host, self.port)
            server = ThreadedMotoServer(ip_address=self.host, port=self.port, verbose=False)
            server.start()
            wsgi_server = server._server  # werkzeug's server; its app is looked up per request
            assert wsgi_server is not None
            wsgi_server.app = RecordingApp(wsgi_server.app, self)
        except BaseException:
            with LOCK:
                _patches.listener = None
            raise
        self._server = server
        host, port = server.get_host_and_port()
        self._url = f"http://{host}:{port}"
        try:
            self.reset()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the lifecycle threads and the server (moto's state is left as it is)."""
        if self._server is None:
            return
        self._cancel_threads()
        self._server.stop()
        self._server = None
        with LOCK:
            if _patches.listener is self:
                _patches.listener = None

    def __enter__(self) -> Emulator:
        """Start the server for a ``with`` block."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop the server at the end of the ``with`` block."""
        self.stop()

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:PORT``."""
        if self._url is None or self._server is None:
            raise RuntimeError("the Emulator is not running; call start() or use it as a context manager")
        return self._url

    def aws_env(self) -> dict[str, str]:
        """Only the variables that point boto3 at this server."""
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": _ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": _ACCESS_KEY,
            "AWS_DEFAULT_REGION": self.region,
        }

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for a subprocess: ``base`` (default os.environ) plus :meth:`aws_env`."""
        environment = dict(os.environ if base is None else base)
        environment.update(self.aws_env())
        return environment

    def reset(self) -> None:
        """Clear moto's state, recorded requests, faults and jobs; lifecycle, stop_delay and objective
        back to the initial ones."""
        self._cancel_threads()
        with self._faults_lock:
            self._faults.clear()
        with LOCK:
            _patches.algorithms.clear()
        with self._jobs_changed:
            self._jobs.clear()
            self._created.clear()
            self._returned.clear()
            self._job_lifecycles.clear()
            self.lifecycle = self._initial_lifecycle
            self.stop_delay = self._initial_stop_delay
            self.objective = self._initial_objective
        request = urllib.request.Request(self.url + "/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        with self._requests_lock:
            self._requests.clear()

    def _cancel_threads(self) -> None:
        """Stop every lifecycle / stop-delay / tuning thread and wait for them."""
        with LOCK:  # a thread holds LOCK while it changes a job, so none is midway after this
            self._cancel.set()
            self._cancel = threading.Event()
            threads, self._threads = self._threads, []
        for thread in threads:
            thread.join(timeout=5)

    # -- requests and faults --------------------------------------------------------------

    def requests(self, operation: str | None = None, service: str | None = None) -> list[RecordedRequest]:
        """Recorded requests, oldest first, optionally only one operation and/or service."""
        with self._requests_lock:
            found = list(self._requests)
        return [
            r
            for r in found
            if (operation is None or r.operation == operation) and (service is None or r.service == service)
        ]

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._requests_lock:
            self._requests.clear()

    def inject(self, operation: str, fault: str, times: int = 1, seconds: float = 5.0) -> None:
        """Answer the next ``times`` requests for ``operation`` with ``fault`` (queued after earlier ones).

        ``seconds`` is how long a "slow" fault holds each request before moto answers it.
        """
        if fault not in FAULTS:
            raise ValueError(f"fault must be one of {FAULTS}, not {fault!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._faults_lock:
            self._faults.setdefault(operation, collections.deque()).extend([Fault(fault, seconds)] * times)

    def pending_faults(self) -> dict[str, list[str]]:
        """Injected faults not yet consumed (their kinds), per operation."""
        with self._faults_lock:
            return {op: [fault.kind for fault in queue] for op, queue in self._faults.items() if queue}

    def take_fault(self, operation: str | None) -> Fault | None:
        """(Used by the server) the next fault for ``operation``, consumed."""
        if operation is None:
            return None
        with self._faults_lock:
            queue = self._faults.get(operation)
            return queue.popleft() if queue else None

    def record(self, request: RecordedRequest) -> None:
        """(Used by the server) keep a received request."""
        with self._requests_lock:
            self._requests.append(request)

    def hold(self, seconds: float) -> bool:
        """(Used by the server) hold a "slow" request ``seconds``; False if reset() came first."""
        return not self._cancel.wait(seconds)  # reset() sets the current cancel event

    # -- jobs -----------------------------------------------------------------------------

    def add_algorithm(self, name: str, image: str) -> None:
        """Register an algorithm resource whose DescribeAlgorithm names ``image`` (cleared by reset())."""
        with LOCK:
            _patches.algorithms[name] = image

    def set_lifecycle(self, name: str, lifecycle: Lifecycle | None, *, kind: str = "TrainingJob") -> None:
        """Use ``lifecycle`` instead of :attr:`lifecycle` for the job called ``name`` when it is
        created (an endpoint: also each time it is updated)."""
        job_kind = kind_named(kind)
        if job_kind is TUNING:
            raise ValueError("a tuning job has no lifecycle of its own: its training jobs follow the emulator's")
        with self._jobs_changed:
            self._job_lifecycles[job_kind.name, name] = lifecycle

    def job_created(self, job: JobState) -> None:
        """(Called by the patched CreateXxx) register the job and start its lifecycle, or, for a
        tuning job, the thread that launches its training jobs."""
        if job.kind is TUNING:
            self._start(job, None)
            self._spawn(self._run_tuning, job, name=f"emulator-tuning-{job.name}")
            return
        self._start(job, self._lifecycle_of(job))

    def update_requested(self, job: JobState) -> None:
        """(Called by the patched UpdateEndpoint) run the endpoint's lifecycle again, for the update."""
        lifecycle = self._lifecycle_of(job)
        if lifecycle is not None:
            self._spawn(self._run_lifecycle, job, lifecycle, name=f"emulator-lifecycle-{job.name}")

    def _lifecycle_of(self, job: JobState) -> Lifecycle | None:
        """What a job (an endpoint's creation or update) goes through: its own, else the kind's."""
        with self._jobs_changed:
            lifecycle = self._job_lifecycles.get((job.kind.name, job.name), self.lifecycle)
        return None if lifecycle is None else lifecycle.for_kind(job.kind.name)

    def _start(self, job: JobState, lifecycle: Lifecycle | None) -> None:
        """Register a job (for wait_for_job and the methods by name) and start its lifecycle, if any."""
        with self._jobs_changed:
            self._jobs[job.kind.name, job.name] = job
            self._created.append((job.kind.name, job.name))
            self._jobs_changed.notify_all()
        if lifecycle is not None:
            self._spawn(self._run_lifecycle, job, lifecycle, name=f"emulator-lifecycle-{job.name}")

    def settle_later(self, job: JobState) -> None:
        """(Called by the patched StopXxx and DeleteEndpoint, and when an update fails) end the
        job's status in SETTLING after :attr:`stop_delay`; a tuning job's thread stops its training
        jobs first, then it."""
        if job.kind is not TUNING:
            self._spawn(self._settle, job, self.stop_delay, name=f"emulator-settle-{job.name}")

    def _spawn(self, target: Any, *args: Any, name: str) -> None:
        """Start a daemon thread that gets the current cancel event as its last argument."""
        with LOCK:
            thread = threading.Thread(target=target, args=(*args, self._cancel), name=name, daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _settle(self, job: JobState, delay: float, cancel: threading.Event) -> None:
        """Thread: end the job's SETTLING status after ``delay`` seconds."""
        if cancel.wait(delay):
            return
        with LOCK:
            if not cancel.is_set():
                _state.settle(job)

    def _run_lifecycle(self, job: JobState, lifecycle: Lifecycle, cancel: threading.Event) -> None:
        """Thread: drive a job (an endpoint's creation or update) through its lifecycle until it
        ends, is stopped, or the emulator resets."""
        # InProgress, or an endpoint Creating or Updating to one config: anything else ends the run.
        running = (job.status, job.pending)
        for step in lifecycle.steps:
            with LOCK:
                if cancel.is_set() or (job.status, job.pending) != running:
                    return
                _state.set_status(job, job.status, step.secondary, step.message)
                for host, lines in step.logs.items():
                    self._write_logs(job, host, lines)
            if cancel.wait(step.seconds):
                return
        if lifecycle.status is None:
            return
        with LOCK:
            if cancel.is_set() or (job.status, job.pending) != running:
                return
            if lifecycle.status == "Stopped" and lifecycle.final_secondary is None:
                _state.begin_stop(job, by="lifecycle")
            else:
                _state.finish(
                    job,
                    lifecycle.status,
                    failure_reason=lifecycle.failure_reason,
                    metrics=lifecycle.metrics,
                    secondary=lifecycle.final_secondary,
                    message=lifecycle.final_message,
                    exit_message=lifecycle.exit_message,
                )
            if job.status in SETTLING:
                self.settle_later(job)

    def _run_tuning(self, job: JobState, cancel: threading.Event) -> None:
        """Thread: launch a tuning job's training jobs, at most MaxParallelTrainingJobs at once and
        MaxNumberOfTrainingJobs in all (no limit: until stopped), and end it once they have ended;
        when it is Stopping, stop the running ones, then it. Returns if the test ends the tuning job."""
        limits = job.request["HyperParameterTuningJobConfig"]["ResourceLimits"]
        parallel, total = limits["MaxParallelTrainingJobs"], limits.get("MaxNumberOfTrainingJobs", math.inf)
        while True:
            with LOCK:
                if cancel.is_set():
                    return
                running = [child for child in job.children if child.status not in TERMINAL]
                if job.status == "Stopping":
                    for child in running:
                        if _state.begin_stop(child, by=job.stopped_by or TUNING.stop_operation):
                            self.settle_later(child)
                    if not running:
                        _state.settle(job)
                        return
                elif job.status != "InProgress":
                    return
                else:
                    while len(running) < parallel and len(job.children) < total:
                        running.append(self._launch_trial(job))
                    if not running:
                        _tuning.conclude(job)
                        return
            if cancel.wait(_TUNING_POLL):
                return

    def _launch_trial(self, tuning: JobState) -> JobState:
        """Create a tuning job's next training job and start its lifecycle (LOCK held)."""
        index = len(tuning.children) + 1
        request, trial = _tuning.plan(tuning, index)
        child = _tuning.create_training_job(request, trial)
        base = None if self.lifecycle is None else self.lifecycle.for_kind(TUNING.name)
        self._start(child, _tuning.trial_lifecycle(base, trial, lambda: self.objective(index, trial.tuned)))
        return child

    def _job(self, name: str, kind: str) -> JobState:
        """The registered job of ``kind`` called ``name`` (an endpoint: until it is gone)."""
        job_kind = kind_named(kind)
        with self._jobs_changed:
            job = self._jobs.get((job_kind.name, name))
        if job is None:
            raise KeyError(f"no {job_kind.noun} called {name!r} was created through this emulator")
        with LOCK:
            if not _state.exists(job):
                raise KeyError(f"the {job_kind.noun} called {name!r} was deleted")
        return job

    def job_names(self, *, kind: str = "TrainingJob") -> list[str]:
        """Names of the jobs of ``kind`` created so far, in creation order (an endpoint deleted and
        created again: twice)."""
        kind = kind_named(kind).name
        with self._jobs_changed:
            return [name for job_kind, name in self._created if job_kind == kind]

    def training_jobs_of(self, name: str) -> list[str]:
        """Names of the training jobs the tuning job called ``name`` has launched, in launch order."""
        job = self._job(name, TUNING.name)
        with LOCK:
            return [child.name for child in job.children]

    def wait_for_job(self, timeout: float = 10, *, kind: str = "TrainingJob") -> str:
        """Wait for a successful CreateXxx of ``kind``; the first job's name, then the next not yet returned."""
        job_kind = kind_named(kind)

        def names() -> list[str]:
            return [name for k, name in self._created if k == job_kind.name]

        with self._jobs_changed:
            if not self._jobs_changed.wait_for(lambda: len(names()) > self._returned[job_kind.name], timeout):
                raise TimeoutError(f"no new {job_kind.noun} was created within {timeout} s")
            name = names()[self._returned[job_kind.name]]
            self._returned[job_kind.name] += 1
            return name

    def describe(self, name: str, *, kind: str = "TrainingJob") -> dict[str, Any]:
        """What DescribeXxx would return (datetimes timezone-aware, no ResponseMetadata)."""
        job = self._job(name, kind)
        with LOCK:
            return _aware(_state.describe(job))  # type: ignore[no-any-return]

    def set_status(
        self,
        name: str,
        status: str = "InProgress",
        secondary: str = "Training",
        message: str | None = "Training image download completed. Training in progress.",
        *,
        kind: str = "TrainingJob",
    ) -> None:
        """Set the status and SecondaryStatus (a new one adds a transition; kinds without
        SecondaryStatus keep it unseen, and a non-starting one sets their <Kind>StartTime). Any
        status of the kind's API (``OutOfService``, ...), but not once its lifecycle has ended."""
        job = self._job(name, kind)
        with LOCK:
            _state.set_status(job, status, secondary, message)

    def finish(
        self,
        name: str,
        status: str | None = None,
        failure_reason: str | None = None,
        metrics: Mapping[str, float] | None = None,
        secondary: str | None = None,
        message: str | None = None,
        *,
        exit_message: str | None = None,
        kind: str = "TrainingJob",
    ) -> None:
        """End the job: Completed (the default; training jobs get ModelArtifacts), Failed (with
        FailureReason) or Stopped; ``metrics`` and ``exit_message`` show only where the kind's
        response has them. An endpoint's creation or update ends InService (the default) or Failed
        (a failed update: RollingBack, then InService on the old config after :attr:`stop_delay`)."""
        job = self._job(name, kind)
        with LOCK:
            _state.finish(job, status or job.kind.final_statuses[0], failure_reason, metrics, secondary, message,
                          exit_message)
            if job.status in SETTLING:
                self.settle_later(job)

    def settle(self, name: str, *, kind: str = "TrainingJob") -> None:
        """End now what :attr:`stop_delay` would end: Stopping -> Stopped; an endpoint's RollingBack
        -> InService on its old config, Deleting -> gone."""
        job = self._job(name, kind)
        with LOCK:
            _state.settle(job)

    def stop_job(self, name: str, *, kind: str = "TrainingJob") -> None:
        """Stop a job as a StopXxx from someone else would (Stopping, then Stopped)."""
        job = self._job(name, kind)
        if not job.kind.stoppable:
            raise ValueError(f"SageMaker has no {job.kind.stop_operation}: a {job.kind.noun} cannot be stopped")
        with LOCK:
            if _state.begin_stop(job, by="emulator"):
                self.settle_later(job)

    def stopped_by(self, name: str, *, kind: str = "TrainingJob") -> str | None:
        """Who stopped the job: "StopTrainingJob" (a request; StopProcessingJob, ...), "emulator",
        "lifecycle", or None; a tuning job's training jobs say who stopped the tuning job."""
        job = self._job(name, kind)
        with LOCK:
            return job.stopped_by

    def log_stream_name(self, name: str, host: str | None = None, *, kind: str = "TrainingJob") -> str:
        """The stream of one host of a job: ``<job>/<host>-<epoch at creation>``; host defaults to
        the kind's first (``algo-1``; an instance id for transform jobs). An endpoint's:
        ``<variant>/<instance id>``, the first variant of the config being deployed, else in service."""
        job = self._job(name, kind)
        _log_group(job)
        return job.stream_name(host or job.kind.default_host)

    def write_logs(
        self,
        name: str,
        host: str | None = None,
        lines: Iterable[str] = (),
        timestamp_ms: int | None = None,
        *,
        kind: str = "TrainingJob",
    ) -> str:
        """Append lines to the job's stream for ``host`` in its kind's log group; returns the stream name."""
        job = self._job(name, kind)
        with LOCK:
            return self._write_logs(job, host or job.kind.default_host, lines, timestamp_ms)

    def _write_logs(self, job: JobState, host: str, lines: Iterable[str], timestamp_ms: int | None = None) -> str:
        """write_logs for a registered job (LOCK held)."""
        stream = job.stream_name(host)
        _logs.write(job.account_id, job.region, _log_group(job), stream, lines, timestamp_ms)
        return stream


def _log_group(job: JobState) -> str:
    """The job's log group; a kind without one (tuning jobs: their training jobs log) is an error."""
    group = job.kind.log_group_of(job.name)
    if group is None:
        raise ValueError(f"a {job.kind.noun} writes no logs of its own")
    return group
