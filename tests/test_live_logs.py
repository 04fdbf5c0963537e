"""Logs read while the job runs, not only after it ends.

The emulator's jobs here stay InProgress until the test ends them, and the test writes each host's
lines with the timestamps it chooses. CloudWatch Logs' contract (GetLogEvents, DescribeLogStreams
with at most 50 streams a page and a nextToken) is moto's, over HTTP, with real botocore clients.
What the step promises (README, "What the step does"): every line of every instance's stream is
printed once, while the job runs, in time order across instances, streams that appear late
included.
"""

from __future__ import annotations

import datetime

import pytest

from sagemaker_kfp_components.emulator import LOG_GROUP, Lifecycle
from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.runtime import session
from sagemaker_kfp_components.runtime.clock import Clock
from sagemaker_kfp_components.runtime.job import Job, PollSchedule
from sagemaker_kfp_components.runtime.logs import LogTail

NAME = "live"
REQUEST = {
    "TrainingJobName": NAME, "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
    "AlgorithmSpecification": {"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1",
                               "TrainingInputMode": "File"},
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/models"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}


def clients(emu):
    botocore_session = session.botocore_for("us-east-1", None, "test")
    return (session.client(botocore_session, "sagemaker", "us-east-1", emu.url),
            session.client(botocore_session, "logs", "us-east-1", emu.url))


@pytest.fixture
def running(emu, emu_env):
    """A training job that runs until the test ends it; (SageMaker client, Logs client, epoch ms)."""
    emu.lifecycle = Lifecycle(status=None)
    sagemaker, logs = clients(emu)
    sagemaker.create_training_job(**REQUEST)
    emu.set_status(NAME, "InProgress", "Training")
    created = emu.describe(NAME)["CreationTime"]
    return sagemaker, logs, int(created.timestamp() * 1000)


def tail_of(logs, instances: int, printed: list[str]) -> LogTail:
    return LogTail(logs, LOG_GROUP, f"{NAME}/", instances, write=printed.append)


def lines(printed: list[str]) -> list[str]:
    return "".join(printed).splitlines()


def test_a_read_finds_streams_on_every_page_of_describe_log_streams(emu, running):
    """60 instances: DescribeLogStreams answers 50 streams and a nextToken; the first read during
    the job prints a line from each of the 60."""
    _, logs, epoch = running
    for host in range(1, 61):
        emu.write_logs(NAME, f"algo-{host}", [f"hello from {host}"], timestamp_ms=epoch + host)
    printed: list[str] = []
    assert tail_of(logs, 60, printed).read(now=10.0) == 60
    assert lines(printed) == [f"[algo-{host}] hello from {host}" for host in range(1, 61)]


def test_a_stream_that_appears_after_the_first_is_read_while_the_job_runs(emu, running):
    _, logs, epoch = running
    printed: list[str] = []
    tail = tail_of(logs, 2, printed)
    emu.write_logs(NAME, "algo-1", ["a1"], timestamp_ms=epoch + 1000)
    assert tail.read(now=10.0) == 1
    emu.write_logs(NAME, "algo-2", ["b1"], timestamp_ms=epoch + 2000)  # the second host starts late
    emu.write_logs(NAME, "algo-1", ["a2"], timestamp_ms=epoch + 3000)
    assert tail.read(now=20.0) == 2
    assert lines(printed) == ["[algo-1] a1", "[algo-2] b1", "[algo-1] a2"]
    assert emu.describe(NAME)["TrainingJobStatus"] == "InProgress"


def test_lines_of_one_round_are_interleaved_by_time_across_streams(emu, running):
    """algo-2's stream sorts after algo-1's, but its lines are printed where their times put them."""
    _, logs, epoch = running
    emu.write_logs(NAME, "algo-1", ["a1"], timestamp_ms=epoch + 100)
    emu.write_logs(NAME, "algo-1", ["a2"], timestamp_ms=epoch + 300)
    emu.write_logs(NAME, "algo-2", ["b1"], timestamp_ms=epoch + 50)
    emu.write_logs(NAME, "algo-2", ["b2"], timestamp_ms=epoch + 200)
    printed: list[str] = []
    tail_of(logs, 2, printed).read(now=10.0)
    assert lines(printed) == ["[algo-2] b1", "[algo-1] a1", "[algo-2] b2", "[algo-1] a2"]


def test_lines_of_one_stream_with_the_same_time_keep_the_streams_order(emu, running):
    _, logs, epoch = running
    emu.write_logs(NAME, "algo-1", ["zeta"], timestamp_ms=epoch + 100)  # one call writes lines 1 ms apart
    emu.write_logs(NAME, "algo-1", ["alpha"], timestamp_ms=epoch + 100)
    printed: list[str] = []
    tail_of(logs, 1, printed).read(now=10.0)
    assert lines(printed) == ["zeta", "alpha"]


def test_more_streams_than_instances_each_line_names_its_stream(emu, running):
    """An instance that restarts writes a new stream: one instance, two streams."""
    _, logs, epoch = running
    emu.write_logs(NAME, "algo-1", ["before"], timestamp_ms=epoch + 1)
    emu.write_logs(NAME, "algo-2", ["after"], timestamp_ms=epoch + 2)
    printed: list[str] = []
    tail_of(logs, 1, printed).read(now=10.0)
    assert lines(printed) == ["[algo-1] before", "[algo-2] after"]


def test_a_line_that_ends_its_own_newline_gets_no_second_one(emu, running):
    _, logs, epoch = running
    emu.write_logs(NAME, "algo-1", ["ends\n", "does not"], timestamp_ms=epoch + 1)
    printed: list[str] = []
    tail_of(logs, 1, printed).read(now=10.0)
    assert "".join(printed) == "ends\ndoes not\n"


def test_once_every_instances_stream_is_found_reads_look_for_no_more(emu, running):
    """DescribeLogStreams is called until each of the request's instances has a stream, then never."""
    _, logs, epoch = running
    printed: list[str] = []
    tail = tail_of(logs, 2, printed)
    emu.write_logs(NAME, "algo-1", ["a1"], timestamp_ms=epoch + 1)
    tail.read(now=10.0)
    emu.write_logs(NAME, "algo-2", ["b1"], timestamp_ms=epoch + 2)
    tail.read(now=20.0)
    assert len(emu.requests("DescribeLogStreams")) == 2
    tail.read(now=30.0)
    assert len(emu.requests("DescribeLogStreams")) == 2
    assert lines(printed) == ["[algo-1] a1", "[algo-2] b1"]


def test_a_stream_longer_than_a_page_is_read_to_its_end_in_one_round(emu, running):
    """GetLogEvents returns at most 10,000 events a page; a full page means more follow."""
    _, logs, epoch = running
    emu.write_logs(NAME, "algo-1", [f"line {i}" for i in range(10_050)], timestamp_ms=epoch)
    printed: list[str] = []
    assert tail_of(logs, 1, printed).read(now=10.0) == 10_050
    assert lines(printed)[-1] == "line 10049"


def test_nothing_is_printed_twice_across_rounds(emu, running):
    _, logs, epoch = running
    printed: list[str] = []
    tail = tail_of(logs, 1, printed)
    emu.write_logs(NAME, "algo-1", ["one"], timestamp_ms=epoch + 1)
    tail.read(now=10.0)
    assert tail.read(now=20.0) == 0
    emu.write_logs(NAME, "algo-1", ["two"], timestamp_ms=epoch + 2)
    tail.read(now=30.0)
    assert lines(printed) == ["one", "two"]


class ScriptedClock(Clock):
    """Virtual time for follow(): sleep() returns at once, after doing what the script says is due
    by the wake-up time. With real time, the poll schedule would make each test wait minutes."""

    def __init__(self, script: dict[float, object], wall_origin: float):
        super().__init__()
        self.t, self.script, self.wall_origin = 0.0, dict(sorted(script.items())), wall_origin

    def now(self) -> float:
        return self.t

    def wall(self) -> float:
        return self.wall_origin + self.t

    def sleep(self, seconds: float) -> bool:
        self.t += max(0.0, seconds)
        for when in [when for when in self.script if when <= self.t]:
            self.script.pop(when)()
        return False


def test_follow_prints_each_line_while_the_job_runs_in_time_order(emu, running):
    """The whole loop (describe, read, back off) on a job that writes for 100 s of virtual time:
    every line shows before the job ends, the late stream's too, in time order."""
    sagemaker, logs, epoch = running
    seconds = epoch / 1000
    at = {}  # virtual time -> what the job does then

    def write(host: str, text: str, when: float):
        return lambda: emu.write_logs(NAME, host, [text], timestamp_ms=int((seconds + when) * 1000))

    at[5.0] = write("algo-1", "a1", 5.0)
    at[25.0] = write("algo-2", "b1", 25.0)  # a late stream
    at[40.0] = lambda: (emu.write_logs(NAME, "algo-1", ["a2"], timestamp_ms=int((seconds + 40.0) * 1000)),
                        emu.write_logs(NAME, "algo-2", ["b2"], timestamp_ms=int((seconds + 39.5) * 1000)))
    at[100.0] = lambda: emu.finish(NAME, "Completed")
    clock = ScriptedClock(at, wall_origin=seconds)
    printed: list[tuple[float, str]] = []
    job = Job(sagemaker, COMPONENT.job, NAME, clock, say=lambda text: None)
    tail = LogTail(logs, LOG_GROUP, f"{NAME}/", 2, write=lambda text: printed.append((clock.now(), text)))
    final = job.follow(tail, PollSchedule())
    assert job.status(final) == "Completed"
    shown = [(when, line) for when, text in printed for line in text.splitlines()]
    assert [line for _, line in shown] == ["[algo-1] a1", "[algo-2] b1", "[algo-2] b2", "[algo-1] a2"]
    assert all(when < 100.0 for when, _ in shown), shown  # read during the job, not by the final drain
    assert isinstance(final["CreationTime"], datetime.datetime)


def test_a_new_phase_brings_the_next_read_forward_to_a_second_from_now(emu, running):
    _, logs, _ = running
    tail = tail_of(logs, 1, [])
    tail.due = 30.0
    tail.wake(now=10.0)
    assert (tail.due, tail.last_activity) == (11.0, 10.0)
    tail.wake(now=10.5)
    assert tail.due == 11.0  # never later than it was


def test_the_drain_after_the_end_prints_every_line_left_and_counts_them(emu, running):
    _, logs, epoch = running
    printed: list[str] = []
    tail = tail_of(logs, 2, printed)
    emu.write_logs(NAME, "algo-1", ["one", "two"], timestamp_ms=epoch + 1)
    emu.write_logs(NAME, "algo-2", ["three"], timestamp_ms=epoch + 2)
    assert tail.drain() == 3
    assert lines(printed) == ["[algo-1] one", "[algo-1] two", "[algo-2] three"]
    assert tail.drain() == 0


def test_reads_come_every_8_s_while_lines_flow_then_back_off_doubling_to_30_s(emu, running):
    """README, "What the step does": every 8 s while lines flow and for 60 s after the last one,
    then less often, doubling, up to every 30 s."""
    _, logs, epoch = running
    tail = tail_of(logs, 1, [])
    schedule = []
    for now in (0.0, 8.0):
        tail.read(now)
        schedule.append((now, tail.interval, tail.due))
    emu.write_logs(NAME, "algo-1", ["a line"], timestamp_ms=epoch + 1)
    assert tail.read(10.0) == 1 and tail.last_activity == 10.0
    for now in (69.0, 70.0, 86.0, 118.0, 148.0):
        tail.read(now)
        schedule.append((now, tail.interval, tail.due))
    assert schedule == [(0.0, 16.0, 16.0), (8.0, 30.0, 38.0),  # quiet from the start: no line yet
                        (69.0, 8.0, 77.0), (70.0, 16.0, 86.0), (86.0, 30.0, 116.0), (118.0, 30.0, 148.0),
                        (148.0, 30.0, 178.0)]
    tail.wake(200.0)
    tail.read(201.0)
    assert (tail.interval, tail.due) == (8.0, 209.0)  # a new phase counts as activity


def test_a_passing_fault_skips_a_round_and_another_error_is_raised(emu, running):
    from botocore.config import Config

    _, logs, epoch = running
    once = session.botocore_for("us-east-1", None, "test").create_client(  # no retries: the fault reaches the tail
        "logs", region_name="us-east-1", endpoint_url=emu.url, config=Config(retries={"total_max_attempts": 1}))
    printed: list[str] = []
    tail = LogTail(once, LOG_GROUP, f"{NAME}/", 1, write=printed.append)
    emu.write_logs(NAME, "algo-1", ["kept"], timestamp_ms=epoch + 1)
    emu.inject("GetLogEvents", "throttle")
    assert tail.read(0.0) == 0 and printed == []
    assert tail.read(10.0) == 1 and lines(printed) == ["kept"]
    from botocore.exceptions import ParamValidationError

    broken = LogTail(once, "", f"{NAME}/", None, write=printed.append)  # a request botocore refuses
    with pytest.raises(ParamValidationError):
        broken.read(0.0)
