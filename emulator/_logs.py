"""Job log lines written straight into moto's CloudWatch Logs backend."""

from __future__ import annotations

import time
from collections.abc import Iterable

from moto.logs.models import logs_backends

#: PutLogEvents takes at most 10,000 events per call.
_BATCH = 10_000


def write(
    account_id: str,
    region: str,
    group_name: str,
    stream: str,
    lines: Iterable[str],
    timestamp_ms: int | None = None,
) -> None:
    """Append lines to a stream (group and stream created if missing), 1 ms apart."""
    messages = [str(line) for line in lines]
    backend = logs_backends[account_id][region]
    if group_name not in backend.groups:
        backend.create_log_group(group_name, tags={})
    group = backend.groups[group_name]
    if stream not in group.streams:
        group.create_log_stream(stream)
    if not messages:
        return
    if timestamp_ms is None:
        last = max((event.timestamp for event in group.streams[stream].events), default=0)
        timestamp_ms = max(int(time.time() * 1000), last + 1)
    events = [{"timestamp": timestamp_ms + i, "message": m} for i, m in enumerate(messages)]
    for start in range(0, len(events), _BATCH):
        _, rejected = backend.put_log_events(group_name, stream, events[start : start + _BATCH])
        if rejected:
            raise ValueError(
                f"CloudWatch Logs rejected events (more than 14 days old or 2 hours ahead): {rejected}"
            )
