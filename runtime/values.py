"""Strict parsing of the text KFP passes for each argument type.

kfp 2.x renders booleans as true/false and JSON compactly; kfp 1.x rendered True/False and could
pass any text a pipeline parameter held. Both are accepted; anything else is a clear error.
"""

from __future__ import annotations

import functools
import json
import math
import re

INTEGER = re.compile(r"[+-]?[0-9]+(\.0*)?")  # kfp turns integer defaults into floats such as 1.0
MAX_DIGITS = 18  # far beyond any limit the API has, and far below what int() refuses


class BadValue(ValueError):
    """Text that is not a value of the argument's type; `hint` says what would be."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem, self.hint = problem, hint


#: The whole number a hint shows for an argument without one of its own (runtime.validate.typical_value).
WHOLE_NUMBER = 3600


def whole_number_hint(typical: object = None) -> str:
    """The hint for a value that is no integer, showing the argument's own typical value when it has
    one: 3600, a time in seconds, would mislead for a size or a count."""
    example = typical if isinstance(typical, int) and not isinstance(typical, bool) else WHOLE_NUMBER
    return f"write a whole number such as {example}"


def _integer(text: str) -> int:
    if not INTEGER.fullmatch(text.strip()):
        raise BadValue(f"{short(text)} is not an integer", whole_number_hint())
    digits = text.strip().split(".")[0]
    if len(digits.lstrip("+-")) > MAX_DIGITS:
        raise BadValue(f"has {len(digits)} digits, too many for any limit", whole_number_hint())
    return int(digits)


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadValue(f"{short(text)} is not a number", "write a number such as 0.5") from None
    if not math.isfinite(value):
        raise BadValue(f"{short(text)} is not a finite number", "write a number such as 0.5")
    return value


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        raise BadValue(f"{short(text)} is not a boolean", "write true or false")
    return lowered == "true"


def _json(kind: type, wording: str, example: str, text: str):
    hint = f"write a JSON {wording} such as {example}"
    try:
        value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise BadValue(f"is not valid JSON ({error.msg} at character {error.pos})", hint) from None
    except (ValueError, RecursionError) as error:  # NaN, a repeated key, absurd nesting or digits
        raise BadValue(f"is not valid JSON ({str(error)[:100] or type(error).__name__})", hint) from None
    if not isinstance(value, kind):
        raise BadValue(f"is JSON {type(value).__name__}, not a JSON {wording}", hint)
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"key {repeated[0]!r} appears twice")
    return dict(pairs)


def short(text: str) -> str:
    """Text as a message quotes it: repr, cut at 80 characters."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


PARSERS = {
    "String": str,
    "Integer": _integer,
    "Float": _float,
    "Bool": _bool,
    "JsonObject": functools.partial(_json, dict, "object", '{"key": "value"}'),
    "JsonArray": functools.partial(_json, list, "array", '[{"key": "value"}]'),
}


def parse(kind: str, text: str):
    """The value of `text` as a `kind`; raises BadValue."""
    return PARSERS[kind](text)


def as_text(value: object) -> str:
    """A plain value as SageMaker wants it in string maps: booleans as true/false, numbers as
    written, an integral number without a fraction whichever runner rendered it (kfp.local and
    kfp 1.x turn 10 into 10.0, which integer hyperparameters of built-in algorithms refuse)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
