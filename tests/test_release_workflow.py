"""The release workflow (.github/workflows/release.yml): the steps a release needs are there, and its
two shell steps, run here with bash as GitHub's runner runs them, name the image and write the
release's component.yaml files. The image build itself needs GitHub's runner."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sagemaker_kfp_components.generator.project import Project

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
DIGEST = "sha256:" + "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return workflow["jobs"]["release"]["steps"]


def step(workflow: dict, *, uses: str = "", name: str = "") -> dict:
    (found,) = [s for s in steps(workflow) if (uses and s.get("uses", "").startswith(uses + "@")) or s.get("name") == name]
    return found


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it (bash --noprofile --norc -eo pipefail), with this venv's python."""
    path = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env={"PATH": path, **env}, capture_output=True, text=True, timeout=120)


def test_a_version_tag_builds_both_platforms_and_releases_the_files(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "write", "packages": "write"}
    step(workflow, uses="docker/setup-buildx-action")
    build = step(workflow, uses="docker/build-push-action")["with"]
    assert set(build["platforms"].split(",")) == {"linux/amd64", "linux/arm64"}
    assert build["push"] is True
    assert build["tags"] == "${{ steps.names.outputs.image }}:${{ steps.names.outputs.version }}"
    pinned = step(workflow, name="component.yaml files pinned to the image's digest")
    assert pinned["env"]["IMAGE"] == "${{ steps.names.outputs.image }}@${{ steps.build.outputs.digest }}"
    assert "sagemaker-kfp generate --image \"$IMAGE\"" in pinned["run"]
    assert step(workflow, uses="softprops/action-gh-release")["with"]["files"] == "dist/*-component.yaml"
    assert steps(workflow).index(step(workflow, name="Check generated/ is up to date")) < steps(workflow).index(
        step(workflow, uses="docker/build-push-action"))


def test_the_image_is_named_after_the_owner_in_lowercase_and_the_tag_must_be_the_version(workflow, tmp_path):
    from sagemaker_kfp_components.generator.project import Project

    version = Project(ROOT).component("training").version
    script = step(workflow, name="Name the image")["run"]
    outputs = tmp_path / "outputs"
    named = bash(script, ROOT, {"OWNER": "Some-Owner", "GITHUB_REF_NAME": f"v{version}", "GITHUB_OUTPUT": str(outputs)})
    assert named.returncode == 0, named.stderr
    assert outputs.read_text().splitlines() == [f"version={version}", "image=ghcr.io/some-owner/sagemaker-training"]
    wrong = bash(script, ROOT, {"OWNER": "o", "GITHUB_REF_NAME": "v99.0.0", "GITHUB_OUTPUT": str(outputs)})
    assert wrong.returncode == 1
    assert f"::error::tag v99.0.0 does not match the specs' version {version}" in wrong.stdout


def test_the_release_files_run_the_image_by_digest(workflow, tmp_path):
    image = f"ghcr.io/some-owner/sagemaker-training@{DIGEST}"
    script = step(workflow, name="component.yaml files pinned to the image's digest")["run"]
    result = bash(script, tmp_path, {"IMAGE": image})
    assert result.returncode == 0, result.stderr
    released = sorted(p.name for p in (tmp_path / "dist").glob("*-component.yaml"))
    assert released == [f"{name}-component.yaml" for name in sorted(c.name for c in Project(ROOT).components())]
    for name in released:
        document = yaml.safe_load((tmp_path / "dist" / name).read_text(encoding="utf-8"))
        assert document["implementation"]["container"]["image"] == image
