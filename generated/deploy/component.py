# Generated from specs/deploy.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Deploy component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.deploy import sagemaker_deploy

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
    "endpoint_name": "",
    "endpoint_config_name": "",
    "endpoint_config_tags": {},
    "resource_encryption_key": "",
    "update_endpoint": False,
    "variant_name_1": "variant-name-1",
    "model_name_1": "",
    "initial_instance_count_1": 1,
    "instance_type_1": "ml.m4.xlarge",
    "initial_variant_weight_1": "1.0",
    "accelerator_type_1": "",
    "variant_name_2": "variant-name-2",
    "model_name_2": "",
    "initial_instance_count_2": 1,
    "instance_type_2": "ml.m4.xlarge",
    "initial_variant_weight_2": "1.0",
    "accelerator_type_2": "",
    "variant_name_3": "variant-name-3",
    "model_name_3": "",
    "initial_instance_count_3": 1,
    "instance_type_3": "ml.m4.xlarge",
    "initial_variant_weight_3": "1.0",
    "accelerator_type_3": "",
    "production_variants": [],
    "shadow_production_variants": [],
    "role": "",
    "data_capture_config": {},
    "async_inference_config": {},
    "explainer_config": {},
    "metrics_config": {},
    "tracing_config": {},
    "cross_region_traffic_config": {},
    "vpc_security_group_ids": "",
    "vpc_subnets": "",
    "network_isolation": False,
    "deployment_config": {},
    "retain_all_variant_properties": False,
    "exclude_retained_variant_properties": [],
    "retain_deployment_config": False,
    "stream_logs": True,
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


