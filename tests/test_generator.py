"""The generator: the model, each template on small fixture specs, spec errors, and the real output.

Fixture specs live in tests/fixtures/specs/{valid,invalid}/ and are loaded with tests/fixtures as
the project root, so their `spec_path` (printed in every header) is `specs/valid/<name>.yaml`.
Rendered artifacts are syrupy snapshots, one readable file per artifact, under
tests/__snapshots__/test_generator/; update them with `pytest tests/test_generator.py --snapshot-update`
and read the diff.
"""

import ast
import dataclasses
import functools
import importlib
import json
import re
import warnings
from pathlib import Path
from typing import Callable

import jinja2
import pytest
import yaml
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from fixture_specs import FIXTURE_SUITE, FIXTURES
from sagemaker_kfp_components.generator import builtin_algorithms
from sagemaker_kfp_components.generator.errors import Problems, SpecError
from sagemaker_kfp_components.generator.job_kind import job_kind, job_kinds
from sagemaker_kfp_components.generator.model import (CHECK_FIELDS, KFP_TYPES, Component, docstring_text, md_cell, py_call, py_literal,
                             yaml_text)
from sagemaker_kfp_components.generator.project import Project
from sagemaker_kfp_components.generator.contract import check_component_yaml
from sagemaker_kfp_components.generator.render import DOCS_PAGES, environment, render_all, render_docs
from sagemaker_kfp_components.generator.spec_loader import SCHEMA_PATH, load_spec
from sagemaker_kfp_components.generator.writer import compare, on_disk
from sagemaker_kfp_components.runtime.arguments import TYPES, Arg, in_words
from sagemaker_kfp_components.runtime.hooks import ON_COMPLETED
from step_runner import IR_TYPES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
GENERATED = ROOT / "generated"
ALGORITHMS = builtin_algorithms.load(ROOT)
VALID = sorted((FIXTURES / "specs" / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "specs" / "invalid").glob("*.yaml"))
GENERATE_COMMAND = "sagemaker-kfp generate"



class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


#: One single-file snapshot extension per artifact suffix, so each snapshot opens as what it is.
SNAPSHOT_EXTENSIONS = {
    suffix: type(f"{suffix[1:].capitalize()}Snapshot", (TextSnapshot,), {"file_extension": suffix[1:]})
    for suffix in (".yaml", ".py", ".md", ".txt")
}


@functools.cache
def fixture_component(path: Path) -> Component:
    return load_spec(path, FIXTURES, FIXTURE_SUITE)


@functools.cache
def fixture_render(path: Path) -> dict[Path, str]:
    return render_all([fixture_component(path)], FIXTURE_SUITE, TEMPLATES, ALGORITHMS)


@functools.cache
def real_project_render() -> dict[Path, str]:
    return Project().render()


@functools.cache
def training() -> Component:
    return Project().component("training")


def artifact_names(component_name: str) -> list[Path]:
    """What one spec renders to: one file per component template (its name minus `.j2`), plus the
    index and the built-in algorithms' table, which come from the project's top-level templates."""
    per_component = [Path(component_name) / p.stem for p in sorted((TEMPLATES / "component").glob("*.j2"))]
    return [*per_component, *(Path(p.stem) for p in sorted(TEMPLATES.glob("*.j2")))]


def artifact_id(spec: Path, artifact: Path) -> str:
    """`types-README.md` for generated/types/README.md, `types-generated-__init__.py` for the index."""
    return f"{spec.stem}-{artifact.name}" if artifact.parent.name else f"{spec.stem}-generated-{artifact.name}"


#: Every artifact of every valid fixture; each fixture file is named after its component.
FIXTURE_ARTIFACTS = [  # the algorithms' table is the same for every spec: generated/'s own copy is checked
    pytest.param(spec, artifact, id=artifact_id(spec, artifact))
    for spec in VALID for artifact in artifact_names(spec.stem) if artifact.name != "builtin_algorithms.py"
]


def table_cells(row: str) -> list[str]:
    """The cells of one Markdown table row; `\\|` is an escaped pipe inside a cell."""
    assert row.startswith("|") and row.endswith("|"), row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row[1:-1])]


def argument_rows(readme: str) -> list[str]:
    """The rows of the README's argument table, group rows included."""
    lines = readme.splitlines()
    start = lines.index("| Argument | Description | Optional | Type | Accepted values | Default |")
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def first_line_is_header(text: str, suffix: str, spec_paths: list[str]) -> None:
    first = text.split("\n", 1)[0]
    if suffix == ".md":
        assert first.startswith("<!-- ") and first.endswith(" -->"), first
    else:
        assert first.startswith("# "), first
    for spec_path in spec_paths:
        assert spec_path in first, first
    assert f"`{GENERATE_COMMAND}`" in first, first
    assert "Do not edit" in first, first


def compiles_cleanly(source: str, name: str) -> None:
    """Parses, and compiles with warnings (such as invalid escape sequences) as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ast.parse(source, filename=name)
        compile(source, name, "exec")


# --- 1. Rendering of the fixture specs ------------------------------------------------------------


def test_fixtures_cover_every_type_and_presence():
    """The valid fixtures together use every type as required, optional and defaulted input and as output."""
    seen = set()
    outputs = set()
    for path in VALID:
        component = fixture_component(path)
        for arg in component.arguments:
            seen.add((arg.type, "required" if arg.required else "default" if arg.has_default else "optional"))
        outputs |= {out.type for out in component.outputs}
    assert seen == {(t, presence) for t in TYPES for presence in ("required", "optional", "default")}
    assert outputs == set(TYPES)


def test_fixtures_cover_the_hard_cases():
    components = [fixture_component(path) for path in VALID]
    texts = "\n".join(arg.description for c in components for arg in c.arguments)
    for hard in ("'", '"', ":", "|", "\n", "{{", "}}", "%", "é", "→", "日本"):
        assert hard in texts, hard
    arguments = [arg for c in components for arg in c.arguments]
    assert any(arg.long_enum for arg in arguments)
    assert any(arg.api and arg.convert for arg in arguments)
    assert any(arg.only_when for arg in arguments)
    assert {rule.kind for c in components for rule in c.rules} == {"exactly_one", "together", "not_less", "requires", "excludes"}
    assert any(rule.when for c in components for rule in c.rules)
    raw = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in VALID]
    assert any("repeat" in arg for spec in raw for arg in spec["arguments"])


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_spec_path_is_relative_to_the_root(spec):
    assert fixture_component(spec).spec_path == f"specs/valid/{spec.name}"


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_each_template_renders_the_output_named_after_it(spec):
    assert sorted(fixture_render(spec)) == sorted(artifact_names(spec.stem))


class TestFixtureRender:
    """In a class so that snapshot files are named `TestFixtureRender.test_artifact[...].py`: pytest
    would collect a snapshot named `test_*.py` as a test module."""

    @pytest.mark.parametrize(("spec", "artifact"), FIXTURE_ARTIFACTS)
    def test_artifact(self, spec, artifact, snapshot):
        rendered = fixture_render(spec)
        assert artifact in rendered, f"{artifact} was not rendered"
        assert rendered[artifact] == snapshot.use_extension(SNAPSHOT_EXTENSIONS[artifact.suffix])


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_component_yaml_keeps_every_text_exactly(spec):
    """Descriptions and defaults survive YAML quoting: what YAML loads back is what the spec says."""
    component = fixture_component(spec)
    loaded = yaml.safe_load(fixture_render(spec)[Path(component.name) / "component.yaml"])
    assert loaded["name"] == component.title
    assert loaded["description"] == component.description
    inputs = {item["name"]: item for item in loaded["inputs"]}
    assert list(inputs) == [arg.name for arg in component.arguments]
    for arg in component.arguments:
        item = inputs[arg.name]
        assert item["type"] == arg.type
        assert item["description"] == arg.description
        assert item.get("optional", False) is arg.optional
        if arg.optional:  # the spec's default, else the "not set" value: never absent
            assert isinstance(item["default"], str)  # KFP v1 defaults are text
            expected = arg.default if arg.has_default else arg.unset if arg.unset is not None else arg.kfp_type.empty
            assert item["default"] == arg.kfp_type.to_text(expected)
            if arg.type in ("JsonObject", "JsonArray"):
                assert json.loads(item["default"]) == expected
        else:
            assert "default" not in item
    outputs = {item["name"]: item for item in loaded["outputs"]}
    assert {name: (o["type"], o["description"]) for name, o in outputs.items()} == {
        out.name: (out.type, out.description) for out in component.outputs
    }


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_fixture_component_loads_in_kfp_with_its_types_and_defaults(spec, tmp_path):
    from kfp.components import load_component_from_file

    component = fixture_component(spec)
    path = tmp_path / "component.yaml"
    path.write_text(fixture_render(spec)[Path(component.name) / "component.yaml"], encoding="utf-8")
    assert_kfp_interface(load_component_from_file(str(path)), component)


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_readme_tables_have_six_cells_per_row(spec):
    component = fixture_component(spec)
    readme = fixture_render(spec)[Path(component.name) / "README.md"]
    rows = argument_rows(readme)
    assert all(len(table_cells(row)) == 6 for row in rows), [r for r in rows if len(table_cells(r)) != 6]
    assert [table_cells(r)[0] for r in rows if r.startswith("| `")] == [
        f"`{arg.name}`" for _, args in component.grouped_arguments for arg in args
    ]


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_help_texts_show_the_description_after_argparse_formatting(spec):
    """argparse formats help with `%`; after that the user reads the spec's text, collapsed to one line."""
    for arg in fixture_component(spec).arguments:
        shown = ast.literal_eval(arg.help_literal) % {"prog": "prog", "default": None}
        assert shown.startswith(" ".join(arg.description.split())), arg.name


