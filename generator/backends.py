"""The command line each KFP backend line would give a task's container, from the compiled pipeline.

A cluster does not run the kfp SDK's Python code: its Go driver and launcher resolve the container's
command line, differently in each release line. Each profile here follows one line, read from
kubeflow/pipelines at the tags named in its docstring (L = backend/src/v2/component/launcher_v2.go,
D = backend/src/v2/driver/); kfp 1.8 on the v1 backend and kfp.local are two more. Tests and
`sagemaker-kfp run --backend NAME` use them to run the exact argv a cluster would run.

Where a line behaves by chance (Go's random map order in the launcher), the profile takes the
unlucky order: what it shows is what users can rely on.
"""

from __future__ import annotations

import decimal
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

#: The first release of a KFP line, (major, minor): the lines' Go code differs by release.
Release = tuple[int, int]

INPUT = re.compile(r"\{\{\$\.inputs\.parameters\['(.+?)'\]\}\}")
OUTPUT = re.compile(r"\{\{\$\.outputs\.parameters\['(.+?)'\]\.output_file\}\}")
CHANNEL = "pipelinechannel--"


class TaskFailed(Exception):
    """The backend fails the task before its container starts (the driver's error)."""


@dataclass(frozen=True)
class Run:
    """What a run gives a task: pipeline arguments, upstream outputs and KFP's identity of it."""

    pipeline_arguments: Mapping[str, object] = field(default_factory=dict)
    upstream: Mapping[tuple[str, str], object] = field(default_factory=dict)  # (task, output) -> value
    job_uuid: str = "0d6e1f3a-5b7c-4d2e-9f80-1a2b3c4d5e6f"
    job_name: str = "run"
    dag_execution_id: str = "41"  # {{$.pipeline_task_uuid}}: the parent DAG's execution (D resolve.go)


@dataclass(frozen=True)
class Resolved:
    argv: list[str]
    output_files: dict[str, Path]