def sagemaker_deploy(
    *,
    region: str,
    endpoint_url: str | None = None,
    assume_role: str | None = None,
    tags: dict | None = None,
    endpoint_name: str | None = None,
    endpoint_config_name: str | None = None,
    endpoint_config_tags: dict | None = None,
    resource_encryption_key: str | None = None,
    update_endpoint: bool | None = None,
    variant_name_1: str | None = None,
    model_name_1: str | None = None,
    initial_instance_count_1: int | None = None,
    instance_type_1: str | None = None,
    initial_variant_weight_1: str | None = None,
    accelerator_type_1: str | None = None,
    variant_name_2: str | None = None,
    model_name_2: str | None = None,
    initial_instance_count_2: int | None = None,
    instance_type_2: str | None = None,
    initial_variant_weight_2: str | None = None,
    accelerator_type_2: str | None = None,
    variant_name_3: str | None = None,
    model_name_3: str | None = None,
    initial_instance_count_3: int | None = None,
    instance_type_3: str | None = None,
    initial_variant_weight_3: str | None = None,
    accelerator_type_3: str | None = None,
    production_variants: list | None = None,
    shadow_production_variants: list | None = None,
    role: str | None = None,
    data_capture_config: dict | None = None,
    async_inference_config: dict | None = None,
    explainer_config: dict | None = None,
    metrics_config: dict | None = None,
    tracing_config: dict | None = None,
    cross_region_traffic_config: dict | None = None,
    vpc_security_group_ids: str | None = None,
    vpc_subnets: str | None = None,
    network_isolation: bool | None = None,
    deployment_config: dict | None = None,
    retain_all_variant_properties: bool | None = None,
    exclude_retained_variant_properties: list | None = None,
    retain_deployment_config: bool | None = None,
    stream_logs: bool | None = None,
    dry_run: bool | None = None,
    name_from_request: bool | None = None,
    kfp_run_id: str | None = None,
    kfp_task_id: str | None = None,
    kfp_task_name: str | None = None,
):
    """Deploys models to an AWS SageMaker real-time endpoint as a pipeline step and outputs the endpoint's name.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the endpoint is deployed in, for example `us-east-1`.
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint; not the endpoint this step deploys.
            `AWS_ENDPOINT_URL` in the environment is honoured as well.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile); the assumed role's credentials are refreshed while the step waits.
        tags: Tags for the endpoint, as `{"key": "value"}`. Not applied when an existing endpoint is
            updated (`update_endpoint`), as an update takes no tags. The configuration's tags are
            `endpoint_config_tags`. Default: {}.
        endpoint_name: Name of the endpoint, unique within the AWS account and region regardless of
            case; clients call the endpoint by it. When empty, the name is `Endpoint-kfp-<hash>` of the
            KFP run, task ID and task name when KFP provides them, so a retried step finds its endpoint
            again, and `Endpoint-<YYYYmmddHHMMSS>-<random>` otherwise. Give it to update an existing
            endpoint.
        endpoint_config_name: Name of the endpoint configuration the step creates, unique within the
            AWS account and region. When empty, the name is derived from the configuration's request, so
            a retried step finds the configuration it created. A configuration cannot be changed once
            created: give a new name for each deployment, or leave it empty.
        endpoint_config_tags: Tags for the endpoint configuration, as `{"key": "value"}`. Default:
            {}.
        resource_encryption_key: AWS KMS key (ID, ARN, alias or alias ARN) that encrypts the storage
            volumes of the endpoint's instances. Instance types with local NVMe storage encrypt it
            themselves, not with this key.
        update_endpoint: When an endpoint named `endpoint_name` already exists, update it: point it
            at the new configuration and wait until it is InService again (SageMaker moves the traffic
            to the new instances without downtime, as `deployment_config` says); it must be InService to
            be updated. When none exists, the endpoint is created. When false, the step never updates an
            endpoint: one of that name on another configuration fails the step. Default: False.
        variant_name_1: Name of production variant 1, the variant that serves `model_name_1`; the
            endpoint's metrics, traffic weights and autoscaling name variants by it. Not sent with
            `production_variants`. Default: variant-name-1.
        model_name_1: Name of the SageMaker model that variant 1 serves, an existing model in the
            endpoint's account and region, for example the `model_name` output of a model step. Give
            either this or `production_variants`.
        initial_instance_count_1: Number of instances variant 1 starts with; autoscaling may change
            it later. Default: 1.
        instance_type_1: ML instance type that variant 1 runs on, for example `ml.m5.large` or
            `ml.g5.xlarge`. A type missing from the component's list but of a listed size is accepted
            with a warning. Default: ml.m4.xlarge.
        initial_variant_weight_1: Weight of variant 1 in the endpoint's traffic, a number of 0 or
            more such as `1.0` or `0.5`: each variant gets its weight's share of the sum of all weights.
            Text, as in AWS's v1 component; sent as a number. Default: 1.0.
        accelerator_type_1: Elastic Inference accelerator for variant 1. SageMaker no longer offers
            Elastic Inference: leave it empty. Kept so that pipelines written for AWS's v1 component
            load unchanged.
        variant_name_2: Name of production variant 2, the variant that serves `model_name_2`. Sent
            only with `model_name_2`; not with `production_variants`. Default: variant-name-2.
        model_name_2: Name of the SageMaker model that a second variant serves. When empty, the
            endpoint has no variant 2 and the other `_2` arguments are not sent. Not sent with
            `production_variants`.
        initial_instance_count_2: Number of instances variant 2 starts with; autoscaling may change
            it later. Default: 1.
        instance_type_2: ML instance type that variant 2 runs on, for example `ml.m5.large`. A type
            missing from the component's list but of a listed size is accepted with a warning. Default:
            ml.m4.xlarge.
        initial_variant_weight_2: Weight of variant 2 in the endpoint's traffic, a number of 0 or
            more such as `1.0` or `0.5` (see `initial_variant_weight_1`). Default: 1.0.
        accelerator_type_2: Elastic Inference accelerator for variant 2; no longer offered by
            SageMaker: leave it empty.
        variant_name_3: Name of production variant 3, the variant that serves `model_name_3`. Sent
            only with `model_name_3`; not with `production_variants`. Default: variant-name-3.
        model_name_3: Name of the SageMaker model that a third variant serves; needs `model_name_2`.
            When empty, the endpoint has no variant 3 and the other `_3` arguments are not sent. Not
            sent with `production_variants`, which takes any number of variants.
        initial_instance_count_3: Number of instances variant 3 starts with; autoscaling may change
            it later. Default: 1.
        instance_type_3: ML instance type that variant 3 runs on, for example `ml.m5.large`. A type
            missing from the component's list but of a listed size is accepted with a warning. Default:
            ml.m4.xlarge.
        initial_variant_weight_3: Weight of variant 3 in the endpoint's traffic, a number of 0 or
            more such as `1.0` or `0.5` (see `initial_variant_weight_1`). Default: 1.0.
        accelerator_type_3: Elastic Inference accelerator for variant 3; no longer offered by
            SageMaker: leave it empty.
        production_variants: The endpoint's production variants as a list of up to 10 SageMaker
            `ProductionVariant` objects, each with a unique `VariantName`: for more than three variants,
            or for what the numbered arguments do not set (`ServerlessConfig`, `VolumeSizeInGB`,
            `ManagedInstanceScaling`, `RoutingConfig`, ...). For example `[{"VariantName": "AllTraffic",
            "ModelName": "mnist-kmeans-model", "InstanceType": "ml.m5.large", "InitialInstanceCount":
            1}]`, or a serverless one, `[{"VariantName": "AllTraffic", "ModelName":
            "mnist-kmeans-model", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}]`.
            Give either this or `model_name_1`; with it, no numbered variant argument is sent.
        shadow_production_variants: Shadow variants, `ProductionVariant` objects as in
            `production_variants`, that receive a copy of the requests the production variant serves, to
            test a model on live traffic; their responses do not reach clients. With a shadow variant,
            the endpoint has exactly one production variant and one shadow variant.
        role: ARN of the IAM role that SageMaker assumes for the endpoint, for an endpoint that
            hosts inference components (its variants, in `production_variants`, name no model). A
            variant that names a model acts with that model's role. The step's credentials need
            `iam:PassRole` on it.
        data_capture_config: Capture the endpoint's requests and responses to S3, for Model Monitor,
            as `{"InitialSamplingPercentage": 100, "DestinationS3Uri": "s3://bucket/capture",
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}`.
        async_inference_config: Make the endpoint asynchronous (clients call InvokeEndpointAsync and
            find the responses in S3), as `{"OutputConfig": {"S3OutputPath":
            "s3://bucket/async-results"}}`, with optional `ClientConfig`
            (`MaxConcurrentInvocationsPerInstance`) and SNS notifications in
            `OutputConfig.NotificationConfig`.
        explainer_config: Explain the endpoint's predictions online with SageMaker Clarify (SHAP
            values), as `{"ClarifyExplainerConfig": {"ShapConfig": {"ShapBaselineConfig":
            {"ShapBaselineUri": "s3://bucket/baseline.csv"}}}}`.
        metrics_config: The endpoint's CloudWatch metrics beyond the default, as
            `{"EnableEnhancedMetrics": true, "MetricPublishFrequencyInSeconds": 10}` (10, 30, 60, 120,
            180, 240 or 300 seconds; 60 when not set).
        tracing_config: Trace the endpoint's requests into its log group, as `{"EnableTracing":
            true, "InitialSamplingPercentage": 10}`; payloads over 512 KiB are cut in the trace and
            delivered whole to `LargePayloadDeliveryS3Uri` when it is given.
        cross_region_traffic_config: Cap the requests the endpoint accepts from inference routers in
            other AWS regions, as `{"MaxInvocationsPerSecondPerInstance": 100,
            "MaxCrossRegionPercentPerEndpoint": 20}`: the requests per second one instance serves, and
            the share of the endpoint's capacity in percent that other regions may use. Not with
            serverless variants or `async_inference_config`.
        vpc_security_group_ids: Comma-separated IDs of the VPC security groups of the endpoint's
            instances, for example `sg-0123456789abcdef0`. Give `vpc_subnets` with it.
        vpc_subnets: Comma-separated IDs of the VPC subnets the endpoint's instances run in. Give
            `vpc_security_group_ids` with it.
        network_isolation: Isolate every model container on the endpoint: no inbound or outbound
            network calls to or from them. When false, nothing is sent and each model's own network
            isolation applies. `False` (the default) means not set.
        deployment_config: How SageMaker moves the endpoint to a new configuration and when it goes
            back, as a `DeploymentConfig`: `BlueGreenUpdatePolicy` (a new fleet, the traffic shifted all
            at once, canary or linear) or `RollingUpdatePolicy` (in batches), and
            `AutoRollbackConfiguration` naming CloudWatch alarms that roll the update back; for example
            a 10% canary: `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY",
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}},
            "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "mnist-kmeans-5xx-errors"}]}}`. When
            empty, an update is blue/green, all at once. Sent when the endpoint is created and when it
            is updated.
        retain_all_variant_properties: When updating, keep the endpoint's current instance counts
            and variant weights (as autoscaling or earlier updates left them) instead of the new
            configuration's; see `exclude_retained_variant_properties`. `False` (the default) means not
            set.
        exclude_retained_variant_properties: With `retain_all_variant_properties`, the properties
            taken from the new configuration after all, as `[{"VariantPropertyType":
            "DesiredInstanceCount"}]`; the types are `DesiredInstanceCount`, `DesiredWeight` and
            `DataCaptureConfig`.
        retain_deployment_config: When updating, move the endpoint as its last deployment did (the
            deployment configuration it last used) instead of as `deployment_config` says. `False` (the
            default) means not set.
        stream_logs: Copy the endpoint's CloudWatch logs (its containers' output) into the step's
            log while the step waits for the endpoint. Default: True.
        dry_run: Check the arguments and print the CreateEndpointConfig and CreateEndpoint requests
            that would be sent, without calling AWS (so without knowing whether `update_endpoint` would
            update an existing endpoint instead). The step then exits with code 0 without writing any
            output. Default: False.
        name_from_request: Without a name given, name the endpoint after a digest of its request
            instead of after KFP's run and task: an identical request then finds the same endpoint (a
            retry, a rerun, another pipeline) and returns its name instead of creating another, and the
            typed function passes no run or task ID, so KFP can serve the step from its cache. To deploy
            again, change the request (a changed model under the same name does not change it). Default:
            False.
        kfp_run_id: ID of the KFP run, part of the generated endpoint name. The Python component
            passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.
        kfp_task_id: ID KFP gives the task, the same for every retry of it, part of the generated
            endpoint name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.
        kfp_task_name: Name of the task in the pipeline, part of the generated endpoint name. The
            Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.

    Returns:
        The pipeline task. Its outputs: endpoint_name.

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
