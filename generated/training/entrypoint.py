# Generated from specs/training.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Training component: `python3 -m sagemaker_kfp_components.training.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="training",
    version="0.1.0",
    job=JobKind(
        'TrainingJob',
        log_group='/aws/sagemaker/TrainingJobs',
        name_prefix='TrainingJob',
        console_page='jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped'),
        name_max_length=63,
        instance_count='ResourceConfig',
        failure_fields=('FailureReason',),
        hooks=('algorithm_image',),
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('model_artifact_url', 'String', 'ModelArtifacts.S3ModelArtifacts'),
        Output('job_name', 'String', 'TrainingJobName'),
        Output('job_arn', 'String', 'TrainingJobArn'),
        Output('training_image', 'String', 'AlgorithmSpecification.TrainingImage'),
        Output('final_metrics', 'JsonObject', 'FinalMetricDataList', convert='metric_map'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.training.entrypoint", description="Runs an AWS SageMaker training job as a pipeline step and outputs the model's S3 URL.", allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the training job runs in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the training job, unique within the AWS account and region. When empty, the name is `TrainingJob-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its job again, and `TrainingJob-<YYYYmmddHHMMSS>-<random>` otherwise.')
    arguments.add_argument("--role", metavar="TEXT", help='ARN of the IAM role that SageMaker assumes to run the job. Required.')
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the training job, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--image", metavar="TEXT", help='Registry path of the Docker image that holds the training algorithm, for example `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give either this or `algorithm_name`.')
    arguments.add_argument("--algorithm_name", metavar="TEXT", help="A SageMaker built-in algorithm, by name in any case (`k-means` or `kmeans`, `XGBoost`, `image classification`, `seq2seq modeling`, ...; `name:version` picks a version), which trains with that algorithm's image in the job's region; or the name or ARN of an algorithm resource (for example one from AWS Marketplace). Give either this or `image`.")
    arguments.add_argument("--metric_definitions", metavar="JSON", help='Metrics to extract from the job\'s logs, as `{"metric name": "regular expression"}`; the first group of the expression captures the value. Needs `image`, or a built-in algorithm\'s name in `algorithm_name`: an algorithm resource defines its own metrics. Default: {}.')
    arguments.add_argument("--training_input_mode", metavar="TEXT", help='How the algorithm reads its input data: `File` copies it to the instance first, `FastFile` streams it from S3 on demand, `Pipe` streams it through a Unix pipe. Default: File.')
    arguments.add_argument("--hyperparameters", metavar="JSON", help='Hyperparameters for the algorithm, as `{"name": "value"}`. Numbers and booleans are sent as text, as SageMaker requires. Default: {}.')
    arguments.add_argument("--environment", metavar="JSON", help='Environment variables for the training container, as `{"NAME": "value"}`. Values of names that look secret (password, secret, token, key) are masked in the step\'s log. Default: {}.')
    arguments.add_argument("--container_entrypoint", metavar="JSON", help='Entrypoint of the training container, replacing the image\'s, as a list such as `["python", "train.py"]`. Default: [].')
    arguments.add_argument("--container_arguments", metavar="JSON", help='Arguments for the container\'s entrypoint, as a list such as `["--epochs", "10"]`. Default: [].')
    arguments.add_argument("--channels", metavar="JSON", help='Input channels, a list of SageMaker `Channel` objects, each with a unique `ChannelName` and a `DataSource`, for example `[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}]`. Required.')
    arguments.add_argument("--data_location_1", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 1 in `channels`, so that an upstream step's output can feed the channel. Channel 1 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_2", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 2 in `channels`, so that an upstream step's output can feed the channel. Channel 2 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_3", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 3 in `channels`, so that an upstream step's output can feed the channel. Channel 3 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_4", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 4 in `channels`, so that an upstream step's output can feed the channel. Channel 4 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_5", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 5 in `channels`, so that an upstream step's output can feed the channel. Channel 5 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_6", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 6 in `channels`, so that an upstream step's output can feed the channel. Channel 6 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_7", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 7 in `channels`, so that an upstream step's output can feed the channel. Channel 7 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--data_location_8", metavar="TEXT", help="S3 URI that replaces the `S3Uri` of channel 8 in `channels`, so that an upstream step's output can feed the channel. Channel 8 must exist and read from S3 (have an `S3DataSource`).")
    arguments.add_argument("--instance_type", metavar="TEXT", help="ML compute instance type, for example `ml.m5.xlarge` or `ml.p4d.24xlarge`. A type missing from the component's list but of a listed size (`ml.<new family>.xlarge`) is accepted with a warning. Not sent when `instance_groups` is given. Default: ml.m4.xlarge.")
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances to train on; more than one needs an algorithm that supports distributed training. Not sent when `instance_groups` is given. Default: 1.')
    arguments.add_argument("--volume_size", metavar="INTEGER", help='Size in GB of the storage volume attached to each instance, for the input data in `File` mode and for checkpoints. Instances with local NVMe storage (ml.p4d, ml.g5, ...) use that instead. Default: 30.')
    arguments.add_argument("--max_run_time", metavar="INTEGER", help='Longest the job may train, in seconds (at most 28 days); SageMaker stops it after that. Default: 86400.')
    arguments.add_argument("--instance_groups", metavar="JSON", help='Heterogeneous clusters: a list of up to 5 `{"InstanceGroupName": ..., "InstanceType": ..., "InstanceCount": ...}`. When given, `instance_type` and `instance_count` are not sent. Default: [].')
    arguments.add_argument("--keep_alive_period", metavar="INTEGER", help='Seconds to keep the instances warm after the job for a following job to reuse (SageMaker managed warm pools). `-1` (the default) means not set.')
    arguments.add_argument("--max_pending_time", metavar="INTEGER", help='Longest the job may wait for capacity, in seconds (2 hours to 28 days), before SageMaker stops it. `-1` (the default) means not set.')
    arguments.add_argument("--max_retry_attempts", metavar="INTEGER", help="How many times SageMaker itself retries the job after an internal server error (1 to 30); SageMaker's retries happen inside the same job. `-1` (the default) means not set.")
    arguments.add_argument("--model_artifact_path", metavar="TEXT", help='S3 URI under which SageMaker writes the model, as `<model_artifact_path>/<job name>/output/model.tar.gz`. Required.')
    arguments.add_argument("--output_compression", metavar="TEXT", help="`GZIP` (SageMaker's default) packs the model into model.tar.gz; `NONE` uploads the files as they are.")
    arguments.add_argument("--resource_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of the training instances. Instance types with local NVMe storage encrypt it themselves and refuse a key.')
    arguments.add_argument("--output_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts the model artifacts in S3.')
    arguments.add_argument("--vpc_security_group_ids", metavar="TEXT", help='Comma-separated IDs of the VPC security groups for the training instances, for example `sg-0a1b2c3d`. Needs `vpc_subnets`.')
    arguments.add_argument("--vpc_subnets", metavar="TEXT", help='Comma-separated IDs of the VPC subnets the training instances run in, for example `subnet-0a1b2c3d`. Needs `vpc_security_group_ids`.')
    arguments.add_argument("--network_isolation", metavar="true|false", help='Isolate the training container from the network: no inbound or outbound calls, not even to AWS services. Turn it off for algorithms that need the network. Default: True.')
    arguments.add_argument("--traffic_encryption", metavar="true|false", help='Encrypt the traffic between the instances of a distributed training job. Default: False.')
    arguments.add_argument("--spot_instance", metavar="true|false", help='Train on managed spot instances, which cost less but can be interrupted. Default: False.')
    arguments.add_argument("--max_wait_time", metavar="INTEGER", help='With `spot_instance`, the longest the job may take in seconds, waiting for spot capacity included; at least `max_run_time`. Ignored without `spot_instance`. Default: 86400.')
    arguments.add_argument("--checkpoint_config", metavar="JSON", help='Where the algorithm\'s checkpoints are kept, as `{"S3Uri": "s3://bucket/checkpoints", "LocalPath": "/opt/ml/checkpoints"}`, so an interrupted spot job resumes from them. Default: {}.')
    arguments.add_argument("--debug_hook_config", metavar="JSON", help='SageMaker Debugger hook, as a `DebugHookConfig` object with at least `S3OutputPath`. Default: {}.')
    arguments.add_argument("--debug_rule_config", metavar="JSON", help='SageMaker Debugger rules, a list of up to 20 `DebugRuleConfiguration` objects. Default: [].')
    arguments.add_argument("--tensorboard_output_path", metavar="TEXT", help="S3 URI to which SageMaker copies the job's TensorBoard output.")
    arguments.add_argument("--profiler_config", metavar="JSON", help='SageMaker Profiler settings, as a `ProfilerConfig` object. Default: {}.')
    arguments.add_argument("--profiler_rule_configurations", metavar="JSON", help='SageMaker Profiler rules, a list of up to 20 `ProfilerRuleConfiguration` objects. Default: [].')
    arguments.add_argument("--experiment_config", metavar="JSON", help='SageMaker Experiments association, as `{"ExperimentName": ..., "TrialName": ..., "RunName": ...}`. Default: {}.')
    arguments.add_argument("--enable_remote_debug", metavar="true|false", help='Allow remote access to the training container for debugging (AWS Systems Manager). `False` (the default) means not set.')
    arguments.add_argument("--enable_infra_check", metavar="true|false", help="Run SageMaker's infrastructure health checks on the instances before training. `False` (the default) means not set.")
    arguments.add_argument("--session_chaining_config", metavar="JSON", help='Attribute-based access control for the job (the request\'s `SessionChainingConfig`), as `{"EnableSessionTagChaining": true}`. Default: {}.')
    arguments.add_argument("--serverless_job_config", metavar="JSON", help="Serverless model customization (the request's `ServerlessJobConfig`), as a JSON object with at least `BaseModelArn` and `JobType`. Default: {}.")
    arguments.add_argument("--mlflow_config", metavar="JSON", help='SageMaker managed MLflow tracking (the request\'s `MlflowConfig`), as `{"MlflowResourceArn": ..., "MlflowExperimentName": ..., "MlflowRunName": ...}`; only `MlflowResourceArn` is required. Default: {}.')
    arguments.add_argument("--model_package_config", metavar="JSON", help='Registers the trained model in a model package group (the request\'s `ModelPackageConfig`), as `{"ModelPackageGroupArn": ...}`. Default: {}.')
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.")
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a training job with the same name already exists, as after a retry or a pod restart: `attach` follows that job to its end instead of starting another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should train again); `fail` ends the step with an error. Default: attach.')
    arguments.add_argument("--stream_logs", metavar="true|false", help="Copy the job's CloudWatch logs into the step's log while the job runs. Default: True.")
    arguments.add_argument("--stop_on_termination", metavar="true|false", help='When the step is terminated (the run is cancelled or the pod is deleted), stop the training job instead of leaving it running. Default: True.')
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateTrainingJob request that would be sent, without calling AWS. The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the training job after a digest of its request instead of after KFP's run and task: an identical request then finds the same training job (a retry, a rerun, another pipeline) and returns its results instead of starting another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To train again, change the request (a changed file under the same S3 URI does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated job name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--model_artifact_url_output_path", metavar="PATH", help='File to write the output model_artifact_url to: S3 URL of the trained model, `<model_artifact_path>/<job name>/output/model.tar.gz`.')
    outputs.add_argument("--job_name_output_path", metavar="PATH", help='File to write the output job_name to: Name of the training job.')
    outputs.add_argument("--job_arn_output_path", metavar="PATH", help='File to write the output job_arn to: ARN of the training job.')
    outputs.add_argument("--training_image_output_path", metavar="PATH", help="File to write the output training_image to: Image the job trained with; for a built-in algorithm or an algorithm resource, the algorithm's image.")
    outputs.add_argument("--final_metrics_output_path", metavar="PATH", help='File to write the output final_metrics to: Final values of the job\'s metrics, as `{"metric name": value}`.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
