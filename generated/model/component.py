# Generated from specs/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Model component as a typed Python function for kfp 2.x pipelines.

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
    "endpoint_url": "",
    "assume_role": "",
    "tags": {},
    "model_name": "",
    "container_host_name": "",
    "image": "",
    "model_artifact_url": "",
    "environment": {},
    "model_package": "",
    "secondary_containers": [],
    "vpc_security_group_ids": "",
    "vpc_subnets": "",
    "network_isolation": True,
    "image_config": {},
    "mode": "",
    "model_data_source": {},
    "additional_model_data_sources": [],
    "multi_model_config": {},
    "container_metrics_config": {},
    "inference_specification_name": "",
    "inference_execution_config": {},
    "job_exists_action": "attach",
    "dry_run": False,
    "name_from_request": False,
    "kfp_run_id": "",
    "kfp_task_id": "",
    "kfp_task_name": "",
}

#: KFP's identity of the task, passed when the name is generated from it: the same for every
#: retry of the task, so a retry finds its job. From KFP 2.5 it differs per run, so such a step is
#: not served from cache; with a name given, or name_from_request, none is passed.
KFP_PLACEHOLDERS = {
    "kfp_run_id": "PIPELINE_JOB_ID_PLACEHOLDER",
    "kfp_task_id": "PIPELINE_TASK_ID_PLACEHOLDER",
    "kfp_task_name": "PIPELINE_TASK_NAME_PLACEHOLDER",
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
    endpoint_url: str | None = None,
    assume_role: str | None = None,
    tags: dict | None = None,
    model_name: str | None = None,
    container_host_name: str | None = None,
    image: str | None = None,
    model_artifact_url: str | None = None,
    environment: dict | None = None,
    model_package: str | None = None,
    secondary_containers: list | None = None,
    vpc_security_group_ids: str | None = None,
    vpc_subnets: str | None = None,
    network_isolation: bool | None = None,
    image_config: dict | None = None,
    mode: str | None = None,
    model_data_source: dict | None = None,
    additional_model_data_sources: list | None = None,
    multi_model_config: dict | None = None,
    container_metrics_config: dict | None = None,
    inference_specification_name: str | None = None,
    inference_execution_config: dict | None = None,
    job_exists_action: str | None = None,
    dry_run: bool | None = None,
    name_from_request: bool | None = None,
    kfp_run_id: str | None = None,
    kfp_task_id: str | None = None,
    kfp_task_name: str | None = None,
):
    """Creates an AWS SageMaker model as a pipeline step and outputs its name for an endpoint or batch transform.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the model is created in, for example `us-east-1`.
        role: ARN of the IAM role that SageMaker assumes to pull the image and the model artifacts
            when the model is deployed or used for batch transform.
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as
            well.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile).
        tags: Tags for the model, as `{"key": "value"}`. Default: {}.
        model_name: Name of the model, unique within the AWS account and region, for example
            `kmeans-mnist-model`. When empty, the name is `Model-kfp-<hash>` of the KFP run, task ID and
            task name when KFP provides them, so a retried step finds its model again, and
            `Model-<YYYYmmddHHMMSS>-<random>` otherwise. Later steps take the name from the `model_name`
            output.
        container_host_name: Host name of the container, which names it in logs and metrics when it
            is part of an inference pipeline; SageMaker ignores it for a model with one container. Not
            sent when `secondary_containers` is given (give each of those containers its
            `ContainerHostname`).
        image: Registry path of the inference image, `registry/repository[:tag]` or
            `registry/repository[@digest]`, for example the region's k-means image
            `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give exactly one of `image`,
            `model_package` and `secondary_containers`.
        model_artifact_url: S3 URL of the model's artifacts, a single `.tar.gz` archive, for example
            a training step's `model_artifact_url` output. Needs `image`. A built-in algorithm's image
            needs it; leave it empty for an image that holds its model.
        environment: Environment variables of the container, as `{"NAME": "value"}` (numbers and
            booleans are sent as text). Not sent when `secondary_containers` is given (give each of
            those containers its `Environment`). Hold no secrets here: they are visible in the model's
            description. Default: {}.
        model_package: Name or ARN of the model package (a versioned package's ARN ends in
            `/<version>`) to create the model from, instead of an image. Give exactly one of `image`,
            `model_package` and `secondary_containers`.
        secondary_containers: The containers of an inference pipeline, a list of SageMaker
            `ContainerDefinition` objects, for example `[{"ContainerHostname": "prep", "Image":
            "<registry>/prep:1"}, {"ContainerHostname": "serve", "Image": "<registry>/serve:1",
            "ModelDataUrl": "s3://bucket/model.tar.gz"}]`. As in AWS's v1 component, they replace the
            single container: `image`, `model_package` and `model_artifact_url` must then be empty, and
            the other container arguments are not sent.
        vpc_security_group_ids: Comma-separated IDs of the VPC security groups of the model's
            containers, for example `sg-0123456789abcdef0`. Give `vpc_subnets` with it.
        vpc_subnets: Comma-separated IDs of the VPC subnets the model's containers run in. Give
            `vpc_security_group_ids` with it.
        network_isolation: Isolate the model's containers: no inbound or outbound network calls to
            or from them (true, as in AWS's v1 component). Turn it off for containers that must reach
            the network. Default: True.
        image_config: Where the image is pulled from: `{"RepositoryAccessMode": "Platform"}` for
            Amazon ECR (what empty means), or `{"RepositoryAccessMode": "Vpc", "RepositoryAuthConfig":
            {"RepositoryCredentialsProviderArn": "<Lambda ARN>"}}` for a private registry in the VPC.
            Not sent with `secondary_containers`.
        mode: Whether the container serves one model or many (a multi-model endpoint, with
            `model_artifact_url` an S3 prefix); empty means SageMaker's default, `SingleModel`. Not sent
            with `secondary_containers`.
        model_data_source: Where uncompressed model data is, instead of `model_artifact_url`, for
            example `{"S3DataSource": {"S3Uri": "s3://bucket/model/", "S3DataType": "S3Prefix",
            "CompressionType": "None"}}`. Not sent with `secondary_containers`.
        additional_model_data_sources: More model data for the container, each with a `ChannelName`
            and an `S3DataSource`, for example a draft model for speculative decoding. Not sent with
            `secondary_containers`.
        multi_model_config: Settings of a multi-model container, for example `{"ModelCacheSetting":
            "Disabled"}`. Not sent with `secondary_containers`.
        container_metrics_config: Where SageMaker scrapes the container's metrics, for example
            `{"MetricsEndpoints": [{"Path": "/metrics", "Port": 8080}]}`. Not sent with
            `secondary_containers`.
        inference_specification_name: Which inference specification of the model package version to
            use, when it has several. Needs `model_package`.
        inference_execution_config: How the endpoint calls the containers of `secondary_containers`:
            `{"Mode": "Serial"}` (an inference pipeline, each container's output the next one's input;
            what empty means) or `{"Mode": "Direct"}` (each container called on its own). Needs
            `secondary_containers`.
        job_exists_action: What to do when a model with the same name already exists, as after a
            retry or a pod restart: `attach` uses that model and outputs its name, if it was created
            from the same definition (otherwise the step fails, naming what differs); `fail` ends the
            step with an error. Default: attach.
        dry_run: Check the arguments and print the CreateModel request that would be sent, without
            calling AWS. The step then exits with code 0 without writing any output. Default: False.
        name_from_request: Without a name given, name the model after a digest of its request
            instead of after KFP's run and task: an identical request then finds the same model (a
            retry, a rerun, another pipeline) and returns its results instead of starting another, and
            the typed function passes no run or task ID, so KFP can serve the step from its cache. To
            create again, change the request (a changed file under the same S3 URI does not change it).
            Default: False.
        kfp_run_id: ID of the KFP run, part of the generated model name. The Python component passes
            `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.
        kfp_task_id: ID KFP gives the task, the same for every retry of it, part of the generated
            model name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.
        kfp_task_name: Name of the task in the pipeline, part of the generated model name. The
            Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.

    Returns:
        The pipeline task. Its outputs: model_name.

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
