"""Run a component locally the way KFP runs it: its command line is resolved from component.yaml
by kfp's own placeholder machinery for the given arguments, then run as a subprocess against the
embedded AWS API emulator (or real AWS), and the output files are shown.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Callable

from generator.kfp_launch import resolve_command


def demo_lifecycle():
    """A short job with the phases and log lines of a real k-means training job."""
    from emulator import Lifecycle, Step

    return Lifecycle(
        steps=(
            Step("Starting", "Launching requested ML instances", 1.0),
            Step("Downloading", "Downloading input data", 1.0),
            Step(
                "Training",
                "Training image download completed. Training in progress.",
                2.0,
                logs={"algo-1": [
                    "Docker entrypoint called with argument(s): train",
                    "Reading default configuration from /opt/amazon/lib/python3.8/site-packages/algorithm/resources/default-input.json",
                    "Reading provided configuration from /opt/ml/input/config/hyperparameters.json: {'feature_dim': '784', 'k': '10'}",
                    "#progress_metric: host=algo-1, completed 50.0 % of epochs",
                    "#progress_metric: host=algo-1, completed 100.0 % of epochs",
                    "#quality_metric: host=algo-1, epoch=0, batch=0 train msd <loss>=0.0736",
                    "Test data is not provided.",
                ]},
            ),
            Step("Uploading", "Uploading generated training model", 1.0),
        ),
        status="Completed",
        metrics={"train:msd": 0.0736, "train:progress": 100.0},
    )


def run_locally(component_yaml: Path, arguments: dict, outputs_dir: Path, *, aws: bool,
                say: Callable[[str], None] = lambda text: print(text, flush=True)) -> int:
    """Run the component's resolved argv; returns its exit code."""
    resolved = resolve_command(component_yaml, arguments, outputs_dir,
                               job_uuid=str(uuid.uuid4()), task_uuid=str(uuid.uuid4()))
    # The image's `python3` is this interpreter here: the one with the project installed.
    argv = [sys.executable if resolved.argv[0] == "python3" else resolved.argv[0], *resolved.argv[1:]]
    say("$ " + " ".join(_quoted(part) for part in resolved.argv))
    if aws:
        code = subprocess.call(argv)
    else:
        from emulator import Emulator

        with Emulator(lifecycle=demo_lifecycle()) as emulator:
            say(f"(AWS API emulator at {emulator.url}; use --aws for real AWS)")
            code = subprocess.call(argv, env=emulator.env())
    say(f"exit code {code}; outputs:")
    for name, path in sorted(resolved.output_files.items()):
        say(f"  {name} = {path.read_text() if path.exists() else '(not written)'}")
    return code


def _quoted(part: str) -> str:
    return part if part and all(c.isalnum() or c in "-_./:=@" for c in part) else "'" + part.replace("'", "'\\''") + "'"
