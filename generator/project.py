"""Where a project's specs, templates and generated files are, and how they are loaded together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import builtin_algorithms
from generator.contract import check_component_yaml
from generator.errors import Problems, SpecError
from generator.image_ref import ImageRef
from generator.model import Component
from generator.render import GENERATE_COMMAND, render_all
from generator.spec_loader import load_spec

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
    def generated(self) -> Path:
        return self.root / "generated"

    def components(self) -> list[Component]:
        """Every spec's component; SpecError lists the problems of all specs at once."""
        components, problems = [], []
        for path in self.specs:
            try:
                components.append(load_spec(path, self.root))
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
        rendered = render_all(components, self.templates, builtin_algorithms.load(self.root), command)
        template = "templates/component/component.yaml.j2"
        problems = Problems(template)
        for output, text in rendered.items():
            if output.name == "component.yaml":
                check_component_yaml(template, output, text, problems)
        problems.raise_if_any()
        return rendered
