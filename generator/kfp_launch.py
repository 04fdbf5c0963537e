"""Resolve a component's container argv the way a KFP v2 task would run it.

``resolve_command`` loads a component file (a KFP v1 ComponentSpec YAML or the
v2 IR format) and returns the fully resolved ``command + args`` together with
the files the step must write for its output parameters. It exists so that
tests can check the exact argv of the generated component, rather than a
re-implementation of KFP's placeholder rules.

It relies on these kfp internals (pinned: kfp 2.17.3):

* ``kfp.components.load_component_from_file``: public; does the v1 -> v2
  conversion (``{inputValue}`` -> ``{{$.inputs.parameters['x']}}``,
  ``{outputPath}`` -> ``{{$.outputs.parameters['y'].output_file}}``,
  ``if/isPresent`` -> an ``{"IfPresent": ...}`` JSON string in ``args``).
* ``kfp.local.utils.struct_to_executor_spec``,
  ``kfp.local.executor_input_utils.construct_executor_input`` and
  ``executor_input_to_dict``: build the ExecutorInput message (argument
  values, defaults for inputs not given, output file paths) exactly as
  ``kfp.local`` does before it runs a task.
* ``kfp.local.placeholder_utils.replace_placeholders``: resolves IfPresent /
  Concat, ``{{$.inputs...}}``, ``{{$.outputs...}}``, ``{{$}}`` and the
  pipeline placeholders. It draws the task id from ``make_random_id()``;
  that function is patched for the duration of the call so the caller's
  ``task_uuid`` is used (under a lock: the patch is module-global).

Two deliberate departures from ``kfp.local``, both towards the Go backend:

* Input parameter values are rendered as the backend renders them
  (``backend/src/v2/placeholder/placeholder.go``: ``PbValueToString``):
  booleans ``true``/``false``; whole numbers without a decimal point
  (``1.0`` -> ``1``), other numbers like Go's ``%g``; dicts and lists as
  compact JSON with sorted keys, whole numbers without ``.0`` and ``<``,
  ``>``, ``&`` escaped (Go's ``json.Marshal`` of a ``structpb`` value).
  ``kfp.local`` would print ``{"a": 1.0}`` and ``2.0`` instead.
* Unknown argument names and missing required inputs raise ``ValueError``.

Caveat (see docs/kfp-task-identity.md): the Go launcher/driver resolve
``{{$.pipeline_job_uuid}}``/``{{$.pipeline_task_uuid}}`` only when the whole
value of a task *input* is that placeholder (an argument set to
``dsl.PIPELINE_TASK_ID_PLACEHOLDER`` when the pipeline is built). Written
literally in a component's command they are resolved here, as by ``kfp.local``,
but are passed through unresolved by the backend.
"""
from __future__ import annotations

import dataclasses
import decimal
import json
import pathlib
import threading
from typing import Any, Mapping
from unittest import mock

_PATCH_LOCK = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Resolved:
    """The resolved container argv and the output-parameter files to write."""

    argv: list[str]
    output_files: dict[str, pathlib.Path]


