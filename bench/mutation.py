"""Mutation score of runtime/ and generator/: runs mutmut 3 and prints the score per package and
every surviving mutant.

mutmut's own summary counts all packages together; this reads its result files
(mutants-stage/mutants/**/*.py.meta) and splits them. Configuration: [tool.mutmut] in pyproject.toml.

    .venv/bin/python bench/mutation.py                # run (resumes a stopped run), then report
    .venv/bin/python bench/mutation.py --fresh        # throw the cached results away first
    .venv/bin/python bench/mutation.py --report-only  # report the results as they stand
    .venv/bin/python bench/mutation.py 'runtime.*'    # mutants whose names match, only (all of them rerun)
    .venv/bin/python bench/mutation.py --report-only --by-module  # and the figures of each module
    .venv/bin/python bench/mutation.py 'generator.*' --sample 150 --sample-of 'generator.spec_loader.*'
        # the generator's mutants without a result, but of spec_loader's only a random 150
    .venv/bin/python bench/mutation.py --retry-survivors  # after new tests: survivors run again
    .venv/bin/python bench/mutation.py --show NAME    # a mutant's diff and result (`mutmut show` in the stage)

A sample stands for the rest of a module too slow to run whole: of the mutants matching GLOB that
have no result yet, a uniform random N are run (their names are kept in mutants-stage/mutants/samples.json),
and the module's score is estimated as what was run outside the sample plus the sample's kill rate
for everything not run outside it (a stratified estimate, unbiased whatever order the rest was run in).

**The stage.** The tests import the one package, sagemaker_kfp_components, which the editable
install maps to the checkout's folders (generated/ as its top, runtime/, generator/, ...:
[tool.setuptools.package-dir]). mutmut copies its source_paths to mutants/<the same path>, puts only
mutants/ and mutants/src first on sys.path, and names a mutant after its file's path (less a leading
`src.`): run in the checkout, its mutants would be `runtime.…`, a module no test imports. So mutmut
runs in mutants-stage/ (git-ignored by its own .gitignore), which this script builds or brings up to
date before every run: a copy of the checkout's tests/, of the package's folders and of what
[tool.mutmut] also_copy names, plus src/sagemaker_kfp_components/ made of relative links to those
folders, as the editable install maps them (the same links in mutants-stage/mutants/, mutmut's copy);
its pyproject.toml is the checkout's with [tool.mutmut]'s paths moved into the package
(src/sagemaker_kfp_components/runtime/, ...). mutmut writes the mutants through the links, so the
tests import them as sagemaker_kfp_components.runtime.…, their names match, and a module's
Path(__file__).resolve() is in the checkout-shaped copy, which generator/project.py takes for a
checkout, as it does the checkout. A file is rewritten only when its content changed, so mutmut keeps
the results of unchanged functions. This script shows the names without the package's prefix
(`runtime.outputs.x_…`), and takes them with or without it.

By hand, mutmut runs in the stage with the package's prefix:
`cd mutants-stage && ../.venv/bin/mutmut show sagemaker_kfp_components.runtime.outputs.x_…__mutmut_1`.
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "mutants-stage"
MUTANTS = STAGE / "mutants"  # mutmut's copy of the stage, with its results
SAMPLES = MUTANTS / "samples.json"
PACKAGE = "sagemaker_kfp_components"
PREFIX = PACKAGE + "."  # of mutmut's names; the names shown and taken here go without it
TARGETS = {"runtime": 90.0, "generator": 85.0}  # % of mutants killed (issue 13)
#: mutmut's exit codes (mutmut/stats.py): a failing test kills; a hang (timeout) is noticed too,
#: and counts as killed in the score, as mutmut counts it.
KILLED = {1, 3}
TIMEOUT = {24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
#: Never copied into the stage.
SKIPPED = ("__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache")


def short(name: str) -> str:
    """A mutant name (or glob) as shown here: without the package's prefix."""
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def full(name: str) -> str:
    """A mutant name (or glob) as mutmut knows it in the stage."""
    return name if name.startswith(PREFIX) or name.startswith("*") else PREFIX + name


