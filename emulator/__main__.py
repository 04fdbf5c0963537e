"""``python -m sagemaker_kfp_components.emulator``: run the emulator until Ctrl-C, for local demos."""

from __future__ import annotations

import argparse
import shlex
import signal
import threading
from typing import Any

from .. import __version__
from . import Emulator, Lifecycle


def _interrupt(signum: int, frame: Any) -> None:
    """Treat SIGTERM like Ctrl-C."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Start a server, print its URL and environment, serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m sagemaker_kfp_components.emulator", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default) picks a free port")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument(
        "--lifecycle",
        choices=["default", "demo", "failing", "none"],
        default="default",
        help="what each created job goes through (demo: each job kind's own phases and log lines, slower; "
        "none: it stays InProgress)",
    )
    args = parser.parse_args(argv)
    # Ctrl-C even when started from a shell that ignores SIGINT in background jobs; SIGTERM too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    lifecycle = {"default": Lifecycle.default(), "demo": Lifecycle.demo(), "failing": Lifecycle.failing(),
                 "none": None}[args.lifecycle]
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
