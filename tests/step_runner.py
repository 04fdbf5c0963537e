"""Run the generated training entrypoint as a real subprocess, the way its container runs it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

#: KFP v1 ComponentSpec type -> the parameterType kfp 2.x puts in the pipeline IR.
IR_TYPES = {
    "String": "STRING",
    "Integer": "NUMBER_INTEGER",
    "Float": "NUMBER_DOUBLE",
    "Bool": "BOOLEAN",
    "JsonObject": "STRUCT",
    "JsonArray": "LIST",
}
ENTRYPOINT = [sys.executable, "-m", "sagemaker_kfp_components.training.entrypoint"]
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


def kfp_text(value: object) -> str:
    """A value as the KFP v2 launcher passes it (FACTS.md): JSON compact, booleans true/false,
    numbers and text as written. Written here, not taken from runtime/, so that a change to the
    product's own rendering cannot change the tests' input with it."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def argv(args: dict[str, object], outputs_dir: Path | None = None) -> list[str]:
    command = list(ENTRYPOINT)
    for name, value in args.items():
        command += [f"--{name}", kfp_text(value)]
    if outputs_dir is not None:
        for name in OUTPUTS:
            command += [f"--{name}_output_path", str(outputs_dir / "outputs" / name)]
    return command


#: Runs a command as a terminal or a pod starts it: SIGINT and SIGTERM at their defaults and not
#: blocked, whatever the test process has (a child inherits an ignored or a blocked signal: mutmut's
#: workers ignore SIGINT, and `sagemaker-kfp run` keeps an ignored SIGINT ignored).
AS_A_NEW_JOB = [sys.executable, "-c", "import os, signal, sys\n"
                "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})\n"
                "for sig in (signal.SIGINT, signal.SIGTERM): signal.signal(sig, signal.SIG_DFL)\n"
                "os.execv(sys.argv[1], sys.argv[1:])"]


def start(args: dict[str, object], env: dict[str, str], outputs_dir: Path | None = None, **popen) -> subprocess.Popen:
    """Start the step, as a new job (`AS_A_NEW_JOB`); `popen` adds Popen arguments (e.g. start_new_session=True)."""
    return subprocess.Popen([*AS_A_NEW_JOB, *argv(args, outputs_dir)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def run(args: dict[str, object], env: dict[str, str], outputs_dir: Path | None = None, timeout: float = 60):
    return subprocess.run(argv(args, outputs_dir), env=env, capture_output=True, text=True, timeout=timeout)


def created(emu, operation: str = "CreateTrainingJob") -> list[dict]:
    """Bodies of the Create requests that created a job (not those a fault or a taken name answered)."""
    return [r.body for r in emu.requests(operation) if r.status == 200]


def resolved_call(component: str, arguments: dict[str, object], outputs_dir: Path, profile: str = "2.14-2.16"):
    """The command line (and output files) a backend line gives a one-task pipeline that calls
    generated/<component>/component.yaml with `arguments`, compiled with kfp 2.x."""
    from kfp.components import load_component_from_file

    from sagemaker_kfp_components.generator.backends import BACKENDS, Run, compile_call

    component_yaml = Path(__file__).resolve().parents[1] / "generated" / component / "component.yaml"
    ir, task = compile_call(load_component_from_file(str(component_yaml)), arguments)
    return BACKENDS[profile].command_line(ir, task, Run(), outputs_dir)


def flag_values(args: list[str]) -> dict[str, str]:
    """`--name value` pairs of a command line after the command (every flag takes one value)."""
    assert len(args) % 2 == 0, args
    flags = args[0::2]
    assert all(f.startswith("--") for f in flags), flags
    assert len(set(flags)) == len(flags), "a flag is repeated"
    return {f[2:]: v for f, v in zip(flags, args[1::2])}


def outputs(outputs_dir: Path) -> dict[str, str]:
    """Output files written, by name."""
    folder = outputs_dir / "outputs"
    return {path.name: path.read_text() for path in folder.iterdir()} if folder.exists() else {}


def wait_until(predicate, timeout: float = 20.0):
    """The first true value of `predicate()`, polled until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.01)
    raise AssertionError(f"condition not reached within {timeout} s")
