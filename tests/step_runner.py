"""Run the generated training entrypoint as a real subprocess, the way its container runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENTRYPOINT = [sys.executable, "-m", "generated.training.entrypoint"]
OUTPUTS = ("model_artifact_url", "job_name", "job_arn", "training_image", "final_metrics")
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
CHANNEL = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}


def valid_args(**overrides) -> dict[str, object]:
    """A small valid argument set; overrides replace or (with None) remove arguments."""
    args: dict[str, object] = {
        "region": "us-east-1",
        "role": ROLE,
        "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
        "channels": [CHANNEL],
        "model_artifact_path": "s3://bucket/models",
        "instance_type": "ml.m5.xlarge",
    }
    args.update(overrides)
    return {name: value for name, value in args.items() if value is not None}


def as_text(value: object) -> str:
    """The text KFP 2.x passes for a value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def argv(args: dict[str, object], outputs_dir: Path | None = None) -> list[str]:
    command = list(ENTRYPOINT)
    for name, value in args.items():
        command += [f"--{name}", as_text(value)]
    if outputs_dir is not None:
        for name in OUTPUTS:
            command += [f"--{name}_output_path", str(outputs_dir / "outputs" / name)]
    return command


def start(args: dict[str, object], env: dict[str, str], outputs_dir: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(argv(args, outputs_dir), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(args: dict[str, object], env: dict[str, str], outputs_dir: Path | None = None, timeout: float = 60):
    return subprocess.run(argv(args, outputs_dir), env=env, capture_output=True, text=True, timeout=timeout)


def outputs(outputs_dir: Path) -> dict[str, str]:
    """Output files written, by name."""
    folder = outputs_dir / "outputs"
    return {path.name: path.read_text() for path in folder.iterdir()} if folder.exists() else {}
