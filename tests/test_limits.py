"""Every limit of every component at its edge and just past it, and every cross-argument rule both
ways, derived from the specs (specs/*.yaml, as the generator loads them) and checked against the
component's generated entrypoint, in this process.

A limit is inclusive (the API reference's "Minimum: 1", "Length Constraints: Maximum length of 63"),
so the edge itself is accepted and one step past it is refused, with the problem named at the
argument. Components added to specs/ are covered as they come.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from sagemaker_kfp_components.generator.project import Project
from sagemaker_kfp_components.runtime.request import checked_request
from step_runner import kfp_text as text

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = {component.name: component for component in Project(ROOT).components()}
#: Values for arguments a spec gives no example for, by type (any valid value does).
PLAIN = {"String": "x", "Integer": 1, "Float": 1.0, "Bool": True, "JsonObject": {"k": "v"}, "JsonArray": ["x"]}


def entrypoint(spec: str):
    return importlib.import_module(f"sagemaker_kfp_components.{spec}.entrypoint").COMPONENT


def example(arg) -> object:
    if arg.example is not None:
        return arg.example
    return dict(arg.checks)["enum"][0] if "enum" in dict(arg.checks) else PLAIN[arg.type]


def base(component) -> dict[str, object]:
    """Required arguments and the first of each exactly-one rule, by example."""
    given = {arg.name: example(arg) for arg in component.arguments if arg.required}
    arguments = {arg.name: arg for arg in component.arguments}
    for rule in component.rules:
        if rule.kind == "exactly_one":
            given[rule.arguments[0]] = example(arguments[rule.arguments[0]])
    return given


ENTRY_FIELD = re.compile(r"(\w+)\[(\d+)\]\.(.+)")  # a field of entry N of a list: ProductionVariants[1].ModelName


def entry_creators(component, arg) -> list[str] | None:
    """For an argument that fills a field of entry N of a list, the arguments that create entries 0 to N
    (`creates_entry`: `model_name_1` .. `model_name_N` for `variant_name_N`), the argument itself left
    out; None when the list's entries are not created by arguments (channels: given whole)."""
    inside = ENTRY_FIELD.fullmatch(arg.api or "")
    if not inside:
        return None
    creators = {int(match.group(2)): other.name for other in component.arguments
                if other.creates_entry and other.request == arg.request
                and (match := ENTRY_FIELD.fullmatch(other.api)) and match.group(1) == inside.group(1)}
    if not creators:
        return None
    return [creators[index] for index in range(int(inside.group(2)) + 1) if creators[index] != arg.name]


def with_partners(component, name: str, given: dict) -> dict:
    """`given`, plus what argument `name` needs beside it: a together rule's others, what it requires, and the entries
    of the list it fills a field in: made by the arguments that create them where there are such (`model_name_N` for
    `variant_name_N`), else given whole (`InputDataConfig[1].DataSource...`: two channels). What would keep it out of
    the request (`unless`) is left out, and in each exactly-one rule, what it needs takes the place of the base's choice."""
    arguments = {arg.name: arg for arg in component.arguments}
    arg = arguments[name]
    partners = {other for rule in component.rules for other in rule.arguments
                if (rule.kind == "together" and name in rule.arguments)
                or (rule.kind == "requires" and name == rule.arguments[0])} - {name}
    creators = entry_creators(component, arg)
    if creators is not None:
        partners |= set(creators)
    elif inside := ENTRY_FIELD.fullmatch(arg.api or ""):
        (owner,) = [other.name for other in component.arguments
                    if other.api == inside.group(1) and other.request == arg.request]
        entry: dict = {}
        node = entry
        for field in inside.group(3).split(".")[:-1]:
            node = node.setdefault(field, {})
        given[owner] = [entry] * (int(inside.group(2)) + 1)
        partners.add(owner)
    for other in partners:
        given.setdefault(other, example(arguments[other]))
    for other in arg.unless:
        given.pop(other, None)
    kept = partners | {name}
    for rule in component.rules:
        if rule.kind == "exactly_one" and kept & set(rule.arguments):
            for other in set(rule.arguments) - kept:
                given.pop(other, None)
    return given