@dataclass(frozen=True)
class Task:
    """One task of a compiled pipeline (the IR as a dict) and its component."""

    name: str
    inputs: dict  # the task's inputs.parameters
    definitions: dict  # the component's inputDefinitions.parameters
    outputs: dict[str, str]  # the component's output parameters and their types (STRING, STRUCT, ...)
    command: tuple[str, ...]  # command + args, placeholders unresolved
    command_length: int  # how many of `command` are the container's command; the rest are its args
    display_name: str  # taskInfo.name: the text of set_display_name, else the task's name
    pipeline_defaults: dict
    component: dict  # the component's spec and executor, for kfp.local
    executor: dict

    @classmethod
    def of(cls, ir: dict, name: str) -> Task:
        task = ir["root"]["dag"]["tasks"][name]
        component = ir["components"][task["componentRef"]["name"]]
        container = ir["deploymentSpec"]["executors"][component["executorLabel"]]["container"]
        pipeline_inputs = ir["root"].get("inputDefinitions", {}).get("parameters", {})
        return cls(
            name=name,
            inputs=task.get("inputs", {}).get("parameters", {}),
            definitions=component.get("inputDefinitions", {}).get("parameters", {}),
            outputs={name: spec["parameterType"]
                     for name, spec in component.get("outputDefinitions", {}).get("parameters", {}).items()},
            command=(*container.get("command", ()), *container.get("args", ())),
            command_length=len(container.get("command", ())),
            display_name=task.get("taskInfo", {}).get("name", name),
            pipeline_defaults={k: v["defaultValue"] for k, v in pipeline_inputs.items() if "defaultValue" in v},
            component=component,
            executor=ir["deploymentSpec"]["executors"][component["executorLabel"]],
        )

    def values(self, run: Run) -> dict[str, object]:
        """The task's input values as the run gives them, no defaults: a pipeline argument (else the
        pipeline's default; None when it has neither), an upstream output, a constant as compiled."""
        values = {}
        for name, spec in self.inputs.items():
            if "componentInputParameter" in spec:
                key = spec["componentInputParameter"]
                values[name] = run.pipeline_arguments.get(key, self.pipeline_defaults.get(key))
            elif "taskOutputParameter" in spec:
                source = spec["taskOutputParameter"]
                values[name] = run.upstream[(source["producerTask"], source["outputParameterKey"])]
            else:
                values[name] = spec["runtimeValue"]["constant"]
        return values

    def driver_values(self, run: Run, first: Release) -> dict[str, object]:
        """The task's input values as the driver of the line from release `first` resolves them
        (D `resolveInputs`: driver.go up to 2.5.0, resolve.go from 2.14.0), still without defaults.

        A pipeline input with no value: up to 2.4.1 the root DAG does not have it and the task fails;
        from 2.5.0 (#11788) its null is left out when the component's input is optional (the
        launcher fills that input's default, if any) and fails the task otherwise. From 2.5.0 a
        whole-constant pipeline placeholder is resolved (`resolveInputParameter`, #11599). A STRING
        input's value is made text, a null empty text; a null for any other type fails the task
        (`handleParamTypeValidationAndConversion`, `metadata.PbValueToText`)."""
        identity = self.identity(run, first) if first >= (2, 5) else {}
        values = {}
        for name, value in self.values(run).items():
            spec, definition = self.inputs[name], self.definitions.get(name)
            if value is None and "componentInputParameter" in spec:
                key = spec["componentInputParameter"]
                if first < (2, 5):
                    raise TaskFailed(f"failed to resolve inputs: resolving input parameter {name}: "
                                     f"parent DAG does not have input parameter {key}")
                if definition is not None and definition.get("isOptional"):
                    continue
                raise TaskFailed(f"failed to resolve inputs: the resolved input parameter is null: {key}")
            if "runtimeValue" in spec and isinstance(value, str):
                value = identity.get(value, value)
            if definition is not None and definition["parameterType"] == "STRING" and not isinstance(value, str):
                value = "" if value is None else launcher_text(value)
            elif value is None and definition is not None:
                raise TaskFailed(f'failed to resolve inputs: got null for input parameter "{name}"')
            values[name] = value
        return values

    def identity(self, run: Run, first: Release) -> dict[str, str]:
        """The pipeline placeholders the driver resolves as a task input's whole constant (#11599)."""
        return {
            "{{$.pipeline_job_uuid}}": run.job_uuid,
            "{{$.pipeline_job_name}}": run.job_name,
            # 2.5.0 gives taskInfo.name, the display name; 2.14.0 the task's own name (#12061, `opts.TaskName`).
            "{{$.pipeline_task_name}}": self.display_name if first < (2, 14) else self.name,
            "{{$.pipeline_task_uuid}}": run.dag_execution_id,
        }

    def with_defaults(self, values: dict) -> dict:
        """Defaults of inputs the task did not pass, added (L `addDefaultParams`)."""
        defaults = {k: d["defaultValue"] for k, d in self.definitions.items() if "defaultValue" in d}
        return {**defaults, **values}

    def output_files(self, outputs_dir: Path) -> dict[str, Path]:
        return {name: outputs_dir / name for name in self.outputs}


# -- how values become text ----------------------------------------------------------------------


def go_format_f(number: float) -> str:
    """Go's strconv.FormatFloat(n, 'f', -1, 64): shortest digits, never an exponent."""
    return format(decimal.Decimal(repr(float(number))).normalize(), "f")


def go_format_g(number: float) -> str:
    """Go's fmt.Sprintf("%g", n) for a finite float: shortest digits, an exponent outside 1e-4..1e6."""
    sign, digits, exponent = decimal.Decimal(repr(float(number))).normalize().as_tuple()
    lead = len(digits) + int(exponent) - 1  # decimal exponent of the first digit
    if -4 <= lead < 6:
        return go_format_f(number)
    mantissa = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
    return f'{"-" if sign else ""}{mantissa}e{lead:+03d}'  # Go: a sign and at least two digits


