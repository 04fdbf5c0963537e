"""A WSGI wrapper around moto's server app: records every request and answers injected faults."""

from __future__ import annotations

import io
import json
import re
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs

from werkzeug.wsgi import get_input_stream

#: Fault kinds: throttle (400 ThrottlingException), error500 (500 InternalFailure), reset (the
#: connection is closed before moto sees the request), reset_after (moto handles the request, then
#: the connection is closed instead of sending the answer, as when a response is lost on the way),
#: slow (the request is held for the seconds given to ``inject``, then moto answers it; it is
#: recorded on arrival, so a test knows the client is inside that call; ``reset()`` ends the hold by
#: closing the connection, so a request from before a reset never reaches moto after it).
FAULTS = ("throttle", "error500", "reset", "reset_after", "slow")

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass
class RecordedRequest:
    """One request the server received (fault-answered ones too)."""

    service: str | None
    operation: str | None
    body: dict[str, Any]
    time: float
    method: str
    path: str
    region: str | None = None
    user_agent: str = ""
    access_key: str | None = None  # of the credentials that signed the request
    #: The injected fault that answered this request, if any.
    fault: str | None = None
    #: HTTP status sent back (None when the connection was dropped, or not yet answered).
    status: int | None = None
    raw: bytes = field(default=b"", repr=False)

    @property
    def faulted(self) -> bool:
        """True if an injected fault answered this request instead of (or after) moto."""
        return self.fault is not None


@dataclass(frozen=True)
class Fault:
    """An injected fault: its kind (one of FAULTS) and, for "slow", how long the request is held."""

    kind: str
    seconds: float = 0.0


class Recorder(Protocol):
    """What the wrapper needs from the Emulator."""

    def take_fault(self, operation: str | None) -> Fault | None:
        """The next fault registered for this operation, consumed (None if there is none)."""

    def record(self, request: RecordedRequest) -> None:
        """Keep a received request."""

    def hold(self, seconds: float) -> bool:
        """Wait ``seconds``; False if the emulator was reset meanwhile."""


class DroppedConnection(ConnectionAbortedError):
    """Raised to the WSGI server after the emulator has shut the client's socket down."""


def _parse(environ: dict[str, Any], raw: bytes) -> RecordedRequest:
    """Service, operation and body of a request, as far as the headers and body tell."""
    access_key = region = service = operation = None
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match:
        access_key, region, service = match.groups()
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    content_type = environ.get("CONTENT_TYPE", "")
    body: dict[str, Any] = {}
    if target or "json" in content_type:
        if target:
            operation = target.rsplit(".", 1)[-1]
        try:
            parsed = json.loads(raw or b"{}")
            body = parsed if isinstance(parsed, dict) else {"": parsed}
        except ValueError:
            body = {}
    elif "x-www-form-urlencoded" in content_type:
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        body = {k: v[0] if len(v) == 1 else v for k, v in form.items()}
        operation = body.get("Action")
    return RecordedRequest(
        service=service,
        operation=operation,
        body=body,
        time=time.time(),
        method=environ.get("REQUEST_METHOD", ""),
        path=environ.get("PATH_INFO", ""),
        region=region,
        user_agent=environ.get("HTTP_USER_AGENT", ""),
        access_key=access_key,
        raw=raw,
    )


def _json_error(start_response: Callable[..., Any], status: str, payload: dict[str, str]) -> list[bytes]:
    """An AWS JSON-protocol error response."""
    data = json.dumps(payload).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
        ],
    )
    return [data]


def _drop(environ: dict[str, Any]) -> None:
    """Shut the client's socket down without a response (the client sees the connection close)."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise DroppedConnection("emulator: injected dropped connection")


class RecordingApp:
    """WSGI middleware in front of moto: record, maybe fault, else pass on to moto."""

    def __init__(self, app: Callable[..., Iterable[bytes]], recorder: Recorder) -> None:
        self.app = app
        self.recorder = recorder

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return self.app(environ, start_response)
        raw = get_input_stream(environ).read()
        # moto reads the body again, so hand it a fresh copy.
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        request = _parse(environ, raw)
        fault = self.recorder.take_fault(request.operation)
        request.fault = fault.kind if fault else None
        self.recorder.record(request)

        if fault is not None and fault.kind == "slow" and not self.recorder.hold(fault.seconds):
            _drop(environ)

        if request.fault == "throttle":
            request.status = 400
            return _json_error(
                start_response, "400 Bad Request", {"__type": "ThrottlingException", "message": "Rate exceeded"}
            )
        if request.fault == "error500":
            request.status = 500
            return _json_error(start_response, "500 Internal Server Error", {"__type": "InternalFailure"})
        if request.fault == "reset":
            _drop(environ)

        def recording_start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
            request.status = int(status.split(None, 1)[0])
            return start_response(status, headers, exc_info)

        if request.fault == "reset_after":
            # moto handles the request (e.g. creates the job), but its answer never leaves.
            answer = self.app(environ, lambda status, headers, exc_info=None: lambda data: None)
            try:
                for _ in answer:
                    pass
            finally:
                close = getattr(answer, "close", None)
                if close is not None:
                    close()
            _drop(environ)
        return self.app(environ, recording_start_response)
