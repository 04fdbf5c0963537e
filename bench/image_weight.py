"""Image weight: what the project adds to its image, and that the runtime imports no dev tools.

1. The image's install, in a fresh virtual environment: this checkout's wheel is built
   (tests/wheel_build.py, as the Dockerfile's first stage builds it) and installed as the
   Dockerfile's second stage installs it (`pip install --compile <wheel>`: the package and its base
   dependencies, boto3, from the package index). Measured on disk: the wheel, what the install
   added (the layer this project puts on python:3.12-slim, which is not measured here: there is no
   Docker on these machines), by package, and the installed package by subpackage. The entrypoint
   is then run from that venv outside the checkout, with no PYTHONPATH (`--dry_run true`), proving
   the installed wheel needs nothing else. Needs PyPI (or a pip cache); skipped with --quick.
2. In a subprocess of the project's venv: importing `sagemaker_kfp_components.training.entrypoint`,
   `sagemaker_kfp_components.runtime.step` and every runtime module pulls in none of kfp, jinja2,
   click, yaml (the target), and, for information, none of jsonschema, moto, werkzeug, and none of
   the package's generator or emulator.

    .venv/bin/python bench/image_weight.py
    .venv/bin/python bench/image_weight.py --quick     # the import check only
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, emit, entrypoint_argv, print_machine, run_env, step_args, table, verdict  # noqa: E402
from wheel_build import build_wheel  # noqa: E402  (tests/, on the path through _common)

FORBIDDEN = ("kfp", "jinja2", "click", "yaml")
NEEDED_SERVICES = ("sagemaker", "logs", "sts")  # the only service models the step's clients load
PACKAGE = "sagemaker_kfp_components"
# Top-level packages, and the package's own subpackages that the container never needs.
ALSO_WATCHED = ("jsonschema", "moto", "werkzeug", f"{PACKAGE}.generator", f"{PACKAGE}.emulator")

IMPORT_CHECK = """\
import importlib, json, pkgutil, sys
import sagemaker_kfp_components.training.entrypoint
import sagemaker_kfp_components.runtime.step
import sagemaker_kfp_components.runtime as runtime
for module in pkgutil.iter_modules(runtime.__path__):
    importlib.import_module(runtime.__name__ + "." + module.name)
