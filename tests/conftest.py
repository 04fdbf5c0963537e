"""Fixtures shared by the test modules that run the step against the emulator."""

from __future__ import annotations

import pytest

from sagemaker_kfp_components.emulator import Emulator, Lifecycle


@pytest.fixture(scope="module")
def server():
    """One emulator per test module (moto's state is process-wide)."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def emu(server):
    """The module's emulator, reset around each test (which also ends a request held by a "slow"
    fault); jobs follow Lifecycle.default() unless the test sets another."""
    server.reset()
    server.lifecycle = Lifecycle.default()
    yield server
    server.reset()


@pytest.fixture
def emu_env(emu, monkeypatch):
    """The emulator, with this process's AWS environment (credentials, region, endpoint) its own, as
    a step's is when it runs against it."""
    for key, value in emu.aws_env().items():
        monkeypatch.setenv(key, value)
    return emu
