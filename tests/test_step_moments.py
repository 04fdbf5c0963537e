"""The step in this process at the moments only a process used to show: a signal at each point
of the step (before the config, before the resource, once it exists), a config name that another
request holds, an endpoint that serves another config, a Ctrl-C while the arguments are checked,
and how a job's log lines are labelled. The AWS side is the emulator; the signal is a real one,
raised in the step's thread the moment it prints the line that marks the point.
"""

from __future__ import annotations

import re
import signal
import sys

import pytest

from component_cases import create_models
from sagemaker_kfp_components.deploy.entrypoint import main as deploy
from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.model.entrypoint import main as model
from sagemaker_kfp_components.training.entrypoint import main as training
from test_runtime_aws import ROLE, TRAINING_ARGUMENTS

DEPLOY = ["--region", "us-east-1", "--endpoint_name", "served", "--stream_logs", "false"]
MODEL = ["--region", "us-east-1", "--model_name", "made", "--role", ROLE,
         "--image", "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"]


class SignalAt:
    """Standard output that raises `signum` in the printing thread, the step's, when a line starting
    with `start` is printed: the handler runs before the step's next statement, as if the signal
    had come just then."""

    def __init__(self, stdout, start: str, signum: int):
        self.stdout, self.start, self.signum = stdout, start, signum

    def write(self, text: str) -> int:
        written = self.stdout.write(text)
        if text.startswith(self.start):
            self.stdout.flush()
            signal.raise_signal(self.signum)
        return written

    def __getattr__(self, name: str):
        return getattr(self.stdout, name)


#: (step, its arguments, the line the signal comes at, the step's last words, operations never sent)
MOMENTS = {
    "before the training job": (training, [*TRAINING_ARGUMENTS, "--job_name", "held"], "Training job request:",
                                "before training job held was created; nothing to stop", {"CreateTrainingJob"}),
    "before the endpoint config": (deploy, [*DEPLOY, "--model_name_1", "model-a"], "Endpoint config request:",
                                   "before endpoint config {config} was created; nothing to stop",
                                   {"CreateEndpointConfig", "CreateEndpoint"}),
    "before the endpoint": (deploy, [*DEPLOY, "--model_name_1", "model-a"], "Endpoint request:",
                            "before endpoint served was created; nothing to stop", {"CreateEndpoint"}),
    # Never looked at once the signal came: "being created", and no DescribeEndpoint after the create.
    "once the endpoint exists": (deploy, [*DEPLOY, "--model_name_1", "model-a"], "Console:",
                                 "endpoint served was being created and is left as it is (SageMaker has no "
                                 "StopEndpoint); to remove it: aws sagemaker delete-endpoint --endpoint-name served",
                                 {"UpdateEndpoint", "DeleteEndpoint"}),
    "once the model exists": (model, MODEL, "Console:", "model made exists; there is nothing to stop", {"DeleteModel"}),
}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_signal_at_each_moment_ends_the_step_saying_what_it_left(moment, signum, emu, emu_env, monkeypatch, capsys):
    step, arguments, line, words, unsent = MOMENTS[moment]
    create_models(emu, "model-a")
    emu.clear_requests()
    monkeypatch.setattr(sys, "stdout", SignalAt(sys.stdout, line, signum))
    code = step(arguments)
    out, err = capsys.readouterr()
    assert code == 128 + signum, err
    config = re.search(r'"EndpointConfigName": "([^"]+)"', out)
    words = words.format(config=config and config[1])
    assert err.splitlines()[-1] == f"error: the step received {signal.Signals(signum).name}: {words}; no outputs written"
    assert unsent.isdisjoint(request.operation for request in emu.requests(service="sagemaker"))
    if moment == "once the endpoint exists":
        operations = [request.operation for request in emu.requests(service="sagemaker")]
        assert operations[operations.index("CreateEndpoint"):] == ["CreateEndpoint"]


