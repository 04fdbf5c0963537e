# Generated from specs/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Batch Transform component as a typed Python function for kfp 2.x pipelines.

    from sagemaker_kfp_components.batch_transform import sagemaker_batch_transform

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
    "tags": {},
    "job_name": "",
    "max_concurrent": 0,
    "max_payload": 6,
    "batch_strategy": "",
    "environment": {},
    "data_type": "S3Prefix",
    "content_type": "",
    "split_type": "None",
    "compression_type": "None",
    "accept": "",
    "assemble_with": "",
    "output_encryption_key": "",
    "input_filter": "",
    "output_filter": "",
    "join_source": "None",
    "instance_type": "ml.m4.xlarge",
    "instance_count": 1,
    "resource_encryption_key": "",
    "transform_ami_version": "",
    "model_client_config": {},
    "data_capture_config": {},
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


def sagemaker_batch_transform(
    *,
    region: str,
    model_name: str,
    input_location: str,
    output_location: str,
    endpoint_url: str | None = None,
    assume_role: str | None = None,
    tags: dict | None = None,
    job_name: str | None = None,
    max_concurrent: int | None = None,
    max_payload: int | None = None,
    batch_strategy: str | None = None,
    environment: dict | None = None,
    data_type: str | None = None,
    content_type: str | None = None,
    split_type: str | None = None,
    compression_type: str | None = None,
    accept: str | None = None,
    assemble_with: str | None = None,
    output_encryption_key: str | None = None,
    input_filter: str | None = None,
    output_filter: str | None = None,
    join_source: str | None = None,
    instance_type: str | None = None,
    instance_count: int | None = None,
    resource_encryption_key: str | None = None,
    transform_ami_version: str | None = None,
    model_client_config: dict | None = None,
    data_capture_config: dict | None = None,
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
    """Runs an AWS SageMaker batch transform job as a pipeline step and outputs where it wrote the predictions.

    Every argument also takes a pipeline parameter or a task output. Arguments left as None take
    the component's default, which is passed to KFP explicitly.

    Args:
        region: AWS region the transform job runs in, for example `us-east-1`.
        model_name: Name of the SageMaker model that makes the predictions, an existing model in the
            job's account and region, for example the `model_name` output of a step that created it.
        input_location: S3 URI of the data to transform: a key prefix such as `s3://bucket/input/`
            (every object under it), or a manifest file when `data_type` is `ManifestFile`.
        output_location: S3 URI under which the job writes its predictions: one object per input
            object, named after it with `.out` added (`data.csv` gives `data.csv.out`).
        endpoint_url: URL of the SageMaker API endpoint to call instead of the region's public one,
            for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as
            well.
        assume_role: ARN of an IAM role to assume before calling SageMaker, for example a role in
            another account. The step's own credentials come from the standard AWS chain (environment,
            IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.
        tags: Tags for the transform job, as `{"key": "value"}`. Default: {}.
        job_name: Name of the transform job, unique within the AWS account and region. When empty,
            the name is `BatchTransform-kfp-<hash>` of the KFP run, task ID and task name when KFP
            provides them, so a retried step finds its job again, and
            `BatchTransform-<YYYYmmddHHMMSS>-<random>` otherwise.
        max_concurrent: Most requests each instance is sent at the same time. When not set,
            SageMaker asks the model's container (its execution-parameters endpoint) and otherwise sends
            one at a time; built-in algorithms need no value. `max_concurrent` times `max_payload` may
            be at most 100 MB. `0` (the default) means not set.
        max_payload: Largest request sent to the model, in MB; at least the size of one record. 0
            sends records of any size with HTTP chunked encoding, for containers that support it
            (SageMaker's built-in algorithms do not). Default: 6.
        batch_strategy: How many records a request holds: `MultiRecord` as many as fit in
            `max_payload`, `SingleRecord` one. Needs a `split_type` other than `None`. When empty,
            SageMaker decides.
        environment: Environment variables for the model's container, as `{"NAME": "value"}`, at
            most 16. Values of names that look secret (password, secret, token, key) are masked in the
            step's log. Default: {}.
        data_type: What `input_location` names: `S3Prefix` a key prefix, `ManifestFile` a JSON
            manifest listing the objects. SageMaker's documentation lists only these two as working for
            transform jobs. Default: S3Prefix.
        content_type: MIME type of the input data, sent with each request to the model, for example
            `text/csv` or `application/jsonlines`. When empty, none is sent.
        split_type: How input objects are split into records: `Line` at newlines, `RecordIO` or
            `TFRecord` by those formats' records, `None` not at all (each request holds a whole object).
            Default: None.
        compression_type: `Gzip` when the input objects are gzip-compressed (SageMaker decompresses
            them), else `None`. Default: None.
        accept: MIME type the model is asked to answer in, for example `text/csv` or
            `application/json`. When empty, the model's own default.
        assemble_with: How the predictions of one input object are joined into its output object:
            `Line` adds a newline after each, `None` concatenates them as they are. When empty,
            SageMaker's default (`None`).
        output_encryption_key: AWS KMS key (ID, ARN, alias or alias ARN) with which S3 encrypts the
            predictions. When empty, the account's default S3 key.
        input_filter: JSONPath expression choosing the part of each record sent to the model, for
            example `$[1:]` to leave out a CSV record's first column (an ID). When empty, the whole
            record (`$`).
        output_filter: JSONPath expression choosing the part of each joined record (see
            `join_source`) written to the output, for example `$[0,-1]` or `$['id','SageMakerOutput']`.
            When empty, all of it (`$`).
        join_source: `Input` writes each input record together with its prediction (a CSV row gets
            the prediction appended; a JSON object gets it as `SageMakerOutput`); `None` writes the
            predictions alone. Default: None.
        instance_type: ML instance type the model runs on, for example `ml.m5.xlarge`. A type newer
            than this list is accepted with a warning. Default: ml.m4.xlarge.
        instance_count: Number of instances that transform the data in parallel. Default: 1.
        resource_encryption_key: AWS KMS key (ID, ARN, alias or alias ARN) that encrypts the storage
            volumes of the instances. Instance types with local NVMe storage encrypt it themselves and
            refuse a key.
        transform_ami_version: Machine image of the instances, for GPU instances:
            `al2-ami-sagemaker-batch-gpu-470` or `al2-ami-sagemaker-batch-gpu-535` (NVIDIA driver 470 or
            535). When empty, SageMaker's default.
        model_client_config: Timeout and retries of each request to the model, as
            `{"InvocationsTimeoutInSeconds": 600, "InvocationsMaxRetries": 3}` (1 to 3600 seconds, 0 to
            3 retries; those are the defaults). Default: {}.
        data_capture_config: Capture the job's inputs and predictions to S3, for Model Monitor, as
            `{"DestinationS3Uri": "s3://bucket/capture", "KmsKeyId": ..., "GenerateInferenceId": true}`.
            Default: {}.
        experiment_config: SageMaker Experiments association, as `{"ExperimentName": ...,
            "TrialName": ..., "RunName": ...}`. Default: {}.
        job_exists_action: What to do when a transform job with the same name already exists, as
            after a retry or a pod restart: `attach` follows that job to its end instead of starting
            another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts
            the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should run
            again); `fail` ends the step with an error. Default: attach.
        stream_logs: Copy the job's CloudWatch logs into the step's log while the job runs. Default:
            True.
        stop_on_termination: When the step is terminated (the run is cancelled or the pod is
            deleted), stop the transform job instead of leaving it running. Default: True.
        dry_run: Check the arguments and print the CreateTransformJob request that would be sent,
            without calling AWS. The step then exits with code 0 without writing any output. Default:
            False.
        name_from_request: Without a name given, name the transform job after a digest of its
            request instead of after KFP's run and task: an identical request then finds the same
            transform job (a retry, a rerun, another pipeline) and returns its results instead of
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
        The pipeline task. Its outputs: output_location.

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
