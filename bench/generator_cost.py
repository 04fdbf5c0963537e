"""Generator cost: wall time of `sagemaker-kfp generate` and `check` as whole processes.

Both run with `--root` on a temporary copy of the project's specs/ and templates/ (the checkout's
generated/ is never touched):
  real       specs/training.yaml as it is
  synthetic  the real spec plus extra String / Integer / JsonObject arguments (no api path; the real
             arguments keep their real api paths) up to 1,000 arguments (--quick: 100)
`generate` starts from an empty generated/ (it writes every file); `check` runs on the result (up to
date, exit 0). Also timed, as the floor every command pays: `sagemaker-kfp --help`.

    .venv/bin/python bench/generator_cost.py            # 5 runs each, median
    .venv/bin/python bench/generator_cost.py --quick    # 1 run each, 100-argument spec
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, emit, median, print_machine, run_env, table, verdict  # noqa: E402

import yaml  # noqa: E402  (a dev dependency, as the generator's)

TARGET_SECONDS = 1.0
TARGET_RATIO = 10.0


def make_project(folder: Path, arguments: int | None) -> Path:
    (folder / "specs").mkdir(parents=True)
    shutil.copy(ROOT / "specs" / "spec.schema.json", folder / "specs" / "spec.schema.json")
    shutil.copytree(ROOT / "specs" / "data", folder / "specs" / "data")
    shutil.copytree(ROOT / "templates", folder / "templates")
    shutil.copy(ROOT / "pyproject.toml", folder)
    (folder / "generated").mkdir()
    text = (ROOT / "specs" / "training.yaml").read_text(encoding="utf-8")
    if arguments is not None:
        spec = yaml.safe_load(text)
        real = sum(argument.get("repeat", 1) for argument in spec["arguments"])  # as expanded
        groups = [group["id"] for group in spec["groups"]]
        for n in range(arguments - real):
            kind = ("String", "Integer", "JsonObject")[n % 3]
            argument = {"name": f"synthetic_{n:04d}", "type": kind, "group": groups[n % len(groups)],
                        "description": f"Synthetic argument {n} of type {kind}, for measuring the generator's cost."}
            if kind == "String":
                argument.update(default=f"value-{n}", max_length=64, pattern="[a-z0-9-]+")
            elif kind == "Integer":
                argument.update(default=n, min=0, max=1_000_000)
            else:
                argument.update(optional=True, max_entries=50, key_max_length=128)
            spec["arguments"].append(argument)
        text = yaml.safe_dump(spec, sort_keys=False, width=120)
    (folder / "specs" / "training.yaml").write_text(text, encoding="utf-8")
    return folder


def timed(command: list[str], expect: int = 0) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=run_env(), cwd=ROOT, timeout=600)
    seconds = time.perf_counter() - started
    if result.returncode != expect:
        raise RuntimeError(f"{' '.join(command[:4])} exited {result.returncode}: {result.stderr[-2000:]}")
    return seconds


def measure(project: Path, runs: int) -> dict[str, float]:
    cli = [PYTHON, "-m", "sagemaker_kfp_components.generator"]
    times: dict[str, list[float]] = {"generate": [], "check": []}
    for _ in range(runs):
        shutil.rmtree(project / "generated")
        (project / "generated").mkdir()
        times["generate"].append(timed(cli + ["generate", "--root", str(project)]))
        times["check"].append(timed(cli + ["check", "--root", str(project)]))
    return {key: median(values) for key, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 run each, a 100-argument synthetic spec")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else 5
    size = 100 if args.quick else 1000
    print_machine()
    with tempfile.TemporaryDirectory(prefix="bench-generator-") as folder:
        real_project = make_project(Path(folder) / "real", None)
        big_project = make_project(Path(folder) / "synthetic", size)
        timed([PYTHON, "-m", "sagemaker_kfp_components.generator", "--help"])  # warm-up: .pyc, file cache
        floor = median([timed([PYTHON, "-m", "sagemaker_kfp_components.generator", "--help"]) for _ in range(runs)])
        real = measure(real_project, runs)
        big = measure(big_project, runs)
        sizes = {name: sum(p.stat().st_size for p in (project / "generated").rglob("*") if p.is_file())
                 for name, project in (("real", real_project), ("synthetic", big_project))}
    real_args = sum(a.get("repeat", 1) for a in yaml.safe_load((ROOT / "specs" / "training.yaml").read_text(encoding="utf-8"))["arguments"])

    print(f"\nWall time of whole processes (median of {runs}); `sagemaker-kfp --help` alone: {floor:.2f} s")
    rows = []
    for command in ("generate", "check"):
        ratio = big[command] / real[command]
        rows.append([command, f"{real[command]:.2f} s", verdict(real[command] <= TARGET_SECONDS),
                     f"{big[command]:.2f} s", f"{ratio:.1f}x", verdict(ratio <= TARGET_RATIO) if size == 1000 else "n/a (quick)"])
    print(table(rows, ["command", f"real spec ({real_args} args)", "<= 1 s", f"synthetic ({size} args)", "ratio", "<= 10x"]))
    print(f"generated/ size: real {sizes['real'] / 1024:.0f} KiB, synthetic {sizes['synthetic'] / 1024:.0f} KiB")
    emit({
        "runs": runs, "synthetic_arguments": size, "real_arguments": real_args, "help_floor_s": round(floor, 3),
        "real_s": {k: round(v, 3) for k, v in real.items()}, "synthetic_s": {k: round(v, 3) for k, v in big.items()},
        "ratio": {k: round(big[k] / real[k], 2) for k in real},
        "met": {"real_generate": real["generate"] <= TARGET_SECONDS, "real_check": real["check"] <= TARGET_SECONDS,
                "ratio": all(big[k] / real[k] <= TARGET_RATIO for k in real) if size == 1000 else None},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
