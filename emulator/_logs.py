"""Training-job log lines written straight into moto's CloudWatch Logs backend."""

from __future__ import annotations

import time
from collections.abc import Iterable

from moto.logs.models import logs_backends

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
#: PutLogEvents takes at most 10,000 events per call.
_BATCH = 10_000


def stream_name(job_name: str, host: str, creation_epoch: int) -> str:
    """SageMaker's stream name for one host of a job: ``<job>/<host>-<epoch seconds at creation>``."""
    return f"{job_name}/{host}-{creation_epoch}"


def write(
    account_id: str,
    region: str,
    stream: str,
    lines: Iterable[str],
    timestamp_ms: int | None = None,
) -> None:
    """Append lines to a stream (group and stream created if missing), 1 ms apart."""
    messages = [str(line) for line in lines]
    backend = logs_backends[account_id][region]
    if LOG_GROUP not in backend.groups:
        backend.create_log_group(LOG_GROUP, tags={})
    group = backend.groups[LOG_GROUP]
    if stream not in group.streams:
        group.create_log_stream(stream)
    if not messages:
        return
    if timestamp_ms is None:
        last = max((event.timestamp for event in group.streams[stream].events), default=0)
        timestamp_ms = max(int(time.time() * 1000), last + 1)
    events = [{"timestamp": timestamp_ms + i, "message": m} for i, m in enumerate(messages)]
    for start in range(0, len(events), _BATCH):
        _, rejected = backend.put_log_events(LOG_GROUP, stream, events[start : start + _BATCH])
        if rejected:
            raise ValueError(
                f"CloudWatch Logs rejected events (more than 14 days old or 2 hours ahead): {rejected}"
            )
