"""Load a spec file, check it (schema, then meaning), and build the frozen model.

Every problem is collected and reported at once as `specs/x.yaml:<location>: <problem>; <hint>`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

from .draft import SCALARS
from .errors import Problems
from .job_kind import find_operation, job_kind
from .model import CHECK_FIELDS, KFP_TYPES, SPEC_KEYS, Argument, Component, Group, Output, Rule, Suite
from ..runtime import api_model
from ..runtime.arguments import COMMA_CONVERSIONS, JobKind, related_operation, with_article

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "specs" / "spec.schema.json"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where pyyaml was built with it


def load_spec(path: Path, root: Path, suite: Suite) -> Component:
    """The component a spec describes, in `suite` (its version and image); raises SpecError listing
    every problem."""
    problems = Problems(path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.load(text, Loader=YAML_LOADER)
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow: no mark, and a position that counts characters or bytes
        # depending on the loader. The reader stops at the first one, the character's first place.
        line = text[: text.index(chr(error.character))].count("\n") + 1
        problems.add(f"line {line}", f"is not valid YAML (character #x{error.character:04x} is not allowed)",
                     "remove it, or escape it in a double-quoted string")
        problems.raise_if_any()
    except yaml.YAMLError as error:
        problems.add(f"line {error.problem_mark.line + 1}", f"is not valid YAML ({error.problem})", "fix the YAML syntax")
        problems.raise_if_any()
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path]):
        problems.add(_location(error.absolute_path), _schema_problem(error), "see specs/spec.schema.json")
    problems.raise_if_any()
    component = _build(raw, path, root, suite, problems)
    problems.raise_if_any()
    return component


def _location(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _schema_problem(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf":  # the schema's only oneOf: the argument's presence
        return "needs exactly one of `required: true`, `optional: true` or `default:`"
    return error.message


def _expand(entries: list[dict], section: str = "arguments") -> list[tuple[str, dict]]:
    """(location, entry) pairs of arguments or outputs, with `repeat:` entries written out."""
    expanded = []
    for index, raw in enumerate(entries):
        for i in range(raw.get("repeat", 1)):
            copy = {k: v for k, v in raw.items() if k != "repeat"}
            if "repeat" in raw:
                for key in ("name", "api", "description"):
                    if key in copy:
                        copy[key] = copy[key].replace("{n}", str(i + 1)).replace("{i}", str(i))
            expanded.append((f"{section}[{index}]", copy))
    return expanded


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    """A key that takes one argument's name or a list of them, as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value or ())


