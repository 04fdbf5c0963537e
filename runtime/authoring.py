"""Authoring-time checks: a pipeline's constant arguments get the step's own checks when the
pipeline is defined, so a typo fails at `python pipeline.py`, not an hour later in the cluster.

Used by the generated Python components; kfp is imported only when they are called.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

from .arguments import Component
from .request import checked_request
from .validate import InvalidArguments
from .values import as_text

#: The Python type the typed function takes for each JSON argument type.
PYTHON_JSON = {"JsonObject": "dict", "JsonArray": "list"}
PACKAGE = __name__.partition(".")[0]  # sagemaker_kfp_components: frames in it are not the user's


def kfp_text(value: object) -> str:
    """A constant as the KFP launcher passes it to the container."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return as_text(value)


def check_constants(component: Component, given: dict[str, object]) -> None:
    """Raise InvalidArguments listing every problem of the constant arguments.

    Values that hold pipeline parameters or task outputs are known only at run time: they pass
    untouched, and the rules that involve them are left to the step.
    """
    from kfp.dsl.pipeline_channel import PipelineChannel, extract_pipeline_channels_from_any

    # A pipeline parameter may also hide inside a value: f"s3://{bucket}/data", a list, a dict.
    dynamic = frozenset(name for name, value in given.items() if extract_pipeline_channels_from_any(value))
    for name in sorted(name for name in dynamic if not isinstance(given[name], PipelineChannel)):
        warnings.warn(f"{component.name}: {name} holds a pipeline parameter or task output inside a longer value; "
                      "KFP backends substitute it only from 2.17.0 (on older ones the step stops with exit code 2): "
                      "pass it as the whole value (data_location_N feeds a channel)", stacklevel=3)
    raw = {name: kfp_text(value) for name, value in given.items() if name not in dynamic}
    _, _, problems = checked_request(component, raw, dynamic)
    # JSON text would pass the step's checks, but kfp refuses a str for a dict or list input.
    for arg in component.arguments:
        python = PYTHON_JSON.get(arg.type)
        if python and isinstance(given.get(arg.name), str):
            problems.add(arg.name, f"is text; the typed function takes a {python}",
                         "pass the value itself (json.loads it if you hold JSON text)")
    for warning in problems.warnings:
        warnings.warn(f"{component.name}: {warning}", stacklevel=3)
    if problems.errors:
        _brief_when_uncaught()
        raise InvalidArguments(component.name, problems)


def _brief_when_uncaught() -> None:
    """A typo in a pipeline script is the user's, not a bug: when nothing catches InvalidArguments,
    Python prints the file and line of the user's call and the message, not a traceback through
    kfp's pipeline decorator. Only Python's own hook is replaced (IPython's, a test runner's or the
    user's are left alone), and every other exception is printed as before."""
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _excepthook


def _excepthook(kind, error, trace) -> None:
    if not isinstance(error, InvalidArguments):
        sys.__excepthook__(kind, error, trace)
        return
    # The user's call of the typed function: the frame this package was first entered from (frames
    # outside it further in, such as a library's it calls, are not the user's).
    call = None
    while trace is not None and trace.tb_frame.f_globals.get("__name__", "").partition(".")[0] != PACKAGE:
        call, trace = trace, trace.tb_next
    where = ""
    if call is not None:
        path = Path(call.tb_frame.f_code.co_filename)
        where = f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:{call.tb_lineno}: "
    print(f"{where}{error}", file=sys.stderr)
