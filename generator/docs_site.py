"""Build the docs site (docs/, Sphinx with MyST Markdown and the Furo theme) as static HTML.

The build is strict: any warning (a broken cross-reference or anchor, a page in no toctree, an
include that is missing) fails it, so a site that builds has no dead links between its pages."""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildResult:
    code: int  # Sphinx's exit code: 0 built without a warning
    warnings: list[str]  # one line each, with file and line where Sphinx knows them


def build(source: Path, out: Path) -> BuildResult:
    """Build the HTML site from `source` (a docs/ folder) into `out`, in this process.

    -W turns warnings into errors, --keep-going reports all of them before failing, -n (nitpicky)
    also warns of every reference that resolves to nothing, -E rereads every page (a stale pickled
    environment from an earlier build could hide a warning)."""
    from sphinx.cmd.build import build_main

    doctrees = out / ".doctrees"  # inside the output: a build leaves nothing in the checkout
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        # myst-parser 5 still uses Sphinx APIs that Sphinx 11 removes: a Python warning about
        # myst-parser's code, not about the site, which only a myst-parser release can fix.
        warnings.filterwarnings("ignore", message=r".* is deprecated\. Check CHANGES for Sphinx API", module=r"myst_parser\.")
        code = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-E",
                           "-d", str(doctrees), str(source), str(out)])
    return BuildResult(code, [line for line in errors.getvalue().splitlines() if line.strip()])
