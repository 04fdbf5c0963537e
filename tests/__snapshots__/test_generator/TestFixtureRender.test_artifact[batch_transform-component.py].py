# Generated from specs/valid/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Batch Transform component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.batch_transform import sagemaker_batch_transform

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
    "job_name": "",
    "max_concurrent": 0,
    "data_type": "S3Prefix",
    "split_type": "None",
    "instance_type": "ml.m4.xlarge",
    "instance_count": 1,
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


def sagemaker_batch_transform(
    *,
    region: str,
    model_name: str,
    input_location: str,
    output_location: str,
    job_name: str | None = None,
    max_concurrent: int | None = None,
    data_type: str | None = None,
    split_type: str | None = None,
    instance_type: str | None = None,
    instance_count: int | None = None,
):
    """Runs a batch transform job.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region.
        model_name: SageMaker model that makes the predictions.
        input_location: S3 URI of the data to transform.
        output_location: S3 URI of the predictions.
        job_name: Name of the transform job.
        max_concurrent: Most requests each instance is sent at once. `0` (the default) means not
            set.
        data_type: What the input location names. Default: S3Prefix.
        split_type: How input objects are split into records. Default: None.
        instance_type: Instance type. Default: ml.m4.xlarge.
        instance_count: Number of instances. Default: 1.

    Returns:
        The pipeline task. Its outputs: output_location, job_name.

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
