"""The runtime's AWS side in process: which errors are passing faults, the assumed role's
credentials, the algorithm-image hook, the line a terminated step ends with, and the step itself
run in this process, signals included. The AWS side is the emulator (moto's real HTTP server),
spoken to by the real botocore clients.
"""

from __future__ import annotations

import json
import signal

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from component_cases import CASES, create_models
from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components import __version__
from sagemaker_kfp_components.runtime import api_model
from sagemaker_kfp_components.runtime.hooks import ON_COMPLETED, algorithm_image
from sagemaker_kfp_components.runtime.session import RETRY_ATTEMPTS, botocore_for, client, client_config
from sagemaker_kfp_components.runtime.transient import error_code, is_transient
from test_emulator_endpoints import HEALTH_CHECK_FAILED

ROLE = "arn:aws:iam::123456789012:role/StepRole"


def client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Describe")


@pytest.mark.parametrize(("error", "transient"), [
    (EndpointConnectionError(endpoint_url="https://sagemaker"), True),
    (ReadTimeoutError(endpoint_url="https://sagemaker"), True),
    (client_error("ThrottlingException", 400), True),
    (client_error("SlowDown", 503), True),
    (client_error("LimitExceededException", 400), True),
    (client_error("InternalFailure", 500), True),
    (client_error("ServiceUnavailable", 503), True),
    (client_error("Whatever", 599), True),
    (client_error("ValidationException", 400), False),
    (client_error("ResourceNotFound", 404), False),
    (client_error("AccessDenied", 499), False),
    (ClientError({}, "Describe"), False),
    (ValueError("not AWS"), False),
])
def test_passing_faults_are_connection_errors_throttling_and_server_errors(error, transient):
    assert is_transient(error) is transient


def test_the_code_of_an_error():
    assert error_code(client_error("ValidationException", 400)) == "ValidationException"
    assert error_code(ClientError({}, "Describe")) == ""


def test_clients_retry_in_standard_mode_and_name_the_components():
    config = client_config()
    assert config.retries == {"mode": "standard", "total_max_attempts": RETRY_ATTEMPTS} and RETRY_ATTEMPTS == 10
    assert config.user_agent_extra == f"sagemaker-kfp-components/{__version__}"
    assert (config.connect_timeout, config.read_timeout) == (10, 60)
    made = client(api_model.botocore_session(), "sagemaker", "us-east-1").meta.config
    assert made.retries == config.retries and made.user_agent_extra == config.user_agent_extra


def test_without_a_role_to_assume_the_standard_chain_is_used():
    assert botocore_for("us-east-1", None, "s") is api_model.botocore_session()
    assert botocore_for("us-east-1", "", "s") is api_model.botocore_session()


