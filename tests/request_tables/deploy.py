"""Where each argument of the deploy component goes in its CreateEndpointConfig, CreateEndpoint and UpdateEndpoint
requests, written by hand from the API reference (docs.aws.amazon.com/sagemaker/latest/APIReference/
API_CreateEndpointConfig.html, API_CreateEndpoint.html, API_UpdateEndpoint.html), not from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.deploy.entrypoint import COMPONENT

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BASE = {"region": "us-east-1", "model_name_1": "model-a"}
#: The variants the numbered arguments make with the documented defaults (README), models a, b and c.
VARIANTS = [{"VariantName": f"variant-name-{n}", "ModelName": model, "InitialInstanceCount": 1,
             "InstanceType": "ml.m4.xlarge", "InitialVariantWeight": 1.0}
            for n, model in ((1, "model-a"), (2, "model-b"), (3, "model-c"))]
CONFIG, ENDPOINT, UPDATE = "CreateEndpointConfig", "CreateEndpoint", "UpdateEndpoint"
#: What BASE asks for, by operation; the step adds the names it decides and the digest tag.
BASE_REQUEST = {CONFIG: {"ProductionVariants": VARIANTS[:1]}, ENDPOINT: {}, UPDATE: {}}
PRODUCTION_VARIANTS = f"{CONFIG}.ProductionVariants"


def numbered(n: int, argument: str, value: object, field: str, sent: object = None) -> tuple[dict, dict]:
    """The row of an argument of variant n: variants 1 to n exist (model_name_2, _3 given), and n's
    `field` is `sent` (the value itself unless given)."""
    variants = [dict(variant) for variant in VARIANTS[:n]]
    variants[n - 1][field] = value if sent is None else sent
    models = {f"model_name_{m}": VARIANTS[m - 1]["ModelName"] for m in range(2, n + 1)}
    return {**models, argument: value}, {PRODUCTION_VARIANTS: variants}


PV = [{"VariantName": "AllTraffic", "ModelName": "model-p", "InstanceType": "ml.m5.large", "InitialInstanceCount": 2}]
PV3 = [{**PV[0], "VariantName": f"v{n}"} for n in range(1, 4)]
SHADOW = [{"VariantName": "shadow", "ModelName": "model-s", "InstanceType": "ml.m5.xlarge", "InitialInstanceCount": 1}]
DATA_CAPTURE = {"InitialSamplingPercentage": 100, "DestinationS3Uri": "s3://out/capture",
                "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}
ASYNC = {"OutputConfig": {"S3OutputPath": "s3://out/async"}}
EXPLAINER = {"ClarifyExplainerConfig": {"ShapConfig": {"ShapBaselineConfig": {"ShapBaselineUri": "s3://out/base.csv"}}}}
METRICS = {"EnableEnhancedMetrics": True, "MetricPublishFrequencyInSeconds": 10}
TRACING = {"EnableTracing": True, "InitialSamplingPercentage": 10}
CROSS_REGION = {"MaxInvocationsPerSecondPerInstance": 100, "MaxCrossRegionPercentPerEndpoint": 20}
DEPLOYMENT = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE",
                                                                        "WaitIntervalInSeconds": 300}}}
EXCLUDED = [{"VariantPropertyType": "DesiredInstanceCount"}]

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "assume_role": ({"assume_role": ROLE + "3"}, {}),
    # Keys in sorted order, as every runner passes a JSON object (test_runner_numbers).
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {f"{ENDPOINT}.Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "endpoint_name": ({"endpoint_name": "my-endpoint"}, {f"{ENDPOINT}.EndpointName": "my-endpoint"}),
    "update_endpoint": ({"update_endpoint": True}, {}),  # whether the step sends UpdateEndpoint, not what it holds
    "variant_name_1": numbered(1, "variant_name_1", "blue", "VariantName"),
    "model_name_1": numbered(1, "model_name_1", "model-x", "ModelName"),
    "initial_instance_count_1": numbered(1, "initial_instance_count_1", 2, "InitialInstanceCount"),
    "instance_type_1": numbered(1, "instance_type_1", "ml.c5.xlarge", "InstanceType"),
    "initial_variant_weight_1": numbered(1, "initial_variant_weight_1", "0.5", "InitialVariantWeight", 0.5),
    "accelerator_type_1": numbered(1, "accelerator_type_1", "ml.eia1.medium", "AcceleratorType"),
    "variant_name_2": numbered(2, "variant_name_2", "green", "VariantName"),
    "model_name_2": numbered(2, "model_name_2", "model-b", "ModelName"),
    "initial_instance_count_2": numbered(2, "initial_instance_count_2", 3, "InitialInstanceCount"),
    "instance_type_2": numbered(2, "instance_type_2", "ml.c5.2xlarge", "InstanceType"),
    "initial_variant_weight_2": numbered(2, "initial_variant_weight_2", "0.25", "InitialVariantWeight", 0.25),
    "accelerator_type_2": numbered(2, "accelerator_type_2", "ml.eia1.large", "AcceleratorType"),
    "variant_name_3": numbered(3, "variant_name_3", "red", "VariantName"),
    "model_name_3": numbered(3, "model_name_3", "model-c", "ModelName"),
    "initial_instance_count_3": numbered(3, "initial_instance_count_3", 4, "InitialInstanceCount"),
    "instance_type_3": numbered(3, "instance_type_3", "ml.c5.4xlarge", "InstanceType"),
    "initial_variant_weight_3": numbered(3, "initial_variant_weight_3", ".75", "InitialVariantWeight", 0.75),
    "accelerator_type_3": numbered(3, "accelerator_type_3", "ml.eia2.medium", "AcceleratorType"),
    # Instead of model_name_1 (a rule): the variants as given.
    "production_variants": ({"model_name_1": None, "production_variants": PV}, {PRODUCTION_VARIANTS: PV}),
    "shadow_production_variants": ({"shadow_production_variants": SHADOW},
                                   {f"{CONFIG}.ShadowProductionVariants": SHADOW}),
    "endpoint_config_name": ({"endpoint_config_name": "my-config-1"}, {f"{CONFIG}.EndpointConfigName": "my-config-1"}),
    "endpoint_config_tags": ({"endpoint_config_tags": {"stage": "prod"}},
                             {f"{CONFIG}.Tags": [{"Key": "stage", "Value": "prod"}]}),
    "role": ({"role": ROLE}, {f"{CONFIG}.ExecutionRoleArn": ROLE}),
    "data_capture_config": ({"data_capture_config": DATA_CAPTURE}, {f"{CONFIG}.DataCaptureConfig": DATA_CAPTURE}),
    "async_inference_config": ({"async_inference_config": ASYNC}, {f"{CONFIG}.AsyncInferenceConfig": ASYNC}),
    "explainer_config": ({"explainer_config": EXPLAINER}, {f"{CONFIG}.ExplainerConfig": EXPLAINER}),
    "metrics_config": ({"metrics_config": METRICS}, {f"{CONFIG}.MetricsConfig": METRICS}),
    "tracing_config": ({"tracing_config": TRACING}, {f"{CONFIG}.TracingConfig": TRACING}),
    "cross_region_traffic_config": ({"cross_region_traffic_config": CROSS_REGION},
                                    {f"{CONFIG}.CrossRegionTrafficConfig": CROSS_REGION}),
    "resource_encryption_key": ({"resource_encryption_key": KMS}, {f"{CONFIG}.KmsKeyId": KMS}),
    "vpc_security_group_ids": ({"vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
                               {f"{CONFIG}.VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"],
                                                        "Subnets": ["subnet-1"]}}),
    "vpc_subnets": ({"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1,subnet-2"},
                    {f"{CONFIG}.VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}),
    "network_isolation": ({"network_isolation": True}, {f"{CONFIG}.EnableNetworkIsolation": True}),
    # A member of CreateEndpoint and of UpdateEndpoint: the step gives the update the create request's members.
    "deployment_config": ({"deployment_config": DEPLOYMENT}, {f"{ENDPOINT}.DeploymentConfig": DEPLOYMENT}),
    "retain_all_variant_properties": ({"retain_all_variant_properties": True},
                                      {f"{UPDATE}.RetainAllVariantProperties": True}),
    "exclude_retained_variant_properties": ({"retain_all_variant_properties": True,
                                             "exclude_retained_variant_properties": EXCLUDED},
                                            {f"{UPDATE}.RetainAllVariantProperties": True,
                                             f"{UPDATE}.ExcludeRetainedVariantProperties": EXCLUDED}),
    "retain_deployment_config": ({"retain_deployment_config": True}, {f"{UPDATE}.RetainDeploymentConfig": True}),
    # The step's own arguments fill no request field.
    "stream_logs": ({"stream_logs": False}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "deploy"}, {}),
}


def variant_arguments(n: int) -> dict[str, object]:
    """The arguments of variant n but model_name_n, each set as in its row."""
    return {name: row[0][name] for name, row in TABLE.items() if name.endswith(f"_{n}") and "model_name" not in name}


#: Rules and conditions, each way: named case -> (arguments besides BASE, None to remove one; changes).
CASES = {
    "production_variants keeps out every numbered variant argument": (
        {**variant_arguments(1), **variant_arguments(2), **variant_arguments(3), "model_name_1": None,
         "model_name_2": "model-b", "model_name_3": "model-c", "production_variants": PV},
        {PRODUCTION_VARIANTS: PV}),
    # With three entries of its own, each numbered argument has an entry it could wrongly fill.
    "production_variants of three keeps the numbered arguments out of its entries": (
        {**variant_arguments(1), **variant_arguments(2), **variant_arguments(3), "model_name_1": None,
         "model_name_2": "model-b", "model_name_3": "model-c", "production_variants": PV3},
        {PRODUCTION_VARIANTS: PV3}),
    "variant 2's arguments without model_name_2 are not sent": (variant_arguments(2), {}),
    "variant 3's arguments without model_name_3 are not sent": ({**variant_arguments(3), "model_name_2": "model-b"},
                                                                {PRODUCTION_VARIANTS: VARIANTS[:2]}),
    "false flags are not sent": ({"network_isolation": False, "retain_all_variant_properties": False,
                                  "retain_deployment_config": False}, {}),
}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED = {
    "neither model_name_1 nor production_variants": ({"model_name_1": None}, {"model_name_1"}),
    # The missing model is the one problem: variant 1's other arguments wait for it.
    "variant 1's arguments without a model": ({"model_name_1": None, "accelerator_type_1": "ml.eia2.medium"},
                                              {"model_name_1"}),
    "model_name_1 and production_variants": ({"production_variants": PV}, {"model_name_1"}),
    "security groups without subnets": ({"vpc_security_group_ids": "sg-1"}, {"vpc_security_group_ids"}),
    "subnets without security groups": ({"vpc_subnets": "subnet-1"}, {"vpc_subnets"}),
    "excluded properties without retaining them": ({"exclude_retained_variant_properties": EXCLUDED},
                                                   {"exclude_retained_variant_properties"}),
    "model_name_3 without model_name_2": ({"model_name_3": "model-c"}, {"model_name_3"}),
}