watched = json.loads(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))))
"""


def watched_by(module: str, names: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in names)


def imported_dev_modules() -> dict[str, list[str]]:
    """Modules of the watched packages that importing the runtime loads, in a fresh interpreter."""
    watched = FORBIDDEN + ALSO_WATCHED
    out = subprocess.run([PYTHON, "-c", IMPORT_CHECK, json.dumps(watched)], capture_output=True, text=True,
                         env=run_env(), cwd=ROOT, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return {"forbidden": [m for m in found if watched_by(m, FORBIDDEN)],
            "also_watched": [m for m in found if watched_by(m, ALSO_WATCHED)]}


def disk(path: Path) -> tuple[int, int]:
    """(apparent bytes, allocated bytes) of a folder."""
    apparent = allocated = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                info = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            apparent += info.st_size
            allocated += info.st_blocks * 512
    return apparent, allocated


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python*/site-packages"))


def fresh_venv(folder: Path) -> dict:
    """The Dockerfile's install, in a fresh venv: the wheel with its base dependencies, compiled."""
    wheel = build_wheel(folder / "wheel")
    venv = folder / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, timeout=300)
    before_packages = {p.name for p in site_packages(venv).iterdir()}
    empty = disk(venv)
    started = time.perf_counter()
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-cache-dir", "--compile",
                              "--disable-pip-version-check", str(wheel)],
                             capture_output=True, text=True, timeout=900)
    if install.returncode != 0:
        raise RuntimeError(f"pip install of the wheel failed: {install.stderr[-2000:]}")
    install_seconds = time.perf_counter() - started
    full = disk(venv)
    site = site_packages(venv)
    packages = {}
    for entry in site.iterdir():
        if entry.name in before_packages or entry.name.endswith(".dist-info") or entry.name == "__pycache__":
            continue
        packages[entry.name] = disk(entry)[0] if entry.is_dir() else entry.stat().st_size
    installed = site / PACKAGE
    parts = {entry.name: disk(entry)[0] for entry in installed.iterdir() if entry.is_dir() and entry.name != "__pycache__"}
    parts["(top-level modules)"] = packages[PACKAGE] - sum(parts.values())
    data_dir = site / "botocore" / "data"
    data = disk(data_dir)[0]
    needed = sum(disk(data_dir / service)[0] for service in NEEDED_SERVICES) + sum(
        p.stat().st_size for p in data_dir.iterdir() if p.is_file())
    versions = {line.split("==")[0]: line.split("==")[1] for line in subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True, text=True, check=True).stdout.split()}
    # The installed wheel alone: the entrypoint's dry run from the fresh venv, outside the checkout.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", PYTHONDONTWRITEBYTECODE="1")
    argv = entrypoint_argv(step_args("image-weight-dry-run", dry_run=True))
    argv[0] = str(venv / "bin" / "python")
    dry = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=folder, timeout=120)
    return {"boto3": versions.get("boto3", "?"), "wheel": wheel.stat().st_size, "empty_venv": empty, "venv": full,
            "added": (full[0] - empty[0], full[1] - empty[1]), "packages": packages, "package_parts": parts,
            "botocore_data": data, "botocore_data_needed": needed, "install_seconds": install_seconds,
            "dry_run_exit": dry.returncode, "dry_run_error": dry.stderr[-500:] if dry.returncode else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the fresh venv (needs PyPI); import check only")
    args = parser.parse_args(argv)
    print_machine()

    found = imported_dev_modules()
    ok = not found["forbidden"]
    print(f"\nImporting {PACKAGE}.training.entrypoint, runtime.step and every runtime module loads "
          f"{found['forbidden'] or 'none'} of {', '.join(FORBIDDEN)} (target none: {verdict(ok)}); "
          f"of {', '.join(ALSO_WATCHED)}: {found['also_watched'] or 'none'}")

    dev = disk(ROOT / ".venv") if (ROOT / ".venv").is_dir() else None
    figures: dict = {"forbidden_imported": found["forbidden"], "also_watched_imported": found["also_watched"],
                     "import_check_met": ok}
    if dev:
        figures["dev_venv_bytes"] = dev[0]

    if args.quick:
        print("fresh venv: skipped (--quick)")
        figures["fresh_venv"] = None
    else:
        with tempfile.TemporaryDirectory(prefix="bench-image-") as folder:
            venv = fresh_venv(Path(folder))
        print(f"\nFresh venv + pip install --compile {PACKAGE} wheel ({mib(venv['wheel'])} wheel; "
              f"boto3 {venv['boto3']} from the index; {venv['install_seconds']:.0f} s):")
        rows = [["empty venv (python -m venv, with pip)", mib(venv["empty_venv"][0]), mib(venv["empty_venv"][1])],
                ["after the install", mib(venv["venv"][0]), mib(venv["venv"][1])],
                ["added: the image's install layer", mib(venv["added"][0]), mib(venv["added"][1])]]
        print(table(rows, ["", "apparent size", "on disk"]))
        print(table([[name, mib(size)] for name, size in sorted(venv["packages"].items(), key=lambda kv: -kv[1])],
                    ["package (site-packages, with .pyc)", "apparent size"]))
        print(table([[name, f"{size / 1024:.0f} KiB"] for name, size in sorted(venv["package_parts"].items(), key=lambda kv: -kv[1])],
                    [f"{PACKAGE}/ (with .pyc)", "apparent size"]))
        print(f"of which botocore/data (every AWS service's model): {mib(venv['botocore_data'])}; the models the step "
              f"loads ({', '.join(NEEDED_SERVICES)} + the shared endpoint/partition files): {mib(venv['botocore_data_needed'])}")
        print("the base, python:3.12-slim, is not measured here (no Docker); the image is the base plus the layer above "
              "and the copied wheel")
        print(f"entrypoint --dry_run from the fresh venv (the wheel + boto3, no PYTHONPATH): exit {venv['dry_run_exit']} "
              f"({'works' if venv['dry_run_exit'] == 0 else venv['dry_run_error']})")
        figures["fresh_venv"] = {"boto3": venv["boto3"], "wheel_bytes": venv["wheel"], "empty_bytes": venv["empty_venv"][0],
                                 "total_bytes": venv["venv"][0], "added_bytes": venv["added"][0],
                                 "added_on_disk_bytes": venv["added"][1], "packages": venv["packages"],
                                 "package_parts": venv["package_parts"], "botocore_data_bytes": venv["botocore_data"],
                                 "botocore_data_needed_bytes": venv["botocore_data_needed"],
                                 "dry_run_exit": venv["dry_run_exit"]}
    if dev:
        print(f"for comparison, the project's dev venv (.venv, pip install -e '.[dev]'): {mib(dev[0])}")
    emit(figures)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
