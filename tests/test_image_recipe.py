"""The image's recipe, followed without Docker: what the Dockerfile installs is the wheel, with boto3
and nothing else, and every component runs from it.

There is no Docker daemon here, so the Dockerfile is read and its stages are performed the way a
builder would, each in a folder of its own that stands for the stage's file system: COPY copies
(from the build context as .dockerignore filters it, or from the stage named), RUN runs each
command with `sh -c` with the stage's ENV and ARGs, the absolute paths in it moved under that
folder. Two commands are not run literally: stage 1's `pip wheel` is tests/wheel_build.py's build
(the same wheel from the same sources, without the isolated build environment pip would download),
and `useradd` (it would add a user to this machine; its uid is checked against USER instead). Any
other command is run, so a step added to the Dockerfile is a step performed here. The image's
Python is a fresh venv of this one; pip takes boto3 from the package index (or its cache).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sagemaker_kfp_components.generator.project import Project
from wheel_build import ROOT, SOURCES, build_wheel

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

SUITE = Project(ROOT).suite
COMPONENTS = sorted(component.name for component in Project(ROOT).components())
# What the container must not hold: the maintainers' and the authors' libraries, and the source
# tree's folder names at top level (a checkout on sys.path would make them importable).
NOT_INSTALLED = ("kfp", "jinja2", "click", "yaml", "moto", "jsonschema")
NOT_TOP_LEVEL = ("runtime", "generator", "generated", "emulator")


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (KEYWORD, rest of the line)


def read_dockerfile(path: Path) -> list[Stage]:
    """The Dockerfile's stages and their instructions (continuation lines joined, comments dropped)."""
    stages: list[Stage] = []
    text = re.sub(r"\\\n(\s*#.*\n)*", " ", path.read_text(encoding="utf-8"))
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, rest = line.strip().partition(" ")
        keyword, rest = keyword.upper(), " ".join(rest.split())
        if keyword == "FROM":
            base, _, name = rest.partition(" AS ")
            stages.append(Stage(base, name or str(len(stages))))
        else:
            stages[-1].instructions.append((keyword, rest))
    return stages


def context_allowlist(path: Path) -> list[str]:
    """What a .dockerignore of the form `*` then `!name` lines lets into the build context."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    patterns = [line for line in lines if line and not line.startswith("#")]
    assert patterns[0] == "*", "the context is an allowlist: everything is left out first"
    return [p[1:].rstrip("/") for p in patterns[1:] if p.startswith("!")]


class Builder:
    """Performs a Dockerfile's stages without Docker (see the module's docstring)."""

    def __init__(self, folder: Path, build_args: dict[str, str], python_bin: Path):
        self.folder, self.build_args, self.python_bin = folder, build_args, python_bin

    def root(self, stage: str) -> Path:
        """The folder standing for the stage's file system."""
        return self.folder / f"stage-{stage}"

    def perform(self, stage: Stage) -> dict[str, str]:
        """Perform the stage; its ENV (what the container gets: ARGs are for the build only)."""
        root = self.root(stage.name)
        root.mkdir()
        env: dict[str, str] = {}
        args: dict[str, str] = {}
        for keyword, rest in stage.instructions:
            if keyword == "ARG":
                args[rest] = self.build_args[rest]
            elif keyword == "ENV":
                env.update(word.split("=", 1) for word in shlex.split(rest))
            elif keyword == "COPY":
                self.copy(root, shlex.split(rest))
            elif keyword == "RUN":
                for command in rest.split(" && "):
                    self.run(root, {**args, **env}, command)
        return env

    def copy(self, root: Path, words: list[str]) -> None:
        flags = dict(word[2:].split("=", 1) for word in words if word.startswith("--"))
        *sources, dest = [word for word in words if not word.startswith("--")]
        origin = self.root(flags["from"]) if "from" in flags else ROOT
        for source in sources:
            if "from" not in flags:  # the build context: what .dockerignore lets in, and nothing else
                assert source == ".", "the stages copy the whole (filtered) context"
                for name in context_allowlist(ROOT / ".dockerignore"):
                    self.copy_path(ROOT / name, self.inside(root, dest) / name)
            else:
                self.copy_path(origin / source.lstrip("/"), self.inside(root, dest))

    @staticmethod
    def copy_path(source: Path, dest: Path) -> None:
        if source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)

    @staticmethod
    def inside(root: Path, path: str) -> Path:
        return root / path.lstrip("/")

    def run(self, root: Path, env: dict[str, str], command: str) -> None:
        words = shlex.split(command)
        if words[:2] == ["pip", "wheel"]:
            assert "--no-deps" in words, "the wheel stage builds the project's wheel alone"
            wheel_dir, source = words[words.index("--wheel-dir") + 1], words[-1]
            assert self.inside(root, source).joinpath("pyproject.toml").is_file(), "it builds the context"
            build_wheel(self.inside(root, wheel_dir))
            return
        if words[0] == "useradd":
            return
        # Absolute paths (at the start of a word) are the stage's: they live under its folder here.
        local = re.sub(r"(?:^|(?<=[\s\"'=]))/", f"{root}/", command)
        # Not the image's PIP_NO_CACHE_DIR: here pip may take boto3 from its cache.
        run_env = {key: value for key, value in env.items() if key != "PIP_NO_CACHE_DIR"}
        done = subprocess.run(["/bin/sh", "-c", local], capture_output=True, text=True, timeout=600,
                              env={**run_env, "PATH": f"{self.python_bin}:/usr/bin:/bin", "HOME": os.environ["HOME"]})
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


