"""``python -m sagemaker_kfp_components.emulator``: run the emulator until Ctrl-C, for local demos."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from typing import Any

from .. import __version__
from ._lifecycle import NAMES as LIFECYCLE_NAMES

DESCRIPTION = """\
Run the SageMaker API emulator (moto's server, extended with job lifecycles,
logs and endpoints) on this machine until Ctrl-C or SIGTERM. It prints the
AWS_* variables that point boto3 at it: run those export lines in a shell,
and a sagemaker-kfp run ... --aws (or any boto3 program) started from that
shell calls the emulator. What it holds lasts until it stops."""

LIFECYCLES = """\
lifecycles (what each job goes through once created; a model is ready at once):
  default  a job completes in about a second (a training job: Starting,
           Downloading, Training with a few log lines, Uploading, Completed);
           an endpoint is InService in under a second
  demo     each kind's own phases and log lines at a watchable pace (about
           5 s), as in the emulator sagemaker-kfp run embeds
  failing  a job fails, its error in its log; an endpoint fails its health
           check
  none     a job stays InProgress and an endpoint Creating, until stopped"""


def _interrupt(signum: int, frame: Any) -> None:
    """Treat SIGTERM like Ctrl-C."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Start a server, print its URL and environment, serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m sagemaker_kfp_components.emulator", description=DESCRIPTION,
                                     epilog=LIFECYCLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=0, help="0 (default) picks a free port")
    parser.add_argument("--region", default="us-east-1",
                        help="the region it says it is in, as AWS_DEFAULT_REGION (default: us-east-1)")
    parser.add_argument(
        "--lifecycle",
        choices=LIFECYCLE_NAMES,
        default="default",
        help="what each created job and endpoint goes through (default: default; see below)",
    )
    args = parser.parse_args(argv)
    try:
        from . import Emulator, Lifecycle
    except ModuleNotFoundError as error:  # moto: the emulator extra (emulator/__init__.py)
        sys.exit(f"{parser.prog}: {error}")
    # Ctrl-C even when started from a shell that ignores SIGINT in background jobs; SIGTERM too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    lifecycle = Lifecycle.named(args.lifecycle)
    with Emulator(port=args.port, host=args.host, region=args.region, lifecycle=lifecycle) as emu:
        print(f"SageMaker emulator listening on {emu.url}", flush=True)
        for key, value in emu.aws_env().items():
            print(f"export {key}={shlex.quote(value)}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
