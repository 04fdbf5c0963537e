"""The benchmark scripts (bench/) run and print their figures; no timed assertions.

Each script runs as a subprocess with --quick and must exit 0 with a last `FIGURES {json}` line
holding its figures. The one real assertion: the runtime imports no dev-time tool.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from sagemaker_kfp_components.generator.project import Project

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

EXPECTED = {
    "startup.py": ("median_ms", "ratio", "entrypoint_only_modules"),
    "waiting_cost.py": ("jobs", "describes_by_length", "cpu"),
    "log_throughput.py": ("cases", "total_lines"),
    "generator_cost.py": ("real_s", "synthetic_s", "ratio"),
    "image_weight.py": ("forbidden_imported", "import_check_met"),
    "termination_window.py": ("results", "worst_latency_ms", "smallest_reliable_delay_ms"),
}


def figures_of(stdout: str) -> dict:
    lines = [line for line in stdout.splitlines() if line.startswith("FIGURES ")]
    assert lines, f"no FIGURES line in:\n{stdout[-3000:]}"
    return json.loads(lines[-1][len("FIGURES "):])


@pytest.mark.parametrize("script, extra", [(script, []) for script in sorted(EXPECTED)]
                         + [("startup.py", ["--component", c.name]) for c in Project().components() if c.name != "training"])
def test_bench_script_runs_quick_and_prints_its_figures(script, extra):
    result = subprocess.run([sys.executable, str(BENCH / script), "--quick", *extra], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "machine: nproc=" in result.stdout
    figures = figures_of(result.stdout)
    for key in EXPECTED[script]:
        assert key in figures, f"{script} printed no {key!r}: {sorted(figures)}"
    if script == "waiting_cost.py":  # the structure of the figures, not their values
        jobs = figures["jobs"]
        assert {(job["duration_s"], job["instances"]) for job in jobs} == {(60.0, 1), (60.0, 8), (600.0, 1), (600.0, 8)}
        for job in jobs:
            assert set(job["calls"]) == {"DescribeTrainingJob", "DescribeLogStreams", "GetLogEvents"}
            assert job["calls"]["DescribeTrainingJob"] > 0 and job["sdk_total"] > 0


def test_importing_the_runtime_pulls_in_no_kfp_jinja2_click_or_yaml():
    """runtime/ and the generated entrypoint run in the container with boto3 only (DESIGN.md)."""
    import sagemaker_kfp_components.runtime as runtime

    modules = [f"sagemaker_kfp_components.{c.name}.entrypoint" for c in Project().components()] + ["sagemaker_kfp_components.runtime.step"]
    modules += [f"sagemaker_kfp_components.runtime.{m.name}" for m in pkgutil.iter_modules(runtime.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'kfp', 'jinja2', 'click', 'yaml'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_mutation_report_gives_no_score_for_a_package_where_no_mutant_ran():
    import collections
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutation_report", BENCH / "mutation.py")
    mutation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutation)
    assert mutation._score(collections.Counter({"not run": 12})) is None
    assert mutation._row(collections.Counter({"not run": 12})).split()[-1] == "-"
    assert mutation._score(collections.Counter({"killed": 3, "survived": 1, "not run": 5})) == 75.0
