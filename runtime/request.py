"""Build the API request from the validated values, using only the table's `api` paths.

There is no second list of request fields: each argument says where its value goes and how it is
converted; the JSON values are then checked against the API's own shapes.
"""

from __future__ import annotations

import re

from . import api_model
from .algorithm_images import builtin, image_uri
from .arguments import Arg, Component
from .validate import DYNAMIC, Problems, check_rules, comma_items, is_set, parse_all
from .values import BadValue, as_text

CONVERSIONS = {
    "string_map": lambda value: {key: as_text(item) for key, item in value.items()},
    "key_value_list": lambda value: [{"Key": key, "Value": as_text(item)} for key, item in value.items()],
    "name_regex_list": lambda value: [{"Name": key, "Regex": item} for key, item in value.items()],
    "comma_list": comma_items,
    "tuning_job_names": lambda value: [{"HyperParameterTuningJobName": name} for name in comma_items(value)],
    "number": float,  # text the spec's pattern has checked is a number (AWS's initial_variant_weight_N)
}


def checked_requests(component: Component, raw: dict[str, str | None],
                     dynamic: frozenset[str] = frozenset()) -> tuple[dict, dict[str, dict], Problems]:
    """(values, requests by operation, problems) for the text of each argument, as KFP passes it."""
    problems = Problems()
    values = parse_all(component.arguments, raw, problems, dynamic)
    use_builtin_images(component.arguments, values, problems)
    check_rules(component.rules, values, problems)
    requests = {operation: build_request(operation, tuple(a for a in component.arguments if component.request_of(a) == operation),
                                         values, problems)
                for operation in component.operations}
    return values, requests, problems


def checked_request(component: Component, raw: dict[str, str | None],
                    dynamic: frozenset[str] = frozenset()) -> tuple[dict, dict, Problems]:
    """(values, the Create<kind> request, problems): checked_requests for a component that sends one."""
    values, requests, problems = checked_requests(component, raw, dynamic)
    return values, requests[component.operation], problems


def use_builtin_images(table: tuple[Arg, ...], values: dict, problems: Problems) -> None:
    """A built-in's name in an argument with `builtin_image_for` becomes the image of that argument."""
    for arg in table:
        name = values.get(arg.name)
        if not arg.builtin_image_for or not isinstance(name, str) or builtin(name) is None:
            continue
        if is_set(values.get(arg.builtin_image_for)):
            continue  # both given: the rule that allows one of them says so
        region = values.get("region")
        if not isinstance(region, str):
            values[arg.name] = DYNAMIC  # the region is known only at run time
            continue
        try:
            values[arg.builtin_image_for] = image_uri(name, region)
        except BadValue as bad:
            problems.add(arg.name, bad.problem, bad.hint)
            continue
        values[arg.name] = None


def build_request(operation: str, table: tuple[Arg, ...], values: dict, problems: Problems) -> dict:
    """The request; problems with entries that do not exist or JSON that does not fit are reported."""
    request: dict = {}
    # Whole values first, then those that fill a field inside another (data_location_N in channels),
    # those that create their entry (model_name_N) before the entry's other fields.
    for arg in sorted((a for a in table if a.api), key=lambda a: ("[" in a.api, not a.creates_entry)):
        value = values.get(arg.name)
        # Whether an argument with `only_when` is sent may be known only at run time, as its value may.
        condition = values.get(arg.only_when) if arg.only_when else True
        if value is DYNAMIC or not is_set(value) or not condition or condition is DYNAMIC:
            continue
        if any(is_set(values.get(name)) for name in arg.unless):
            continue
        if arg.convert and arg.name in problems.invalid:
            continue  # reported already; its text may not convert
        if arg.convert:
            value = CONVERSIONS[arg.convert](value)
        elif arg.type in ("JsonObject", "JsonArray"):
            value = integers_where_due(value, api_model.shape_at(operation, arg.api))
        _put(request, arg, value, table, values, problems)
    # The API's own shapes check what the spec does not (a channel's members, a key's pattern).
    # Where the spec's checks already found a problem, only what lies inside a JSON value is added.
    for arg in table:
        value = api_model.value_at(request, arg.api) if arg.api and "[" not in arg.api else None
        if value is None:
            continue
        checked = arg.name in problems.arguments
        if checked and (arg.convert or arg.type not in ("JsonObject", "JsonArray")):
            continue

        def report(path: str, problem: str, hint: str, checked=checked, arg=arg) -> None:
            if not (checked and path == arg.name):
                problems.add(_argument_path(path, arg, values[arg.name]), problem, hint)

        api_model.check_shape(value, api_model.shape_at(operation, arg.api), arg.name, report)
    return request


