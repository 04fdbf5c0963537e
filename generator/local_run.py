"""Run a component locally the way a KFP backend runs it: a one-task pipeline is compiled with the
kfp SDK, the chosen backend profile resolves the container's command line from it, and that argv
runs as a subprocess against the embedded AWS API emulator (or real AWS); the outputs are shown.

A step runs in a process group of its own, and the SIGINT or SIGTERM this process gets goes to that
group, once: the step stops its job and exits 128 + N, and this process waits for it (the
emulator the step talks to runs here). Left in this process's group, the step would get a
terminal's Ctrl-C beside this process, which would end first, its emulator with it. A Ctrl-C while
no step runs ends the command (see `interruption`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import PACKAGE
from .backends import BACKENDS, Run, TaskFailed, compile_call
from .project import Project

if TYPE_CHECKING:
    from .argument_file import Signature

DEFAULT_BACKEND = "2.14-2.16"

#: Set once this process starts a step (run_step): a later Ctrl-C can no longer say that nothing was sent.
_step_started = threading.Event()


def interruption() -> str:
    """What a Ctrl-C outside a step stopped, for `run` and `run-pipeline`."""
    if _step_started.is_set():
        return "interrupted after a step ended; no later step started"
    return "interrupted before the step started; nothing was sent"


def component_to_run(component: str, root: Path) -> tuple[object, Signature]:
    """(kfp component, what its argument file is checked against) for COMPONENT: a component file,
    or a spec's name, called through its typed Python function; ValueError says why there is none."""
    import importlib

    from .argument_file import Signature, did_you_mean

    if Path(component).is_file():
        import yaml
        from kfp.components import load_component_from_file

        try:
            loaded = load_component_from_file(component)
        except (ValueError, KeyError, TypeError, yaml.YAMLError) as error:
            raise ValueError(f"{component} is not a component kfp can load ({str(error).splitlines()[0]})") from None
        if loaded.component_spec.implementation.graph is not None:
            raise ValueError(f"{component} is a compiled pipeline, not a component; run it with: "
                             f"sagemaker-kfp run-pipeline {quoted(component)}")
        return loaded, Signature.of_kfp(loaded, component)
    names = [spec.name for spec in Project(root).components()]
    if component not in names:
        close = did_you_mean(component, names)
        raise ValueError(f"no component file or spec named {component!r}{f' ({close})' if close else ''}; "
                         f"the specs are: {', '.join(names)}")
    entrypoint = importlib.import_module(f"{PACKAGE}.{component}.entrypoint")
    function = getattr(importlib.import_module(f"{PACKAGE}.{component}.component"), f"sagemaker_{component}")
    return function, Signature.of_table(entrypoint.COMPONENT)


@contextlib.contextmanager
def aws_environment(lifecycle: str | None, say: Callable[[str], None], endpoint_url: str | None = None
                    ) -> Iterator[dict[str, str] | None]:
    """The environment steps run in: this process's with --aws (`lifecycle` None), else that of
    an embedded emulator whose jobs go through the named lifecycle, which runs until the block
    ends. `endpoint_url`: the one the step's arguments give, which its SageMaker calls go to instead."""
    if lifecycle is None:
        yield None
        return
    from ..emulator import Emulator, Lifecycle

    with Emulator(lifecycle=Lifecycle.named(lifecycle)) as emulator:
        if endpoint_url:
            say(f"(AWS API emulator at {emulator.url}, but the step calls SageMaker at the endpoint_url its "
                f"arguments give, {endpoint_url}; use --aws for the environment's AWS)")
        else:
            say(f"(AWS API emulator at {emulator.url}; use --aws for real AWS)")
        yield emulator.env()


def local_argv(argv: list[str]) -> list[str]:
    """The image's `python3` is this interpreter here: the one with the project installed."""
    return [sys.executable if argv[0] == "python3" else argv[0], *argv[1:]]


def show_command(argv: list[str], say: Callable[[str], None]) -> None:
    """Show a step's command line as the backend line resolved it, and what runs it here."""
    say("$ " + " ".join(quoted(part) for part in argv))
    if local_argv(argv)[0] != argv[0]:
        say(f"(python3 here is {sys.executable}, the Python this project is installed in)")


def run_step(argv: list[str], env: dict[str, str] | None) -> int:
    """Run a step's container command line here to its end, SIGINT and SIGTERM forwarded to it;
    its exit code, 128 + N when a signal ended it (as a shell reports it)."""
    step: subprocess.Popen | None = None
    early: list[int] = []  # signals that came before the step had a process group to go to

    def forward(signum, frame):
        if step is None:
            early.append(signum)
        elif step.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(step.pid, signum)

    # A signal this process ignores (a background job's SIGINT) stays ignored, and the step's with it.
    forwarded = [sig for sig in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(sig) is not signal.SIG_IGN]
    previous = {sig: signal.signal(sig, forward) for sig in forwarded}
    _step_started.set()
    try:
        step = subprocess.Popen(local_argv(argv), env=env, start_new_session=True)
        for signum in early:
            forward(signum, None)
        code = step.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def run_locally(component, arguments: dict, outputs_dir: Path, *, lifecycle: str | None,
                backend: str = DEFAULT_BACKEND, say: Callable[[str], None] = lambda text: print(text, flush=True)) -> int:
    """Run `component` (a kfp component) as `backend` would, on an emulator whose jobs go through
    `lifecycle` (None: on the environment's AWS); returns the step's exit code."""
    ir, task = compile_call(component, arguments)
    say(f"(KFP backend profile {backend})")
    try:
        resolved = BACKENDS[backend].command_line(ir, task, Run(job_uuid=str(uuid.uuid4())), outputs_dir)
    except TaskFailed as failure:
        say(f"the backend fails the task before its container starts: {failure}")
        return 1
    show_command(resolved.argv, say)
    with aws_environment(lifecycle, say, arguments.get("endpoint_url")) as env:
        code = run_step(resolved.argv, env)
    say(f"exit code {code}; outputs:")
    for name, path in sorted(resolved.output_files.items()):
        say(f"  {name} = {path.read_text() if path.exists() else '(not written)'}")
    return code


def quoted(part: str) -> str:
    return part if part and all(c.isalnum() or c in "-_./:=@" for c in part) else "'" + part.replace("'", "'\\''") + "'"