def test_repeat_expands_name_api_and_description():
    features = fixture_component(FIXTURES / "specs" / "valid" / "features.yaml")
    repeated = [arg for arg in features.arguments if arg.name.startswith("data_location_")]
    assert [(a.name, a.api, a.description) for a in repeated] == [
        (f"data_location_{n}", f"InputDataConfig[{n - 1}].DataSource.S3DataSource.S3Uri", f"The S3 URI of channel {n} (index {n - 1}).")
        for n in (1, 2, 3)
    ]


# --- 1b. The docs site's component pages (templates/docs/components/ -> docs/components/) ---------


@functools.cache
def fixture_docs(path: Path) -> dict[Path, str]:
    return render_docs([fixture_component(path)], TEMPLATES)


def docs_table_rows(page: str, heading: str) -> list[list[str]]:
    """The cells of every row of the tables that start with `heading`, in page order."""
    lines = page.splitlines()
    rows = []
    for start in [i for i, line in enumerate(lines) if line == heading]:
        for line in lines[start + 2:]:
            if not line.startswith("|"):
                break
            rows.append(table_cells(line))
    return rows


ARGUMENT_HEADING = "| Argument | Type | Default | Limits / accepted values | SageMaker API field | Description |"


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_docs_templates_render_a_page_per_component_and_the_index(spec):
    names = [p.name[:-len(".j2")] for p in sorted((TEMPLATES / DOCS_PAGES).glob("*.j2"))]
    assert names == ["component.md", "index.md"]
    assert sorted(fixture_docs(spec)) == sorted([Path(f"{spec.stem}.md"), Path("index.md")])


class TestFixtureDocs:
    """A fixture's docs page, one snapshot file each, like TestFixtureRender's artifacts."""

    @pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
    def test_page(self, spec, snapshot):
        page = fixture_docs(spec)[Path(f"{spec.stem}.md")]
        assert page == snapshot.use_extension(SNAPSHOT_EXTENSIONS[".md"])


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_docs_page_has_a_header_and_a_table_per_group_with_every_argument(spec):
    component = fixture_component(spec)
    page = fixture_docs(spec)[Path(f"{component.name}.md")]
    first_line_is_header(page, ".md", [component.spec_path])
    rows = docs_table_rows(page, ARGUMENT_HEADING)
    assert page.count(ARGUMENT_HEADING) == len(component.grouped_arguments)
    assert all(len(row) == 6 for row in rows), [row for row in rows if len(row) != 6]
    arguments = [arg for _, args in component.grouped_arguments for arg in args]
    assert [row[0] for row in rows] == [f"`{arg.name}`" for arg in arguments]
    assert [row[4] for row in rows] == [f"`{arg.api}`" if arg.api else "—" for arg in arguments]
    outputs = docs_table_rows(page, "| Output | Type | Description | Response field |")
    assert [row[0] for row in outputs] == [f"`{out.name}`" for out in component.outputs]
    assert all(len(row) == 4 for row in outputs)


# --- 2. Invalid specs ------------------------------------------------------------------------------

