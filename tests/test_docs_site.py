"""The docs site: `sagemaker-kfp docs` builds docs/ with zero warnings, a broken site fails the
strict build, the component pages' examples run, and in a real headless browser (Debian's
chromium, driven by playwright) every component page shows its argument tables and the search
page finds an argument by name.

The site is built once per test process (with pytest-xdist, once per worker, each into its own
temporary folder)."""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.generator.docs_site import build
from sagemaker_kfp_components.generator.project import Project

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
#: Quiet, offline, and runnable as root in a container.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
COMPONENTS = Project(ROOT).components()
BY_NAME = pytest.mark.parametrize("component", COMPONENTS, ids=[c.name for c in COMPONENTS])


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run("docs", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr  # not one warning
    assert result.stdout == f"built {(out / 'index.html').as_posix()}\n"
    return out


def test_the_site_builds_without_a_warning_and_has_every_page(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    expected = {"index.html", "search.html", "changelog.html", "kfp-task-identity.html", "components/index.html",
                *(f"components/{c.name}.html" for c in COMPONENTS),
                *(f"guides/{p.stem}.html" for p in (ROOT / "docs" / "guides").glob("*.md"))}
    assert expected <= pages, expected - pages
    assert "## 0.1.0" not in (site / "changelog.html").read_text(encoding="utf-8")  # included as Markdown, not text
    assert "0.1.0" in (site / "changelog.html").read_text(encoding="utf-8")


# --- A broken site fails the strict build ----------------------------------------------------------


@pytest.fixture
def docs_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path)  # docs/changelog.md includes ../CHANGELOG.md
    return tmp_path / "docs"


def test_the_copy_builds(docs_copy, tmp_path):
    result = build(docs_copy, tmp_path / "site")
    assert (result.code, result.warnings) == (0, [])


BREAKAGES = {
    "a page in no toctree": (lambda docs: (docs / "guides" / "orphan.md").write_text("# Orphan\n", encoding="utf-8"),
                             "document isn't included in any toctree"),
    "a link to a missing page": (lambda docs: _append(docs / "guides" / "caching.md", "[gone](nowhere.md)"),
                                 "cross-reference target not found: 'nowhere.md'"),
    "a link to a missing anchor": (lambda docs: _append(docs / "guides" / "caching.md", "[gone](retries.md#no-such-part)"),
                                   "no-such-part"),
    "a toctree entry that is no page": (lambda docs: _replace(docs / "index.md", "guides/caching\n", "guides/caching\nguides/gone\n"),
                                        "nonexisting document 'guides/gone'"),
    "a missing include": (lambda docs: (docs.parent / "CHANGELOG.md").unlink(), "file not found"),
}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("breakage", "warning"), BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_site_fails_the_build_and_says_why(docs_copy, tmp_path, breakage, warning):
    breakage(docs_copy)
    result = build(docs_copy, tmp_path / "site")
    assert result.code == 1
    assert any(warning in line for line in result.warnings), result.warnings


def test_the_command_refuses_out_of_date_pages_and_names_the_fix(tmp_path):
    for folder in ("specs", "templates", "generated", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copy(ROOT / name, tmp_path)
    _append(tmp_path / "docs" / "components" / "training.md", "Edited by hand.")
    result = run("docs", "--root", str(tmp_path), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert result.stderr == "docs/components/ out of date; first run: sagemaker-kfp generate\n"
    assert not (tmp_path / "site").exists()


# --- What the component pages say ------------------------------------------------------------------


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", page.read_text(encoding="utf-8"), re.S | re.M)


@BY_NAME
def test_a_component_pages_examples_run(component, tmp_path, monkeypatch):
    """The typed function in a pipeline compiled with kfp 2.x, and load_component."""
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(ROOT / "docs" / "components" / f"{component.name}.md")
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, f"{component.name}.md", "exec"), {"__name__": "example"})
    assert "pipelineInfo" in (tmp_path / "pipeline.yaml").read_text(encoding="utf-8")


# --- In a browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site):
    """The built site over HTTP on 127.0.0.1 (Sphinx's search loads its index with a request)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def browser():
    # CI installs it (apt-get install -y chromium); a missing browser must fail, not skip.
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def first_cells(table) -> list[str]:
    return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]


@BY_NAME
def test_a_component_page_shows_every_argument_in_its_groups_tables(component, served, page):
    page.goto(f"{served}/components/{component.name}.html")
    assert page.locator("h1").first.inner_text().startswith(component.title)
    headers = [" ".join(table.locator("thead th").all_inner_texts()) for table in page.locator("table").all()]
    tables = dict(enumerate(page.locator("table").all()))
    argument_tables = [tables[i] for i, header in enumerate(headers) if header.startswith("Argument Type Default")]
    assert len(argument_tables) == len(component.grouped_arguments)
    subheadings = page.locator("h3").all_inner_texts()
    for (group, args), table in zip(component.grouped_arguments, argument_tables):
        assert any(text.startswith(group.title) for text in subheadings), (group.title, subheadings)
        assert first_cells(table) == [arg.name for arg in args], group.title
    (outputs,) = [tables[i] for i, header in enumerate(headers) if header.startswith("Output Type")]
    assert first_cells(outputs) == [out.name for out in component.outputs]


def test_the_training_page_has_instance_type_in_a_table_and_its_values_link_works(served, page):
    page.goto(f"{served}/components/training.html")
    row = page.locator("table tr", has_text="instance_type").first
    assert "ResourceConfig.InstanceType" in row.inner_text()
    row.get_by_role("link", name="instance_type values").click()
    assert page.url.endswith("#instance-type-values")
    assert page.locator("#instance-type-values").is_visible()


def test_every_link_within_a_component_page_has_its_target(served, page):
    for component in COMPONENTS:
        page.goto(f"{served}/components/{component.name}.html")
        anchors = [a.get_attribute("href") for a in page.locator("article a[href^='#']").all()]
        for anchor in anchors:
            assert page.locator(f"[id='{anchor[1:]}']").count() == 1, (component.name, anchor)


def own_arguments() -> dict[str, str]:
    """Component name -> its first argument that no other component has (when it has one), so
    that the search must find that component's page."""
    own = {}
    for component in COMPONENTS:
        others = {arg.name for c in COMPONENTS if c is not component for arg in c.arguments}
        names = [arg.name for arg in component.arguments if arg.name not in others]
        if names:
            own[component.name] = names[0]
    return own


OWN_ARGUMENTS = own_arguments()


def search(page, served: str, query: str) -> list[str]:
    """The pages the site's search lists for `query`, once it has finished."""
    page.goto(f"{served}/search.html?q={query}")
    page.wait_for_function("(document.querySelector('#search-results .search-summary') || {}).innerText?.includes('found')",
                           timeout=20_000)
    return [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]


@pytest.mark.parametrize(("component", "argument"), OWN_ARGUMENTS.items(), ids=OWN_ARGUMENTS.keys())
def test_the_search_finds_an_argument_by_name(component, argument, served, page):
    assert f"components/{component}.html" in search(page, served, argument)


def test_the_search_finds_every_page_with_instance_type(served, page):
    found = search(page, served, "instance_type")
    with_it = [c.name for c in COMPONENTS if "instance_type" in {arg.name for arg in c.arguments}]
    assert {f"components/{name}.html" for name in with_it} <= set(found), found
    assert "components/training.html" in found