# --- the stage -----------------------------------------------------------------------------------


def _files(source: Path) -> dict[str, Path]:
    """Every file under source (or source itself), by its path relative to source."""
    if source.is_file():
        return {"": source}
    found = {}
    for path in sorted(source.rglob("*")):
        parts = path.relative_to(source).parts
        if path.is_file() and not any(part in SKIPPED for part in parts) and path.suffix != ".pyc":
            found["/".join(parts)] = path
    return found


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"[tool.mutmut]: cannot write {value!r} back as TOML")


def _without_table(text: str, header: str) -> str:
    """pyproject.toml's text without one table (its header line up to the next table's)."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        table = re.match(r"\[([A-Za-z0-9_.-]+)\]\s*(#.*)?$", line.strip())
        if table:
            inside = f"[{table.group(1)}]" == header
        if not inside:
            kept.append(line)
    return "".join(kept)


class Stage:
    """What mutants-stage/ holds, from the checkout's pyproject.toml."""

    def __init__(self) -> None:
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        pyproject = tomllib.loads(text)
        package_dirs = {package: where.rstrip("/") for package, where in
                        pyproject["tool"]["setuptools"]["package-dir"].items()}
        config = dict(pyproject["tool"]["mutmut"])
        sources = [path.rstrip("/") for path in config["source_paths"]]
        by_folder = {where: package for package, where in package_dirs.items()}
        missing = [folder for folder in sources if by_folder.get(folder, PACKAGE) == PACKAGE]
        if missing or package_dirs.get(PACKAGE) is None:
            raise SystemExit(f"[tool.mutmut] source_paths {missing} are no subpackage folders of "
                             f"{PACKAGE} in [tool.setuptools.package-dir]")
        #: The checkout's folders and files the stage copies: the tests, every folder of the package,
        #: and what [tool.mutmut] also_copy names (what the tests read at the checkout's root).
        self.copied = list(dict.fromkeys(["tests", *package_dirs.values(),
                                          *(path.rstrip("/") for path in config.get("also_copy", []))]))
        #: The package, src/sagemaker_kfp_components/, as the editable install has it: each part a
        #: link to its folder, so that a module's Path(__file__).resolve() is in the checkout-shaped
        #: stage, as in the checkout (generator/project.py takes the stage for a checkout).
        top = "src/" + PACKAGE
        self.links: dict[str, str] = {}
        for package, where in package_dirs.items():
            if package == PACKAGE:
                for entry in sorted((ROOT / where).iterdir()):
                    if entry.name not in SKIPPED:
                        self.links[f"{top}/{entry.name}"] = f"{where}/{entry.name}"
            elif package.startswith(PREFIX):
                self.links[f"{top}/{package[len(PREFIX):].replace('.', '/')}"] = where
        #: mutmut mutates the subpackages' files through their links, so their mutant names are the
        #: modules' names; it writes the mutants through the links in its copy too.
        self.sources = [f"{top}/{by_folder[folder][len(PREFIX):].replace('.', '/')}" for folder in sources]
        self.source_folders = sources
        config["source_paths"] = [path + "/" for path in self.sources]
        for key in ("only_mutate", "do_not_mutate"):  # file globs, given in the checkout's terms
            if key in config:
                config[key] = [self._in_stage(pattern) for pattern in config[key]]
        config["also_copy"] = [folder + "/" if (ROOT / folder).is_dir() else folder
                               for folder in self.copied if folder != "tests" and folder not in sources]
        self.config = config
        section = ["[tool.mutmut]", "# Written by bench/mutation.py from the checkout's pyproject.toml: edit that one."]
        section += [f"{key} = {_toml_value(value)}" for key, value in config.items()]
        self.pyproject = _without_table(text, "[tool.mutmut]").rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
        assert tomllib.loads(self.pyproject)["tool"]["mutmut"] == config, "the stage's [tool.mutmut] came out wrong"

    def _in_stage(self, pattern: str) -> str:
        for folder, source in zip(self.source_folders, self.sources):
            if pattern.startswith(folder + "/"):
                return source + pattern[len(folder):]
        return pattern

    def refresh(self) -> None:
        """Builds mutants-stage/ or brings it up to date with the checkout; a file is rewritten only
        if its content changed (mutmut tells a changed source file by its time)."""
        STAGE.mkdir(exist_ok=True)
        wanted = {"pyproject.toml": self.pyproject.encode("utf-8"),
                  ".gitignore": b"# bench/mutation.py's stage: nothing here is the project's\n*\n"}
        for relative, content in wanted.items():
            _write(STAGE / relative, content)
        # Read here only: reading the results needs the configuration, not the checkout's files.
        files = {f"{folder}/{relative}".rstrip("/"): path
                 for folder in self.copied for relative, path in _files(ROOT / folder).items()}
        for relative, source in files.items():
            if _write(STAGE / relative, source.read_bytes()):
                shutil.copymode(source, STAGE / relative)
        for where in (STAGE, MUTANTS):
            for link, target in self.links.items():
                _link(where / link, target)
        for folder in self.source_folders:  # what the links in mutmut's copy lead to
            (MUTANTS / folder).mkdir(parents=True, exist_ok=True)
        # What the checkout no longer has (mutmut's own folder is left to mutmut).
        for folder, dirs, names in os.walk(STAGE, topdown=False):
            here = Path(folder)
            relative = here.relative_to(STAGE).as_posix()
            if relative == "mutants" or relative.startswith("mutants/"):
                continue
            for name in names + dirs:
                path = here / name
                key = (path.relative_to(STAGE)).as_posix()
                if key in self.links or key in wanted or key == "mutants" or key in files:
                    continue
                if path.is_symlink() or path.is_file():
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()

    def metas(self) -> list[Path]:
        """mutmut's result files of the source files the checkout has and mutmut mutates."""
        only, never = self.config.get("only_mutate", []), self.config.get("do_not_mutate", [])
        paths = [f"{source}/{relative}" for source, folder in zip(self.sources, self.source_folders)
                 for relative in _files(ROOT / folder) if relative.endswith(".py")]
        return [MUTANTS / f"{path}.meta" for path in paths  # as mutmut's Config.should_mutate
                if (not only or any(fnmatch.fnmatch(path, glob) for glob in only))
                and not any(fnmatch.fnmatch(path, glob) for glob in never) and (MUTANTS / f"{path}.meta").is_file()]