def errors_at(spec: str, given: dict[str, object], path: str) -> list[str]:
    _, _, problems = checked_request(entrypoint(spec), {k: text(v) for k, v in given.items()})
    return [error for error in problems.errors if error.startswith(f"{path}: ")]


def padded(seed: str, length: int, pattern: str | None) -> str | None:
    """A text of `length` characters that matches `pattern`, grown from or cut from `seed`."""
    for filler in "a0":
        candidate = (seed + filler * length)[:length]
        if pattern is None or re.fullmatch(pattern, candidate):
            return candidate
    return None


def first_item(arg) -> str:
    """An item of a comma-separated argument: its example's first, or the item pattern's literal start
    and a digit (`sg-[0-9a-z]+` -> `sg-0`)."""
    if arg.example:
        return str(arg.example).split(",")[0]
    return re.match(r"[\w-]*", dict(arg.checks)["item_pattern"]).group() + "0"


def entries(arg, count: int) -> object:
    """`count` entries for an object, array or comma-separated argument."""
    if arg.type == "JsonObject":
        return {f"key{i}": "v" for i in range(count)}
    checks = dict(arg.checks)
    if arg.type == "String":  # a comma-separated list
        item = first_item(arg)
        return ",".join([item] * count) if count else ","
    item = arg.example[0] if arg.example else "x"
    key = checks.get("unique_key")
    return [{**item, key: f"entry{i}"} if key and isinstance(item, dict) else item for i in range(count)]


def cases():
    """(spec, argument, limit, value at the edge or None, value past it or None)."""
    for spec, component in COMPONENTS.items():
        for arg in component.arguments:
            checks = dict(arg.checks)
            pattern = checks.get("pattern")
            step = 1 if arg.type == "Integer" else 0.5
            if "minimum" in checks:
                low = checks["minimum"]
                yield spec, arg, "minimum", low, (low - step) if low - step != arg.unset else None
            if "maximum" in checks:
                high = checks["maximum"]
                yield spec, arg, "maximum", high, high + step
            seed = str(arg.example or "")
            if "min_length" in checks:
                n = checks["min_length"]
                yield spec, arg, "min_length", padded(seed, n, pattern), padded(seed, n - 1, None) if n > 1 else None
            if "max_length" in checks:
                n = checks["max_length"]
                yield spec, arg, "max_length", padded(seed, n, pattern), padded(seed, n + 1, None)
            if "min_entries" in checks:
                n = checks["min_entries"]
                yield spec, arg, "min_entries", entries(arg, n), entries(arg, n - 1)
            if "max_entries" in checks:
                n = checks["max_entries"]
                yield spec, arg, "max_entries", entries(arg, n), entries(arg, n + 1)
            if "key_max_length" in checks:
                n = checks["key_max_length"]
                yield spec, arg, "key_max_length", {"k" * n: "v"}, {"k" * (n + 1): "v"}
            if "value_max_length" in checks:
                n = checks["value_max_length"]
                yield spec, arg, "value_max_length", {"k": "v" * n}, {"k": "v" * (n + 1)}
            if "item_max_length" in checks:
                n = checks["item_max_length"]
                item = first_item(arg)
                yield spec, arg, "item_max_length", padded(item, n, checks.get("item_pattern")), padded(item, n + 1, None)
            if "enum" in checks:  # every value in its own case; a value in another case is another value
                for value in checks["enum"][:3] + checks["enum"][-1:]:
                    other_case = value.swapcase()
                    yield spec, arg, f"enum {value}", value, other_case if other_case not in checks["enum"] else None


CASES = [pytest.param(spec, arg, at, past, id=f"{spec}-{arg.name}-{limit}") for spec, arg, limit, at, past in cases()]


@pytest.mark.parametrize("spec", COMPONENTS)
def test_the_base_arguments_are_valid(spec):
    _, _, problems = checked_request(entrypoint(spec), {k: text(v) for k, v in base(COMPONENTS[spec]).items()})
    assert problems.errors == []


