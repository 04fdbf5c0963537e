"""The release and CI workflows (.github/workflows/): the jobs a release needs are there, in an order
that publishes nothing before the image exists, and their shell steps, run here with bash as
GitHub's runner runs them, check the tag, build and check the distributions, smoke-test the wheel
and write the release's pinned component.yaml files. Pushing the image and publishing need GitHub."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sagemaker_kfp_components.generator.project import Project
from wheel_build import SOURCES

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
DIGEST = "sha256:" + "0123456789abcdef" * 4
SUITE = Project(ROOT).suite
COMPONENTS = sorted(c.name for c in Project(ROOT).components())


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load("release.yml")


def step(job: dict, *, uses: str = "", name: str = "") -> dict:
    (found,) = [s for s in job["steps"]
                if (uses and s.get("uses", "").split("@")[0] == uses) or (name and s.get("name") == name)]
    return found


def needs(job: dict) -> set[str]:
    return {job["needs"]} if isinstance(job["needs"], str) else set(job["needs"])


def bash(script: str, cwd: Path, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it (bash --noprofile --norc -eo pipefail), with this venv's tools."""
    path = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env={"PATH": path, "HOME": os.environ["HOME"], **env}, capture_output=True, text=True,
                          timeout=timeout)


def test_nothing_is_published_before_the_image_is_pushed(workflow):
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key `on` as true
    jobs = workflow["jobs"]
    assert needs(jobs["image"]) == {"build"}
    assert {"build", "image"} <= needs(jobs["pypi"])
    assert {"image", "pypi"} <= needs(jobs["release"])
    build = jobs["build"]
    order = [s.get("name") for s in build["steps"]]
    assert order.index("Check generated/ is up to date") < order.index("Build the wheel and the sdist") < order.index(
        "Check the distributions") < order.index("Smoke-test the wheel in a fresh venv")


def test_pypi_is_published_by_trusted_publishing_alone(workflow):
    pypi = workflow["jobs"]["pypi"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    publish = step(pypi, uses="pypa/gh-action-pypi-publish")
    assert publish["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "password" not in publish.get("with", {})  # no token: PyPI trusts the workflow
    # It uploads what the build job built and checked, and nothing else.
    assert step(pypi, uses="actions/download-artifact")["with"]["name"] == step(
        workflow["jobs"]["build"], uses="actions/upload-artifact")["with"]["name"]


def test_the_image_is_built_for_both_platforms_with_the_version(workflow):
    image = workflow["jobs"]["image"]
    assert image["permissions"]["packages"] == "write"
    step(image, uses="docker/setup-qemu-action")
    step(image, uses="docker/setup-buildx-action")
    pushed = step(image, uses="docker/build-push-action")
    assert set(pushed["with"]["platforms"].split(",")) == {"linux/amd64", "linux/arm64"}
    assert pushed["with"]["push"] is True
    assert pushed["with"]["build-args"] == "VERSION=${{ needs.build.outputs.version }}"  # the Dockerfile's ARG
    assert pushed["with"]["tags"] == "${{ needs.build.outputs.image }}:${{ needs.build.outputs.version }}"
    assert image["outputs"]["digest"] == f"${{{{ steps.{pushed['id']}.outputs.digest }}}}"


def test_the_docs_site_is_built_and_deployed_to_pages(workflow):
    docs = workflow["jobs"]["docs"]
    assert docs["permissions"] == {"pages": "write", "id-token": "write"}
    built = step(docs, name="Build the docs site")["run"].split()
    assert built[:2] == ["sagemaker-kfp", "docs"]
    out = built[built.index("--out") + 1]
    assert step(docs, uses="actions/upload-pages-artifact")["with"]["path"].rstrip("/") == out
    step(docs, uses="actions/deploy-pages")


def test_the_tag_must_be_the_version_and_the_image_is_named_for_the_owner(workflow, tmp_path):
    script = step(workflow["jobs"]["build"], name="Check the tag is the version and name the image")["run"]
    outputs = tmp_path / "outputs"
    named = bash(script, ROOT, {"OWNER": "Some-Owner", "GITHUB_REF_NAME": f"v{SUITE.version}", "GITHUB_OUTPUT": str(outputs)})
    assert named.returncode == 0, named.stderr
    name = SUITE.image.rsplit("/", 1)[1]  # pyproject.toml's image, under the owner's ghcr.io
    assert outputs.read_text().splitlines() == [f"version={SUITE.version}", f"image=ghcr.io/some-owner/{name}"]
    outputs.unlink()
    wrong = bash(script, ROOT, {"OWNER": "o", "GITHUB_REF_NAME": "v99.0.0", "GITHUB_OUTPUT": str(outputs)})
    assert wrong.returncode == 1
    assert f"::error::tag v99.0.0 does not match the package's version {SUITE.version}" in wrong.stdout
    assert not outputs.exists()


def test_the_distributions_build_pass_twine_and_install_alone(workflow, tmp_path):
    """The build job's three steps in a copy of the sources (setuptools writes into the tree)."""
    build = workflow["jobs"]["build"]
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, tmp_path / name)
    # Isolation would download setuptools into a new environment; the venv's serves here.
    script = step(build, name="Build the wheel and the sdist")["run"]
    assert script.count("python -m build ") == 1
    built = bash(script.replace("python -m build ", "python -m build --no-isolation "), tmp_path, {}, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    dist = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert dist == [f"sagemaker_kfp_components-{SUITE.version}-py3-none-any.whl",
                    f"sagemaker_kfp_components-{SUITE.version}.tar.gz"]

    checked = bash(step(build, name="Check the distributions")["run"], tmp_path, {})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2

    smoke = bash(step(build, name="Smoke-test the wheel in a fresh venv")["run"], tmp_path, {}, timeout=600)
    assert smoke.returncode == 0, smoke.stdout[-3000:] + smoke.stderr[-3000:]
    assert smoke.stdout.splitlines() == [f"python3 -m sagemaker_kfp_components.{c}.entrypoint {SUITE.version}"
                                         for c in COMPONENTS]


def test_the_release_files_run_the_image_by_digest(workflow, tmp_path):
    release = workflow["jobs"]["release"]
    pinned = step(release, name="component.yaml files pinned to the image's digest")
    assert pinned["env"]["IMAGE"] == "${{ needs.build.outputs.image }}@${{ needs.image.outputs.digest }}"
    image = f"ghcr.io/some-owner/{SUITE.image.rsplit('/', 1)[1]}@{DIGEST}"
    result = bash(pinned["run"], tmp_path, {"IMAGE": image})
    assert result.returncode == 0, result.stderr
    attached = step(release, uses="softprops/action-gh-release")["with"]["files"]
    released = sorted(p.name for p in tmp_path.glob(attached))
    assert released == [f"{name}-component.yaml" for name in COMPONENTS]
    for name in released:
        document = yaml.safe_load((tmp_path / "dist" / name).read_text(encoding="utf-8"))
        assert document["implementation"]["container"]["image"] == image


def test_ci_runs_the_projects_own_ci_script_on_every_push_and_pull_request():
    ci = load("ci.yml")
    assert set(ci[True]) == {"push", "pull_request"}
    (job,) = ci["jobs"].values()
    assert [s["run"] for s in job["steps"] if "run" in s] == [".ci/run"]
    assert step(job, uses="actions/checkout")
    # .ci/run installs chromium with apt-get: the job runs as root, in Debian with Python 3.11.
    assert job["container"].startswith("python:3.11-")
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
