"""Start-up cost: process start -> the CreateTrainingJob request arriving at the emulator.

Compares the component's command line (`python -m sagemaker_kfp_components.training.entrypoint` with valid
arguments) with a minimal script that imports boto3 and sends the same CreateTrainingJob request,
in the same environment, against the emulator over HTTP. Each is run N times, alternating; the
arrival time is the emulator's `RecordedRequest.time` (time.time() when the request reached its
WSGI app, see emulator/_wsgi.py), measured from time.time() just before the process is spawned.

The entrypoint runs twice over: from the project's venv (the checkout, installed editable), and
image-like: the wheel installed the way the Dockerfile installs it (`pip install` of the wheel built
from this checkout, bytecode compiled at install; here with `--no-deps --target DIR`, boto3 coming
from the project's venv) and run with PYTHONPATH=DIR and the image's PYTHONDONTWRITEBYTECODE=1.

Also: which modules the entrypoint imports that the minimal script does not (python -X importtime,
up to the moment CreateTrainingJob arrives), and where the entrypoint's time goes (in-process phases).

With --component NAME, the same for another spec's entrypoint (generated/NAME/) and its
Create<job kind> request (CreateProcessingJob for processing), with the spec's example values of
its required arguments; training is the default.

    .venv/bin/python bench/startup.py            # N=15
    .venv/bin/python bench/startup.py --quick    # N=3
    .venv/bin/python bench/startup.py --quick --no-image   # without the image-like runs (no wheel build)
    .venv/bin/python bench/startup.py --component processing   # another spec: Create<its job kind>
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, emit, entrypoint_argv, median, print_machine, step_args, table, verdict  # noqa: E402
from wheel_build import build_wheel  # noqa: E402  (tests/, on the path through _common)

from botocore import xform_name  # noqa: E402
from sagemaker_kfp_components.emulator import Emulator  # noqa: E402
from sagemaker_kfp_components.generator.project import Project  # noqa: E402
from sagemaker_kfp_components.runtime.request import checked_requests  # noqa: E402

TARGET_RATIO = 1.2

MINIMAL = """\
import json, sys
import boto3
boto3.client("sagemaker").{method}(**json.loads(sys.argv[1]))
"""

PHASES = """\
import sys, time, json, importlib
t0 = time.perf_counter()
ep = importlib.import_module(sys.argv[2])
t1 = time.perf_counter()
from sagemaker_kfp_components.runtime.request import checked_requests
given = vars(ep.build_parser().parse_args(json.loads(sys.argv[1])))
values, requests, problems = checked_requests(ep.COMPONENT, given)
kind = ep.COMPONENT.job.config_kind or ep.COMPONENT.job  # the first resource the step creates
request = requests["Create" + kind.kind]
assert not problems.errors, problems.errors
t2 = time.perf_counter()
from sagemaker_kfp_components.runtime import session
from sagemaker_kfp_components.runtime.job import Job
base = session.botocore_for(values["region"], values["assume_role"], "bench")
sagemaker = session.client(base, "sagemaker", values["region"], values["endpoint_url"])
t3 = time.perf_counter()
job = Job(sagemaker, kind, request[kind.name_field], say=lambda text: None)
job.create_or_attach(request, values.get("job_exists_action", "attach"))
t4 = time.perf_counter()
logs = session.client(base, "logs", values["region"])
t5 = time.perf_counter()
print(json.dumps({"import entrypoint": t1 - t0, "parse + validate + build request": t2 - t1,
                  "SageMaker client": t3 - t2, f"Create{kind.kind} (create or attach)": t4 - t3,
                  "(after the create) CloudWatch Logs client": t5 - t4}))
