"""Each component's request, argument by argument, against the hand-written tables of
tests/request_tables/ (written from the API reference, not from the specs): changing one argument
changes the request at its API path and nowhere else, and every rule and condition holds both ways.

The requests are built in this process from the generated tables (the step sends exactly these,
after adding the names it decides and the digest tag).
"""

from __future__ import annotations

import importlib

import pytest

from request_tables import changed
from sagemaker_kfp_components.generator.project import Project
from sagemaker_kfp_components.runtime.request import checked_requests
from step_runner import kfp_text as text

#: Every component has its table: one without is an import error here.
COMPONENTS = [path.stem for path in Project().specs]
TABLES = {name: importlib.import_module(f"request_tables.{name}") for name in COMPONENTS}


def cases(kind: str) -> list:
    return [pytest.param(name, case, id=f"{name}-{case}") for name, table in TABLES.items()
            for case in getattr(table, kind)]


def requests_for(table, given: dict[str, object]):
    arguments = {name: value for name, value in {**table.BASE, **given}.items() if value is not None}
    _, requests, problems = checked_requests(table.COMPONENT, {k: text(v) for k, v in arguments.items()})
    if len(requests) == 1:
        (requests,) = requests.values()
    return requests, problems


def request_for(table, given: dict[str, object]) -> dict:
    request, problems = requests_for(table, given)
    assert problems.errors == []
    return request


@pytest.mark.parametrize("name", COMPONENTS)
def test_the_table_names_every_argument_of_the_component(name):
    assert sorted(TABLES[name].TABLE) == sorted(arg.name for arg in TABLES[name].COMPONENT.arguments)


@pytest.mark.parametrize("name", COMPONENTS)
def test_the_base_arguments_ask_for_the_documented_request(name):
    assert request_for(TABLES[name], {}) == TABLES[name].BASE_REQUEST


@pytest.mark.parametrize(("name", "argument"), cases("TABLE"))
def test_an_argument_changes_the_request_at_its_api_path_and_nowhere_else(name, argument):
    table = TABLES[name]
    given, changes = table.TABLE[argument]
    assert request_for(table, given) == changed(table.BASE_REQUEST, changes)


@pytest.mark.parametrize(("name", "case"), cases("CASES"))
def test_a_rule_or_condition_met_shapes_the_request(name, case):
    table = TABLES[name]
    given, changes = table.CASES[case]
    assert request_for(table, given) == changed(table.BASE_REQUEST, changes)


@pytest.mark.parametrize(("name", "case"), cases("REFUSED"))
def test_a_rule_broken_is_refused_naming_its_argument(name, case):
    table = TABLES[name]
    given, named = table.REFUSED[case]
    _, problems = requests_for(table, given)
    assert problems.invalid == named, problems.errors