PROBLEM_LINE = re.compile(
    r"^(?P<file>specs/invalid/[a-z_]+\.yaml)"
    r":(?P<location>line \d+|\(top\)|[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*)"
    r": (?P<problem>\S.*); (?P<hint>\S.*)$"
)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SpecError) as raised:
        load_spec(path, FIXTURES, FIXTURE_SUITE)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize("spec", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_spec_problems(spec, snapshot):
    lines = problems_of(spec)
    assert lines, "no problem reported"
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not `<file>:<location>: <problem>; <hint>`: {line!r}"
        assert match["file"] == f"specs/invalid/{spec.name}"
    assert len(set(lines)) == len(lines), "a problem is reported twice"
    assert "\n".join(lines) + "\n" == snapshot.use_extension(SNAPSHOT_EXTENSIONS[".txt"])


def test_spec_error_message_lists_every_problem():
    with pytest.raises(SpecError) as raised:
        load_spec(FIXTURES / "specs" / "invalid" / "several_problems.yaml", FIXTURES, FIXTURE_SUITE)
    assert str(raised.value) == "\n".join(map(str, raised.value.problems))


def test_several_problems_are_reported_at_once():
    lines = problems_of(FIXTURES / "specs" / "invalid" / "several_problems.yaml")
    locations = [PROBLEM_LINE.match(line)["location"] for line in lines]
    assert sorted(locations) == sorted([
        "arguments[0].group",  # unknown group
        "arguments[1].default",  # wrong type
        "arguments[2].api",  # unknown request path
        "arguments[2].default",  # not in its enum
        "arguments[3].name",  # duplicate
        "arguments[4].default",  # below its minimum
        "rules[0]",  # unknown argument
        "outputs[0].api",  # unknown response path
    ])


def test_several_schema_problems_are_reported_at_once():
    lines = problems_of(FIXTURES / "specs" / "invalid" / "several_schema_problems.yaml")
    locations = {PROBLEM_LINE.match(line)["location"] for line in lines}
    assert locations == {
        "(top)", "name", "title", "groups", "outputs",
        "arguments[0]", "arguments[0].type", "arguments[0].description", "rules[0].arguments",
    }


def test_problem_families_are_each_caught():
    """Each invalid file fails for its own reason only, not for a slip elsewhere in the fixture."""
    expected = {
        "yaml_syntax": r"is not valid YAML",
        "schema_missing_description": r"'(description|summary)' is a required property",
        "schema_unknown_key": r"Additional properties are not allowed",
        "schema_bad_type": r"is not one of \[",
        "schema_presence": r"needs exactly one of `required: true`, `optional: true` or `default:`|True was expected",
        "default_not_in_enum": r"is not one of the accepted values",
        "default_out_of_limits": r"is below the minimum|is above the maximum|does not match its own pattern|is longer than|has more than",
        "default_wrong_type": r"is not an? (String|Integer|Float|Bool|JsonObject|JsonArray);",
        "unknown_api_path": r"is not in the CreateTrainingJob request",
        "unknown_output_api": r"is not in the DescribeTrainingJob response",
        "bad_api_operation": r"is not a SageMaker operation",
        "rule_unknown_argument": r"names unknown argument",
        "condition_not_bool": r"is not a Bool argument|names unknown argument",
        "unknown_group": r"unknown group",
        "duplicate_argument": r"is declared twice",
        "unset_problems": r"has no empty value to mean|applies only to an optional|could not be given|is not an? (Integer|Float|Bool);",
    }
    for stem, wording in expected.items():
        lines = problems_of(FIXTURES / "specs" / "invalid" / f"{stem}.yaml")
        assert all(re.search(wording, line) for line in lines), (stem, lines)


def test_yaml_error_names_the_line():
    (line,) = problems_of(FIXTURES / "specs" / "invalid" / "yaml_syntax.yaml")
    assert PROBLEM_LINE.match(line)["location"] == "line 16"


def test_a_character_yaml_forbids_names_its_line(tmp_path):
    """A control character stops the YAML reader before any parsing: still a line, on one line."""
    path = tmp_path / "specs" / "bell.yaml"
    path.parent.mkdir()
    path.write_text("name: bell\ntitle: é日本\nsummary: ring \x07\n", encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(path, tmp_path, FIXTURE_SUITE)
    assert [str(problem) for problem in raised.value.problems] == [
        "specs/bell.yaml:line 3: is not valid YAML (character #x0007 is not allowed); "
        "remove it, or escape it in a double-quoted string"]


def test_job_block_problems_are_located():
    """Each job-block fixture fails where its problem is, every problem of a valid kind at once."""
    expected = {
        "job_missing": {"(top)"},
        "job_unknown_kind": {"job.kind"},
        "job_logs_without_log_group": {"arguments"},
        "job_bad_instance_count": {"job.instance_count"},
        "job_kind_mismatch": {"api_operation"},
        "job_problems": {"job.name_prefix", "job.instance_count", "job.failure_fields[1]", "job.hooks[0]"},
    }
    for stem, locations in expected.items():
        lines = problems_of(FIXTURES / "specs" / "invalid" / f"{stem}.yaml")
        assert {PROBLEM_LINE.match(line)["location"] for line in lines} == locations, (stem, lines)


@pytest.mark.parametrize(("kind", "succeeded", "unsuccessful"), [
    ("TrainingJob", "Completed", ("Failed", "Stopped")),  # its enum's Deleting is not an end
    ("CompilationJob", "COMPLETED", ("FAILED", "STOPPED")),  # STARTING, INPROGRESS, STOPPING are not
    ("HyperParameterTuningJob", "Completed", ("Failed", "Stopped", "DeleteFailed")),
])
def test_the_statuses_a_job_ends_in_follow_from_botocore(kind, succeeded, unsuccessful):
    problems = Problems("spec.yaml")
    job = job_kind({"kind": kind, "log_group": "/g", "name_prefix": "x", "failure_fields": []}, problems)
    assert not problems.found
    assert (job.succeeded, job.unsuccessful) == (succeeded, unsuccessful)


def test_failed_jobs_names_the_list_its_summaries_and_their_name_field_from_botocore():
    problems = Problems("spec.yaml")
    job = job_kind({"kind": "HyperParameterTuningJob", "log_group": "/g", "name_prefix": "x",
                    "failed_jobs": "ListTrainingJobsForHyperParameterTuningJob"}, problems)
    assert not problems.found
    assert job.failed_jobs_list == ("ListTrainingJobsForHyperParameterTuningJob", "TrainingJobSummaries", "TrainingJobName")


@pytest.mark.parametrize(("kind", "operation"), [
    ("HyperParameterTuningJob", "ListTrainingJobs"),  # not by the tuning job's name
    ("HyperParameterTuningJob", "ListTrainingJobsForTuning"),  # no such operation
    ("TrainingJob", "ListTrainingJobs"),  # by status, but not by the training job's name
])
def test_failed_jobs_must_list_the_jobs_of_this_kind_by_status(kind, operation):
    problems = Problems("spec.yaml")
    job = job_kind({"kind": kind, "log_group": "/g", "name_prefix": "x", "failed_jobs": operation}, problems)
    assert job.failed_jobs_list is None
    assert [(p.location, p.problem, p.hint) for p in problems.found] == [
        ("job.failed_jobs", f"{operation!r} is not an operation that lists a {in_words(kind)}'s jobs by status with their failure reasons",
         f"name a List operation that takes {kind}Name and StatusEquals and answers each job's name and FailureReason")]


def test_a_kind_without_a_status_is_a_resource_ready_once_created():
    problems = Problems("spec.yaml")
    model = job_kind({"kind": "Model", "name_prefix": "Model"}, problems)
    assert not problems.found
    assert (model.has_status, model.stoppable, model.log_group, model.name_max_length) == (False, False, None, 63)


def test_a_kind_whose_status_has_another_name_is_refused():
    problems = Problems("spec.yaml")
    assert job_kind({"kind": "TrainingPlan", "name_prefix": "Plan"}, problems) is None
    assert "the DescribeTrainingPlan response has Status, not TrainingPlanStatus" in problems.found[0].problem


def test_generated_names_fit_a_tuning_job_name_of_32_characters():
    problems = Problems("spec.yaml")
    job_kind({"kind": "HyperParameterTuningJob", "name_prefix": "HPOJob"}, problems)
    assert not problems.found
    job_kind({"kind": "HyperParameterTuningJob", "name_prefix": "HyperParameterTuning"}, problems)
    assert [problem.location for problem in problems.found] == ["job.name_prefix"]


def job_problems(**raw) -> list[str]:
    """The problem lines of a job block (name_prefix `Job` unless given), without the file name."""
    problems = Problems("spec.yaml")
    job_kind({"name_prefix": "Job", **raw}, problems)
    return [str(problem).removeprefix("spec.yaml:") for problem in problems.found]


KINDS_HINT = "<every kind>"  # stands for `use one of:` and the kinds the step can run, checked apart
NOT_A_JOB = "job.kind: {!r} is not a kind of SageMaker job the step can run: "
STREAMS_HINT = "write {name}/ for the job's own instances, or {name}- for the jobs it starts"

JOB_CHECKS = [  # id, broken job block, its expected problem lines, the nearest valid block
    pytest.param(dict(kind="PresignedDomainUrl"),  # created, never described
                 [NOT_A_JOB.format("PresignedDomainUrl") + f"SageMaker has no DescribePresignedDomainUrl operation; {KINDS_HINT}"],
                 dict(kind="Model"), id="no-describe"),
    pytest.param(dict(kind="AutoMLJobV2"),
                 [NOT_A_JOB.format("AutoMLJobV2") + "the CreateAutoMLJobV2 request has no AutoMLJobV2Name; did you mean AutoMLJob?"],
                 dict(kind="AutoMLJob"), id="create-takes-no-name"),
    pytest.param(dict(kind="ModelCardExportJob"),  # described by its ARN
                 [NOT_A_JOB.format("ModelCardExportJob") + "the DescribeModelCardExportJob request has no "
                  f"ModelCardExportJobName; {KINDS_HINT}"],
                 dict(kind="CompilationJob"), id="describe-takes-no-name"),
    pytest.param(dict(kind="Workteam"),
                 [NOT_A_JOB.format("Workteam") + f"the DescribeWorkteam response has no WorkteamArn; {KINDS_HINT}"],
                 dict(kind="Trial"), id="describe-answers-no-arn"),
    pytest.param(dict(kind="TrainingPlan"),
                 [NOT_A_JOB.format("TrainingPlan") + "the DescribeTrainingPlan response has Status, not "
                  "TrainingPlanStatus; did you mean TrainingJob?"],
                 dict(kind="TrainingJob"), id="status-of-another-name"),
    pytest.param(dict(kind="Endpoint"),  # InService, never Completed
                 [NOT_A_JOB.format("Endpoint") + "no EndpointStatus value says Completed, so the step could not tell "
                  "that a job succeeded (a spec names the status that means success with job.succeeded); "
                  "did you mean EndpointConfig?"],
                 dict(kind="EndpointConfig"), id="no-completed-status"),
    pytest.param(dict(kind="Endpoint", succeeded="Ready"),
                 [NOT_A_JOB.format("Endpoint") + "'Ready' is no EndpointStatus value: OutOfService, Creating, Updating, "
                  "SystemUpdating, RollingBack, InService, Deleting, Failed, UpdateRollbackFailed; did you mean EndpointConfig?"],
                 dict(kind="Endpoint", succeeded="InService"), id="succeeded-not-a-status"),
    pytest.param(dict(kind="Endpoint", succeeded="InService", config="TrainingJob"),
                 ["job.config: 'TrainingJob' is not a resource created in one call: it has a status to wait for; "
                  "name a resource ready once created, such as EndpointConfig"],
                 dict(kind="Endpoint", succeeded="InService", config="EndpointConfig"), id="config-with-a-status"),
    pytest.param(dict(kind="Endpoint", succeeded="InService", config="EndpointConfig", update="UpdateEndpoint"),
                 ["job.update: update and update_argument go together; give both or neither"],
                 dict(kind="Endpoint", succeeded="InService", config="EndpointConfig", update="UpdateEndpoint",
                      update_argument="update_endpoint"), id="update-without-its-argument"),
    pytest.param(dict(kind="Endpoint", succeeded="InService", config="EndpointConfig", update="UpdateEndpointWeightsAndCapacities",
                      update_argument="update_endpoint"),
                 ["job.update: 'UpdateEndpointWeightsAndCapacities' is not an operation that takes EndpointName and "
                  "EndpointConfigName; name the Update operation of endpoints"],
                 dict(kind="Endpoint", succeeded="InService", config="EndpointConfig", update="UpdateEndpoint",
                      update_argument="update_endpoint"), id="update-without-the-config"),
    pytest.param(dict(kind="TrainingJob", name_prefix="T" * 40),
                 ["job.name_prefix: makes names such as " + "T" * 40 + "-20261130235959-00000000 of 64 characters, "
                  "more than the 63 a TrainingJobName may have; shorten it to at most 39 characters"],
                 dict(kind="TrainingJob", name_prefix="T" * 39), id="prefix-one-too-long"),
    pytest.param(dict(kind="HyperParameterTuningJob", name_prefix="H" * 9),
                 ["job.name_prefix: makes names such as HHHHHHHHH-20261130235959-00000000 of 33 characters, "
                  "more than the 32 a HyperParameterTuningJobName may have; shorten it to at most 8 characters"],
                 dict(kind="HyperParameterTuningJob", name_prefix="H" * 8), id="prefix-one-too-long-for-32"),
    pytest.param(dict(kind="TrainingJob", name_prefix="Training_Job"),
                 ["job.name_prefix: makes names such as Training_Job-kfp-211f03d557a5f632ba62f398, which do not "
                  "match the TrainingJobName pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; use letters, digits and single hyphens"],
                 dict(kind="TrainingJob", name_prefix="Training-Job"), id="prefix-outside-the-name-pattern"),
    pytest.param(dict(kind="TrainingJob", instance_count="ResourceConfig.InstanceCount.Value"),
                 ["job.instance_count: 'ResourceConfig.InstanceCount.Value' is not in the CreateTrainingJob request: "
                  "TrainingInstanceCount has no member 'Value'; check the path against the SageMaker API"],
                 dict(kind="TrainingJob", instance_count="ResourceConfig"), id="instance-count-path-past-a-number"),
    pytest.param(dict(kind="TrainingJob", instance_count="ResourceConfig.InstanceCount"),  # the number, not its holder
                 ["job.instance_count: ResourceConfig.InstanceCount holds no InstanceCount or InstanceGroups; use ResourceConfig"],
                 dict(kind="TrainingJob", instance_count="ResourceConfig"), id="instance-count-at-a-number"),
    pytest.param(dict(kind="Model", instance_count="PrimaryContainer"),
                 ["job.instance_count: PrimaryContainer holds no InstanceCount or InstanceGroups; the CreateModel "
                  "request has no InstanceCount: leave it out"],
                 dict(kind="Model"), id="instance-count-of-a-kind-without-one"),
    pytest.param(dict(kind="HyperParameterTuningJob", instance_count="TrainingJobDefinition"),
                 ["job.instance_count: TrainingJobDefinition holds no InstanceCount or InstanceGroups; use "
                  "TrainingJobDefinition.ResourceConfig or TrainingJobDefinition.HyperParameterTuningResourceConfig"],
                 dict(kind="HyperParameterTuningJob", instance_count="TrainingJobDefinition.ResourceConfig"),
                 id="instance-count-one-level-too-high"),
    pytest.param(dict(kind="Model", failure_fields=["FailureReason"]),  # a model has nothing that explains a failure
                 ["job.failure_fields[0]: 'FailureReason' is not in the DescribeModel response: DescribeModelOutput "
                  "has no member 'FailureReason'; name a field of the response that explains a failure"],
                 dict(kind="TrainingJob", failure_fields=["FailureReason"]), id="failure-field-not-in-response"),
    pytest.param(dict(kind="TrainingJob", progress={"Status": "SecondaryStatuses"}),
                 ["job.progress.Status: 'SecondaryStatuses' is not in the DescribeTrainingJob response: "
                  "DescribeTrainingJobResponse has no member 'SecondaryStatuses'; name a field of the DescribeTrainingJob response"],
                 dict(kind="TrainingJob", progress={"Status": "SecondaryStatus"}), id="progress-not-in-response"),
    pytest.param(dict(kind="TrainingJob", log_group="/g", log_streams="{name}"),  # would match other jobs' streams
                 [f"job.log_streams: '{{name}}' is not the start of a stream name made from the job's name; {STREAMS_HINT}"],
                 dict(kind="TrainingJob", log_group="/g", log_streams="{name}-"), id="streams-the-bare-name"),
    pytest.param(dict(kind="TrainingJob", log_group="/g", log_streams="jobs/{name}/"),
                 [f"job.log_streams: 'jobs/{{name}}/' is not the start of a stream name made from the job's name; {STREAMS_HINT}"],
                 dict(kind="TrainingJob", log_group="/g", log_streams="{name}/"), id="streams-not-starting-with-the-name"),
    pytest.param(dict(kind="TrainingJob", log_group="/g", log_streams="{name}/{host}"),
                 [f"job.log_streams: '{{name}}/{{host}}' is not the start of a stream name made from the job's name; {STREAMS_HINT}"],
                 dict(kind="TrainingJob", log_group="/g", log_streams="{name}/algo-"), id="streams-with-another-placeholder"),
]


@pytest.mark.parametrize(("broken", "lines", "valid"), JOB_CHECKS)
def test_each_job_check_both_ways(broken, lines, valid):
    every_kind = f"use one of: {', '.join(job_kinds())}"
    assert [line.replace(every_kind, KINDS_HINT) for line in job_problems(**broken)] == lines
    assert job_problems(**valid) == []


def widget_api() -> dict:
    """A SageMaker API of one kind, Widget, whose request has what the real kinds' requests lack: a
    structure with only InstanceGroups, one with groups that count nothing, holders three and four
    structures deep, and a structure that contains itself. Gadget is a Widget whose request has no Tags."""
    def structure(**members):
        return {"type": "structure", "members": {name: {"shape": shape} for name, shape in members.items()}}

    widget_request = dict(WidgetName="Name", Tags="Tags", Pool="Pool", Fleet="Fleet", A="A", D="D", Node="Node")
    return {
        "metadata": {"protocol": "json", "serviceId": "SageMaker", "endpointPrefix": "api.sagemaker"},
        "operations": {
            f"{verb}{kind}": {"name": f"{verb}{kind}", "input": {"shape": f"{verb}{kind}Request"},
                              "output": {"shape": f"{verb}{kind}Response"}}
            for verb in ("Create", "Describe") for kind in ("Widget", "Gadget")},
        "shapes": {
            "Name": {"type": "string", "max": 63, "pattern": "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"},
            "Count": {"type": "integer"}, "Tags": {"type": "list", "member": {"shape": "Name"}},
            "Status": {"type": "string", "enum": ["InProgress", "Completed", "Failed"]},
            "CreateWidgetRequest": structure(**widget_request),
            "CreateGadgetRequest": structure(GadgetName="Name"),
            "CreateWidgetResponse": structure(), "CreateGadgetResponse": structure(),
            "DescribeWidgetRequest": structure(WidgetName="Name"), "DescribeGadgetRequest": structure(GadgetName="Name"),
            "DescribeWidgetResponse": structure(WidgetName="Name", WidgetArn="Name", WidgetStatus="Status"),
            "DescribeGadgetResponse": structure(GadgetName="Name", GadgetArn="Name", GadgetStatus="Status"),
            "Group": structure(InstanceCount="Count"), "Groups": {"type": "list", "member": {"shape": "Group"}},
            "Label": structure(Name="Name"), "Labels": {"type": "list", "member": {"shape": "Label"}},
            "Fleet": structure(InstanceGroups="Groups"), "Pool": structure(InstanceGroups="Labels"),
            "A": structure(B="B"), "B": structure(C="C"), "C": structure(InstanceCount="Count"),
            "D": structure(E="E"), "E": structure(F="F"), "F": structure(G="C"),
            "Node": structure(Child="Node"),
        },
    }


@pytest.fixture
def widget_model(monkeypatch):
    """botocore's model replaced by widget_api(); the cached list of kinds forgotten before and after."""
    import botocore.model

    from sagemaker_kfp_components.runtime import api_model

    model = botocore.model.ServiceModel(widget_api(), "sagemaker")
    job_kinds.cache_clear()
    monkeypatch.setattr(api_model, "service_model", lambda service="sagemaker": model)
    yield model
    job_kinds.cache_clear()


@pytest.mark.parametrize(("instance_count", "lines"), [
    ("Fleet", []),  # only InstanceGroups, each with its InstanceCount
    ("A.B.C", []),
    ("Pool", ["job.instance_count: Pool holds no InstanceCount or InstanceGroups; use Fleet or A.B.C"]),
    ("D.E.F", ["job.instance_count: D.E.F holds no InstanceCount or InstanceGroups; use Fleet or A.B.C"]),
], ids=["instance-groups", "three-deep", "groups-without-counts", "four-deep-not-offered"])
def test_instance_count_holders_are_offered_three_structures_deep_at_most(widget_model, instance_count, lines):
    """The hint searches the request down to three structures (D.E.F.G is not offered), and stops
    on a structure that contains itself (Node)."""
    assert job_problems(kind="Widget", instance_count=instance_count) == lines


def test_a_kind_whose_request_takes_no_tags_is_refused(widget_model):
    """The request digest that lets a retried step find its job is a tag."""
    assert job_problems(kind="Gadget") == [
        "job.kind: 'Gadget' is not a kind of SageMaker job the step can run: the CreateGadget request has no Tags, "
        "where the request digest goes; did you mean Widget?"]
    assert job_problems(kind="Widget") == []


def test_the_kinds_offered_are_those_the_step_can_run_in_order():
    kinds = job_kinds()
    assert list(kinds) == sorted(kinds)
    assert {"TrainingJob", "ProcessingJob", "TransformJob", "HyperParameterTuningJob", "Model"} <= set(kinds)
    assert not {"Endpoint", "TrainingPlan", "Workteam", "AutoMLJobV2", "ModelCardExportJob"} & set(kinds)


def test_the_schema_offers_every_hook_the_runtime_has():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["job"]["properties"]["hooks"]["items"]["enum"] == sorted(ON_COMPLETED)


# --- 2b. Each check of a spec, both ways ------------------------------------------------------------
# One row per rule: the smallest spec that breaks only that rule gives exactly its problem line (as
# `sagemaker-kfp check` prints it, after the file name), and its nearest valid neighbour, often
# the value on the other side of a limit, gives none.

CHECKED_SPEC = {
    "name": "checked", "title": "Checked",
    "job": {"kind": "TrainingJob", "log_group": "/aws/sagemaker/TrainingJobs", "name_prefix": "TrainingJob"},
    "summary": "One rule at a time.", "description": "The smallest valid spec, for one rule to break.",
    "groups": [{"id": "main", "title": "Main"}],
    "arguments": [{"name": "region", "type": "String", "required": True, "group": "main", "description": "Region."}],
}


def arg(name: str, type: str = "String", **fields) -> dict:
    """An argument of group main, optional unless the fields say `required` or `default`."""
    presence = {} if {"required", "default"} & set(fields) else {"optional": True}
    return {"name": name, "type": type, "group": "main", "description": "An argument.", **presence, **fields}


def out(name: str, api: str, **fields) -> dict:
    return {"name": name, "type": "String", "api": api, "description": "An output.", **fields}


def spec_problems(tmp_path: Path, arguments=(), outputs=(), rules=(), **top) -> list[str]:
    """The problem lines of CHECKED_SPEC with arguments, outputs and rules added and top-level keys
    replaced, without the file name; [] if it loads. Its first output is the job's name."""
    spec = {**CHECKED_SPEC, **top}
    spec["arguments"] = [*spec["arguments"], *arguments]
    spec["outputs"] = [out("name", f"{spec['job']['kind']}Name"), *outputs]
    if rules:
        spec["rules"] = list(rules)
    path = tmp_path / "specs" / "checked.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    try:
        load_spec(path, tmp_path, FIXTURE_SUITE)
    except SpecError as error:
        return [str(problem).removeprefix("specs/checked.yaml:") for problem in error.problems]
    return []


SPEC_CHECKS = [  # id, broken spec, its expected problem lines, the nearest valid spec
    pytest.param(dict(arguments=[arg("region")]),
                 ["arguments[1].name: 'region' is declared twice (first at arguments[0]); rename one"],
                 dict(arguments=[arg("zone")]), id="name-declared-twice"),
    pytest.param(dict(arguments=[arg("zone", group="other")]),
                 ["arguments[1].group: unknown group 'other'; use one of: main"],
                 dict(arguments=[arg("zone", group="main")]), id="unknown-group"),
    pytest.param(dict(arguments=[arg("max_run", "Integer", default=60, api="StoppingCondition.MaxRuntime")]),
                 ["arguments[1].api: 'StoppingCondition.MaxRuntime' is not in the CreateTrainingJob request: "
                  "StoppingCondition has no member 'MaxRuntime'; members there: MaxRuntimeInSeconds, "
                  "MaxWaitTimeInSeconds, MaxPendingTimeInSeconds"],
                 dict(arguments=[arg("max_run", "Integer", default=60, api="StoppingCondition.MaxRuntimeInSeconds")]),
                 id="api-not-in-request"),
    pytest.param(dict(arguments=[arg("role", api="RoleArn[0]")]),
                 ["arguments[1].api: 'RoleArn[0]' is not in the CreateTrainingJob request: RoleArn is not a list, "
                  "so it takes no [index]; check the path against the SageMaker API"],
                 dict(arguments=[arg("role", api="RoleArn")]), id="api-index-on-a-non-list"),
    pytest.param(dict(arguments=[arg("channel", api="InputDataConfig[{i}].ChannelName")]),
                 ["arguments[1].api: malformed API path 'InputDataConfig[{i}].ChannelName'; "
                  "write a dotted path such as ResourceConfig.InstanceType"],
                 dict(arguments=[arg("channel_{n}", api="InputDataConfig[{i}].ChannelName", repeat=2)]),
                 id="api-index-placeholder-without-repeat"),
    pytest.param(dict(arguments=[arg("zone", only_when="spot")]),
                 ["arguments[1].only_when: names unknown argument 'spot'; use a declared argument"],
                 dict(arguments=[arg("zone", only_when="spot"), arg("spot", "Bool", default=False)]),
                 id="only-when-unknown"),
    pytest.param(dict(arguments=[arg("zone", api="RoleArn", request="CreateEndpointConfig")]),
                 ["arguments[1].request: 'CreateEndpointConfig' is no request this component sends (CreateTrainingJob); "
                  "name one of them, or leave request out"],
                 dict(arguments=[arg("zone", api="RoleArn", request="CreateTrainingJob")]), id="request-not-sent"),
    pytest.param(dict(arguments=[arg("zone", api="RoleArn", creates_entry=True)]),
                 ["arguments[1].creates_entry: the api path indexes no list entry; write a path such as List[1].Field"],
                 dict(arguments=[arg("zone", api="InputDataConfig[0].ChannelName", creates_entry=True)]),
                 id="creates-entry-without-an-entry"),
    pytest.param(dict(arguments=[arg("zone", unless="image")]),
                 ["arguments[1].unless: names unknown argument 'image'; use a declared argument"],
                 dict(arguments=[arg("zone", unless="region")]), id="unless-unknown"),
    pytest.param(dict(arguments=[arg("algorithm", builtin_image_for="spot"), arg("spot", "Bool", default=False)]),
                 ["arguments[1].builtin_image_for: 'spot' is not a String argument; "
                  "name the String argument that takes an image"],
                 dict(arguments=[arg("algorithm", builtin_image_for="image"), arg("image")]),
                 id="builtin-image-for-not-a-string"),
    pytest.param(dict(arguments=[arg("zone")], rules=[{"kind": "together", "arguments": ["region", "zones"]}]),
                 ["rules[0]: names unknown argument 'zones'; use a declared argument"],
                 dict(arguments=[arg("zone")], rules=[{"kind": "together", "arguments": ["region", "zone"]}]),
                 id="rule-unknown-argument"),
    pytest.param(dict(arguments=[arg("zone")],  # an unknown `when` is one problem, not also "not a Bool"
                      rules=[{"kind": "together", "arguments": ["region", "zone"], "when": "spot"}]),
                 ["rules[0]: names unknown argument 'spot'; use a declared argument"],
                 dict(arguments=[arg("zone"), arg("spot", "Bool", default=False)],
                      rules=[{"kind": "together", "arguments": ["region", "zone"], "when": "spot"}]),
                 id="rule-when-unknown"),
    pytest.param(dict(arguments=[arg("zone")], rules=[{"kind": "together", "arguments": ["region", "zone"], "when": "zone"}]),
                 ["rules[0].when: 'zone' is not a Bool argument; name a Bool argument"],
                 dict(arguments=[arg("zone"), arg("spot", "Bool", default=False)],
                      rules=[{"kind": "together", "arguments": ["region", "zone"], "when": "spot"}]),
                 id="rule-when-not-a-bool"),
    pytest.param(dict(outputs=[out("x", "ExperimentArn", of="ExperimentConfig.Experiment")]),  # api unchecked then
                 ["outputs[1].of: 'ExperimentConfig.Experiment' is not in the DescribeTrainingJob response: "
                  "ExperimentConfig has no member 'Experiment'; members there: ExperimentName, TrialName, "
                  "TrialComponentDisplayName, RunName"],
                 dict(outputs=[out("x", "ExperimentArn", of="ExperimentConfig.ExperimentName")]),
                 id="of-not-in-response"),
    pytest.param(dict(outputs=[out("x", "TrainingJobArn", of="TuningJobArn")]),
                 ["outputs[1].of: 'TuningJobArn' does not name a resource SageMaker describes; "
                  "end the path in <Kind>Name, such as BestTrainingJob.TrainingJobName"],
                 dict(outputs=[out("x", "TrainingJobArn", of="TrainingJobName")]), id="of-not-a-name"),
    pytest.param(dict(outputs=[out("x", "RunArn", of="ExperimentConfig.RunName")]),  # there is no DescribeRun
                 ["outputs[1].of: 'ExperimentConfig.RunName' does not name a resource SageMaker describes; "
                  "end the path in <Kind>Name, such as BestTrainingJob.TrainingJobName"],
                 dict(outputs=[out("x", "TrialArn", of="ExperimentConfig.TrialName")]), id="of-no-describe"),
    pytest.param(dict(outputs=[out("x", "TrainingJobArn", of="ExperimentConfig.ExperimentName")]),
                 ["outputs[1].api: 'TrainingJobArn' is not in the DescribeExperiment response: "
                  "DescribeExperimentResponse has no member 'TrainingJobArn'; members there: ExperimentName, "
                  "ExperimentArn, DisplayName, Source, Description, CreationTime, CreatedBy, LastModifiedTime, "
                  "LastModifiedBy"],
                 dict(outputs=[out("x", "ExperimentArn", of="ExperimentConfig.ExperimentName")]),
                 id="api-of-the-resource-named-by-of"),
    pytest.param(dict(job={"kind": "TrainingJob", "name_prefix": "TrainingJob"},
                      arguments=[arg("stream_logs", "Bool", default=True)]),
                 ["arguments: stream_logs does nothing for a training job: the job block names no log_group; "
                  "remove stream_logs"],
                 dict(arguments=[arg("stream_logs", "Bool", default=True)]), id="stream-logs-without-log-group"),
    pytest.param(dict(job={"kind": "Model", "name_prefix": "Model"}, arguments=[arg("stop_on_termination", "Bool", default=True)]),
                 ["arguments: stop_on_termination does nothing for a model: SageMaker cannot stop it; "
                  "remove stop_on_termination"],
                 dict(arguments=[arg("stop_on_termination", "Bool", default=True)]), id="stop-a-kind-that-cannot-stop"),
    pytest.param(dict(arguments=[arg("tags", "JsonObject", default={}, api="CheckpointConfig", convert="key_value_list")]),
                 ["arguments[1].api: the API takes a structure there (CheckpointConfig), which a key_value_list "
                  "value is not; point the path at a member of that kind, or change the type"],
                 dict(arguments=[arg("tags", "JsonObject", default={}, api="Tags", convert="key_value_list")]),
                 id="conversion-to-a-shape-of-another-kind"),
    pytest.param(dict(arguments=[arg("subnets", api="VpcConfig.SecurityGroupIds")]),
                 ["arguments[1].api: the API takes a list there (VpcSecurityGroupIds), which a String value "
                  "is not; point the path at a member of that kind, or change the type"],
                 dict(arguments=[arg("subnets", api="VpcConfig.SecurityGroupIds", convert="comma_list")]),
                 id="type-to-a-shape-of-another-kind"),
    pytest.param(dict(arguments=[arg("groups", api="Tags", convert="comma_list")]),
                 ["arguments[1].api: the API takes a list of structure there (TagList), which a comma_list "
                  "value is not; point the path at a member of that kind, or change the type"],
                 dict(arguments=[arg("groups", api="VpcConfig.Subnets", convert="comma_list")]),
                 id="list-of-another-kind-of-member"),
    pytest.param(dict(arguments=[arg("zone", min=1)]),
                 ["arguments[1].min: does not apply to a String argument; remove it"],
                 dict(arguments=[arg("zone", "Integer", default=1, min=1)]), id="number-limit-on-text"),
    pytest.param(dict(arguments=[arg("count", "Integer", default=1, pattern="[0-9]+")]),
                 ["arguments[1].pattern: does not apply to an Integer argument; remove it"],
                 dict(arguments=[arg("count", default="1", pattern="[0-9]+")]), id="text-check-on-a-number"),
    pytest.param(dict(arguments=[arg("subnets", max_entries=16)]),
                 ["arguments[1].max_entries: does not apply to a String argument; remove it"],
                 dict(arguments=[arg("subnets", max_entries=16, convert="comma_list")]),
                 id="entry-limit-on-text-not-a-list"),
    pytest.param(dict(arguments=[arg("retries", "Integer", unset=1, min=1, max=30)]),
                 ["arguments[1].unset: 1 is a value the argument accepts, so it could not be given; "
                  "choose a value outside min..max, or add the limit that excludes it"],
                 dict(arguments=[arg("retries", "Integer", unset=0, min=1, max=30)]), id="unset-at-the-minimum"),
    pytest.param(dict(arguments=[arg("retries", "Integer", unset=30, min=1, max=30)]),
                 ["arguments[1].unset: 30 is a value the argument accepts, so it could not be given; "
                  "choose a value outside min..max, or add the limit that excludes it"],
                 dict(arguments=[arg("retries", "Integer", unset=31, min=1, max=30)]), id="unset-at-the-maximum"),
    pytest.param(dict(arguments=[arg("retries", "Integer", unset=0, min=1, required=True)]),
                 ["arguments[1].unset: applies only to an optional Integer, Float or Bool without a default; remove it"],
                 dict(arguments=[arg("retries", "Integer", unset=0, min=1)]), id="unset-on-a-required-argument"),
    pytest.param(dict(arguments=[arg("count", "Integer", default=1, example="ten")]),
                 ["arguments[1].example: 'ten' is not an Integer; write an Integer value"],
                 dict(arguments=[arg("count", "Integer", default=1, example=10)]), id="example-of-another-type"),
    pytest.param(dict(arguments=[arg("zone", pattern="[a-z]+", example="abc1")]),  # the whole example must match
                 ["arguments[1].example: 'abc1' does not match its own pattern [a-z]+; fix the example or the pattern"],
                 dict(arguments=[arg("zone", pattern="[a-z]+", example="abc")]), id="example-outside-its-pattern"),
    pytest.param(dict(arguments=[arg("zone", usage_example=True)]),
                 ["arguments[1].usage_example: shows no value: the argument has no `example`; add an `example:`"],
                 dict(arguments=[arg("zone", usage_example=True, example="abc")]), id="usage-example-without-example"),
    pytest.param(dict(arguments=[arg("config", "JsonObject", default={"a": [1, None]})]),
                 ["arguments[1].default: holds a null, which kfp cannot load; leave the entry out instead"],
                 dict(arguments=[arg("config", "JsonObject", default={"a": [1]})]), id="null-deep-in-a-default"),
    pytest.param(dict(arguments=[arg("mode", default="Stream", enum=["Pipe", "File"])]),
                 ["arguments[1].default: 'Stream' is not one of the accepted values; use one of: Pipe, File"],
                 dict(arguments=[arg("mode", default="Stream", enum=["Pipe", "File"], open_enum=True)]),
                 id="default-outside-a-closed-enum"),
    pytest.param(dict(arguments=[arg("count", "Integer", default=0, min=1)]),
                 ["arguments[1].default: 0 is below the minimum 1; raise the default or lower `min`"],
                 dict(arguments=[arg("count", "Integer", default=1, min=1)]), id="default-below-the-minimum"),
    pytest.param(dict(arguments=[arg("count", "Integer", default=31, max=30)]),
                 ["arguments[1].default: 31 is above the maximum 30; lower the default or raise `max`"],
                 dict(arguments=[arg("count", "Integer", default=30, max=30)]), id="default-above-the-maximum"),
    pytest.param(dict(arguments=[arg("zone", default="abc1", pattern="[a-z]+")]),  # "" is "not set", never matched
                 ["arguments[1].default: 'abc1' does not match its own pattern [a-z]+; fix the default or the pattern"],
                 dict(arguments=[arg("zone", default="", pattern="[a-z]+")]), id="default-outside-its-pattern"),
    pytest.param(dict(arguments=[arg("zone", default="ab", min_length=3)]),  # every run without it would fail
                 ["arguments[1].default: is shorter than min_length 3; lengthen it"],
                 dict(arguments=[arg("zone", default="abc", min_length=3), arg("none", default="", min_length=3)]),
                 id="default-shorter-than-min-length"),
    pytest.param(dict(arguments=[arg("items", "JsonArray", default=[1], min_entries=2)]),
                 ["arguments[1].default: has fewer than min_entries 2; add entries"],
                 dict(arguments=[arg("items", "JsonArray", default=[1, 2], min_entries=2),
                                 arg("none", "JsonArray", default=[], min_entries=2)]),
                 id="default-with-fewer-than-min-entries"),
    pytest.param(dict(arguments=[arg("zone", default="abcdef", max_length=5)]),
                 ["arguments[1].default: is longer than max_length 5; shorten it"],
                 dict(arguments=[arg("zone", default="abcde", max_length=5)]), id="default-longer-than-max-length"),
    pytest.param(dict(arguments=[arg("items", "JsonArray", default=[1, 2, 3], max_entries=2)]),
                 ["arguments[1].default: has more than max_entries 2; remove entries"],
                 dict(arguments=[arg("items", "JsonArray", default=[1, 2], max_entries=2)]),
                 id="default-with-more-than-max-entries"),
]


@pytest.mark.parametrize(("broken", "lines", "valid"), SPEC_CHECKS)
def test_each_spec_check_both_ways(tmp_path, broken, lines, valid):
    assert spec_problems(tmp_path / "broken", **broken) == lines
    assert spec_problems(tmp_path / "valid", **valid) == []


def test_an_unset_value_is_named_in_the_description():
    """A type without an empty value says, in its description, which value means "not set"."""
    described = {arg.name: arg.description for arg in fixture_component(FIXTURES / "specs" / "valid" / "types.yaml").arguments}
    assert described["i_optional"] == "An optional integer without a default. `0` (the default) means not set."
    # as component.yaml writes the value, its default
    assert described["b_optional"] == "An optional boolean without a default. `False` (the default) means not set."
    assert not described["s_optional"].endswith("means not set.")  # text has its empty value


# --- 3. generated/ is a fresh render of the real specs -------------------------------------------


def test_generated_equals_a_fresh_render():
    drift = compare(real_project_render(), GENERATED)
    assert not drift, f"stale {drift.stale}, missing {drift.missing}, orphaned {drift.orphaned}; run {GENERATE_COMMAND}"


def test_render_writes_lf_endings_and_no_absolute_paths():
    for path, text in real_project_render().items():
        assert "\r" not in text, path
        assert str(ROOT) not in text, path
        assert text.endswith("\n"), path


# --- 5. Headers and Python syntax -----------------------------------------------------------------

GENERATED_FILES = sorted(on_disk(GENERATED))


@pytest.mark.parametrize("relative", GENERATED_FILES, ids=[p.as_posix() for p in GENERATED_FILES])
def test_generated_file_has_header_and_parses(relative):
    text = (GENERATED / relative).read_text(encoding="utf-8")
    every_spec = [c.spec_path for c in Project().components()]
    sources = {Path("__init__.py"): every_spec, Path("README.md"): every_spec,
               Path("builtin_algorithms.py"): ["specs/data/builtin_algorithms.json"]}
    specs = sources.get(relative, [f"specs/{relative.parts[0]}.yaml"])
    first_line_is_header(text, relative.suffix, specs)
    if relative.suffix == ".py":
        compiles_cleanly(text, relative.as_posix())
    if relative.suffix == ".yaml":
        yaml.safe_load(text)


@pytest.mark.parametrize(("spec", "artifact"), FIXTURE_ARTIFACTS)
def test_fixture_artifact_has_header_and_parses(spec, artifact):
    text = fixture_render(spec)[artifact]
    first_line_is_header(text, artifact.suffix, [f"specs/valid/{spec.name}"])
    if artifact.suffix == ".py":
        compiles_cleanly(text, artifact.as_posix())
    if artifact.suffix == ".yaml":
        yaml.safe_load(text)


def test_every_suffix_has_a_snapshot_extension():
    suffixes = {p.suffix for spec in VALID for p in fixture_render(spec)} | {p.suffix for p in GENERATED_FILES}
    assert suffixes <= set(SNAPSHOT_EXTENSIONS)


# --- 6. The real component with kfp 2.x -----------------------------------------------------------


def ir_inputs(kfp_component) -> dict:
    spec = kfp_component.pipeline_spec
    (component_spec,) = spec.components.values()
    return dict(component_spec.input_definitions.parameters), dict(component_spec.output_definitions.parameters)


def ir_type(parameter) -> str:
    from kfp.pipeline_spec import pipeline_spec_pb2

    return pipeline_spec_pb2.ParameterType.ParameterTypeEnum.Name(parameter.parameter_type)


def ir_default(parameter):
    from google.protobuf import json_format

    return json_format.MessageToDict(parameter.default_value) if parameter.HasField("default_value") else None


def assert_kfp_interface(kfp_component, component: Component) -> None:
    """Every argument and output of the spec, with its IR type, default and optionality."""
    inputs, outputs = ir_inputs(kfp_component)
    assert set(inputs) == {arg.name for arg in component.arguments}
    for arg in component.arguments:
        parameter = inputs[arg.name]
        assert ir_type(parameter) == IR_TYPES[arg.type], arg.name
        assert parameter.is_optional is arg.optional, arg.name
        if arg.optional:  # every optional input has a default: the spec's, or its "not set" value
            default = ir_default(parameter)
            assert default == arg.component_default, arg.name  # integers come back as floats: 1.0 == 1
            assert type(default) is not bool or arg.type == "Bool", arg.name
        else:
            assert not parameter.HasField("default_value"), arg.name
    assert set(kfp_component.required_inputs) == {arg.name for arg in component.arguments if arg.required}
    assert {name: ir_type(p) for name, p in outputs.items()} == {out.name: IR_TYPES[out.type] for out in component.outputs}


@pytest.fixture(scope="module")
def kfp_training():
    from kfp.components import load_component_from_file

    return load_component_from_file(str(GENERATED / "training" / "component.yaml"))


def test_real_component_loads_with_every_argument_typed(kfp_training):
    assert kfp_training.name == "sagemaker-training"
    assert_kfp_interface(kfp_training, training())


REQUIRED, OPTIONAL = "required", "optional"

#: The argument table of the original design (issue "The generator"), as it must stay.
ISSUE_ARGUMENTS = [
    ("region", "String", REQUIRED),
    ("endpoint_url", "String", OPTIONAL),
    ("job_name", "String", OPTIONAL),
    ("role", "String", REQUIRED),
    ("image", "String", OPTIONAL),
    ("algorithm_name", "String", OPTIONAL),
    ("metric_definitions", "JsonObject", {}),
    ("training_input_mode", "String", "File"),
    ("hyperparameters", "JsonObject", {}),
    ("channels", "JsonArray", REQUIRED),
    ("instance_type", "String", "ml.m4.xlarge"),
    ("instance_count", "Integer", 1),
    # The table said 1; AWS's v1 train, process and tuning components send 30, as the SageMaker
    # Python SDK does, and a drop-in sends what they send.
    ("volume_size", "Integer", 30),
    ("resource_encryption_key", "String", OPTIONAL),
    ("max_run_time", "Integer", 86400),
    ("model_artifact_path", "String", REQUIRED),
    ("output_encryption_key", "String", OPTIONAL),
    ("vpc_security_group_ids", "String", OPTIONAL),
    ("vpc_subnets", "String", OPTIONAL),
    ("network_isolation", "Bool", True),
    ("traffic_encryption", "Bool", False),
    ("spot_instance", "Bool", False),
    ("max_wait_time", "Integer", 86400),
    ("checkpoint_config", "JsonObject", {}),
    ("tags", "JsonObject", {}),
]
ISSUE_OUTPUTS = ["model_artifact_url", "job_name", "training_image", "job_arn"]


@pytest.mark.parametrize(("name", "kfp_type", "presence"), ISSUE_ARGUMENTS, ids=[row[0] for row in ISSUE_ARGUMENTS])
def test_issue_argument_table(kfp_training, name, kfp_type, presence):
    arg = {a.name: a for a in training().arguments}[name]
    parameter = ir_inputs(kfp_training)[0][name]
    assert arg.type == kfp_type
    assert ir_type(parameter) == IR_TYPES[kfp_type]
    if presence == REQUIRED:
        assert arg.required and not arg.has_default
        assert not parameter.is_optional
    elif presence == OPTIONAL:  # not set by default: its default is the empty text
        assert not arg.required and not arg.has_default
        assert parameter.is_optional and ir_default(parameter) == ""
    else:
        assert arg.has_default and arg.default == presence and type(arg.default) is type(presence)
        assert parameter.is_optional and ir_default(parameter) == presence


#: AWS's v1 train component (kubeflow/pipelines components/aws/sagemaker/train/component.yaml before
#: its removal): its 28 inputs and their types, and its outputs. Ours must take each as it did.
AWS_V1_TRAIN_INPUTS = {
    "region": "String", "endpoint_url": "String", "assume_role": "String", "job_name": "String",
    "role": "String", "image": "String", "algorithm_name": "String", "metric_definitions": "JsonObject",
    "training_input_mode": "String", "hyperparameters": "JsonObject", "channels": "JsonArray",
    "instance_type": "String", "instance_count": "Integer", "volume_size": "Integer",
    "resource_encryption_key": "String", "max_run_time": "Integer", "model_artifact_path": "String",
    "output_encryption_key": "String", "vpc_security_group_ids": "String", "vpc_subnets": "String",
    "network_isolation": "Bool", "traffic_encryption": "Bool", "spot_instance": "Bool", "max_wait_time": "Integer",
    "checkpoint_config": "JsonObject", "debug_hook_config": "JsonObject", "debug_rule_config": "JsonArray",
    "tags": "JsonObject",
}
AWS_V1_TRAIN_OUTPUTS = ("model_artifact_url", "job_name", "training_image")


def test_every_input_and_output_of_aws_v1_train_component_is_there_with_its_type():
    assert len(AWS_V1_TRAIN_INPUTS) == 28
    document = yaml.safe_load((GENERATED / "training" / "component.yaml").read_text(encoding="utf-8"))
    types = {item["name"]: item["type"] for item in document["inputs"]}
    assert {name: types.get(name) for name in AWS_V1_TRAIN_INPUTS} == AWS_V1_TRAIN_INPUTS
    assert set(AWS_V1_TRAIN_OUTPUTS) <= {item["name"] for item in document["outputs"]}


def test_issue_outputs_are_strings(kfp_training):
    outputs = ir_inputs(kfp_training)[1]
    assert {name: ir_type(outputs[name]) for name in ISSUE_OUTPUTS} == dict.fromkeys(ISSUE_OUTPUTS, "STRING")


def test_real_component_compiles_in_a_pipeline(kfp_training, tmp_path):
    from kfp import compiler, dsl

    @dsl.pipeline(name="training-test")
    def pipeline(role: str = "arn:aws:iam::123456789012:role/sagemaker"):
        task = kfp_training(
            region="us-east-1",
            role=role,
            image="123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:1",
            channels=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train", "S3DataType": "S3Prefix"}}}],
            model_artifact_path="s3://b/models",
            instance_count=2,
            spot_instance=True,
            hyperparameters={"epochs": "3"},
        )
        task.set_caching_options(False)
        kfp_training(
            region="us-east-1",
            role=role,
            image="123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:1",
            channels=[],
            data_location_1=task.outputs["model_artifact_url"],
            model_artifact_path="s3://b/models",
        )

    package = tmp_path / "pipeline.yaml"
    compiler.Compiler().compile(pipeline, str(package))
    compiled = yaml.safe_load(package.read_text(encoding="utf-8"))
    tasks = compiled["root"]["dag"]["tasks"]
    assert len(tasks) == 2
    first = tasks["sagemaker-training"]["inputs"]["parameters"]
    assert first["instance_count"]["runtimeValue"]["constant"] == 2
    assert first["spot_instance"]["runtimeValue"]["constant"] is True
    second = tasks["sagemaker-training-2"]["inputs"]["parameters"]
    assert second["data_location_1"]["taskOutputParameter"] == {"outputParameterKey": "model_artifact_url", "producerTask": "sagemaker-training"}


# --- 7. Model ------------------------------------------------------------------------------------


def test_check_fields_are_fields_of_arg():
    arg_fields = {field.name for field in dataclasses.fields(Arg)}
    assert set(CHECK_FIELDS.values()) <= arg_fields
    assert len(set(CHECK_FIELDS.values())) == len(CHECK_FIELDS)


def test_check_fields_are_keys_of_the_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(CHECK_FIELDS) <= set(schema["$defs"]["argument"]["properties"])


def test_one_type_table():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert list(KFP_TYPES) == list(TYPES) == schema["$defs"]["type"]["enum"] == list(IR_TYPES)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a | b", "a \\| b"),
        ("`x|y`", "`x\\|y`"),
        ("one\ntwo\n\nthree", "one two three"),
        ("  padded \t text  ", "padded text"),
        ("é → 日本", "é → 日本"),
        ("", ""),
    ],
)
def test_md_cell(text, cell):
    assert md_cell(text) == cell


