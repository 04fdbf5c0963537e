"""Shared helpers of the benchmark scripts (standard library only, plus the project itself).

Every script prints its figures as a table and, last, one line `FIGURES {json}` that the smoke
test (tests/test_bench_smoke.py) and anyone comparing runs can read.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "tests"))
from step_runner import CHANNEL, ROLE, valid_args  # noqa: E402  (the tests' valid argument set)
from step_runner import argv as entrypoint_argv  # noqa: E402,F401

IMAGE = str(valid_args()["image"])


def step_args(job_name: str, **overrides: object) -> dict[str, object]:
    """The tests' valid argument set for the training entrypoint, with a job name."""
    return valid_args(job_name=job_name, **overrides)


def training_request(name: str, instances: int = 1) -> dict:
    """The CreateTrainingJob request the entrypoint sends for step_args()."""
    return {
        "TrainingJobName": name,
        "RoleArn": ROLE,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "InputDataConfig": [CHANNEL],
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": instances, "VolumeSizeInGB": 1},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/models"},
        "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
    }


def aws_clients(region: str, endpoint_url: str | None, session_name: str):
    """(sagemaker, logs) botocore clients made the way the step makes them."""
    from sagemaker_kfp_components.runtime import session

    base = session.botocore_for(region, None, session_name)
    return session.client(base, "sagemaker", region, endpoint_url), session.client(base, "logs", region)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "cpu": model, "python": platform.python_version(), "os": platform.platform()}


def print_machine() -> None:
    info = machine()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine: nproc={info['nproc']}  cpu={info['cpu']}  python={info['python']}  ({info['os']})  load average at start: {load}")


def table(rows: list[list[object]], header: list[str]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def emit(figures: dict) -> None:
    """The machine-readable last line of every script."""
    print("FIGURES " + json.dumps(figures, sort_keys=True, default=str), flush=True)


def run_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    return env