def test_a_ctrl_c_while_the_arguments_are_checked_ends_the_step_before_any_request(emu, emu_env, monkeypatch, capsys):
    """The check loads botocore's model, the longest wait before the step's own handlers are in
    place: there Ctrl-C is Python's KeyboardInterrupt, which the step turns into its 130."""
    from sagemaker_kfp_components.runtime import step

    checked = step.checked_requests

    def interrupted_check(*args):
        result = checked(*args)
        signal.raise_signal(signal.SIGINT)
        return result

    monkeypatch.setattr(step, "checked_requests", interrupted_check)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = training([*TRAINING_ARGUMENTS, "--job_name", "never"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert capsys.readouterr().err.splitlines() == [
        "error: the step received SIGINT: while checking the arguments; nothing was sent to AWS; no outputs written"]
    assert emu.requests(service="sagemaker") == []


def test_a_config_name_another_request_holds_is_refused_naming_its_argument(emu, emu_env, capsys):
    create_models(emu, "model-a", "model-b")
    assert deploy([*DEPLOY, "--model_name_1", "model-a", "--endpoint_config_name", "mine"]) == 0, capsys.readouterr().err
    assert deploy([*DEPLOY, "--model_name_1", "model-b", "--endpoint_config_name", "mine"]) == 3
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: the name mine is taken by an endpoint config created from a different request (differing in "
        "ProductionVariants); give a new endpoint_config_name, or leave it empty for a generated one")


def test_an_update_whose_config_name_another_request_holds_names_its_config_after_its_request(emu, emu_env, capsys):
    """AWS's v1 update pipelines give the deploy and the update step one config name."""
    create_models(emu, "model-a", "model-b")
    assert deploy([*DEPLOY, "--model_name_1", "model-a", "--endpoint_config_name", "mine"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert deploy([*DEPLOY, "--model_name_1", "model-b", "--endpoint_config_name", "mine", "--update_endpoint",
                   "true"]) == 0, capsys.readouterr().err
    (renamed,) = [line for line in capsys.readouterr().out.splitlines() if "holds another configuration" in line]
    own = renamed.rpartition(": ")[2]
    assert renamed == ("Endpoint config mine holds another configuration; endpoint served exists and is to be "
                       f"updated, so this step's configuration is named after its request: {own}")
    (update,) = emu.requests("UpdateEndpoint")
    assert update.body["EndpointConfigName"] == own != "mine"
    assert emu.describe("served", kind="Endpoint")["EndpointConfigName"] == own
    (created,) = [r.body for r in emu.requests("CreateEndpointConfig") if r.body["EndpointConfigName"] == own]
    assert created["ProductionVariants"][0]["ModelName"] == "model-b"


def test_an_endpoint_serving_another_config_is_left_unless_updating_is_allowed(emu, emu_env, capsys):
    create_models(emu, "model-a", "model-b")
    assert deploy([*DEPLOY, "--model_name_1", "model-a"]) == 0, capsys.readouterr().err
    serving = emu.describe("served", kind="Endpoint")["EndpointConfigName"]
    assert deploy([*DEPLOY, "--model_name_1", "model-b"]) == 3
    error = capsys.readouterr().err.splitlines()[-1]
    assert re.fullmatch(rf"error: endpoint served exists and serves endpoint config {serving}, not this step's "
                        r"(\S+); set update_endpoint to update it to \1, or give another endpoint_name", error), error
    assert emu.requests("UpdateEndpoint") == []


def test_one_instances_log_lines_are_bare_and_several_sources_are_labelled(emu, emu_env, capsys):
    """The job's own instances can be counted from its request: one writes its lines as they are.
    A kind whose streams keep coming (an endpoint's, each deployment's) labels every line."""
    emu.lifecycle = Lifecycle.default()
    assert training([*TRAINING_ARGUMENTS[:-2], "--job_name", "one-instance"]) == 0, capsys.readouterr().err
    assert "epoch 1: loss=0.693" in capsys.readouterr().out.splitlines()
    create_models(emu, "model-a")
    assert deploy([*DEPLOY[:-2], "--model_name_1", "model-a"]) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.splitlines()
    assert "[variant-name-1/i-0a1b2c3d4e5f60718] Starting the model server: serve" in lines  # <variant>/<instance id>


def test_an_update_shows_its_own_deployments_lines_not_the_earlier_ones(emu, emu_env, capsys):
    """An endpoint's log group holds every deployment's lines: an update reads from its start."""
    create_models(emu, "model-a", "model-b")
    assert deploy([*DEPLOY[:-2], "--model_name_1", "model-a"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert deploy([*DEPLOY[:-2], "--model_name_1", "model-b", "--update_endpoint", "true"]) == 0, capsys.readouterr().err
    container = [line for step in Lifecycle.default().for_kind("Endpoint").steps for logs in step.logs.values()
                 for line in logs]
    shown = capsys.readouterr().out.splitlines()
    assert {line: sum(text.endswith(f"] {line}") for text in shown) for line in container} == dict.fromkeys(container, 1)
