"""Waiting cost: what following a job costs in API calls, lag, log delay and CPU.

The REAL waiting code (runtime.job.Job.follow, for the training component's job kind, with a runtime.logs.LogTail and the
default PollSchedule) runs in-process against the emulator over HTTP with real botocore clients
(runtime.session.clients). Only time is replaced: a Clock whose sleep() advances virtual time at
once and, on the way, moves the emulator's job as a real job would move (secondary statuses, log
lines written with the virtual time they reach CloudWatch, the end of the job).

Simulated job (duration D, n instances):
  Starting    0 .. min(180 s, 15 % D)          quiet: no log stream exists yet
  Downloading .. + min(60 s, 5 % D)            quiet
  Training    .. D - min(60 s, 5 % D)          2 s in: a burst of 40 lines per instance, then one
                                               line per instance every 30 s (instance i 0.37*i s
                                               later), and 10 lines per instance 2 s before the end
  Uploading   .. D                             quiet; then Completed
The clock's wall time starts at the job's CreationTime, from which follow() counts elapsed time.
API calls are counted from the emulator's recorded requests; the lag is the virtual time from the
job's end to follow() returning; a line's delay is the virtual time it was printed (LogTail's write
function, captured) minus the virtual time it was written.

Re-attaching: a second step (a retry, a pod restart) runs the real create_or_attach (attach: the
create answers ResourceInUse) and follow() on a job that is already 1 h or 5 h old (and, to compare,
one created just now); its DescribeTrainingJob calls in its first 10 minutes are counted the same way.
A what-if run uses PollSchedule(fraction=0.10) instead: what a looser lag target would allow.

The SageMaker SDK's tailer (sagemaker.Session.logs_for_job, wait=True, poll=10) is modelled on the
same timeline: one DescribeTrainingJob at start, then a loop of "flush logs, sleep 10 s, describe
if >= 30 s since the last describe"; a flush calls DescribeLogStreams while fewer streams than
instances are known, and reads every known stream with GetLogEvents(startTime=last timestamp,
startFromHead) page after page until a page comes back empty, skipping the events it has already
printed at that timestamp (so a stream with any events costs >= 2 calls per flush); after the
describe that sees the job ended it flushes, sleeps 10 s and flushes once more.

Busy loops: the real step (`python -m generated.training.entrypoint`) runs in real time against
the emulator with a job that stays InProgress (Training, a line every 10 s); its CPU time
(utime + stime of the process, what time.process_time() counts inside it) is read from
/proc/<pid>/stat over the steady part of the run.

    .venv/bin/python bench/waiting_cost.py            # 1 min, 10 min, 1 h, 1 day x 1 and 8 instances (~12 min)
    .venv/bin/python bench/waiting_cost.py --quick    # 1 min and 10 min, CPU run of 5 s
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import aws_clients, ROOT, emit, entrypoint_argv, print_machine, step_args, table, training_request, verdict  # noqa: E402

from sagemaker_kfp_components.emulator import Emulator  # noqa: E402
from sagemaker_kfp_components.training.entrypoint import COMPONENT  # noqa: E402
from sagemaker_kfp_components.runtime import logs as logs_module  # noqa: E402
from sagemaker_kfp_components.runtime.clock import Clock  # noqa: E402
from sagemaker_kfp_components.runtime.logs import LogTail  # noqa: E402
from sagemaker_kfp_components.runtime.job import Job, PollSchedule  # noqa: E402

TRAINING = COMPONENT.job
SDK_POLL = 10.0
SDK_DESCRIBE_EVERY = 30.0
PAGE = 10_000
DESCRIBE_TARGET_PER_HOUR = 150
DELAY_TARGET = 10.0
CPU_TARGET = 0.01
VT = re.compile(r"\[vt=([0-9.]+) (\w+)\]")
KINDS = ("DescribeTrainingJob", "DescribeLogStreams", "GetLogEvents")


def lag_target(duration: float) -> float:
    return min(30.0, max(2.0, 0.05 * duration))


# -- the simulated job ----------------------------------------------------------------------------

@dataclass
class Timeline:
    duration: float
    instances: int
    events: list = field(default_factory=list)  # (t, order, kind, payload)
    phases: dict = field(default_factory=dict)

    @classmethod
    def build(cls, duration: float, instances: int) -> "Timeline":
        line = cls(duration, instances)
        starting = min(180.0, 0.15 * duration)
        downloading = min(60.0, 0.05 * duration)
        uploading = min(60.0, 0.05 * duration)
        train_start, train_end = starting + downloading, duration - uploading
        line.phases = {"Starting": (0.0, starting), "Downloading": (starting, train_start),
                       "Training": (train_start, train_end), "Uploading": (train_end, duration)}
        line.add(starting, "status", "Downloading")
        line.add(train_start, "status", "Training")
        line.add(train_end, "status", "Uploading")
        line.add(duration, "finish", None)
        for i in range(instances):
            host, jitter = f"algo-{i + 1}", 0.37 * i
            first = train_start + 2.0 + jitter
            line.add(first, "logs", (host, "burst", 40))
            t = first + 30.0
            while t < train_end - 3.0:
                line.add(t, "logs", (host, "step", 1))
                t += 30.0
            line.add(train_end - 2.0 + 0.01 * i, "logs", (host, "final", 10))
        line.events.sort(key=lambda e: (e[0], e[1]))
        return line

    def add(self, t: float, kind: str, payload) -> None:
        self.events.append((t, len(self.events), kind, payload))

    def writes(self) -> list[tuple[float, str, int]]:
        return [(t, p[0], p[2]) for t, _, kind, p in self.events if kind == "logs"]

    def lines(self) -> int:
        return sum(count for _, _, count in self.writes())


class World:
    """Applies the timeline's events to the emulator as virtual time passes."""

    def __init__(self, emu: Emulator, name: str, timeline: Timeline, epoch: float):
        self.emu, self.name, self.timeline, self.epoch = emu, name, timeline, epoch  # epoch: log timestamps
        self.wall_origin = epoch  # the clock's wall time at virtual 0; set from the job's CreationTime
        self.next = 0
        self.serial = 0

    def advance_to(self, t: float) -> None:
        events = self.timeline.events
        while self.next < len(events) and events[self.next][0] <= t:
            when, _, kind, payload = events[self.next]
            self.next += 1
            if kind == "status":
                self.emu.set_status(self.name, "InProgress", payload, None)
            elif kind == "finish":
                self.emu.finish(self.name, "Completed")
            else:
                host, tag, count = payload
                lines = []
                for _ in range(count):
                    self.serial += 1
                    lines.append(f"[vt={when:.3f} {tag}] line {self.serial}: epoch 3 step 1200 loss=0.1234 lr=0.0003")
                self.emu.write_logs(self.name, host, lines, timestamp_ms=int((self.epoch + when) * 1000))


