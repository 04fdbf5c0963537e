"""The spec model: frozen dataclasses with every field the templates print, prepared in Python.

Templates only loop and print; whatever depends on an argument's type is decided here, in one
table (`KFP_TYPES`).
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from dataclasses import dataclass, replace
from typing import Callable

import yaml

from . import PACKAGE
from .image_ref import ImageRef
from ..runtime import api_model
from ..runtime.arguments import JobKind, in_words, with_article


README_ENUM_LIMIT = 12  # longer accepted-value lists move to their own README section


@dataclass(frozen=True)
class KfpType:
    python: str  # annotation in the typed Python component
    metavar: str  # placeholder in --help
    accepts: Callable[[object], bool]  # is a YAML default of this type?
    to_text: Callable[[object], str]  # a default as the text KFP passes
    empty: object = None  # the value that means "not set"; None: the spec must say (`unset:`)


def _json_text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


KFP_TYPES = {
    "String": KfpType("str", "TEXT", lambda v: isinstance(v, str), str, ""),
    "Integer": KfpType("int", "INTEGER", lambda v: isinstance(v, int) and not isinstance(v, bool), str),
    "Float": KfpType("float", "NUMBER", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), repr),
    "Bool": KfpType("bool", "true|false", lambda v: isinstance(v, bool), lambda v: "True" if v else "False"),
    "JsonObject": KfpType("dict", "JSON", lambda v: isinstance(v, dict), _json_text, {}),
    "JsonArray": KfpType("list", "JSON", lambda v: isinstance(v, list), _json_text, []),
}

#: Spec keys of the checks, and the `runtime.arguments.Arg` fields they fill.
CHECK_FIELDS = {
    "enum": "enum",
    "open_enum": "open_enum",
    "min": "minimum",
    "max": "maximum",
    "pattern": "pattern",
    "min_length": "min_length",
    "max_length": "max_length",
    "min_entries": "min_entries",
    "max_entries": "max_entries",
    "key_max_length": "key_max_length",
    "value_max_length": "value_max_length",
    "item_pattern": "item_pattern",
    "item_max_length": "item_max_length",
    "unique_key": "unique_key",
    "value_regex": "value_regex",
}


#: Arg fields back to the spec keys that fill them, for messages.
SPEC_KEYS = {field: key for key, field in CHECK_FIELDS.items()}


def md_cell(text: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def yaml_text(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def docstring_text(text: str) -> str:
    """Text that can sit inside a triple-quoted docstring: backslashes escaped, and the quotes that
    would end it (three in a row, or any at the very end)."""
    escaped = text.replace("\\", "\\\\")
    body = escaped.rstrip('"')
    return body.replace('"""', '\\"\\"\\"') + '\\"' * (len(escaped) - len(body))


