"""The vocabulary of the generated tables (generated/<component>/validation.py and entrypoint.py).

Each generated table row is one `Arg`; the rules and outputs are `Rule` and `Output` rows, and the
kind of job the component runs is a `JobKind` row. They are plain data: `runtime.validate` checks
values against them, `runtime.request` builds the API request from them and `runtime.job` drives
the job with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words of a CamelCase name: `AutoMLJob` -> Auto, ML, Job.
CAMEL_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+")


def in_words(name: str) -> str:
    """A CamelCase name in words, acronyms kept: `TrainingJob` -> `training job`, `AutoMLJob` -> `auto ML job`;
    `HyperParameter` is one word, as SageMaker's documentation writes it."""
    words = " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in CAMEL_WORD.findall(name))
    return words.replace("hyper parameter", "hyperparameter")


def with_article(words: str) -> str:
    """`a training job`, `an endpoint`, `an Integer`."""
    return f"an {words}" if words[:1].lower() in "aeiou" else f"a {words}"


#: Conversions that take comma-separated text (`item_pattern` and `item_max_length` check its items).
COMMA_CONVERSIONS = ("comma_list", "tuning_job_names")

#: KFP types an argument or output can have.
TYPES = ("String", "Integer", "Float", "Bool", "JsonObject", "JsonArray")


@dataclass(frozen=True)
class Arg:
    """One argument of a component, with every check the spec declares for it."""

    name: str
    type: str
    required: bool = False
    default: object = None
    example: object = None  # a typical value, shown when a value does not match `pattern`
    unset: object = None  # for a number or Bool: the value that means "not set" (component.yaml's default)
    api: str | None = None  # dotted request path the value fills, e.g. ResourceConfig.InstanceType
    convert: str | None = None  # name of a conversion in runtime.request.CONVERSIONS
    #: The operation whose request `api` is a path of (the kind's config or update); None: Create<kind>.
    request: str | None = None
    only_when: str | None = None  # an argument that must be set (true, for a Bool) for the value to be sent
    creates_entry: bool = False  # `api` has `[N]`: setting this argument creates entry N of that list
    unless: tuple[str, ...] = ()  # arguments that, when any is set, keep this one out of the request
    builtin_image_for: str | None = None  # a built-in algorithm's name here becomes that argument's image
    enum: tuple[str, ...] = ()
    open_enum: bool = False  # unknown values that match `pattern` are accepted with a warning
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_entries: int | None = None
    max_entries: int | None = None
    key_max_length: int | None = None
    value_max_length: int | None = None
    item_pattern: str | None = None
    item_max_length: int | None = None
    unique_key: str | None = None
    value_regex: bool = False  # values of the object are regular expressions


@dataclass(frozen=True)
class Rule:
    """A rule across arguments; `kind` is one of runtime.validate.RULE_CHECKS."""

    kind: str
    arguments: tuple[str, ...]
    when: str | None = None


@dataclass(frozen=True)
class Output:
    """An output written on success, taken from the Describe response at `api`."""

    name: str
    type: str
    api: str
    convert: str | None = None
    #: A path of the description naming a resource of another kind (`BestTrainingJob.TrainingJobName`):
    #: `api` is then a path of that resource's description (DescribeTrainingJob).
    of: str | None = None


def related_operation(of: str) -> tuple[str, str]:
    """(Describe<Kind>, <Kind>Name) for a path ending in <Kind>Name, such as BestTrainingJob.TrainingJobName."""
    field = of.rsplit(".", 1)[-1]
    return f"Describe{field.removesuffix('Name')}", field


