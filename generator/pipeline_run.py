"""Run a compiled kfp 2.x pipeline locally, task by task, the way a KFP backend runs it: each task's
command line is resolved by a backend profile from the pipeline's IR, the pipeline's arguments and
the outputs of the tasks before it, and runs as a subprocess against the embedded AWS API emulator
(or real AWS). A task runs once every task it depends on has succeeded; the first failure ends the
run, as it does on a cluster.
"""

from __future__ import annotations

import graphlib
import json
import re
import uuid
from pathlib import Path
from typing import Callable, Mapping

from .backends import BACKENDS, Run, Task, TaskFailed
from .local_run import DEFAULT_BACKEND, run_step, show_command

_PIP_INSTALL = re.compile(r"\bpip[\d.]*\s+install\b")

#: How the launcher reads an output parameter's file back as the parameter's type.
_READ = {
    "STRING": str,
    "NUMBER_INTEGER": int,
    "NUMBER_DOUBLE": float,
    "BOOLEAN": lambda text: text.strip().lower() == "true",
    "STRUCT": json.loads,
    "LIST": json.loads,
}


def read_pipeline(path: Path) -> dict:
    """The IR of a pipeline file compiled by kfp 2.x; ValueError if it is none, or if it is one this
    runner cannot run (see task_order). The platform spec a kfp-kubernetes pipeline adds as a
    second document (secrets, volumes) has no meaning here and is not read."""
    import yaml

    try:
        ir = next(yaml.safe_load_all(path.read_text(encoding="utf-8")), None)
    except yaml.YAMLError:
        ir = None
    if not isinstance(ir, dict) or "root" not in ir or "deploymentSpec" not in ir:
        raise ValueError(f"{path} is not a pipeline compiled by kfp 2.x")
    task_order(ir)
    return ir


def task_order(ir: dict) -> list[str]:
    """The root DAG's tasks, each after the tasks it depends on (by `dependentTasks` and by the task
    outputs it reads). ValueError, before any task runs, for a task this runner does not run (see
    refusal)."""
    tasks = ir["root"]["dag"]["tasks"]
    graph = {}
    for name, task in tasks.items():
        if why := refusal(ir, task):
            raise ValueError(f"task {name!r} {why}")
        producers = {spec["taskOutputParameter"]["producerTask"]
                     for spec in task.get("inputs", {}).get("parameters", {}).values() if "taskOutputParameter" in spec}
        graph[name] = set(task.get("dependentTasks", ())) | producers
    return list(graphlib.TopologicalSorter(graph).static_order())


def refusal(ir: dict, task: dict) -> str | None:
    """Why this runner does not run `task`, or None. It runs a container's command line as the
    chosen backend line resolves it: a condition, a loop or a sub-pipeline is no such thing, and a
    lightweight Python component's is not either. That one installs kfp with pip before it runs,
    into whatever `python3` is here (never the runner's to change), and reads its inputs from
    KFP's executor input, `{{$}}`, which no backend profile builds."""
    component = ir["components"][task["componentRef"]["name"]]
    if "dag" in component or "triggerPolicy" in task or "iterator" in task:
        return "is a condition, a loop or a sub-pipeline; only a flat pipeline runs locally"
    container = ir["deploymentSpec"]["executors"][component["executorLabel"]].get("container")
    if container is None:
        return "runs no container (an importer, say); only container tasks run locally"
    command = [*container.get("command", ()), *container.get("args", ())]
    needs = []
    if _PIP_INSTALL.search(" ".join(command)):  # in a shell script, or as `python3 -m pip install`
        needs.append("installs Python packages with pip (here they would go into this machine's Python)")
    if any("{{$}}" in part for part in command):
        needs.append("reads KFP's executor input, {{$}}, which this runner does not build")
    if not needs:
        return None
    lightweight = any("kfp.dsl.executor_main" in part for part in command)
    return (f"{'is a lightweight Python component: its command' if lightweight else 'runs a command that'} "
            f"{' and '.join(needs)}; only container components that need neither run locally")


def parameters(ir: dict) -> dict[str, dict]:
    """The pipeline's parameters: name -> its definition (parameterType, defaultValue)."""
    return ir["root"].get("inputDefinitions", {}).get("parameters", {})


def missing_arguments(ir: dict, arguments: Mapping[str, object]) -> list[str]:
    """The pipeline's parameters that have no default and no value in `arguments`."""
    return [name for name, spec in parameters(ir).items() if "defaultValue" not in spec and name not in arguments]


def run_pipeline(ir: dict, arguments: Mapping[str, object], outputs_dir: Path, *, env: Mapping[str, str] | None,
                 backend: str = DEFAULT_BACKEND, say: Callable[[str], None] = lambda text: print(text, flush=True)
                 ) -> tuple[int, dict[tuple[str, str], object]]:
    """Run every task of `ir` in order; (exit code of the run, every output as (task, name) -> value).
    The exit code is the failed task's, or 0 when all succeeded."""
    outputs: dict[tuple[str, str], object] = {}
    run = Run(pipeline_arguments=arguments, upstream=outputs, job_uuid=str(uuid.uuid4()),
              job_name=ir["pipelineInfo"]["name"])
    for task in task_order(ir):
        say(f"== task {task} (KFP backend profile {backend})")
        try:
            resolved = BACKENDS[backend].command_line(ir, task, run, outputs_dir / task)
        except TaskFailed as failure:
            say(f"the backend fails task {task} before its container starts: {failure}; later tasks do not run")
            return 1, outputs
        show_command(resolved.argv, say)
        code = run_step(resolved.argv, None if env is None else dict(env))
        if code != 0:
            say(f"task {task} failed with exit code {code}; later tasks do not run")
            return code, outputs
        types = Task.of(ir, task).outputs
        for name, path in sorted(resolved.output_files.items()):
            text = path.read_text(encoding="utf-8")
            outputs[(task, name)] = _READ[types[name]](text)
            say(f"  {name} = {text}")
    return 0, outputs
