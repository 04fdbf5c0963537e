# Generated from specs/deploy.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Deploy component: `python3 -m sagemaker_kfp_components.deploy.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="deploy",
    version="0.1.0",
    job=JobKind(
        'Endpoint',
        log_group='/aws/sagemaker/Endpoints/{name}',
        name_prefix='Endpoint',
        console_page='endpoints',
        succeeded='InService',
        unsuccessful=('OutOfService', 'Failed', 'UpdateRollbackFailed'),
        name_max_length=63,
        failure_fields=('FailureReason',),
        stoppable=False,
        log_streams='',
        config='EndpointConfig',
        update='UpdateEndpoint',
        update_argument='update_endpoint',
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('endpoint_name', 'String', 'EndpointName'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.deploy.entrypoint", description="Deploys models to an AWS SageMaker real-time endpoint as a pipeline step and outputs the endpoint's name.", allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the endpoint is deployed in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint; not the endpoint this step deploys. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile); the assumed role's credentials are refreshed while the step waits.")
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the endpoint, as `{"key": "value"}`. Not applied when an existing endpoint is updated (`update_endpoint`), as an update takes no tags. The configuration\'s tags are `endpoint_config_tags`. Default: {}.')
    arguments.add_argument("--endpoint_name", metavar="TEXT", help='Name of the endpoint, unique within the AWS account and region regardless of case; clients call the endpoint by it. When empty, the name is `Endpoint-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its endpoint again, and `Endpoint-<YYYYmmddHHMMSS>-<random>` otherwise. Give it to update an existing endpoint.')
    arguments.add_argument("--endpoint_config_name", metavar="TEXT", help="Name of the endpoint configuration the step creates, unique within the AWS account and region. When empty, the name is derived from the configuration's request, so a retried step finds the configuration it created. A configuration cannot be changed once created: give a new name for each deployment, or leave it empty.")
    arguments.add_argument("--endpoint_config_tags", metavar="JSON", help='Tags for the endpoint configuration, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--resource_encryption_key", metavar="TEXT", help="AWS KMS key (ID, ARN, alias or alias ARN) that encrypts the storage volumes of the endpoint's instances. Instance types with local NVMe storage encrypt it themselves, not with this key.")
    arguments.add_argument("--update_endpoint", metavar="true|false", help='When an endpoint named `endpoint_name` already exists, update it: point it at the new configuration and wait until it is InService again (SageMaker moves the traffic to the new instances without downtime, as `deployment_config` says); it must be InService to be updated. When none exists, the endpoint is created. When false, the step never updates an endpoint: one of that name on another configuration fails the step. Default: False.')
    arguments.add_argument("--variant_name_1", metavar="TEXT", help="Name of production variant 1, the variant that serves `model_name_1`; the endpoint's metrics, traffic weights and autoscaling name variants by it. Not sent with `production_variants`. Default: variant-name-1.")
    arguments.add_argument("--model_name_1", metavar="TEXT", help="Name of the SageMaker model that variant 1 serves, an existing model in the endpoint's account and region, for example the `model_name` output of a model step. Give either this or `production_variants`.")
    arguments.add_argument("--initial_instance_count_1", metavar="INTEGER", help='Number of instances variant 1 starts with; autoscaling may change it later. Default: 1.')
    arguments.add_argument("--instance_type_1", metavar="TEXT", help="ML instance type that variant 1 runs on, for example `ml.m5.large` or `ml.g5.xlarge`. A type missing from the component's list but of a listed size is accepted with a warning. Default: ml.m4.xlarge.")
    arguments.add_argument("--initial_variant_weight_1", metavar="TEXT", help="Weight of variant 1 in the endpoint's traffic, a number of 0 or more such as `1.0` or `0.5`: each variant gets its weight's share of the sum of all weights. Text, as in AWS's v1 component; sent as a number. Default: 1.0.")
    arguments.add_argument("--accelerator_type_1", metavar="TEXT", help="Elastic Inference accelerator for variant 1. SageMaker no longer offers Elastic Inference: leave it empty. Kept so that pipelines written for AWS's v1 component load unchanged.")
    arguments.add_argument("--variant_name_2", metavar="TEXT", help='Name of production variant 2, the variant that serves `model_name_2`. Sent only with `model_name_2`; not with `production_variants`. Default: variant-name-2.')
    arguments.add_argument("--model_name_2", metavar="TEXT", help='Name of the SageMaker model that a second variant serves. When empty, the endpoint has no variant 2 and the other `_2` arguments are not sent. Not sent with `production_variants`.')
    arguments.add_argument("--initial_instance_count_2", metavar="INTEGER", help='Number of instances variant 2 starts with; autoscaling may change it later. Default: 1.')
    arguments.add_argument("--instance_type_2", metavar="TEXT", help="ML instance type that variant 2 runs on, for example `ml.m5.large`. A type missing from the component's list but of a listed size is accepted with a warning. Default: ml.m4.xlarge.")
    arguments.add_argument("--initial_variant_weight_2", metavar="TEXT", help="Weight of variant 2 in the endpoint's traffic, a number of 0 or more such as `1.0` or `0.5` (see `initial_variant_weight_1`). Default: 1.0.")
    arguments.add_argument("--accelerator_type_2", metavar="TEXT", help='Elastic Inference accelerator for variant 2; no longer offered by SageMaker: leave it empty.')
    arguments.add_argument("--variant_name_3", metavar="TEXT", help='Name of production variant 3, the variant that serves `model_name_3`. Sent only with `model_name_3`; not with `production_variants`. Default: variant-name-3.')
    arguments.add_argument("--model_name_3", metavar="TEXT", help='Name of the SageMaker model that a third variant serves; needs `model_name_2`. When empty, the endpoint has no variant 3 and the other `_3` arguments are not sent. Not sent with `production_variants`, which takes any number of variants.')
    arguments.add_argument("--initial_instance_count_3", metavar="INTEGER", help='Number of instances variant 3 starts with; autoscaling may change it later. Default: 1.')
    arguments.add_argument("--instance_type_3", metavar="TEXT", help="ML instance type that variant 3 runs on, for example `ml.m5.large`. A type missing from the component's list but of a listed size is accepted with a warning. Default: ml.m4.xlarge.")
    arguments.add_argument("--initial_variant_weight_3", metavar="TEXT", help="Weight of variant 3 in the endpoint's traffic, a number of 0 or more such as `1.0` or `0.5` (see `initial_variant_weight_1`). Default: 1.0.")
    arguments.add_argument("--accelerator_type_3", metavar="TEXT", help='Elastic Inference accelerator for variant 3; no longer offered by SageMaker: leave it empty.')
    arguments.add_argument("--production_variants", metavar="JSON", help='The endpoint\'s production variants as a list of up to 10 SageMaker `ProductionVariant` objects, each with a unique `VariantName`: for more than three variants, or for what the numbered arguments do not set (`ServerlessConfig`, `VolumeSizeInGB`, `ManagedInstanceScaling`, `RoutingConfig`, ...). For example `[{"VariantName": "AllTraffic", "ModelName": "mnist-kmeans-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}]`, or a serverless one, `[{"VariantName": "AllTraffic", "ModelName": "mnist-kmeans-model", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}]`. Give either this or `model_name_1`; with it, no numbered variant argument is sent.')
    arguments.add_argument("--shadow_production_variants", metavar="JSON", help='Shadow variants, `ProductionVariant` objects as in `production_variants`, that receive a copy of the requests the production variant serves, to test a model on live traffic; their responses do not reach clients. With a shadow variant, the endpoint has exactly one production variant and one shadow variant.')
    arguments.add_argument("--role", metavar="TEXT", help="ARN of the IAM role that SageMaker assumes for the endpoint, for an endpoint that hosts inference components (its variants, in `production_variants`, name no model). A variant that names a model acts with that model's role. The step's credentials need `iam:PassRole` on it.")
    arguments.add_argument("--data_capture_config", metavar="JSON", help='Capture the endpoint\'s requests and responses to S3, for Model Monitor, as `{"InitialSamplingPercentage": 100, "DestinationS3Uri": "s3://bucket/capture", "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}`.')
    arguments.add_argument("--async_inference_config", metavar="JSON", help='Make the endpoint asynchronous (clients call InvokeEndpointAsync and find the responses in S3), as `{"OutputConfig": {"S3OutputPath": "s3://bucket/async-results"}}`, with optional `ClientConfig` (`MaxConcurrentInvocationsPerInstance`) and SNS notifications in `OutputConfig.NotificationConfig`.')
    arguments.add_argument("--explainer_config", metavar="JSON", help='Explain the endpoint\'s predictions online with SageMaker Clarify (SHAP values), as `{"ClarifyExplainerConfig": {"ShapConfig": {"ShapBaselineConfig": {"ShapBaselineUri": "s3://bucket/baseline.csv"}}}}`.')
    arguments.add_argument("--metrics_config", metavar="JSON", help='The endpoint\'s CloudWatch metrics beyond the default, as `{"EnableEnhancedMetrics": true, "MetricPublishFrequencyInSeconds": 10}` (10, 30, 60, 120, 180, 240 or 300 seconds; 60 when not set).')
    arguments.add_argument("--tracing_config", metavar="JSON", help='Trace the endpoint\'s requests into its log group, as `{"EnableTracing": true, "InitialSamplingPercentage": 10}`; payloads over 512 KiB are cut in the trace and delivered whole to `LargePayloadDeliveryS3Uri` when it is given.')
    arguments.add_argument("--cross_region_traffic_config", metavar="JSON", help='Cap the requests the endpoint accepts from inference routers in other AWS regions, as `{"MaxInvocationsPerSecondPerInstance": 100, "MaxCrossRegionPercentPerEndpoint": 20}`: the requests per second one instance serves, and the share of the endpoint\'s capacity in percent that other regions may use. Not with serverless variants or `async_inference_config`.')
    arguments.add_argument("--vpc_security_group_ids", metavar="TEXT", help="Comma-separated IDs of the VPC security groups of the endpoint's instances, for example `sg-0123456789abcdef0`. Give `vpc_subnets` with it.")
    arguments.add_argument("--vpc_subnets", metavar="TEXT", help="Comma-separated IDs of the VPC subnets the endpoint's instances run in. Give `vpc_security_group_ids` with it.")
    arguments.add_argument("--network_isolation", metavar="true|false", help="Isolate every model container on the endpoint: no inbound or outbound network calls to or from them. When false, nothing is sent and each model's own network isolation applies. `False` (the default) means not set.")
    arguments.add_argument("--deployment_config", metavar="JSON", help='How SageMaker moves the endpoint to a new configuration and when it goes back, as a `DeploymentConfig`: `BlueGreenUpdatePolicy` (a new fleet, the traffic shifted all at once, canary or linear) or `RollingUpdatePolicy` (in batches), and `AutoRollbackConfiguration` naming CloudWatch alarms that roll the update back; for example a 10%% canary: `{"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}}, "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "mnist-kmeans-5xx-errors"}]}}`. When empty, an update is blue/green, all at once. Sent when the endpoint is created and when it is updated.')
    arguments.add_argument("--retain_all_variant_properties", metavar="true|false", help="When updating, keep the endpoint's current instance counts and variant weights (as autoscaling or earlier updates left them) instead of the new configuration's; see `exclude_retained_variant_properties`. `False` (the default) means not set.")
    arguments.add_argument("--exclude_retained_variant_properties", metavar="JSON", help='With `retain_all_variant_properties`, the properties taken from the new configuration after all, as `[{"VariantPropertyType": "DesiredInstanceCount"}]`; the types are `DesiredInstanceCount`, `DesiredWeight` and `DataCaptureConfig`.')
    arguments.add_argument("--retain_deployment_config", metavar="true|false", help='When updating, move the endpoint as its last deployment did (the deployment configuration it last used) instead of as `deployment_config` says. `False` (the default) means not set.')
    arguments.add_argument("--stream_logs", metavar="true|false", help="Copy the endpoint's CloudWatch logs (its containers' output) into the step's log while the step waits for the endpoint. Default: True.")
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateEndpointConfig and CreateEndpoint requests that would be sent, without calling AWS (so without knowing whether `update_endpoint` would update an existing endpoint instead). The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the endpoint after a digest of its request instead of after KFP's run and task: an identical request then finds the same endpoint (a retry, a rerun, another pipeline) and returns its name instead of creating another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To deploy again, change the request (a changed model under the same name does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated endpoint name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated endpoint name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated endpoint name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--endpoint_name_output_path", metavar="PATH", help='File to write the output endpoint_name to: Name of the endpoint, for clients (InvokeEndpoint) and later steps.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