def go_json(value: object) -> str:
    """Go's json.Marshal of a structpb value: compact, keys sorted, `<>&` escaped, ES6 numbers."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e21:
            return str(int(number))
        if 1e-6 <= abs(number) < 1e21:
            return go_format_f(number)
        return repr(number).replace("e-0", "e-")
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        for char in "<>&\u2028\u2029":
            text = text.replace(char, f"\\u{ord(char):04x}")
        return text
    if isinstance(value, list):
        return "[" + ",".join(go_json(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json(str(k))}:{go_json(value[k])}" for k in sorted(value)) + "}"
    raise TypeError(f"cannot render {type(value).__name__} as a parameter value")


def launcher_text(value: object) -> str:
    """L `getPlaceholders` (2.0.0 to master): FormatFloat 'f', FormatBool, json.Marshal."""
    if value is None:
        raise TaskFailed("failed to get placeholders: unknown PipelineSpec Value type *structpb.Value_NullValue")
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_format_f(value)
    return go_json(value)


def driver_text(value: object) -> str:
    """D util.go `pbValueToString` (2.17.0): whole numbers %d, others %g, null as empty text."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and -(2**63) <= number < 2**63:
            return str(int(number))
        return go_format_g(number)
    return launcher_text(value)


def kfp_v1_text(value: object, parameter_type: str) -> str:
    """kfp 1.8 `_data_passing.serialize_value`: str() for scalars, json.dumps(sort_keys=True)."""
    if isinstance(value, str):
        return value
    if parameter_type == "NUMBER_INTEGER":
        return str(int(value))
    if parameter_type in ("STRUCT", "LIST"):
        return json.dumps(value, sort_keys=True)
    return str(value)


# -- the lines -------------------------------------------------------------------------------------


def _replace_all(text: str, placeholders: dict[str, str]) -> str:
    """The launcher's loop of strings.ReplaceAll over a Go map. Keys of `pipelinechannel--` inputs
    go first (the unlucky order): a channel placeholder inside another input's value stays as is."""
    for key in sorted(placeholders, key=lambda k: CHANNEL not in k):
        text = text.replace(key, placeholders[key])
    return text


def _launcher_pass(task: Task, values: dict, outputs_dir: Path, args: list[str], first: Release) -> list[str]:
    """L `executeV2`: the component's defaults added (`addDefaultParams`), the placeholders' values
    rendered (`getPlaceholders`) and strings.ReplaceAll run over the first element and each arg.
    From 2.14.0 `compileCmdAndArgs` (#11925) does the replacing, with two differences: it replaces
    into a copy of the first element that it then drops (only `{{$}}` is filled there), and it loses
    getPlaceholders' error, so a value it cannot render (a null) leaves every placeholder as it is
    instead of failing the task."""
    compiled = first >= (2, 14)
    try:
        placeholders = {f"{{{{$.inputs.parameters['{k}']}}}}": launcher_text(v) for k, v in task.with_defaults(values).items()}
    except TaskFailed:
        if not compiled:
            raise
        placeholders = {}
    else:
        placeholders |= {f"{{{{$.outputs.parameters['{k}'].output_file}}}}": str(p) for k, p in task.output_files(outputs_dir).items()}
    resolved = [_replace_all(arg, placeholders) for arg in args]
    if compiled and args:
        resolved[0] = args[0]
    return resolved


def _driver_args(task: Task, values: dict) -> list[str]:
    """D driver.go `initPodSpecPatch`, which calls util.go `resolveContainerArgs` (#12598, 2.17.0)
    on the container's command, then on its args: IfPresent expanded, input placeholders replaced
    in one pass; an arg holding `$.outputs` is left to the launcher."""
    resolved: list[str] = []
    for part, args in (("command", task.command[:task.command_length]), ("args", task.command[task.command_length:])):
        try:
            for arg in args:
                resolved += _driver_arg(values, arg)
        except TaskFailed as failure:
            raise TaskFailed(f"failed to resolve container {part}: {failure}") from None
    return resolved


def _driver_arg(values: dict, arg: str) -> list[str]:
    if "$.outputs" in arg:
        return [arg]
    if not arg.lstrip().startswith('{"IfPresent":'):
        return [_driver_substitute(values, arg, "failed to resolve input parameters")]
    clause = json.loads(arg)["IfPresent"]
    branch = clause.get("Then" if values.get(clause["InputName"]) is not None else "Else")
    items = [] if branch is None else [branch] if isinstance(branch, str) else branch
    return [_driver_substitute(values, item, "failed to resolve condition") for item in items]


