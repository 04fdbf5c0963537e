"""Check the argument file of `sagemaker-kfp run` the way the step checks its arguments.

Every problem is reported at once, each named, before anything runs: the file's YAML, its
argument names (with "did you mean"), the required arguments, each value's type (no silent
conversion that would change a value), then the component's own checks, when it is one of ours,
with the step's own wording (runtime.request.checked_request on the values as KFP renders them).
"""

from __future__ import annotations

import datetime
import difflib
import functools
import importlib
import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import PACKAGE
from ..runtime.arguments import Component
from ..runtime.authoring import kfp_text
from ..runtime.request import checked_request
from ..runtime.validate import Problems, typical_value
from ..runtime.values import short, whole_number_hint

#: kfp 2.x's names for the types of a loaded component's inputs, as component.yaml writes them.
KFP_TYPES = {"String": "String", "Integer": "Integer", "Float": "Float", "Boolean": "Bool", "Dict": "JsonObject",
             "List": "JsonArray"}
WRONG = object()  # what a type's converter returns for a value of another type
FILE_HINT = "write one `name: value` line per argument"


@dataclass(frozen=True)
class Input:
    name: str
    type: str | None  # a KFP type of runtime.arguments.TYPES; None (an artifact, say): not checked
    required: bool
    typical: object = None  # a value it takes (its example, default or minimum), for the hint of a wrong type


@dataclass(frozen=True)
class Signature:
    """What an argument file is checked against: a component's inputs and, for one of ours, its
    argument table (the checks its step runs)."""

    owner: str  # how messages name the component
    listing: str  # where its arguments are listed
    inputs: tuple[Input, ...]
    checks: Component | None = None

    @classmethod
    def of_table(cls, component: Component) -> Signature:
        """One of our components, by its generated argument table."""
        inputs = tuple(Input(arg.name, arg.type, arg.required, typical_value(arg)) for arg in component.arguments)
        return cls(f"the {component.name} component", f"generated/{component.name}/README.md", inputs, component)

    @classmethod
    def of_kfp(cls, component, path: str) -> Signature:
        """A component kfp loaded from a file; when its container runs one of our entrypoints
        (`python3 -m <package>.<name>.entrypoint`), that entrypoint's checks too."""
        spec = component.component_spec
        inputs = tuple(Input(name, KFP_TYPES.get(str(given.type)), not given.optional, given.default)
                       for name, given in (spec.inputs or {}).items())
        container = spec.implementation.container  # None for a compiled pipeline (a graph)
        return cls(path, path, inputs, _our_table(list(container.command or ()) if container else []))


def _our_table(command: list[str]) -> Component | None:
    if not (len(command) == 3 and command[1] == "-m" and command[2].startswith(f"{PACKAGE}.")
            and command[2].endswith(".entrypoint")):
        return None
    try:
        return importlib.import_module(command[2]).COMPONENT
    except ImportError:
        return None


def read_argument_file(path: Path, signature: Signature) -> tuple[dict[str, object], Problems]:
    """(arguments to call the component with, problems). Values are as written, except where a
    type takes them without changing them: 3.0 for an Integer is 3, 3 for a Float is 3.0.
    A null value means "not given"."""
    problems = Problems()
    given = _load(path, problems)
    if given is None and not problems.errors:
        problems.add(str(path), "is empty", FILE_HINT)
    if not isinstance(given, dict):
        if given is not None:
            problems.add(str(path), f"holds {_described(given)}, not a mapping of argument names to values", FILE_HINT)
        return {}, problems

    inputs = {i.name: i for i in signature.inputs}
    arguments: dict[str, object] = {}
    unchecked: set[str] = set()  # arguments with a problem already: the component's checks skip them
    for name, value in given.items():
        if not isinstance(name, str):
            problems.add(str(name), f"is {_described(name)}, not an argument name", "write the name, in quotes")
        elif name not in inputs:
            problems.add(name, f"is not an argument of {signature.owner}", _names_hint(name, signature))
        elif value is not None:
            typed = _typed(inputs[name], value, problems)
            if typed is WRONG:
                unchecked.add(name)
            else:
                arguments[name] = typed
    named = arguments.keys() | unchecked
    for missing in [i.name for i in signature.inputs if i.required and i.name not in named]:
        problems.add(missing, "is required", "give a value")
        unchecked.add(missing)

    if signature.checks:
        raw = {name: kfp_text(value) for name, value in arguments.items()}
        _, _, checked = checked_request(signature.checks, raw, frozenset(unchecked))
        problems.errors += checked.errors
        problems.warnings += checked.warnings
    return arguments, problems


