# Generated from specs/valid/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Batch Transform component: `python3 -m sagemaker_kfp_components.batch_transform.entrypoint --help`."""

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
        Output('job_name', 'String', 'TransformJobName'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.batch_transform.entrypoint", description='Runs a batch transform job.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region. Required.')
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the transform job.')
    arguments.add_argument("--model_name", metavar="TEXT", help='SageMaker model that makes the predictions. Required.')
    arguments.add_argument("--max_concurrent", metavar="INTEGER", help='Most requests each instance is sent at once. `0` (the default) means not set.')
    arguments.add_argument("--input_location", metavar="TEXT", help='S3 URI of the data to transform. Required.')
    arguments.add_argument("--data_type", metavar="TEXT", help='What the input location names. Default: S3Prefix.')
    arguments.add_argument("--split_type", metavar="TEXT", help='How input objects are split into records. Default: None.')
    arguments.add_argument("--output_location", metavar="TEXT", help='S3 URI of the predictions. Required.')
    arguments.add_argument("--instance_type", metavar="TEXT", help='Instance type. Default: ml.m4.xlarge.')
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances. Default: 1.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--output_location_output_path", metavar="PATH", help='File to write the output output_location to: S3 URI of the predictions.')
    outputs.add_argument("--job_name_output_path", metavar="PATH", help='File to write the output job_name to: Name of the transform job.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