@pytest.mark.parametrize(("spec", "arg", "at", "past"), CASES)
def test_a_limit_accepts_its_edge_and_refuses_one_step_past_it(spec, arg, at, past):
    component = COMPONENTS[spec]
    if at is not None:
        assert errors_at(spec, with_partners(component, arg.name, {**base(component), arg.name: at}), arg.name) == []
    if past is not None:
        given = with_partners(component, arg.name, {**base(component), arg.name: past})
        problems = [error for error in checked_request(entrypoint(spec), {k: text(v) for k, v in given.items()})[2].errors
                    if re.match(rf"{re.escape(arg.name)}\b", error)]
        assert problems, f"{arg.name}={past!r} was accepted"
    assert at is not None or past is not None


def test_every_kind_of_limit_in_the_specs_is_tried():
    """A new kind of check in the specs needs a case above."""
    kinds = {key for component in COMPONENTS.values() for arg in component.arguments for key, _ in arg.checks}
    assert kinds <= {"minimum", "maximum", "min_length", "max_length", "min_entries", "max_entries", "key_max_length",
                     "value_max_length", "item_max_length", "enum", "pattern", "open_enum", "unique_key",
                     "value_regex", "item_pattern"}


# -- rules across arguments ------------------------------------------------------------------------

def rule_cases():
    """(spec, rule, given, broken): argument sets on both sides of every rule."""
    for spec, component in COMPONENTS.items():
        arguments = {arg.name: arg for arg in component.arguments}
        start = base(component)
        for rule in component.rules:
            names = rule.arguments
            cleared = {k: v for k, v in start.items() if k not in names}
            examples = {name: example(arguments[name]) for name in names}
            if rule.when:
                cleared[rule.when] = True
            if rule.kind == "exactly_one":
                yield spec, rule, "first only", {**cleared, names[0]: examples[names[0]]}, False
                yield spec, rule, "second only", {**cleared, names[1]: examples[names[1]]}, False
                yield spec, rule, "both", {**cleared, **examples}, True
                yield spec, rule, "neither", cleared, True
            elif rule.kind == "together":
                yield spec, rule, "all", {**cleared, **examples}, False
                yield spec, rule, "none", cleared, False
                for name in names:
                    yield spec, rule, f"{name} alone", {**cleared, name: examples[name]}, True
            elif rule.kind == "not_less":
                first, second = names
                floor = dict(arguments[first].checks).get("minimum", 1)
                low = max(floor, dict(arguments[second].checks).get("minimum", 1)) + 10
                yield spec, rule, "equal", {**cleared, first: low, second: low}, False
                yield spec, rule, "greater", {**cleared, first: low + 1, second: low}, False
                yield spec, rule, "less", {**cleared, first: low - 1, second: low}, True
                if rule.when:
                    yield spec, rule, f"less without {rule.when}", {**cleared, rule.when: False, first: low - 1,
                                                                   second: low}, False
            elif rule.kind == "requires":
                first, second = names
                yield spec, rule, "with", {**start, **examples}, False
                yield spec, rule, "without", {**{k: v for k, v in start.items() if k != second},
                                              first: examples[first]}, True
                yield spec, rule, "neither", {k: v for k, v in start.items() if k not in names}, False
            elif rule.kind == "excludes":
                first, *others = names
                yield spec, rule, "alone", {**cleared, first: examples[first]}, False
                yield spec, rule, "the others", {**cleared, **{name: examples[name] for name in others}}, False
                for name in others:
                    yield spec, rule, f"with {name}", {**cleared, first: examples[first], name: examples[name]}, True
            else:
                raise AssertionError(f"no cases for rules of kind {rule.kind}")


RULE_CASES = [pytest.param(spec, rule, given, broken, id=f"{spec}-{rule.kind}-{'-'.join(rule.arguments)}-{label}")
              for spec, rule, label, given, broken in rule_cases()]


@pytest.mark.parametrize(("spec", "rule", "given", "broken"), RULE_CASES)
def test_a_rule_refuses_what_breaks_it_and_only_that(spec, rule, given, broken):
    """A broken rule is an error at one of its arguments that names another of them."""
    found = [error for name in rule.arguments for error in errors_at(spec, given, name)
             if re.search("|".join(rf"\b{re.escape(other)}\b" for other in rule.arguments if other != name),
                          error.removeprefix(f"{name}: "))]
    assert bool(found) is broken, found
