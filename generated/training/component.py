# Generated from specs/training.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Training component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.training import sagemaker_training

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
    "job_name": "",
    "tags": {},
    "image": "",
    "algorithm_name": "",
    "metric_definitions": {},
    "training_input_mode": "File",
    "hyperparameters": {},
    "environment": {},
    "container_entrypoint": [],
    "container_arguments": [],
    "data_location_1": "",
    "data_location_2": "",
    "data_location_3": "",
    "data_location_4": "",
    "data_location_5": "",
    "data_location_6": "",
    "data_location_7": "",
    "data_location_8": "",
    "instance_type": "ml.m4.xlarge",
    "instance_count": 1,
    "volume_size": 30,
    "max_run_time": 86400,
    "instance_groups": [],
    "keep_alive_period": -1,
    "max_pending_time": -1,
    "max_retry_attempts": -1,
    "output_compression": "",
    "resource_encryption_key": "",
    "output_encryption_key": "",
    "vpc_security_group_ids": "",
    "vpc_subnets": "",
    "network_isolation": True,
    "traffic_encryption": False,
    "spot_instance": False,
    "max_wait_time": 86400,
    "checkpoint_config": {},
    "debug_hook_config": {},
    "debug_rule_config": [],
    "tensorboard_output_path": "",
    "profiler_config": {},
    "profiler_rule_configurations": [],
    "experiment_config": {},
    "enable_remote_debug": False,
    "enable_infra_check": False,
    "session_chaining_config": {},
    "serverless_job_config": {},
    "mlflow_config": {},
    "model_package_config": {},
    "assume_role": "",
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


