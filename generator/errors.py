"""Spec errors: collected, never raised one at a time, so a maintainer sees every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SpecProblem:
    file: str
    location: str
    problem: str
    hint: str

    def __str__(self) -> str:
        return f"{self.file}:{self.location}: {self.problem}; {self.hint}"


class SpecError(Exception):
    """Raised once, after loading, with every problem found."""

    def __init__(self, problems: list[SpecProblem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class Problems:
    """Collects the problems of one spec file."""

    file: str
    found: list[SpecProblem] = field(default_factory=list)

    def add(self, location: str, problem: str, hint: str) -> None:
        self.found.append(SpecProblem(self.file, location, problem, hint))

    def raise_if_any(self) -> None:
        if self.found:
            raise SpecError(self.found)