@pytest.mark.parametrize("text", [
    'plain', 'a \\ backslash, c:\\dir\\', 'say """hi"""', 'ends with "a quote"', 'two quotes""', 'X"',
    '"leading', 'four """" in a row', 'é → 日本', 'trailing space ',
])
def test_text_survives_a_docstring_a_python_string_and_a_yaml_scalar(text):
    """The generated files hold spec text inside \"\"\"docstrings\"\"\", Python literals and YAML
    scalars: each reads back as the spec's text, with non-ASCII text kept as written."""
    assert ast.literal_eval(f'"""{docstring_text(text)}"""') == text
    assert ast.literal_eval(py_literal(text)) == text
    assert yaml.safe_load(yaml_text(text)) == text
    if not text.isascii():
        assert text in py_literal(text) and text in yaml_text(text)


def test_a_python_call_stays_on_one_line_up_to_100_columns():
    # Indented by 4, `Arg("x...x")` of 96 columns fits: 100 in all; one more character does not.
    assert py_call("Arg", ("x" * 89,), {}) == f'Arg({"x" * 89!r})'
    assert py_call("Arg", ("x" * 90,), {}) == f'Arg(\n        {"x" * 90!r},\n    )'


def test_real_readme_has_one_six_cell_row_per_argument():
    component = training()
    readme = (GENERATED / "training" / "README.md").read_text(encoding="utf-8")
    rows = argument_rows(readme)
    argument_rows_only = [row for row in rows if row.startswith("| `")]
    assert [table_cells(row)[0] for row in argument_rows_only] == [
        f"`{arg.name}`" for _, args in component.grouped_arguments for arg in args
    ]
    assert sorted(table_cells(row)[0].strip("`") for row in argument_rows_only) == sorted(a.name for a in component.arguments)
    assert all(len(table_cells(row)) == 6 for row in rows)
    for row in argument_rows_only:
        cells = table_cells(row)
        arg = {a.name: a for a in component.arguments}[cells[0].strip("`")]
        assert cells[2] == ("No" if arg.required else "Yes")
        assert cells[3] == arg.type