def py_literal(value: object) -> str:
    """A value as Python source: text in double quotes (JSON's are valid Python), the rest as repr."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def py_call(name: str, positional: tuple, keywords: dict, indent: int = 4, width: int = 100) -> str:
    """`Name(a, b, k=v)` on one line when it fits, else one argument per line."""
    parts = [repr(value) for value in positional] + [f"{key}={value!r}" for key, value in keywords.items()]
    line = f"{name}({', '.join(parts)})"
    if len(line) + indent <= width:
        return line
    pad = " " * (indent + 4)
    return f"{name}(\n" + "".join(f"{pad}{part},\n" for part in parts) + " " * indent + ")"


@dataclass(frozen=True)
class Group:
    id: str
    title: str

    @property
    def md_title(self) -> str:
        return md_cell(self.title)


@dataclass(frozen=True)
class Argument:
    name: str
    type: str
    group: str
    description: str
    required: bool
    has_default: bool
    default: object
    unset: object  # the value that means "not set", for a number or Bool (the spec's `unset:`)
    example: object  # a typical value (None: none given)
    api: str | None
    convert: str | None
    only_when: str | None
    unless: tuple[str, ...]  # spec: one name or a list
    builtin_image_for: str | None  # a built-in algorithm's name here becomes this argument's image
    kfp_placeholder: str | None  # kfp.dsl placeholder the Python component passes by default
    api_shape: str | None  # botocore shape of the API field, e.g. CheckpointConfig
    checks: tuple[tuple[str, object], ...]  # (Arg field, value), in CHECK_FIELDS order
    usage_example: bool = False  # the README's usage example passes its `example` too
    request: str | None = None  # the operation whose request `api` is in, if not Create<kind>
    creates_entry: bool = False  # setting it creates entry N of the list its `api` indexes

    @property
    def kfp_type(self) -> KfpType:
        return KFP_TYPES[self.type]

    @property
    def optional(self) -> bool:
        return not self.required

    @property
    def component_default(self) -> object:
        """The default component.yaml declares: every optional input has one, because backends
        differ on inputs a task leaves out; without a spec default it is the "not set" value."""
        if self.has_default:
            return self.default
        return self.kfp_type.empty if self.unset is None else self.unset

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    @property
    def check(self) -> dict:
        return dict(self.checks)

    @property
    def default_text(self) -> str:
        """The default as the text KFP passes, as a YAML scalar."""
        return yaml_text(self.kfp_type.to_text(self.component_default))

    @property
    def description_yaml(self) -> str:
        return yaml_text(self.description)

    @property
    def default_words(self) -> str:
        """The default as --help and docstrings say it."""
        return self.kfp_type.to_text(self.default) or "empty"

    @property
    def help_literal(self) -> str:
        """--help text as a Python literal (argparse formats `%`)."""
        text = " ".join(self.description.split()).replace("%", "%%")
        if self.required:
            text += " Required."
        elif self.has_default:
            text += f" Default: {self.default_words}.".replace("%", "%%")
        return repr(text)

    @property
    def arg_row(self) -> str:
        """The argument's row in the generated validation table."""
        keywords: dict[str, object] = {}
        if self.required:
            keywords["required"] = True
        if self.has_default:
            keywords["default"] = self.default
        if self.unset is not None:
            keywords["unset"] = self.unset
        if self.example is not None:
            keywords["example"] = self.example
        for key in ("api", "convert", "request", "only_when", "builtin_image_for"):
            if getattr(self, key) is not None:
                keywords[key] = getattr(self, key)
        if self.creates_entry:
            keywords["creates_entry"] = True
        if self.unless:
            keywords["unless"] = self.unless
        for key, value in self.checks:
            keywords[key] = tuple(value) if isinstance(value, list) else value
        return py_call("Arg", (self.name, self.type), keywords)

    @property
    def python_parameter(self) -> str:
        """`name: type` for required arguments, `name: type | None = None` for the others."""
        python = self.kfp_type.python
        return f"{self.name}: {python}" if self.required else f"{self.name}: {python} | None = None"

    @property
    def docstring_entry(self) -> str:
        text = " ".join(self.description.split())
        if self.has_default:
            text += f" Default: {self.default_words}."
        text = docstring_text(f"{self.name}: {text}")
        return "\n            ".join(textwrap.wrap(text, width=92, break_on_hyphens=False))

    # README cells
    @property
    def md_description(self) -> str:
        return md_cell(self.description)

    @property
    def md_optional(self) -> str:
        return "No" if self.required else "Yes"

    @property
    def usage_literal(self) -> str:
        """The example as a Python literal in the README's usage example (`...` without one)."""
        if self.example is None:
            return "..."
        return py_literal(self.example)

    @property
    def args_file_line(self) -> str:
        """The example as a line of a `sagemaker-kfp run` argument file: YAML, JSON for a dict or a
        list (JSON is YAML too); `...` without one, as in the usage example."""
        if self.example is None:
            value = "..."
        elif isinstance(self.example, (dict, list)):
            value = json.dumps(self.example, ensure_ascii=False)
        else:  # a scalar document ends with "..."
            value = yaml.safe_dump(self.example, allow_unicode=True).removesuffix("...\n").strip()
        return f"{self.name}: {value}"

    @property
    def python_default(self) -> str:
        """The component default as a Python literal, for the typed function."""
        return py_literal(self.component_default)

    @property
    def md_default(self) -> str:
        if self.required:
            return ""
        text = self.kfp_type.to_text(self.component_default)
        shown = md_cell(f"`{text}`") if text else "(empty)"
        return shown if self.has_default else f"{shown}: not set"

    @property
    def long_enum(self) -> bool:
        return len(self.check.get("enum", ())) > README_ENUM_LIMIT

    @property
    def md_accepted(self) -> str:
        """Accepted values and limits, in words."""
        check = self.check
        said = []
        if self.long_enum:
            said.append(f"see [{self.name} values](#{self.name}-values)")
        elif check.get("enum"):
            said.append(", ".join(f"`{value}`" for value in check["enum"]))
        if "minimum" in check and "maximum" in check:
            said.append(f"{check['minimum']} to {check['maximum']}")
        elif "minimum" in check:
            said.append(f"≥ {check['minimum']}")
        elif "maximum" in check:
            said.append(f"≤ {check['maximum']}")
        for low, high, unit, one in (("min_length", "max_length", "characters", "character"),
                                     ("min_entries", "max_entries", "entries", "entry")):
            if low in check and high in check:
                said.append(f"{check[low]} to {check[high]} {unit}")
            elif high in check:
                said.append(f"at most {check[high]} {unit}")
            elif low in check:
                said.append(f"at least {check[low]} {one if check[low] == 1 else unit}")
        if "key_max_length" in check:
            said.append(f"keys ≤ {check['key_max_length']} characters")
        if "value_max_length" in check:
            said.append(f"values ≤ {check['value_max_length']} characters")
        if "unique_key" in check:
            said.append(f"unique `{check['unique_key']}`")
        if check.get("value_regex"):
            said.append("values are regular expressions")
        if "pattern" in check:
            said.append(f"matches `{check['pattern']}`")
        if "item_pattern" in check:
            said.append(f"each matches `{check['item_pattern']}`")
        if "item_max_length" in check:
            said.append(f"each ≤ {check['item_max_length']} characters")
        if check.get("open_enum"):
            said.append("newer types accepted with a warning")
        if self.api_shape and self.type in ("JsonObject", "JsonArray") and not self.convert:
            said.append(f"checked against the API's `{self.api_shape}`")
        return md_cell("; ".join(said))


