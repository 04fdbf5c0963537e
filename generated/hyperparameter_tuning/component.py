# Generated from specs/hyperparameter_tuning.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Hyperparameter Tuning component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.hyperparameter_tuning import sagemaker_hyperparameter_tuning

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
    "job_name": "",
    "role": "",
    "image": "",
    "algorithm_name": "",
    "training_input_mode": "File",
    "metric_definitions": {},
    "strategy": "Bayesian",
    "early_stopping_type": "Off",
    "static_parameters": {},
    "integer_parameters": [],
    "continuous_parameters": [],
    "categorical_parameters": [],
    "channels": [],
    "output_location": "",
    "output_encryption_key": "",
    "instance_type": "ml.m4.xlarge",
    "instance_count": 1,
    "volume_size": 30,
    "resource_encryption_key": "",
    "max_run_time": 86400,
    "vpc_security_group_ids": "",
    "vpc_subnets": "",
    "network_isolation": True,
    "traffic_encryption": False,
    "spot_instance": False,
    "max_wait_time": 86400,
    "checkpoint_config": {},
    "warm_start_type": "",
    "parent_hpo_jobs": "",
    "tags": {},
    "tuning_max_run_time": -1,
    "strategy_config": {},
    "completion_criteria": {},
    "random_seed": -1,
    "environment": {},
    "output_compression": "",
    "instance_groups": [],
    "instance_placement_config": {},
    "instance_preferences": [],
    "training_plan_arn": "",
    "keep_alive_period": -1,
    "max_pending_time": -1,
    "max_retry_attempts": -1,
    "tuning_resource_config": {},
    "autotune": {},
    "training_job_definitions": [],
    "job_exists_action": "attach",
    "stream_logs": True,
    "stop_on_termination": True,
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