class VirtualClock(Clock):
    """now() is virtual; sleep() returns at once after moving the world to the wake-up time."""

    def __init__(self, world: World):
        super().__init__()
        self.world = world
        self.t = 0.0
        self.sleeps = 0
        self.zero_sleeps = 0

    def now(self) -> float:
        return self.t

    def wall(self) -> float:
        return self.world.wall_origin + self.t

    def sleep(self, seconds: float) -> bool:
        self.sleeps += 1
        if seconds <= 0:
            self.zero_sleeps += 1
            if self.zero_sleeps > 10_000:
                raise RuntimeError("busy loop: 10,000 sleeps of 0 s")
        target = self.t + max(0.0, seconds)
        self.world.advance_to(target)
        self.t = target
        return False


# -- one simulated job with the real code ---------------------------------------------------------

def simulate(emu: Emulator, duration: float, instances: int, label: str,
             schedule: PollSchedule = PollSchedule()) -> dict:
    emu.reset()
    emu.lifecycle = None
    timeline = Timeline.build(duration, instances)
    name = f"wait-{label}-{int(duration)}s-{instances}i".replace(" ", "")[:63]
    epoch = time.time() - duration - 3600.0  # CloudWatch takes events up to 14 days old
    world = World(emu, name, timeline, epoch)
    clock = VirtualClock(world)
    sagemaker, logs = aws_clients("us-east-1", emu.url, name)
    calls: list[tuple[float, str]] = []
    for client in (sagemaker, logs):
        client.meta.events.register("before-call", lambda model, **kw: calls.append((clock.t, model.name)))
    said: list[str] = []
    job = Job(sagemaker, TRAINING, name, clock, say=said.append)
    job.create_or_attach(training_request(name, instances), "attach")
    world.wall_origin = emu.describe(name)["CreationTime"].timestamp()
    world.advance_to(0.0)
    printed: list[tuple[float, str]] = []
    tail = LogTail(logs, TRAINING.log_group, f"{name}/", instances, write=lambda text: printed.append((clock.t, text)))
    started = time.perf_counter()
    final = job.follow(tail, schedule)
    real_seconds = time.perf_counter() - started
    assert final is not None and final["TrainingJobStatus"] == "Completed", final
    returned = clock.t

    counts = {kind: len(emu.requests(kind)) for kind in KINDS}
    hooked = {kind: sum(1 for _, k in calls if k == kind) for kind in KINDS}
    assert counts == hooked, (counts, hooked)  # the emulator saw exactly the calls the clients made

    delays: dict[str, list[float]] = {"burst": [], "step": [], "final": []}
    seen = 0
    for at, text in printed:
        for line in text.splitlines():
            match = VT.search(line)
            if match:
                delays[match.group(2)].append(at - float(match.group(1)))
                seen += 1
    assert seen == timeline.lines(), (seen, timeline.lines())

    hours = duration / 3600.0
    quiet_end = timeline.phases["Training"][0] + 2.0
    quiet_reads = sum(1 for t, k in calls if k in ("DescribeLogStreams", "GetLogEvents") and t < quiet_end)
    flowing = [d for key in ("step", "final") for d in delays[key]]
    return {
        "label": label,
        "duration": duration,
        "instances": instances,
        "calls": counts,
        "per_hour": {k: v / hours for k, v in counts.items()},
        "total": sum(counts.values()),
        "lag": returned - duration,
        "max_delay_flowing": max(flowing) if flowing else 0.0,
        "mean_delay_flowing": sum(flowing) / len(flowing) if flowing else 0.0,
        "max_delay_first_burst": max(delays["burst"]),
        "quiet_reads_per_min": quiet_reads / (quiet_end / 60.0),
        "lines": seen,
        "sleeps": clock.sleeps,
        "zero_sleeps": clock.zero_sleeps,
        "real_seconds": real_seconds,
    }


