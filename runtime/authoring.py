"""Authoring-time checks: a pipeline's constant arguments get the step's own checks when the
pipeline is defined, so a typo fails at `python pipeline.py`, not an hour later in the cluster.

Used by the generated Python components; kfp is imported only when they are called.
"""

from __future__ import annotations

import json
import warnings

from .arguments import Component
from .request import checked_request
from .validate import InvalidArguments
from .values import as_text


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
    for warning in problems.warnings:
        warnings.warn(f"{component.name}: {warning}", stacklevel=3)
    if problems.errors:
        raise InvalidArguments(component.name, problems)
