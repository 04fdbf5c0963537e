"""The spec's `job:` block, checked against botocore's model and completed from it.

A spec says only what the API model cannot: the kind (`TrainingJob`), its log group and streams,
the prefix of generated names, where the instance count is, which fields explain a failure, the
progress to show and the hooks. From the kind follows the rest, by SageMaker's naming:
Create<kind>, Describe<kind> and (if the kind can be stopped) Stop<kind>; the fields <kind>Name,
<kind>Status and <kind>Arn; the statuses a job ends in; the name's length and pattern. A kind
whose description has no <kind>Status (a model) is a resource that is complete once created.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re

from .errors import Problems
from ..runtime import api_model
from ..runtime.arguments import JobKind, in_words
from ..runtime.hooks import ON_COMPLETED
from ..runtime.job import attempt_name, job_name

#: Statuses of a job that has not ended yet: InProgress, Pending, RollingBack (an endpoint's update
#: undone, back to InService) and every -ing word (Starting, Stopping, Initializing, Deleting: a job
#: being deleted has not ended as far as the step can tell).
#: Every other value of the status enum is terminal; the one that reads `Completed` is success.
ONGOING = re.compile(r"(?i)in_?progress|pending|[a-z_]*ing|rolling_?back")
SUCCEEDED = "completed"
EXAMPLE_TIME = datetime.datetime(2026, 11, 30, 23, 59, 59)


def find_operation(name: str):
    """The SageMaker operation's botocore model, or None if there is no such operation."""
    try:
        return api_model.service_model().operation_model(name)
    except Exception:  # botocore raises OperationNotFoundError
        return None


def why_not_a_job(kind: str, succeeded: str | None = None) -> str | None:
    """Why `kind` is not a kind of job the engine can drive, or None if it is; `succeeded` names the
    status that means success where none reads Completed (an endpoint's InService)."""
    create, describe = find_operation(f"Create{kind}"), find_operation(f"Describe{kind}")
    if create is None or describe is None:
        return f"SageMaker has no {'Create' if create is None else 'Describe'}{kind} operation"
    name = f"{kind}Name"
    for operation, members in ((create, create.input_shape.members), (describe, describe.input_shape.members)):
        if name not in members:
            return f"the {operation.name} request has no {name}"
    if "Tags" not in create.input_shape.members:
        return f"the {create.name} request has no Tags, where the request digest goes"
    shown = describe.output_shape.members
    if f"{kind}Arn" not in shown:
        return f"the {describe.name} response has no {kind}Arn"
    status = shown.get(f"{kind}Status")
    if status is None:
        # Without <kind>Status it must be a resource that is ready once created (a model), not
        # one whose status has another name.
        other = next((field for field in shown if field.endswith("Status")), None)
        return f"the {describe.name} response has {other}, not {kind}Status" if other else None
    if succeeded is not None and succeeded not in status.enum:
        return f"{succeeded!r} is no {kind}Status value: {', '.join(status.enum)}"
    if succeeded is None and not any(value.lower() == SUCCEEDED for value in status.enum):
        return (f"no {kind}Status value says Completed, so the step could not tell that a job succeeded "
                "(a spec names the status that means success with job.succeeded)")
    return None


@functools.lru_cache(maxsize=None)
def job_kinds() -> tuple[str, ...]:
    """Every kind of SageMaker job the engine can drive, for hints."""
    model = api_model.service_model()
    candidates = (name.removeprefix("Describe") for name in model.operation_names if name.startswith("Describe"))
    return tuple(sorted(kind for kind in candidates if why_not_a_job(kind) is None))