def sagemaker_training(
    *,
    region: str,
    role: str,
    channels: list,
    model_artifact_path: str,
    endpoint_url: str | None = None,
    job_name: str | None = None,
    tags: dict | None = None,
    image: str | None = None,
    algorithm_name: str | None = None,
    metric_definitions: dict | None = None,
    training_input_mode: str | None = None,
    hyperparameters: dict | None = None,
    environment: dict | None = None,
    container_entrypoint: list | None = None,
    container_arguments: list | None = None,
    data_location_1: str | None = None,
    data_location_2: str | None = None,
    data_location_3: str | None = None,
    data_location_4: str | None = None,
    data_location_5: str | None = None,
    data_location_6: str | None = None,
    data_location_7: str | None = None,
    data_location_8: str | None = None,
    instance_type: str | None = None,
    instance_count: int | None = None,
    volume_size: int | None = None,
    max_run_time: int | None = None,
    instance_groups: list | None = None,
    keep_alive_period: int | None = None,
    max_pending_time: int | None = None,
    max_retry_attempts: int | None = None,
    output_compression: str | None = None,
    resource_encryption_key: str | None = None,
    output_encryption_key: str | None = None,
    vpc_security_group_ids: str | None = None,
    vpc_subnets: str | None = None,
    network_isolation: bool | None = None,
    traffic_encryption: bool | None = None,
    spot_instance: bool | None = None,
    max_wait_time: int | None = None,
    checkpoint_config: dict | None = None,
    debug_hook_config: dict | None = None,
    debug_rule_config: list | None = None,
    tensorboard_output_path: str | None = None,
    profiler_config: dict | None = None,
    profiler_rule_configurations: list | None = None,
    experiment_config: dict | None = None,
    enable_remote_debug: bool | None = None,
    enable_infra_check: bool | None = None,
    session_chaining_config: dict | None = None,
    serverless_job_config: dict | None = None,
    mlflow_config: dict | None = None,
    model_package_config: dict | None = None,
    assume_role: str | None = None,
    job_exists_action: str | None = None,
    stream_logs: bool | None = None,
    stop_on_termination: bool | None = None,
    dry_run: bool | None = None,
    name_from_request: bool | None = None,
    kfp_run_id: str | None = None,
    kfp_task_id: str | None = None,
    kfp_task_name: str | None = None,
):
    """Runs an AWS SageMaker training job as a pipeline step and outputs the model's S3 URL.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the training job runs in, for example `us-east-1`.
        role: ARN of the IAM role that SageMaker assumes to run the job.
        channels: Input channels, a list of SageMaker `Channel` objects, each with a unique
            `ChannelName` and a `DataSource`, for example `[{"ChannelName": "train", "DataSource":
            {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}]`.
        model_artifact_path: S3 URI under which SageMaker writes the model, as
            `<model_artifact_path>/<job name>/output/model.tar.gz`.
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as
            well.
        job_name: Name of the training job, unique within the AWS account and region. When empty,
            the name is `TrainingJob-kfp-<hash>` of the KFP run, task ID and task name when KFP provides
            them, so a retried step finds its job again, and `TrainingJob-<YYYYmmddHHMMSS>-<random>`
            otherwise.
        tags: Tags for the training job, as `{"key": "value"}`. Default: {}.
        image: Registry path of the Docker image that holds the training algorithm, for example
            `382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1`. Give either this or
            `algorithm_name`.
        algorithm_name: A SageMaker built-in algorithm, by name in any case (`k-means` or `kmeans`,
            `XGBoost`, `image classification`, `seq2seq modeling`, ...; `name:version` picks a version),
            which trains with that algorithm's image in the job's region; or the name or ARN of an
            algorithm resource (for example one from AWS Marketplace). Give either this or `image`.
        metric_definitions: Metrics to extract from the job's logs, as `{"metric name": "regular
            expression"}`; the first group of the expression captures the value. Needs `image`, or a
            built-in algorithm's name in `algorithm_name`: an algorithm resource defines its own
            metrics. Default: {}.
        training_input_mode: How the algorithm reads its input data: `File` copies it to the
            instance first, `FastFile` streams it from S3 on demand, `Pipe` streams it through a Unix
            pipe. Default: File.
        hyperparameters: Hyperparameters for the algorithm, as `{"name": "value"}`. Numbers and
            booleans are sent as text, as SageMaker requires. Default: {}.
        environment: Environment variables for the training container, as `{"NAME": "value"}`.
            Values of names that look secret (password, secret, token, key) are masked in the step's
            log. Default: {}.
        container_entrypoint: Entrypoint of the training container, replacing the image's, as a list
            such as `["python", "train.py"]`. Default: [].
        container_arguments: Arguments for the container's entrypoint, as a list such as
            `["--epochs", "10"]`. Default: [].
        data_location_1: S3 URI that replaces the `S3Uri` of channel 1 in `channels`, so that an
            upstream step's output can feed the channel. Channel 1 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_2: S3 URI that replaces the `S3Uri` of channel 2 in `channels`, so that an
            upstream step's output can feed the channel. Channel 2 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_3: S3 URI that replaces the `S3Uri` of channel 3 in `channels`, so that an
            upstream step's output can feed the channel. Channel 3 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_4: S3 URI that replaces the `S3Uri` of channel 4 in `channels`, so that an
            upstream step's output can feed the channel. Channel 4 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_5: S3 URI that replaces the `S3Uri` of channel 5 in `channels`, so that an
            upstream step's output can feed the channel. Channel 5 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_6: S3 URI that replaces the `S3Uri` of channel 6 in `channels`, so that an
            upstream step's output can feed the channel. Channel 6 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_7: S3 URI that replaces the `S3Uri` of channel 7 in `channels`, so that an
            upstream step's output can feed the channel. Channel 7 must exist and read from S3 (have an
            `S3DataSource`).
        data_location_8: S3 URI that replaces the `S3Uri` of channel 8 in `channels`, so that an
            upstream step's output can feed the channel. Channel 8 must exist and read from S3 (have an
            `S3DataSource`).
        instance_type: ML compute instance type, for example `ml.m5.xlarge` or `ml.p4d.24xlarge`. A
            type missing from the component's list but of a listed size (`ml.<new family>.xlarge`) is
            accepted with a warning. Not sent when `instance_groups` is given. Default: ml.m4.xlarge.
        instance_count: Number of instances to train on; more than one needs an algorithm that
            supports distributed training. Not sent when `instance_groups` is given. Default: 1.
        volume_size: Size in GB of the storage volume attached to each instance, for the input data
            in `File` mode and for checkpoints. Instances with local NVMe storage (ml.p4d, ml.g5, ...)
            use that instead. Default: 30.
        max_run_time: Longest the job may train, in seconds (at most 28 days); SageMaker stops it
            after that. Default: 86400.
        instance_groups: Heterogeneous clusters: a list of up to 5 `{"InstanceGroupName": ...,
            "InstanceType": ..., "InstanceCount": ...}`. When given, `instance_type` and
            `instance_count` are not sent. Default: [].
        keep_alive_period: Seconds to keep the instances warm after the job for a following job to
            reuse (SageMaker managed warm pools). `-1` (the default) means not set.
        max_pending_time: Longest the job may wait for capacity, in seconds (2 hours to 28 days),
            before SageMaker stops it. `-1` (the default) means not set.
        max_retry_attempts: How many times SageMaker itself retries the job after an internal server
            error (1 to 30); SageMaker's retries happen inside the same job. `-1` (the default) means
            not set.
        output_compression: `GZIP` (SageMaker's default) packs the model into model.tar.gz; `NONE`
            uploads the files as they are.
        resource_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of
            the training instances. Instance types with local NVMe storage encrypt it themselves and
            refuse a key.
        output_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts the model artifacts in
            S3.
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
        max_wait_time: With `spot_instance`, the longest the job may take in seconds, waiting for
            spot capacity included; at least `max_run_time`. Ignored without `spot_instance`. Default:
            86400.
        checkpoint_config: Where the algorithm's checkpoints are kept, as `{"S3Uri":
            "s3://bucket/checkpoints", "LocalPath": "/opt/ml/checkpoints"}`, so an interrupted spot job
            resumes from them. Default: {}.
        debug_hook_config: SageMaker Debugger hook, as a `DebugHookConfig` object with at least
            `S3OutputPath`. Default: {}.
        debug_rule_config: SageMaker Debugger rules, a list of up to 20 `DebugRuleConfiguration`
            objects. Default: [].
        tensorboard_output_path: S3 URI to which SageMaker copies the job's TensorBoard output.
        profiler_config: SageMaker Profiler settings, as a `ProfilerConfig` object. Default: {}.
        profiler_rule_configurations: SageMaker Profiler rules, a list of up to 20
            `ProfilerRuleConfiguration` objects. Default: [].
        experiment_config: SageMaker Experiments association, as `{"ExperimentName": ...,
            "TrialName": ..., "RunName": ...}`. Default: {}.
        enable_remote_debug: Allow remote access to the training container for debugging (AWS
            Systems Manager). `False` (the default) means not set.
        enable_infra_check: Run SageMaker's infrastructure health checks on the instances before
            training. `False` (the default) means not set.
        session_chaining_config: Attribute-based access control for the job (the request's
            `SessionChainingConfig`), as `{"EnableSessionTagChaining": true}`. Default: {}.
        serverless_job_config: Serverless model customization (the request's `ServerlessJobConfig`),
            as a JSON object with at least `BaseModelArn` and `JobType`. Default: {}.
        mlflow_config: SageMaker managed MLflow tracking (the request's `MlflowConfig`), as
            `{"MlflowResourceArn": ..., "MlflowExperimentName": ..., "MlflowRunName": ...}`; only
            `MlflowResourceArn` is required. Default: {}.
        model_package_config: Registers the trained model in a model package group (the request's
            `ModelPackageConfig`), as `{"ModelPackageGroupArn": ...}`. Default: {}.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.
        job_exists_action: What to do when a training job with the same name already exists, as
            after a retry or a pod restart: `attach` follows that job to its end instead of starting
            another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts
            the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should train
            again); `fail` ends the step with an error. Default: attach.
        stream_logs: Copy the job's CloudWatch logs into the step's log while the job runs. Default:
            True.
        stop_on_termination: When the step is terminated (the run is cancelled or the pod is
            deleted), stop the training job instead of leaving it running. Default: True.
        dry_run: Check the arguments and print the CreateTrainingJob request that would be sent,
            without calling AWS. The step then exits with code 0 without writing any output. Default:
            False.
        name_from_request: Without a name given, name the training job after a digest of its request
            instead of after KFP's run and task: an identical request then finds the same training job
            (a retry, a rerun, another pipeline) and returns its results instead of starting another,
            and the typed function passes no run or task ID, so KFP can serve the step from its cache.
            To train again, change the request (a changed file under the same S3 URI does not change
            it). Default: False.
        kfp_run_id: ID of the KFP run, part of the generated job name. The Python component passes
            `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.
        kfp_task_id: ID KFP gives the task, the same for every retry of it, part of the generated
            job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.
        kfp_task_name: Name of the task in the pipeline, part of the generated job name. The Python
            component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.

    Returns:
        The pipeline task. Its outputs: model_artifact_url, job_name, job_arn, training_image, final_metrics.

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
