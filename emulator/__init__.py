"""A local SageMaker job emulator for tests and demos (dev-time only; built on moto's server).

Start it in the test process, point a subprocess's boto3 at it with ``emu.env()``, and drive or
script the jobs from the test::

    from . import Emulator, Lifecycle, Step

    with Emulator(lifecycle=Lifecycle.default()) as emu:
        subprocess.run([...], env=emu.env())
        name = emu.wait_for_job()
        assert emu.describe(name)["TrainingJobStatus"] == "Completed"

Jobs of every kind in ``KINDS`` (TrainingJob, ProcessingJob, TransformJob,
HyperParameterTuningJob) behave alike; the methods about one job take ``kind=`` (default
``"TrainingJob"``)::

    emu.wait_for_job(kind="ProcessingJob")

A tuning job launches training jobs that follow ``emu.lifecycle``; ``emu.objective`` chooses the
objective value each reports (None: it fails)::

    emu.objective = lambda index, tuned: [0.71, None, 0.93][index - 1]
    name = emu.wait_for_job(kind="HyperParameterTuningJob")
    emu.training_jobs_of(name)  # ["<name>-001-<8 hex>", ...]

Models (CreateModel, DescribeModel, DeleteModel) refuse taken names and describe the request back;
a transform job must name one that exists, as in AWS. Endpoint configs do the same, and their
variants must name models that exist.

An endpoint (``kind="Endpoint"``) follows the lifecycle's ``"Endpoint"`` entry when it is created
and at each UpdateEndpoint: Creating (Updating) until InService or Failed, its container's lines in
``/aws/sagemaker/Endpoints/<name>``, stream ``<variant>/<instance id>``; a failed update rolls back
(RollingBack, then InService on the old config). Hold one with no lifecycle and release it::

    emu.set_lifecycle("my-endpoint", None, kind="Endpoint")
    ...  # CreateEndpoint or UpdateEndpoint: it stays Creating / Updating
    emu.finish("my-endpoint", "Failed", failure_reason="...", kind="Endpoint")
    emu.settle("my-endpoint", kind="Endpoint")  # RollingBack ends now, not after stop_delay

moto's state is process-wide, so one Emulator runs at a time in a process.
"""

from ._kinds import KINDS, TRAINING, JobKind
from ._lifecycle import NAMES as LIFECYCLE_NAMES
from ._lifecycle import Lifecycle, Step

try:
    from ._emulator import Emulator
    from ._wsgi import FAULTS, RecordedRequest
except ModuleNotFoundError as missing:
    if missing.name is None or missing.name.startswith(__name__):
        raise
    # Without moto the package still imports, so that `python -m` can say what to install.
    _MISSING = missing.name

    def __getattr__(name: str):
        if name in ("Emulator", "FAULTS", "RecordedRequest"):
            raise ModuleNotFoundError(f"the emulator needs the emulator extra ({_MISSING.partition('.')[0]} is not "
                                      "installed): pip install 'sagemaker-kfp-components[emulator]'", name=_MISSING)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Training jobs' log group (``KINDS[kind].log_group`` for the others).
LOG_GROUP = TRAINING.log_group

__all__ = ["Emulator", "Lifecycle", "LIFECYCLE_NAMES", "Step", "RecordedRequest", "FAULTS", "LOG_GROUP", "KINDS", "JobKind"]
