# Generated from specs/valid/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Model component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.model import sagemaker_model

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
    "model_name": "",
    "image": "",
    "environment": {},
    "containers": [],
    "job_exists_action": "attach",
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


def sagemaker_model(
    *,
    region: str,
    role: str,
    model_name: str | None = None,
    image: str | None = None,
    environment: dict | None = None,
    containers: list | None = None,
    job_exists_action: str | None = None,
):
    """Creates a model.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region.
        role: IAM role SageMaker assumes.
        model_name: Name of the model.
        image: Inference image.
        environment: Environment of the single container. Default: {}.
        containers: Containers of an inference pipeline, replacing the single one.
        job_exists_action: What to do when a model of that name exists. Default: attach.

    Returns:
        The pipeline task. Its outputs: model_name, model_arn.

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
