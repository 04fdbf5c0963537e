"""Write rendered artifacts to generated/, or compare them with what is there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

IGNORED = {"__pycache__"}


@dataclass(frozen=True)
class Drift:
    stale: list[Path]  # on disk but different
    missing: list[Path]  # rendered but not on disk
    orphaned: list[Path]  # on disk but rendered from nothing

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.orphaned)


def on_disk(generated: Path) -> set[Path]:
    if not generated.exists():
        return set()
    return {
        path.relative_to(generated)
        for path in generated.rglob("*")
        if path.is_file() and not IGNORED.intersection(path.relative_to(generated).parts)
    }


def compare(rendered: dict[Path, str], generated: Path) -> Drift:
    existing = on_disk(generated)
    stale = [p for p in sorted(rendered) if p in existing and (generated / p).read_bytes() != rendered[p].encode()]
    missing = [p for p in sorted(rendered) if p not in existing]
    orphaned = sorted(existing - set(rendered))
    return Drift(stale, missing, orphaned)


def write(rendered: dict[Path, str], generated: Path) -> Drift:
    """Bring generated/ in line with the render: write what changed, delete orphans."""
    drift = compare(rendered, generated)
    for path in [*drift.stale, *drift.missing]:
        _put(generated / path, rendered[path])
    for path in drift.orphaned:
        (generated / path).unlink()
    for folder in sorted({p.parent for p in drift.orphaned}, key=lambda p: -len(p.parts)):
        if folder != Path(".") and not any((generated / folder).iterdir()):
            (generated / folder).rmdir()
    return drift


def write_copy(rendered: dict[Path, str], folder: Path) -> list[Path]:
    """Write every rendered file under `folder`, a folder of the user's: nothing else there is
    touched, so unlike `write` this deletes nothing. Returns the paths written."""
    for path in sorted(rendered):
        _put(folder / path, rendered[path])
    return [folder / path for path in sorted(rendered)]


def _put(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode())  # bytes: LF endings on every platform
