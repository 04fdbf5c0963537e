"""The form of component.yaml that every KFP backend runs the same way, checked on each render.

Backends before 2.17.0 pass `{"IfPresent": ...}` (from `if: {cond: {isPresent: x}}`) and other
structured placeholders to the container as literal JSON, and 2.17.0 fails a task that leaves out
an input it references: so args hold only plain text, `{inputValue: x}` and `{outputPath: y}`, and
every optional input has a default.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Problems
from .spec_loader import YAML_LOADER

PORTABLE_PLACEHOLDERS = ({"inputValue"}, {"outputPath"})


def check_component_yaml(template: str, output: Path, text: str, problems: Problems) -> None:
    """Report each input without a default and each placeholder not every backend resolves."""
    document = yaml.load(text, Loader=YAML_LOADER)
    where = output.as_posix()
    for index, declared in enumerate(document.get("inputs", [])):
        if declared.get("optional") and "default" not in declared:
            problems.add(f"{where}:inputs[{index}]", f"optional input {declared['name']!r} has no default",
                         f"give every optional input a default in {template} (2.17.0 fails tasks that leave it out)")
    container = document["implementation"]["container"]
    for part in ("command", "args"):
        for index, item in enumerate(container.get(part, [])):
            if isinstance(item, dict) and set(item) not in PORTABLE_PLACEHOLDERS:
                problems.add(f"{where}:implementation.container.{part}[{index}]",
                             f"uses {', '.join(sorted(item))}, which backends before 2.17.0 pass on as literal JSON",
                             f"use only plain text, inputValue and outputPath in {template}")
