"""Termination window: how soon after SIGTERM may the pod be killed and the job still be stopped?

On a KFP v2 backend the container is SIGKILLed 0 to ~1.1 s after SIGTERM (docs/guides/
termination.md). This runs the training step as tests/test_termination.py does: in each phase
(inside a held DescribeTrainingJob, inside a held GetLogEvents, asleep between polls, inside a held
CreateTrainingJob), SIGTERM to its process group, SIGKILL a given delay later (for the create:
that delay after the create's answer, since the job exists only then), N times per delay. A run
counts if the emulator received StopTrainingJob; its latency is SIGTERM (or the create's answer) to
the request's arrival (`RecordedRequest.time`, the same clock). bench/README.md has the figures.

    .venv/bin/python bench/termination_window.py             # N=20, delays 2/5/10/20/50/100/250 ms
    .venv/bin/python bench/termination_window.py --quick     # N=2, delays 20/250 ms
    .venv/bin/python bench/termination_window.py --runs 50 --delays 10 20
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import emit, median, print_machine, table  # noqa: E402  (puts tests/ on the path)
from test_termination import KILL_AFTER, PHASES, terminate  # noqa: E402  (the tests' scenario, unchanged)

from sagemaker_kfp_components.emulator import Emulator  # noqa: E402

DELAYS_MS = (2, 5, 10, 20, 50, 100, 250)


def _smallest_reliable(by_delay: dict[str, dict]) -> float | None:
    """The smallest delay at which, and at every longer one, every run got its stop out."""
    smallest = None
    for delay in sorted(by_delay, key=float, reverse=True):
        if by_delay[delay]["arrived"] < by_delay[delay]["runs"]:
            break
        smallest = float(delay)
    return smallest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per phase and delay (default 20)")
    parser.add_argument("--delays", type=float, nargs="+", help=f"SIGKILL delays in ms (default: {DELAYS_MS})")
    parser.add_argument("--phases", nargs="+", choices=list(PHASES), default=list(PHASES), help="default: all")
    parser.add_argument("--quick", action="store_true", help="2 runs at 20 and 250 ms")
    options = parser.parse_args()
    runs = 2 if options.quick else options.runs
    delays = options.delays or ((20, KILL_AFTER * 1000) if options.quick else DELAYS_MS)
    print_machine()

    results: dict[str, dict[str, dict]] = {}
    rows = []
    with Emulator() as emu:
        for phase in options.phases:
            results[phase] = {}
            for delay in delays:
                arrived, latencies = 0, []
                for _ in range(runs):
                    emu.reset()  # also ends a request the killed step left held
                    with tempfile.TemporaryDirectory() as folder:
                        result = terminate(emu, Path(folder), phase, delay / 1000)
                    if result.latencies:
                        arrived += 1
                        latencies.append(result.latencies[0] * 1000)
                results[phase][f"{delay:g}"] = {"arrived": arrived, "runs": runs, "latencies_ms": latencies}
                rows.append([phase, f"{delay:g}", f"{arrived}/{runs}", f"{median(latencies):.1f}" if latencies else "-",
                             f"{max(latencies):.1f}" if latencies else "-"])
                print(f"  {phase} {delay:g} ms: {arrived}/{runs}", flush=True)
    print()
    print("StopTrainingJob reaching the emulator when the step is SIGKILLed a delay after SIGTERM")
    print("(create: the delay counts from the create's answer; latency likewise)")
    print(table(rows, ["phase", "kill after (ms)", "stops arrived", "latency median (ms)", "latency max (ms)"]))
    latencies = [t for by_delay in results.values() for r in by_delay.values() for t in r["latencies_ms"]]
    slowest = max(latencies, default=None)
    reliable = {phase: _smallest_reliable(by_delay) for phase, by_delay in results.items()}
    print("\nno stop arrived" if slowest is None else f"\nslowest stop: {slowest:.1f} ms")
    print("smallest delay with every stop out, by phase (ms): "
          + ", ".join(f"{phase} {'none' if delay is None else f'{delay:g}'}" for phase, delay in reliable.items()))
    emit({"results": results, "worst_latency_ms": slowest, "smallest_reliable_delay_ms": reliable})


if __name__ == "__main__":
    main()