def _build(raw: dict, path: Path, root: Path, suite: Suite, problems: Problems) -> Component:
    groups = tuple(Group(g["id"], g["title"]) for g in raw["groups"])
    group_ids = {g.id for g in groups}
    job = _job(raw, problems)
    operation = job.create  # the request the arguments' `api` paths fill, unless they name another
    operations = job.operations

    arguments = []
    seen: dict[str, str] = {}
    for where, spec in _expand(raw["arguments"]):
        name = spec["name"]
        if name in seen:
            problems.add(f"{where}.name", f"{name!r} is declared twice (first at {seen[name]})", "rename one")
        seen.setdefault(name, where)
        if spec["group"] not in group_ids:
            problems.add(f"{where}.group", f"unknown group {spec['group']!r}", "use one of: " + ", ".join(sorted(group_ids)))
        request = spec.get("request")
        if request is not None and request not in operations:
            problems.add(f"{where}.request", f"{request!r} is no request this component sends ({', '.join(operations)})",
                         "name one of them, or leave request out")
            request = None
        shape = (_check_api_path(request or operation, spec["api"], f"{where}.api", problems, output=False)
                 if "api" in spec else None)
        if shape is not None:
            _check_shape_fits(spec, shape, f"{where}.api", problems)
        if spec.get("creates_entry") and "[" not in spec.get("api", ""):
            problems.add(f"{where}.creates_entry", "the api path indexes no list entry", "write a path such as List[1].Field")
        argument = Argument(
            name=name,
            type=spec["type"],
            group=spec["group"],
            description=_with_unset_note(spec),
            required=spec.get("required", False),
            has_default="default" in spec,
            default=spec.get("default"),
            unset=spec.get("unset"),
            example=spec.get("example"),
            api=spec.get("api"),
            convert=spec.get("convert"),
            only_when=spec.get("only_when"),
            unless=_names(spec.get("unless")),
            builtin_image_for=spec.get("builtin_image_for"),
            kfp_placeholder=spec.get("kfp_placeholder"),
            api_shape=shape.name if shape is not None else None,
            checks=tuple((field, spec[key]) for key, field in CHECK_FIELDS.items() if key in spec),
            usage_example=spec.get("usage_example", False),
            request=request,
            creates_entry=spec.get("creates_entry", False),
        )
        _check_default(argument, where, problems)
        arguments.append(argument)

    types = {arg.name: arg.type for arg in arguments}
    for where, spec in _expand(raw["arguments"]):
        if spec.get("only_when") and spec["only_when"] not in types:
            problems.add(f"{where}.only_when", f"names unknown argument {spec['only_when']!r}", "use a declared argument")
        for name in _names(spec.get("unless")):
            if name not in types:
                problems.add(f"{where}.unless", f"names unknown argument {name!r}", "use a declared argument")
        if spec.get("builtin_image_for") and types.get(spec["builtin_image_for"]) != "String":
            problems.add(f"{where}.builtin_image_for", f"{spec['builtin_image_for']!r} is not a String argument",
                         "name the String argument that takes an image")
    rules = []
    for index, spec in enumerate(raw.get("rules", [])):
        for name in [*spec["arguments"], *([spec["when"]] if "when" in spec else [])]:
            if name not in types:
                problems.add(f"rules[{index}]", f"names unknown argument {name!r}", "use a declared argument")
        if "when" in spec and types.get(spec["when"], "Bool") != "Bool":
            problems.add(f"rules[{index}].when", f"{spec['when']!r} is not a Bool argument", "name a Bool argument")
        rules.append(Rule(spec["kind"], tuple(spec["arguments"]), spec.get("when")))

    outputs = []
    for where, spec in _expand(raw["outputs"], "outputs"):
        describe = job.describe
        if "of" in spec:
            describe = _related_describe(job.describe, spec["of"], f"{where}.of", problems)
        if describe is not None:
            _check_api_path(describe, spec["api"], f"{where}.api", problems, output=True)
        outputs.append(Output(spec["name"], spec["type"], spec["api"], spec.get("convert"), spec["description"].strip(),
                              spec.get("of")))
    _check_step_arguments(job, types, problems)

    return Component(
        name=raw["name"],
        title=raw["title"],
        version=suite.version,
        image_repository=suite.image,
        job=job,
        summary=raw["summary"].strip(),
        description=raw["description"].strip(),
        groups=groups,
        arguments=tuple(arguments),
        rules=tuple(rules),
        outputs=tuple(outputs),
        spec_path=path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name,
    )


def _job(raw: dict, problems: Problems) -> JobKind:
    """The job kind. The arguments' and outputs' paths cannot be checked without it, so an unknown
    kind is raised at once. `api_operation` may say the request the paths fill: it must be Create<kind>."""
    operation = raw.get("api_operation")
    if operation is not None and find_operation(operation) is None:
        problems.add("api_operation", f"{operation!r} is not a SageMaker operation", "use one such as CreateTrainingJob")
        problems.raise_if_any()
    job = job_kind(raw["job"], problems)
    if job is None:
        problems.raise_if_any()
    if operation not in (None, job.create):
        problems.add("api_operation", f"is {operation}, but job.kind {job.kind} is created by {job.create}",
                     f"write {job.create}, or leave api_operation out: it follows from job.kind")
        problems.raise_if_any()
    return job


def _related_describe(describe: str, of: str, where: str, problems: Problems) -> str | None:
    """Describe<Kind> for the resource named at `of` (a path ending in <Kind>Name), or None (and a problem)."""
    if _check_api_path(describe, of, where, problems, output=True) is None:
        return None
    operation, _ = related_operation(of)
    if not of.endswith("Name") or find_operation(operation) is None:
        problems.add(where, f"{of!r} does not name a resource SageMaker describes", "end the path in <Kind>Name, "
                     "such as BestTrainingJob.TrainingJobName")
        return None
    return operation


#: Step arguments that only some kinds can use: the argument, and why a kind cannot.
KIND_STEP_ARGUMENTS = {
    "stream_logs": (lambda job: job.log_group is not None, "the job block names no log_group"),
    "stop_on_termination": (lambda job: job.stoppable, "SageMaker cannot stop it"),
}