@dataclass
class Image:
    python: Path  # the image's python3
    env: dict[str, str]  # the final stage's ENV
    stages: list[Stage]
    builder: Builder


@pytest.fixture(scope="session")
def image(tmp_path_factory) -> Image:
    """The Dockerfile performed once per test session: pytest-xdist's workers share one folder and
    take turns on a lock, the first one builds."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this session's folder, above each worker's own
    folder = shared / "image-recipe"
    folder.mkdir(exist_ok=True)
    with open(shared / "image-recipe.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_once(folder)


def _build_once(folder: Path) -> Image:
    # The image's own Python (python:3.12-slim's) is stood for by a fresh venv of this interpreter:
    # nothing but the standard library and pip in it until the Dockerfile installs.
    venv = folder / "python"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    stages = read_dockerfile(ROOT / "Dockerfile")
    builder = Builder(folder, {"VERSION": SUITE.version}, venv / "bin")
    env: dict[str, str] = {}
    if not (folder / "done").exists():
        for stage in stages:
            env = builder.perform(stage)
        (folder / "done").write_text(shlex.join(f"{k}={v}" for k, v in env.items()), encoding="utf-8")
    env = dict(word.split("=", 1) for word in shlex.split((folder / "done").read_text(encoding="utf-8")))
    return Image(venv / "bin" / "python3", env, stages, builder)


def in_image(image: Image, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the image's python3 as the container would: its ENV only, no PYTHONPATH, outside the checkout."""
    return subprocess.run([str(image.python), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**image.env, "PATH": f"{image.python.parent}:/usr/bin:/bin"})


@pytest.fixture(scope="session")
def wheel(image) -> Path:
    """The wheel the image's first stage built (tests/wheel_build.py's build_wheel)."""
    (found,) = image.builder.root(image.stages[0].name).rglob("sagemaker_kfp_components-*.whl")
    return found


# The recipe

def test_the_context_is_what_the_wheel_is_made_of():
    assert sorted(context_allowlist(ROOT / ".dockerignore")) == sorted(SOURCES)


