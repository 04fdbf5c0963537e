"""The lifecycle's documented details, in this process against the emulator over HTTP: the poll
schedule (README "What the step does", bench/README.md: describe every max(2 s, 5 % of the time
since the job's creation), never more than 30 s apart), re-attaching to an old job, a describe
that fails for a passing reason, rerun_failed on each way a job can end (or none before), and output
files written whole or not at all.
"""

from __future__ import annotations

import os

import pytest

from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.runtime.job import Job, PollSchedule
from sagemaker_kfp_components.runtime.outputs import write_atomically
from test_live_logs import REQUEST, ScriptedClock, clients

NAME = REQUEST["TrainingJobName"]


@pytest.mark.parametrize(("elapsed", "interval"), [
    (0, 2), (10, 2), (40, 2), (41, 2.05), (100, 5), (599, 29.95), (600, 30), (3600, 30), (86400, 30)])
def test_the_poll_interval_is_5_percent_of_the_time_waited_between_2_and_30_seconds(elapsed, interval):
    assert PollSchedule().interval(elapsed) == pytest.approx(interval)


def documented_schedule(until: float, age: float) -> list[float]:
    """Describe times of a job `age` seconds old when the step starts, up to the first at or after `until`."""
    times = [0.0]
    while times[-1] < until:
        times.append(times[-1] + min(30.0, max(2.0, 0.05 * (age + times[-1]))))
    return times


@pytest.fixture
def job_in_progress(emu, emu_env):
    emu.lifecycle = Lifecycle(status=None)
    sagemaker, _ = clients(emu)
    sagemaker.create_training_job(**REQUEST)
    return sagemaker


@pytest.mark.parametrize("age", [0.0, 3600.0], ids=["new job", "job an hour old"])
def test_describes_follow_the_schedule_counted_from_the_jobs_creation(emu, job_in_progress, age):
    """A step that re-attaches to an hour-old job polls every 30 s at once, not from 2 s again."""
    sagemaker = job_in_progress
    created = emu.describe(NAME)["CreationTime"].timestamp()
    clock = ScriptedClock({100.0: lambda: emu.finish(NAME, "Completed")}, wall_origin=created + age)
    describes: list[float] = []
    sagemaker.meta.events.register("before-call.sagemaker.DescribeTrainingJob",
                                   lambda **_: describes.append(clock.now()))
    final = Job(sagemaker, COMPONENT.job, NAME, clock, say=lambda text: None).follow(None)
    assert final["TrainingJobStatus"] == "Completed"
    assert describes == pytest.approx(documented_schedule(100.0, age))
    if age:
        assert describes == [0.0, 30.0, 60.0, 90.0, 120.0]


@pytest.mark.parametrize(("ended", "runs_as"), [
    ("Failed", f"{NAME}-r2"), ("Stopped", f"{NAME}-r2"), ("Completed", NAME), (None, NAME)])
def test_rerun_failed_starts_a_new_attempt_after_failed_or_stopped_and_attaches_otherwise(emu, job_in_progress,
                                                                                           ended, runs_as):
    if ended:
        emu.finish(NAME, ended, failure_reason="capacity" if ended == "Failed" else None)
    said: list[str] = []
    job = Job(job_in_progress, COMPONENT.job, NAME, say=said.append)
    attached = job.create_or_attach(dict(REQUEST), "rerun_failed")
    assert job.name == runs_as
    assert attached is (runs_as == NAME)
    assert emu.job_names() == list(dict.fromkeys([NAME, runs_as]))
    if runs_as != NAME:
        assert said[0] == f"Training job {NAME} ended {ended}; starting it again as {runs_as}"


def test_rerun_failed_goes_on_from_the_latest_attempt(emu, job_in_progress):
    emu.finish(NAME, "Stopped")
    sagemaker = job_in_progress
    sagemaker.create_training_job(**{**REQUEST, "TrainingJobName": f"{NAME}-r2"})
    emu.finish(f"{NAME}-r2", "Failed", failure_reason="capacity")
    job = Job(sagemaker, COMPONENT.job, NAME, say=lambda text: None)
    assert job.create_or_attach(dict(REQUEST), "rerun_failed") is False
    assert job.name == f"{NAME}-r3" and emu.job_names()[-1] == f"{NAME}-r3"



def test_rerun_failed_creates_the_job_under_its_own_name_when_none_ran_before(emu, job_in_progress):
    job = Job(job_in_progress, COMPONENT.job, "first-run", say=lambda text: None)
    assert job.create_or_attach({**REQUEST, "TrainingJobName": "first-run"}, "rerun_failed") is False
    assert job.name == "first-run" and emu.job_names() == [NAME, "first-run"]


def test_a_describe_that_fails_for_a_passing_reason_is_said_and_the_wait_goes_on(emu, job_in_progress, capsys):
    """After botocore's own retries (one here, to be quick) a throttled or failing describe is one
    missed look, not the end of the step."""
    from botocore.config import Config

    from sagemaker_kfp_components.runtime import session

    sagemaker = session.botocore_for("us-east-1", None, "test").create_client(
        "sagemaker", region_name="us-east-1", endpoint_url=emu.url,
        config=session.client_config().merge(Config(retries={"mode": "standard", "total_max_attempts": 1})))
    emu.inject("DescribeTrainingJob", "error500")
    clock = ScriptedClock({10.0: lambda: emu.finish(NAME, "Completed")},
                          wall_origin=emu.describe(NAME)["CreationTime"].timestamp())
    final = Job(sagemaker, COMPONENT.job, NAME, clock, say=lambda text: None).follow(None)
    assert final["TrainingJobStatus"] == "Completed"
    (warning,) = capsys.readouterr().err.splitlines()
    assert warning.startswith("warning: DescribeTrainingJob failed (An error occurred (InternalFailure) when calling "
                              "the DescribeTrainingJob operation")
    assert warning.endswith("); still waiting")


# -- output files -----------------------------------------------------------------------------------

def test_an_output_is_written_whole_into_new_folders(tmp_path):
    path = tmp_path / "outputs" / "model_artifact_url" / "data"  # two folders that do not exist yet
    write_atomically(path, "s3://bucket/model.tar.gz")
    assert path.read_text(encoding="utf-8") == "s3://bucket/model.tar.gz"
    assert os.listdir(path.parent) == ["data"]  # no temporary file left


def test_a_write_that_fails_midway_leaves_no_partial_file(tmp_path):
    """KFP reads whatever file is there: a half-written output must never appear under its name."""
    path = tmp_path / "job_name"
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "x" * 100_000 + "\udcff")  # UTF-8 cannot encode it, after 100 kB
    assert os.listdir(tmp_path) == []


def test_a_failed_write_keeps_the_earlier_file(tmp_path):
    path = tmp_path / "job_name"
    path.write_text("earlier", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "later \udcff")
    assert path.read_text(encoding="utf-8") == "earlier" and os.listdir(tmp_path) == ["job_name"]
