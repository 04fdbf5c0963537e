"""Copy a job's CloudWatch logs into the step's output while the job runs.

One stream per instance (`<job>/algo-N-<epoch>`) in the job kind's log group, or per instance of
each training job a tuning job starts (`<tuning job>-NNN-<id>/algo-N-<epoch>`), read forward with
GetLogEvents tokens, so no line is printed twice and none is skipped, whatever order the streams
are written in. Each round's lines are interleaved by time; rounds come quickly while lines flow
and back off when the log is quiet.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Callable

from botocore.exceptions import ClientError

from .transient import error_code, is_transient

ACTIVE_INTERVAL = 8.0  # seconds between reads while lines flow: lines show within ~10 s
ACTIVE_SPELL = 60.0  # the log counts as flowing for this long after its last line or a new phase
QUIET_INTERVAL = 30.0  # longest gap between reads of a quiet log
PAGE_EVENTS = 10_000  # GetLogEvents' largest page
PAGE_BYTES = 1_000_000  # ... or about 1 MB, whichever comes first
EVENT_OVERHEAD = 26  # bytes CloudWatch counts per event besides its message
#: What follows a tuning job's `<name>-` in its own training jobs' streams: `NNN-<8 hex>/`. Streams
#: of another tuning job whose name starts with `<name>-` (`<name>-2-001-...`) do not match.
TUNING_TRAINING_JOB = re.compile(r"\d{3}-[0-9a-f]{8}/")


def print_now(text: str) -> None:
    """Write to stdout and flush: in a pod, stdout is a pipe and would hold lines back."""
    sys.stdout.write(text)
    sys.stdout.flush()


@dataclass
class LogTail:
    client: object  # a botocore CloudWatch Logs client
    log_group: str  # the job kind's, e.g. /aws/sagemaker/TrainingJobs
    stream_prefix: str  # `<job>/`, `<tuning job>-` for its training jobs' streams, "" for a group of its own
    expected_streams: int | None  # None: unknown, new streams may appear until the job ends
    #: Read each stream from this time (ms since the epoch) on: an endpoint's log holds every
    #: deployment's lines, and a step follows only its own. None: from the start.
    since_ms: int | None = None
    write: Callable[[str], object] = print_now
    streams: dict[str, str | None] = field(default_factory=dict)  # stream -> forward token
    due: float = 0.0  # clock time of the next read
    interval: float = ACTIVE_INTERVAL
    last_activity: float = float("-inf")  # clock time of the last lines printed, or of a new phase

    def read(self, now: float) -> int:
        """Print what is new in every stream; schedule the next read. Returns the lines printed."""
        try:
            if self.expected_streams is None or len(self.streams) < self.expected_streams:
                self._discover()
            printed = self._print(self._read_all())
        except Exception as error:
            if not is_transient(error):
                raise
            printed = 0  # the next round reads what this one missed
        if printed:
            self.last_activity = now
        flowing = now - self.last_activity < ACTIVE_SPELL
        self.interval = ACTIVE_INTERVAL if flowing else min(self.interval * 2, QUIET_INTERVAL)
        self.due = now + self.interval
        return printed

    def wake(self, now: float) -> None:
        """The job entered a new phase, which often starts new lines: read soon, and often for a while."""
        self.last_activity = now
        self.due = min(self.due, now + 1.0)

    def drain(self) -> int:
        """After the job ends: print everything left, streams that appeared late included."""
        self._discover()
        total = 0
        while printed := self._print(self._read_all(whole=True)):
            total += printed
        return total

    def _discover(self) -> None:
        kwargs = {"logGroupName": self.log_group}
        if self.stream_prefix:  # the API refuses an empty prefix
            kwargs["logStreamNamePrefix"] = self.stream_prefix
        while True:
            try:
                page = self.client.describe_log_streams(**kwargs)
            except ClientError as error:
                if error_code(error) == "ResourceNotFoundException":
                    return  # no instance has written yet: the group may not even exist
                raise
            for stream in page.get("logStreams", []):
                if self._owned(stream["logStreamName"]):
                    self.streams.setdefault(stream["logStreamName"], None)
            if not page.get("nextToken"):
                return
            kwargs["nextToken"] = page["nextToken"]

    def _owned(self, stream: str) -> bool:
        """A stream of this job (`<job>/...`, any in a group of its own) or of one of this tuning job's training jobs."""
        rest = stream.removeprefix(self.stream_prefix)
        return not self.stream_prefix or self.stream_prefix.endswith("/") or TUNING_TRAINING_JOB.match(rest) is not None

    def _read_all(self, whole: bool = False) -> list[tuple[int, int, str, str]]:
        events = []
        for order, stream in enumerate(sorted(self.streams)):
            # The stream's name without the prefix and the creation epoch: `algo-1`, `001-1a2b3c4d/algo-1`;
            # in a group of its own, the whole name (an endpoint's `<variant>/<instance id>`).
            source = stream.removeprefix(self.stream_prefix).rsplit("-", 1)[0] if self.stream_prefix else stream
            for event in self._read_stream(stream, whole):
                events.append((event["timestamp"], order, source, event["message"]))
        events.sort(key=lambda e: (e[0], e[1]))  # stable: each stream keeps its own order
        return events

    def _read_stream(self, stream: str, whole: bool) -> list[dict]:
        """New events of a stream, following pages while they come full (or to the end if `whole`)."""
        found: list[dict] = []
        while True:
            kwargs = {"logGroupName": self.log_group, "logStreamName": stream, "startFromHead": True}
            token = self.streams[stream]
            if token:
                kwargs["nextToken"] = token
            if self.since_ms is not None:  # with the token too: the token is a place among these events
                kwargs["startTime"] = self.since_ms
            page = self.client.get_log_events(**kwargs)
            events = page.get("events", [])
            found.extend(events)
            self.streams[stream] = page.get("nextForwardToken", token)
            size = sum(len(e["message"]) + EVENT_OVERHEAD for e in events)
            more = len(events) >= PAGE_EVENTS or size >= PAGE_BYTES * 0.9
            if not events or self.streams[stream] == token or not (more or whole):
                return found

    def _print(self, events: list[tuple[int, int, str, str]]) -> int:
        if not events:
            return 0
        several = len(self.streams) > 1 or self.expected_streams != 1
        lines = [f"[{source}] {message}" if several else message for _, _, source, message in events]
        self.write("".join(line if line.endswith("\n") else line + "\n" for line in lines))
        return len(lines)
