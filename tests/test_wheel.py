"""What a pipeline author gets from `pip install 'sagemaker-kfp-components[kfp]'`: the wheel built
from this checkout, installed (not editable) in a fresh venv with the authoring extra, used from a
folder outside the checkout with nothing of it on sys.path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from sagemaker_kfp_components.generator.project import Project
from wheel_build import ROOT, build_wheel

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

COMPONENTS = [c.name for c in Project(ROOT).components()]
#: The repository's folder names: none may be importable from the installed distribution.
REPOSITORY_FOLDERS = ("runtime", "generator", "generated", "emulator", "specs", "templates")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The python of a fresh venv holding the wheel and its `kfp` extra (from the package index,
    or pip's cache)."""
    folder = tmp_path_factory.mktemp("authoring")
    wheel = build_wheel(folder / "dist")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True, timeout=120)
    python = folder / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", f"{wheel}[kfp]"],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    return python


def run_outside(python: Path, code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `code` with the venv's python in an empty folder, with no PYTHONPATH."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(python), str(script), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_package_is_installed_from_the_wheel_and_the_repositorys_folders_are_not_importable(installed, tmp_path):
    result = run_outside(installed, f"""
        import importlib.util, json, sys
        import sagemaker_kfp_components
        print(json.dumps({{
            "file": sagemaker_kfp_components.__file__,
            "version": sagemaker_kfp_components.__version__,
            "components": sagemaker_kfp_components.COMPONENTS,
            "importable": [name for name in {REPOSITORY_FOLDERS!r} if importlib.util.find_spec(name)],
        }}))
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["file"]).is_relative_to(installed.parents[1])  # the venv's site-packages
    assert not Path(found["file"]).is_relative_to(ROOT)
    assert found["version"] == Project(ROOT).suite.version
    assert found["components"] == COMPONENTS
    assert found["importable"] == []


def test_every_component_yaml_loads_with_kfp_and_runs_the_suites_image(installed, tmp_path):
    result = run_outside(installed, """
        import json
        import sagemaker_kfp_components as suite
        loaded = {}
        for name in suite.COMPONENTS:
            component = suite.load_component(name)
            loaded[name] = {"name": component.name, "image": component.component_spec.implementation.container.image,
                            "inputs": sorted(component.component_spec.inputs)}
        print(json.dumps(loaded))
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    project = Project(ROOT)
    for name in COMPONENTS:
        spec = yaml.safe_load((ROOT / "generated" / name / "component.yaml").read_text(encoding="utf-8"))
        assert loaded[name]["image"] == project.component(name).image
        assert loaded[name]["inputs"] == sorted(i["name"] for i in spec["inputs"])


def test_the_classic_pipeline_compiles_with_the_installed_typed_functions(installed, tmp_path):
    sample = ROOT / "samples" / "classic_pipeline.py"
    compiled = tmp_path / "classic.yaml"
    result = subprocess.run([str(installed), str(sample), str(compiled)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert result.returncode == 0, result.stderr
    pipeline = yaml.safe_load(compiled.read_text(encoding="utf-8"))
    executors = pipeline["deploymentSpec"]["executors"]
    commands = sorted(" ".join(e["container"]["command"]) for e in executors.values())
    assert commands == sorted(f"python3 -m sagemaker_kfp_components.{name}.entrypoint"
                              for name in ("hyperparameter_tuning", "training", "model", "batch_transform", "deploy"))


def test_a_constant_typo_fails_when_the_pipeline_is_defined_with_the_components_message(installed, tmp_path):
    result = run_outside(installed, """
        from kfp import dsl
        from sagemaker_kfp_components import InvalidArguments
        from sagemaker_kfp_components.training import sagemaker_training

        try:
            @dsl.pipeline(name="typo")
            def pipeline():
                sagemaker_training(region="us-east-1", role="arn:aws:iam::123456789012:role/R",
                                   image="example.org/algo:1", instance_type="ml.m5.xlarg", instance_count=0,
                                   channels=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
                                       "S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}],
                                   model_artifact_path="s3://bucket/models")
        except InvalidArguments as error:
            print(error)
        else:
            raise SystemExit("no error")
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 invalid argument(s) for the training component:"
    assert lines[1].startswith("  instance_type: 'ml.m5.xlarg' is not accepted; did you mean ml.m5.xlarge")
    assert lines[2] == "  instance_count: is 0, below the minimum 1; give at least 1"