def test_grouped_arguments_leave_out_empty_groups():
    types = fixture_component(FIXTURES / "specs" / "valid" / "types.yaml")
    assert "empty" in [group.id for group in types.groups]
    assert [group.id for group, _ in types.grouped_arguments] == ["text", "numbers", "flags", "json"]


# --- Known bugs: each test fails (XPASS, strict) once the bug is fixed; then drop its marker. -------


def variant(tmp_path: Path, fixture: str, edit: Callable[[dict], None]) -> Path:
    """A copy of a valid fixture spec, changed by `edit`, written under tmp_path/specs/."""
    spec = yaml.safe_load((FIXTURES / "specs" / "valid" / f"{fixture}.yaml").read_text(encoding="utf-8"))
    edit(spec)
    path = tmp_path / "specs" / f"{fixture}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def render_text_variant(tmp_path: Path, **changes) -> dict[Path, str]:
    """The text fixture with some top-level keys changed, loaded and rendered."""
    path = variant(tmp_path, "text", lambda spec: spec.update(changes))
    return render_all([load_spec(path, tmp_path, FIXTURE_SUITE)], FIXTURE_SUITE, TEMPLATES, ALGORITHMS)


def set_default(name: str, default):
    def edit(spec: dict) -> None:
        (arg,) = [arg for arg in spec["arguments"] if arg["name"] == name]
        arg["default"] = default

    return edit


