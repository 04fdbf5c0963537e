# Generated from specs/processing.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Processing component: `python3 -m sagemaker_kfp_components.processing.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="processing",
    version="0.1.0",
    job=JobKind(
        'ProcessingJob',
        log_group='/aws/sagemaker/ProcessingJobs',
        name_prefix='ProcessingJob',
        console_page='processing-jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped'),
        name_max_length=63,
        instance_count='ProcessingResources.ClusterConfig',
        failure_fields=('FailureReason', 'ExitMessage'),
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('job_name', 'String', 'ProcessingJobName'),
        Output('job_arn', 'String', 'ProcessingJobArn'),
        Output(
        'output_artifacts',
        'JsonObject',
        'ProcessingOutputConfig.Outputs',
        convert='output_uri_map',
    ),
        Output('output_location_1', 'String', 'ProcessingOutputConfig.Outputs[0].S3Output.S3Uri'),
        Output('output_location_2', 'String', 'ProcessingOutputConfig.Outputs[1].S3Output.S3Uri'),
        Output('output_location_3', 'String', 'ProcessingOutputConfig.Outputs[2].S3Output.S3Uri'),
        Output('output_location_4', 'String', 'ProcessingOutputConfig.Outputs[3].S3Output.S3Uri'),
        Output('output_location_5', 'String', 'ProcessingOutputConfig.Outputs[4].S3Output.S3Uri'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.processing.entrypoint", description='Runs an AWS SageMaker processing job as a pipeline step and outputs where it wrote its results.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the processing job runs in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.")
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the processing job, unique within the AWS account and region. When empty, the name is `ProcessingJob-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its job again, and `ProcessingJob-<YYYYmmddHHMMSS>-<random>` otherwise.')
    arguments.add_argument("--role", metavar="TEXT", help='ARN of the IAM role that SageMaker assumes to run the job. Required.')
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the processing job, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--image", metavar="TEXT", help='Registry path of the Docker image that runs the processing, for example a SageMaker scikit-learn or Spark image. Required.')
    arguments.add_argument("--container_entrypoint", metavar="JSON", help='Entrypoint of the processing container, replacing the image\'s, as a list such as `["python3", "/opt/ml/processing/code/preprocess.py"]`. Default: [].')
    arguments.add_argument("--container_arguments", metavar="JSON", help='Arguments for the container\'s entrypoint, as a list such as `["--split", "0.2"]`. Default: [].')
    arguments.add_argument("--environment", metavar="JSON", help='Environment variables for the processing container, as `{"NAME": "value"}`; numbers and booleans are sent as text. Values of names that look secret (password, secret, token, key) are masked in the step\'s log. Default: {}.')
    arguments.add_argument("--input_config", metavar="JSON", help='Inputs to download into the processing container, a list of SageMaker `ProcessingInput` objects, for example `[{"InputName": "raw", "S3Input": {"S3Uri": "s3://bucket/raw", "LocalPath": "/opt/ml/processing/input", "S3DataType": "S3Prefix", "S3InputMode": "File"}}]`.')
    arguments.add_argument("--input_location_1", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of input 1 in `input_config`, so that an upstream step's output can feed the input. Input 1 must exist and read from S3.")
    arguments.add_argument("--input_location_2", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of input 2 in `input_config`, so that an upstream step's output can feed the input. Input 2 must exist and read from S3.")
    arguments.add_argument("--input_location_3", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of input 3 in `input_config`, so that an upstream step's output can feed the input. Input 3 must exist and read from S3.")
    arguments.add_argument("--input_location_4", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of input 4 in `input_config`, so that an upstream step's output can feed the input. Input 4 must exist and read from S3.")
    arguments.add_argument("--input_location_5", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of input 5 in `input_config`, so that an upstream step's output can feed the input. Input 5 must exist and read from S3.")
    arguments.add_argument("--output_config", metavar="JSON", help='Outputs to upload from the processing container, a list of SageMaker `ProcessingOutput` objects, for example `[{"OutputName": "train", "S3Output": {"S3Uri": "s3://bucket/train", "LocalPath": "/opt/ml/processing/train", "S3UploadMode": "EndOfJob"}}]`.')
    arguments.add_argument("--instance_type", metavar="TEXT", help='ML compute instance type the job runs on, for example `ml.m5.xlarge`. Not sent when `instance_preferences` is given. Default: ml.m4.xlarge.')
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances the job runs on; more than one for distributed processing. Default: 1.')
    arguments.add_argument("--volume_size", metavar="INTEGER", help='Size in GB of the storage volume attached to each instance. Instance types with local NVMe storage use that instead, and refuse a size larger than it. Default: 30.')
    arguments.add_argument("--max_run_time", metavar="INTEGER", help='Longest the job may run, in seconds (at most 9 days); SageMaker stops it after that. Default: 86400.')
    arguments.add_argument("--instance_preferences", metavar="JSON", help='Instance types to try in order until one has capacity, as `[{"InstanceType": "ml.m5.xlarge"}, {"InstanceType": "ml.c5.xlarge"}]`; `instance_count` applies to whichever is chosen, so give no `InstanceCount` in them. When given, `instance_type` is not sent.')
    arguments.add_argument("--resource_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of the instances. Instance types with local NVMe storage encrypt it themselves and refuse a key.')
    arguments.add_argument("--output_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts every output the job uploads to S3; needs `output_config`.')
    arguments.add_argument("--vpc_security_group_ids", metavar="TEXT", help='Comma-separated IDs of the VPC security groups for the processing instances, for example `sg-0a1b2c3d`. Needs `vpc_subnets`.')
    arguments.add_argument("--vpc_subnets", metavar="TEXT", help='Comma-separated IDs of the VPC subnets the processing instances run in, for example `subnet-0a1b2c3d`. Needs `vpc_security_group_ids`.')
    arguments.add_argument("--network_isolation", metavar="true|false", help='Isolate the processing container from the network: no inbound or outbound calls, not even to AWS services. Turn it off for code that needs the network. Default: True.')
    arguments.add_argument("--traffic_encryption", metavar="true|false", help='Encrypt the traffic between the instances of a distributed processing job. Default: False.')
    arguments.add_argument("--experiment_config", metavar="JSON", help='SageMaker Experiments association, as `{"ExperimentName": ..., "TrialName": ..., "RunName": ...}`. Default: {}.')
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a processing job with the same name already exists, as after a retry or a pod restart: `attach` follows that job to its end instead of starting another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should run again); `fail` ends the step with an error. Default: attach.')
    arguments.add_argument("--stream_logs", metavar="true|false", help="Copy the job's CloudWatch logs into the step's log while the job runs. Default: True.")
    arguments.add_argument("--stop_on_termination", metavar="true|false", help='When the step is terminated (the run is cancelled or the pod is deleted), stop the processing job instead of leaving it running. Default: True.')
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateProcessingJob request that would be sent, without calling AWS. The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the processing job after a digest of its request instead of after KFP's run and task: an identical request then finds the same processing job (a retry, a rerun, another pipeline) and returns its results instead of starting another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To run again, change the request (a changed file under the same S3 URI does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated job name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--job_name_output_path", metavar="PATH", help='File to write the output job_name to: Name of the processing job.')
    outputs.add_argument("--job_arn_output_path", metavar="PATH", help='File to write the output job_arn to: ARN of the processing job.')
    outputs.add_argument("--output_artifacts_output_path", metavar="PATH", help='File to write the output output_artifacts to: S3 URI of each output, as `{"output name": "s3://..."}`.')
    outputs.add_argument("--output_location_1_output_path", metavar="PATH", help='File to write the output output_location_1 to: S3 URI of output 1 of `output_config`, for a later step to take as plain text; empty when there is none.')
    outputs.add_argument("--output_location_2_output_path", metavar="PATH", help='File to write the output output_location_2 to: S3 URI of output 2 of `output_config`, for a later step to take as plain text; empty when there is none.')
    outputs.add_argument("--output_location_3_output_path", metavar="PATH", help='File to write the output output_location_3 to: S3 URI of output 3 of `output_config`, for a later step to take as plain text; empty when there is none.')
    outputs.add_argument("--output_location_4_output_path", metavar="PATH", help='File to write the output output_location_4 to: S3 URI of output 4 of `output_config`, for a later step to take as plain text; empty when there is none.')
    outputs.add_argument("--output_location_5_output_path", metavar="PATH", help='File to write the output output_location_5 to: S3 URI of output 5 of `output_config`, for a later step to take as plain text; empty when there is none.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