def _driver_substitute(values: dict, text: str, context: str) -> str:
    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise TaskFailed(f'{context}: parameter "{match.group(1)}" not found in executor input')
        return driver_text(values[match.group(1)])

    return INPUT.sub(value, text)


@dataclass(frozen=True)
class Backend:
    name: str
    doc: str
    resolve: Callable[[Task, Run, Path], Resolved]

    def command_line(self, ir: dict, task: str, run: Run, outputs_dir: Path) -> Resolved:
        return self.resolve(Task.of(ir, task), run, outputs_dir)


def _kfp_v2(task: Task, run: Run, outputs_dir: Path, *, first: Release) -> Resolved:
    """The v2 line from release `first`: the driver resolves the inputs, from 2.17.0 the command and
    args too, and the launcher substitutes what is left."""
    values = task.driver_values(run, first)
    args = _driver_args(task, values) if first >= (2, 17) else list(task.command)
    return Resolved(_launcher_pass(task, values, outputs_dir, args, first), task.output_files(outputs_dir))


def _kfp_v1(task: Task, run: Run, outputs_dir: Path) -> Resolved:
    """kfp 1.8.22 `_components._resolve_command_line_and_paths` at compile time, then Argo."""
    values = task.with_defaults(task.values(run))
    types = {name: d["parameterType"] for name, d in task.definitions.items()}
    # A channel inside a longer value is no input of the component's own: its text is substituted.
    channels = {f"{{{{$.inputs.parameters['{k}']}}}}": kfp_v1_text(v, types.get(k, "STRING"))
                for k, v in values.items() if k.startswith(CHANNEL)}

    def text(name: str) -> str:  # Argo substitutes a pipeline parameter anywhere in the text
        return _replace_all(kfp_v1_text(values[name], types[name]), channels)

    outputs = task.output_files(outputs_dir)
    argv = [OUTPUT.sub(lambda m: str(outputs[m.group(1)]), INPUT.sub(lambda m: text(m.group(1)), arg))
            for arg in task.command]
    return Resolved(argv, outputs)


def _kfp_local(task: Task, run: Run, outputs_dir: Path) -> Resolved:
    """kfp.local's own resolution on its DockerRunner path (kfp 2.17.3 `task_dispatcher.
    run_single_task_implementation`), with the docker call replaced by one that records the argv."""
    import contextlib
    import io
    from unittest import mock

    from google.protobuf import json_format
    from kfp import local
    from kfp.local import docker_task_handler, executor_input_utils, status, task_dispatcher
    from kfp.pipeline_spec import pipeline_spec_pb2

    recorded: list[list[str]] = []

    def record(handler) -> status.Status:
        recorded.append(list(handler.full_command))
        return status.Status.FAILURE  # nothing ran: kfp.local reads no outputs

    component = json_format.ParseDict(task.component, pipeline_spec_pb2.ComponentSpec())
    executor = json_format.ParseDict(task.executor, pipeline_spec_pb2.PipelineDeploymentConfig.ExecutorSpec())
    component_name = f"comp-{task.name}"
    root = outputs_dir.resolve()
    # kfp.local logs to sys.stdout through a root handler of its own (logging_utils.local_logger_context).
    with mock.patch.object(docker_task_handler.DockerTaskHandler, "run", record), contextlib.redirect_stdout(io.StringIO()):
        task_dispatcher.run_single_task_implementation(
            pipeline_resource_name=run.job_name, component_name=component_name,
            component_spec=component, executor_spec=executor, arguments=task.values(run),
            pipeline_root=str(root), runner=local.DockerRunner(), raise_on_error=False,
            block_input_artifact=True, unique_pipeline_id=run.job_uuid)
    task_root = Path(executor_input_utils.construct_local_task_root(
        str(root), run.job_name, executor_input_utils.get_local_task_resource_name(component_name)))
    return Resolved(recorded[0], {name: task_root / name for name in task.outputs})


