"""What a component's page on the docs site prints beyond its README, prepared in Python: the
templates under templates/docs/ only loop and print these cells."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Argument, Component, Group, Output, md_cell

NOTHING = "—"  # a cell with nothing to say: no API field, no default
#: The spec group of the arguments that steer the step itself (retries, logs, termination, KFP's
#: task identity): they fill no request field, and AWS's v1 components had none of them.
STEP_GROUP = "step"


def _code(text: str) -> str:
    return md_cell(f"`{text}`")


@dataclass(frozen=True)
class ComponentPage:
    c: Component

    @staticmethod
    def argument_cells(arg: Argument) -> tuple[str, ...]:
        """Argument, Type, Default, Limits / accepted values, SageMaker API field, Description."""
        default = "required" if arg.required else arg.md_default
        field = f"{arg.request}: {arg.api}" if arg.request else arg.api
        return (_code(arg.name), arg.type, default, arg.md_accepted or NOTHING,
                _code(field) if field else NOTHING, arg.md_description)

    @property
    def argument_tables(self) -> list[tuple[Group, list[tuple[str, ...]]]]:
        """One table per spec group, in the spec's order."""
        return [(group, [self.argument_cells(arg) for arg in args]) for group, args in self.c.grouped_arguments]

    def response_field(self, out: Output) -> str:
        """Where the output comes from: a field of the Describe response, or of the description of
        the resource another field names (a tuning job's best training job)."""
        if out.of:
            return f"{_code(out.api)} of the job named by {_code(out.of)}"
        return _code(out.api)

    @property
    def output_rows(self) -> list[tuple[str, ...]]:
        """Output, Type, Description, Response field."""
        return [(_code(out.name), out.type, out.md_description, self.response_field(out)) for out in self.c.outputs]

    @property
    def describe_operation(self) -> str:
        return self.c.job.describe

    @property
    def step_arguments_clause(self) -> str:
        """The end of the migration section's sentence on new inputs: the step's own arguments,
        which AWS's v1 components did not have (nothing when the spec has none)."""
        names = ", ".join(f"`{arg.name}`" for arg in self.c.arguments if arg.group == STEP_GROUP)
        return f", and the step's own arguments, which AWS's v1 component did not have: {names}" if names else ""
