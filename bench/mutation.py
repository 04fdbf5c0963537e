"""Mutation score of runtime/ and generator/: runs mutmut 3 and prints the score per package and
every surviving mutant.

mutmut's own summary counts all packages together; this reads its result files
(mutants/**/*.py.meta) and splits them. Configuration: [tool.mutmut] in pyproject.toml.

    .venv/bin/python bench/mutation.py                # run (resumes a stopped run), then report
    .venv/bin/python bench/mutation.py --fresh        # throw the cached results away first
    .venv/bin/python bench/mutation.py --report-only  # report the results as they stand
    .venv/bin/python bench/mutation.py 'runtime.*'    # mutants whose names match, only (all of them rerun)
    .venv/bin/python bench/mutation.py --report-only --by-module  # and the figures of each module

`mutmut show NAME` prints a survivor's diff.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"runtime": 90.0, "generator": 85.0}  # % of mutants killed (issue 13)
#: mutmut's exit codes (mutmut/stats.py): a failing test kills; a hang (timeout) is noticed too,
#: and counts as killed in the score, as mutmut counts it.
KILLED = {1, 3}
TIMEOUT = {24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def results() -> dict[str, int | None]:
    """Exit code of every mutant by name (None: not run yet)."""
    found: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return found


def verdict(code: int | None) -> str:
    if code is None:
        return "not run"
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="mutant name globs, e.g. 'runtime.*' (default: all)")
    parser.add_argument("--fresh", action="store_true", help="delete mutants/ first")
    parser.add_argument("--report-only", action="store_true", help="do not run mutmut")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--by-module", action="store_true", help="also print the figures of each module")
    args = parser.parse_args(argv)
    if args.fresh:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    if not args.report_only:
        mutmut = Path(sys.executable).with_name("mutmut")
        subprocess.run([str(mutmut), "run", "--max-children", str(args.max_children), *args.names], cwd=ROOT)

    by_package: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    survivors: list[str] = []
    for name, code in results().items():
        package = name.split(".", 1)[0]
        by_package[package][verdict(code)] += 1
        by_module[name.split(".x", 1)[0]][verdict(code)] += 1
        if verdict(code) in ("survived", "no tests", "other"):
            survivors.append(f"{verdict(code):9} {name}")
    print(f"{'package':28} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} {'not run':>7} "
          f"{'score':>6}  target")
    figures = {}
    for package, counts in sorted(by_package.items()):
        score = _score(counts)
        target = TARGETS.get(package)
        met = "" if target is None else f"{target:.0f} % {'met' if score >= target and not counts['not run'] else 'MISSED'}"
        print(f"{package:28} {_row(counts)}  {met}")
        figures[package] = {**counts, "score": round(score, 1)}
    if args.by_module:
        print()
        for module, counts in sorted(by_module.items()):
            print(f"{module:28} {_row(counts)}")
    print(f"\nSurviving mutants ({len(survivors)}; `mutmut show NAME` prints one):")
    print("\n".join(f"  {line}" for line in survivors))
    print("FIGURES " + json.dumps(figures, sort_keys=True))
    return 0


def _score(counts: collections.Counter) -> float:
    """Killed (timeouts included) as a share of the mutants run."""
    run = sum(counts.values()) - counts["not run"]
    return 100.0 * (counts["killed"] + counts["timeout"]) / run if run else 0.0


def _row(counts: collections.Counter) -> str:
    return (f"{sum(counts.values()):7} {counts['killed']:7} {counts['timeout']:7} {counts['survived']:8} "
            f"{counts['no tests']:8} {counts['not run']:7} {_score(counts):5.1f}%")


if __name__ == "__main__":
    sys.exit(main())
