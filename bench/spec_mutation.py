"""Mutation score of the specs: plausible mistakes in specs/*.yaml, and whether a test notices.

mutmut mutates Python; the request mapping lives in the specs, so this makes mutants of them, of
the kinds a person writing or editing a spec makes:
- swap_api: two arguments of one type, sent in one request, swap their `api` paths;
- drop_unless: one name leaves an argument's `unless` (it is then sent beside what excludes it);
- drop_only_when: an argument loses its `only_when`;
- drop_rule: one of the spec's `rules` goes;
- move_output: an output reads another member of the same type (the next one, in the API's order,
  beside it in the description).

Each mutant is regenerated into a staging copy of the package, with the project's own generator,
and then counts as killed if the generator refuses it (the spec loader, or api-check, which a test
runs on every spec), or if one of the in-process tests below fails against it. Each worker keeps one
staging tree and a process with everything imported; each mutant's tests run in a fork of it, so
that they import the mutant's generated modules afresh, in about a second.

    .venv/bin/python bench/spec_mutation.py                  # every mutant of every spec
    .venv/bin/python bench/spec_mutation.py --list           # the mutants, not run
    .venv/bin/python bench/spec_mutation.py deploy model     # those of some specs
    .venv/bin/python bench/spec_mutation.py --operator swap_api --workers 2
    .venv/bin/python bench/spec_mutation.py --report-only   # every verdict kept (mutants/specs.json)
"""

from __future__ import annotations

import argparse
import collections
import copy
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET = 95.0  # % of spec mutants killed (issue 22)
RESULTS = ROOT / "mutants" / "specs.json"  # every run's verdicts, by mutant name (git-ignored)
#: The in-process tests that run against each mutant, first those that fail soonest.
TESTS = ("tests/test_request_paths.py", "tests/test_runtime_aws.py", "tests/test_job_engine.py")


@dataclass(frozen=True)
class Mutant:
    component: str
    operator: str
    description: str
    spec: dict

    @property
    def name(self) -> str:
        return f"{self.component}: {self.operator} {self.description}"


def mutants(component: str, spec: dict) -> list[Mutant]:
    found: list[Mutant] = []

    def mutant(operator: str, description: str, edit) -> None:
        changed = copy.deepcopy(spec)
        edit(changed)
        found.append(Mutant(component, operator, description, changed))

    arguments = spec["arguments"]
    sent = [i for i, arg in enumerate(arguments) if arg.get("api")]
    for i, j in itertools.combinations(sent, 2):
        first, second = arguments[i], arguments[j]
        if first["type"] == second["type"] and first.get("request") == second.get("request"):
            def swap(changed, i=i, j=j):
                changed["arguments"][i]["api"], changed["arguments"][j]["api"] = (
                    changed["arguments"][j]["api"], changed["arguments"][i]["api"])
            mutant("swap_api", f"{first['name']} <-> {second['name']}", swap)
    for i, arg in enumerate(arguments):
        unless = arg.get("unless")
        names = [unless] if isinstance(unless, str) else unless or []
        for name in names:
            def drop(changed, i=i, name=name, names=names):
                kept = [n for n in names if n != name]
                if kept:
                    changed["arguments"][i]["unless"] = kept
                else:
                    del changed["arguments"][i]["unless"]
            mutant("drop_unless", f"{arg['name']} unless {name}", drop)
        if arg.get("only_when"):
            mutant("drop_only_when", f"{arg['name']} only when {arg['only_when']}",
                   lambda changed, i=i: changed["arguments"][i].pop("only_when"))
    for i, rule in enumerate(spec.get("rules") or []):
        mutant("drop_rule", f"{rule['kind']} {', '.join(rule['arguments'])}",
               lambda changed, i=i: changed["rules"].pop(i))
    for i, output in enumerate(spec.get("outputs") or []):
        other = _next_member(spec, output)
        if other:
            def move(changed, i=i, other=other):
                changed["outputs"][i]["api"] = other
            mutant("move_output", f"{output['name']}: {output['api']} -> {other}", move)
    return found


