# Generated from specs/valid/features.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Features component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.features import sagemaker_features

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
    "instance_type": "ml.m5.xlarge",
    "input_mode": "File",
    "job_name": "",
    "image": "",
    "algorithm_name": "",
    "hyperparameters": {},
    "metric_definitions": {},
    "tags": {},
    "data_location_1": "",
    "data_location_2": "",
    "data_location_3": "",
    "security_groups": "",
    "subnets": "",
    "spot": False,
    "max_run": 3600,
    "max_wait": 7200,
    "ratio": 0.5,
    "kfp_task_id": "",
}

#: KFP's identity of the task, passed when the name is generated from it: the same for every
#: retry of the task, so a retry finds its job. From KFP 2.5 it differs per run, so such a step is
#: not served from cache; with a name given, or name_from_request, none is passed.
KFP_PLACEHOLDERS = {
    "kfp_task_id": "PIPELINE_TASK_ID_PLACEHOLDER",
}


@functools.lru_cache(maxsize=None)
def load():
    """The component as kfp loads it from component.yaml."""
    from kfp import components

    return components.load_component_from_file(str(COMPONENT_YAML))


def sagemaker_features(
    *,
    channels: list,
    instance_type: str | None = None,
    input_mode: str | None = None,
    job_name: str | None = None,
    image: str | None = None,
    algorithm_name: str | None = None,
    hyperparameters: dict | None = None,
    metric_definitions: dict | None = None,
    tags: dict | None = None,
    data_location_1: str | None = None,
    data_location_2: str | None = None,
    data_location_3: str | None = None,
    security_groups: str | None = None,
    subnets: str | None = None,
    spot: bool | None = None,
    max_run: int | None = None,
    max_wait: int | None = None,
    ratio: float | None = None,
    kfp_task_id: str | None = None,
):
    """Enums, repeats, API paths, conversions and rules.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        channels: A list filling a request list as it is.
        instance_type: An enum of 14 values, more than the README lists inline. Default:
            ml.m5.xlarge.
        input_mode: A short enum, listed inline. Default: File.
        job_name: A string with length limits and a pattern.
        image: One of `image` and `algorithm_name`.
        algorithm_name: One of `image` and `algorithm_name`.
        hyperparameters: An object sent as a string map, as `{"name": "value"}`. Default: {}.
        metric_definitions: An object sent as a list of name/regex pairs. Default: {}.
        tags: An object sent as a list of key/value pairs. Default: {}.
        data_location_1: The S3 URI of channel 1 (index 0).
        data_location_2: The S3 URI of channel 2 (index 1).
        data_location_3: The S3 URI of channel 3 (index 2).
        security_groups: A comma-separated list sent as a request list.
        subnets: A comma-separated list with a lower bound only.
        spot: The Bool that `max_wait` depends on. Default: False.
        max_run: An integer with both limits. Default: 3600.
        max_wait: Sent only when `spot` is true. Default: 7200.
        ratio: A float with a lower bound only. Default: 0.5.
        kfp_task_id: Filled by KFP with the task's ID.

    Returns:
        The pipeline task. Its outputs: model_artifact_url, job_arn, final_metrics.

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