def test_title_with_a_colon_gives_valid_yaml(tmp_path):
    rendered = render_text_variant(tmp_path, title="SageMaker: Training")
    assert yaml.safe_load(rendered[Path("text/component.yaml")])["name"] == "SageMaker: Training"


@pytest.mark.parametrize("summary", ['Trains "fast"', r"Matches \d+ digits."], ids=["ends-with-quote", "backslash"])
def test_summary_with_quotes_or_backslashes_gives_valid_python(tmp_path, summary):
    for path, text in render_text_variant(tmp_path, summary=summary).items():
        if path.suffix == ".py":
            compiles_cleanly(text, path.as_posix())


def test_group_title_with_a_pipe_keeps_six_cells(tmp_path):
    rendered = render_text_variant(tmp_path, groups=[{"id": "text", "title": "Input | output"}])
    assert all(len(table_cells(row)) == 6 for row in argument_rows(rendered[Path("text/README.md")]))


def github_anchor(heading: str) -> str:
    """GitHub's heading id: lower case, punctuation other than `-` and `_` dropped, spaces to `-`."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_long_enum_links_reach_their_section():
    readme = (GENERATED / "training" / "README.md").read_text(encoding="utf-8")
    anchors = {github_anchor(line[3:]) for line in readme.splitlines() if line.startswith("## ")}
    links = re.findall(r"\]\(#([^)]+)\)", readme)
    assert links
    assert set(links) <= anchors


def test_min_on_a_string_is_a_spec_problem(tmp_path):
    def edit(spec: dict) -> None:
        spec["arguments"][-1]["min"] = 1  # hash_default, a String with a default

    with pytest.raises(SpecError):
        load_spec(variant(tmp_path, "text", edit), tmp_path, FIXTURE_SUITE)


def test_kfp_cannot_use_a_null_inside_a_json_default(tmp_path):
    """Why the loader must refuse null in JSON defaults (next test): kfp 2.x cannot build the component."""
    from kfp.components import load_component_from_file

    component = load_spec(variant(tmp_path, "types", lambda spec: None), tmp_path, FIXTURE_SUITE)
    arguments = tuple(
        dataclasses.replace(arg, default={"a": None}) if arg.name == "o_default" else arg for arg in component.arguments
    )
    component = dataclasses.replace(component, arguments=arguments)
    rendered = tmp_path / "component.yaml"
    rendered.write_text(render_all([component], FIXTURE_SUITE, TEMPLATES, ALGORITHMS)[Path("types/component.yaml")], encoding="utf-8")
    with pytest.raises(ValueError, match="Value must be one of the following types"):
        load_component_from_file(str(rendered)).pipeline_spec


def test_null_inside_a_json_default_is_a_spec_problem(tmp_path):
    with pytest.raises(SpecError):
        load_spec(variant(tmp_path, "types", set_default("o_default", {"a": None})), tmp_path, FIXTURE_SUITE)


# --- 8. The portable component.yaml --------------------------------------------------------------


def project_with_template(tmp_path: Path, edit: Callable[[str], str]) -> Project:
    """A copy of the real specs and templates, with component.yaml.j2 changed by `edit`."""
    import shutil

    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    template = tmp_path / "templates" / "component" / "component.yaml.j2"
    edited = edit(template.read_text(encoding="utf-8"))
    assert edited != template.read_text(encoding="utf-8")
    template.write_text(edited, encoding="utf-8")
    return Project(tmp_path)


def test_a_template_emitting_is_present_is_a_located_error(tmp_path):
    """Backends before 2.17.0 pass an IfPresent to the container as literal JSON: never rendered."""
    conditional = (
        "{% if arg.optional %}\n    - if:\n        cond: {isPresent: {{ arg.name }}}\n"
        "        then: [{{ arg.flag }}, {inputValue: {{ arg.name }}}]\n{% else %}\n"
        "    - {{ arg.flag }}\n    - {inputValue: {{ arg.name }}}\n{% endif %}\n"
    )
    project = project_with_template(tmp_path, lambda text: text.replace(
        "    - {{ arg.flag }}\n    - {inputValue: {{ arg.name }}}\n", conditional))
    with pytest.raises(SpecError) as raised:
        project.render()
    problems = [str(p) for p in raised.value.problems if ":training/component.yaml:" in str(p)]
    optional = [arg for arg in training().arguments if arg.optional]
    assert len(problems) == len(optional)
    assert len(raised.value.problems) == sum(len(c.optional_arguments) for c in Project().components())
    assert problems[0].startswith("templates/component/component.yaml.j2:training/component.yaml:"
                                  "implementation.container.args[2]: uses if, which backends before 2.17.0")


def test_a_template_dropping_defaults_is_a_located_error(tmp_path):
    project = project_with_template(tmp_path, lambda text: text.replace("  default: {{ arg.default_text }}\n", ""))
    with pytest.raises(SpecError) as raised:
        project.render()
    problems = [str(p) for p in raised.value.problems if ":training/component.yaml:" in str(p)]
    names = [arg.name for arg in training().arguments]
    assert len(problems) == len([arg for arg in training().arguments if arg.optional])
    index = names.index("endpoint_url")
    assert f"training/component.yaml:inputs[{index}]: optional input 'endpoint_url' has no default" in problems[0]


def test_the_portable_form_check_names_each_placeholder_in_command_and_args():
    template = "templates/component/component.yaml.j2"
    problems = Problems(template)
    check_component_yaml(template, Path("x/component.yaml"), (
        "name: x\n"
        "inputs:\n- {name: a, type: String, optional: true}\n"
        "implementation:\n  container:\n    image: x\n"
        "    command: [python, {inputPath: a}]\n"
        "    args: [--a, {inputValue: a}, {outputPath: b}, {inputValue: a, outputPath: b}]\n"
    ), problems)
    assert [str(p) for p in problems.found] == [
        f"{template}:x/component.yaml:inputs[0]: optional input 'a' has no default; give every optional "
        f"input a default in {template} (2.17.0 fails tasks that leave it out)",
        f"{template}:x/component.yaml:implementation.container.command[1]: uses inputPath, which backends "
        f"before 2.17.0 pass on as literal JSON; use only plain text, inputValue and outputPath in {template}",
        f"{template}:x/component.yaml:implementation.container.args[3]: uses inputValue, outputPath, which "
        f"backends before 2.17.0 pass on as literal JSON; use only plain text, inputValue and outputPath in {template}",
    ]


def test_a_component_with_neither_inputs_nor_command_is_portable():
    problems = Problems("t.j2")
    check_component_yaml("t.j2", Path("x/component.yaml"),
                         "name: x\nimplementation:\n  container:\n    image: x\n    args: [run]\n", problems)
    assert problems.found == []


def test_templates_fail_on_an_undefined_name_and_indented_block_tags_leave_no_spaces(tmp_path):
    """A typo in a template is an error, not an empty string in the output; a block tag indented
    to match the YAML or Python around it adds nothing to it."""
    env = environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ c.no_such_field }}").render(c=training())
    assert env.from_string("a:\n  {% if x %}\n  b: 1\n  {% endif %}\n").render(x=True) == "a:\n  b: 1\n"


@pytest.mark.parametrize("name", [c.name for c in Project().components()])
def test_every_optional_input_of_the_real_component_has_a_default_and_no_condition(name):
    document = yaml.safe_load((GENERATED / name / "component.yaml").read_text(encoding="utf-8"))
    assert all("default" in item for item in document["inputs"] if item.get("optional"))
    assert all(isinstance(item, str) or set(item) in ({"inputValue"}, {"outputPath"})
               for item in document["implementation"]["container"]["args"])
    assert "isPresent" not in (GENERATED / name / "component.yaml").read_text(encoding="utf-8")


def readme_example_constants(component: Component, tmp_path: Path, monkeypatch) -> dict[str, object]:
    """The generated README's usage example run as a user would paste it (the typed function checks
    its constants): the constant inputs of the task it compiles."""
    readme = (GENERATED / component.name / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Usage", 1)[1]
    code = usage.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    compiled = yaml.safe_load((tmp_path / "pipeline.yaml").read_text(encoding="utf-8"))
    (task,) = compiled["root"]["dag"]["tasks"].values()
    return {name: given["runtimeValue"]["constant"] for name, given in task["inputs"]["parameters"].items()
            if "constant" in given.get("runtimeValue", {})}


@pytest.mark.parametrize("component", Project().components(), ids=lambda c: c.name)
def test_the_readme_usage_example_runs_with_the_authoring_checks(component, tmp_path, monkeypatch):
    """The generated README's example, as a user would paste it: complete, and valid."""
    constants = readme_example_constants(component, tmp_path, monkeypatch)
    for arg in component.usage_arguments:
        assert constants[arg.name] == arg.example, arg.name


