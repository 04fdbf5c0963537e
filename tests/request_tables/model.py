"""Where each argument of the model component goes in CreateModel, written by hand from the API reference
(docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html), not from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.model.entrypoint import COMPONENT
from request_tables import MISSING

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
MODEL_DATA = "s3://models/kmeans/model.tar.gz"
BASE = {"region": "us-east-1", "role": ROLE, "image": IMAGE, "model_artifact_url": MODEL_DATA}
#: What BASE asks for: the given fields and the component's documented defaults (README).
BASE_REQUEST = {
    "ExecutionRoleArn": ROLE,
    "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": MODEL_DATA},
    "EnableNetworkIsolation": True,
}
PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/mnist-kmeans/1"
CONTAINERS = [{"ContainerHostname": "prep", "Image": IMAGE + "0"},
              {"ContainerHostname": "serve", "Image": IMAGE, "ModelDataUrl": MODEL_DATA}]
#: Instead of the single container: no PrimaryContainer ("PrimaryContainer" or "Containers", never both).
PIPELINE = {"secondary_containers": CONTAINERS, "image": None, "model_artifact_url": None}
AS_PIPELINE = {"Containers": CONTAINERS, "PrimaryContainer": MISSING}
#: From the package instead of an image.
PACKAGED = {"model_package": PACKAGE, "image": None, "model_artifact_url": None}
AS_PACKAGED = {"PrimaryContainer": {"ModelPackageName": PACKAGE}}
IMAGE_CONFIG = {"RepositoryAccessMode": "Vpc", "RepositoryAuthConfig": {
    "RepositoryCredentialsProviderArn": "arn:aws:lambda:us-east-1:123456789012:function:registry-auth"}}
DATA_SOURCE = {"S3DataSource": {"S3Uri": "s3://models/kmeans/", "S3DataType": "S3Prefix", "CompressionType": "None"}}
MORE_DATA = [{"ChannelName": "draft", "S3DataSource": {"S3Uri": "s3://models/draft/", "S3DataType": "S3Prefix",
                                                       "CompressionType": "None"}}]
METRICS = {"MetricsEndpoints": [{"MetricsEndpointPath": "/metrics"}]}

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {"Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "model_name": ({"model_name": "kmeans-7"}, {"ModelName": "kmeans-7"}),
    "role": ({"role": ROLE + "2"}, {"ExecutionRoleArn": ROLE + "2"}),
    "container_host_name": ({"container_host_name": "serve-1"}, {"PrimaryContainer.ContainerHostname": "serve-1"}),
    "image": ({"image": IMAGE + "0"}, {"PrimaryContainer.Image": IMAGE + "0"}),
    "model_artifact_url": ({"model_artifact_url": "s3://models/other.tar.gz"},
                           {"PrimaryContainer.ModelDataUrl": "s3://models/other.tar.gz"}),
    "environment": ({"environment": {"MODE": "fast", "N": 2}},
                    {"PrimaryContainer.Environment": {"MODE": "fast", "N": "2"}}),
    "model_package": (PACKAGED, AS_PACKAGED),
    "secondary_containers": (PIPELINE, AS_PIPELINE),
    "vpc_security_group_ids": ({"vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
                               {"VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"], "Subnets": ["subnet-1"]}}),
    "vpc_subnets": ({"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1,subnet-2"},
                    {"VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}),
    "network_isolation": ({"network_isolation": False}, {"EnableNetworkIsolation": False}),
    "image_config": ({"image_config": IMAGE_CONFIG}, {"PrimaryContainer.ImageConfig": IMAGE_CONFIG}),
    "mode": ({"mode": "MultiModel"}, {"PrimaryContainer.Mode": "MultiModel"}),
    # Uncompressed model data instead of the archive.
    "model_data_source": ({"model_data_source": DATA_SOURCE, "model_artifact_url": None},
                          {"PrimaryContainer.ModelDataSource": DATA_SOURCE, "PrimaryContainer.ModelDataUrl": MISSING}),
    "additional_model_data_sources": ({"additional_model_data_sources": MORE_DATA},
                                      {"PrimaryContainer.AdditionalModelDataSources": MORE_DATA}),
    "multi_model_config": ({"multi_model_config": {"ModelCacheSetting": "Disabled"}},
                           {"PrimaryContainer.MultiModelConfig": {"ModelCacheSetting": "Disabled"}}),
    "container_metrics_config": ({"container_metrics_config": METRICS},
                                 {"PrimaryContainer.ContainerMetricsConfig": METRICS}),
    "inference_specification_name": ({**PACKAGED, "inference_specification_name": "gpu-spec"},
                                     {"PrimaryContainer": {"ModelPackageName": PACKAGE,
                                                           "InferenceSpecificationName": "gpu-spec"}}),
    "inference_execution_config": ({**PIPELINE, "inference_execution_config": {"Mode": "Direct"}},
                                   {**AS_PIPELINE, "InferenceExecutionConfig": {"Mode": "Direct"}}),
    # The step's own arguments fill no request field.
    "assume_role": ({"assume_role": ROLE + "3"}, {}),
    "job_exists_action": ({"job_exists_action": "fail"}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "model"}, {}),
}

#: Rules and conditions, each way: named case -> (arguments besides BASE, None to remove one; changes).
#: Each single-container field given with secondary_containers is not sent: the pipeline replaces the container.
CASES = {
    f"{name} with secondary_containers is not sent": ({**PIPELINE, name: value}, AS_PIPELINE)
    for name, value in {"container_host_name": "serve-1", "environment": {"MODE": "fast"}, "image_config": IMAGE_CONFIG,
                        "mode": "MultiModel", "model_data_source": DATA_SOURCE,
                        "additional_model_data_sources": MORE_DATA,
                        "multi_model_config": {"ModelCacheSetting": "Disabled"},
                        "container_metrics_config": METRICS}.items()
}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED = {
    "none of image, model_package and secondary_containers": ({"image": None, "model_artifact_url": None}, {"image"}),
    "image and model_package": ({"model_package": PACKAGE}, {"image"}),
    "image and secondary_containers": ({"secondary_containers": CONTAINERS}, {"image"}),
    "model_package and secondary_containers": ({**PIPELINE, "model_package": PACKAGE}, {"model_package"}),
    "all of image, model_package and secondary_containers": (
        {"model_package": PACKAGE, "secondary_containers": CONTAINERS}, {"image"}),
    "model_artifact_url without image": ({**PACKAGED, "model_artifact_url": MODEL_DATA}, {"model_artifact_url"}),
    "inference_specification_name without model_package": ({"inference_specification_name": "gpu-spec"},
                                                           {"inference_specification_name"}),
    "inference_execution_config without secondary_containers": ({"inference_execution_config": {"Mode": "Serial"}},
                                                                {"inference_execution_config"}),
    "security groups without subnets": ({"vpc_security_group_ids": "sg-1"}, {"vpc_security_group_ids"}),
    "subnets without security groups": ({"vpc_subnets": "subnet-1"}, {"vpc_subnets"}),
}
