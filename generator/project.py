"""Where a project's specs, templates and generated files are, and how they are loaded together.

Two layouts: a checkout (specs/, templates/ and generated/ beside pyproject.toml, which names the
suite's version and image) and the installed package (specs/ and templates/ inside it, the
generated components at its top, the suite's settings in its __init__)."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from . import builtin_algorithms
from .contract import check_component_yaml
from .errors import Problems, SpecError
from .image_ref import ImageRef
from .model import Component, Suite
from .render import DOCS_PAGES, GENERATE_COMMAND, render_all, render_docs
from .spec_loader import load_spec

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path = ROOT

    @property
    def specs(self) -> list[Path]:
        return sorted((self.root / "specs").glob("*.yaml"))

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def installed(self) -> bool:
        """Whether root is the installed package itself rather than a checkout."""
        return (self.root / "__init__.py").is_file() and not (self.root / "pyproject.toml").is_file()

    @property
    def generated(self) -> Path:
        return self.root if self.installed else self.root / "generated"

    @property
    def docs_pages(self) -> Path:
        """The docs site's generated pages (docs/components/); the rest of docs/ is written by hand."""
        return self.root / DOCS_PAGES

    @functools.cached_property
    def suite(self) -> Suite:
        """The version and image every component shares."""
        if self.installed:
            from .. import IMAGE, __version__

            return Suite(__version__, IMAGE)
        pyproject = tomllib.loads((self.root / "pyproject.toml").read_text(encoding="utf-8"))
        return Suite(pyproject["project"]["version"], pyproject["tool"]["sagemaker-kfp-components"]["image"])

    def components(self) -> list[Component]:
        """Every spec's component; SpecError lists the problems of all specs at once."""
        components, problems = [], []
        for path in self.specs:
            try:
                components.append(load_spec(path, self.root, self.suite))
            except SpecError as error:
                problems.extend(error.problems)
        if problems:
            raise SpecError(problems)
        return components

    def component(self, name: str) -> Component:
        components = self.components()
        for component in components:
            if component.name == name:
                return component
        raise KeyError(f"no spec named {name!r}; there are: {', '.join(c.name for c in components)}")

    def render(self, image: ImageRef | None = None, command: str = GENERATE_COMMAND) -> dict[Path, str]:
        """Every generated file; SpecError if a template renders a component.yaml that some
        KFP backend would run differently. With `image`, every component runs that image instead
        (copies for a user's registry: generated/ always names the specs' image)."""
        components = self.components()
        if image is not None:
            components = [component.with_image(image) for component in components]
        rendered = render_all(components, self.suite, self.templates, builtin_algorithms.load(self.root), command)
        template = "templates/component/component.yaml.j2"
        problems = Problems(template)
        for output, text in rendered.items():
            if output.name == "component.yaml":
                check_component_yaml(template, output, text, problems)
        problems.raise_if_any()
        return rendered

    def outputs(self) -> list[tuple[str, Path, dict[Path, str]]]:
        """(name, folder, render) of each folder `generate` owns: generated/, and in a checkout the
        docs site's component pages. The installed package ships no docs/, and its docs are the
        checkout's, so there it owns generated/ (the package itself) only."""
        outputs = [("generated/", self.generated, self.render())]
        if not self.installed:
            outputs.append((f"{DOCS_PAGES.as_posix()}/", self.docs_pages, render_docs(self.components(), self.templates)))
        return outputs
