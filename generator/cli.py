"""The maintainer's command line: sagemaker-kfp <command> --help."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import NoReturn

import click

from .. import __version__
from .backends import BACKENDS
from .errors import SpecError
from .image_ref import parse_image_ref
from .local_run import DEFAULT_BACKEND, interruption
from .project import ROOT, Project
from .render import GENERATE_COMMAND
from .writer import compare, write, write_copy

root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=ROOT,
    show_default="the project's checkout",
    help="Project folder holding specs/, templates/ and generated/.",
)



# Not mutated: this runs once, when the module is imported, before mutmut can switch a mutant on.
def run_options(command):  # pragma: no mutate block
    """The options of the commands that run components: which backend line, where, outputs kept where."""
    for option in reversed((
        click.option("--backend", type=click.Choice(list(BACKENDS)), default=DEFAULT_BACKEND, show_default=True,
                     help="KFP backend line whose command-line resolution to follow."),
        click.option("--aws", is_flag=True,
                     help="Use the environment's AWS endpoint and credentials (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, "
                          "...): real AWS, or an emulator started with `python -m sagemaker_kfp_components.emulator` "
                          "and its export lines run. Without it, an embedded emulator, started for this run."),
        click.option("--outputs", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Folder for the output files  [default: a temporary folder]"),
        # The emulator's LIFECYCLE_NAMES, written out: importing it here would load moto for --help.
        click.option("--lifecycle", type=click.Choice(["default", "demo", "failing", "none"]), default=None,
                     help="What each job the embedded emulator creates goes through: demo (each kind's phases "
                          "and logs at a watchable pace), default (about a second), failing (the job fails), "
                          "none (it runs until stopped)  [default: demo; not with --aws]"),
    )):
        command = option(command)
    return command


def _emulated(aws: bool, lifecycle: str | None) -> str | None:
    """The embedded emulator's lifecycle for --lifecycle, or None with --aws (the environment's AWS)."""
    if aws and lifecycle:
        raise click.UsageError("--lifecycle is the embedded emulator's; with --aws the jobs run on the environment's AWS")
    return None if aws else lifecycle or "demo"


def _interrupted(command: str | None) -> NoReturn:
    """Ctrl-C outside a step (local_run.run_step hands a step its own): one line saying what it
    stopped and exit code 130, instead of click's "Aborted!" with 1 or a traceback."""
    click.echo(f"sagemaker-kfp: {interruption() if command in ('run', 'run-pipeline') else 'interrupted'}", err=True)
    sys.exit(130)  # a SystemExit, which click lets by


class _Commands(click.Group):
    """The command group, whose commands end on Ctrl-C as `_interrupted` says."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except (KeyboardInterrupt, click.Abort):
            _interrupted(None)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, click.Abort):
            _interrupted(ctx.invoked_subcommand)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sagemaker-kfp")
def main() -> None:
    """Generate the SageMaker components from their specs, and check them."""


def _render(render, **options):
    """`render(**options)` (Project.render or Project.outputs); exit 1 with every spec problem."""
    try:
        return render(**options)
    except SpecError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) in the specs; nothing was written.", err=True)
        sys.exit(1)


@main.command(short_help="Write generated/ and the docs' pages from the specs, or image copies.")
@click.option("--image", "image_text", metavar="REGISTRY/NAME[:TAG|@sha256:DIGEST]",
              help="Write only copies of every component.yaml that run this image, under --out; "
                   "the tag is the spec's version unless given.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the copies made with --image: OUT/<component>/component.yaml.")
@root_option
def generate(image_text: str | None, out: Path | None, root: Path) -> None:
    """Write every artifact of every spec under generated/, and each component's page of the docs
    site under docs/components/, and delete orphaned files.

    With --image and --out, write instead copies of every component.yaml that run your own image,
    under --out; generated/ is left as it is.
    """
    project = Project(root)
    if image_text is not None or out is not None:
        _write_image_copies(project, image_text, out)
        return
    outputs = _render(project.outputs)  # every render first: a spec problem writes nothing
    drifts = [(name, write(rendered, folder)) for name, folder, rendered in outputs]
    for name, drift in drifts:
        for label, paths in (("wrote", drift.stale + drift.missing), ("deleted", drift.orphaned)):
            for path in paths:
                click.echo(f"{label} {name}{path.as_posix()}")
    if not any(drift for _, drift in drifts):
        for name, _ in drifts:
            click.echo(f"{name} was already up to date")


def _write_image_copies(project: Project, image_text: str | None, out: Path | None) -> None:
    if image_text is None or out is None:
        raise click.UsageError("--image and --out go together: the copies that run your image go to --out")
    try:
        image = parse_image_ref(image_text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--image") from None
    if out.resolve().is_relative_to(project.generated.resolve()):
        raise click.BadParameter("generated/ names the specs' image; write the copies elsewhere", param_hint="--out")
    command = shlex.join([*GENERATE_COMMAND.split(), "--image", image_text, "--out", out.as_posix()])
    rendered = _render(project.render, image=image, command=command)
    copies = {path: text for path, text in rendered.items() if path.name == "component.yaml"}
    images = {component.name: component.with_image(image).image for component in project.components()}
    for path in write_copy(copies, out):
        click.echo(f"wrote {path.as_posix()} (image {images[path.parent.name]})")


@main.command(short_help="Fail if generated/ or docs/components/ differs from a fresh render of the specs.")
@root_option
def check(root: Path) -> None:
    """Exit non-zero if generated/ or docs/components/ differs from a fresh render of the specs."""
    drifts = [(name, compare(rendered, folder)) for name, folder, rendered in _render(Project(root).outputs)]
    if not any(drift for _, drift in drifts):
        for name, _ in drifts:
            click.echo(f"{name} is up to date")
        return
    for name, drift in drifts:
        for label, paths in (("stale", drift.stale), ("missing", drift.missing), ("orphaned", drift.orphaned)):
            for path in paths:
                click.echo(f"{label}: {name}{path.as_posix()}", err=True)
    out_of_date = " and ".join(name for name, drift in drifts if drift)
    click.echo(f"{out_of_date} out of date; fix it with: {GENERATE_COMMAND}", err=True)
    sys.exit(1)


class _ShowByDefault(click.Group):
    """`image COMPONENT` still means `image show COMPONENT`, as before `image` had subcommands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@main.group(cls=_ShowByDefault, short_help="Show the components' image, or build and push it.")
