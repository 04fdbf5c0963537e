"""The SageMaker API's own description (botocore's service model): request paths and shape checks.

The spec's `api:` paths are resolved here, and JSON arguments are checked against the shapes they
fill, so nested fields (a channel's DataSource, a CheckpointConfig's S3Uri) are validated with the
API's own required members, enums, lengths and patterns.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

import botocore.session

PATH_STEP = re.compile(r"([A-Za-z0-9]+)(?:\[(\d+)\])?")

Report = Callable[[str, str, str], None]  # (path, problem, hint)


@functools.lru_cache(maxsize=None)
def botocore_session() -> botocore.session.Session:
    """One botocore session per process, so the service model is loaded once."""
    return botocore.session.get_session()


def service_model(service: str = "sagemaker"):
    return botocore_session().get_service_model(service)


def parse_path(path: str) -> list[tuple[str, int | None]]:
    """`InputDataConfig[0].DataSource` -> [("InputDataConfig", 0), ("DataSource", None)]."""
    steps = []
    for part in path.split("."):
        match = PATH_STEP.fullmatch(part)
        if not match:
            raise ValueError(f"malformed API path {path!r}")
        steps.append((match.group(1), None if match.group(2) is None else int(match.group(2))))
    return steps


def value_at(data: object, path: str) -> object:
    """The value at a dotted path of a request or response, or None where there is none."""
    node = data
    for name, index in parse_path(path):
        node = node.get(name) if isinstance(node, dict) else None
        if index is not None:
            node = node[index] if isinstance(node, list) and index < len(node) else None
    return node


def shape_at(operation: str, path: str, *, output: bool = False):
    """The botocore shape at a dotted path of an operation's request (or response).

    Raises KeyError(problem, valid member names) for a path the API does not have.
    """
    op = service_model().operation_model(operation)
    shape = op.output_shape if output else op.input_shape
    for name, index in parse_path(path):
        if shape.type_name != "structure" or name not in shape.members:
            raise KeyError(f"{shape.name} has no member {name!r}", list(getattr(shape, "members", {})))
        shape = shape.members[name]
        if index is not None:
            if shape.type_name != "list":
                raise KeyError(f"{shape.name} is not a list, so it takes no [index]", [])
            shape = shape.member
    return shape


def limits(shape) -> dict:
    """min/max/pattern/enum of a shape, as botocore declares them."""
    found = {key: shape.metadata[key] for key in ("min", "max", "pattern") if key in shape.metadata}
    if getattr(shape, "enum", None):
        found["enum"] = list(shape.enum)
    return found


# Java's Unicode classes, which some API patterns use inside [...], in Python's (slightly looser) terms.
JAVA_CLASSES = {r"\p{L}": r"\w", r"\p{N}": r"\w", r"\p{Z}": r" \u00a0\u2000-\u200a\u2028\u2029\u3000"}


@functools.lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern | None:
    """The pattern as a Python regex, or None if it uses syntax Python's `re` lacks."""
    for java, python in JAVA_CLASSES.items():
        pattern = pattern.replace(java, python)
    try:
        return re.compile(pattern)
    except re.error:
        return None


_JSON_TYPES = {
    "structure": (dict, "an object"),
    "map": (dict, "an object"),
    "list": (list, "a list"),
    "string": (str, "a string"),
    "integer": (int, "an integer"),
    "long": (int, "an integer"),
    "float": ((int, float), "a number"),
    "double": ((int, float), "a number"),
    "boolean": (bool, "true or false"),
    "timestamp": ((str, int, float), "a timestamp"),
    "blob": (str, "a string"),
}


def check_shape(value, shape, path: str, report: Report) -> None:
    """Report every way `value` does not fit `shape`; paths read like `channels[1].ChannelName`."""
    expected, wording = _JSON_TYPES[shape.type_name]
    if not isinstance(value, expected) or (isinstance(value, bool) and shape.type_name not in ("boolean",)):
        report(path, f"must be {wording} ({shape.name}), got {type(value).__name__} {value!r}"[:300], "see the SageMaker API reference")
        return
    meta = shape.metadata
    kind = shape.type_name
    if kind == "structure":
        for key in value:
            if key not in shape.members:
                report(f"{path}.{key}", f"is not a field of {shape.name}", "valid fields: " + ", ".join(shape.members))
        for key in shape.required_members:
            if key not in value:
                report(f"{path}.{key}", f"is required in {shape.name}", "add it")
        for key, item in value.items():
            if key in shape.members:
                check_shape(item, shape.members[key], f"{path}.{key}", report)
    elif kind in ("list", "map"):
        count = len(value)
        if count < meta.get("min", 0) or count > meta.get("max", count):
            report(path, f"has {count} entries", f"give {_range(meta)} entries")
        if kind == "list":
            for index, item in enumerate(value):
                check_shape(item, shape.member, f"{path}[{index}]", report)
        else:
            for key, item in value.items():
                check_shape(key, shape.key, f"{path}.{key}", report)
                check_shape(item, shape.value, f"{path}.{key}", report)
    elif kind == "string":
        if shape.enum and value not in shape.enum:
            report(path, f"{value!r} is not accepted", "use one of: " + ", ".join(shape.enum))
        elif len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
            report(path, f"has {len(value)} characters", f"give {_range(meta)} characters")
        elif "pattern" in meta and (regex := compiled(meta["pattern"])) and not regex.fullmatch(value):
            report(path, f"{value!r} does not match the pattern {meta['pattern']}", "correct the value")
    elif kind in ("integer", "long", "float", "double"):
        if value < meta.get("min", value) or value > meta.get("max", value):
            report(path, f"is {value}", f"give a value of {_range(meta)}")


def _range(meta: dict) -> str:
    low, high = meta.get("min", 0), meta.get("max")
    return f"{low} to {high}" if high is not None else f"at least {low}"
