# Generated from specs/valid/features.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Features component: `python3 -m sagemaker_kfp_components.features.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="features",
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
        Output('job_arn', 'String', 'TrainingJobArn'),
        Output('final_metrics', 'JsonObject', 'FinalMetricDataList', convert='metric_map'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.features.entrypoint", description='Enums, repeats, API paths, conversions and rules.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--instance_type", metavar="TEXT", help='An enum of 14 values, more than the README lists inline. Default: ml.m5.xlarge.')
    arguments.add_argument("--input_mode", metavar="TEXT", help='A short enum, listed inline. Default: File.')
    arguments.add_argument("--job_name", metavar="TEXT", help='A string with length limits and a pattern.')
    arguments.add_argument("--image", metavar="TEXT", help='One of `image` and `algorithm_name`.')
    arguments.add_argument("--algorithm_name", metavar="TEXT", help='One of `image` and `algorithm_name`.')
    arguments.add_argument("--hyperparameters", metavar="JSON", help='An object sent as a string map, as `{"name": "value"}`. Default: {}.')
    arguments.add_argument("--metric_definitions", metavar="JSON", help='An object sent as a list of name/regex pairs. Default: {}.')
    arguments.add_argument("--tags", metavar="JSON", help='An object sent as a list of key/value pairs. Default: {}.')
    arguments.add_argument("--channels", metavar="JSON", help='A list filling a request list as it is. Required.')
    arguments.add_argument("--data_location_1", metavar="TEXT", help='The S3 URI of channel 1 (index 0).')
    arguments.add_argument("--data_location_2", metavar="TEXT", help='The S3 URI of channel 2 (index 1).')
    arguments.add_argument("--data_location_3", metavar="TEXT", help='The S3 URI of channel 3 (index 2).')
    arguments.add_argument("--security_groups", metavar="TEXT", help='A comma-separated list sent as a request list.')
    arguments.add_argument("--subnets", metavar="TEXT", help='A comma-separated list with a lower bound only.')
    arguments.add_argument("--spot", metavar="true|false", help='The Bool that `max_wait` depends on. Default: False.')
    arguments.add_argument("--max_run", metavar="INTEGER", help='An integer with both limits. Default: 3600.')
    arguments.add_argument("--max_wait", metavar="INTEGER", help='Sent only when `spot` is true. Default: 7200.')
    arguments.add_argument("--ratio", metavar="NUMBER", help='A float with a lower bound only. Default: 0.5.')
    arguments.add_argument("--kfp_task_id", metavar="TEXT", help="Filled by KFP with the task's ID.")
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--model_artifact_url_output_path", metavar="PATH", help='File to write the output model_artifact_url to: S3 URL of the model.')
    outputs.add_argument("--job_arn_output_path", metavar="PATH", help='File to write the output job_arn to: ARN of the job.')
    outputs.add_argument("--final_metrics_output_path", metavar="PATH", help='File to write the output final_metrics to: Final metrics, as `{"name": value}`.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
