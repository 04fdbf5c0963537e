# Generated from specs/valid/processing.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Processing component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg('region', 'String', required=True),
    Arg(
        'job_name',
        'String',
        api='ProcessingJobName',
        pattern='[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
        max_length=63,
    ),
    Arg('role', 'String', required=True, api='RoleArn'),
    Arg('image', 'String', required=True, api='AppSpecification.ImageUri'),
    Arg(
        'instance_type',
        'String',
        default='ml.m5.xlarge',
        api='ProcessingResources.ClusterConfig.InstanceType',
    ),
    Arg(
        'instance_count',
        'Integer',
        default=1,
        api='ProcessingResources.ClusterConfig.InstanceCount',
        minimum=1,
    ),
    Arg(
        'volume_size',
        'Integer',
        default=30,
        api='ProcessingResources.ClusterConfig.VolumeSizeInGB',
        minimum=1,
    ),
)

RULES = (
)
