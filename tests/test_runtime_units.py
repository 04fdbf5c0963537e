"""Units of the runtime that the end-to-end tests cannot pin down exactly."""

from __future__ import annotations

import re

import pytest

from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.runtime.job import attempt_name, job_name
from sagemaker_kfp_components.runtime.step import masked
from sagemaker_kfp_components.runtime.values import BadValue, as_text, parse

JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
TRAINING = COMPONENT.job


@pytest.mark.parametrize(
    "kind, text, value",
    [
        ("Integer", "3600", 3600),
        ("Integer", "-2", -2),
        ("Integer", "1.0", 1),  # kfp turns integer defaults into floats
        ("Float", "0.5", 0.5),
        ("Bool", "true", True),
        ("Bool", "False", False),  # kfp 1.x
        ("Bool", "TRUE", True),
        ("JsonObject", '{"a": 1}', {"a": 1}),
        ("JsonArray", "[1, 2]", [1, 2]),
        ("String", " spaced ", " spaced "),
    ],
)
def test_kfp_text_parses_strictly(kind, text, value):
    assert parse(kind, text) == value


@pytest.mark.parametrize(
    "kind, text",
    [("Integer", "1.5"), ("Integer", "abc"), ("Integer", ""), ("Float", "nan"), ("Float", "inf"),
     ("Bool", "yes"), ("Bool", "1"), ("JsonObject", "[]"), ("JsonObject", "{'a': 1}"), ("JsonArray", "{}")],
)
def test_bad_text_is_a_clear_error(kind, text):
    with pytest.raises(BadValue) as raised:
        parse(kind, text)
    assert raised.value.hint


def test_plain_values_become_the_text_sagemaker_wants():
    assert [as_text(v) for v in (True, False, 10, 0.5, "x")] == ["true", "false", "10", "0.5", "x"]
    # kfp.local and kfp 1.x render 10 as 10.0; SageMaker's integer hyperparameters refuse "10.0".
    assert [as_text(v) for v in (10.0, -3.0, 0.1, 1e-07)] == ["10", "-3", "0.1", "1e-07"]


def test_generated_names_are_stable_per_task_and_distinct_across_tasks():
    prefix = TRAINING.name_prefix
    first = job_name(prefix, "run-1", "41", "train")
    assert first == job_name(prefix, "run-1", "41", "train")
    assert len({first, job_name(prefix, "run-1", "41", "train-2"), job_name(prefix, "run-2", "41", "train"),
                job_name(prefix, "run-1", "42", "train")}) == 4
    assert JOB_NAME.fullmatch(first) and len(first) <= 63


def test_without_kfp_identity_names_are_unique_and_dated():
    names = {job_name(TRAINING.name_prefix, None, None, None) for _ in range(50)}
    assert len(names) == 50
    assert all(JOB_NAME.fullmatch(name) and re.match(r"TrainingJob-\d{14}-", name) for name in names)
    # Placeholders kfp 1.x leaves unresolved do not count as an identity.
    assert job_name(TRAINING.name_prefix, "{{$.pipeline_job_uuid}}", "{{$.pipeline_task_uuid}}", "t").startswith("TrainingJob-2")


def test_a_generated_names_date_is_utc_whatever_zone_the_machine_has(monkeypatch):
    import datetime
    import time

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: never the same hour as UTC
    time.tzset()
    try:
        before = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H")
        stamp = job_name(TRAINING.name_prefix, None, None, None).split("-")[1]
        after = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert stamp[:10] in (before, after)


def test_a_related_resource_is_described_by_the_last_name_of_its_path():
    from sagemaker_kfp_components.runtime.arguments import related_operation

    assert related_operation("BestTrainingJob.TrainingJobName") == ("DescribeTrainingJob", "TrainingJobName")
    assert related_operation("A.B.ModelName") == ("DescribeModel", "ModelName")


def test_an_output_file_is_replaced_from_a_hidden_file_beside_it(tmp_path, monkeypatch):
    """os.replace cannot move a file across filesystems, and a pod's TMPDIR may be another one
    than its outputs' folder; a file left by a crash is hidden (a dot name)."""
    import os

    from sagemaker_kfp_components.runtime.outputs import write_atomically

    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (replaced.append(source), real_replace(source, target)))
    target = tmp_path / "outputs" / "job_name"
    write_atomically(target, "trained")
    (source,) = replaced
    assert os.path.dirname(source) == str(target.parent) and os.path.basename(source).startswith(".job_name.")
    assert target.read_text() == "trained" and os.listdir(target.parent) == ["job_name"]


def test_secret_looking_values_are_masked_in_printed_requests():
    request = {"HyperParameters": {"db_password": "p", "k": "3"}, "Environment": {"API_TOKEN": "t", "MODE": "x"}}
    assert masked(request) == {"HyperParameters": {"db_password": "****", "k": "3"}, "Environment": {"API_TOKEN": "****", "MODE": "x"}}
    assert request["HyperParameters"]["db_password"] == "p"  # the request itself is untouched


