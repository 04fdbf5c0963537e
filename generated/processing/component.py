# Generated from specs/processing.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Processing component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.processing import sagemaker_processing

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
    "tags": {},
    "container_entrypoint": [],
    "container_arguments": [],
    "environment": {},
    "input_config": [],
    "input_location_1": "",
    "input_location_2": "",
    "input_location_3": "",
    "input_location_4": "",
    "input_location_5": "",
    "output_config": [],
    "instance_type": "ml.m4.xlarge",
    "instance_count": 1,
    "volume_size": 30,
    "max_run_time": 86400,
    "instance_preferences": [],
    "resource_encryption_key": "",
    "output_encryption_key": "",
    "vpc_security_group_ids": "",
    "vpc_subnets": "",
    "network_isolation": True,
    "traffic_encryption": False,
    "experiment_config": {},
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


def sagemaker_processing(
    *,
    region: str,
    role: str,
    image: str,
    endpoint_url: str | None = None,
    assume_role: str | None = None,
    job_name: str | None = None,
    tags: dict | None = None,
    container_entrypoint: list | None = None,
    container_arguments: list | None = None,
    environment: dict | None = None,
    input_config: list | None = None,
    input_location_1: str | None = None,
    input_location_2: str | None = None,
    input_location_3: str | None = None,
    input_location_4: str | None = None,
    input_location_5: str | None = None,
    output_config: list | None = None,
    instance_type: str | None = None,
    instance_count: int | None = None,
    volume_size: int | None = None,
    max_run_time: int | None = None,
    instance_preferences: list | None = None,
    resource_encryption_key: str | None = None,
    output_encryption_key: str | None = None,
    vpc_security_group_ids: str | None = None,
    vpc_subnets: str | None = None,
    network_isolation: bool | None = None,
    traffic_encryption: bool | None = None,
    experiment_config: dict | None = None,
    job_exists_action: str | None = None,
    stream_logs: bool | None = None,
    stop_on_termination: bool | None = None,
    dry_run: bool | None = None,
    name_from_request: bool | None = None,
    kfp_run_id: str | None = None,
    kfp_task_id: str | None = None,
    kfp_task_name: str | None = None,
):
    """Runs an AWS SageMaker processing job as a pipeline step and outputs where it wrote its results.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the processing job runs in, for example `us-east-1`.
        role: ARN of the IAM role that SageMaker assumes to run the job.
        image: Registry path of the Docker image that runs the processing, for example a SageMaker
            scikit-learn or Spark image.
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as
            well.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.
        job_name: Name of the processing job, unique within the AWS account and region. When empty,
            the name is `ProcessingJob-kfp-<hash>` of the KFP run, task ID and task name when KFP
            provides them, so a retried step finds its job again, and
            `ProcessingJob-<YYYYmmddHHMMSS>-<random>` otherwise.
        tags: Tags for the processing job, as `{"key": "value"}`. Default: {}.
        container_entrypoint: Entrypoint of the processing container, replacing the image's, as a
            list such as `["python3", "/opt/ml/processing/code/preprocess.py"]`. Default: [].
        container_arguments: Arguments for the container's entrypoint, as a list such as
            `["--split", "0.2"]`. Default: [].
        environment: Environment variables for the processing container, as `{"NAME": "value"}`;
            numbers and booleans are sent as text. Values of names that look secret (password, secret,
            token, key) are masked in the step's log. Default: {}.
        input_config: Inputs to download into the processing container, a list of SageMaker
            `ProcessingInput` objects, for example `[{"InputName": "raw", "S3Input": {"S3Uri":
            "s3://bucket/raw", "LocalPath": "/opt/ml/processing/input", "S3DataType": "S3Prefix",
            "S3InputMode": "File"}}]`.
        input_location_1: S3 URI that replaces the `S3Uri` of input 1 in `input_config`, so that an
            upstream step's output can feed the input. Input 1 must exist and read from S3.
        input_location_2: S3 URI that replaces the `S3Uri` of input 2 in `input_config`, so that an
            upstream step's output can feed the input. Input 2 must exist and read from S3.
        input_location_3: S3 URI that replaces the `S3Uri` of input 3 in `input_config`, so that an
            upstream step's output can feed the input. Input 3 must exist and read from S3.
        input_location_4: S3 URI that replaces the `S3Uri` of input 4 in `input_config`, so that an
            upstream step's output can feed the input. Input 4 must exist and read from S3.
        input_location_5: S3 URI that replaces the `S3Uri` of input 5 in `input_config`, so that an
            upstream step's output can feed the input. Input 5 must exist and read from S3.
        output_config: Outputs to upload from the processing container, a list of SageMaker
            `ProcessingOutput` objects, for example `[{"OutputName": "train", "S3Output": {"S3Uri":
            "s3://bucket/train", "LocalPath": "/opt/ml/processing/train", "S3UploadMode":
            "EndOfJob"}}]`.
        instance_type: ML compute instance type the job runs on, for example `ml.m5.xlarge`. Not
            sent when `instance_preferences` is given. Default: ml.m4.xlarge.
        instance_count: Number of instances the job runs on; more than one for distributed
            processing. Default: 1.
        volume_size: Size in GB of the storage volume attached to each instance. Instance types with
            local NVMe storage use that instead, and refuse a size larger than it. Default: 30.
        max_run_time: Longest the job may run, in seconds (at most 9 days); SageMaker stops it after
            that. Default: 86400.
        instance_preferences: Instance types to try in order until one has capacity, as
            `[{"InstanceType": "ml.m5.xlarge"}, {"InstanceType": "ml.c5.xlarge"}]`; `instance_count`
            applies to whichever is chosen, so give no `InstanceCount` in them. When given,
            `instance_type` is not sent.
        resource_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts the storage volumes of
            the instances. Instance types with local NVMe storage encrypt it themselves and refuse a
            key.
        output_encryption_key: AWS KMS key (ID, ARN or alias) that encrypts every output the job
            uploads to S3; needs `output_config`.
        vpc_security_group_ids: Comma-separated IDs of the VPC security groups for the processing
            instances, for example `sg-0a1b2c3d`. Needs `vpc_subnets`.
        vpc_subnets: Comma-separated IDs of the VPC subnets the processing instances run in, for
            example `subnet-0a1b2c3d`. Needs `vpc_security_group_ids`.
        network_isolation: Isolate the processing container from the network: no inbound or outbound
            calls, not even to AWS services. Turn it off for code that needs the network. Default: True.
        traffic_encryption: Encrypt the traffic between the instances of a distributed processing
            job. Default: False.
        experiment_config: SageMaker Experiments association, as `{"ExperimentName": ...,
            "TrialName": ..., "RunName": ...}`. Default: {}.
        job_exists_action: What to do when a processing job with the same name already exists, as
            after a retry or a pod restart: `attach` follows that job to its end instead of starting
            another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts
            the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should run
            again); `fail` ends the step with an error. Default: attach.
        stream_logs: Copy the job's CloudWatch logs into the step's log while the job runs. Default:
            True.
        stop_on_termination: When the step is terminated (the run is cancelled or the pod is
            deleted), stop the processing job instead of leaving it running. Default: True.
        dry_run: Check the arguments and print the CreateProcessingJob request that would be sent,
            without calling AWS. The step then exits with code 0 without writing any output. Default:
            False.
        name_from_request: Without a name given, name the processing job after a digest of its
            request instead of after KFP's run and task: an identical request then finds the same
            processing job (a retry, a rerun, another pipeline) and returns its results instead of
            starting another, and the typed function passes no run or task ID, so KFP can serve the step
            from its cache. To run again, change the request (a changed file under the same S3 URI does
            not change it). Default: False.
        kfp_run_id: ID of the KFP run, part of the generated job name. The Python component passes
            `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.
        kfp_task_id: ID KFP gives the task, the same for every retry of it, part of the generated
            job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.
        kfp_task_name: Name of the task in the pipeline, part of the generated job name. The Python
            component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.

    Returns:
        The pipeline task. Its outputs: job_name, job_arn, output_artifacts, output_location_1, output_location_2, output_location_3, output_location_4, output_location_5.

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
