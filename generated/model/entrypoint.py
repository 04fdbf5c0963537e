# Generated from specs/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Model component: `python3 -m sagemaker_kfp_components.model.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="model",
    version="0.1.0",
    job=JobKind(
        'Model',
        log_group=None,
        name_prefix='Model',
        console_page='models',
        succeeded='Completed',
        unsuccessful=(),
        name_max_length=63,
        stoppable=False,
        has_status=False,
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('model_name', 'String', 'ModelName'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.model.entrypoint", description='Creates an AWS SageMaker model as a pipeline step and outputs its name for an endpoint or batch transform.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the model is created in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile).")
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the model, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--model_name", metavar="TEXT", help='Name of the model, unique within the AWS account and region, for example `kmeans-mnist-model`. When empty, the name is `Model-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its model again, and `Model-<YYYYmmddHHMMSS>-<random>` otherwise. Later steps take the name from the `model_name` output.')
    arguments.add_argument("--role", metavar="TEXT", help='ARN of the IAM role that SageMaker assumes to pull the image and the model artifacts when the model is deployed or used for batch transform. Required.')
    arguments.add_argument("--container_host_name", metavar="TEXT", help='Host name of the container, which names it in logs and metrics when it is part of an inference pipeline; SageMaker ignores it for a model with one container. Not sent when `secondary_containers` is given (give each of those containers its `ContainerHostname`).')
    arguments.add_argument("--image", metavar="TEXT", help="Registry path of the inference image, `registry/repository[:tag]` or `registry/repository[@digest]`, for example the region's k-means image `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give exactly one of `image`, `model_package` and `secondary_containers`.")
    arguments.add_argument("--model_artifact_url", metavar="TEXT", help="S3 URL of the model's artifacts, a single `.tar.gz` archive, for example a training step's `model_artifact_url` output. Needs `image`. A built-in algorithm's image needs it; leave it empty for an image that holds its model.")
    arguments.add_argument("--environment", metavar="JSON", help='Environment variables of the container, as `{"NAME": "value"}` (numbers and booleans are sent as text). Not sent when `secondary_containers` is given (give each of those containers its `Environment`). Hold no secrets here: they are visible in the model\'s description. Default: {}.')
    arguments.add_argument("--model_package", metavar="TEXT", help="Name or ARN of the model package (a versioned package's ARN ends in `/<version>`) to create the model from, instead of an image. Give exactly one of `image`, `model_package` and `secondary_containers`.")
    arguments.add_argument("--secondary_containers", metavar="JSON", help='The containers of an inference pipeline, a list of SageMaker `ContainerDefinition` objects, for example `[{"ContainerHostname": "prep", "Image": "<registry>/prep:1"}, {"ContainerHostname": "serve", "Image": "<registry>/serve:1", "ModelDataUrl": "s3://bucket/model.tar.gz"}]`. As in AWS\'s v1 component, they replace the single container: `image`, `model_package` and `model_artifact_url` must then be empty, and the other container arguments are not sent.')
    arguments.add_argument("--vpc_security_group_ids", metavar="TEXT", help="Comma-separated IDs of the VPC security groups of the model's containers, for example `sg-0123456789abcdef0`. Give `vpc_subnets` with it.")
    arguments.add_argument("--vpc_subnets", metavar="TEXT", help="Comma-separated IDs of the VPC subnets the model's containers run in. Give `vpc_security_group_ids` with it.")
    arguments.add_argument("--network_isolation", metavar="true|false", help="Isolate the model's containers: no inbound or outbound network calls to or from them (true, as in AWS's v1 component). Turn it off for containers that must reach the network. Default: True.")
    arguments.add_argument("--image_config", metavar="JSON", help='Where the image is pulled from: `{"RepositoryAccessMode": "Platform"}` for Amazon ECR (what empty means), or `{"RepositoryAccessMode": "Vpc", "RepositoryAuthConfig": {"RepositoryCredentialsProviderArn": "<Lambda ARN>"}}` for a private registry in the VPC. Not sent with `secondary_containers`.')
    arguments.add_argument("--mode", metavar="TEXT", help="Whether the container serves one model or many (a multi-model endpoint, with `model_artifact_url` an S3 prefix); empty means SageMaker's default, `SingleModel`. Not sent with `secondary_containers`.")
    arguments.add_argument("--model_data_source", metavar="JSON", help='Where uncompressed model data is, instead of `model_artifact_url`, for example `{"S3DataSource": {"S3Uri": "s3://bucket/model/", "S3DataType": "S3Prefix", "CompressionType": "None"}}`. Not sent with `secondary_containers`.')
    arguments.add_argument("--additional_model_data_sources", metavar="JSON", help='More model data for the container, each with a `ChannelName` and an `S3DataSource`, for example a draft model for speculative decoding. Not sent with `secondary_containers`.')
    arguments.add_argument("--multi_model_config", metavar="JSON", help='Settings of a multi-model container, for example `{"ModelCacheSetting": "Disabled"}`. Not sent with `secondary_containers`.')
    arguments.add_argument("--container_metrics_config", metavar="JSON", help='Where SageMaker scrapes the container\'s metrics, for example `{"MetricsEndpoints": [{"Path": "/metrics", "Port": 8080}]}`. Not sent with `secondary_containers`.')
    arguments.add_argument("--inference_specification_name", metavar="TEXT", help='Which inference specification of the model package version to use, when it has several. Needs `model_package`.')
    arguments.add_argument("--inference_execution_config", metavar="JSON", help='How the endpoint calls the containers of `secondary_containers`: `{"Mode": "Serial"}` (an inference pipeline, each container\'s output the next one\'s input; what empty means) or `{"Mode": "Direct"}` (each container called on its own). Needs `secondary_containers`.')
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a model with the same name already exists, as after a retry or a pod restart: `attach` uses that model and outputs its name, if it was created from the same definition (otherwise the step fails, naming what differs); `fail` ends the step with an error. Default: attach.')
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateModel request that would be sent, without calling AWS. The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the model after a digest of its request instead of after KFP's run and task: an identical request then finds the same model (a retry, a rerun, another pipeline) and returns its results instead of starting another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To create again, change the request (a changed file under the same S3 URI does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated model name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated model name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated model name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--model_name_output_path", metavar="PATH", help='File to write the output model_name to: Name of the model, for an endpoint configuration or a batch transform step.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