def _check_step_arguments(job: JobKind, types: dict[str, str], problems: Problems) -> None:
    """A step argument the kind cannot use would be a switch that does nothing."""
    for name, (usable, why_not) in KIND_STEP_ARGUMENTS.items():
        if not usable(job) and name in types:
            problems.add("arguments", f"{name} does nothing for a {job.words}: {why_not}", f"remove {name}")
    if job.update_argument is not None and types.get(job.update_argument) != "Bool":
        problems.add("job.update_argument", f"{job.update_argument!r} is not a Bool argument", "name the Bool argument that allows the update")


def _check_api_path(operation: str, api: str, where: str, problems: Problems, *, output: bool):
    """The botocore shape at the path, or None (and a problem) if the API has no such path."""
    try:
        return api_model.shape_at(operation, api, output=output)
    except KeyError as error:
        problem, members = error.args
        side = "response" if output else "request"
        hint = f"members there: {', '.join(members)}" if members else "check the path against the SageMaker API"
        problems.add(where, f"{api!r} is not in the {operation} {side}: {problem}", hint)
    except ValueError as error:
        problems.add(where, str(error), "write a dotted path such as ResourceConfig.InstanceType")
    return None


#: What the API's shape at an argument's path must be for its value, by conversion or else by type:
#: the shape's types, and for a list its members' type. A scalar type's are those draft.py makes it from.
SHAPES_OF_CONVERSIONS = {
    "string_map": (("map",), None),
    "key_value_list": (("list",), "structure"),
    "name_regex_list": (("list",), "structure"),
    "tuning_job_names": (("list",), "structure"),
    "comma_list": (("list",), "string"),
    "number": (("float", "double"), None),
}
SHAPES_OF_TYPES = {
    **{kfp: (tuple(shape for shape, of in SCALARS.items() if of == kfp), None) for kfp in set(SCALARS.values())},
    "JsonObject": (("structure", "map"), None),
    "JsonArray": (("list",), None),
}


def _check_shape_fits(spec: dict, shape, where: str, problems: Problems) -> None:
    """The value the argument sends (after its conversion) is of the kind the API takes there."""
    kinds, member = SHAPES_OF_CONVERSIONS.get(spec.get("convert"), SHAPES_OF_TYPES[spec["type"]])
    sent = spec.get("convert") or spec["type"]
    if shape.type_name not in kinds:
        problems.add(where, f"the API takes {with_article(shape.type_name)} there ({shape.name}), which "
                     f"{with_article(sent)} value is not", "point the path at a member of that kind, or change the type")
    elif member is not None and shape.member.type_name != member:
        problems.add(where, f"the API takes a list of {shape.member.type_name} there ({shape.name}), which "
                     f"{with_article(sent)} value is not", "point the path at a member of that kind, or change the type")


NUMBER_TYPES = ("Integer", "Float")
TEXT_CHECKS = ("pattern", "min_length", "max_length", "open_enum", "enum")
ENTRY_CHECKS = ("min_entries", "max_entries")


def _check_fit(arg: Argument, where: str, problems: Problems) -> None:
    """Each check must be one the argument's type can have."""
    check = arg.check
    misfits = []
    if arg.type not in NUMBER_TYPES:
        misfits += [key for key in ("minimum", "maximum") if key in check]
    if arg.type != "String":
        misfits += [key for key in TEXT_CHECKS if key in check]
    if arg.type not in ("JsonObject", "JsonArray") and arg.convert not in COMMA_CONVERSIONS:
        misfits += [key for key in ENTRY_CHECKS if key in check]
    for key in misfits:
        problems.add(f"{where}.{SPEC_KEYS[key]}", f"does not apply to {with_article(arg.type)} argument", "remove it")


def _with_unset_note(spec: dict) -> str:
    """The description, saying which value means "not set" where the type has no empty value."""
    text = spec["description"].strip()
    if "unset" not in spec:
        return text
    return f"{text} `{KFP_TYPES[spec['type']].to_text(spec['unset'])}` (the default) means not set."


