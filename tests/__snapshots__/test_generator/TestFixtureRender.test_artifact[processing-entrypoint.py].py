# Generated from specs/valid/processing.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Processing component: `python3 -m sagemaker_kfp_components.processing.entrypoint --help`."""

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
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.processing.entrypoint", description='Runs a processing job.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region. Required.')
    arguments.add_argument("--job_name", metavar="TEXT", help='Name of the processing job.')
    arguments.add_argument("--role", metavar="TEXT", help='IAM role SageMaker assumes. Required.')
    arguments.add_argument("--image", metavar="TEXT", help='Container image that processes the data. Required.')
    arguments.add_argument("--instance_type", metavar="TEXT", help='Instance type. Default: ml.m5.xlarge.')
    arguments.add_argument("--instance_count", metavar="INTEGER", help='Number of instances. Default: 1.')
    arguments.add_argument("--volume_size", metavar="INTEGER", help='Storage per instance, in GB. Default: 30.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--job_name_output_path", metavar="PATH", help='File to write the output job_name to: Name of the processing job.')
    outputs.add_argument("--job_arn_output_path", metavar="PATH", help='File to write the output job_arn to: ARN of the processing job.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
