# Generated from specs/valid/types.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Types component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg('s_required', 'String', required=True, api='RoleArn'),
    Arg('s_optional', 'String'),
    Arg('s_default', 'String', default='plain'),
    Arg('s_empty_default', 'String', default=''),
    Arg(
        'i_required',
        'Integer',
        required=True,
        api='ResourceConfig.InstanceCount',
        minimum=1,
        maximum=100,
    ),
    Arg('i_optional', 'Integer', unset=0, api='RetryStrategy.MaximumRetryAttempts', minimum=1),
    Arg('i_default', 'Integer', default=-5, minimum=-10),
    Arg('f_required', 'Float', required=True, minimum=0.0, maximum=1.0),
    Arg('f_optional', 'Float', unset=3.5, maximum=2.5),
    Arg('f_default', 'Float', default=0.25),
    Arg('f_whole_default', 'Float', default=2),
    Arg('f_tiny_default', 'Float', default=1e-06),
    Arg('b_required', 'Bool', required=True, api='EnableNetworkIsolation'),
    Arg('b_optional', 'Bool', unset=False),
    Arg('b_true', 'Bool', default=True),
    Arg('b_false', 'Bool', default=False),
    Arg('o_required', 'JsonObject', required=True, api='Environment', convert='string_map'),
    Arg('o_optional', 'JsonObject'),
    Arg('o_empty_default', 'JsonObject', default={}),
    Arg(
        'o_default',
        'JsonObject',
        default={'b': 1, 'a': {'nested': [True, False, 1.5]}, 'é': '日本'},
        max_entries=5,
    ),
    Arg(
        'a_required',
        'JsonArray',
        required=True,
        api='InputDataConfig',
        min_entries=1,
        max_entries=20,
        unique_key='ChannelName',
    ),
    Arg('a_optional', 'JsonArray'),
    Arg('a_empty_default', 'JsonArray', default=[]),
    Arg('a_default', 'JsonArray', default=[1, 'two', {'three': 3.0}]),
)

RULES = (
)
