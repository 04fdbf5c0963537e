"""Build the project's wheel from the checkout, as the image's first stage and a user's pip do.

Shared by the tests of what is installed (the image's recipe, the authoring install). The build runs
on a copy of the files the wheel is made of (SOURCES, which are also the image's build context):
setuptools writes build/ and *.egg-info beside pyproject.toml, so two builds in the checkout at once
(pytest-xdist workers) would share them, and a module deleted from the source would linger in
build/lib and still be packaged. No build isolation: setuptools is already in the dev venv, and an
isolated build would download it for every test session.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Everything the wheel is built from: pyproject.toml's package folders, and the README it names.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "generated", "runtime", "generator", "emulator", "specs", "templates")


def build_wheel(dest: Path) -> Path:
    """Build the wheel (without its dependencies) into `dest` and return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-source-") as tmp:
        source = Path(tmp)
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / name, source / name)
        built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                "--wheel-dir", str(dest), str(source)],
                               capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        raise RuntimeError(f"pip wheel failed:\n{built.stdout}\n{built.stderr}")
    (wheel,) = dest.glob("sagemaker_kfp_components-*.whl")
    return wheel