def image() -> None:
    """Show the components' container image, or build it for your own registry."""


@image.command("show", short_help="Print a component's container image reference.")
@click.argument("component")
@root_option
def image_show(component: str, root: Path) -> None:
    """Print COMPONENT's container image reference (its tag is the spec's version).

    `image COMPONENT` is short for it.
    """
    try:
        click.echo(Project(root).component(component).image)
    except KeyError as error:
        raise click.BadParameter(error.args[0], param_hint="COMPONENT") from None


@image.command("build", short_help="Build, and with --push push, the suite's image.")
@click.argument("name", metavar="[REGISTRY/NAME[:TAG]]", required=False)
@click.option("--push", is_flag=True, help="Push the image once it is built.")
@root_option
def image_build(name: str | None, push: bool, root: Path) -> None:
    """Build the image that holds every component from the Dockerfile (which builds the package's
    wheel and installs it), tagged REGISTRY/NAME:VERSION (the package's version, unless a tag is
    given; NAME defaults to the suite's image in pyproject.toml), with the first builder that works
    here: docker buildx, docker, podman, buildah.

    Where none can build (docker without a daemon included), print the docker commands to run on a
    machine that can, and exit 1. Otherwise the exit code is the builder's.
    """
    from .image_build import DOCKER, choose_builder, run_commands

    suite = Project(root).suite
    try:
        # The example offers no digest: a digest names an image that exists, not one to build.
        wanted = parse_image_ref(suite.image if name is None else name,
                                 example=f"ghcr.io/you/{suite.image.rsplit('/', 1)[-1]}, with :TAG if you like")
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="REGISTRY/NAME") from None
    if wanted.digest:
        raise click.BadParameter("a digest names an image that exists already; give REGISTRY/NAME or "
                                 "REGISTRY/NAME:TAG", param_hint="REGISTRY/NAME")
    reference = wanted.reference(suite.version)
    context = "." if root.resolve() == Path.cwd().resolve() else str(root)
    builder, reasons = choose_builder()
    if builder is None:
        click.echo("No image builder works here:", err=True)
        for reason in reasons:
            click.echo(f"  {reason}", err=True)
        click.echo("Run these commands where docker reaches a daemon, in this checkout:", err=True)
        for argv in DOCKER.commands(reference, suite.version, context, push):
            click.echo(shlex.join(argv))
        sys.exit(1)
    for reason in reasons:
        click.echo(f"passed over {reason}", err=True)
    click.echo(f"building {reference} with {builder.name}", err=True)
    code = run_commands(builder.commands(reference, suite.version, context, push),
                        say=lambda text: click.echo(text, err=True))
    if code == 0:
        click.echo(f"{'pushed' if push else 'built'} {reference}")
    sys.exit(code)


