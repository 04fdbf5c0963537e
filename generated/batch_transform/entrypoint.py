# Generated from specs/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the SageMaker Batch Transform component: `python3 -m sagemaker_kfp_components.batch_transform.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="batch_transform",
    version="0.1.0",
    job=JobKind(
        'TransformJob',
        log_group='/aws/sagemaker/TransformJobs',
        name_prefix='BatchTransform',
        console_page='transform-jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped'),
        name_max_length=63,
        instance_count='TransformResources',
        failure_fields=('FailureReason',),
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('output_location', 'String', 'TransformOutput.S3OutputPath'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.batch_transform.entrypoint", description='Runs an AWS SageMaker batch transform job as a pipeline step and outputs where it wrote the predictions.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region the transform job runs in, for example `us-east-1`. Required.')
    arguments.add_argument("--endpoint_url", metavar="TEXT", help="URL of the SageMaker API endpoint to call instead of the region's public one, for example a PrivateLink VPC endpoint. `AWS_ENDPOINT_URL` in the environment is honoured as well.")
    arguments.add_argument("--assume_role", metavar="TEXT", help="ARN of an IAM role to assume before calling SageMaker, for example a role in another account. The step's own credentials come from the standard AWS chain (environment, IRSA, instance profile); the assumed role's credentials are refreshed for long jobs.")
    arguments.add_argument("--tags", metavar="JSON", help='Tags for the transform job, as `{"key": "value"}`. Default: {}.')
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the transform job, unique within the AWS account and region. When empty, the name is `BatchTransform-kfp-<hash>` of the KFP run, task ID and task name when KFP provides them, so a retried step finds its job again, and `BatchTransform-<YYYYmmddHHMMSS>-<random>` otherwise.')
    arguments.add_argument("--model_name", metavar="TEXT", help="Name of the SageMaker model that makes the predictions, an existing model in the job's account and region, for example the `model_name` output of a step that created it. Required.")
    arguments.add_argument("--max_concurrent", metavar="INTEGER", help="Most requests each instance is sent at the same time. When not set, SageMaker asks the model's container (its execution-parameters endpoint) and otherwise sends one at a time; built-in algorithms need no value. `max_concurrent` times `max_payload` may be at most 100 MB. `0` (the default) means not set.")
    arguments.add_argument("--max_payload", metavar="INTEGER", help="Largest request sent to the model, in MB; at least the size of one record. 0 sends records of any size with HTTP chunked encoding, for containers that support it (SageMaker's built-in algorithms do not). Default: 6.")
    arguments.add_argument("--batch_strategy", metavar="TEXT", help='How many records a request holds: `MultiRecord` as many as fit in `max_payload`, `SingleRecord` one. Needs a `split_type` other than `None`. When empty, SageMaker decides.')
    arguments.add_argument("--environment", metavar="JSON", help='Environment variables for the model\'s container, as `{"NAME": "value"}`, at most 16. Values of names that look secret (password, secret, token, key) are masked in the step\'s log. Default: {}.')
    arguments.add_argument("--input_location", metavar="TEXT", help='S3 URI of the data to transform: a key prefix such as `s3://bucket/input/` (every object under it), or a manifest file when `data_type` is `ManifestFile`. Required.')
    arguments.add_argument("--data_type", metavar="TEXT", help="What `input_location` names: `S3Prefix` a key prefix, `ManifestFile` a JSON manifest listing the objects. SageMaker's documentation lists only these two as working for transform jobs. Default: S3Prefix.")
    arguments.add_argument("--content_type", metavar="TEXT", help='MIME type of the input data, sent with each request to the model, for example `text/csv` or `application/jsonlines`. When empty, none is sent.')
    arguments.add_argument("--split_type", metavar="TEXT", help="How input objects are split into records: `Line` at newlines, `RecordIO` or `TFRecord` by those formats' records, `None` not at all (each request holds a whole object). Default: None.")
    arguments.add_argument("--compression_type", metavar="TEXT", help='`Gzip` when the input objects are gzip-compressed (SageMaker decompresses them), else `None`. Default: None.')
    arguments.add_argument("--output_location", metavar="TEXT", help='S3 URI under which the job writes its predictions: one object per input object, named after it with `.out` added (`data.csv` gives `data.csv.out`). Required.')
    arguments.add_argument("--accept", metavar="TEXT", help="MIME type the model is asked to answer in, for example `text/csv` or `application/json`. When empty, the model's own default.")
    arguments.add_argument("--assemble_with", metavar="TEXT", help="How the predictions of one input object are joined into its output object: `Line` adds a newline after each, `None` concatenates them as they are. When empty, SageMaker's default (`None`).")
    arguments.add_argument("--output_encryption_key", metavar="TEXT", help="AWS KMS key (ID, ARN, alias or alias ARN) with which S3 encrypts the predictions. When empty, the account's default S3 key.")
    arguments.add_argument("--input_filter", metavar="TEXT", help="JSONPath expression choosing the part of each record sent to the model, for example `$[1:]` to leave out a CSV record's first column (an ID). When empty, the whole record (`$`).")
    arguments.add_argument("--output_filter", metavar="TEXT", help="JSONPath expression choosing the part of each joined record (see `join_source`) written to the output, for example `$[0,-1]` or `$['id','SageMakerOutput']`. When empty, all of it (`$`).")
    arguments.add_argument("--join_source", metavar="TEXT", help='`Input` writes each input record together with its prediction (a CSV row gets the prediction appended; a JSON object gets it as `SageMakerOutput`); `None` writes the predictions alone. Default: None.')
    arguments.add_argument("--instance_type", metavar="TEXT", help='ML instance type the model runs on, for example `ml.m5.xlarge`. A type newer than this list is accepted with a warning. Default: ml.m4.xlarge.')
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances that transform the data in parallel. Default: 1.')
    arguments.add_argument("--resource_encryption_key", metavar="TEXT", help='AWS KMS key (ID, ARN, alias or alias ARN) that encrypts the storage volumes of the instances. Instance types with local NVMe storage encrypt it themselves and refuse a key.')
    arguments.add_argument("--transform_ami_version", metavar="TEXT", help="Machine image of the instances, for GPU instances: `al2-ami-sagemaker-batch-gpu-470` or `al2-ami-sagemaker-batch-gpu-535` (NVIDIA driver 470 or 535). When empty, SageMaker's default.")
    arguments.add_argument("--model_client_config", metavar="JSON", help='Timeout and retries of each request to the model, as `{"InvocationsTimeoutInSeconds": 600, "InvocationsMaxRetries": 3}` (1 to 3600 seconds, 0 to 3 retries; those are the defaults). Default: {}.')
    arguments.add_argument("--data_capture_config", metavar="JSON", help='Capture the job\'s inputs and predictions to S3, for Model Monitor, as `{"DestinationS3Uri": "s3://bucket/capture", "KmsKeyId": ..., "GenerateInferenceId": true}`. Default: {}.')
    arguments.add_argument("--experiment_config", metavar="JSON", help='SageMaker Experiments association, as `{"ExperimentName": ..., "TrialName": ..., "RunName": ...}`. Default: {}.')
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a transform job with the same name already exists, as after a retry or a pod restart: `attach` follows that job to its end instead of starting another; `rerun_failed` does the same, but when that job ended Failed or Stopped it starts the job again as `<name>-r2`, `-r3`, ... (for retried steps, whose retries should run again); `fail` ends the step with an error. Default: attach.')
    arguments.add_argument("--stream_logs", metavar="true|false", help="Copy the job's CloudWatch logs into the step's log while the job runs. Default: True.")
    arguments.add_argument("--stop_on_termination", metavar="true|false", help='When the step is terminated (the run is cancelled or the pod is deleted), stop the transform job instead of leaving it running. Default: True.')
    arguments.add_argument("--dry_run", metavar="true|false", help='Check the arguments and print the CreateTransformJob request that would be sent, without calling AWS. The step then exits with code 0 without writing any output. Default: False.')
    arguments.add_argument("--name_from_request", metavar="true|false", help="Without a name given, name the transform job after a digest of its request instead of after KFP's run and task: an identical request then finds the same transform job (a retry, a rerun, another pipeline) and returns its results instead of starting another, and the typed function passes no run or task ID, so KFP can serve the step from its cache. To run again, change the request (a changed file under the same S3 URI does not change it). Default: False.")
    arguments.add_argument("--kfp_run_id", metavar="TEXT", help='ID of the KFP run, part of the generated job name. The Python component passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; KFP fills it in.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help='ID KFP gives the task, the same for every retry of it, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_ID_PLACEHOLDER`.')
    arguments.add_argument("--kfp_task_name", metavar="TEXT", help='Name of the task in the pipeline, part of the generated job name. The Python component passes `dsl.PIPELINE_TASK_NAME_PLACEHOLDER`.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--output_location_output_path", metavar="PATH", help='File to write the output output_location to: S3 URI under which the job wrote its predictions (`output_location`), one `<input object>.out` per input object, for a later step to read.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
