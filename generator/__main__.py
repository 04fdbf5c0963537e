"""`sagemaker-kfp` (or `python -m sagemaker_kfp_components.generator`): the maintainer's command line."""

import sys

PROG = "sagemaker-kfp"


def main() -> None:
    try:
        try:
            from .cli import main as cli
        except ModuleNotFoundError as error:
            if sys.argv[1:] == ["--version"]:  # the version needs no extra; click's wording
                from .. import __version__

                print(f"{PROG}, version {__version__}")
                return
            sys.exit(f"{PROG} needs the generator extra ({error.name} is not installed): "
                     "pip install 'sagemaker-kfp-components[generator]'")
        cli(prog_name=PROG)
    except KeyboardInterrupt:  # Ctrl-C while the command line loads; from then on cli.py says what it stopped
        print(f"{PROG}: interrupted while starting; nothing was done", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    if __package__ == "generator":
        # `python -m generator` at a checkout's root finds this folder as a top-level package: run the
        # same command line as part of the package it is installed in (pip install -e .).
        try:
            from sagemaker_kfp_components.generator.__main__ import main
        except ModuleNotFoundError:
            sys.exit(f"{sys.executable} has no sagemaker_kfp_components installed: use the checkout's venv "
                     "(.venv/bin/sagemaker-kfp, see README.md's Quickstart) or pip install -e '.[dev]'")
    main()