def test_the_shipped_stage_copies_only_the_wheel_and_installs_only_it(image, wheel):
    *builds, shipped = image.stages
    copies = [shlex.split(rest) for keyword, rest in shipped.instructions if keyword in ("COPY", "ADD")]
    assert copies, "the wheel reaches the final stage by COPY --from"
    build_names = {stage.name for stage in builds}
    for words in copies:  # nothing from the source tree, only what a build stage made
        assert any(word.startswith("--from=") and word[7:] in build_names for word in words), words
    assert wheel.name == f"sagemaker_kfp_components-{SUITE.version}-py3-none-any.whl"
    pip = subprocess.run([str(image.python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True)
    installed = {line.split("==")[0].lower() for line in pip.stdout.split()}
    assert {"sagemaker-kfp-components", "boto3", "botocore"} <= installed
    assert not installed & {"kfp", "jinja2", "click", "pyyaml", "moto", "jsonschema", "sphinx"}


def test_the_wheel_stage_refuses_a_version_that_is_not_the_wheels(tmp_path):
    """The label says VERSION; the first stage stops unless the wheel it built is that version."""
    stage = read_dockerfile(ROOT / "Dockerfile")[0]
    # With the right version, the `image` fixture performed it.
    builder = Builder(tmp_path, {"VERSION": "9.9.9"}, Path(sys.executable).parent)
    with pytest.raises(AssertionError, match=r"test -f"):
        builder.perform(stage)


def test_the_step_runs_as_the_user_the_image_creates(image):
    shipped = image.stages[-1]
    (user,) = [rest for keyword, rest in shipped.instructions if keyword == "USER"]
    assert user not in ("0", "root")
    commands = [command for keyword, rest in shipped.instructions if keyword == "RUN" for command in rest.split(" && ")]
    (created,) = [command for command in commands if command.startswith("useradd ")]
    words = shlex.split(created)
    assert words[words.index("--uid") + 1] == user


# What runs in the image

@pytest.mark.parametrize("component", COMPONENTS)
def test_every_component_runs_from_the_installed_wheel(image, component, tmp_path):
    module = f"sagemaker_kfp_components.{component}.entrypoint"
    version = in_image(image, "-m", module, "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.split()[-1] == SUITE.version
    usage = in_image(image, "-m", module, "--help", cwd=tmp_path)
    assert usage.returncode == 0, usage.stderr
    assert usage.stdout.startswith(f"usage: python3 -m {module}")


def test_the_default_command_explains_the_training_component(image, tmp_path):
    (cmd,) = [rest for keyword, rest in image.stages[-1].instructions if keyword == "CMD"]
    argv = json.loads(cmd)  # the exec form
    assert argv[0] == "python3"
    shown = in_image(image, *argv[1:], cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "usage: python3 -m sagemaker_kfp_components.training.entrypoint" in shown.stdout


IMPORTS = """
import importlib, importlib.util, json, os, pkgutil, sys
import sagemaker_kfp_components.runtime as runtime
modules = [f"sagemaker_kfp_components.{name}.entrypoint" for name in sys.argv[1].split(",")]
modules += [f"{runtime.__name__}.{info.name}" for info in pkgutil.iter_modules(runtime.__path__)]
for module in modules:
    importlib.import_module(module)
print(json.dumps({
    "imported": len(modules),
    "loaded": sorted({name.split(".")[0] for name in sys.modules}),
    "installed": [name for name in sys.argv[2].split(",") if importlib.util.find_spec(name)],
    "top_level": [name for name in sys.argv[3].split(",") if importlib.util.find_spec(name)],
    "uncompiled": [m for m in modules if not os.path.exists(importlib.util.cache_from_source(sys.modules[m].__file__))],
}))
"""


def test_the_image_holds_boto3_and_the_package_and_nothing_else_of_the_projects(image, tmp_path):
    done = in_image(image, "-c", IMPORTS, ",".join(COMPONENTS), ",".join(NOT_INSTALLED), ",".join(NOT_TOP_LEVEL),
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["imported"] > len(COMPONENTS) + 5  # the entrypoints and every runtime module
    assert not set(found["loaded"]) & set(NOT_INSTALLED)
    assert found["installed"] == []
    assert found["top_level"] == []
    # Compiled when installed (the container's user cannot write site-packages, and runs with
    # PYTHONDONTWRITEBYTECODE): no module it starts with is compiled again at every start.
    assert found["uncompiled"] == []
