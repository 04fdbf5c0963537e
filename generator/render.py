"""Render every artifact of every spec, in memory, with one Jinja environment.

The template for an output is named after it: templates/component/README.md.j2 becomes
generated/<component>/README.md, and templates/__init__.py.j2 becomes generated/__init__.py. The
docs site's generated pages follow the same rule under DOCS_PAGES: templates/docs/components/index.md.j2
becomes docs/components/index.md, and templates/docs/components/component.md.j2 (`component`
again standing for each component) becomes docs/components/<component>.md.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .builtin_algorithms import DATA_PATH, table_literals
from .docs_pages import ComponentPage
from .model import Component, Suite

GENERATE_COMMAND = "sagemaker-kfp generate"
#: The docs site's generated pages, relative to both templates/ and the project root.
DOCS_PAGES = Path("docs/components")
COMMENT_STYLES = {".py": "# {}", ".yaml": "# {}", ".md": "<!-- {} -->"}


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def header(output: Path, source: str, command: str = GENERATE_COMMAND) -> str:
    """The first line of every generated file: where it comes from and how to regenerate it."""
    text = f"Generated from {source} by `{command}`. Do not edit: change the spec or the template and regenerate."
    return COMMENT_STYLES[output.suffix].format(text)


def render_all(components: list[Component], suite: Suite, templates: Path, algorithms: dict,
               command: str = GENERATE_COMMAND) -> dict[Path, str]:
    """Relative output path (under generated/) -> content, for every spec and template, and the
    built-in algorithms' table from their data (generator/builtin_algorithms.py)."""
    env = environment(templates)
    rendered: dict[Path, str] = {}
    for template_path in sorted((templates / "component").glob("*.j2")):
        template = env.get_template(f"component/{template_path.name}")
        for component in components:
            output = Path(component.name) / template_path.stem
            rendered[output] = template.render(c=component, header=header(output, component.spec_path, command))
    index = Path("__init__.py")
    sources = ", ".join(c.spec_path for c in components)
    rendered[index] = env.get_template("__init__.py.j2").render(
        components=components, component_names=repr(tuple(c.name for c in components)), suite=suite,
        header=header(index, sources))
    listing = Path("README.md")
    rendered[listing] = env.get_template("README.md.j2").render(components=components, header=header(listing, sources))
    table = Path("builtin_algorithms.py")
    rendered[table] = env.get_template("builtin_algorithms.py.j2").render(
        t=table_literals(algorithms), header=header(table, DATA_PATH.as_posix()))
    return rendered


def render_docs(components: list[Component], templates: Path, command: str = GENERATE_COMMAND) -> dict[Path, str]:
    """Relative output path (under DOCS_PAGES) -> content: a page per component and their index."""
    env = environment(templates)
    sources = ", ".join(c.spec_path for c in components)
    rendered: dict[Path, str] = {}
    for template_path in sorted((templates / DOCS_PAGES).glob("*.j2")):
        template = env.get_template((DOCS_PAGES / template_path.name).as_posix())
        output = Path(template_path.stem)
        if output.stem == "component":
            for component in components:
                page = output.with_stem(component.name)
                rendered[page] = template.render(p=ComponentPage(component), header=header(page, component.spec_path, command))
        else:
            rendered[output] = template.render(components=components, header=header(output, sources, command))
    return rendered
