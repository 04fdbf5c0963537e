# Generated from specs/valid/text.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Container entrypoint of the Text edge cases component: `python3 -m sagemaker_kfp_components.text.entrypoint --help`."""

import argparse
import sys

from ..runtime.arguments import Component, JobKind, Output
from ..runtime.step import run
from .validation import ARGUMENTS, RULES

COMPONENT = Component(
    name="text",
    version="0.1.0",
    job=JobKind(
        'TrainingJob',
        log_group='/aws/sagemaker/TrainingJobs',
        name_prefix='TrainingJob',
        console_page='training-jobs',
        succeeded='Completed',
        unsuccessful=('Failed', 'Stopped'),
        name_max_length=63,
        instance_count='ResourceConfig',
        failure_fields=('FailureReason',),
    ),
    arguments=ARGUMENTS,
    rules=RULES,
    outputs=(
        Output('result', 'String', 'TrainingJobName'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    # parse_args with no abbreviations: a misspelled flag is an error, never silently dropped.
    parser = argparse.ArgumentParser(prog="python3 -m sagemaker_kfp_components.text.entrypoint", description='Quotes \' and ", a colon: here, 100% → 日本, {{ braces }}.', allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {COMPONENT.version}")
    arguments = parser.add_argument_group("arguments")
    arguments.add_argument("--quotes", metavar="TEXT", help='It\'s "quoted" with \'single\' and "double" quotes.')
    arguments.add_argument("--colons", metavar="TEXT", help='key: value, a trailing colon:')
    arguments.add_argument("--pipes", metavar="TEXT", help='A pipe | in text, || twice and `x|y` in code.')
    arguments.add_argument("--newlines", metavar="TEXT", help='Line one. Line two, after a newline. Line four, after an empty line. Required.')
    arguments.add_argument("--braces", metavar="TEXT", help="Jinja-looking text {{ not_a_variable }}, {%% not_a_tag %%} and {# not a comment #}; KFP-looking {{$.inputs.parameters['x']}}.")
    arguments.add_argument("--percent", metavar="TEXT", help='100%% sure, with %%s, %%(default)s and %%%% in it.')
    arguments.add_argument("--unicode", metavar="TEXT", help='Café, naïve → 日本語 ✓.')
    arguments.add_argument("--backslash", metavar="TEXT", help='A backslash \\d, C:\\path\\new and a trailing one \\')
    arguments.add_argument("--hard_default", metavar="TEXT", help='A default with every hard character. Default: It\'s "50%%": a | b → 日本 {{ x }}.')
    arguments.add_argument("--hash_default", metavar="TEXT", help='A default that starts like a YAML comment. Default: # not a comment.')
    outputs = parser.add_argument_group("output files")
    outputs.add_argument("--result_output_path", metavar="PATH", help='File to write the output result to: An output: "quoted" | piped, 100%% → 日本.')
    return parser


def main(argv=None) -> int:
    return run(COMPONENT, build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
