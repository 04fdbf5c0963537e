# Generated from specs/valid/text.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""Checks of the Text edge cases component's arguments, as a table.

`runtime.validate` runs them: every problem is reported at once, before anything is sent to AWS.
"""

from ..runtime.arguments import Arg, Rule

ARGUMENTS = (
    Arg('quotes', 'String'),
    Arg('colons', 'String'),
    Arg('pipes', 'String', pattern='a|b'),
    Arg('newlines', 'String', required=True),
    Arg('braces', 'String'),
    Arg('percent', 'String'),
    Arg('unicode', 'String'),
    Arg('backslash', 'String'),
    Arg('hard_default', 'String', default='It\'s "50%": a | b → 日本 {{ x }}'),
    Arg('hash_default', 'String', default='# not a comment'),
)

RULES = (
)
