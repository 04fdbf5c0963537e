# Generated from specs/valid/features.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Features component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg(
        'instance_type',
        'String',
        default='ml.m5.xlarge',
        api='ResourceConfig.InstanceType',
        enum=('ml.m4.xlarge', 'ml.m4.2xlarge', 'ml.m4.4xlarge', 'ml.m5.large', 'ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.m5.4xlarge', 'ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.c5.4xlarge', 'ml.p3.2xlarge', 'ml.p3.8xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge'),
        open_enum=True,
        pattern='ml\\.[a-z0-9-]+\\.[a-z0-9-]+',
    ),
    Arg(
        'input_mode',
        'String',
        default='File',
        api='AlgorithmSpecification.TrainingInputMode',
        enum=('Pipe', 'File', 'FastFile'),
    ),
    Arg(
        'job_name',
        'String',
        api='TrainingJobName',
        pattern='[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
        min_length=1,
        max_length=63,
    ),
    Arg('image', 'String', api='AlgorithmSpecification.TrainingImage', max_length=255),
    Arg('algorithm_name', 'String', api='AlgorithmSpecification.AlgorithmName'),
    Arg(
        'hyperparameters',
        'JsonObject',
        default={},
        api='HyperParameters',
        convert='string_map',
        max_entries=100,
        key_max_length=256,
        value_max_length=2500,
    ),
    Arg(
        'metric_definitions',
        'JsonObject',
        default={},
        api='AlgorithmSpecification.MetricDefinitions',
        convert='name_regex_list',
        min_entries=0,
        max_entries=40,
        value_regex=True,
    ),
    Arg('tags', 'JsonObject', default={}, api='Tags', convert='key_value_list'),
    Arg(
        'channels',
        'JsonArray',
        required=True,
        api='InputDataConfig',
        min_entries=1,
        max_entries=20,
        unique_key='ChannelName',
    ),
    Arg(
        'data_location_1',
        'String',
        api='InputDataConfig[0].DataSource.S3DataSource.S3Uri',
        max_length=1024,
    ),
    Arg(
        'data_location_2',
        'String',
        api='InputDataConfig[1].DataSource.S3DataSource.S3Uri',
        max_length=1024,
    ),
    Arg(
        'data_location_3',
        'String',
        api='InputDataConfig[2].DataSource.S3DataSource.S3Uri',
        max_length=1024,
    ),
    Arg(
        'security_groups',
        'String',
        api='VpcConfig.SecurityGroupIds',
        convert='comma_list',
        min_entries=1,
        max_entries=5,
        item_pattern='sg-[0-9a-z]+',
    ),
    Arg(
        'subnets',
        'String',
        api='VpcConfig.Subnets',
        convert='comma_list',
        min_entries=1,
        item_pattern='subnet-[0-9a-z]+',
    ),
    Arg('spot', 'Bool', default=False, api='EnableManagedSpotTraining'),
    Arg(
        'max_run',
        'Integer',
        default=3600,
        api='StoppingCondition.MaxRuntimeInSeconds',
        minimum=1,
        maximum=2419200,
    ),
    Arg(
        'max_wait',
        'Integer',
        default=7200,
        api='StoppingCondition.MaxWaitTimeInSeconds',
        only_when='spot',
        maximum=2419200,
    ),
    Arg('ratio', 'Float', default=0.5, minimum=0.1),
    Arg('kfp_task_id', 'String'),
)

RULES = (
    Rule('exactly_one', ('image', 'algorithm_name')),
    Rule('together', ('security_groups', 'subnets')),
    Rule('not_less', ('max_wait', 'max_run'), when='spot'),
    Rule('requires', ('metric_definitions', 'image')),
    Rule('excludes', ('algorithm_name', 'metric_definitions')),
)
