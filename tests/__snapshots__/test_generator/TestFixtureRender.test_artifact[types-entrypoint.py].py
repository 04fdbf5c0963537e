# Generated from specs/valid/types.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Types component: `python3 -m sagemaker_kfp_components.types.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="types",
    version="0.1.0",
    job=JobKind(
        'TrainingJob',
        log_group='/aws/sagemaker/TrainingJobs',
        name_prefix='types',
        console_page='training-jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped'),
        name_max_length=63,
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('out_string', 'String', 'TrainingJobName'),
        Output('out_integer', 'Integer', 'BillableTimeInSeconds'),
        Output('out_float', 'Float', 'FinalMetricDataList[0].Value'),
        Output('out_bool', 'Bool', 'EnableNetworkIsolation'),
        Output('out_object', 'JsonObject', 'FinalMetricDataList', convert='metric_map'),
        Output('out_array', 'JsonArray', 'SecondaryStatusTransitions'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.types.entrypoint", description='One input and one output of every type.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--s_required", metavar="TEXT", help='A required string. Required.')
    arguments.add_argument("--s_optional", metavar="TEXT", help='An optional string without a default.')
    arguments.add_argument("--s_default", metavar="TEXT", help='A string with a default. Default: plain.')
    arguments.add_argument("--s_empty_default", metavar="TEXT", help='A string whose default is the empty string. Default: empty.')
    arguments.add_argument("--i_required", metavar="INTEGER", help='A required integer between 1 and 100. Required.')
    arguments.add_argument("--i_optional", metavar="INTEGER", help='An optional integer without a default. `0` (the default) means not set.')
    arguments.add_argument("--i_default", metavar="INTEGER", help='An integer with a negative default. Default: -5.')
    arguments.add_argument("--f_required", metavar="NUMBER", help='A required float between 0 and 1. Required.')
    arguments.add_argument("--f_optional", metavar="NUMBER", help='An optional float without a default. `3.5` (the default) means not set.')
    arguments.add_argument("--f_default", metavar="NUMBER", help='A float with a default. Default: 0.25.')
    arguments.add_argument("--f_whole_default", metavar="NUMBER", help='A float whose default is written as a whole number. Default: 2.')
    arguments.add_argument("--f_tiny_default", metavar="NUMBER", help='A float whose default Python prints in exponent notation. Default: 1e-06.')
    arguments.add_argument("--b_required", metavar="true|false", help='A required boolean. Required.')
    arguments.add_argument("--b_optional", metavar="true|false", help='An optional boolean without a default. `False` (the default) means not set.')
    arguments.add_argument("--b_true", metavar="true|false", help='A boolean defaulting to true. Default: True.')
    arguments.add_argument("--b_false", metavar="true|false", help='A boolean defaulting to false. Default: False.')
    arguments.add_argument("--o_required", metavar="JSON", help='A required JSON object. Required.')
    arguments.add_argument("--o_optional", metavar="JSON", help='An optional JSON object without a default.')
    arguments.add_argument("--o_empty_default", metavar="JSON", help='A JSON object defaulting to `{}`. Default: {}.')
    arguments.add_argument("--o_default", metavar="JSON", help='A JSON object with a nested, non-ASCII default (keys keep their order). Default: {"b":1,"a":{"nested":[true,false,1.5]},"é":"日本"}.')
    arguments.add_argument("--a_required", metavar="JSON", help='A required JSON array. Required.')
    arguments.add_argument("--a_optional", metavar="JSON", help='An optional JSON array without a default.')
    arguments.add_argument("--a_empty_default", metavar="JSON", help='A JSON array defaulting to `[]`. Default: [].')
    arguments.add_argument("--a_default", metavar="JSON", help='A JSON array with a mixed default. Default: [1,"two",{"three":3.0}].')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--out_string_output_path", metavar="PATH", help='File to write the output out_string to: A string output.')
    outputs.add_argument("--out_integer_output_path", metavar="PATH", help='File to write the output out_integer to: An integer output.')
    outputs.add_argument("--out_float_output_path", metavar="PATH", help='File to write the output out_float to: A float output, from an indexed response path.')
    outputs.add_argument("--out_bool_output_path", metavar="PATH", help='File to write the output out_bool to: A boolean output.')
    outputs.add_argument("--out_object_output_path", metavar="PATH", help='File to write the output out_object to: A JSON object output, converted from a list.')
    outputs.add_argument("--out_array_output_path", metavar="PATH", help='File to write the output out_array to: A JSON array output.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
