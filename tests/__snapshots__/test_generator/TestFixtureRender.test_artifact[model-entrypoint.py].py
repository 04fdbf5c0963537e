# Generated from specs/valid/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Model component: `python3 -m sagemaker_kfp_components.model.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="model",
    version="0.1.0",
    job=JobKind(
        'Model',
        log_group=None,
        name_prefix='Model',
        console_page='models',
        succeeded='Completed',
        unsuccessful=(),
        name_max_length=63,
        stoppable=False,
        has_status=False,
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('model_name', 'String', 'ModelName'),
        Output('model_arn', 'String', 'ModelArn'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.model.entrypoint", description='Creates a model.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--region", metavar="TEXT", help='AWS region. Required.')
    arguments.add_argument("--model_name", metavar="TEXT", help='Name of the model.')
    arguments.add_argument("--role", metavar="TEXT", help='IAM role SageMaker assumes. Required.')
    arguments.add_argument("--image", metavar="TEXT", help='Inference image.')
    arguments.add_argument("--environment", metavar="JSON", help='Environment of the single container. Default: {}.')
    arguments.add_argument("--containers", metavar="JSON", help='Containers of an inference pipeline, replacing the single one.')
    arguments.add_argument("--job_exists_action", metavar="TEXT", help='What to do when a model of that name exists. Default: attach.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--model_name_output_path", metavar="PATH", help='File to write the output model_name to: Name of the model.')
    outputs.add_argument("--model_arn_output_path", metavar="PATH", help='File to write the output model_arn to: ARN of the model.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
