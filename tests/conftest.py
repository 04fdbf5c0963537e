"""How many workers `-n auto` starts, and the fixtures shared by the test modules that run the step
against the emulator."""

from __future__ import annotations

import os

import pytest

from sagemaker_kfp_components.emulator import Emulator, Lifecycle


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: two workers per core. Most tests wait on the step's process, a pipeline or the
    emulator's job lifecycle rather than compute; on 2 cores, 4 workers finish the suite in well
    under the time 2 take (bench/README.md, "Test suite")."""
    return 2 * (os.cpu_count() or 1)


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