@dataclass(frozen=True)
class Rule:
    kind: str
    arguments: tuple[str, ...]
    when: str | None

    @property
    def rule_row(self) -> str:
        keywords = {"when": self.when} if self.when else {}
        return py_call("Rule", (self.kind, self.arguments), keywords)

    @property
    def md_text(self) -> str:
        names = [f"`{name}`" for name in self.arguments]
        others = f"{', '.join(names[1:-1])} or {names[-1]}" if len(names) > 2 else names[-1]  # `b, c or d`
        text = {
            "exactly_one": f"Exactly one of {' and '.join(names)} is given.",
            "together": f"{' and '.join(names)} are given together or not at all.",
            "not_less": f"{names[0]} is at least {names[1]}.",
            "requires": f"{names[0]} needs {names[1]}.",
            "excludes": f"{names[0]} is not given with {others}.",
        }[self.kind]
        return text[:-1] + f", when `{self.when}` is true." if self.when else text


@dataclass(frozen=True)
class Output:
    name: str
    type: str
    api: str
    convert: str | None
    description: str
    of: str | None = None  # a Describe path naming the resource whose description `api` is in

    @property
    def flag(self) -> str:
        return f"--{self.name}_output_path"

    @property
    def description_yaml(self) -> str:
        return yaml_text(self.description)

    @property
    def md_description(self) -> str:
        return md_cell(self.description)

    @property
    def help_literal(self) -> str:
        return repr(f"File to write the output {self.name} to: {' '.join(self.description.split())}".replace("%", "%%"))

    @property
    def output_row(self) -> str:
        keywords = {key: value for key, value in (("convert", self.convert), ("of", self.of)) if value}
        return py_call("Output", (self.name, self.type, self.api), keywords)


@dataclass(frozen=True)
class Suite:
    """What every component shares: one version (the package's, also the image's tag) and one
    image (a repository, without tag), set in pyproject.toml."""

    version: str
    image: str