"""

IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


class Target:
    """One component's entrypoint module, valid arguments, and the first Create request it sends
    (Create<job kind>, or its config's)."""

    def __init__(self, component: str):
        self.component = component
        self.module = f"sagemaker_kfp_components.{component}.entrypoint"
        self.entrypoint = importlib.import_module(self.module)
        component_ = self.entrypoint.COMPONENT
        kind = component_.job.config or component_.job.kind
        self.operation, self.name_key = f"Create{kind}", f"{kind}Name"
        # Each run names what it creates first, so that its request is told apart from the others'.
        self.name_arguments = [component_.config_name_argument if component_.job.config else component_.name_argument]
        self.minimal = MINIMAL.format(method=xform_name(self.operation))
        # Training runs with the tests' argument set; another component with its spec's examples
        # (those of its README's usage), which are valid arguments.
        usage = Project().component(component).usage_arguments
        self.arguments = None if component == "training" else {arg.name: arg.example for arg in usage}

    def argv(self, name: str) -> list[str]:
        args = step_args(name) if self.arguments is None else {**self.arguments, **dict.fromkeys(self.name_arguments, name)}
        return [PYTHON, "-m", self.module, *entrypoint_argv(args)[3:]]

    def request(self, name: str) -> dict:
        """The request the entrypoint sends for argv(name), built the way it builds it."""
        given = vars(self.entrypoint.build_parser().parse_args(self.argv(name)[3:]))
        _, requests, problems = checked_requests(self.entrypoint.COMPONENT, given)
        assert not problems.errors, problems.errors
        return requests[self.operation]


class Runner:
    def __init__(self, emu: Emulator, image_root: Path | None, target: Target):
        self.emu = emu
        self.count = 0
        self.image_root = image_root
        self.target = target

    def _name(self, kind: str) -> str:
        self.count += 1
        return f"bench-{kind}-{self.count}-{os.getpid()}"

    def command(self, kind: str, name: str, importtime: bool = False) -> tuple[list[str], dict[str, str], Path]:
        env = self.emu.env()
        flags = ["-X", "importtime"] if importtime else []
        if kind == "minimal":
            return [PYTHON, *flags, "-c", self.target.minimal, json.dumps(self.target.request(name))], env, ROOT
        argv = self.target.argv(name)
        argv[1:1] = flags
        if kind == "entrypoint":
            return argv, env, ROOT
        # As in the image: the installed wheel (compiled at install), PYTHONDONTWRITEBYTECODE=1, no checkout.
        assert self.image_root is not None
        env.update(PYTHONPATH=str(self.image_root), PYTHONDONTWRITEBYTECODE="1")
        return argv, env, self.image_root

    def once(self, kind: str, importtime: bool = False) -> dict:
        name = self._name(kind)
        argv, env, cwd = self.command(kind, name, importtime)
        spawned = time.time()
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        arrived = None
        operation = self.target.operation
        while arrived is None:
            for request in self.emu.requests(operation):
                if request.body.get(self.target.name_key) == name:
                    arrived = request
                    break
            else:
                if process.poll() is not None and process.returncode != 0:
                    raise RuntimeError(f"{kind} exited {process.returncode} before {operation}: {process.stderr.read()[-2000:]}")
                if time.monotonic() > deadline:
                    process.kill()
                    raise TimeoutError(f"{kind}: no {operation} within 60 s")
                time.sleep(0.002)
        if process.poll() is None:
            process.kill()  # the entrypoint would follow the job; only its start-up is measured here
        _, stderr = process.communicate()
        return {
            "seconds": arrived.time - spawned,
            "stderr": stderr,
        }


def import_set(stderr: str) -> dict[str, tuple[int, int, int]]:
    """module -> (self µs, cumulative µs, nesting level) from -X importtime output."""
    found = {}
    for line in stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            found[match.group(4)] = (int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2)
    return found


def by_package(modules: dict[str, tuple[int, int, int]], names: set[str]) -> list[tuple[str, int, int]]:
    groups: dict[str, list[int]] = {}
    for name in names:
        top = name.split(".")[0]
        entry = groups.setdefault(top, [0, 0])
        entry[0] += 1
        entry[1] += modules[name][0]
    return sorted(((top, n, us) for top, (n, us) in groups.items()), key=lambda g: -g[2])


def install_wheel(folder: Path) -> Path:
    """The package as the image holds it: this checkout's wheel pip-installed (compiled) into folder/site."""
    wheel = build_wheel(folder / "wheel")
    site = folder / "site"
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--compile", "--disable-pip-version-check",
                    "--target", str(site), str(wheel)], check=True, capture_output=True, timeout=300)
    # The project's venv has the checkout installed editable: the installed copy must be the one run.
    found = subprocess.run([PYTHON, "-c", "import sagemaker_kfp_components as p; print(p.__file__)"], cwd=site,
                           env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True, check=True)
    if not Path(found.stdout.strip()).is_relative_to(site):
        raise RuntimeError(f"image-like runs would import {found.stdout.strip()}, not the wheel in {site}")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each instead of 15")
    parser.add_argument("-n", type=int, default=None, help="runs of each (default 15, 3 with --quick)")
    parser.add_argument("--no-image", action="store_true", help="skip the image-like runs (the installed wheel)")
    parser.add_argument("--component", default="training", choices=[c.name for c in Project().components()],
                        help="the spec whose entrypoint is measured (default training)")
    args = parser.parse_args(argv)
    target = Target(args.component)
    operation = target.operation
    runs = args.n or (3 if args.quick else 15)
    print_machine()

    image_root = None
    temporary = tempfile.TemporaryDirectory(prefix="bench-startup-")
    if not args.no_image:
        image_root = install_wheel(Path(temporary.name))
    image_kind = "entrypoint, image-like (installed wheel)"
    kinds = ["entrypoint", "minimal"] + ([] if args.no_image else [image_kind])

    with temporary, Emulator(lifecycle=None) as emu:
        runner = Runner(emu, image_root, target)
        kind_of = {"entrypoint": "entrypoint", "minimal": "minimal", image_kind: "image"}
        for kind in kinds:  # warm-up (file cache, .pyc), not counted
            runner.once(kind_of[kind])
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for index in range(runs):
            order = kinds if index % 2 == 0 else list(reversed(kinds))
            for kind in order:
                result = runner.once(kind_of[kind])
                times[kind].append(result["seconds"])

        # Modules, up to the Create<kind> request's arrival.
        entry_modules = import_set(runner.once("entrypoint", importtime=True)["stderr"])
        minimal_modules = import_set(runner.once("minimal", importtime=True)["stderr"])

        # Where the entrypoint's time goes, in-process (median of 3 runs).
        phase_runs = []
        for _ in range(1 if args.quick else 3):
            name = runner._name("phases")
            out = subprocess.run([PYTHON, "-c", PHASES, json.dumps(target.argv(name)[3:]), target.module], env=emu.env(), cwd=ROOT,
                                 capture_output=True, text=True, timeout=120)
            if out.returncode != 0:  # the breakdown follows runtime's internals; it must not hide the figures
                print(f"phase breakdown unavailable (runtime changed?): {out.stderr.strip().splitlines()[-1:]}")
                break
            phase_runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        phases = {key: median([run[key] for run in phase_runs]) for key in phase_runs[0]} if phase_runs else {}

    medians = {kind: median(values) for kind, values in times.items()}
    ratio = medians["entrypoint"] / medians["minimal"]
    # Less sensitive to other load on the machine: the ratio within each alternating pair, and of the fastest runs.
    paired = {kind: median([a / b for a, b in zip(values, times["minimal"])]) for kind, values in times.items()}
    best = {kind: min(values) / min(times["minimal"]) for kind, values in times.items()}
    print(f"\nStart-up: process spawn -> {operation} arrives at the emulator ({runs} runs each, alternating)")
    rows = [[kind, f"{medians[kind] * 1000:.0f} ms", f"{min(v) * 1000:.0f}-{max(v) * 1000:.0f} ms",
             f"{medians[kind] / medians['minimal']:.2f}", f"{paired[kind]:.2f}", f"{best[kind]:.2f}"] for kind, v in times.items()]
    print(table(rows, ["command", "median", "range", "ratio of medians", "median of paired ratios", "ratio of fastest"]))
    print(f"ratio entrypoint / minimal = {ratio:.2f} (medians; paired {paired['entrypoint']:.2f}, fastest {best['entrypoint']:.2f}) "
          f"(target <= {TARGET_RATIO}: {verdict(ratio <= TARGET_RATIO)})")

    print("\nEntrypoint phases in-process (median):")
    print(table([[k, f"{v * 1000:.1f} ms"] for k, v in phases.items()], ["phase", "time"]))

    entry_only = set(entry_modules) - set(minimal_modules)
    minimal_only = set(minimal_modules) - set(entry_modules)
    entry_only_us = sum(entry_modules[m][0] for m in entry_only)
    minimal_only_us = sum(minimal_modules[m][0] for m in minimal_only)
    print(f"\nModules imported up to {operation}: entrypoint {len(entry_modules)}, minimal {len(minimal_modules)}")
    print(f"entrypoint only: {len(entry_only)} modules, {entry_only_us / 1000:.1f} ms self import time (under -X importtime)")
    print(table([[top, n, f"{us / 1000:.1f} ms"] for top, n, us in by_package(entry_modules, entry_only)],
                ["package", "modules", "self time"]))
    print(f"minimal only: {len(minimal_only)} modules, {minimal_only_us / 1000:.1f} ms self import time")
    print(table([[top, n, f"{us / 1000:.1f} ms"] for top, n, us in by_package(minimal_modules, minimal_only)[:12]],
                ["package", "modules", "self time"]))
    top_level = {name: cum for name, (_, cum, level) in entry_modules.items() if level == 0}
    biggest = sorted(top_level.items(), key=lambda item: -item[1])[:8]
    print("entrypoint's heaviest top-level imports (cumulative): "
          + ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in biggest))

    emit({
        "runs": runs,
        "median_ms": {kind: round(value * 1000, 1) for kind, value in medians.items()},
        "ratio": round(ratio, 3),
        "paired_ratio": {kind: round(value, 3) for kind, value in paired.items()},
        "fastest_ratio": {kind: round(value, 3) for kind, value in best.items()},
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
        "phases_ms": {k: round(v * 1000, 1) for k, v in phases.items()},
        "entrypoint_only_modules": sorted(entry_only),
        "minimal_only_modules_count": len(minimal_only),
        "entrypoint_only_import_ms": round(entry_only_us / 1000, 1),
        "minimal_only_import_ms": round(minimal_only_us / 1000, 1),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
