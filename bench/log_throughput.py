"""Log throughput: lines per second from the emulator's CloudWatch Logs to the step's output.

100,000 lines (--quick: 5,000) of about 90 characters are written into the emulator's CloudWatch
Logs for one training job, in 1 stream and then in 8 instance streams (the same total, interleaved
by timestamp), and read back by the REAL runtime.logs.LogTail.drain() (what the step runs once the
job has ended) with a real botocore client over HTTP, writing to a real file as the step writes to
its stdout. Reported: lines/s, GetLogEvents calls against the minimum the 10,000-event page allows,
and where the time goes:
  server   time inside the emulator's WSGI app (moto answering, measured by wrapping the app)
  client   time inside the botocore calls, less the server time (serialise, HTTP, parse JSON)
  LogTail  the rest: sorting/merging the streams, formatting, writing

    .venv/bin/python bench/log_throughput.py
    .venv/bin/python bench/log_throughput.py --quick
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import aws_clients, emit, print_machine, table, training_request, verdict  # noqa: E402

from sagemaker_kfp_components.emulator import Emulator  # noqa: E402
from sagemaker_kfp_components.training.entrypoint import COMPONENT  # noqa: E402
from sagemaker_kfp_components.runtime.logs import PAGE_EVENTS, LogTail  # noqa: E402

LOG_GROUP = COMPONENT.job.log_group

TARGET = 20_000.0


class TimedApp:
    """WSGI wrapper: total time spent answering requests (body included)."""

    def __init__(self, app):
        self.app = app
        self.seconds = 0.0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        body = list(self.app(environ, start_response))
        with self.lock:
            self.seconds += time.perf_counter() - started
        return body


class TimedClient:
    """The logs client with the time spent in each call added up."""

    def __init__(self, client):
        self.client = client
        self.seconds = 0.0

    def __getattr__(self, name):
        method = getattr(self.client, name)

        def timed(**kwargs):
            started = time.perf_counter()
            try:
                return method(**kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def run_case(emu: Emulator, server: TimedApp | None, total: int, streams: int, out_dir: Path) -> dict:
    emu.reset()
    emu.lifecycle = None
    name = f"throughput-{streams}"
    sagemaker, logs = aws_clients("us-east-1", emu.url, name)
    sagemaker.create_training_job(**training_request(name, streams))
    per_stream = total // streams
    base = int((time.time() - 3 * 3600) * 1000)
    written = 0
    for i in range(streams):
        host = f"algo-{i + 1}"
        lines = [f"[{i}:{n:06d}] epoch {n // 1000} step {n} loss=0.{n % 9973:04d} lr=0.0003 throughput=1234.5 samples/s"
                 for n in range(per_stream)]
        emu.write_logs(name, host, lines, timestamp_ms=base + i)  # lines 1 ms apart: the 8 streams interleave
        written += len(lines)
    # Warm-up (botocore builds each operation's parser on first use), not counted.
    logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=f"{name}/", limit=1)
    logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=emu.log_stream_name(name), limit=1)
    emu.clear_requests()
    client = TimedClient(logs)
    with open(out_dir / f"out-{streams}.txt", "w") as sink:
        tail = LogTail(client, LOG_GROUP, f"{name}/", streams, write=sink.write)
        if server is not None:
            server.seconds = 0.0
        started = time.perf_counter()
        printed = tail.drain()
        sink.flush()
        seconds = time.perf_counter() - started
    assert printed == written, (printed, written)
    server_seconds = server.seconds if server is not None else float("nan")
    gets = len(emu.requests("GetLogEvents"))
    minimum = streams * math.ceil(per_stream / PAGE_EVENTS)
    return {
        "streams": streams, "lines": printed, "seconds": seconds, "lines_per_s": printed / seconds,
        "get_log_events": gets, "minimum": minimum, "describe_log_streams": len(emu.requests("DescribeLogStreams")),
        "server_s": server_seconds, "client_s": client.seconds - server_seconds if server else client.seconds,
        "logtail_s": seconds - client.seconds, "bytes": (out_dir / f"out-{streams}.txt").stat().st_size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 lines instead of 100,000")
    args = parser.parse_args(argv)
    total = 5_000 if args.quick else 100_000
    print_machine()
    results = []
    with Emulator(lifecycle=None) as emu, tempfile.TemporaryDirectory(prefix="bench-logs-") as folder:
        os.environ.update(emu.aws_env())
        server = None
        wsgi = getattr(getattr(emu, "_server", None), "_server", None)  # werkzeug's server, as emulator/_emulator.py uses it
        if wsgi is not None:
            server = TimedApp(wsgi.app)
            wsgi.app = server
        for streams in (1, 8):
            result = run_case(emu, server, total, streams, Path(folder))
            results.append(result)

    print(f"\nLogTail.drain() of {total:,} lines (~{results[0]['bytes'] // total} bytes each) to a file")
    rows = []
    for r in results:
        rows.append([r["streams"], f"{r['lines_per_s']:,.0f}", verdict(r["lines_per_s"] >= TARGET), f"{r['seconds']:.2f} s",
                     f"{r['get_log_events']} (min {r['minimum']})", r["describe_log_streams"],
                     f"{r['server_s']:.2f} s ({r['server_s'] / r['seconds']:.0%})",
                     f"{r['client_s']:.2f} s ({r['client_s'] / r['seconds']:.0%})",
                     f"{r['logtail_s']:.2f} s ({r['logtail_s'] / r['seconds']:.0%})"])
    print(table(rows, ["streams", "lines/s", f">= {TARGET:,.0f}", "wall", "GetLogEvents (min)", "DescribeLogStreams",
                       "server (moto)", "client (botocore+HTTP)", "LogTail+write"]))
    for r in results:
        outside_server = r["seconds"] - r["server_s"]
        print(f"{r['streams']} stream(s): without the emulator's own time the step would reach "
              f"{r['lines'] / outside_server:,.0f} lines/s")
    emit({
        "total_lines": total,
        "cases": [{"streams": r["streams"], "lines_per_s": round(r["lines_per_s"]), "met": r["lines_per_s"] >= TARGET,
                   "get_log_events": r["get_log_events"], "minimum_get_log_events": r["minimum"],
                   "server_s": round(r["server_s"], 3), "client_s": round(r["client_s"], 3), "logtail_s": round(r["logtail_s"], 3),
                   "lines_per_s_without_server": round(r["lines"] / (r["seconds"] - r["server_s"]))}
                  for r in results],
        "target_lines_per_s": TARGET,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
