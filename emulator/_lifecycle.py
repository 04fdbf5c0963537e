"""A declarative script of what a created job goes through, whatever its kind, or per kind.

Each kind shows what its DescribeXxx has: training jobs show the steps as SecondaryStatus
transitions and the metrics as FinalMetricDataList; processing and transform jobs show only the
status and times (a step past the starting phases sets their start time) and, for processing jobs,
ExitMessage. An endpoint goes through its lifecycle when it is created (Creating) and at each update
(Updating), and shows only the status it ends in (InService or Failed), FailureReason and its
container's log lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ._kinds import ENDPOINT, KINDS, PROCESSING, TRANSFORM, TUNING

#: The statuses a lifecycle may end in: every kind's.
_FINAL = tuple(dict.fromkeys(status for kind in KINDS.values() for status in kind.final_statuses))

#: An endpoint's health check, as the serving container logs it (SageMaker's checker is AHC/2.0).
_PING = '"GET /ping HTTP/1.1" 200 0 "-" "AHC/2.0"'


@dataclass(frozen=True)
class Step:
    """One phase: set SecondaryStatus (with message), write the log lines, then wait ``seconds``.

    ``logs`` maps a host as the kind names it (``algo-1``; an instance id for transform jobs and
    endpoints, whose lines go to the first variant's stream) to lines.
    """

    secondary: str
    message: str | None = None
    seconds: float = 0.0
    logs: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.secondary:
            raise ValueError("Step.secondary must not be empty")
        if self.seconds < 0:
            raise ValueError("Step.seconds must not be negative")
        if isinstance(self.logs, (str, bytes)) or not isinstance(self.logs, Mapping):
            raise TypeError("Step.logs maps a host name (e.g. 'algo-1') to a list of lines")


@dataclass(frozen=True)
class Lifecycle:
    """Steps run in order, then the job ends with ``status`` (None: it stays InProgress, an endpoint
    Creating or Updating); an endpoint's is InService or Failed.

    ``kinds`` gives jobs of some kinds a lifecycle of their own instead (``for_kind``); a tuning
    job's entry is what its training jobs go through.
    """

    steps: Sequence[Step] = ()
    status: str | None = "Completed"
    #: An endpoint's may name ``{variant}``: its first production variant.
    failure_reason: str | None = None
    metrics: Mapping[str, float] | None = None
    #: Final SecondaryStatus if not the same as ``status`` (e.g. "MaxRuntimeExceeded" for Stopped).
    final_secondary: str | None = None
    final_message: str | None = None
    #: ExitMessage at the end (processing jobs show it).
    exit_message: str | None = None
    #: The lifecycles of jobs of these kinds (``"TransformJob"``), in place of this one.
    kinds: Mapping[str, Lifecycle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in _FINAL:
            raise ValueError(f"Lifecycle.status must be one of {_FINAL} or None, not {self.status!r}")
        if self.failure_reason is not None and self.status != "Failed":
            raise ValueError("Lifecycle.failure_reason is only for status='Failed'")
        object.__setattr__(self, "steps", tuple(self.steps))
        for step in self.steps:
            if not isinstance(step, Step):
                raise TypeError(f"Lifecycle.steps holds Step objects, not {step!r}")
        object.__setattr__(self, "kinds", MappingProxyType(dict(self.kinds)))
        for kind, lifecycle in self.kinds.items():
            if kind not in KINDS:
                raise ValueError(f"Lifecycle.kinds: a job kind is one of {sorted(KINDS)}, not {kind!r}")
            if not isinstance(lifecycle, Lifecycle) or lifecycle.kinds:
                raise TypeError(f"Lifecycle.kinds[{kind!r}] is a Lifecycle without kinds of its own")
            lifecycle._check_ending(kind)

    def _check_ending(self, kind: str) -> None:
        """Refuse to drive a job of ``kind`` to a status it cannot end in (a job InService)."""
        final = KINDS[kind].final_statuses
        if self.status is not None and self.status not in final:
            raise ValueError(f"a {KINDS[kind].noun} ends as one of {final} or None, not {self.status!r}: "
                             f"give it a lifecycle of its own in Lifecycle.kinds[{kind!r}]")

    def for_kind(self, kind: str) -> Lifecycle:
        """What a job of ``kind`` goes through (for ``"HyperParameterTuningJob"``: its training jobs)."""
        lifecycle = self.kinds.get(kind, self)
        lifecycle._check_ending(kind)
        return lifecycle

    @classmethod
    def default(cls) -> Lifecycle:
        """Starting, Downloading, Training (with logs on algo-1), Uploading, Completed: about 1.2 s.
        An endpoint: its container's start in the log, then InService, in 0.3 s."""
        return cls(
            steps=(
                Step("Starting", "Preparing the instances for training", 0.2),
                Step("Downloading", "Downloading input data", 0.2),
                Step(
                    "Training",
                    "Training image download completed. Training in progress.",
                    0.6,
                    logs={
                        "algo-1": [
                            "Invoking script with the following command: train",
                            "epoch 1: loss=0.693",
                            "epoch 2: loss=0.412",
                            "#quality_metric: host=algo-1, train accuracy <score>=0.91",
                        ]
                    },
                ),
                Step("Uploading", "Uploading generated training model", 0.2),
            ),
            status="Completed",
            metrics={"train:accuracy": 0.91},
            kinds={
                ENDPOINT.name: cls(
                    steps=(
                        Step("Provisioning", seconds=0.1),
                        Step("Starting", seconds=0.2, logs={ENDPOINT.default_host: [
                            "Starting the model server: serve",
                            "Loading the model from /opt/ml/model",
                            "Model server listening on 0.0.0.0:8080",
                            _PING,
                        ]}),
                    ),
                    status="InService",
                ),
            },
        )

    @classmethod
    def demo(cls) -> Lifecycle:
        """Each job kind's own phases and log lines at a watchable pace (about 5 s), for
        `sagemaker-kfp run` and `run-pipeline`: a k-means training job; a processing job that
        splits MNIST; a transform job that serves the model to score a dataset; the training
        jobs of a tuning job, each trying the values it was given against the tuning objective;
        and an endpoint that serves the model, InService once its health check passes."""
        return cls(
            steps=(
                Step("Starting", "Launching requested ML instances", 1.0),
                Step("Downloading", "Downloading input data", 1.0),
                Step(
                    "Training",
                    "Training image download completed. Training in progress.",
                    2.0,
                    logs={
                        "algo-1": [
                            "Docker entrypoint called with argument(s): train",
                            "Reading default configuration from /opt/amazon/lib/python3.8/site-packages/algorithm/resources/default-input.json",
                            "Reading provided configuration from /opt/ml/input/config/hyperparameters.json: {'feature_dim': '784', 'k': '10'}",
                            "#progress_metric: host=algo-1, completed 50.0 % of epochs",
                            "#progress_metric: host=algo-1, completed 100.0 % of epochs",
                            "#quality_metric: host=algo-1, epoch=0, batch=0 train msd <loss>=0.0736",
                            "Test data is not provided.",
                        ]
                    },
                ),
                Step("Uploading", "Uploading generated training model", 1.0),
            ),
            status="Completed",
            metrics={"train:msd": 0.0736, "train:progress": 100.0},
            kinds={
                PROCESSING.name: cls(
                    steps=(
                        Step("Starting", seconds=1.5),
                        Step("Processing", seconds=2.5, logs={
                            "algo-1": [
                                "Running the processing script: python3 /opt/ml/processing/code/preprocessing.py",
                                "Reading mnist.pkl.gz from /opt/ml/processing/input",
                                "70000 images of 28 x 28 pixels read; flattening them to 784 features",
                                "Split: 50000 for training, 10000 for testing, 10000 for validation",
                                "Wrote /opt/ml/processing/output_train_data/train_data.csv (50000 rows)",
                                "Wrote /opt/ml/processing/output_test_data/test_data.csv (10000 rows)",
                                "Wrote /opt/ml/processing/output_valid_data/valid_data.csv (10000 rows)",
                            ]
                        }),
                        Step("Uploading", seconds=1.0, logs={
                            "algo-1": ["Processing script finished with exit code 0; outputs are uploaded to S3"]
                        }),
                    ),
                    status="Completed",
                ),
                TRANSFORM.name: cls(
                    steps=(
                        Step("Starting", seconds=1.5),
                        Step("Transforming", seconds=3.0, logs={
                            TRANSFORM.default_host: [
                                "Docker entrypoint called with argument(s): serve",
                                "Loading the model from /opt/ml/model: k-means, 10 clusters of 784 features",
                                "Model server listening on 0.0.0.0:8080 with 4 workers",
                                '"GET /ping HTTP/1.1" 200',
                                '"GET /execution-parameters HTTP/1.1" 200',
                                '"POST /invocations HTTP/1.1" 200: 5000 records scored',
                                '"POST /invocations HTTP/1.1" 200: 5000 records scored',
                                "Input exhausted; the predictions are assembled into <input object>.out",
                            ]
                        }),
                    ),
                    status="Completed",
                ),
                TUNING.name: cls(
                    steps=(
                        Step("Starting", "Launching requested ML instances", 0.5),
                        Step("Downloading", "Downloading input data", 0.5),
                        Step(
                            "Training",
                            "Training image download completed. Training in progress.",
                            1.5,
                            logs={
                                "algo-1": [
                                    "Docker entrypoint called with argument(s): train",
                                    "Hyperparameters chosen by the tuning job are in "
                                    "/opt/ml/input/config/hyperparameters.json, with _tuning_objective_metric",
                                    "#progress_metric: host=algo-1, completed 100.0 % of epochs",
                                    "Scoring the test channel for the tuning objective",
                                    "#test_score (algo-1) reported to the tuning job as its objective metric",
                                ]
                            },
                        ),
                        Step("Uploading", "Uploading generated training model", 0.5),
                    ),
                    status="Completed",
                    metrics={"train:progress": 100.0},
                ),
                ENDPOINT.name: cls(
                    steps=(
                        Step("Provisioning", seconds=2.0),  # instances launching: no container yet
                        Step("Starting", seconds=2.0, logs={ENDPOINT.default_host: [
                            "Docker entrypoint called with argument(s): serve",
                            "Loading the model from /opt/ml/model: k-means, 10 clusters of 784 features",
                            "Number of server workers: 4",
                            "Model server listening on 0.0.0.0:8080",
                        ]}),
                        Step("HealthCheck", seconds=1.0, logs={ENDPOINT.default_host: [_PING, _PING]}),
                    ),
                    status="InService",
                ),
            },
        )

    @classmethod
    def failing(cls, failure_reason: str = "AlgorithmError: training script exited with code 1") -> Lifecycle:
        """Starting, Downloading, Training (with an error logged on algo-1), then Failed with an ExitMessage.
        An endpoint: its container's error in the log, then Failed its health check (an update:
        RollingBack, then InService on the old config)."""
        return cls(
            steps=(
                Step("Starting", None, 0.1),
                Step("Downloading", None, 0.1),
                Step("Training", None, 0.2, logs={"algo-1": ["Traceback (most recent call last):", "ValueError: boom"]}),
            ),
            status="Failed",
            failure_reason=failure_reason,
            exit_message="ValueError: boom",
            kinds={
                ENDPOINT.name: cls(
                    steps=(
                        Step("Provisioning", seconds=0.1),
                        Step("Starting", seconds=0.2, logs={ENDPOINT.default_host: [
                            "Starting the model server: serve",
                            "Loading the model from /opt/ml/model",
                            "Traceback (most recent call last):",
                            "FileNotFoundError: [Errno 2] No such file or directory: '/opt/ml/model/model.pkl'",
                            "Worker exited with code 1; the model server stops",
                        ]}),
                    ),
                    status="Failed",
                    # SageMaker's wording when the container does not answer /ping.
                    failure_reason=("The primary container for production variant {variant} did not pass the "
                                    "ping health check. Please check CloudWatch logs for this endpoint."),
                ),
            },
        )

    @property
    def duration(self) -> float:
        """Seconds the steps take in total (before the final status)."""
        return sum(step.seconds for step in self.steps)

    @classmethod
    def named(cls, name: str) -> Lifecycle | None:
        """The lifecycle a command line names (one of ``NAMES``); "none": jobs run until stopped."""
        return None if name == "none" else getattr(cls, name)()


#: The lifecycles a command line can name: the emulator's, and `sagemaker-kfp run`'s embedded one.
NAMES = ("default", "demo", "failing", "none")