SERVING = [c for c in Project().components() if {"image", "model_artifact_url"} <= {a.name for a in c.arguments}]


@pytest.mark.parametrize("component", SERVING, ids=lambda c: c.name)
def test_a_readme_example_serving_a_built_in_algorithms_image_gives_it_a_model(component, tmp_path, monkeypatch):
    """A built-in algorithm's image holds no model: a model made from it serves only with
    `model_artifact_url`, as the argument's description says."""
    from sagemaker_kfp_components.builtin_algorithms import IMAGES
    from sagemaker_kfp_components.runtime.algorithm_images import image_uri
    from sagemaker_kfp_components.runtime.values import BadValue

    constants = readme_example_constants(component, tmp_path, monkeypatch)
    builtin_images = set()
    for algorithm, (_, versions) in IMAGES.items():
        for version in versions:
            try:
                builtin_images.add(image_uri(f"{algorithm}:{version}", constants["region"]))
            except BadValue:
                continue  # no image in that region
    if constants.get("image") in builtin_images:
        assert constants.get("model_artifact_url"), constants


@pytest.mark.parametrize("page", ["README.md", "docs page"])
@pytest.mark.parametrize("component", Project().components(), ids=lambda c: c.name)
def test_the_argument_file_example_passes_the_argument_file_checks(component, page, tmp_path):
    """The `sagemaker-kfp run --args` example of the README and of the docs page: a valid file,
    which gives the usage example's arguments."""
    from sagemaker_kfp_components.generator.argument_file import Signature, read_argument_file

    path = GENERATED / component.name / "README.md" if page == "README.md" else ROOT / DOCS_PAGES / f"{component.name}.md"
    (block,) = re.findall(r"^```yaml\n(.*?)^```$", path.read_text(encoding="utf-8"), re.S | re.M)
    (tmp_path / "args.yaml").write_text(block, encoding="utf-8")
    table = importlib.import_module(f"sagemaker_kfp_components.{component.name}.entrypoint").COMPONENT
    arguments, problems = read_argument_file(tmp_path / "args.yaml", Signature.of_table(table))
    assert (problems.errors, problems.warnings) == ([], [])
    assert arguments == {arg.name: arg.example for arg in component.usage_arguments}


def test_a_channel_entry_set_at_run_time_is_no_problem_when_channels_come_at_run_time():
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training

    @dsl.pipeline(name="channels-parameter")
    def pipeline(channels: list, role: str):
        sagemaker_training(region="us-east-1", role=role, image="123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1",
                           channels=channels, data_location_1="s3://bucket/train", model_artifact_path="s3://b/m")

    assert pipeline.pipeline_spec.root.dag.tasks["sagemaker-training"]