def _write(path: Path, content: bytes) -> bool:
    """Writes the file unless it holds that already; whether it wrote."""
    if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
        return False
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def _link(path: Path, target: str) -> None:
    """path, a relative link to the stage's (or mutmut's copy's) folder or file `target`."""
    base = MUTANTS if MUTANTS in path.parents else STAGE
    relative = os.path.relpath(base / target, path.parent)
    if path.is_symlink() and os.readlink(path) == relative:
        return
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(relative)


# --- results -------------------------------------------------------------------------------------


def results() -> dict[str, int | None]:
    """Exit code of every mutant by name, without the package's prefix (None: not run yet)."""
    found: dict[str, int | None] = {}
    for meta in Stage().metas():
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        found.update((short(name), code) for name, code in codes.items())
    return found


def samples() -> set[str]:
    """The names of every mutant drawn into a sample so far."""
    return {short(name) for name in json.loads(SAMPLES.read_text(encoding="utf-8"))} if SAMPLES.exists() else set()


def forget_survivors() -> set[str]:
    """Survivors (and mutants no test reached) lose their result, to be run again with the tests
    written since; returns their names. mutmut's map of which tests reach which function goes too:
    mutmut maps only tests it has not seen, so a test changed to reach another function would not
    be run against its mutants."""
    (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    forgotten: set[str] = set()
    for meta in Stage().metas():
        data = json.loads(meta.read_text(encoding="utf-8"))
        again = {name for name, code in data["exit_code_by_key"].items() if verdict(code) in ("survived", "no tests")}
        if again:
            data["exit_code_by_key"].update(dict.fromkeys(again))
            meta.write_text(json.dumps(data), encoding="utf-8")
        forgotten |= {short(name) for name in again}
    return forgotten


def draw_samples(globs: list[str], size: int, seed: int) -> set[str]:
    """For each glob, a uniform random `size` of the matching mutants that had no result when drawn,
    kept in mutants-stage/mutants/samples.json; returns the rest of those, which are left out of the run."""
    codes = results()
    sampled, left_out = samples(), set()
    for glob in globs:
        unrun = sorted(name for name, code in codes.items() if code is None and fnmatch.fnmatchcase(name, glob))
        # A resumed run keeps its sample; a larger N tops it up from the rest, still uniformly.
        more = size - sum(fnmatch.fnmatchcase(name, glob) for name in sampled)
        rest = [name for name in unrun if name not in sampled]
        sampled |= set(random.Random(seed).sample(rest, max(0, min(more, len(rest)))))
        left_out |= set(unrun) - sampled
    SAMPLES.write_text(json.dumps(sorted(sampled)), encoding="utf-8")
    return left_out


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
    parser.add_argument("--fresh", action="store_true", help="delete the stage (mutants-stage/, with mutmut's results) first")
    parser.add_argument("--report-only", action="store_true", help="do not run mutmut")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--by-module", action="store_true", help="also print the figures of each module")
    parser.add_argument("--sample", type=int, metavar="N", default=150, help="mutants run of each --sample-of glob")
    parser.add_argument("--sample-of", action="append", default=[], metavar="GLOB",
                        help="run only a random sample of the mutants matching GLOB (repeatable)")
    parser.add_argument("--seed", type=int, default=0, help="of the random samples")
    parser.add_argument("--retry-survivors", action="store_true",
                        help="run the survivors again (after new tests)")
    parser.add_argument("--show", metavar="NAME", help="print a mutant's diff and result (mutmut show), and stop")
    args = parser.parse_args(argv)
    globs, sample_of = [short(glob) for glob in args.names], [short(glob) for glob in args.sample_of]
    mutmut = Path(sys.executable).with_name("mutmut")
    if args.fresh:
        shutil.rmtree(STAGE, ignore_errors=True)
    if args.show:  # of the mutants as they stand (a refresh could outdate them)
        return subprocess.run([str(mutmut), "show", full(args.show)], cwd=STAGE).returncode
    if not args.report_only:
        Stage().refresh()
        # A run of named mutants: a survivor run again keeps its place (in a sample or outside it),
        # and the mutants a sample left out are not run.
        again = forget_survivors() if args.retry_survivors else set()
        names = globs
        if sample_of:
            # The names come from the stage's mutants/, which must first follow the source. mutmut has no
            # command for that alone: a run filtered for a name that matches nothing does it, then stops
            # (the first time, after running the whole test selection once for its map of tests).
            print("bench/mutation.py: mutmut brings its mutants up to date ...", flush=True)
            done = subprocess.run([str(mutmut), "run", "--max-children", "1", "no-such-mutant"], cwd=STAGE,
                                  capture_output=True, text=True)
            if "nothing matches" not in done.stdout + done.stderr:
                print(done.stdout[-5000:], done.stderr[-5000:], sep="\n", file=sys.stderr)
                print("bench/mutation.py: mutmut stopped before listing its mutants (above)", file=sys.stderr)
                return 1
            left_out = draw_samples(sample_of, args.sample, args.seed) - again
            names = [name for name, code in results().items() if code is None and name not in left_out
                     and any(fnmatch.fnmatchcase(name, glob) for glob in globs or ["*"])]
        if names or not sample_of:
            subprocess.run([str(mutmut), "run", "--max-children", str(args.max_children), *map(full, names)], cwd=STAGE)

    by_package: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    sampled = collections.defaultdict(collections.Counter)  # by module, the sampled mutants' figures
    drawn = samples()
    survivors: list[str] = []
    for name, code in results().items():
        package, module = name.split(".", 1)[0], name.split(".x", 1)[0]
        by_package[package][verdict(code)] += 1
        by_module[module][verdict(code)] += 1
        if name in drawn:
            sampled[module][verdict(code)] += 1
        if verdict(code) in ("survived", "no tests", "other"):
            survivors.append(f"{verdict(code):9} {name}")
    print(f"{'package':28} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} {'not run':>7} "
          f"{'score':>6}  target")
    figures = {}
    for package, counts in sorted(by_package.items()):
        modules = [(c, sampled[module]) for module, c in by_module.items() if module.split(".", 1)[0] == package]
        score, estimated = _score(counts), _estimate(modules)
        target = TARGETS.get(package)
        if target is None:
            met = ""
        elif score is None:
            met = f"{target:.0f} % not known: no mutant was run"
        elif not counts["not run"]:
            met = f"{target:.0f} % {'met' if score >= target else 'MISSED'}"
        elif estimated is not None:
            low = estimated[0] - estimated[1]
            met = (f"{target:.0f} % {'met' if low >= target else 'MISSED' if estimated[0] < target else 'likely met'}: "
                   f"estimated {estimated[0]:.1f} ± {estimated[1]:.1f} % (95 %) from samples")
        else:
            met = f"{target:.0f} % not known: a module was not run at all"
        print(f"{package:28} {_row(counts)}  {met}")
        figures[package] = {**counts, "score": score and round(score, 1), "estimated": estimated and [round(x, 1) for x in estimated]}
    if args.by_module:
        print()
        for module, counts in sorted(by_module.items()):
            print(f"{module:28} {_row(counts)}")
    print(f"\nSurviving mutants ({len(survivors)}; `bench/mutation.py --show NAME` prints one):")
    print("\n".join(f"  {line}" for line in survivors))
    print("FIGURES " + json.dumps(figures, sort_keys=True))
    return 0


def _score(counts: collections.Counter) -> float | None:
    """Killed (timeouts included) as a share of the mutants run; None if none was run."""
    run = sum(counts.values()) - counts["not run"]
    return 100.0 * (counts["killed"] + counts["timeout"]) / run if run else None


def _estimate(modules: list[tuple[collections.Counter, collections.Counter]]) -> tuple[float, float] | None:
    """The package's score, each module's mutants not run counted as killed at its sample's rate
    (see the module's docstring), and the half-width of its 95 % interval; None if a module has
    mutants not run and no sample run."""
    killed = variance = 0.0
    for counts, sample in modules:
        sample_run = sum(sample.values()) - sample["not run"]
        if counts["not run"] and not sample_run:
            return None
        rate = (sample["killed"] + sample["timeout"]) / sample_run if sample_run else 0.0
        stratum = counts["not run"] + sample_run  # what the sample stands for
        killed += counts["killed"] + counts["timeout"] - sample["killed"] - sample["timeout"] + rate * stratum
        if sample_run > 1:  # sampled without replacement from the stratum
            variance += stratum ** 2 * rate * (1 - rate) / sample_run * (stratum - sample_run) / (stratum - 1)
    total = sum(sum(counts.values()) for counts, _ in modules)
    return 100.0 * killed / total, 100.0 * 1.96 * math.sqrt(variance) / total


def _row(counts: collections.Counter) -> str:
    score = _score(counts)
    return (f"{sum(counts.values()):7} {counts['killed']:7} {counts['timeout']:7} {counts['survived']:8} "
            f"{counts['no tests']:8} {counts['not run']:7} " + ("     -" if score is None else f"{score:5.1f}%"))


if __name__ == "__main__":
    sys.exit(main())