def _next_member(spec: dict, output: dict) -> str | None:
    """The member after the output's in its structure (wrapping round) with the same shape type."""
    from sagemaker_kfp_components.runtime import api_model
    from sagemaker_kfp_components.runtime.arguments import related_operation

    kind = spec["job"]["kind"]
    operation = related_operation(output["of"])[0] if output.get("of") else f"Describe{kind}"
    parent, _, last = output["api"].rpartition(".")
    shape = api_model.shape_at(operation, parent.replace("{i}", "0"), output=True) if parent else (
        api_model.service_model().operation_model(operation).output_shape)
    members = list(shape.members)
    kind_of = shape.members[last].type_name
    start = members.index(last)
    for name in members[start + 1:] + members[:start]:
        if shape.members[name].type_name == kind_of:
            return f"{parent}.{name}" if parent else name
    return None


# -- one worker: a staging tree, the mutants' tests in forks --------------------------------------


class Stage:
    """A copy of the checkout's specs and generated package, importable from `src`, that one mutant
    at a time replaces a spec of; runtime/, generator/, emulator/ and templates/ are the checkout's."""

    def __init__(self, folder: Path):
        self.root = folder
        shutil.copytree(ROOT / "specs", folder / "specs")
        package = folder / "src" / "sagemaker_kfp_components"
        shutil.copytree(ROOT / "generated", package, ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("runtime", "generator", "emulator"):
            (package / name).symlink_to(ROOT / name)
        (folder / "generated").symlink_to(package)
        for name in ("templates", "pyproject.toml"):
            (folder / name).symlink_to(ROOT / name)
        sys.path.insert(0, str(folder / "src"))
        os.environ["PYTHONPATH"] = str(folder / "src")  # and for the steps the tests start

    def verdict(self, mutant: Mutant) -> str:
        from sagemaker_kfp_components.generator import builtin_algorithms
        from sagemaker_kfp_components.generator.api_check import api_check
        from sagemaker_kfp_components.generator.errors import SpecError
        from sagemaker_kfp_components.generator.project import Project
        from sagemaker_kfp_components.generator.render import render_all
        from sagemaker_kfp_components.generator.spec_loader import load_spec

        spec_path = self.root / "specs" / f"{mutant.component}.yaml"
        original = spec_path.read_text(encoding="utf-8")
        project = Project(self.root)
        try:
            spec_path.write_text(yaml.safe_dump(mutant.spec, sort_keys=False), encoding="utf-8")
            try:
                component = load_spec(spec_path, self.root, project.suite)
            except SpecError:
                return "refused by the spec loader"
            if not all(finding.ok for finding in api_check(component)):
                return "refused by api-check"
            rendered = render_all([component], project.suite, project.templates,
                                  builtin_algorithms.load(self.root), "")
            folder = self.root / "generated" / mutant.component
            saved = {path: path.read_bytes() for path in folder.iterdir() if path.is_file()}
            try:
                for path, text in rendered.items():
                    if path.parts[0] == mutant.component:
                        (self.root / "generated" / path).write_text(text, encoding="utf-8")
                return "killed by a test" if self.tests_fail() else "survived"
            finally:
                for path, data in saved.items():
                    path.write_bytes(data)
        finally:
            spec_path.write_text(original, encoding="utf-8")

    def tests_fail(self) -> bool:
        """Whether the tests fail, run in a fork: it imports the generated modules afresh, as the
        worker itself never imports them."""
        pid = os.fork()
        if pid == 0:
            import pytest

            with open(os.devnull, "w") as quiet:
                os.dup2(quiet.fileno(), 1)
                os.dup2(quiet.fileno(), 2)
            code = pytest.main([*(str(ROOT / t) for t in TESTS), "-x", "-q", "-p", "no:randomly",
                                "-p", "no:cacheprovider", "--rootdir", str(ROOT), "--basetemp", str(self.root / "tmp")])
            os._exit(int(code))
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) not in (0, 5)  # 5: no test selected counts as passed