BACKENDS = {
    backend.name: backend for backend in (
        Backend("2.0-2.4", """KFP 2.0.0 to 2.4.1. The driver resolves the task's inputs (D driver.go
        `resolveInputs`): pipeline placeholders in task inputs stay literal text (#11599 came in
        2.5.0), and a pipeline input given no value fails the task (`parent DAG does not have input
        parameter`). The launcher resolves the command line (L `executeV2`: `addDefaultParams`, then
        `getPlaceholders` and strings.ReplaceAll in Go's map order, first element included), so
        defaults are filled; IfPresent and Concat reach the container as literal JSON; numbers as
        FormatFloat 'f', JSON compact with keys sorted; a null value fails the task.""",
                functools.partial(_kfp_v2, first=(2, 0))),
        Backend("2.5.0", """KFP 2.5.0 (the backend release after 2.4.1; the next is 2.14.0): as
        2.0-2.4, and the driver resolves a task input whose whole constant is `{{$.pipeline_job_uuid}}`,
        `{{$.pipeline_task_uuid}}` (the parent DAG's execution), `{{$.pipeline_task_name}}` (here the
        task's display name, taskInfo.name) ... (D driver.go `resolveInputParameter`, #11599), and
        leaves out a pipeline input given no value when the component's input is optional (#11788).
        A pipeline channel inside a constant is substituted only when Go's map order is lucky.""",
                functools.partial(_kfp_v2, first=(2, 5))),
        Backend("2.14-2.16", """KFP 2.14.0 to 2.16.1: as 2.5.0, except that `{{$.pipeline_task_name}}`
        is the task's own name (D resolve.go, #12061) and the launcher's `compileCmdAndArgs` (#11925)
        substitutes nothing in the command line's first element (but `{{$}}`), and nothing at all,
        instead of failing the task, when a value is null.""",
                functools.partial(_kfp_v2, first=(2, 14))),
        Backend("2.17.0", """KFP 2.17.0, and master as fetched (7b70c7b95f, 2026-08-21, before #14175:
        the same driver util.go, resolve.go and container.go). The driver resolves the command and
        the args (D driver.go `initPodSpecPatch`, util.go `resolveContainerArgs`, #12598):
        IfPresent expanded; numbers %d / %g; no defaults for inputs the task left out, so such an
        input fails the task: `parameter "x" not found in executor input`. The launcher's textual
        pass follows (as 2.14-2.16), which substitutes channels inside constants. No tag 2.17.1 or
        later was in kubeflow/pipelines as fetched, so no profile follows #14175.""",
                functools.partial(_kfp_v2, first=(2, 17))),
        Backend("kfp-v1", """kfp 1.8 on the v1 backend: the SDK resolves the args when it compiles
        (1.8.22 `_components._resolve_command_line_and_paths`, `_data_passing.serialize_value`):
        defaults filled, `True`/`False`, JSON by json.dumps with spaces and keys sorted, numbers by
        str(); Argo substitutes pipeline parameters anywhere in the text. No `{{$...}}`
        placeholder is resolved: KFP's task identity never arrives.""", _kfp_v1),
        Backend("kfp-local", """kfp.local (kfp 2.17.3, DockerRunner path): kfp's own Python resolution
        (`task_dispatcher.run_single_task_implementation`, `placeholder_utils.replace_placeholders`),
        which casts Integer inputs with int() (an unset one crashes it), renders numbers inside JSON
        as floats (`10.0`), resolves pipeline placeholders itself, and substitutes a channel inside
        a string constant but not inside JSON.""",
                _kfp_local),
    )
}


def compile_call(component, arguments: Mapping[str, object]) -> tuple[dict, str]:
    """(pipeline IR, task name) of a one-task pipeline calling `component` with `arguments`."""
    from google.protobuf import json_format
    from kfp import dsl

    @dsl.pipeline(name="run")
    def pipeline():
        component(**arguments)

    ir = json_format.MessageToDict(pipeline.pipeline_spec)
    (task,) = ir["root"]["dag"]["tasks"]
    return ir, task
