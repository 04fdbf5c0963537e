"""The one error-collecting validator the generated argument tables run.

Every problem is reported at once, each naming its argument (and the path inside a JSON value),
what was wrong and what would be right. Type problems stop the value checks of that argument only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .algorithm_images import builtin, close_names
from .arguments import COMMA_CONVERSIONS, Arg, Rule
from .values import WHOLE_NUMBER, BadValue, as_text, parse, short, whole_number_hint

@dataclass
class Problems:
    """Problems (which stop the step) and warnings (which do not), in the order found."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    arguments: set[str] = field(default_factory=set)  # arguments the checks found something about
    invalid: set[str] = field(default_factory=set)  # those with an error

    def add(self, path: str, problem: str, hint: str) -> None:
        self.errors.append(f"{path}: {problem}; {hint}")
        self.arguments.add(_argument_of(path))
        self.invalid.add(_argument_of(path))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(f"{path}: {message}")
        self.arguments.add(_argument_of(path))


def _argument_of(path: str) -> str:
    """`channels[1].ChannelName` -> `channels`."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


class Dynamic:
    """The value of an argument known only when the pipeline runs (a pipeline parameter, a task output)."""

    def __repr__(self) -> str:
        return "<set at run time>"


DYNAMIC = Dynamic()


def is_set(value: object) -> bool:
    """None, empty text and empty JSON mean "not set"; false and 0 are values."""
    return value is not None and not (isinstance(value, (str, dict, list)) and len(value) == 0)


#: A KFP input placeholder left in a value: a pipeline channel inside a constant that the backend
#: did not substitute (see generator/backends.py).
UNRESOLVED = re.compile(r"\{\{\$\.inputs\.parameters\['[^']*'\]\}\}")


def parse_all(table: tuple[Arg, ...], raw: dict[str, str | None], problems: Problems,
              dynamic: frozenset[str] = frozenset()) -> dict[str, object]:
    """Typed values of every argument: defaults for unset ones, None for unset optional ones
    (empty text, or the argument's `unset` value).

    Arguments named in `dynamic` get the value DYNAMIC and no checks.
    """
    values: dict[str, object] = {}
    for arg in table:
        if arg.name in dynamic:
            values[arg.name] = DYNAMIC
            continue
        text = raw.get(arg.name)
        if text is None or text == "":
            if arg.required:
                problems.add(arg.name, "is required" if text is None else "is required but empty", "give a value")
            values[arg.name] = arg.default
            continue
        if unresolved := UNRESOLVED.search(text):
            problems.add(arg.name, f"holds {unresolved.group(0)}, which KFP did not substitute",
                         "backends before 2.17.0 do not substitute a pipeline parameter or task output inside a "
                         "longer value: pass it as the whole value (data_location_N feeds a channel)")
            values[arg.name] = None
            continue
        try:
            values[arg.name] = parse(arg.type, text)
        except BadValue as bad:
            hint = whole_number_hint(typical_value(arg)) if arg.type == "Integer" else bad.hint
            problems.add(arg.name, bad.problem, hint)
            values[arg.name] = None
            continue
        if arg.unset is not None and values[arg.name] == arg.unset:
            values[arg.name] = arg.default
            continue
        if not arg.required and values[arg.name] in ({}, []):
            continue  # an optional argument's empty JSON (its default) means "not set", whatever its min_entries
        check_value(arg, values[arg.name], problems)
    return values


def typical_value(arg: Arg) -> object:
    """A value the argument accepts, for a hint: its example, else its default, else (None) the
    hint's own number, unless that is out of its limits: then its minimum, or its maximum."""
    if arg.example is not None or arg.default is not None:
        return arg.example if arg.example is not None else arg.default
    if arg.minimum is not None and WHOLE_NUMBER < arg.minimum:
        return arg.minimum
    if arg.maximum is not None and WHOLE_NUMBER > arg.maximum:
        return arg.minimum if arg.minimum is not None else arg.maximum
    return None


def comma_items(text: str) -> list[str]:
    """The items of comma-separated text, without blanks."""
    return [item.strip() for item in text.split(",") if item.strip()]


def check_value(arg: Arg, value: object, problems: Problems) -> None:
    """The spec's checks of one parsed value."""
    name = arg.name
    if isinstance(value, str):
        _check_text(arg, value, problems)
        if arg.convert in COMMA_CONVERSIONS:
            items = comma_items(value)
            _check_count(arg, len(items), name, problems)
            for item in items:
                if arg.item_pattern and not re.fullmatch(arg.item_pattern, item):
                    problems.add(name, f"{short(item)} does not match {arg.item_pattern}", "give comma-separated IDs")
                elif arg.item_max_length is not None and len(item) > arg.item_max_length:
                    problems.add(name, f"{short(item)} is longer than {arg.item_max_length} characters", "give comma-separated IDs")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if arg.minimum is not None and value < arg.minimum:
            problems.add(name, f"is {value}, below the minimum {_number(arg.minimum)}", f"give at least {_number(arg.minimum)}")
        if arg.maximum is not None and value > arg.maximum:
            problems.add(name, f"is {value}, above the maximum {_number(arg.maximum)}", f"give at most {_number(arg.maximum)}")
    elif isinstance(value, dict):
        _check_count(arg, len(value), name, problems)
        for key, item in value.items():
            _check_entry(arg, key, item, problems)
    elif isinstance(value, list):
        _check_count(arg, len(value), name, problems)
        if arg.unique_key:
            _check_unique(arg, value, problems)


def _check_text(arg: Arg, value: str, problems: Problems) -> None:
    name = arg.name
    if arg.builtin_image_for and builtin(value):
        return  # a built-in algorithm's name, which becomes an image (runtime.algorithm_images)
    if arg.min_length is not None and len(value) < arg.min_length:
        problems.add(name, f"has {len(value)} characters, fewer than {arg.min_length}", f"give at least {arg.min_length} characters")
    if arg.max_length is not None and len(value) > arg.max_length:
        problems.add(name, f"has {len(value)} characters, more than {arg.max_length}", f"give at most {arg.max_length} characters")
    if arg.enum and value not in arg.enum:
        if arg.open_enum and _looks_new(arg, value):
            problems.warn(name, f"{value!r} is not in this component's list; passing it on, SageMaker will check it")
            return
        close = difflib.get_close_matches(value, arg.enum, n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else (
            "use one of: " + ", ".join(arg.enum) if len(arg.enum) <= 12 else "see the accepted values in the README"
        )
        problems.add(name, f"{value!r} is not accepted", hint)
        return
    close = close_names(value) if arg.builtin_image_for else []
    if arg.pattern and not re.fullmatch(arg.pattern, value):
        hint = f"did you mean {' or '.join(close)}?" if close else (
            f"give a value such as {arg.example}" if arg.example else "correct the value")
        problems.add(name, f"{short(value)} does not match the pattern {arg.pattern}", hint)
    elif close:
        problems.warn(name, f"{value!r} is no built-in algorithm, so it names an algorithm resource; "
                            f"did you mean {' or '.join(close)}?")


def _looks_new(arg: Arg, value: str) -> bool:
    """A newer value rather than a typo: well-formed, and its last part is a known one.

    `ml.p6.48xlarge` (a new family, a known size) passes; `ml.m5.xlarg` does not.
    """
    known_ends = {known.rsplit(".", 1)[-1] for known in arg.enum}
    return bool(arg.pattern and re.fullmatch(arg.pattern, value)) and value.rsplit(".", 1)[-1] in known_ends


def _check_count(arg: Arg, count: int, path: str, problems: Problems) -> None:
    if arg.min_entries is not None and count < arg.min_entries:
        problems.add(path, f"has {count} entries, fewer than {arg.min_entries}", f"give at least {arg.min_entries}")
    if arg.max_entries is not None and count > arg.max_entries:
        problems.add(path, f"has {count} entries, more than {arg.max_entries}", f"give at most {arg.max_entries}")


def _check_entry(arg: Arg, key: str, item: object, problems: Problems) -> None:
    path = f"{arg.name}.{key}" if key else f"{arg.name}[empty key]"
    if not key:
        problems.add(path, "has an empty key", "name every entry")
    if arg.key_max_length is not None and len(key) > arg.key_max_length:
        problems.add(path, f"key has {len(key)} characters, more than {arg.key_max_length}", "shorten the key")
    if arg.convert in ("string_map", "key_value_list"):
        if not isinstance(item, (str, int, float, bool)):
            problems.add(path, f"is {type(item).__name__}, not text, a number or a boolean", "give a plain value")
            return
        item = as_text(item)
    elif arg.convert == "name_regex_list" and not isinstance(item, str):
        problems.add(path, f"is {type(item).__name__}, not a string", "give a regular expression as a string")
        return
    if arg.value_max_length is not None and isinstance(item, str) and len(item) > arg.value_max_length:
        problems.add(path, f"value has {len(item)} characters, more than {arg.value_max_length}", "shorten the value")
    elif arg.value_regex:
        try:
            re.compile(item)
        except (re.error, OverflowError, RecursionError) as error:
            problems.add(path, f"is not a valid regular expression ({str(error)[:100] or type(error).__name__})", "fix the expression")


def _check_unique(arg: Arg, items: list, problems: Problems) -> None:
    seen: dict[object, int] = {}
    for index, item in enumerate(items):
        path = f"{arg.name}[{index}]"
        key = item.get(arg.unique_key) if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue  # the API shape check reports what is missing or of the wrong type
        if key in seen:
            problems.add(f"{path}.{arg.unique_key}", f"{key!r} repeats {arg.name}[{seen[key]}]", f"give each entry a unique {arg.unique_key}")
        seen.setdefault(key, index)


def _number(limit: float) -> str:
    """A limit as people write it: 2419200, not 2.4192e+06."""
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def _given(values: dict, name: str) -> bool:
    return is_set(values.get(name))


RULE_CHECKS = {
    "exactly_one": lambda values, names: sum(_given(values, n) for n in names) == 1,
    "together": lambda values, names: len({_given(values, n) for n in names}) == 1,
    "not_less": lambda values, names: not all(_given(values, n) for n in names) or values[names[0]] >= values[names[1]],
    "requires": lambda values, names: not _given(values, names[0]) or _given(values, names[1]),
    "excludes": lambda values, names: not _given(values, names[0]) or not any(_given(values, n) for n in names[1:]),
}


def _listed(names: list[str] | tuple[str, ...], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def _rule_problem(rule: Rule, values: dict) -> tuple[str, str, str]:
    """(argument, problem, hint) of a broken rule: the line names the argument once, at its start,
    and the others in the sentence (`model_artifact_url: needs image`)."""
    names = rule.arguments
    given = [name for name in names if _given(values, name)]
    if rule.kind == "exactly_one":
        argument, problem = (given[0], f"is given with {_listed(given[1:])}") if given else (
            names[0], f"is not given, nor is {_listed(names[1:], 'or')}")
        hint = f"give exactly one of {_listed(names)}"
    elif rule.kind == "together":
        argument, problem = given[0], f"is given without {_listed([n for n in names if n not in given])}"
        hint = "give both or neither" if len(names) == 2 else f"give all of {_listed(names)} or none"
    elif rule.kind == "excludes":
        argument, others = names[0], [name for name in names[1:] if name in given]
        problem = f"is given with {_listed(others)}"
        hint = f"leave out {argument}, or leave out {_listed(others)}"
    elif rule.kind == "not_less":
        argument, second = names
        problem = f"is {values[argument]}, less than {second} ({values[second]})"
        hint = f"raise {argument} or lower {second}"
    else:  # requires
        argument, second = names
        problem, hint = f"needs {second}", f"give {second} or leave {argument} out"
    return argument, problem + (f" while {rule.when} is true" if rule.when else ""), hint


def check_rules(rules: tuple[Rule, ...], values: dict, problems: Problems) -> None:
    for rule in rules:
        if any(values.get(name) is DYNAMIC for name in (*rule.arguments, rule.when)):
            continue  # decided at run time
        if rule.when and not values.get(rule.when):
            continue
        if not RULE_CHECKS[rule.kind](values, rule.arguments):
            problems.add(*_rule_problem(rule, values))


class InvalidArguments(ValueError):
    """Raised when a pipeline is defined with invalid constant arguments; lists every problem."""

    def __init__(self, component: str, problems: Problems):
        self.problems = problems
        lines = "\n".join(f"  {error}" for error in problems.errors)
        super().__init__(f"{len(problems.errors)} invalid argument(s) for the {component} component:\n{lines}")