@dataclass(frozen=True)
class Component:
    name: str
    title: str
    version: str
    image_repository: str
    job: JobKind
    summary: str
    description: str
    groups: tuple[Group, ...]
    arguments: tuple[Argument, ...]
    rules: tuple[Rule, ...]
    outputs: tuple[Output, ...]
    spec_path: str  # relative to the project root, e.g. specs/training.yaml
    # Set only in copies pointed at a user's own image (`generate --image`); the spec's image is
    # tagged with its version.
    image_tag: str = ""
    image_digest: str = ""

    @property
    def image(self) -> str:
        return ImageRef(self.image_repository, self.image_tag, self.image_digest).reference(self.version)

    def with_image(self, image: ImageRef) -> Component:
        """This component running the user's image: its tag stays the spec's version unless the
        reference gives a tag or a digest."""
        return replace(self, image_repository=image.repository, image_tag=image.tag, image_digest=image.digest)

    @property
    def package(self) -> str:
        return PACKAGE

    @property
    def module(self) -> str:
        return f"{PACKAGE}.{self.name}.entrypoint"

    @property
    def description_yaml(self) -> str:
        return yaml_text(self.description)

    @property
    def function_name(self) -> str:
        return f"sagemaker_{self.name}"

    @property
    def python_arguments(self) -> list[Argument]:
        """Required arguments first, each group in spec order."""
        return sorted(self.arguments, key=lambda arg: not arg.required)

    @property
    def usage_arguments(self) -> list[Argument]:
        """What the README's usage example passes: the required arguments, the first of each
        exactly_one rule and those marked `usage_example`, in spec order."""
        chosen = {arg.name for arg in self.arguments if arg.required or arg.usage_example}
        chosen |= {rule.arguments[0] for rule in self.rules if rule.kind == "exactly_one"}
        return [arg for arg in self.arguments if arg.name in chosen]

    @property
    def optional_arguments(self) -> list[Argument]:
        return [arg for arg in self.arguments if arg.optional]

    @property
    def api_operation(self) -> str:
        """Create<kind>: the request the arguments' `api` paths fill (unless they name another)."""
        return self.job.create

    @property
    def operations(self) -> tuple[str, ...]:
        """Every request the arguments fill, in the order the step sends them."""
        return self.job.operations

    @property
    def requests_text(self) -> str:
        """The requests the arguments fill, for the docs: `CreateX` request, or several, the main one implied."""
        main = f"in the `{self.api_operation}` request"
        others = [f"`{operation}`" for operation in self.operations if operation != self.api_operation]
        return f"{main}, or in the request it names ({', '.join(others)})" if others else main

    def request_of(self, arg: Argument) -> str:
        return arg.request or self.api_operation

    def filled_by_the_step(self, operation: str) -> dict[str, str]:
        """Members of a request the step fills itself, not from an argument: member -> how."""
        if not self.job.config:
            return {}
        config_name = f"{self.job.config}Name"
        if operation == self.api_operation:
            return {config_name: f"the name of the {in_words(self.job.config)} it creates"}
        if operation == self.job.update:
            create = api_model.service_model().operation_model(self.api_operation).input_shape.members
            return {member: f"as in {self.api_operation}" for member in create if member != "Tags"}
        return {}

    @property
    def outputs_written(self) -> str:
        """When the outputs are written, as the README says it."""
        if not self.job.has_status:
            return f"Written once the {self.job.words} exists."
        return f"Written only when the {self.job.words} is {self.job.succeeded}." if self.job.config else \
            "Written only when the job completes."

    @property
    def exit_codes(self) -> list[tuple[str, str]]:
        """The README's exit codes, said of the kind: a resource without a status neither fails nor
        stops; a kind SageMaker cannot stop is left as it is."""
        job = self.job
        if not job.has_status:
            done = f"The {job.words} was created, or one created from the same request exists"
        else:
            done = f"The {job.words} is `{job.succeeded}`" if job.config else "The job completed"
        codes = [("0", f"{done}; the outputs are written.")]
        if job.unsuccessful:
            ended = " or ".join(f"`{status}`" for status in job.unsuccessful)
            codes.append(("1", f"The {job.words} ended {ended}, or its update was rolled back; no outputs." if job.config
                          else f"The job ended {ended}; no outputs."))
        codes += [
            ("2", "Invalid arguments; nothing was sent to AWS."),
            ("3", f"AWS refused a request or could not be reached, or the {job.words} serves another "
                  f"{in_words(job.config)} and `{job.update_argument}` is false or it is not `{job.succeeded}`, or a "
                  f"given {in_words(job.config)} name holds one created from a different request." if job.config else
                  f"AWS refused a request or could not be reached, or the name is taken: by any {job.words} when "
                  "`job_exists_action` is `fail`, else by one created from a different request."),
            ("130 / 143", "The step was interrupted (SIGINT / SIGTERM); " + (
                "the job was stopped unless `stop_on_termination` is false." if job.stoppable else
                f"no outputs; SageMaker cannot stop {with_article(job.words)}.")),
        ]
        return codes

    @property
    def job_row(self) -> str:
        """The `JobKind` row of the entrypoint: the kind first, then every field not at its default."""
        keywords = {field.name: getattr(self.job, field.name) for field in dataclasses.fields(JobKind)[1:]
                    if field.default is dataclasses.MISSING or getattr(self.job, field.name) != field.default}
        return py_call("JobKind", (self.job.kind,), keywords)

    @property
    def output_names(self) -> str:
        return ", ".join(out.name for out in self.outputs)

    @property
    def title_yaml(self) -> str:
        return yaml_text(self.title)

    @property
    def title_md(self) -> str:
        return md_cell(self.title)

    @property
    def summary_md(self) -> str:
        return md_cell(self.summary)

    @property
    def title_doc(self) -> str:
        return docstring_text(self.title)

    @property
    def summary_doc(self) -> str:
        return docstring_text(self.summary)

    @property
    def summary_literal(self) -> str:
        return repr(self.summary)

    @property
    def grouped_arguments(self) -> list[tuple[Group, list[Argument]]]:
        """Arguments by README group, in the spec's group order; empty groups left out."""
        by_group = [(group, [arg for arg in self.arguments if arg.group == group.id]) for group in self.groups]
        return [(group, args) for group, args in by_group if args]

    @property
    def long_enum_arguments(self) -> list[Argument]:
        return [arg for arg in self.arguments if arg.long_enum]