def test_attempt_names_stay_valid_job_names():
    limit = TRAINING.name_max_length
    assert attempt_name("train", 1, limit) == "train"
    assert attempt_name("train", 2, limit) == "train-r2"
    long = attempt_name("x" * 62 + "-", 12, limit)
    assert len(long) == 63 and long.endswith("-r12") and JOB_NAME.fullmatch(long)


# -- built-in algorithms by name (images as AWS documents them: docs.aws.amazon.com/sagemaker, "Docker
# Registry Paths and Example Code") --------------------------------------------------------------


@pytest.mark.parametrize(("name", "region", "image"), [
    ("K-Means", "us-west-2", "174872318107.dkr.ecr.us-west-2.amazonaws.com/kmeans:1"),
    ("kmeans", "eu-west-1", "438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1"),
    ("  Image   Classification ", "us-east-1", "811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1"),
    ("seq2seq modeling", "us-east-1", "811284229777.dkr.ecr.us-east-1.amazonaws.com/seq2seq:1"),
    ("XGBoost:1.7-1", "us-east-1", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"),
    ("linear-learner", "cn-north-1", "390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/linear-learner:1"),
])
def test_a_builtin_algorithm_name_gives_the_regions_image(name, region, image):
    from sagemaker_kfp_components.runtime.algorithm_images import builtin, image_uri

    assert builtin(name) is not None
    assert image_uri(name, region) == image


def test_names_that_are_no_builtin_and_bad_versions_or_regions():
    from sagemaker_kfp_components.runtime.algorithm_images import builtin, close_names, image_uri

    assert builtin("my-marketplace-algo") is None
    assert builtin("arn:aws:sagemaker:us-east-1:123456789012:algorithm/kmeans") is None
    assert close_names("kmens")[0] == "kmeans"
    with pytest.raises(BadValue, match="kmeans has no version '9'"):
        image_uri("kmeans:9", "us-east-1")
    with pytest.raises(BadValue, match="kmeans has no image in mars-north-1"):
        image_uri("kmeans", "mars-north-1")


# -- an optional argument's empty JSON ----------------------------------------------------------


@pytest.mark.parametrize(("kind", "text"), [("JsonArray", "[]"), ("JsonObject", "{}")])
def test_an_optional_arguments_empty_json_is_not_set_whatever_its_min_entries(kind, text):
    """component.yaml gives an optional JsonArray the default `[]`, which KFP passes when the task
    does not: it means "not set", so min_entries (the API's minimum once set) does not apply."""
    from sagemaker_kfp_components.runtime.arguments import Arg
    from sagemaker_kfp_components.runtime.validate import Problems, parse_all

    optional = Arg("channels", kind, min_entries=1)
    required = Arg("channels", kind, required=True, min_entries=1)
    problems = Problems()
    assert parse_all((optional,), {"channels": text}, problems) == {"channels": [] if kind == "JsonArray" else {}}
    assert problems.errors == []
    parse_all((required,), {"channels": text}, problems)
    assert problems.errors == ["channels: has 0 entries, fewer than 1; give at least 1"]


# -- a job that does not exist --------------------------------------------------------------------


@pytest.mark.parametrize(("code", "message"), [
    ("ResourceNotFound", "Amazon SageMaker can't find a tuning job called hpo. Type another name."),  # tuning jobs
    ("ValidationException", "Requested resource not found"),  # training jobs
    ("ValidationException", "Could not find processing job 'hpo'."),
])
def test_describe_name_is_none_for_a_job_that_does_not_exist(code, message):
    from botocore.stub import Stubber

    from sagemaker_kfp_components.hyperparameter_tuning.entrypoint import COMPONENT as TUNING_COMPONENT
    from sagemaker_kfp_components.runtime import session
    from sagemaker_kfp_components.runtime.job import Job

    sagemaker = session.client(session.botocore_for("us-east-1", None, "test"), "sagemaker", "us-east-1",
                               "http://127.0.0.1:9")
    with Stubber(sagemaker) as stub:
        stub.add_client_error("describe_hyper_parameter_tuning_job", code, message)
        assert Job(sagemaker, TUNING_COMPONENT.job, "hpo").describe_name("hpo") is None
        stub.add_client_error("describe_hyper_parameter_tuning_job", "ValidationException", "1 validation error")
        with pytest.raises(Exception, match="1 validation error"):
            Job(sagemaker, TUNING_COMPONENT.job, "hpo").describe_name("hpo")


# -- which log streams are the job's ---------------------------------------------------------------


def test_a_tuning_jobs_log_streams_are_those_of_its_own_training_jobs():
    from sagemaker_kfp_components.runtime.logs import LogTail

    tuning = LogTail(None, "/aws/sagemaker/TrainingJobs", "hpo-", None)
    assert tuning._owned("hpo-001-1a2b3c4d/algo-1-1700000000")
    assert tuning._owned("hpo-750-ffffffff/algo-2-1700000000")
    assert not tuning._owned("hpo-2-001-1a2b3c4d/algo-1-1700000000")  # tuning job hpo-2's
    assert not tuning._owned("hpo-r2-001-1a2b3c4d/algo-1-1700000000")  # its rerun's
    training = LogTail(None, "/aws/sagemaker/TrainingJobs", "train/", 1)
    assert training._owned("train/algo-1-1700000000")


def test_a_stream_whose_reader_is_gone_drops_what_it_writes_from_then_on(monkeypatch):
    """In process, what tests/test_closed_pipes.py shows of the step: a write, or the flush of what
    the buffer holds, into a pipe whose reader has exited raises nothing; the descriptor then leads
    to /dev/null, and the stream keeps its other attributes. Both standard streams are wrapped once."""
    import io
    import os
    import sys

    from sagemaker_kfp_components.runtime.pipes import ReaderlessStream, outlive_readers

    reader, writer = os.pipe()
    raw = io.open(writer, "w", buffering=1, encoding="utf-8")
    stream = ReaderlessStream(raw)
    assert stream.write("read\n") == 5 and os.read(reader, 5) == b"read\n"
    os.close(reader)
    assert stream.write("lost\n") == 5  # BrokenPipeError inside, none outside
    assert os.path.samefile(f"/proc/self/fd/{raw.fileno()}", os.devnull)
    stream.write("after\n")
    stream.flush()
    assert stream.encoding == "utf-8" and stream.fileno() == writer
    raw.close()

    reader, writer = os.pipe()
    buffered = io.open(writer, "w", encoding="utf-8")
    stream = ReaderlessStream(buffered)
    stream.write("held in the buffer")
    os.close(reader)  # unread
    stream.flush()
    assert os.path.samefile(f"/proc/self/fd/{buffered.fileno()}", os.devnull)
    buffered.close()

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    outlive_readers()
    outlive_readers()
    assert isinstance(sys.stdout, ReaderlessStream) and isinstance(sys.stderr, ReaderlessStream)
    assert not isinstance(sys.stdout._stream, ReaderlessStream)


def test_an_uncaught_invalid_arguments_prints_the_users_line_and_the_message_only(capsys, monkeypatch):
    """JSON text for a dict or list argument passes the step's checks, but kfp refuses a str there:
    the typed function names each such argument first. Uncaught, the hook it installs prints the
    frame the package was entered from (the user's call, not kfp's decorator before it or a frame
    further in), relative to the current folder, and the message; any other exception is printed
    as Python prints it. (tests/test_generator.py runs a pipeline file with the hook installed.)"""
    import json
    import sys
    from pathlib import Path

    from kfp import dsl

    from sagemaker_kfp_components.runtime import authoring
    from sagemaker_kfp_components.runtime.validate import InvalidArguments
    from sagemaker_kfp_components.training import sagemaker_training

    channel = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train", "S3DataType": "S3Prefix"}}}

    def users_pipeline():  # without parameters: this module's annotations are text, which kfp does not read
        sagemaker_training(region="us-east-1", role="arn:aws:iam::123456789012:role/R", channels=json.dumps([channel]), model_artifact_path="s3://b/m",
                           image="123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", hyperparameters='{"k": "10"}')

    try:
        dsl.pipeline(name="json-text")(users_pipeline)
    except InvalidArguments as raised:
        error = raised
    monkeypatch.chdir(Path(__file__).parent)
    authoring._excepthook(InvalidArguments, error, error.__traceback__)
    line = users_pipeline.__code__.co_firstlineno + 1
    hint = "pass the value itself (json.loads it if you hold JSON text)"
    assert capsys.readouterr().err == (
        f"{Path(__file__).name}:{line}: 2 invalid argument(s) for the training component:\n"
        f"  hyperparameters: is text; the typed function takes a dict; {hint}\n"
        f"  channels: is text; the typed function takes a list; {hint}\n")
    authoring._excepthook(InvalidArguments, error, None)  # no frame to name: the message alone
    assert capsys.readouterr().err == f"{error}\n"
    try:
        json.loads("{")
    except ValueError as raised:
        authoring._excepthook(ValueError, raised, raised.__traceback__)
    printed = capsys.readouterr().err
    assert printed.startswith("Traceback (most recent call last):\n") and printed.endswith(
        "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n")

    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    authoring._brief_when_uncaught()
    assert sys.excepthook is authoring._excepthook
    def mine(*exc):  # a hook of the user's, or of IPython
        pass

    monkeypatch.setattr(sys, "excepthook", mine)
    authoring._brief_when_uncaught()
    assert sys.excepthook is mine


def test_a_progress_value_is_said_when_it_changes_and_its_change_alone_counts_as_one():
    """A tuning job's counts and best job (its kind's `progress`): the same values described again
    say nothing; a new count alone is a change (it brings the next log read forward)."""
    from sagemaker_kfp_components.hyperparameter_tuning.entrypoint import COMPONENT as TUNING
    from sagemaker_kfp_components.runtime.job import Job

    said: list[str] = []
    job = Job(None, TUNING.job, "tuned", say=said.append)
    described = {"HyperParameterTuningJobStatus": "InProgress", "TrainingJobStatusCounters": {"Completed": 0}}
    assert job.report(described) is True
    assert job.report(described) is False
    assert job.report({**described, "TrainingJobStatusCounters": {"Completed": 1}}) is True
    assert said == ["Hyperparameter tuning job status: InProgress", "Training jobs: Completed 0", "Training jobs: Completed 1"]
