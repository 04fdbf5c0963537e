"""stdout and stderr that outlive their reader.

On KFP 2.5 and later the step's stdout and stderr are a pipe into the KFP launcher, which exits at
once on SIGTERM; Python ignores SIGPIPE, so every write after that raises BrokenPipeError. The step
must still stop its job and exit with its own code: once a stream's reader is gone, the stream's
file descriptor is pointed at /dev/null (as Python's documentation advises for SIGPIPE), so that
what it writes afterwards, the interpreter's flush at exit included, goes nowhere without an error.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


class ReaderlessStream:
    """A text stream whose writes and flushes drop what they write once its reader is gone."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._to_devnull()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_devnull()

    def _to_devnull(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)
        self._stream.flush()  # what the buffer still holds goes to /dev/null now, not at exit

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def outlive_readers() -> None:
    """Make sys.stdout and sys.stderr ReaderlessStreams, once: every print of the step goes through them."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, ReaderlessStream):
            setattr(sys, name, ReaderlessStream(stream))
