"""Refresh the spec's enum lists from the installed botocore SageMaker model (`api-check --sync`).

The spec is edited as text, not re-dumped, so its comments and layout survive.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Argument, Component
from ..runtime import api_model

FLOW_LIMIT = 12  # enums longer than this are written one value per line


def api_enum(component: Component, arg: Argument) -> list[str]:
    return api_model.limits(api_model.shape_at(component.request_of(arg), arg.api)).get("enum", [])


def sync_enums(component: Component, spec_path: Path) -> list[str]:
    """Rewrite every `enum:` whose argument fills an API enum; returns the names of changed arguments."""
    text = spec_path.read_text(encoding="utf-8")
    changed = []
    for arg in component.arguments:
        if arg.api is None or "enum" not in arg.check:
            continue
        wanted = api_enum(component, arg)
        if not wanted or list(arg.check["enum"]) == wanted:
            continue
        text = _replace_enum(text, arg.name, wanted)
        changed.append(arg.name)
    spec_path.write_text(text, encoding="utf-8")
    return changed


def _replace_enum(text: str, name: str, values: list[str]) -> str:
    block = re.compile(rf"(^  - name: {re.escape(name)}\n(?:    .*\n)*?)    enum:.*\n(?:      - .*\n)*", re.MULTILINE)
    if len(values) > FLOW_LIMIT:
        listed = "    enum:\n" + "".join(f"      - {value}\n" for value in values)
    else:
        listed = f"    enum: [{', '.join(values)}]\n"
    new, count = block.subn(lambda m: m.group(1) + listed, text)  # names are unique: one match
    if count != 1:
        raise ValueError(f"could not find the enum of {name!r} in the spec")
    return new
