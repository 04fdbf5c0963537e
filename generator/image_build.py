"""Build (and push) the suite's image with the first image builder that works here.

One image holds every component: the Dockerfile builds the project's wheel and installs it, so the
image is tagged with the package's version, which it is also given as the build argument VERSION
(its label; the build stops if the wheel is another version). A builder counts only if it can
build: the docker client alone is not enough, it must reach a daemon. Where nothing can build, the
docker commands to run on a machine that can are the answer.
"""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

PROBE_TIMEOUT = 30  # seconds; a docker client pointed at an unreachable TCP host waits, it does not fail
Commands = Callable[[str, str, str, bool], list[list[str]]]  # (reference, version, build context, push) -> argvs


@dataclass(frozen=True)
class Probe:
    argv: tuple[str, ...]  # exits 0 where the builder can build
    failure: str  # what it means when it does not


@dataclass(frozen=True)
class Builder:
    name: str
    probes: tuple[Probe, ...]
    commands: Commands


def _build_then_push(reference: str, version: str, context: str, push: bool, *, tool: str) -> list[list[str]]:
    build = [tool, "build", "--build-arg", f"VERSION={version}", "--tag", reference, context]
    return [build, [tool, "push", reference]] if push else [build]


def _buildx(reference: str, version: str, context: str, push: bool) -> list[list[str]]:
    # buildx pushes while it builds; --load keeps the image in docker's store, where `docker build`
    # would put it (buildx drivers other than docker's own keep it in their cache otherwise).
    return [["docker", "buildx", "build", "--push" if push else "--load", "--build-arg", f"VERSION={version}",
             "--tag", reference, context]]


DOCKER_DAEMON = Probe(("docker", "info", "--format", "{{.ServerVersion}}"), "the docker client cannot reach a daemon")
BUILDERS = (
    Builder("docker buildx", (DOCKER_DAEMON, Probe(("docker", "buildx", "version"), "docker has no buildx plugin")), _buildx),
    Builder("docker", (DOCKER_DAEMON,), functools.partial(_build_then_push, tool="docker")),
    Builder("podman", (Probe(("podman", "info"), "podman cannot run here"),),
            functools.partial(_build_then_push, tool="podman")),
    Builder("buildah", (Probe(("buildah", "info"), "buildah cannot run here"),),
            functools.partial(_build_then_push, tool="buildah")),
)
DOCKER = BUILDERS[1]  # whose commands are printed where nothing here can build


def choose_builder() -> tuple[Builder | None, list[str]]:
    """The first builder whose probes pass, and why the ones before it cannot build here (builders
    that fail the same way share a line)."""
    answers: dict[Probe, str | None] = {}  # docker's daemon is asked once
    failed: dict[str, list[str]] = {}  # why -> builders
    for builder in BUILDERS:
        for probe in builder.probes:
            if probe not in answers:
                answers[probe] = _why_not(probe)
            why = answers[probe]
            if why is not None:
                failed.setdefault(why, []).append(builder.name)
                break
        else:
            return builder, [f"{', '.join(names)}: {why}" for why, names in failed.items()]
    return None, [f"{', '.join(names)}: {why}" for why, names in failed.items()]


def _why_not(probe: Probe) -> str | None:
    """None if the probe exits 0, else what that means, with the probe's last word on it."""
    if shutil.which(probe.argv[0]) is None:
        return f"{probe.argv[0]} is not installed"
    try:
        result = subprocess.run(probe.argv, capture_output=True, text=True, timeout=PROBE_TIMEOUT,
                                stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return f"{probe.failure} (`{shlex.join(probe.argv)}` gave no answer in {PROBE_TIMEOUT} s)"
    if result.returncode == 0:
        return None
    said = (result.stderr.strip() or result.stdout.strip()).splitlines()
    return f"{probe.failure} (`{shlex.join(probe.argv)}`: {said[-1] if said else f'exit code {result.returncode}'})"


def run_commands(commands: list[list[str]], say: Callable[[str], None]) -> int:
    """Run each command in turn, showing it first; the exit code of the first that fails, or 0."""
    for argv in commands:
        say(f"$ {shlex.join(argv)}")
        code = subprocess.call(argv, stdin=subprocess.DEVNULL)
        if code != 0:
            return code
    return 0