def integers_where_due(value: object, shape) -> object:
    """`value` with integral floats made integers wherever the API's shape asks for an integer.

    kfp.local and kfp 1.x render every number inside JSON as a float (`"InstanceCount": 2.0`); the
    Go backends render `2`. Both mean 2. A fraction (`2.5`) stays, for the shape check to refuse.
    """
    kind = shape.type_name
    if kind in ("integer", "long"):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if kind == "structure" and isinstance(value, dict):
        return {key: integers_where_due(item, shape.members[key]) if key in shape.members else item
                for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [integers_where_due(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: integers_where_due(item, shape.value) for key, item in value.items()}
    return value


def _argument_path(path: str, arg: Arg, value: object) -> str:
    """A request path in the argument's own terms: `tags[2].Key` is `tags.<third key>`."""
    match = re.match(rf"{re.escape(arg.name)}\[(\d+)\]\.\w+$", path)
    if match and isinstance(value, dict) and arg.convert in ("key_value_list", "name_regex_list"):
        return f"{arg.name}.{list(value)[int(match.group(1))]}"
    return path


def _put(request: dict, arg: Arg, value: object, table: tuple[Arg, ...], values: dict, problems: Problems) -> None:
    """Set the value at the argument's path. Past an `[index]`, the path replaces an existing field
    of an existing entry (data_location_N in a channel), so nothing there is created."""
    node = request
    walked: list[str] = []
    inside_entry = False
    steps = api_model.parse_path(arg.api)
    for position, (name, index) in enumerate(steps):
        if not isinstance(node, dict):
            return  # the value it would go into is malformed; its own check reports that
        last = position == len(steps) - 1
        if inside_entry and last and arg.name in problems.invalid:
            return  # reported already: kept out of the entry, the entry's check does not report it again
        if inside_entry and not last and not isinstance(node.get(name), dict):
            rest = ".".join(step for step, _ in steps[position:])
            problems.add(arg.name, f"replaces {rest} in {'.'.join(walked)}, which has no {name}",
                         f"give that entry a {name}, or leave {arg.name} empty")
            return
        walked.append(name)
        if index is None:
            if last:
                node[name] = value
            else:
                node = node.setdefault(name, {})
            continue
        entries = node.setdefault(name, []) if arg.creates_entry else node.get(name, [])
        if not isinstance(entries, list):
            return
        owner = next((a.name for a in table if a.api == ".".join(walked)), ".".join(walked))
        if values.get(owner) is DYNAMIC or owner in problems.arguments:
            return  # known at run time, or already reported: nothing to say about its entries
        if arg.creates_entry and index == len(entries):
            entries.append({})
        elif index >= len(entries) and arg.creates_entry:
            problems.add(arg.name, f"would be entry {index + 1} of {owner}, which has {len(entries)} before it",
                         "give the arguments of the entries before it too")
            return
        elif index >= len(entries):
            if arg.only_when:
                return  # the entry's own argument, on which this one depends, says what is missing
            problems.add(arg.name, f"sets entry {index + 1} of {owner}, which has {len(entries)}",
                         f"add the entry to {owner} or leave {arg.name} empty")
            return
        walked[-1] = f"{owner}[{index}]"
        inside_entry = True
        if last:
            entries[index] = value
        else:
            node = entries[index]