def job_kind(raw: dict, problems: Problems) -> JobKind | None:
    """The spec's job block with what follows from its kind; None (and problems) if it has none."""
    kind = raw["kind"]
    if (reason := why_not_a_job(kind, raw.get("succeeded"))) is not None:
        close = difflib.get_close_matches(kind, job_kinds(), n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else f"use one of: {', '.join(job_kinds())}"
        problems.add("job.kind", f"{kind!r} is not a kind of SageMaker job the step can run: {reason}", hint)
        return None
    create, describe = find_operation(f"Create{kind}"), find_operation(f"Describe{kind}")
    status = describe.output_shape.members.get(f"{kind}Status")
    terminal = [value for value in status.enum if not ONGOING.fullmatch(value)] if status else ["Completed"]
    succeeded = raw.get("succeeded") or next(value for value in terminal if value.lower() == SUCCEEDED)
    name_shape = create.input_shape.members[f"{kind}Name"]
    job = JobKind(
        kind=kind,
        log_group=raw.get("log_group"),
        name_prefix=raw["name_prefix"],
        console_page=raw.get("console_page", in_words(kind).lower().replace(" ", "-") + "s"),
        succeeded=succeeded,
        unsuccessful=tuple(value for value in terminal if value != succeeded),
        name_max_length=name_shape.metadata["max"],
        instance_count=raw.get("instance_count"),
        failure_fields=tuple(raw.get("failure_fields", [])),
        stoppable=find_operation(f"Stop{kind}") is not None,
        hooks=tuple(raw.get("hooks", [])),
        log_streams=raw.get("log_streams", "{name}/"),
        has_status=status is not None,
        progress=tuple(raw.get("progress", {}).items()),
        failed_jobs_list=_failed_jobs_list(kind, raw.get("failed_jobs"), problems),
        config=raw.get("config"),
        update=raw.get("update"),
        update_argument=raw.get("update_argument"),
    )
    _check_config(job, problems)
    _check_name_prefix(job, name_shape, problems)
    _check_instance_count(job, problems)
    _check_describe_paths(job, problems)
    _check_logs(job, problems)
    return job


def _check_config(job: JobKind, problems: Problems) -> None:
    """The config is a resource ready once created, whose name the kind's request takes; the update
    operation takes the kind's name and the config's, and is allowed by an argument."""
    if job.config is None:
        if job.update or job.update_argument:
            problems.add("job.update", "an update points a resource at another config, and the kind has none",
                         "give job.config, or leave update and update_argument out")
        return
    config_name = f"{job.config}Name"
    if (reason := why_not_a_job(job.config)) is not None or job_kind_has_status(job.config):
        problems.add("job.config", f"{job.config!r} is not a resource created in one call: "
                     f"{reason or 'it has a status to wait for'}", "name a resource ready once created, such as EndpointConfig")
    elif config_name not in find_operation(job.create).input_shape.members:
        problems.add("job.config", f"the {job.create} request has no {config_name}", "name the config it takes")
    if (job.update is None) != (job.update_argument is None):
        problems.add("job.update", "update and update_argument go together", "give both or neither")
    elif job.update is not None:
        update = find_operation(job.update)
        if update is None or not {job.name_field, config_name} <= set(update.input_shape.members):
            problems.add("job.update", f"{job.update!r} is not an operation that takes {job.name_field} and {config_name}",
                         f"name the Update operation of {job.words}s")


def job_kind_has_status(kind: str) -> bool:
    return f"{kind}Status" in find_operation(f"Describe{kind}").output_shape.members


def _check_name_prefix(job: JobKind, name_shape, problems: Problems) -> None:
    """Generated names (and rerun_failed's `-rN` on them) must be names SageMaker accepts."""
    unique = job_name(job.name_prefix, None, None, None, job.name_max_length, now=EXAMPLE_TIME)
    names = [job_name(job.name_prefix, "run", "task", "name", job.name_max_length),
             unique[:-8] + "0" * 8]  # its random end made constant, for messages that stay the same
    longest = max(names, key=len)
    if len(longest) > job.name_max_length:
        room = job.name_max_length - (len(longest) - len(job.name_prefix))
        problems.add("job.name_prefix", f"makes names such as {longest} of {len(longest)} characters, more than "
                     f"the {job.name_max_length} a {job.name_field} may have",
                     f"shorten it to at most {max(room, 0)} characters")
        return
    pattern = api_model.compiled(name_shape.metadata.get("pattern", ".*"))
    bad = [name for name in [*names, *(attempt_name(name, 99, job.name_max_length) for name in names)] if pattern and not pattern.fullmatch(name)]
    if bad:
        problems.add("job.name_prefix", f"makes names such as {bad[0]}, which do not match the {job.name_field} "
                     f"pattern {pattern.pattern}", "use letters, digits and single hyphens")


def _check_instance_count(job: JobKind, problems: Problems) -> None:
    """The path must lead to what holds InstanceCount (or InstanceGroups of them) in the request."""
    if job.instance_count is None:
        return
    try:
        shape = api_model.shape_at(job.create, job.instance_count)
    except KeyError as error:
        problem, members = error.args
        hint = f"members there: {', '.join(members)}" if members else "check the path against the SageMaker API"
        problems.add("job.instance_count", f"{job.instance_count!r} is not in the {job.create} request: {problem}", hint)
        return
    if not _holds_instance_count(shape):
        found = _instance_count_holders(api_model.service_model().operation_model(job.create).input_shape)
        hint = f"use {' or '.join(found)}" if found else f"the {job.create} request has no InstanceCount: leave it out"
        problems.add("job.instance_count", f"{job.instance_count} holds no InstanceCount or InstanceGroups", hint)


def _holds_instance_count(shape) -> bool:
    members = getattr(shape, "members", {})
    groups = members.get("InstanceGroups")
    return "InstanceCount" in members or bool(groups and "InstanceCount" in getattr(groups.member, "members", {}))


def _instance_count_holders(shape, path: str = "", depth: int = 4) -> list[str]:
    """Paths of the request's structures (not inside lists) that hold InstanceCount."""
    if shape.type_name != "structure" or depth == 0:
        return []
    if path and _holds_instance_count(shape):
        return [path]
    return [found for name, member in shape.members.items()
            for found in _instance_count_holders(member, f"{path}.{name}" if path else name, depth - 1)]


def _check_describe_paths(job: JobKind, problems: Problems) -> None:
    """Failure fields and what the hooks read must be in the Describe response."""
    for index, field in enumerate(job.failure_fields):
        if (problem := _describe_problem(job, field)) is not None:
            shown = api_model.service_model().operation_model(job.describe).output_shape.members
            likely = [name for name in shown if re.search(r"Failure|Reason|Exit|Message", name)]
            problems.add(f"job.failure_fields[{index}]", problem, "name a field of the response that explains a "
                         f"failure{', such as ' + ', '.join(likely) if likely else ''}")
    for label, path in job.progress:
        if (problem := _describe_problem(job, path)) is not None:
            problems.add(f"job.progress.{label}", problem, f"name a field of the {job.describe} response")
    for index, hook in enumerate(job.hooks):
        missing = [path for path in ON_COMPLETED[hook].reads if _describe_problem(job, path) is not None]
        if missing:
            problems.add(f"job.hooks[{index}]", f"{hook} reads {', '.join(missing)}, which the {job.describe} "
                         "response does not have", f"remove {hook}: it is not for {job.words}s")


def _describe_problem(job: JobKind, path: str) -> str | None:
    try:
        api_model.shape_at(job.describe, path, output=True)
    except KeyError as error:
        return f"{path!r} is not in the {job.describe} response: {error.args[0]}"
    return None


def _failed_jobs_list(kind: str, operation: str | None, problems: Problems) -> tuple[str, str, str] | None:
    """(operation, list member, name field) for `job.failed_jobs`: a List operation that takes the
    job's name and StatusEquals, and answers a list of summaries with a name and a FailureReason."""
    if operation is None:
        return None
    model = find_operation(operation)
    if model is not None and {f"{kind}Name", "StatusEquals"} <= set(model.input_shape.members):
        for member, shape in model.output_shape.members.items():
            summary = getattr(shape, "member", None)
            if summary is not None and summary.type_name == "structure" and "FailureReason" in summary.members:
                names = [name for name in summary.required_members if name.endswith("Name")]
                if names:
                    return operation, member, names[0]
    problems.add("job.failed_jobs", f"{operation!r} is not an operation that lists a {in_words(kind)}'s jobs by "
                 "status with their failure reasons", f"name a List operation that takes {kind}Name and StatusEquals "
                 "and answers each job's name and FailureReason")
    return None


def _check_logs(job: JobKind, problems: Problems) -> None:
    """Streams are named from the job's name: `{name}/` for its instances, `{name}-` for its children."""
    if job.log_group is None:
        return
    if "{name}" in job.log_group:  # a group of the resource's own: every stream in it is
        if job.log_streams != "":
            problems.add("job.log_streams", "the log group is the resource's own, named from its name",
                         "write log_streams: \"\" to follow every stream in it")
        return
    prefix = job.log_streams
    if not prefix.startswith("{name}") or "{" in prefix[len("{name}"):] or prefix == "{name}":
        problems.add("job.log_streams", f"{prefix!r} is not the start of a stream name made from the job's name",
                     "write {name}/ for the job's own instances, or {name}- for the jobs it starts")
