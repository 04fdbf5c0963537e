# Generated from specs/valid/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Model component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg('region', 'String', required=True),
    Arg('model_name', 'String', api='ModelName', max_length=63),
    Arg('role', 'String', required=True, api='ExecutionRoleArn'),
    Arg('image', 'String', api='PrimaryContainer.Image'),
    Arg(
        'environment',
        'JsonObject',
        default={},
        api='PrimaryContainer.Environment',
        convert='string_map',
        unless=('containers',),
    ),
    Arg('containers', 'JsonArray', api='Containers'),
    Arg('job_exists_action', 'String', default='attach', enum=('attach', 'fail')),
)

RULES = (
    Rule('exactly_one', ('image', 'containers')),
)
