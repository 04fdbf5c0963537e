# Generated from specs/valid/text.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Text edge cases component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.text import sagemaker_text

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
    "quotes": "",
    "colons": "",
    "pipes": "",
    "braces": "",
    "percent": "",
    "unicode": "",
    "backslash": "",
    "hard_default": "It's \"50%\": a | b → 日本 {{ x }}",
    "hash_default": "# not a comment",
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


def sagemaker_text(
    *,
    newlines: str,
    quotes: str | None = None,
    colons: str | None = None,
    pipes: str | None = None,
    braces: str | None = None,
    percent: str | None = None,
    unicode: str | None = None,
    backslash: str | None = None,
    hard_default: str | None = None,
    hash_default: str | None = None,
):
    """Quotes ' and ", a colon: here, 100% → 日本, {{ braces }}.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        newlines: Line one. Line two, after a newline. Line four, after an empty line.
        quotes: It's "quoted" with 'single' and "double" quotes.
        colons: key: value, a trailing colon:
        pipes: A pipe | in text, || twice and `x|y` in code.
        braces: Jinja-looking text {{ not_a_variable }}, {% not_a_tag %} and {# not a comment #};
            KFP-looking {{$.inputs.parameters['x']}}.
        percent: 100% sure, with %s, %(default)s and %% in it.
        unicode: Café, naïve → 日本語 ✓.
        backslash: A backslash \\d, C:\\path\\new and a trailing one \\
        hard_default: A default with every hard character. Default: It's "50%": a | b → 日本 {{ x }}.
        hash_default: A default that starts like a YAML comment. Default: # not a comment.

    Returns:
        The pipeline task. Its outputs: result.

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