def resolve_command(
    component_yaml: str | pathlib.Path,
    arguments: Mapping[str, object],
    outputs_dir: pathlib.Path,
    *,
    job_uuid: str = '00000000-0000-4000-8000-000000000000',
    task_uuid: str = '1',
    pipeline_name: str = 'pipeline',
    task_name: str | None = None,
) -> Resolved:
    """Resolve ``command + args`` of ``component_yaml`` for ``arguments``.

    ``arguments`` maps input names (as kfp spells them: the Python-identifier
    form of the v1 names) to Python values; a ``None`` value counts as not
    given. Inputs not given take their defaults; optional inputs without a
    default drop their ``isPresent`` branches (used outside one, they render as
    ``null``, as in ``kfp.local``). Output parameter files are placed directly
    in ``outputs_dir`` (nothing is created). ``job_uuid``, ``task_uuid``,
    ``pipeline_name`` and ``task_name`` (default: the component's name) fill
    ``{{$.pipeline_job_uuid}}``, ``{{$.pipeline_task_uuid}}``,
    ``{{$.pipeline_job_name}}`` and ``{{$.pipeline_task_name}}``;
    ``{{$.pipeline_root}}`` becomes ``outputs_dir``.
    """
    from kfp import components
    from kfp.local import executor_input_utils, placeholder_utils, utils

    component = components.load_component_from_file(str(component_yaml))
    given = {k: v for k, v in arguments.items() if v is not None}
    declared = set(component.component_spec.inputs or {})
    unknown = sorted(set(given) - declared)
    if unknown:
        raise ValueError(f'unknown argument(s) for component {component.name!r}: '
                         f'{", ".join(unknown)} (inputs: {", ".join(sorted(declared))})')
    missing = sorted(set(component.required_inputs) - set(given))
    if missing:
        raise ValueError(f'missing required argument(s) for component '
                         f'{component.name!r}: {", ".join(missing)}')

    spec = component.pipeline_spec
    component_name, component_spec = next(iter(spec.components.items()))
    container = utils.struct_to_executor_spec(
        spec.deployment_spec['executors'][component_spec.executor_label]).container
    outputs_dir = pathlib.Path(outputs_dir)
    executor_input = executor_input_utils.construct_executor_input(
        component_spec=component_spec,
        arguments=given,
        task_root=str(outputs_dir),
        block_input_artifact=True,
    )
    # Optional inputs without a value come back as nulls; the backend leaves them out instead
    # (and kfp.local's integer cast fails on them).
    parameters = executor_input.inputs.parameter_values
    for name in [n for n, v in parameters.items() if v.WhichOneof('kind') in (None, 'null_value')]:
        del parameters[name]
    executor_input_dict = executor_input_utils.executor_input_to_dict(
        executor_input=executor_input, component_spec=component_spec)
    values = executor_input_dict.get('inputs', {}).get('parameterValues', {})
    for name, value in values.items():
        if value is not None:
            values[name] = _launcher_text(value)

    with _PATCH_LOCK, mock.patch.object(
            placeholder_utils, 'make_random_id', return_value=task_uuid):
        argv = placeholder_utils.replace_placeholders(
            full_command=list(container.command) + list(container.args),
            executor_input_dict=executor_input_dict,
            pipeline_resource_name=pipeline_name,
            task_resource_name=task_name or
            executor_input_utils.get_local_task_resource_name(component_name),
            pipeline_root=str(outputs_dir),
            unique_pipeline_id=job_uuid,
        )
    output_files = {
        name: pathlib.Path(parameter.output_file)
        for name, parameter in executor_input.outputs.parameters.items()
    }
    return Resolved(argv=argv, output_files=output_files)


def _launcher_text(value: Any) -> str:
    """A parameter value as the Go backend puts it on the command line."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, dict, list)):
        return _go_json(value)
    number = float(value)
    if number.is_integer() and -2**63 <= number < 2**63:  # Go: n == float64(int64(n))
        return str(int(number))
    return _go_g(number)


def _go_g(number: float) -> str:
    """Go's ``fmt.Sprintf("%g", number)`` (shortest digits) for a finite float."""
    sign, digits, exponent = decimal.Decimal(repr(number)).normalize().as_tuple()
    lead = len(digits) + int(exponent) - 1  # decimal exponent of the first digit
    if -4 <= lead < 6:
        return format(decimal.Decimal(repr(number)), 'f')
    mantissa = str(digits[0]) + ('.' + ''.join(map(str, digits[1:])) if len(digits) > 1 else '')
    return f'{"-" if sign else ""}{mantissa}e{"-" if lead < 0 else "+"}{abs(lead):02d}'


def _go_json(value: Any) -> str:
    """Go's ``json.Marshal`` of a ``structpb`` value (protojson, compacted)."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e21:
            return str(int(number))
        if 1e-6 <= abs(number) < 1e21:
            return format(decimal.Decimal(repr(number)), 'f')
        return repr(number).replace('e-0', 'e-')
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        for char in '<>&\u2028\u2029':
            text = text.replace(char, f'\\u{ord(char):04x}')
        return text
    if isinstance(value, list):
        return '[' + ','.join(_go_json(item) for item in value) + ']'
    if isinstance(value, dict):
        return '{' + ','.join(f'{_go_json(str(k))}:{_go_json(value[k])}'
                              for k in sorted(value)) + '}'
    raise TypeError(f'cannot render {type(value).__name__} as a parameter value')