@main.command(short_help="Draft specs/NAME.yaml for a SageMaker job kind from its API.")
@click.argument("name")
@click.option("--from-api", "operation", required=True, metavar="CreateXxxJob",
              help="The SageMaker Create operation to draft from, for example CreateProcessingJob.")
@root_option
def new(name: str, operation: str, root: Path) -> None:
    """Draft specs/NAME.yaml from botocore's model of OPERATION: every request member an argument
    (training's names reused for the same fields), the common arguments and the `job:` block. The
    draft generates as it is; curate it, then regenerate."""
    import re

    from botocore.model import OperationNotFoundError

    from .draft import draft_spec
    from .job_kind import why_not_a_job
    from ..runtime import api_model

    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise click.BadParameter(f"{name!r} is not a component name (lower case, digits, _)", param_hint="NAME")
    try:
        api_model.service_model().operation_model(operation)
    except OperationNotFoundError:
        raise click.BadParameter(f"{operation!r} is not a SageMaker operation", param_hint="--from-api") from None
    if not operation.startswith("Create"):
        raise click.BadParameter(f"{operation!r} creates nothing; give a Create operation", param_hint="--from-api")
    # Refused here rather than drafted: a spec of such a kind would stop `generate` for every component.
    if (reason := why_not_a_job(operation.removeprefix("Create"))) is not None:
        raise click.BadParameter(f"{operation!r} cannot be drafted: {reason}", param_hint="--from-api")
    path = root / "specs" / f"{name}.yaml"
    if path.exists():
        raise click.BadParameter(f"{path} exists; choose another name or remove it", param_hint="NAME")
    path.write_text(draft_spec(name, operation, root), encoding="utf-8")
    click.echo(f"wrote specs/{name}.yaml; curate it, then run: {GENERATE_COMMAND}")


@main.command("api-check", short_help="Compare the specs with the SageMaker API and the SDK's images.")
@click.option("--sync", is_flag=True, help="First refresh the specs' enum lists (instance types, input modes) from botocore.")
@root_option
def api_check_command(sync: bool, root: Path) -> None:
    """Compare every spec with the installed botocore SageMaker model; exit 1 on disagreement."""
    import importlib.metadata

    import botocore

    from . import builtin_algorithms
    from .api_check import api_check, table
    from .api_sync import sync_enums

    if not builtin_algorithms.installed():
        click.echo(f"api-check compares the built-in algorithms' images with {builtin_algorithms.SOURCE}, which is not "
                   "installed: pip install 'sagemaker-kfp-components[dev]'", err=True)
        sys.exit(2)
    project = Project(root)
    changed = []
    try:
        components = project.components()
        if sync:
            for component in components:
                refreshed = sync_enums(component, project.root / component.spec_path)
                click.echo(f"{component.spec_path}: refreshed {', '.join(refreshed) or 'nothing'}")
                changed += refreshed
            components = project.components()
            images = builtin_algorithms.sync(project.root)
            click.echo(f"{builtin_algorithms.DATA_PATH}: refreshed {'images' if images else 'nothing'}")
            changed += ["images"] if images else []
    except SpecError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    disagreements = 0
    for component in components:
        findings = api_check(component)
        click.echo(f"{component.spec_path} against botocore's {component.api_operation}:")
        click.echo(table(findings))
        disagreements += sum(not f.ok for f in findings)
    algorithm_findings = builtin_algorithms.disagreements(project.root)
    click.echo(f"{builtin_algorithms.DATA_PATH} against the installed {builtin_algorithms.SOURCE}: "
               + ("; ".join(algorithm_findings) or "agrees"))
    disagreements += len(algorithm_findings)
    if disagreements:
        click.echo(f"{disagreements} disagreement(s) with the SageMaker API", err=True)
        sys.exit(1)
    click.echo(f"api-check: {len(components)} spec(s) agree with botocore {botocore.__version__}, and the "
               f"built-in algorithms with {builtin_algorithms.SOURCE} {importlib.metadata.version(builtin_algorithms.SOURCE)}")
    if changed:
        click.echo(f"specs changed; now run: {GENERATE_COMMAND}")


