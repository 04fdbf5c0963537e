"""Compare every spec with the installed botocore SageMaker model (`sagemaker-kfp api-check`).

For each argument with an `api:` path: the path exists, accepted values are a subset of the API's
enum, limits are no looser than the API's; for the request as a whole: every top-level member is
reachable from some argument, and every required member of what the arguments fill is filled.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import SPEC_KEYS, Argument, Component
from ..runtime import api_model

# Spec limits that bound the same thing as an API limit, per conversion of the value:
# (spec lower-bound key, spec upper-bound key, shape to compare with)
_TEXT = ("min_length", "max_length")
_NUMBER = ("minimum", "maximum")
_ENTRIES = ("min_entries", "max_entries")


@dataclass(frozen=True)
class Finding:
    argument: str
    api: str
    check: str
    ok: bool
    detail: str


def _bounds(arg: Argument, shape) -> list[tuple[str, str, object]]:
    """(check name, spec key, shape) triples: which spec limit answers which API limit."""
    if arg.convert in ("comma_list", "tuning_job_names"):
        # An item is the list's member, or the one name inside it ([{HyperParameterTuningJobName}]).
        item = shape.member if arg.convert == "comma_list" else next(iter(shape.member.members.values()))
        return [("entries", key, shape) for key in _ENTRIES] + [("item length", "item_max_length", item)]
    if arg.convert in ("string_map", "key_value_list", "name_regex_list"):
        if shape.type_name == "map":
            key_shape, value_shape = shape.key, shape.value
        else:  # a list of two-member structures: Key/Value, Name/Regex
            key_shape, value_shape = list(shape.member.members.values())[:2]
        return [("entries", key, shape) for key in _ENTRIES] + [
            ("key length", "key_max_length", key_shape),
            ("value length", "value_max_length", value_shape),
        ]
    kind = shape.type_name
    if kind == "string":
        return [("length", key, shape) for key in _TEXT]
    if kind in ("integer", "long", "float", "double"):
        return [("range", key, shape) for key in _NUMBER]
    if kind in ("list", "map"):
        return [("entries", key, shape) for key in _ENTRIES]
    return []


def check_argument(component: Component, arg: Argument) -> list[Finding]:
    # Loading the spec already refused a path the API lacks, so here the path is known to exist.
    shape = api_model.shape_at(component.request_of(arg), arg.api)
    findings = [Finding(arg.name, arg.api, "path", True, shape.name)]
    limits = api_model.limits(shape)
    check = arg.check
    if "enum" in limits and check.get("enum"):
        extra = sorted(set(check["enum"]) - set(limits["enum"]))
        findings.append(Finding(arg.name, arg.api, "enum", not extra,
                                f"not in the API: {', '.join(extra)}" if extra else f"{len(check['enum'])} of {len(limits['enum'])} API values"))
    elif "enum" in limits:
        findings.append(Finding(arg.name, arg.api, "enum", False, f"the API accepts only {len(limits['enum'])} values; declare `enum:`"))
    for label, key, limited in _bounds(arg, shape):
        api_limits = limited.metadata
        api_key = "min" if key.startswith("min") else "max"
        if api_key not in api_limits:
            continue
        api_value = api_limits[api_key]
        spec_value = check.get(key)
        spec_key = SPEC_KEYS[key]
        if spec_value is None:
            # Empty text or JSON means "not set", so a lower bound of 1 on a length holds anyway.
            if api_key == "min" and api_value <= (0 if label == "range" else 1):
                continue
            findings.append(Finding(arg.name, arg.api, label, False, f"the API's {api_key} is {api_value}; declare `{spec_key}`"))
            continue
        tighter = spec_value >= api_value if api_key == "min" else spec_value <= api_value
        findings.append(Finding(arg.name, arg.api, label, tighter, f"spec {spec_key} {spec_value}, API {api_key} {api_value}"))
    return findings


def check_coverage(component: Component) -> list[Finding]:
    """For every request the component sends: every top-level member is reachable, and required
    members of filled structures are filled (by an argument, or by the step itself)."""
    findings = []
    for name in component.operations:
        operation = api_model.service_model().operation_model(name)
        arguments = [arg for arg in component.arguments if arg.api and component.request_of(arg) == name]
        by_step = component.filled_by_the_step(name)
        prefix = f"{name}: " if len(component.operations) > 1 else ""

        def owners_of(path: str, arguments=arguments, by_step=by_step) -> list[str]:
            return [arg.name for arg in arguments if (arg.api + ".").startswith(path + ".")] or (
                ["(the step)"] if path in by_step else [])

        for member in operation.input_shape.members:
            owners = sorted(owners_of(member))
            findings.append(Finding(_names(owners), prefix + member, "reachable", bool(owners), ", ".join(owners)))
        filled = {arg.api.split("[")[0] for arg in arguments}
        for path in sorted({p.rsplit(".", 1)[0] for p in filled if "." in p} | {""}):
            shape = operation.input_shape if not path else api_model.shape_at(name, path)
            for required in shape.required_members:
                full = f"{path}.{required}" if path else required
                owners = owners_of(full)
                findings.append(Finding(_names(owners), prefix + full, "required member filled", bool(owners), ", ".join(owners)))
    return findings


def _names(owners: list[str]) -> str:
    return "-" if not owners else owners[0] + (f" (+{len(owners) - 1})" if len(owners) > 1 else "")


def api_check(component: Component) -> list[Finding]:
    findings = []
    for arg in component.arguments:
        if arg.api:
            findings.extend(check_argument(component, arg))
    return findings + check_coverage(component)


def table(findings: list[Finding]) -> str:
    rows = [("argument", "api", "check", "result", "detail")]
    rows += [(f.argument, f.api, f.check, "ok" if f.ok else "DISAGREES", f.detail) for f in findings]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
