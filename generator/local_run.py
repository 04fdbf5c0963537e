"""Run a component locally the way a KFP backend runs it: a one-task pipeline is compiled with the
kfp SDK, the chosen backend profile resolves the container's command line from it, and that argv
runs as a subprocess against the embedded AWS API emulator (or real AWS); the outputs are shown.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import PACKAGE
from .backends import BACKENDS, Run, TaskFailed, compile_call
from .project import Project

if TYPE_CHECKING:
    from .argument_file import Signature

DEFAULT_BACKEND = "2.5-2.16"


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
def aws_environment(aws: bool, say: Callable[[str], None]) -> Iterator[dict[str, str] | None]:
    """The environment steps run in: this process's for real AWS (None), else the embedded
    emulator's, which runs until the block ends."""
    if aws:
        yield None
        return
    from ..emulator import Emulator, Lifecycle

    with Emulator(lifecycle=Lifecycle.demo()) as emulator:
        say(f"(AWS API emulator at {emulator.url}; use --aws for real AWS)")
        yield emulator.env()


def local_argv(argv: list[str]) -> list[str]:
    """The image's `python3` is this interpreter here: the one with the project installed."""
    return [sys.executable if argv[0] == "python3" else argv[0], *argv[1:]]


def run_locally(component, arguments: dict, outputs_dir: Path, *, aws: bool, backend: str = DEFAULT_BACKEND,
                say: Callable[[str], None] = lambda text: print(text, flush=True)) -> int:
    """Run `component` (a kfp component) as `backend` would; returns the step's exit code."""
    ir, task = compile_call(component, arguments)
    say(f"(KFP backend profile {backend})")
    try:
        resolved = BACKENDS[backend].command_line(ir, task, Run(job_uuid=str(uuid.uuid4())), outputs_dir)
    except TaskFailed as failure:
        say(f"the backend fails the task before its container starts: {failure}")
        return 1
    say("$ " + " ".join(quoted(part) for part in resolved.argv))
    with aws_environment(aws, say) as env:
        code = subprocess.call(local_argv(resolved.argv), env=env)
    say(f"exit code {code}; outputs:")
    for name, path in sorted(resolved.output_files.items()):
        say(f"  {name} = {path.read_text() if path.exists() else '(not written)'}")
    return code


def quoted(part: str) -> str:
    return part if part and all(c.isalnum() or c in "-_./:=@" for c in part) else "'" + part.replace("'", "'\\''") + "'"