@main.command(short_help="Run a component as a KFP backend would, on the emulator or AWS.")
@click.argument("component")
@click.option("--args", "args_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file mapping argument names to values.")
@run_options
@root_option
def run(component: str, args_file: Path, backend: str, aws: bool, outputs: Path | None, lifecycle: str | None,
        root: Path) -> None:
    """Run COMPONENT as a KFP backend would run it: a spec name such as `training` is called through
    its typed Python function, a component.yaml is loaded as it is.

    A one-task pipeline is compiled with the kfp SDK; the backend profile resolves the container
    command line from it, which then runs here against an AWS API emulator embedded in this run
    (or, with --aws, the AWS the environment names). The argument file is checked first, as the
    step checks its arguments: any problem and nothing runs (exit code 2). Ctrl-C goes to the step,
    which stops its job; before the step starts, it ends the command with exit code 130.
    """
    import tempfile

    from .argument_file import read_argument_file
    from .local_run import component_to_run, run_locally

    emulated = _emulated(aws, lifecycle)

    try:
        task, signature = component_to_run(component, root)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="COMPONENT") from None
    arguments, problems = read_argument_file(args_file, signature)
    if problems.errors:
        for line in [f"warning: {w}" for w in problems.warnings] + [f"error: {e}" for e in problems.errors]:
            click.echo(line, err=True)
        click.echo(f"{len(problems.errors)} problem(s) in {args_file}; nothing was run.", err=True)
        sys.exit(2)
    with tempfile.TemporaryDirectory(prefix="kfp-outputs-") as temporary:
        sys.exit(run_locally(task, arguments, outputs or Path(temporary), lifecycle=emulated, backend=backend))


@main.command("run-pipeline", short_help="Run a compiled pipeline task by task, as a KFP backend would.")
@click.argument("pipeline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--arg", "pairs", multiple=True, metavar="NAME=VALUE",
              help="A pipeline argument (repeatable); a value of a non-text parameter is read as YAML.")
@run_options
def run_pipeline_command(pipeline: Path, pairs: tuple[str, ...], backend: str, aws: bool, outputs: Path | None,
                         lifecycle: str | None) -> None:
    """Run PIPELINE, a pipeline compiled by kfp 2.x (its YAML), task by task on this machine.

    Each task's command line is resolved by the backend profile from the pipeline, its arguments
    and the outputs of the tasks before it, and runs against an AWS API emulator embedded in this
    run (or, with --aws, the AWS the environment names). The first task that fails ends the run,
    with its exit code.
    """
    import tempfile

    import yaml

    from .argument_file import did_you_mean
    from .local_run import aws_environment
    from .pipeline_run import missing_arguments, parameters, read_pipeline, run_pipeline

    emulated = _emulated(aws, lifecycle)

    try:
        ir = read_pipeline(pipeline)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="PIPELINE") from None
    defined = parameters(ir)
    arguments = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if equals and name not in defined and (close := did_you_mean(name, list(defined))):
            raise click.BadParameter(f"{pair!r}: {name} is not a parameter of the pipeline; {close}", param_hint="--arg")
        if not equals or name not in defined:
            raise click.BadParameter(f"{pair!r}: give NAME=VALUE with one of the pipeline's parameters: "
                                     f"{', '.join(defined) or '(none)'}", param_hint="--arg")
        if name in arguments:
            raise click.BadParameter(f"{name} is given more than once; give each parameter one value",
                                     param_hint="--arg")
        arguments[name] = value if defined[name]["parameterType"] == "STRING" else yaml.safe_load(value)
    if missing := missing_arguments(ir, arguments):
        raise click.BadParameter(f"the pipeline needs a value for {', '.join(missing)}", param_hint="--arg")
    with tempfile.TemporaryDirectory(prefix="kfp-outputs-") as temporary, aws_environment(emulated, click.echo) as env:
        code, _ = run_pipeline(ir, arguments, outputs or Path(temporary), env=env, backend=backend)
    sys.exit(code)


@main.command(short_help="Build the docs site from docs/ (strict: any warning fails).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the HTML site  [default: site/ in the project folder]")
@root_option
def docs(out: Path | None, root: Path) -> None:
    """Build the docs site (docs/, whose component pages `generate` writes from the specs) as
    static HTML with Sphinx, in strict mode: any warning, such as a broken link or a page in no
    table of contents, fails the build with exit code 1. Refuses to build from out-of-date pages."""
    from .docs_site import build

    project = Project(root)
    if project.installed:
        raise click.UsageError("the docs site is built from a checkout of the project (its docs/ folder)")
    out_of_date = [name for name, folder, rendered in _render(project.outputs) if compare(rendered, folder)]
    if out_of_date:
        click.echo(f"{' and '.join(out_of_date)} out of date; first run: {GENERATE_COMMAND}", err=True)
        sys.exit(1)
    out = out or project.root / "site"
    result = build(project.root / "docs", out)
    for line in result.warnings:
        click.echo(line, err=True)
    if result.code:
        click.echo(f"the docs site did not build: {len(result.warnings)} warning(s) or error(s)", err=True)
        sys.exit(1)
    click.echo(f"built {(out / 'index.html').as_posix()}")
