"""The vocabulary of the generated argument tables (generated/<component>/validation.py).

Each generated table row is one `Arg`; the rules and outputs are `Rule` and `Output` rows. They are
plain data: `runtime.validate` checks values against them and `runtime.request` builds the API
request from them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: KFP types an argument or output can have.
TYPES = ("String", "Integer", "Float", "Bool", "JsonObject", "JsonArray")


@dataclass(frozen=True)
class Arg:
    """One argument of a component, with every check the spec declares for it."""

    name: str
    type: str
    required: bool = False
    default: object = None
    example: object = None  # a typical value, shown when a value does not match `pattern`
    unset: object = None  # for a number or Bool: the value that means "not set" (component.yaml's default)
    api: str | None = None  # dotted request path the value fills, e.g. ResourceConfig.InstanceType
    convert: str | None = None  # name of a conversion in runtime.request.CONVERSIONS
    only_when: str | None = None  # a Bool argument that must be true for the value to be sent
    unless: str | None = None  # an argument that, when set, keeps this one out of the request
    builtin_image_for: str | None = None  # a built-in algorithm's name here becomes that argument's image
    enum: tuple[str, ...] = ()
    open_enum: bool = False  # unknown values that match `pattern` are accepted with a warning
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_entries: int | None = None
    max_entries: int | None = None
    key_max_length: int | None = None
    value_max_length: int | None = None
    item_pattern: str | None = None
    item_max_length: int | None = None
    unique_key: str | None = None
    value_regex: bool = False  # values of the object are regular expressions


@dataclass(frozen=True)
class Rule:
    """A rule across arguments; `kind` is one of runtime.validate.RULE_CHECKS."""

    kind: str
    arguments: tuple[str, ...]
    when: str | None = None


@dataclass(frozen=True)
class Output:
    """An output written on success, taken from the Describe response at `api`."""

    name: str
    type: str
    api: str
    convert: str | None = None



@dataclass(frozen=True)
class Component:
    """A component as its entrypoint sees it: the generated tables and what they are for."""

    name: str
    version: str
    operation: str  # the SageMaker operation the `api` paths fill
    arguments: tuple[Arg, ...]
    rules: tuple[Rule, ...]
    outputs: tuple[Output, ...]
