"""Image weight: what the step's container needs installed, and that the runtime imports no dev tools.

1. A fresh virtual environment with the runtime's dependencies only (`python -m venv` +
   `pip install boto3==<the version the project's venv has>`), measured on disk: the whole folder,
   and what `pip install boto3` added, by package. The entrypoint is then run from that venv with
   PYTHONPATH pointing at this checkout (`--dry_run true`), proving the runtime needs nothing else.
   Needs PyPI (or a pip cache / index); skipped with --quick.
2. In a subprocess of the project's venv: importing `generated.training.entrypoint`, `runtime.step`
   and every runtime module pulls in none of kfp, jinja2, click, yaml (the target), and, for
   information, none of jsonschema, moto, werkzeug, generator, emulator.

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
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, emit, entrypoint_argv, print_machine, run_env, step_args, table, verdict  # noqa: E402

FORBIDDEN = ("kfp", "jinja2", "click", "yaml")
NEEDED_SERVICES = ("sagemaker", "logs", "sts")  # the only service models the step's clients load
ALSO_WATCHED = ("jsonschema", "moto", "werkzeug", "generator", "emulator")

IMPORT_CHECK = """\
import importlib, json, pkgutil, sys
import sagemaker_kfp_components.generated.training.entrypoint, runtime.step, runtime
for module in pkgutil.iter_modules(runtime.__path__):
    importlib.import_module("runtime." + module.name)
watched = set(json.loads(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in watched)))
"""


def imported_dev_modules() -> dict[str, list[str]]:
    """Modules of the watched packages that importing the runtime loads, in a fresh interpreter."""
    watched = FORBIDDEN + ALSO_WATCHED
    out = subprocess.run([PYTHON, "-c", IMPORT_CHECK, json.dumps(watched)], capture_output=True, text=True,
                         env=run_env(), cwd=ROOT, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return {"forbidden": [m for m in found if m.split(".")[0] in FORBIDDEN],
            "also_watched": [m for m in found if m.split(".")[0] in ALSO_WATCHED]}


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
    version = metadata.version("boto3")
    venv = folder / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, timeout=300)
    before_packages = {p.name for p in site_packages(venv).iterdir()}
    empty = disk(venv)
    started = time.perf_counter()
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-cache-dir",
                              "--disable-pip-version-check", f"boto3=={version}"],
                             capture_output=True, text=True, timeout=900)
    if install.returncode != 0:
        raise RuntimeError(f"pip install boto3 failed: {install.stderr[-2000:]}")
    install_seconds = time.perf_counter() - started
    full = disk(venv)
    packages = {}
    for entry in site_packages(venv).iterdir():
        if entry.name in before_packages or entry.name.endswith(".dist-info") or entry.name == "__pycache__":
            continue
        packages[entry.name] = disk(entry)[0] if entry.is_dir() else entry.stat().st_size
    data_dir = site_packages(venv) / "botocore" / "data"
    data = disk(data_dir)[0]
    needed = sum(disk(data_dir / service)[0] for service in NEEDED_SERVICES) + sum(
        p.stat().st_size for p in data_dir.iterdir() if p.is_file())
    # The runtime with nothing but boto3: the entrypoint's dry run from the fresh venv.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=str(ROOT), AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    argv = entrypoint_argv(step_args("image-weight-dry-run", dry_run=True))
    argv[0] = str(venv / "bin" / "python")
    dry = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=folder, timeout=120)
    return {"boto3": version, "empty_venv": empty, "venv": full, "added": (full[0] - empty[0], full[1] - empty[1]),
            "packages": packages, "botocore_data": data, "botocore_data_needed": needed, "install_seconds": install_seconds,
            "dry_run_exit": dry.returncode, "dry_run_error": dry.stderr[-500:] if dry.returncode else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the fresh venv (needs PyPI); import check only")
    args = parser.parse_args(argv)
    print_machine()

    found = imported_dev_modules()
    ok = not found["forbidden"]
    print(f"\nImporting generated.training.entrypoint, runtime.step and every runtime module loads "
          f"{found['forbidden'] or 'none'} of {', '.join(FORBIDDEN)} (target none: {verdict(ok)}); "
          f"of {', '.join(ALSO_WATCHED)}: {found['also_watched'] or 'none'}")

    source = sum(disk(ROOT / folder)[0] - sum(disk(p)[0] for p in (ROOT / folder).rglob("__pycache__"))
                 for folder in ("runtime", "generated"))
    dev = disk(ROOT / ".venv") if (ROOT / ".venv").is_dir() else None
    figures: dict = {"forbidden_imported": found["forbidden"], "also_watched_imported": found["also_watched"],
                     "import_check_met": ok, "runtime_and_generated_source_bytes": source}
    if dev:
        figures["dev_venv_bytes"] = dev[0]

    if args.quick:
        print("fresh venv: skipped (--quick)")
        figures["fresh_venv"] = None
    else:
        with tempfile.TemporaryDirectory(prefix="bench-image-") as folder:
            venv = fresh_venv(Path(folder))
        print(f"\nFresh venv + pip install boto3=={venv['boto3']} ({venv['install_seconds']:.0f} s):")
        rows = [["empty venv (python -m venv, with pip)", mib(venv["empty_venv"][0]), mib(venv["empty_venv"][1])],
                ["after pip install boto3", mib(venv["venv"][0]), mib(venv["venv"][1])],
                ["added by boto3 and its dependencies", mib(venv["added"][0]), mib(venv["added"][1])]]
        print(table(rows, ["", "apparent size", "on disk"]))
        print(table([[name, mib(size)] for name, size in sorted(venv["packages"].items(), key=lambda kv: -kv[1])],
                    ["package (site-packages)", "apparent size"]))
        print(f"of which botocore/data (every AWS service's model): {mib(venv['botocore_data'])}; the models the step "
              f"loads ({', '.join(NEEDED_SERVICES)} + the shared endpoint/partition files): {mib(venv['botocore_data_needed'])}")
        print(f"runtime/ + generated/ sources the image adds: {source / 1024:.0f} KiB")
        print(f"entrypoint --dry_run from the fresh venv (boto3 only): exit {venv['dry_run_exit']} "
              f"({'works' if venv['dry_run_exit'] == 0 else venv['dry_run_error']})")
        figures["fresh_venv"] = {"boto3": venv["boto3"], "empty_bytes": venv["empty_venv"][0], "total_bytes": venv["venv"][0],
                                 "added_bytes": venv["added"][0], "added_on_disk_bytes": venv["added"][1],
                                 "packages": venv["packages"], "botocore_data_bytes": venv["botocore_data"],
                                 "botocore_data_needed_bytes": venv["botocore_data_needed"],
                                 "dry_run_exit": venv["dry_run_exit"]}
    if dev:
        print(f"for comparison, the project's dev venv (.venv, pip install -e '.[dev]'): {mib(dev[0])}")
    emit(figures)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
