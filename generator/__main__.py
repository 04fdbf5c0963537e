"""`sagemaker-kfp` (or `python -m sagemaker_kfp_components.generator`): the maintainer's command line."""

import sys


def main() -> None:
    try:
        from .cli import main as cli
    except ModuleNotFoundError as error:
        sys.exit(f"sagemaker-kfp needs the generator extra ({error.name} is not installed): "
                 "pip install 'sagemaker-kfp-components[generator]'")
    cli(prog_name="sagemaker-kfp")


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