def did_you_mean(word: str, choices: list[str]) -> str:
    """`did you mean a or b?`, or "" when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=3)
    return f"did you mean {' or '.join(close)}?" if close else ""


def _names_hint(name: str, signature: Signature) -> str:
    names = [i.name for i in signature.inputs]
    if hint := did_you_mean(name, names):
        return hint
    return "the arguments are: " + ", ".join(names) if len(names) <= 12 else f"see the arguments in {signature.listing}"


def _load(path: Path, problems: Problems) -> object:
    """The file's YAML document; None when it is empty or cannot be read (a problem says so)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.add(str(path), f"cannot be read ({error})", "give a UTF-8 text file")
        return None
    try:
        loader = yaml.SafeLoader(text)  # a ReaderError here: a character YAML refuses
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_unique_keys(node, str(path), problems, set())
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        where = f"{path}:{_line(error, text)}"
        problems.add(where, f"is not valid YAML ({_yaml_problem(error)})", "fix the YAML syntax")
        return None


def _line(error: yaml.YAMLError, text: str) -> int:
    if mark := getattr(error, "problem_mark", None):
        return mark.line + 1
    return text.count("\n", 0, getattr(error, "position", 0)) + 1  # a ReaderError: a character YAML refuses


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if (context := getattr(error, "context", None)) and (start := error.context_mark):  # a MarkedYAMLError
        return f"{context} on line {start.line + 1}: {problem}"
    return problem


def _check_unique_keys(node: yaml.Node, path: str, problems: Problems, seen: set[int]) -> None:
    """PyYAML keeps the last of two equal keys; a repeated argument or JSON key is a problem."""
    if id(node) in seen:  # an alias of a node already walked
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                line = key.start_mark.line + 1
                if (key.tag, key.value) in first:
                    problems.add(f"{path}:{line}", f"key {key.value!r} appears twice (first on line "
                                 f"{first[key.tag, key.value]})", "keep one")
                first.setdefault((key.tag, key.value), line)
            _check_unique_keys(value, path, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_unique_keys(item, path, problems, seen)


def _integer(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, float) and value.is_integer() else WRONG


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return WRONG
    try:
        return float(value)
    except OverflowError:  # an integer beyond any float
        return WRONG


def _of(kind: type, value: object) -> object:
    return value if isinstance(value, kind) else WRONG


#: For each KFP type: the converter of a YAML value (WRONG for another type), what the type is
#: called in a message, and the hint (the step's wording, runtime.values, where it has one).
TYPES = {
    "String": (functools.partial(_of, str), "text", "write it in quotes"),
    "Integer": (_integer, "an integer", whole_number_hint()),  # with the input's own typical value, in _typed
    "Float": (_number, "a number", "write a number such as 0.5"),
    "Bool": (functools.partial(_of, bool), "a boolean", "write true or false"),
    "JsonObject": (functools.partial(_of, dict), "a mapping", "write a mapping such as {key: value}"),
    "JsonArray": (functools.partial(_of, list), "a list", "write a list such as [a, b]"),
}


def _typed(given: Input, value: object, problems: Problems) -> object:
    """The value as the component is called with it, or WRONG after adding its problems."""
    if given.type is None:
        return value
    convert, called, hint = TYPES[given.type]
    typed = convert(value)
    if typed is WRONG:
        problems.add(given.name, f"is {_described(value)}, not {called}",
                     whole_number_hint(given.typical) if given.type == "Integer" else hint)
        return WRONG
    if given.type in ("JsonObject", "JsonArray") and not _is_json(typed, given.name, problems):
        return WRONG
    return typed


def _is_json(value: object, path: str, problems: Problems, within: frozenset[int] = frozenset()) -> bool:
    """Whether everything inside is JSON that KFP can pass on; each thing that is not is a problem.
    `within`: the mappings and lists this value is inside of, which a YAML alias can repeat."""
    if isinstance(value, (dict, list)) and id(value) in within:
        problems.add(path, "contains itself (a YAML alias inside its own anchor)", "write the value out")
        return False
    within = within | {id(value)}
    if isinstance(value, dict):
        fine = True
        for key, item in value.items():
            if not isinstance(key, str):
                problems.add(f"{path}.{key}", f"key is {_described(key)}, not text", "write the key in quotes")
                fine = False
            fine = _is_json(item, f"{path}.{key}", problems, within) and fine
        return fine
    if isinstance(value, list):
        return all([_is_json(item, f"{path}[{index}]", problems, within) for index, item in enumerate(value)])
    if isinstance(value, (str, bool, int)) or (isinstance(value, float) and math.isfinite(value)):
        return True
    if value is None:  # kfp refuses it in a constant (pipeline_spec_builder.to_protobuf_value)
        problems.add(path, "is null, which KFP cannot pass inside a JSON value", "leave the entry out")
    else:
        problems.add(path, f"is {_described(value)}, not a JSON value", "write it in quotes")
    return False


def _described(value: object) -> str:
    """A YAML value as a message names it: `the text 'fifty'`, `the number 2.5`, `a list`."""
    if isinstance(value, bool):
        return f"the boolean {kfp_text(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {short(value)}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list"}.get(type(value), f"a {type(value).__name__}")
