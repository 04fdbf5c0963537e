# Generated from specs/hyperparameter_tuning.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Hyperparameter Tuning component: `python3 -m sagemaker_kfp_components.hyperparameter_tuning.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="hyperparameter_tuning",
    version="0.1.0",
    job=JobKind(
        'HyperParameterTuningJob',
        log_group='/aws/sagemaker/TrainingJobs',
        name_prefix='HPOJob',
        console_page='hyper-tuning-jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped', 'DeleteFailed'),
        name_max_length=32,
        failure_fields=('FailureReason',),
        log_streams='{name}-',
        progress=(('Training jobs', 'TrainingJobStatusCounters'), ('Best training job', 'BestTrainingJob.TrainingJobName'), ('Best objective value', 'BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value')),
        failed_jobs_list=('ListTrainingJobsForHyperParameterTuningJob', 'TrainingJobSummaries', 'TrainingJobName'),
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('hpo_job_name', 'String', 'HyperParameterTuningJobName'),
        Output(
        'model_artifact_url',
        'String',
        'ModelArtifacts.S3ModelArtifacts',
        of='BestTrainingJob.TrainingJobName',
    ),
        Output('best_job_name', 'String', 'BestTrainingJob.TrainingJobName'),
        Output(
        'best_hyperparameters',
        'JsonObject',
        'HyperParameters',
        convert='algorithm_hyperparameters',
        of='BestTrainingJob.TrainingJobName',
    ),
        Output(
        'training_image',
        'String',
        'AlgorithmSpecification.TrainingImage',
        of='BestTrainingJob.TrainingJobName',
    ),
        Output(
        'best_objective_value',
        'Float',
        'BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value',
    ),
        Output('job_arn', 'String', 'HyperParameterTuningJobArn'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.hyperparameter_tuning.entrypoint", description='Runs an AWS SageMaker hyperparameter tuning job as a pipeline step and outputs its best training job.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the tuning job runs in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.")
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the tuning job, unique within the AWS account and region, at most 32 characters (SageMaker names its training jobs `<name>-<NNN>-<id>`). When empty, the name is `HPOJob-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its tuning job again, and `HPOJob-<YYYYmmddHHMMSS>-<random>` otherwise.')
    arguments.add_argument("--role", metavar="TEXT", help='ARN of the IAM role SageMaker assumes to run the training jobs, for example `arn:aws:iam::123456789012:role/SageMakerExecutionRole`. Required unless `training_job_definitions` is given (each definition names its own).')
    arguments.add_argument("--image", metavar="TEXT", help='Registry path of the Docker image that holds the training algorithm, for example `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give either this or `algorithm_name`, unless `training_job_definitions` is given.')
    arguments.add_argument("--algorithm_name", metavar="TEXT", help="A SageMaker built-in algorithm, by name in any case (`k-means` or `kmeans`, `XGBoost`, `image classification`, `seq2seq modeling`, ...; `name:version` picks a version), which trains with that algorithm's image in each training job's region; or the name or ARN of an algorithm resource (for example one from AWS Marketplace). Give either this or `image`, unless `training_job_definitions` is given.")
    arguments.add_argument("--training_input_mode", metavar="TEXT", help='How the algorithm reads its input data: `File` copies it to the instance first, `FastFile` streams it from S3 on demand, `Pipe` streams it through a Unix pipe. Default: File.')
    arguments.add_argument("--metric_definitions", metavar="JSON", help='Metrics to extract from each training job\'s logs, as `{"metric name": "regular expression"}`; the first group of the expression captures the value. Needs `image`, or a built-in algorithm\'s name in `algorithm_name`: an algorithm resource defines its own metrics. Default: {}.')
    arguments.add_argument("--strategy", metavar="TEXT", help='How the tuning job chooses the hyperparameter values of the training jobs it starts: `Bayesian`, `Random`, `Grid`, or `Hyperband` (settings in `strategy_config`; needs `early_stopping_type` `Off`). Default: Bayesian.')
    arguments.add_argument("--metric_name", metavar="TEXT", help='The objective: the metric the tuning job optimises, as the algorithm emits it or as `metric_definitions` names it, for example `validation:rmse` or `test:msd`. Required.')
    arguments.add_argument("--metric_type", metavar="TEXT", help='Whether the best training job is the one with the largest (`Maximize`) or the smallest (`Minimize`) objective metric. Required.')
    arguments.add_argument("--early_stopping_type", metavar="TEXT", help='`Auto` lets SageMaker stop training jobs that are unlikely to beat the best so far; `Off` lets each run to its end. Default: Off.')
    arguments.add_argument("--static_parameters", metavar="JSON", help='Hyperparameters every training job gets unchanged, as `{"name": value}`; numbers are sent as text, as SageMaker requires, for example `{"k": 10, "feature_dim": 784}`. Default: {}.')
    arguments.add_argument("--integer_parameters", metavar="JSON", help='Integer hyperparameters to tune, a list of SageMaker `IntegerParameterRange` objects (values as text), for example `[{"Name": "mini_batch_size", "MinValue": "450", "MaxValue": "550"}]`. Default: [].')
    arguments.add_argument("--continuous_parameters", metavar="JSON", help='Continuous hyperparameters to tune, a list of SageMaker `ContinuousParameterRange` objects (values as text), for example `[{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Logarithmic"}]`. Default: [].')
    arguments.add_argument("--categorical_parameters", metavar="JSON", help='Categorical hyperparameters to tune, a list of SageMaker `CategoricalParameterRange` objects, for example `[{"Name": "init_method", "Values": ["random", "kmeans++"]}]`. Default: [].')
    arguments.add_argument("--channels", metavar="JSON", help='Input channels, a list of SageMaker `Channel` objects, each with a unique `ChannelName` and a `DataSource`, for example `[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}]`. Required unless `training_job_definitions` is given.')
    arguments.add_argument("--output_location", metavar="TEXT", help='S3 location the training jobs write their models to, each under `<output_location>/<training job name>/output/model.tar.gz`, for example `s3://my-bucket/hpo/output`. Required unless `training_job_definitions` is given.')
    arguments.add_argument("--output_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts the model artifacts in S3.')
    arguments.add_argument("--instance_type", metavar="TEXT", help="ML compute instance type, for example `ml.m5.xlarge` or `ml.p4d.24xlarge`. A type missing from the component's list but of a listed size (`ml.<new family>.xlarge`) is accepted with a warning. Default: ml.m4.xlarge.")
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances to train on; more than one needs an algorithm that supports distributed training. Default: 1.')
    arguments.add_argument("--volume_size", metavar="INTEGER", help='Size in GB of the storage volume attached to each instance, for the input data in `File` mode and for checkpoints. Instances with local NVMe storage (ml.p4d, ml.g5, ...) use that instead. Default: 30.')
    arguments.add_argument("--max_num_jobs", metavar="INTEGER", help='How many training jobs the tuning job may start in all. Required.')
    arguments.add_argument("--max_parallel_jobs", metavar="INTEGER", help='How many training jobs may run at once; at most `max_num_jobs`. Required.')
    arguments.add_argument("--resource_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of the training instances. Instance types with local NVMe storage encrypt it themselves and refuse a key.')
    arguments.add_argument("--max_run_time", metavar="INTEGER", help='The longest each training job may run, in seconds; SageMaker stops it then. From 1 s to 28 days (2419200). Default: 86400.')
    arguments.add_argument("--vpc_security_group_ids", metavar="TEXT", help='Comma-separated IDs of the VPC security groups for the training instances, for example `sg-0a1b2c3d`. Needs `vpc_subnets`.')
    arguments.add_argument("--vpc_subnets", metavar="TEXT", help='Comma-separated IDs of the VPC subnets the training instances run in, for example `subnet-0a1b2c3d`. Needs `vpc_security_group_ids`.')
    arguments.add_argument("--network_isolation", metavar="true|false", help='Isolate the training container from the network: no inbound or outbound calls, not even to AWS services. Turn it off for algorithms that need the network. Default: True.')
    arguments.add_argument("--traffic_encryption", metavar="true|false", help='Encrypt the traffic between the instances of a distributed training job. Default: False.')
    arguments.add_argument("--spot_instance", metavar="true|false", help='Train on managed spot instances, which cost less but can be interrupted. Default: False.')
    arguments.add_argument("--max_wait_time", metavar="INTEGER", help='With `spot_instance`, the longest each training job may take in seconds, waiting for spot capacity included; at least `max_run_time`. Ignored without `spot_instance`. Default: 86400.')
    arguments.add_argument("--checkpoint_config", metavar="JSON", help='Where the algorithm\'s checkpoints are kept, as `{"S3Uri": "s3://bucket/checkpoints", "LocalPath": "/opt/ml/checkpoints"}`, so an interrupted spot job resumes from them. Default: {}.')
    arguments.add_argument("--warm_start_type", metavar="TEXT", help='Start from what earlier tuning jobs (`parent_hpo_jobs`) learnt: `IdenticalDataAndAlgorithm` for the same data and algorithm, `TransferLearning` when they differ. Empty: a cold start.')
    arguments.add_argument("--parent_hpo_jobs", metavar="TEXT", help='Comma-separated names of up to 5 earlier tuning jobs to warm start from, with `warm_start_type`.')
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the tuning job, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--tuning_max_run_time", metavar="INTEGER", help='The longest the whole tuning job may run, in seconds (120 s to 6 months); empty or -1: no limit of its own. `-1` (the default) means not set.')
    arguments.add_argument("--strategy_config", metavar="JSON", help='Settings of the `Hyperband` strategy, as `{"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 10}}` (in epochs, or whatever the algorithm counts). Only with `strategy` `Hyperband`.')
    arguments.add_argument("--completion_criteria", metavar="JSON", help='When the tuning job may end before `max_num_jobs` training jobs, as `{"TargetObjectiveMetricValue": 0.95}`, `{"BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10}}` or `{"ConvergenceDetected": {"CompleteOnConvergence": "Enabled"}}` (or several of them).')
    arguments.add_argument("--random_seed", metavar="INTEGER", help="Seed of the tuning strategy's random choices: a later tuning job with the same seed chooses more nearly the same hyperparameter values. Empty or -1: not sent. `-1` (the default) means not set.")
    arguments.add_argument("--environment", metavar="JSON", help='Environment variables for the training container, as `{"NAME": "value"}`. Values of names that look secret (password, secret, token, key) are masked in the step\'s log. Default: {}.')
    arguments.add_argument("--output_compression", metavar="TEXT", help="`GZIP` (SageMaker's default) packs the model into model.tar.gz; `NONE` uploads the files as they are.")
    arguments.add_argument("--instance_groups", metavar="JSON", help='Heterogeneous clusters, a list of up to 5 `{"InstanceGroupName": ..., "InstanceType": ..., "InstanceCount": ...}`. Given, `instance_type` and `instance_count` are not sent: SageMaker takes the groups instead of them. Default: [].')
    arguments.add_argument("--instance_placement_config", metavar="JSON", help='Placement of the training instances on UltraServers (UltraServer capacity only), as `{"EnableMultipleJobs": true, "PlacementSpecifications": [{"UltraServerId": ..., "InstanceCount": 2}]}`.')
    arguments.add_argument("--instance_preferences", metavar="JSON", help='Instance types to try in order until one has capacity, as `[{"InstanceType": "ml.p5.48xlarge"}, {"InstanceType": "ml.p4d.24xlarge"}]`. Given, `instance_type` is not sent: SageMaker takes the preferences instead of it, and not with spot training.')
    arguments.add_argument("--training_plan_arn", metavar="TEXT", help='ARN of a SageMaker training plan (reserved capacity) for the training jobs to run on.')
    arguments.add_argument("--keep_alive_period", metavar="INTEGER", help='Seconds to keep the instances warm after each training job for a following job to reuse (SageMaker managed warm pools). `-1` (the default) means not set.')
    arguments.add_argument("--max_pending_time", metavar="INTEGER", help='Longest each training job may wait for capacity, in seconds (2 hours to 28 days), before SageMaker stops it. `-1` (the default) means not set.')
    arguments.add_argument("--max_retry_attempts", metavar="INTEGER", help="How many times SageMaker itself retries each training job after an internal server error (1 to 30); SageMaker's retries happen inside the same job. `-1` (the default) means not set.")
    arguments.add_argument("--tuning_resource_config", metavar="JSON", help='Instance type flexibility, as `{"InstanceConfigs": [{"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}, ...], "AllocationStrategy": "Prioritized"}`. Given, `instance_type`, `instance_count` and `volume_size` are not sent: SageMaker takes it instead of them. The other resource arguments have no place beside it: give the volume\'s KMS key as its `VolumeKmsKeyId`.')
    arguments.add_argument("--autotune", metavar="JSON", help='Automatic model tuning, as `{"Mode": "Enabled"}`: SageMaker chooses the tuning settings the request leaves out, for example the parameter ranges when `integer_parameters`, `continuous_parameters` and `categorical_parameters` are empty.')
    arguments.add_argument("--training_job_definitions", metavar="JSON", help='Training job definitions for tuning several algorithms at once, a list of up to 10 SageMaker `HyperParameterTrainingJobDefinition` objects, each with its own `DefinitionName`, `TuningObjective` and `HyperParameterRanges`. When given, the tuning job runs these; `role`, `image` or `algorithm_name`, `channels` and `output_location` are then not given, and the other arguments that describe one training job are not sent.')
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a tuning job with the same name already exists, as after a retry or a pod restart: `attach` follows that job to its end instead of starting another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts the tuning job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should tune again); `fail` ends the step with an error. Default: attach.')
    arguments.add_argument("--stream_logs", metavar="true|false", help="Copy each training job's CloudWatch logs into the step's log while each training job runs. Default: True.")
    arguments.add_argument("--stop_on_termination", metavar="true|false", help='When the step is terminated (the run is cancelled or the pod is deleted), stop the tuning job, which stops its running training jobs, instead of leaving it running. Default: True.')
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateHyperParameterTuningJob request that would be sent, without calling AWS. The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the tuning job after a digest of its request instead of after KFP's run and task: an identical request then finds the same tuning job (a retry, a rerun, another pipeline) and returns its results instead of starting another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To tune again, change the request (a changed file under the same S3 URI does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated job name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--hpo_job_name_output_path", metavar="PATH", help='File to write the output hpo_job_name to: Name of the tuning job.')
    outputs.add_argument("--model_artifact_url_output_path", metavar="PATH", help="File to write the output model_artifact_url to: S3 URL of the best training job's model.")
    outputs.add_argument("--best_job_name_output_path", metavar="PATH", help='File to write the output best_job_name to: Name of the best training job: the one with the best objective metric.')
    outputs.add_argument("--best_hyperparameters_output_path", metavar="PATH", help="File to write the output best_hyperparameters to: Every hyperparameter of the best training job, static and tuned (without the `_tuning_objective_metric` SageMaker adds), ready to be a training step's `hyperparameters`.")
    outputs.add_argument("--training_image_output_path", metavar="PATH", help='File to write the output training_image to: Registry path of the image the best training job ran (empty for an algorithm resource).')
    outputs.add_argument("--best_objective_value_output_path", metavar="PATH", help="File to write the output best_objective_value to: The best training job's objective metric.")
    outputs.add_argument("--job_arn_output_path", metavar="PATH", help='File to write the output job_arn to: ARN of the tuning job.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