# -- the SageMaker SDK's tailer, modelled on the same timeline ------------------------------------

def sdk_model(duration: float, instances: int) -> dict:
    timeline = Timeline.build(duration, instances)
    writes = sorted(timeline.writes())
    first_write = {}
    for t, host, _ in writes:
        first_write.setdefault(host, t)
    counts = dict.fromkeys(KINDS, 0)
    counts["DescribeTrainingJob"] = 1  # before the loop
    known: set[str] = set()
    read_up_to = -1.0
    last_describe, job_complete, t = 0.0, False, 0.0
    max_delay = 0.0
    while True:
        # flush
        if len(known) < instances:
            counts["DescribeLogStreams"] += 1
            known = {host for host, first in first_write.items() if first <= t}
        for host in known:
            new = sum(c for w, h, c in writes if h == host and read_up_to < w <= t)
            old = 1  # the event(s) at the last timestamp already printed, read again and skipped
            counts["GetLogEvents"] += math.ceil((old + new) / PAGE) + 1
        for w, h, c in writes:
            if read_up_to < w <= t and h in known:
                max_delay = max(max_delay, t - w)
        read_up_to = t
        if job_complete == "done":
            break
        t += SDK_POLL
        if job_complete:
            job_complete = "done"
        elif t - last_describe >= SDK_DESCRIBE_EVERY:
            counts["DescribeTrainingJob"] += 1
            last_describe = t
            if t >= duration:
                job_complete = True
    hours = duration / 3600.0
    return {"calls": counts, "per_hour": {k: v / hours for k, v in counts.items()}, "total": sum(counts.values()),
            "lag": t - duration, "max_delay": max_delay}


