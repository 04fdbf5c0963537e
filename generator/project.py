"""Where a project's specs, templates and generated files are, and how they are loaded together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import SpecError
from generator.model import Component
from generator.render import render_all
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

    def render(self) -> dict[Path, str]:
        return render_all(self.components(), self.templates)
