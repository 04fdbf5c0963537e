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
a transform job must name one that exists, as in AWS.

moto's state is process-wide, so one Emulator runs at a time in a process.
"""

from ._emulator import Emulator
from ._kinds import KINDS, TRAINING, JobKind
from ._lifecycle import Lifecycle, Step
from ._wsgi import FAULTS, RecordedRequest

#: Training jobs' log group (``KINDS[kind].log_group`` for the others).
LOG_GROUP = TRAINING.log_group

__all__ = ["Emulator", "Lifecycle", "Step", "RecordedRequest", "FAULTS", "LOG_GROUP", "KINDS", "JobKind"]