def work(names: list[str], out: Path) -> None:
    """Run the named mutants, one JSON line each in `out`."""
    with tempfile.TemporaryDirectory(prefix="spec-mutation-") as folder:
        stage = Stage(Path(folder))  # first: the package is imported from it from now on
        # Imported once here, not in every fork.
        import moto.server  # noqa: F401
        import pytest  # noqa: F401

        from sagemaker_kfp_components import emulator  # noqa: F401
        from sagemaker_kfp_components.generator.project import Project  # noqa: F401
        from sagemaker_kfp_components.runtime import api_model

        api_model.service_model()
        by_name = {m.name: m for m in all_mutants()}
        if stage.tests_fail():
            raise SystemExit(f"the tests fail without a mutant: run {' '.join(TESTS)} and fix them first")
        with out.open("a", encoding="utf-8") as results:
            for name in names:
                verdict = stage.verdict(by_name[name])
                results.write(json.dumps({"name": name, "verdict": verdict}) + "\n")
                results.flush()


def all_mutants(components: list[str] | None = None) -> list[Mutant]:
    found = []
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        if components and path.stem not in components:
            continue
        found += mutants(path.stem, yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("components", nargs="*", help="specs to mutate (default: all)")
    parser.add_argument("--operator", action="append", help="only these mutation operators")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--report-only", action="store_true", help="report the verdicts kept from earlier runs")
    parser.add_argument("--worker", nargs=2, metavar=("NAMES_JSON", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        work(json.loads(Path(args.worker[0]).read_text(encoding="utf-8")), Path(args.worker[1]))
        return 0
    chosen = [m for m in all_mutants(args.components) if not args.operator or m.operator in args.operator]
    if args.list:
        print("\n".join(m.name for m in chosen))
        return 0
    if args.report_only:
        return report(chosen, kept())
    with tempfile.TemporaryDirectory(prefix="spec-mutation-run-") as folder:
        workers = []
        for k in range(args.workers):
            names, out = Path(folder) / f"names-{k}.json", Path(folder) / f"results-{k}.jsonl"
            names.write_text(json.dumps([m.name for m in chosen[k::args.workers]]), encoding="utf-8")
            out.touch()
            workers.append(subprocess.Popen([sys.executable, __file__, "--worker", str(names), str(out)], cwd=ROOT))
        if any(worker.wait() for worker in workers):
            return 1
        verdicts = kept()
        for out in Path(folder).glob("results-*.jsonl"):
            for line in out.read_text(encoding="utf-8").splitlines():
                result = json.loads(line)
                verdicts[result["name"]] = result["verdict"]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(verdicts, indent=0, sort_keys=True), encoding="utf-8")
    return report(chosen, verdicts)


def kept() -> dict[str, str]:
    """The verdicts of earlier runs, by mutant name (a mutant whose spec changed since is another)."""
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def report(chosen: list[Mutant], verdicts: dict[str, str]) -> int:
    rows: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for m in chosen:
        verdict = verdicts.get(m.name, "not run")
        rows[m.component, m.operator][verdict] += 1
        rows[m.component, "all"][verdict] += 1
        rows["all", "all"][verdict] += 1
    columns = ("refused by the spec loader", "refused by api-check", "killed by a test", "survived", "not run")
    print(f"{'component':22} {'operator':15} {'mutants':>7} {'loader':>7} {'api-chk':>7} {'tests':>7} "
          f"{'survived':>8} {'not run':>7} {'score':>6}")
    figures = {}
    for (component, operator), counts in sorted(rows.items(), key=lambda r: (r[0][0] == "all", r[0])):
        run = sum(counts.values()) - counts["not run"]
        killed = run - counts["survived"]
        score = 100.0 * killed / run if run else None
        print(f"{component:22} {operator:15} {sum(counts.values()):7} "
              + " ".join(f"{counts[c]:{w}}" for c, w in zip(columns, (7, 7, 7, 8, 7)))
              + (f" {score:5.1f}%" if score is not None else "      -"))
        if operator == "all":
            figures[component] = {**counts, "score": score and round(score, 1)}
    total = figures.get("all", {}).get("score")
    print(f"\nscore: killed (the generator's refusals included) / run; target {TARGET:.0f} %: "
          + ("not known" if total is None else "met" if total >= TARGET else "MISSED"))
    survivors = [m.name for m in chosen if verdicts.get(m.name) == "survived"]
    print(f"Surviving mutants ({len(survivors)}):")
    print("\n".join(f"  {name}" for name in survivors))
    print("FIGURES " + json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