def _check_unset(arg: Argument, where: str, problems: Problems) -> None:
    """Every optional input has a default in component.yaml (no backend-specific `isPresent`), so
    a type without an empty value needs a spec-given "not set" value that no real value can take."""
    if arg.unset is None:
        if arg.optional and not arg.has_default and arg.kfp_type.empty is None:
            example = "`unset: false`" if arg.type == "Bool" else "`unset:` (a value outside min..max, such as -1 with `min: 0`)"
            problems.add(f"{where}.optional", f"an optional {arg.type} has no empty value to mean \"not set\"",
                         f"give {example} or a `default:`")
        return
    if arg.required or arg.has_default or arg.kfp_type.empty is not None:
        problems.add(f"{where}.unset", "applies only to an optional Integer, Float or Bool without a default",
                     "remove it")
        return
    if not arg.kfp_type.accepts(arg.unset):
        problems.add(f"{where}.unset", f"{arg.unset!r} is not {with_article(arg.type)}", f"write {with_article(arg.type)} value")
        return
    if arg.type in NUMBER_TYPES:
        check = arg.check
        below = "minimum" in check and arg.unset < check["minimum"]
        above = "maximum" in check and arg.unset > check["maximum"]
        if not (below or above):
            problems.add(f"{where}.unset", f"{arg.unset} is a value the argument accepts, so it could not be given",
                         "choose a value outside min..max, or add the limit that excludes it")


def _check_example(arg: Argument, where: str, problems: Problems) -> None:
    """An example is shown to users as a value that works: of the type, matching the pattern."""
    if arg.example is None:
        if arg.usage_example:
            problems.add(f"{where}.usage_example", "shows no value: the argument has no `example`", "add an `example:`")
        return
    if not arg.kfp_type.accepts(arg.example):
        problems.add(f"{where}.example", f"{arg.example!r} is not {with_article(arg.type)}", f"write {with_article(arg.type)} value")
    elif "pattern" in arg.check and not re.fullmatch(arg.check["pattern"], arg.example):
        problems.add(f"{where}.example", f"{arg.example!r} does not match its own pattern {arg.check['pattern']}",
                     "fix the example or the pattern")


def _check_default(arg: Argument, where: str, problems: Problems) -> None:
    """A default must be of the argument's type and pass the argument's own checks."""
    _check_fit(arg, where, problems)
    _check_unset(arg, where, problems)
    _check_example(arg, where, problems)
    if not arg.has_default:
        return
    value = arg.default
    if not KFP_TYPES[arg.type].accepts(value):
        problems.add(f"{where}.default", f"{value!r} is not {with_article(arg.type)}", f"write {with_article(arg.type)} value")
        return
    if _holds_null(value):
        problems.add(f"{where}.default", "holds a null, which kfp cannot load", "leave the entry out instead")
    check = arg.check
    if check.get("enum") and not check.get("open_enum") and value not in check["enum"]:
        problems.add(f"{where}.default", f"{value!r} is not one of the accepted values", "use one of: " + ", ".join(check["enum"]))
    if arg.type in NUMBER_TYPES:
        if "minimum" in check and value < check["minimum"]:
            problems.add(f"{where}.default", f"{value} is below the minimum {check['minimum']}", "raise the default or lower `min`")
        if "maximum" in check and value > check["maximum"]:
            problems.add(f"{where}.default", f"{value} is above the maximum {check['maximum']}", "lower the default or raise `max`")
    if isinstance(value, str):
        if "pattern" in check and value and not re.fullmatch(check["pattern"], value):
            problems.add(f"{where}.default", f"{value!r} does not match its own pattern {check['pattern']}", "fix the default or the pattern")
        if "min_length" in check and value and len(value) < check["min_length"]:  # "" is "not set"
            problems.add(f"{where}.default", f"is shorter than min_length {check['min_length']}", "lengthen it")
        if "max_length" in check and len(value) > check["max_length"]:
            problems.add(f"{where}.default", f"is longer than max_length {check['max_length']}", "shorten it")
    if isinstance(value, (list, dict)):
        if "min_entries" in check and value and len(value) < check["min_entries"]:  # {} and [] are "not set"
            problems.add(f"{where}.default", f"has fewer than min_entries {check['min_entries']}", "add entries")
        if "max_entries" in check and len(value) > check["max_entries"]:
            problems.add(f"{where}.default", f"has more than max_entries {check['max_entries']}", "remove entries")


def _holds_null(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_holds_null(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return False
