"""`sagemaker-kfp generate|check` on a temporary copy of the project (specs/, templates/, generated/,
and the docs site's generated pages, docs/components/)."""

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from fixture_specs import FIXTURE_SUITE
from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.generator.errors import SpecError
from sagemaker_kfp_components.generator.spec_loader import load_spec

ROOT = Path(__file__).resolve().parents[1]
INVALID = Path(__file__).resolve().parent / "fixtures" / "specs" / "invalid"
FIX_COMMAND = "sagemaker-kfp generate"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for folder in ("specs", "templates", "generated", "docs/components"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root/generated, by relative path, with its bytes."""
    generated = root / "generated"
    return {p.relative_to(generated).as_posix(): p.read_bytes() for p in sorted(generated.rglob("*")) if p.is_file()}


def test_check_passes_on_a_clean_copy(project):
    result = run("check", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert "generated/ is up to date" in result.stdout
    assert result.stderr == ""


def edit(root: Path) -> tuple[str, str]:
    path = root / "generated" / "training" / "README.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Outputs", "## Outputs (edited by hand)"), encoding="utf-8")
    return "stale", "generated/training/README.md"


def edit_same_size(root: Path) -> tuple[str, str]:
    """A changed limit of the same length: only the contents tell."""
    path = root / "generated" / "hyperparameter_tuning" / "validation.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2419200", "2419209"), encoding="utf-8")
    assert path.stat().st_size == len(text.encode())
    return "stale", "generated/hyperparameter_tuning/validation.py"


def delete(root: Path) -> tuple[str, str]:
    (root / "generated" / "training" / "validation.py").unlink()
    return "missing", "generated/training/validation.py"


def orphan(root: Path) -> tuple[str, str]:
    path = root / "generated" / "retired" / "component.yaml"
    path.parent.mkdir()
    path.write_text("name: retired\n", encoding="utf-8")
    return "orphaned", "generated/retired/component.yaml"


DAMAGE = {"edited": edit, "edited, same size": edit_same_size, "deleted": delete, "orphaned": orphan}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_check_names_the_drifted_file_and_the_fix(project, damage):
    label, name = damage(project)
    result = run("check", "--root", str(project))
    assert result.exit_code != 0
    assert f"{label}: {name}" in result.stderr.splitlines()
    assert FIX_COMMAND in result.stderr
    assert "up to date" not in result.stdout


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_generate_repairs_the_drift(project, damage):
    clean = tree(project)
    label, name = damage(project)
    result = run("generate", "--root", str(project))
    assert result.exit_code == 0, result.output
    verb = "deleted" if label == "orphaned" else "wrote"
    assert result.stdout.splitlines() == [f"{verb} {name}"]
    assert tree(project) == clean
    assert not (project / "generated" / "retired").exists()  # the orphan's emptied folder goes too
    assert run("check", "--root", str(project)).exit_code == 0


def test_generate_repairs_every_drift_at_once(project):
    clean = tree(project)
    drifted = [damage(project) for damage in DAMAGE.values()]
    check = run("check", "--root", str(project))
    assert check.exit_code != 0
    for label, name in drifted:
        assert f"{label}: {name}" in check.stderr.splitlines()
    result = run("generate", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == sorted(
        f"{'deleted' if label == 'orphaned' else 'wrote'} {name}" for label, name in drifted
    )
    assert tree(project) == clean
    assert run("check", "--root", str(project)).exit_code == 0


def test_generate_deletes_orphans_at_any_depth_and_only_the_folders_they_leave_empty(project):
    clean = tree(project)
    orphans = ["retired/component.yaml", "retired/old/notes.md", "training/notes.md"]
    for name in orphans:
        path = project / "generated" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("left over\n", encoding="utf-8")
    result = run("generate", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"deleted generated/{name}" for name in orphans]
    assert tree(project) == clean
    assert not (project / "generated" / "retired").exists()  # emptied from the deepest folder up
    assert (project / "generated" / "training").is_dir()


def test_generating_twice_gives_identical_files(project):
    committed = tree(project)
    shutil.rmtree(project / "generated")
    first = run("generate", "--root", str(project))
    assert first.exit_code == 0, first.output
    assert sorted(first.stdout.splitlines()) == sorted(f"wrote generated/{name}" for name in committed)
    once = tree(project)
    second = run("generate", "--root", str(project))
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == ["generated/ was already up to date", "docs/components/ was already up to date"]
    assert tree(project) == once == committed


def test_help_for_the_group():
    result = run("--help")
    assert result.exit_code == 0
    assert "Generate the SageMaker components from their specs" in result.stdout
    for command in main.commands:
        assert command in result.stdout
    assert run("-h").stdout == result.stdout


def commands(group: click.Group = main, words: tuple[str, ...] = ()):
    """(words, command) for every command, the subcommands of a group (`image build`) included."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*words, name))
        else:
            yield (*words, name), command


@pytest.mark.parametrize(("words", "command"), [pytest.param(*c, id=" ".join(c[0])) for c in commands()])
def test_help_for_each_command(words, command):
    result = run(*words, "--help")
    assert result.exit_code == 0
    assert command.help.splitlines()[0] in " ".join(result.stdout.split())
    # Each command that reads the project takes its folder; run-pipeline reads only the compiled pipeline.
    assert ("--root" in result.stdout) == (words != ("run-pipeline",))


@pytest.mark.parametrize("module", ["sagemaker_kfp_components.generator", "generator"])
def test_module_entry_point_help(module):
    """The package's module, and `python -m generator` at the checkout's root (where the folder is a
    top-level package of its own), run the same command line."""
    result = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: sagemaker-kfp ")
    assert {"generate", "check"} <= set(result.stdout.split())


def test_module_entry_point_from_an_interpreter_without_the_package_says_which_to_use():
    # -S: no site-packages, as a system Python that never had the project installed.
    result = subprocess.run([sys.executable, "-S", "-m", "generator", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"{sys.executable} has no sagemaker_kfp_components installed: use the checkout's "
                                     "venv (.venv/bin/sagemaker-kfp, see README.md's Quickstart) or pip install -e '.[dev]'")


#: The generator extra's modules, made unimportable in a subprocess, as where only the package is installed.
WITHOUT_THE_GENERATOR_EXTRA = ("import sys\n"
                               "for name in ('click', 'jinja2', 'yaml', 'jsonschema', 'kfp'):\n"
                               "    sys.modules[name] = None\n"
                               "from sagemaker_kfp_components.generator.__main__ import main\n"
                               "main()\n")


def test_version_needs_no_generator_extra_and_says_what_click_says():
    from sagemaker_kfp_components import __version__

    bare = subprocess.run([sys.executable, "-c", WITHOUT_THE_GENERATOR_EXTRA, "--version"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (bare.returncode, bare.stdout, bare.stderr) == (0, f"sagemaker-kfp, version {__version__}\n", "")
    assert run("--version").stdout == bare.stdout


def test_other_commands_without_the_generator_extra_name_it():
    bare = subprocess.run([sys.executable, "-c", WITHOUT_THE_GENERATOR_EXTRA, "check"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (bare.returncode, bare.stdout) == (1, "")
    assert bare.stderr == ("sagemaker-kfp needs the generator extra (click is not installed): "
                           "pip install 'sagemaker-kfp-components[generator]'\n")


@pytest.mark.parametrize("command", ["generate", "check"])
def test_invalid_spec_fails_and_writes_nothing(project, command):
    invalid = project / "specs" / "broken.yaml"
    shutil.copy(INVALID / "several_problems.yaml", invalid)
    edit(project)
    delete(project)  # so that anything `generate` wrote would show
    before = tree(project)
    with pytest.raises(SpecError) as raised:
        load_spec(invalid, project, FIXTURE_SUITE)
    result = run(command, "--root", str(project))
    assert result.exit_code == 1  # the specs are wrong; 2 would say the command line is
    lines = result.stderr.splitlines()
    assert lines[:-1] == [str(problem) for problem in raised.value.problems]
    assert all(line.startswith("specs/broken.yaml:") for line in lines[:-1])
    assert lines[-1] == f"{len(raised.value.problems)} problem(s) in the specs; nothing was written."
    assert result.stdout == ""
    assert tree(project) == before


def test_unknown_option_is_an_error(project):
    result = run("check", "--roots", str(project))
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_check_in_fresh_processes_with_other_hash_seeds(project):
    """Output does not depend on set or dict ordering of one process: `check` agrees from another seed."""
    def check(seed: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sagemaker_kfp_components.generator", "check", "--root", str(project)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
            env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed},
        )

    clean = check("1")
    assert clean.returncode == 0, clean.stderr
    delete(project)
    drifted = check("2")
    assert drifted.returncode == 1
    assert "missing: generated/training/validation.py" in drifted.stderr.splitlines()


@pytest.mark.parametrize("group", [[], ["image"]])
def test_command_lists_are_not_cut_off(group):
    result = CliRunner().invoke(main, [*group, "--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    assert "..." not in listed, listed


# --- The docs site's component pages (docs/components/), generated and checked like generated/ ----


def docs_tree(root: Path) -> dict[str, bytes]:
    pages = root / "docs" / "components"
    return {p.relative_to(pages).as_posix(): p.read_bytes() for p in sorted(pages.rglob("*")) if p.is_file()}


def edit_page(root: Path) -> tuple[str, str]:
    path = root / "docs" / "components" / "training.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Outputs", "## Outputs (edited by hand)"), encoding="utf-8")
    return "stale", "docs/components/training.md"


def delete_page(root: Path) -> tuple[str, str]:
    (root / "docs" / "components" / "index.md").unlink()
    return "missing", "docs/components/index.md"


def orphan_page(root: Path) -> tuple[str, str]:
    (root / "docs" / "components" / "retired.md").write_text("# Retired\n", encoding="utf-8")
    return "orphaned", "docs/components/retired.md"


DOCS_DAMAGE = {"edited": edit_page, "deleted": delete_page, "orphaned": orphan_page}


@pytest.mark.parametrize("damage", DOCS_DAMAGE.values(), ids=DOCS_DAMAGE.keys())
def test_check_and_generate_cover_the_docs_pages(project, damage):
    clean = docs_tree(project)
    label, name = damage(project)
    check = run("check", "--root", str(project))
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [f"{label}: {name}", f"docs/components/ out of date; fix it with: {FIX_COMMAND}"]
    result = run("generate", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{'deleted' if label == 'orphaned' else 'wrote'} {name}"]
    assert docs_tree(project) == clean
    assert run("check", "--root", str(project)).stdout.splitlines() == ["generated/ is up to date", "docs/components/ is up to date"]


def test_a_page_per_spec_and_the_index_and_nothing_else_under_docs_components(project):
    specs = sorted(p.stem for p in (project / "specs").glob("*.yaml"))
    assert sorted(docs_tree(project)) == sorted([f"{name}.md" for name in specs] + ["index.md"])


def test_a_new_spec_gets_its_page(project):
    shutil.copy(project / "specs" / "model.yaml", project / "specs" / "model_copy.yaml")
    spec = project / "specs" / "model_copy.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("name: model\n", "name: model_copy\n", 1), encoding="utf-8")
    result = run("generate", "--root", str(project))
    assert result.exit_code == 0, result.output
    assert {"wrote docs/components/model_copy.md", "wrote docs/components/index.md"} <= set(result.stdout.splitlines())
    assert "(model_copy.md)" in (project / "docs" / "components" / "index.md").read_text(encoding="utf-8")