@dataclass(frozen=True)
class JobKind:
    """A kind of SageMaker job as the engine drives it: the spec's `job:` block, with what the
    generator derived from botocore's model (statuses, name length, whether it can be stopped).

    `kind` names the API: Create<kind>, Describe<kind>, Stop<kind>; fields <kind>Name,
    <kind>Status, <kind>Arn.
    """

    kind: str
    log_group: str | None  # CloudWatch Logs group (None: the kind writes no logs)
    name_prefix: str  # generated names: <prefix>-kfp-<hash>, <prefix>-<YYYYmmddHHMMSS>-<random>
    console_page: str  # the SageMaker console shows a job at .../sagemaker/home#/<console_page>/<name>
    succeeded: str  # the status of a job that completed
    unsuccessful: tuple[str, ...]  # the other statuses a job ends in (Failed, Stopped)
    name_max_length: int
    instance_count: str | None = None  # request path holding InstanceCount or InstanceGroups (None: one instance)
    failure_fields: tuple[str, ...] = ()  # describe fields that explain an unsuccessful job, in order
    stoppable: bool = True  # Stop<kind> exists
    hooks: tuple[str, ...] = ()  # names of runtime.hooks.ON_COMPLETED, run before the outputs are read
    #: Start of the names of the log streams to follow ({name}: the job's). `{name}/` for the
    #: instances of the job itself; `{name}-` for the training jobs a tuning job starts.
    log_streams: str = "{name}/"
    #: False for a resource without a status (a model): complete once it exists.
    has_status: bool = True
    #: (label, Describe path) pairs shown whenever their value changes, e.g. a tuning job's counters.
    progress: tuple[tuple[str, str], ...] = ()
    #: (List operation, its list of summaries, the summaries' name field) of the jobs this one starts,
    #: read for the reasons of those that failed: a tuning job's training jobs.
    failed_jobs_list: tuple[str, str, str] | None = None
    #: A resource created first (Create<config>), whose name fills the request's <config>Name: an
    #: endpoint's EndpointConfig. It has no status; a step that finds it made from the same request
    #: (its name, or its digest tag) uses it again.
    config: str | None = None
    #: The operation that points an existing resource at another config (UpdateEndpoint), and the
    #: Bool argument that allows it.
    update: str | None = None
    update_argument: str | None = None

    @property
    def create(self) -> str:
        return f"Create{self.kind}"

    @property
    def describe(self) -> str:
        return f"Describe{self.kind}"

    @property
    def stop(self) -> str:
        return f"Stop{self.kind}"

    @property
    def name_field(self) -> str:
        return f"{self.kind}Name"

    @property
    def status_field(self) -> str:
        return f"{self.kind}Status"

    @property
    def arn_field(self) -> str:
        return f"{self.kind}Arn"

    @property
    def terminal(self) -> tuple[str, ...]:
        return (self.succeeded, *self.unsuccessful)

    @property
    def words(self) -> str:
        """The kind in words, for messages: `training job`, `auto ML job`."""
        return in_words(self.kind)

    @property
    def operations(self) -> tuple[str, ...]:
        """Every request a step of this kind may send, in order: the config's, the kind's, the update's."""
        config = (f"Create{self.config}",) if self.config else ()
        return (*config, self.create, *((self.update,) if self.update else ()))

    @property
    def config_kind(self) -> JobKind | None:
        """The config as a kind of its own: created once under a name (at most as long as this
        kind's), without a status, a stop or logs."""
        if self.config is None:
            return None
        return JobKind(self.config, None, self.config, "", "Completed", (), self.name_max_length, stoppable=False,
                       has_status=False)

    @property
    def capitalized(self) -> str:
        """The kind in words at the start of a sentence: `Training job`."""
        return self.words[:1].upper() + self.words[1:]


@dataclass(frozen=True)
class Component:
    """A component as its entrypoint sees it: the generated tables and what they are for."""

    name: str
    version: str
    job: JobKind
    arguments: tuple[Arg, ...]
    rules: tuple[Rule, ...]
    outputs: tuple[Output, ...]

    @property
    def operation(self) -> str:
        """The SageMaker operation the `api` paths fill (an argument's `request` may name another)."""
        return self.job.create

    @property
    def operations(self) -> tuple[str, ...]:
        """Every request the arguments fill."""
        return self.job.operations

    def request_of(self, arg: Arg) -> str:
        return arg.request or self.operation

    @property
    def config_name_argument(self) -> str:
        """The argument that names the config (it fills <config>Name of its request), or ''."""
        field, operation = f"{self.job.config}Name", f"Create{self.job.config}"
        return next((arg.name for arg in self.arguments if arg.api == field and arg.request == operation), "")

    @property
    def name_argument(self) -> str:
        """The argument that names the job (it fills `<kind>Name` of the Create request), or ''."""
        return next((arg.name for arg in self.arguments if arg.api == self.job.name_field), "")
