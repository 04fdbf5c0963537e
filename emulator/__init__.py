"""A local SageMaker training-job emulator for tests and demos (dev-time only; built on moto's server).

Start it in the test process, point a subprocess's boto3 at it with ``emu.env()``, and drive or
script the jobs from the test::

    from emulator import Emulator, Lifecycle, Step

    with Emulator(lifecycle=Lifecycle.default()) as emu:
        subprocess.run([...], env=emu.env())
        name = emu.wait_for_job()
        assert emu.describe(name)["TrainingJobStatus"] == "Completed"

moto's state is process-wide, so one Emulator runs at a time in a process.
"""

from ._emulator import Emulator
from ._lifecycle import Lifecycle, Step
from ._logs import LOG_GROUP
from ._wsgi import FAULTS, RecordedRequest

__all__ = ["Emulator", "Lifecycle", "Step", "RecordedRequest", "FAULTS", "LOG_GROUP"]