def describes_for(duration: float, schedule: PollSchedule = PollSchedule()) -> int:
    """DescribeTrainingJob calls of follow() for a job of `duration` (arithmetic, no HTTP): one every
    schedule.interval(elapsed), plus the one that sees the end; create-or-attach (attach) makes none.
    With the default schedule this is also the minimum any schedule needs to guarantee
    lag <= min(30, max(2, 5 % of the duration)) whatever the job's length."""
    t, count = 0.0, 0
    while True:
        count += 1
        if t >= duration:
            return count
        t += schedule.interval(t)


def reattach(emu: Emulator, age: float, window: float = 600.0) -> dict:
    """A step that re-attaches to a job already `age` seconds old, with the real create_or_attach and
    follow(): its DescribeTrainingJob calls before the create and in its first `window` seconds."""
    emu.reset()
    emu.lifecycle = None
    name = f"reattach-{int(age)}s"
    sagemaker, logs = aws_clients("us-east-1", emu.url, name)
    sagemaker.create_training_job(**training_request(name))  # the first attempt's create
    emu.set_status(name, "InProgress", "Training")
    created = emu.describe(name)["CreationTime"].timestamp()
    timeline = Timeline(window, 1)
    timeline.add(window, "finish", None)
    world = World(emu, name, timeline, created + age)
    clock = VirtualClock(world)  # wall time: the job's CreationTime + age
    calls: list[tuple[float, str]] = []
    for client in (sagemaker, logs):
        client.meta.events.register("before-call", lambda model, **kw: calls.append((clock.t, model.name)))
    job = Job(sagemaker, TRAINING, name, clock, say=lambda text: None)
    attached = job.create_or_attach(training_request(name), "attach")
    before = sum(1 for _, k in calls if k == "DescribeTrainingJob")
    final = job.follow(LogTail(logs, TRAINING.log_group, f"{name}/", 1, write=lambda text: None))
    assert attached and final is not None and final["TrainingJobStatus"] == "Completed", (attached, final)
    return {"age": age, "attached": attached, "describes_before_create": before,
            "describes_in_window": sum(1 for t, k in calls if k == "DescribeTrainingJob" and t <= window)}


# -- real time, real process: CPU per wall second ----------------------------------------------------

