# Generated from specs/valid/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Batch Transform component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg('region', 'String', required=True),
    Arg(
        'job_name',
        'String',
        api='TransformJobName',
        pattern='[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
        max_length=63,
    ),
    Arg('model_name', 'String', required=True, api='ModelName'),
    Arg('max_concurrent', 'Integer', unset=0, api='MaxConcurrentTransforms', minimum=1),
    Arg(
        'input_location',
        'String',
        required=True,
        api='TransformInput.DataSource.S3DataSource.S3Uri',
    ),
    Arg(
        'data_type',
        'String',
        default='S3Prefix',
        api='TransformInput.DataSource.S3DataSource.S3DataType',
        enum=('ManifestFile', 'S3Prefix'),
    ),
    Arg(
        'split_type',
        'String',
        default='None',
        api='TransformInput.SplitType',
        enum=('None', 'Line'),
    ),
    Arg('output_location', 'String', required=True, api='TransformOutput.S3OutputPath'),
    Arg('instance_type', 'String', default='ml.m4.xlarge', api='TransformResources.InstanceType'),
    Arg('instance_count', 'Integer', default=1, api='TransformResources.InstanceCount', minimum=1),
)

RULES = (
)