def sagemaker_hyperparameter_tuning(
    *,
    region: str,
    metric_name: str,
    metric_type: str,
    max_num_jobs: int,
    max_parallel_jobs: int,
    endpoint_url: str | None = None,
    assume_role: str | None = None,
    job_name: str | None = None,
    role: str | None = None,
    image: str | None = None,
    algorithm_name: str | None = None,
    training_input_mode: str | None = None,
    metric_definitions: dict | None = None,
    strategy: str | None = None,
    early_stopping_type: str | None = None,
    static_parameters: dict | None = None,
    integer_parameters: list | None = None,
    continuous_parameters: list | None = None,
    categorical_parameters: list | None = None,
    channels: list | None = None,
    output_location: str | None = None,
    output_encryption_key: str | None = None,
    instance_type: str | None = None,
    instance_count: int | None = None,
    volume_size: int | None = None,
    resource_encryption_key: str | None = None,
    max_run_time: int | None = None,
    vpc_security_group_ids: str | None = None,
    vpc_subnets: str | None = None,
    network_isolation: bool | None = None,
    traffic_encryption: bool | None = None,
    spot_instance: bool | None = None,
    max_wait_time: int | None = None,
    checkpoint_config: dict | None = None,
    warm_start_type: str | None = None,
    parent_hpo_jobs: str | None = None,
    tags: dict | None = None,
    tuning_max_run_time: int | None = None,
    strategy_config: dict | None = None,
    completion_criteria: dict | None = None,
    random_seed: int | None = None,
    environment: dict | None = None,
    output_compression: str | None = None,
    instance_groups: list | None = None,
    instance_placement_config: dict | None = None,
    instance_preferences: list | None = None,
    training_plan_arn: str | None = None,
    keep_alive_period: int | None = None,
    max_pending_time: int | None = None,
    max_retry_attempts: int | None = None,
    tuning_resource_config: dict | None = None,
    autotune: dict | None = None,
    training_job_definitions: list | None = None,
    job_exists_action: str | None = None,
    stream_logs: bool | None = None,
    stop_on_termination: bool | None = None,
    dry_run: bool | None = None,
    name_from_request: bool | None = None,
    kfp_run_id: str | None = None,
    kfp_task_id: str | None = None,
    kfp_task_name: str | None = None,
):
    """Runs an AWS SageMaker hyperparameter tuning job as a pipeline step and outputs its best training job.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the tuning job runs in, for example `us-east-1`.
        metric_name: The objective: the metric the tuning job optimises, as the algorithm emits it
            or as `metric_definitions` names it, for example `validation:rmse` or `test:msd`.
        metric_type: Whether the best training job is the one with the largest (`Maximize`) or the
            smallest (`Minimize`) objective metric.
        max_num_jobs: How many training jobs the tuning job may start in all.
        max_parallel_jobs: How many training jobs may run at once; at most `max_num_jobs`.
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as
            well.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.
        job_name: Name of the tuning job, unique within the AWS account and region, at most 32
            characters (SageMaker names its training jobs `<name>-<NNN>-<id>`). When empty, the name is
            `HPOJob-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a
            retried step finds its tuning job again, and `HPOJob-<YYYYmmddHHMMSS>-<random>` otherwise.
        role: ARN of the IAM role SageMaker assumes to run the training jobs, for example
            `arn:aws:iam::123456789012:role/SageMakerExecutionRole`. Required unless
            `training_job_definitions` is given (each definition names its own).
        image: Registry path of the Docker image that holds the training algorithm, for example
            `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give either this or
            `algorithm_name`, unless `training_job_definitions` is given.
        algorithm_name: A SageMaker built-in algorithm, by name in any case (`k-means` or `kmeans`,
            `XGBoost`, `image classification`, `seq2seq modeling`, ...; `name:version` picks a version),
            which trains with that algorithm's image in each training job's region; or the name or ARN
            of an algorithm resource (for example one from AWS Marketplace). Give either this or
            `image`, unless `training_job_definitions` is given.
        training_input_mode: How the algorithm reads its input data: `File` copies it to the
            instance first, `FastFile` streams it from S3 on demand, `Pipe` streams it through a Unix
            pipe. Default: File.
        metric_definitions: Metrics to extract from each training job's logs, as `{"metric name":
            "regular expression"}`; the first group of the expression captures the value. Needs `image`,
            or a built-in algorithm's name in `algorithm_name`: an algorithm resource defines its own
            metrics. Default: {}.
        strategy: How the tuning job chooses the hyperparameter values of the training jobs it
            starts: `Bayesian`, `Random`, `Grid`, or `Hyperband` (settings in `strategy_config`; needs
            `early_stopping_type` `Off`). Default: Bayesian.
        early_stopping_type: `Auto` lets SageMaker stop training jobs that are unlikely to beat the
            best so far; `Off` lets each run to its end. Default: Off.
        static_parameters: Hyperparameters every training job gets unchanged, as `{"name": value}`;
            numbers are sent as text, as SageMaker requires, for example `{"k": 10, "feature_dim":
            784}`. Default: {}.
        integer_parameters: Integer hyperparameters to tune, a list of SageMaker
            `IntegerParameterRange` objects (values as text), for example `[{"Name": "mini_batch_size",
            "MinValue": "450", "MaxValue": "550"}]`. Default: [].
        continuous_parameters: Continuous hyperparameters to tune, a list of SageMaker
            `ContinuousParameterRange` objects (values as text), for example `[{"Name": "eta",
            "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Logarithmic"}]`. Default: [].
        categorical_parameters: Categorical hyperparameters to tune, a list of SageMaker
            `CategoricalParameterRange` objects, for example `[{"Name": "init_method", "Values":
            ["random", "kmeans++"]}]`. Default: [].
        channels: Input channels, a list of SageMaker `Channel` objects, each with a unique
            `ChannelName` and a `DataSource`, for example `[{"ChannelName": "train", "DataSource":
            {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}]`. Required
            unless `training_job_definitions` is given.
        output_location: S3 location the training jobs write their models to, each under
            `<output_location>/<training job name>/output/model.tar.gz`, for example
            `s3://my-bucket/hpo/output`. Required unless `training_job_definitions` is given.
        output_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts the model artifacts in
            S3.
        instance_type: ML compute instance type, for example `ml.m5.xlarge` or `ml.p4d.24xlarge`. A
            type missing from the component's list but of a listed size (`ml.<new family>.xlarge`) is
            accepted with a warning. Default: ml.m4.xlarge.
        instance_count: Number of instances to train on; more than one needs an algorithm that
            supports distributed training. Default: 1.
        volume_size: Size in GB of the storage volume attached to each instance, for the input data
            in `File` mode and for checkpoints. Instances with local NVMe storage (ml.p4d, ml.g5, ...)
            use that instead. Default: 30.
        resource_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of
            the training instances. Instance types with local NVMe storage encrypt it themselves and
            refuse a key.
        max_run_time: The longest each training job may run, in seconds; SageMaker stops it then.
            From 1 s to 28 days (2419200). Default: 86400.
        vpc_security_group_ids: Comma-separated IDs of the VPC security groups for the training
            instances, for example `sg-0a1b2c3d`. Needs `vpc_subnets`.
        vpc_subnets: Comma-separated IDs of the VPC subnets the training instances run in, for
            example `subnet-0a1b2c3d`. Needs `vpc_security_group_ids`.
        network_isolation: Isolate the training container from the network: no inbound or outbound
            calls, not even to AWS services. Turn it off for algorithms that need the network. Default:
            True.
        traffic_encryption: Encrypt the traffic between the instances of a distributed training job.
            Default: False.
        spot_instance: Train on managed spot instances, which cost less but can be interrupted.
            Default: False.
        max_wait_time: With `spot_instance`, the longest each training job may take in seconds,
            waiting for spot capacity included; at least `max_run_time`. Ignored without
            `spot_instance`. Default: 86400.
        checkpoint_config: Where the algorithm's checkpoints are kept, as `{"S3Uri":
            "s3://bucket/checkpoints", "LocalPath": "/opt/ml/checkpoints"}`, so an interrupted spot job
            resumes from them. Default: {}.
        warm_start_type: Start from what earlier tuning jobs (`parent_hpo_jobs`) learnt:
            `IdenticalDataAndAlgorithm` for the same data and algorithm, `TransferLearning` when they
            differ. Empty: a cold start.
        parent_hpo_jobs: Comma-separated names of up to 5 earlier tuning jobs to warm start from,
            with `warm_start_type`.
        tags: Tags for the tuning job, as `{"key": "value"}`. Default: {}.
        tuning_max_run_time: The longest the whole tuning job may run, in seconds (120 s to 6
            months); empty or -1: no limit of its own. `-1` (the default) means not set.
        strategy_config: Settings of the `Hyperband` strategy, as `{"HyperbandStrategyConfig":
            {"MinResource": 1, "MaxResource": 10}}` (in epochs, or whatever the algorithm counts). Only
            with `strategy` `Hyperband`.
        completion_criteria: When the tuning job may end before `max_num_jobs` training jobs, as
            `{"TargetObjectiveMetricValue": 0.95}`, `{"BestObjectiveNotImproving":
            {"MaxNumberOfTrainingJobsNotImproving": 10}}` or `{"ConvergenceDetected":
            {"CompleteOnConvergence": "Enabled"}}` (or several of them).
        random_seed: Seed of the tuning strategy's random choices: a later tuning job with the same
            seed chooses more nearly the same hyperparameter values. Empty or -1: not sent. `-1` (the
            default) means not set.
        environment: Environment variables for the training container, as `{"NAME": "value"}`.
            Values of names that look secret (password, secret, token, key) are masked in the step's
            log. Default: {}.
        output_compression: `GZIP` (SageMaker's default) packs the model into model.tar.gz; `NONE`
            uploads the files as they are.
        instance_groups: Heterogeneous clusters, a list of up to 5 `{"InstanceGroupName": ...,
            "InstanceType": ..., "InstanceCount": ...}`. Given, `instance_type` and `instance_count` are
            not sent: SageMaker takes the groups instead of them. Default: [].
        instance_placement_config: Placement of the training instances on UltraServers (UltraServer
            capacity only), as `{"EnableMultipleJobs": true, "PlacementSpecifications":
            [{"UltraServerId": ..., "InstanceCount": 2}]}`.
        instance_preferences: Instance types to try in order until one has capacity, as
            `[{"InstanceType": "ml.p5.48xlarge"}, {"InstanceType": "ml.p4d.24xlarge"}]`. Given,
            `instance_type` is not sent: SageMaker takes the preferences instead of it, and not with
            spot training.
        training_plan_arn: ARN of a SageMaker training plan (reserved capacity) for the training
            jobs to run on.
        keep_alive_period: Seconds to keep the instances warm after each training job for a
            following job to reuse (SageMaker managed warm pools). `-1` (the default) means not set.
        max_pending_time: Longest each training job may wait for capacity, in seconds (2 hours to 28
            days), before SageMaker stops it. `-1` (the default) means not set.
        max_retry_attempts: How many times SageMaker itself retries each training job after an
            internal server error (1 to 30); SageMaker's retries happen inside the same job. `-1` (the
            default) means not set.
        tuning_resource_config: Instance type flexibility, as `{"InstanceConfigs": [{"InstanceType":
            "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}, ...], "AllocationStrategy":
            "Prioritized"}`. Given, `instance_type`, `instance_count` and `volume_size` are not sent:
            SageMaker takes it instead of them. The other resource arguments have no place beside it:
            give the volume's KMS key as its `VolumeKmsKeyId`.
        autotune: Automatic model tuning, as `{"Mode": "Enabled"}`: SageMaker chooses the tuning
            settings the request leaves out, for example the parameter ranges when `integer_parameters`,
            `continuous_parameters` and `categorical_parameters` are empty.
        training_job_definitions: Training job definitions for tuning several algorithms at once, a
            list of up to 10 SageMaker `HyperParameterTrainingJobDefinition` objects, each with its own
            `DefinitionName`, `TuningObjective` and `HyperParameterRanges`. When given, the tuning job
            runs these; `role`, `image` or `algorithm_name`, `channels` and `output_location` are then
            not given, and the other arguments that describe one training job are not sent.
        job_exists_action: What to do when a tuning job with the same name already exists, as after
            a retry or a pod restart: `attach` follows that job to its end instead of starting another;
            `rerun_failed` does the same, but when that job ended Failed or Stopped it starts the tuning
            job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should tune again);
            `fail` ends the step with an error. Default: attach.
        stream_logs: Copy each training job's CloudWatch logs into the step's log while each
            training job runs. Default: True.
        stop_on_termination: When the step is terminated (the run is cancelled or the pod is
            deleted), stop the tuning job, which stops its running training jobs, instead of leaving it
            running. Default: True.
        dry_run: Check the arguments and print the CreateHyperParameterTuningJob request that would
            be sent, without calling AWS. The step then exits with code 0 without writing any output.
            Default: False.
        name_from_request: Without a name given, name the tuning job after a digest of its request
            instead of after KFP's run and task: an identical request then finds the same tuning job (a
            retry, a rerun, another pipeline) and returns its results instead of starting another, and
            the typed function passes no run or task ID, so KFP can serve the step from its cache. To
            tune again, change the request (a changed file under the same S3 URI does not change it).
            Default: False.
        kfp_run_id: ID of the KFP run, part of the generated job name. The Python component passes
            `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.
        kfp_task_id: ID KFP gives the task, the same for every retry of it, part of the generated
            job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.
        kfp_task_name: Name of the task in the pipeline, part of the generated job name. The Python
            component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.

    Returns:
        The pipeline task. Its outputs: hpo_job_name, model_artifact_url, best_job_name, best_hyperparameters, training_image, best_objective_value, job_arn.

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