def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_run(emu: Emulator, seconds: float) -> dict:
    emu.reset()
    emu.lifecycle = None
    name = f"cpu-{os.getpid()}"
    process = subprocess.Popen(entrypoint_argv(step_args(name)), env=emu.env(), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()
    try:
        emu.wait_for_job(timeout=60)
        emu.set_status(name, "InProgress", "Training")

        def log_lines() -> None:
            n = 0
            while not stop.wait(10.0 if n else 0.0):
                n += 1
                emu.write_logs(name, "algo-1", [f"step {n}: loss=0.1"])

        writer = threading.Thread(target=log_lines, daemon=True)
        writer.start()
        time.sleep(1.0)  # start-up is startup.py's business; measure the waiting
        emu.clear_requests()
        cpu0, wall0 = cpu_seconds(process.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, wall1 = cpu_seconds(process.pid), time.monotonic()
        requests = {kind: len(emu.requests(kind)) for kind in KINDS}
    finally:
        stop.set()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            _, status, usage = os.wait4(process.pid, 0)
            total_cpu = usage.ru_utime + usage.ru_stime
        except ChildProcessError:
            total_cpu = float("nan")
        process.returncode = 0
    wall = wall1 - wall0
    return {"wall": wall, "cpu": cpu1 - cpu0, "ratio": (cpu1 - cpu0) / wall, "requests": requests,
            "total_cpu_incl_startup": total_cpu, "tick": 1.0 / os.sysconf("SC_CLK_TCK")}


# -- report ----------------------------------------------------------------------------------------

def human(seconds: float) -> str:
    if seconds >= 86400:
        return f"{seconds / 86400:g} d"
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 min and 10 min jobs only, CPU run of 5 s")
    parser.add_argument("--cpu-seconds", type=float, default=None)
    parser.add_argument("--no-what-if", action="store_true", help="skip the what-if run of a looser schedule (10 %% of elapsed)")
    args = parser.parse_args(argv)
    durations = [60.0, 600.0] if args.quick else [60.0, 600.0, 3600.0, 86400.0]
    cpu_window = args.cpu_seconds or (5.0 if args.quick else 20.0)
    print_machine()
    print(f"(the module's constants: LogTail ACTIVE_INTERVAL={logs_module.ACTIVE_INTERVAL:g} s, "
          f"ACTIVE_SPELL={logs_module.ACTIVE_SPELL:g} s, QUIET_INTERVAL={logs_module.QUIET_INTERVAL:g} s; {PollSchedule()})")

    results, sdk, whatifs = [], {}, []
    with Emulator(lifecycle=None) as emu:
        os.environ.update(emu.aws_env())  # credentials and AWS_ENDPOINT_URL for the in-process clients
        for duration in durations:
            for instances in (1, 8):
                result = simulate(emu, duration, instances, "current")
                results.append(result)
                sdk[(duration, instances)] = sdk_model(duration, instances)
                print(f"  simulated {human(duration)} x {instances}: {result['total']} calls, "
                      f"{result['real_seconds']:.1f} s real", flush=True)
        reattached = {age: reattach(emu, age) for age in (0.0, 3600.0, 5 * 3600.0)}
        if not args.quick and not args.no_what_if:
            for duration in (60.0, 600.0, 3600.0):
                for instances in (1, 8):
                    whatifs.append(simulate(emu, duration, instances, "schedule: 10 % of elapsed",
                                            schedule=PollSchedule(fraction=0.10)))
        cpu = cpu_run(emu, cpu_window)

    print("\nPer job (real code, virtual time). Calls per job-hour; lag = follow() return - job end; "
          "delay = printed - reached CloudWatch")
    rows = []
    figures_jobs = []
    for r in results:
        s = sdk[(r["duration"], r["instances"])]
        lag_ok = r["lag"] <= lag_target(r["duration"])
        describe_ok = r["per_hour"]["DescribeTrainingJob"] <= DESCRIBE_TARGET_PER_HOUR
        delay_ok = r["max_delay_flowing"] <= DELAY_TARGET
        fewer_ok = r["total"] < s["total"]
        rows.append([
            human(r["duration"]), r["instances"],
            f"{r['per_hour']['DescribeTrainingJob']:.0f} ({r['calls']['DescribeTrainingJob']}) {'ok' if describe_ok else 'MISS'}",
            f"{r['per_hour']['DescribeLogStreams']:.0f}",
            f"{r['per_hour']['GetLogEvents']:.0f}",
            f"{r['lag']:.1f}/{lag_target(r['duration']):g} {'ok' if lag_ok else 'MISS'}",
            f"{PollSchedule().interval(r['duration']):g}",
            f"{r['max_delay_flowing']:.1f} (mean {r['mean_delay_flowing']:.1f}) {'ok' if delay_ok else 'MISS'}",
            f"{r['max_delay_first_burst']:.1f}",
            f"{r['quiet_reads_per_min']:.1f}",
            f"{r['total']} vs {s['total']} {'ok' if fewer_ok else 'MISS'}",
        ])
        figures_jobs.append({
            "duration_s": r["duration"], "instances": r["instances"], "calls": r["calls"],
            "per_hour": {k: round(v, 1) for k, v in r["per_hour"].items()}, "total": r["total"],
            "lag_s": round(r["lag"], 2), "lag_target_s": lag_target(r["duration"]), "lag_met": lag_ok,
            "worst_lag_s": PollSchedule().interval(r["duration"]),
            "describe_per_hour_met": describe_ok, "max_delay_flowing_s": round(r["max_delay_flowing"], 2),
            "delay_met": delay_ok, "max_delay_first_burst_s": round(r["max_delay_first_burst"], 2),
            "quiet_reads_per_min": round(r["quiet_reads_per_min"], 2),
            "sdk_calls": s["calls"], "sdk_total": s["total"], "sdk_lag_s": s["lag"], "fewer_than_sdk": fewer_ok,
            "zero_sleeps": r["zero_sleeps"],
        })
    print(table(rows, ["job", "inst", "Describe/h (n) <=150", "DescLogStreams/h", "GetLogEvents/h",
                       "lag s/target", "worst lag s", "max line delay s, flowing <=10", "first burst s", "quiet reads/min",
                       "total calls vs SDK"]))

    print("\nSDK tailer model on the same jobs (poll 10 s, describe every 30 s):")
    print(table([[human(d), n, f"{s['per_hour']['DescribeTrainingJob']:.0f}", f"{s['per_hour']['DescribeLogStreams']:.0f}",
                  f"{s['per_hour']['GetLogEvents']:.0f}", s["total"], f"{s['lag']:.0f}", f"{s['max_delay']:.0f}"]
                 for (d, n), s in sdk.items()],
                ["job", "inst", "Describe/h", "DescLogStreams/h", "GetLogEvents/h", "total", "lag s", "max delay s"]))

    print("\nDescribeTrainingJob calls by job length (arithmetic, PollSchedule.interval; attach makes none before the create):")
    lengths = [60, 600, 1800, 3600, 6600, 7200, 14400, 86400]
    arithmetic = {length: describes_for(length) for length in lengths}
    tenpct = {length: describes_for(length, PollSchedule(fraction=0.10)) for length in lengths}
    print(table([[human(length), arithmetic[length], f"{arithmetic[length] / (length / 3600):.0f}",
                  tenpct[length], f"{tenpct[length] / (length / 3600):.0f}"] for length in lengths],
                ["job", "current", "current /job-h", "10 % of elapsed", "10 % /job-h"]))

    reattach_counts = {age: r["describes_in_window"] for age, r in reattached.items()}
    before_create = max(r["describes_before_create"] for r in reattached.values())
    print("\nA step re-attaching (retry, pod restart) to a job that is already running (real create_or_attach and "
          f"follow(); elapsed counts from the job's CreationTime): {before_create} describes before the create; "
          f"describes in its first 10 min: {reattach_counts[3600.0]} for a 1-h-old job, "
          f"{reattach_counts[5 * 3600.0]} for a 5-h-old one ({reattach_counts[0.0]} for a job created just now)")

    if whatifs:
        print("\nWHAT-IF (a looser schedule, 10 % of elapsed, run with the real follow(); not the runtime's behaviour):")
        print(table([[w["label"], human(w["duration"]), w["instances"], f"{w['per_hour']['DescribeTrainingJob']:.0f}",
                      f"{w['per_hour']['GetLogEvents']:.0f}", f"{w['lag']:.1f}", f"{w['max_delay_flowing']:.1f}",
                      f"{w['total']} vs {sdk[(w['duration'], w['instances'])]['total']}"] for w in whatifs],
                    ["variant", "job", "inst", "Describe/h", "GetLogEvents/h", "lag s", "max delay s", "total vs SDK"]))

    print(f"\nBusy loops, real time: the real step waiting on an InProgress job for {cpu['wall']:.1f} s: "
          f"CPU {cpu['cpu'] * 1000:.0f} ms = {cpu['ratio'] * 100:.2f} % of wall time (target < 1 %: "
          f"{verdict(cpu['ratio'] < CPU_TARGET)}; clock tick {cpu['tick'] * 1000:.0f} ms); calls in the window: "
          f"{cpu['requests']}; CPU of the whole process incl. start-up and stop: {cpu['total_cpu_incl_startup']:.2f} s")
    zero = sum(r["zero_sleeps"] for r in results)
    print(f"virtual runs: {sum(r['sleeps'] for r in results)} sleeps, {zero} of them of 0 s")

    emit({
        "jobs": figures_jobs,
        "describes_by_length": {str(k): v for k, v in arithmetic.items()},
        "reattach_describes_first_10min": {str(int(k)): v for k, v in reattach_counts.items()},
        "reattach_describes_before_create": before_create,
        "describes_by_length_10pct": {str(k): v for k, v in tenpct.items()},
        "what_if": [{"variant": w["label"], "duration_s": w["duration"], "instances": w["instances"], "calls": w["calls"],
                     "total": w["total"], "lag_s": round(w["lag"], 2), "max_delay_flowing_s": round(w["max_delay_flowing"], 2)}
                    for w in whatifs],
        "cpu": {"wall_s": round(cpu["wall"], 2), "cpu_s": round(cpu["cpu"], 3), "ratio": round(cpu["ratio"], 5),
                "met": cpu["ratio"] < CPU_TARGET, "requests": cpu["requests"]},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