def test_an_assumed_role_gives_the_step_its_credentials(emu, emu_env, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")  # the step's region argument decides, for STS too
    session = botocore_for("eu-west-1", ROLE, "kfp-step-1")
    credentials = session.get_credentials()
    assert credentials.method == "assume-role-argument"
    frozen = credentials.get_frozen_credentials()
    assert frozen.access_key != emu.aws_env()["AWS_ACCESS_KEY_ID"] and frozen.token
    (assumed,) = emu.requests("AssumeRole")
    assert (assumed.body["RoleArn"], assumed.body["RoleSessionName"]) == (ROLE, "kfp-step-1")
    assert assumed.region == "eu-west-1" and f"sagemaker-kfp-components/{__version__}" in assumed.user_agent
    sagemaker = client(session, "sagemaker", "eu-west-1")
    assert sagemaker.meta.region_name == "eu-west-1"
    assert sagemaker.list_training_jobs()["TrainingJobSummaries"] == []
    explicit = client(session, "sagemaker", "eu-west-1", endpoint_url=emu.url)
    assert explicit.meta.endpoint_url == emu.url


def test_a_job_trained_with_an_algorithm_resource_gets_the_algorithms_image(emu, emu_env, capsys):
    emu.add_algorithm("my-algorithm", "123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:2")
    sagemaker = client(api_model.botocore_session(), "sagemaker", "us-east-1")
    assert ON_COMPLETED["algorithm_image"].run is algorithm_image
    job = {"AlgorithmSpecification": {"AlgorithmName": "my-algorithm"}}
    algorithm_image(sagemaker, job)
    assert job["AlgorithmSpecification"]["TrainingImage"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:2"
    emu.clear_requests()
    given = {"AlgorithmSpecification": {"AlgorithmName": "my-algorithm", "TrainingImage": "mine:1"}}
    algorithm_image(sagemaker, given)
    assert given["AlgorithmSpecification"]["TrainingImage"] == "mine:1" and emu.requests("DescribeAlgorithm") == []
    without = {}
    algorithm_image(sagemaker, without)
    assert without == {"AlgorithmSpecification": {}}
    unknown = {"AlgorithmSpecification": {"AlgorithmName": "nope"}}
    algorithm_image(sagemaker, unknown)
    assert unknown == {"AlgorithmSpecification": {"AlgorithmName": "nope"}}
    assert capsys.readouterr().err.startswith("warning: could not read the image of algorithm nope: ")


def test_a_terminated_step_says_why_and_exits_with_128_plus_the_signal(capsys):
    from sagemaker_kfp_components.runtime.step import _terminated

    assert _terminated(signal.SIGTERM, "training job x keeps running (stop_on_termination is false)") == 143
    assert capsys.readouterr().err == ("error: the step received SIGTERM: training job x keeps running "
                                       "(stop_on_termination is false); no outputs written\n")
    assert _terminated(signal.SIGINT, "x") == 130


def test_times_in_lines_are_utc_whatever_zone_the_api_gave_or_the_machine_has(monkeypatch):
    import datetime
    import time

    from sagemaker_kfp_components.runtime.job import _stamp

    berlin = datetime.timezone(datetime.timedelta(hours=2))
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert _stamp(datetime.datetime(2026, 3, 4, 7, 8, 9, tzinfo=berlin)) == "2026-03-04 05:08:09 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()
    assert _stamp("2026-03-04") == "2026-03-04" and _stamp(None) == "None"


def test_progress_counts_read_as_words():
    from sagemaker_kfp_components.runtime.job import _shown

    assert _shown({"Completed": 3, "InProgress": {"Stopping": 1}}) == "Completed 3, InProgress Stopping 1"
    assert _shown(0.25) == "0.25"


def test_a_builtin_algorithms_versions_and_regions_are_listed_when_one_is_wrong():
    from sagemaker_kfp_components.runtime.algorithm_images import close_names, image_uri
    from sagemaker_kfp_components.runtime.values import BadValue

    with pytest.raises(BadValue) as raised:
        image_uri("XGBoost:0.1", "us-east-1")
    assert (raised.value.problem, raised.value.hint) == (
        "xgboost has no version '0.1'", "use one of: 1, 1.2-1, 1.2-2, 1.3-1, 1.5-1, 1.7-1, 3.0-5, 3.2-0")
    with pytest.raises(BadValue) as raised:
        image_uri("kmeans", "xx-1")
    assert raised.value.hint.startswith("use a region among: af-south-1, ap-east-1, ap-northeast-1, ")
    assert raised.value.hint.endswith(", us-west-1, us-west-2")
    assert close_names("Image  Classificatio") == ["image classification", "image-classification"]
    assert close_names("object2vec") == ["object2vec", "object-detection", "object detection"]  # at most three
    assert close_names("kmnns") == ["knn", "kmeans", "k-nn"]  # k-means is close too: the best three


# -- a job's end, as the step reports it ------------------------------------------------------------

JOB_REQUEST = {
    "TrainingJobName": "ending", "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
    "AlgorithmSpecification": {"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1",
                               "TrainingInputMode": "File"},
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/models"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}


class SteppingClock:
    """Virtual time: sleep() only moves it on."""

    def __init__(self):
        import threading

        self.t, self.interrupted = 0.0, threading.Event()

    def now(self) -> float:
        return self.t

    def wall(self) -> float:
        return 1_700_000_000.0 + self.t

    def sleep(self, seconds: float) -> bool:
        self.t += seconds
        return False


def training_job(emu, monkeypatch, name: str, said: list[str]):
    from sagemaker_kfp_components.training.entrypoint import COMPONENT
    from sagemaker_kfp_components.runtime.job import Job

    for key, value in emu.aws_env().items():
        monkeypatch.setenv(key, value)
    sagemaker = client(botocore_for("us-east-1", None, "test"), "sagemaker", "us-east-1")
    return Job(sagemaker, COMPONENT.job, name, clock=SteppingClock(), say=said.append)


def test_why_a_job_ended_without_success(emu, monkeypatch):
    job = training_job(emu, monkeypatch, "ended", [])
    stopped = {"TrainingJobStatus": "Stopped", "SecondaryStatusTransitions": [
        {"Status": "Training", "StatusMessage": "Training in progress"},
        {"Status": "Stopped", "StatusMessage": "Training job stopped by the user"}]}
    assert job.why_unsuccessful(stopped) == "was stopped: Training job stopped by the user"
    assert job.why_unsuccessful({"TrainingJobStatus": "Stopped"}) == "was stopped: stopped from outside the step"
    assert job.why_unsuccessful({"TrainingJobStatus": "Stopped", "SecondaryStatusTransitions": [
        {"Status": "Stopped"}]}) == "was stopped: stopped from outside the step"
    assert job.why_unsuccessful({"TrainingJobStatus": "Failed", "FailureReason": "AlgorithmError: exit 1"}) == (
        "failed: AlgorithmError: exit 1")
    assert job.why_unsuccessful({"TrainingJobStatus": "Failed", "FailureReason": ""}) == "failed: no reason given"


def test_a_stop_of_a_job_that_is_not_there_is_said_and_the_wait_for_it_is_bounded(emu, monkeypatch):
    said: list[str] = []
    job = training_job(emu, monkeypatch, "absent", said)
    job.send_stop()
    assert said[0].startswith("Could not stop absent: An error occurred (ValidationException)")
    emu.clear_requests()
    assert job.wait_stopped(deadline=5.0) is None
    assert len(emu.requests("DescribeTrainingJob")) == 3  # at 0, 2 and 4 s
    assert said[-1] == "Training job absent is still stopping; SageMaker will finish stopping it"
    emu.clear_requests()
    job.clock.t = 0.0
    job.wait_stopped(deadline=4.0)
    assert len(emu.requests("DescribeTrainingJob")) == 2  # the deadline itself is too late for another look


def test_the_wait_after_a_stop_ends_when_the_job_has_ended(emu, monkeypatch):
    said: list[str] = []
    job = training_job(emu, monkeypatch, "ending", said)
    emu.lifecycle, emu.stop_delay = Lifecycle(status=None), 0.0  # runs until stopped, then stops at once
    job.sagemaker.create_training_job(**JOB_REQUEST)
    job.send_stop()
    assert said[0] == "Sent StopTrainingJob for ending"
    ended = job.wait_stopped(deadline=600.0)
    assert ended is not None and ended["TrainingJobStatus"] in ("Stopped", "Completed")
    assert "Training job ending is still stopping; SageMaker will finish stopping it" not in said


def test_a_job_that_exists_fails_the_step_when_asked_to_with_advice(emu, monkeypatch):
    from sagemaker_kfp_components.runtime.arguments import with_article
    from sagemaker_kfp_components.runtime.job import StepFailure

    said: list[str] = []
    job = training_job(emu, monkeypatch, "ending", said)
    emu.lifecycle = Lifecycle(status=None)
    job.sagemaker.create_training_job(**JOB_REQUEST)
    with pytest.raises(StepFailure) as raised:
        job.create_or_attach(dict(JOB_REQUEST), "fail")
    assert str(raised.value) == ("a training job named ending already exists (InProgress); choose another job_name, "
                                 "or set job_exists_action to attach to it")
    assert raised.value.exit_code == 3
    assert [with_article(words) for words in ("training job", "auto ML job", "AI benchmark job", "endpoint")] == [
        "a training job", "an auto ML job", "an AI benchmark job", "an endpoint"]


def test_the_instances_that_write_log_streams_are_counted_from_the_request():
    import importlib

    from sagemaker_kfp_components.runtime.step import _instances

    kind = {name: importlib.import_module(f"sagemaker_kfp_components.{name}.entrypoint").COMPONENT.job
            for name in ("training", "processing", "model")}
    assert _instances({"ResourceConfig": {"InstanceCount": 3}}, kind["training"]) == 3
    groups = {"ResourceConfig": {"InstanceGroups": [{"InstanceCount": 2}, {"InstanceCount": 4}, {}]}}
    assert _instances(groups, kind["training"]) == 7  # a group without a count has one instance
    assert _instances({"ResourceConfig": {"InstanceGroups": []}}, kind["training"]) == 1
    assert _instances({"ResourceConfig": {}}, kind["training"]) == _instances({}, kind["training"]) == 1
    assert _instances({"ProcessingResources": {"ClusterConfig": {"InstanceCount": 2}}}, kind["processing"]) == 2
    assert _instances({"ResourceConfig": {"InstanceCount": 5}}, kind["processing"]) == 1
    assert kind["model"].instance_count is None and _instances({"InstanceCount": 5}, kind["model"]) == 1


# -- outputs ----------------------------------------------------------------------------------------

def test_outputs_are_written_as_kfp_parses_their_types():
    from sagemaker_kfp_components.runtime.arguments import Output
    from sagemaker_kfp_components.runtime.outputs import as_file_text

    assert as_file_text(Output("m", "JsonObject", "X"), {"a": 1}) == '{"a": 1}'
    assert as_file_text(Output("m", "JsonObject", "X"), None) == "{}"
    assert as_file_text(Output("l", "JsonArray", "X"), None) == "[]"
    assert as_file_text(Output("l", "JsonArray", "X"), ["s3://b"]) == '["s3://b"]'
    assert as_file_text(Output("s", "String", "X"), None) == ""
    assert as_file_text(Output("n", "Float", "X"), 0.5) == "0.5"
    assert as_file_text(Output("s", "String", "X"), {"a": 1}) == "{'a': 1}"


def test_output_values_are_read_from_the_description_and_converted():
    from sagemaker_kfp_components.runtime.arguments import Output
    from sagemaker_kfp_components.runtime.outputs import value_of

    job = {"FinalMetricDataList": [{"MetricName": "loss", "Value": 0.5}],
           "HyperParameters": {"k": "10", "_tuning_objective_metric": "loss"},
           "ProcessingOutputConfig": {"Outputs": [{"OutputName": "train", "S3Output": {"S3Uri": "s3://b/t"}}, {"OutputName": "x"}]}}
    assert value_of(Output("metrics", "JsonObject", "FinalMetricDataList", convert="metric_map"), job) == {"loss": 0.5}
    assert value_of(Output("hp", "JsonObject", "HyperParameters", convert="algorithm_hyperparameters"), job) == {"k": "10"}
    assert value_of(Output("hp", "JsonObject", "HyperParameters"), job) == job["HyperParameters"]
    assert value_of(Output("o", "JsonObject", "ProcessingOutputConfig.Outputs", convert="output_uri_map"), job) == {
        "train": "s3://b/t", "x": None}
    assert value_of(Output("metrics", "JsonObject", "Missing", convert="metric_map"), job) == {}


def test_best_hyperparameters_leave_out_only_the_names_sagemaker_adds():
    """An algorithm's own hyperparameter may start with `_`: it is the user's and stays."""
    from sagemaker_kfp_components.runtime.arguments import Output
    from sagemaker_kfp_components.runtime.outputs import value_of

    job = {"HyperParameters": {"k": "10", "_seed": "7", "__private": "x", "_tuning_objective_metric": "loss"}}
    assert value_of(Output("hp", "JsonObject", "HyperParameters", convert="algorithm_hyperparameters"), job) == {
        "k": "10", "_seed": "7", "__private": "x"}


def test_outputs_of_another_resource_are_read_from_its_own_description(emu, monkeypatch):
    from sagemaker_kfp_components.runtime.arguments import Output
    from sagemaker_kfp_components.runtime.outputs import related_descriptions

    job = training_job(emu, monkeypatch, "best", [])
    emu.lifecycle = Lifecycle(status=None)
    job.sagemaker.create_training_job(**{**JOB_REQUEST, "TrainingJobName": "best"})
    outputs = (Output("image", "String", "AlgorithmSpecification.TrainingImage", of="BestTrainingJob.TrainingJobName"),
               Output("name", "String", "BestTrainingJob.TrainingJobName"))
    related = related_descriptions(job.sagemaker, outputs, {"BestTrainingJob": {"TrainingJobName": "best"}})
    assert list(related) == ["BestTrainingJob.TrainingJobName"]
    assert related["BestTrainingJob.TrainingJobName"]["TrainingJobName"] == "best"
    assert related_descriptions(job.sagemaker, outputs, {}) == {"BestTrainingJob.TrainingJobName": {}}


# -- the step in this process ---------------------------------------------------------------------

def test_the_step_uses_its_region_and_endpoint_and_prints_the_request_it_sends(emu, monkeypatch, capsys, tmp_path):
    import json

    from sagemaker_kfp_components.training.entrypoint import main
    from sagemaker_kfp_components.runtime.step import masked

    for key, value in emu.aws_env().items():
        if key != "AWS_ENDPOINT_URL":  # only the argument leads to the emulator
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    emu.lifecycle = Lifecycle.default()
    channel = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train", "S3DataType": "S3Prefix"}}}
    code = main(["--region", "eu-west-1", "--endpoint_url", emu.url, "--job_name", "in-process",
                 "--role", "arn:aws:iam::123456789012:role/SageMakerRole", "--image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/t:1",
                 "--channels", json.dumps([channel]), "--model_artifact_path", "s3://b/models",
                 "--hyperparameters", '{"db_password": "secret", "k": "3"}', "--stream_logs", "false",
                 "--job_name_output_path", str(tmp_path / "job_name")])
    out, err = capsys.readouterr()
    assert code == 0, err
    (created,) = emu.requests("CreateTrainingJob")
    assert created.region == "eu-west-1"
    printed = out.split("Training job request:\n", 1)[1].split("\nCreated training job", 1)[0]
    assert printed == json.dumps(masked(created.body), indent=2, sort_keys=True)
    assert '"db_password": "****"' in printed
    assert (tmp_path / "job_name").read_text() == "in-process"


TRAINING_ARGUMENTS = ["--region", "us-east-1", "--role", "arn:aws:iam::123456789012:role/SageMakerRole",
                      "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1", "--model_artifact_path", "s3://b/models",
                      "--channels", '[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train", '
                                    '"S3DataType": "S3Prefix"}}}]', "--stream_logs", "false"]


def signalled_step(emu, monkeypatch, tmp_path, signum: int, *arguments: str) -> int:
    """The training step run in this thread, as in its container; `signum` reaches this thread once
    the job exists (the job runs until stopped)."""
    import threading

    from sagemaker_kfp_components.training.entrypoint import main

    for key, value in emu.aws_env().items():
        monkeypatch.setenv(key, value)
    emu.lifecycle = Lifecycle(status=None)
    step = threading.get_ident()

    def signal_once_created() -> None:
        emu.wait_for_job()
        signal.pthread_kill(step, signum)

    threading.Thread(target=signal_once_created, daemon=True).start()
    return main([*TRAINING_ARGUMENTS, "--job_name", "signalled", "--job_name_output_path", str(tmp_path / "job_name"),
                 *arguments])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_job_waits_for_it_and_writes_no_outputs(emu, monkeypatch, tmp_path, capsys, signum):
    code = signalled_step(emu, monkeypatch, tmp_path, signum)
    out, err = capsys.readouterr()
    assert code == 128 + signum, err
    assert "Sent StopTrainingJob for signalled" in out
    assert len(emu.requests("StopTrainingJob")) == 1
    assert err.splitlines()[-1] == (f"error: the step received {signal.Signals(signum).name}: "
                                    "training job signalled is Stopped; no outputs written")
    assert not (tmp_path / "job_name").exists()


def test_a_signal_while_an_endpoint_is_created_leaves_it_and_names_the_delete_command(emu, emu_env, tmp_path, capsys):
    """Deploy in process: SageMaker cannot stop an endpoint's creation, so the step deletes nothing,
    follows it no further, and says how to remove it."""
    import re
    import threading

    from sagemaker_kfp_components.deploy.entrypoint import main as deploy

    create_models(emu, "model-a")
    emu.set_lifecycle("served", None, kind="Endpoint")  # Creating until the test ends
    step = threading.get_ident()

    def signal_once_created() -> None:
        emu.wait_for_job(kind="Endpoint")
        signal.pthread_kill(step, signal.SIGTERM)

    threading.Thread(target=signal_once_created, daemon=True).start()
    code = deploy(["--region", "us-east-1", "--endpoint_name", "served", "--model_name_1", "model-a",
                   "--endpoint_name_output_path", str(tmp_path / "endpoint_name")])
    assert code == 128 + signal.SIGTERM, capsys.readouterr().err
    # Creating, or "being created" if the signal came before the step's first look at it.
    assert re.fullmatch(
        r"error: the step received SIGTERM: endpoint served was (Creating|being created) and is left as it is "
        r"\(SageMaker has no StopEndpoint\); to remove it: aws sagemaker delete-endpoint --endpoint-name served; "
        r"no outputs written", capsys.readouterr().err.splitlines()[-1])
    assert emu.requests("DeleteEndpoint") == [] and emu.describe("served", kind="Endpoint")["EndpointStatus"] == "Creating"
    assert not (tmp_path / "endpoint_name").exists()


def test_without_stop_on_termination_a_signal_leaves_the_job_running(emu, monkeypatch, tmp_path, capsys):
    code = signalled_step(emu, monkeypatch, tmp_path, signal.SIGTERM, "--stop_on_termination", "false")
    out, err = capsys.readouterr()
    assert code == 128 + signal.SIGTERM, err
    assert emu.requests("StopTrainingJob") == []
    assert emu.describe("signalled")["TrainingJobStatus"] == "InProgress"
    assert err.splitlines()[-1] == ("error: the step received SIGTERM: training job signalled keeps running "
                                    "(stop_on_termination is false); no outputs written")
    assert not (tmp_path / "job_name").exists()


def test_invalid_arguments_are_each_named_exit_2_and_nothing_is_sent(emu, emu_env, capsys):
    from sagemaker_kfp_components.training.entrypoint import main

    code = main([*TRAINING_ARGUMENTS, "--instance_type", "ml.future.xlarge", "--instance_count", "0",
                 "--max_run_time", "0"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == [
        "warning: instance_type: 'ml.future.xlarge' is not in this component's list; passing it on, SageMaker will check it",
        "error: instance_count: is 0, below the minimum 1; give at least 1",
        "error: max_run_time: is 0, below the minimum 1; give at least 1",
        "2 invalid argument(s); nothing was sent to AWS.",
    ]
    assert out == "" and emu.requests() == []


def test_a_job_whose_tags_leave_no_room_for_the_digest_goes_without_it_and_says_so(emu, monkeypatch, capsys):
    """SageMaker takes 50 tags; with 50 given, a rerun under the same name could not be told apart."""
    from sagemaker_kfp_components.training.entrypoint import main

    tags = {f"k{index}": "v" for index in range(50)}
    code = main([*TRAINING_ARGUMENTS, "--tags", json.dumps(tags), "--dry_run", "true"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.splitlines()[0] == (
        "warning: tags has as many entries as SageMaker allows, so the job goes without the sagemaker-kfp:request-digest "
        "tag: a later run that reuses its job_name with another request would attach to it instead of failing")
    assert len(json.loads(out)["Tags"]) == 50


def test_a_failed_tuning_job_shows_its_progress_and_which_training_jobs_failed_why(emu, emu_env, tmp_path, capsys):
    """The tuning component in this process (tests/test_hyperparameter_tuning_step.py runs it as a
    container would): every training job fails, so the tuning job does."""
    from component_cases import HYPERPARAMETER_TUNING as CASE
    from sagemaker_kfp_components.hyperparameter_tuning.entrypoint import main

    emu.objective = lambda index, tuned: None  # no training job reports the objective: each fails
    argv = CASE.resolved({**CASE.arguments, "max_num_jobs": 2, "max_parallel_jobs": 1}, tmp_path).argv
    assert argv[:3] == ["python3", "-m", "sagemaker_kfp_components.hyperparameter_tuning.entrypoint"]
    code = main(argv[3:])
    out, err = capsys.readouterr()
    assert code == 1, err
    first, second = emu.training_jobs_of(CASE.job_name)
    shown = [line for line in out.splitlines() if line.startswith(("Training jobs:", "Best "))]
    assert shown[0] == "Training jobs: Completed 0, InProgress 1, RetryableError 0, NonRetryableError 0, Stopped 0"
    assert shown[-1] == "Training jobs: Completed 0, InProgress 0, RetryableError 0, NonRetryableError 2, Stopped 0"
    assert len(shown) == len(set(shown))  # a line is shown again only when a count changed
    assert err.splitlines()[-2:] == [f"  training job {job}: AlgorithmError: See job logs for more information"
                                     for job in (first, second)]
    (listing,) = emu.requests("ListTrainingJobsForHyperParameterTuningJob")  # oldest first, in one call
    assert listing.body == {"HyperParameterTuningJobName": CASE.job_name, "StatusEquals": "Failed",
                            "SortBy": "CreationTime", "SortOrder": "Ascending", "MaxResults": 10}
    assert not list((tmp_path / "out").rglob("*"))


def test_a_retried_model_step_attaches_to_the_model_it_created(emu, emu_env, capsys):
    """SageMaker refuses a taken model name with a ValidationException ("Cannot create already existing
    model"), not ResourceInUse as for jobs: the retry must still see its own model."""
    from sagemaker_kfp_components.model.entrypoint import main

    arguments = ["--region", "us-east-1", "--model_name", "retried", "--role", ROLE,
                 "--image", "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"]
    assert main(arguments) == 0, capsys.readouterr().err
    assert "Created model retried" in capsys.readouterr().out
    assert main(arguments) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Attaching to the existing model retried (this step was retried or restarted)" in out
    assert out.splitlines()[-1] == "Model retried is ready"  # a model has no status to complete
    assert [r.status for r in emu.requests("CreateModel")] == [200, 400]  # one model, the retry refused


def test_the_training_step_in_this_process_writes_each_output_from_its_job(emu, emu_env, tmp_path, capsys):
    from sagemaker_kfp_components.training.entrypoint import main

    outputs = ("model_artifact_url", "job_name", "job_arn", "training_image", "final_metrics")
    paths = [item for name in outputs for item in (f"--{name}_output_path", str(tmp_path / name))]
    assert main([*TRAINING_ARGUMENTS, "--job_name", "outputs-1", *paths]) == 0, capsys.readouterr().err
    written = {name: (tmp_path / name).read_text(encoding="utf-8") for name in outputs}
    assert written == {
        "model_artifact_url": "s3://b/models/outputs-1/output/model.tar.gz",
        "job_name": "outputs-1",
        "job_arn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/outputs-1",
        "training_image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1",
        "final_metrics": json.dumps({"train:accuracy": 0.91}),
    }


def test_a_model_then_an_endpoint_serving_it_in_this_process_each_output_its_name(emu, emu_env, tmp_path, capsys):
    """AWS's v1 outputs of the model and deploy steps: the model's name and the endpoint's."""
    from sagemaker_kfp_components.deploy.entrypoint import main as deploy
    from sagemaker_kfp_components.model.entrypoint import main as model

    model_name, endpoint_name = tmp_path / "model_name", tmp_path / "endpoint_name"
    assert model(["--region", "us-east-1", "--model_name", "served", "--role", ROLE,
                  "--image", "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
                  "--model_name_output_path", str(model_name)]) == 0, capsys.readouterr().err
    assert deploy(["--region", "us-east-1", "--endpoint_name", "serving", "--model_name_1", model_name.read_text(),
                   "--endpoint_name_output_path", str(endpoint_name)]) == 0, capsys.readouterr().err
    assert (model_name.read_text(), endpoint_name.read_text()) == ("served", "serving")
    endpoint = emu.describe("serving", kind="Endpoint")
    assert endpoint["EndpointStatus"] == "InService"
    (config,) = emu.requests("CreateEndpointConfig")
    assert config.body["ProductionVariants"][0]["ModelName"] == "served"


def test_an_endpoint_updated_in_this_process_then_an_update_rolled_back(emu, emu_env, capsys):
    """Deploy's update in process: UpdateEndpoint with the deployment config, the new config then
    serving; an update whose instances fail is rolled back: exit 1, naming why and what still serves."""
    from sagemaker_kfp_components.deploy.entrypoint import main as deploy

    create_models(emu, "model-a", "model-b", "model-c")
    step = ["--region", "us-east-1", "--endpoint_name", "served", "--stream_logs", "false"]
    deployment = {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE",
                                                                             "WaitIntervalInSeconds": 0}}}
    assert deploy([*step, "--model_name_1", "model-a"]) == 0, capsys.readouterr().err
    first = emu.describe("served", kind="Endpoint")["EndpointConfigName"]
    assert deploy([*step, "--model_name_1", "model-b", "--update_endpoint", "true", "--retain_all_variant_properties",
                   "true", "--deployment_config", json.dumps(deployment)]) == 0, capsys.readouterr().err
    (update,) = [r.body for r in emu.requests("UpdateEndpoint")]
    second = update["EndpointConfigName"]
    assert f"Updating endpoint served from endpoint config {first} to {second}" in capsys.readouterr().out.splitlines()
    assert update == {"EndpointName": "served", "EndpointConfigName": second, "DeploymentConfig": deployment,
                      "RetainAllVariantProperties": True}
    assert second != first and emu.describe("served", kind="Endpoint")["EndpointConfigName"] == second
    emu.lifecycle = Lifecycle.failing()
    capsys.readouterr()
    assert deploy([*step, "--model_name_1", "model-c", "--update_endpoint", "true"]) == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert error.endswith(f"failed and was rolled back: {HEALTH_CHECK_FAILED.format('variant-name-1')}; "
                          f"it still serves endpoint config {second}")


def test_a_deploy_dry_run_prints_both_requests_and_sends_nothing(emu, emu_env, capsys):
    from sagemaker_kfp_components.deploy.entrypoint import main as deploy

    assert deploy(["--region", "us-east-1", "--endpoint_name", "served", "--model_name_1", "m", "--dry_run", "true"]) == 0
    out, err = capsys.readouterr()
    assert set(json.loads(out)) == {"CreateEndpointConfig", "CreateEndpoint"}  # stdout is the requests alone
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True) + "\n"  # keys sorted, to compare runs
    assert err.splitlines()[-1] == (
        "dry run: the CreateEndpointConfig and CreateEndpoint requests above were not sent; nothing was sent to AWS")
    assert emu.requests(service="sagemaker") == []


def test_an_aws_error_ends_the_step_with_exit_3_and_the_services_words(emu, emu_env, capsys):
    from sagemaker_kfp_components.deploy.entrypoint import main as deploy

    assert deploy(["--region", "us-east-1", "--endpoint_name", "served", "--model_name_1", "nope"]) == 3
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: AWS: An error occurred (ValidationException) when calling the CreateEndpointConfig operation: "
        'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/nope".')


def test_a_job_name_taken_by_another_request_is_refused_naming_the_argument_to_change(emu, emu_env, capsys):
    from sagemaker_kfp_components.training.entrypoint import main

    assert main([*TRAINING_ARGUMENTS, "--job_name", "taken"]) == 0, capsys.readouterr().err
    assert main([*TRAINING_ARGUMENTS, "--job_name", "taken", "--volume_size", "50", "--max_run_time", "60"]) == 3
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: the name taken is taken by a training job created from a different request (differing in "
        "ResourceConfig, StoppingCondition); give a new job_name, or leave it empty for a generated one")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_job_components_aws_config_runs_in_this_process_with_its_outputs(case, emu, emu_env, tmp_path, capsys):
    """tests/test_job_components.py runs these as every backend line does; here the step's
    entrypoint runs in this process, the same command line, so that its code is traced too."""
    import importlib

    command = case.resolved(case.arguments, tmp_path)
    case.prepare(emu)
    assert command.argv[:2] == ["python3", "-m"]
    assert importlib.import_module(command.argv[2]).main(command.argv[3:]) == 0, capsys.readouterr().err
    case.check_outputs(command)
    out = capsys.readouterr().out
    for name, path in command.output_files.items():  # each shown as it was written
        assert f"Output {name}: {path.read_text(encoding='utf-8')}" in out.splitlines()
    assert out.splitlines()[-1] == f"{case.words.capitalize()} {case.job_name} completed"


def test_the_step_assumes_its_role_in_its_region_in_a_session_named_after_the_job(emu, emu_env, monkeypatch, capsys):
    from sagemaker_kfp_components.training.entrypoint import main

    monkeypatch.delenv("AWS_DEFAULT_REGION")
    emu.lifecycle = Lifecycle.default()
    code = main([*TRAINING_ARGUMENTS, "--region", "eu-west-1", "--assume_role", ROLE, "--job_name", "assumed"])
    assert code == 0, capsys.readouterr().err
    (assumed,) = emu.requests("AssumeRole")
    assert (assumed.region, assumed.body["RoleArn"], assumed.body["RoleSessionName"]) == ("eu-west-1", ROLE, "assumed")
    (created,) = emu.requests("CreateTrainingJob")
    assert created.region == "eu-west-1" and created.access_key != emu.aws_env()["AWS_ACCESS_KEY_ID"]
