# Generated from specs/valid/types.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Types component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.types import sagemaker_types

Constant arguments are checked when the pipeline is defined, with the checks the step itself runs;
pipeline parameters and task outputs pass through untouched and are checked when the step runs.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..runtime.authoring import check_constants
from .entrypoint import COMPONENT

COMPONENT_YAML = Path(__file__).with_name("component.yaml")

#: component.yaml's defaults. Every one is passed explicitly: KFP 2.17.0 does not fill in the
#: defaults of inputs a task leaves out, and fails the task instead.
DEFAULTS = {
    "s_optional": "",
    "s_default": "plain",
    "s_empty_default": "",
    "i_optional": 0,
    "i_default": -5,
    "f_optional": 3.5,
    "f_default": 0.25,
    "f_whole_default": 2,
    "f_tiny_default": 1e-06,
    "b_optional": False,
    "b_true": True,
    "b_false": False,
    "o_optional": {},
    "o_empty_default": {},
    "o_default": {'b': 1, 'a': {'nested': [True, False, 1.5]}, 'é': '日本'},
    "a_optional": [],
    "a_empty_default": [],
    "a_default": [1, 'two', {'three': 3.0}],
}

#: KFP's identity of the task, passed when the name is generated from it: the same for every
#: retry of the task, so a retry finds its job. From KFP 2.5 it differs per run, so such a step is
#: not served from cache; with a name given, or name_from_request, none is passed.
KFP_PLACEHOLDERS = {
}


@functools.lru_cache(maxsize=None)
def load():
    """The component as kfp loads it from component.yaml."""
    from kfp import components

    return components.load_component_from_file(str(COMPONENT_YAML))


def sagemaker_types(
    *,
    s_required: str,
    i_required: int,
    f_required: float,
    b_required: bool,
    o_required: dict,
    a_required: list,
    s_optional: str | None = None,
    s_default: str | None = None,
    s_empty_default: str | None = None,
    i_optional: int | None = None,
    i_default: int | None = None,
    f_optional: float | None = None,
    f_default: float | None = None,
    f_whole_default: float | None = None,
    f_tiny_default: float | None = None,
    b_optional: bool | None = None,
    b_true: bool | None = None,
    b_false: bool | None = None,
    o_optional: dict | None = None,
    o_empty_default: dict | None = None,
    o_default: dict | None = None,
    a_optional: list | None = None,
    a_empty_default: list | None = None,
    a_default: list | None = None,
):
    """One input and one output of every type.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        s_required: A required string.
        i_required: A required integer between 1 and 100.
        f_required: A required float between 0 and 1.
        b_required: A required boolean.
        o_required: A required JSON object.
        a_required: A required JSON array.
        s_optional: An optional string without a default.
        s_default: A string with a default. Default: plain.
        s_empty_default: A string whose default is the empty string. Default: empty.
        i_optional: An optional integer without a default. `0` (the default) means not set.
        i_default: An integer with a negative default. Default: -5.
        f_optional: An optional float without a default. `3.5` (the default) means not set.
        f_default: A float with a default. Default: 0.25.
        f_whole_default: A float whose default is written as a whole number. Default: 2.
        f_tiny_default: A float whose default Python prints in exponent notation. Default: 1e-06.
        b_optional: An optional boolean without a default. `False` (the default) means not set.
        b_true: A boolean defaulting to true. Default: True.
        b_false: A boolean defaulting to false. Default: False.
        o_optional: An optional JSON object without a default.
        o_empty_default: A JSON object defaulting to `{}`. Default: {}.
        o_default: A JSON object with a nested, non-ASCII default (keys keep their order). Default:
            {"b":1,"a":{"nested":[true,false,1.5]},"é":"日本"}.
        a_optional: An optional JSON array without a default.
        a_empty_default: A JSON array defaulting to `[]`. Default: [].
        a_default: A JSON array with a mixed default. Default: [1,"two",{"three":3.0}].

    Returns:
        The pipeline task. Its outputs: out_string, out_integer, out_float, out_bool, out_object, out_array.

    Raises:
        sagemaker_kfp_components.InvalidArguments: listing every invalid constant argument.
    """
    given = {name: value for name, value in locals().items() if value is not None}
    check_constants(COMPONENT, given)
    from kfp import dsl

    # A pipeline parameter's name_from_request is known only at run time: the identity goes along.
    named = given.get(COMPONENT.name_argument) or given.get("name_from_request") is True
    identity = {} if named else {name: getattr(dsl, placeholder) for name, placeholder in KFP_PLACEHOLDERS.items()}
    return load()(**{**DEFAULTS, **identity, **given})
