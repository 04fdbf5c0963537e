"""Hyperparameter tuning jobs in the emulator behave like AWS's: through real boto3 clients over HTTP.
A tuning job launches real emulated training jobs over time; the test chooses their objective values
with ``emu.objective``."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from botocore.exceptions import ClientError

from sagemaker_kfp_components.emulator import Lifecycle, Step
from step_runner import wait_until
from test_emulator import STANDARD_RETRIES, client, error_code

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
METRIC = "validation:accuracy"
TRAINING_LOG_GROUP = "/aws/sagemaker/TrainingJobs"
NO_SUCH_JOB = "Amazon SageMaker can't find a tuning job called no-such-tuning. Type another name."


def definition(**overrides: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "StaticHyperParameters": {"seed": "7", "num_class": "10"},
        "AlgorithmSpecification": {
            "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1",
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": METRIC, "Regex": "accuracy=([0-9.]+)"}],
        },
        "RoleArn": ROLE,
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/tuning/"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "Environment": {"MODE": "fast"},
    }
    result.update(overrides)
    return result


def tuning_request(
    name: str, *, total: int = 3, parallel: int = 2, objective_type: str = "Maximize", **overrides: Any
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "HyperParameterTuningJobObjective": {"Type": objective_type, "MetricName": METRIC},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": total, "MaxParallelTrainingJobs": parallel},
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "epochs", "MinValue": "1", "MaxValue": "20"}],
                "ContinuousParameterRanges": [
                    {"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3", "ScalingType": "Logarithmic"}
                ],
                "CategoricalParameterRanges": [{"Name": "optimizer", "Values": ["sgd", "adam", "rmsprop"]}],
            },
        },
        "TrainingJobDefinition": definition(),
        "Tags": [{"Key": "team", "Value": "ml"}],
    }
    request.update(overrides)
    return request


def describe(sm: Any, name: str) -> dict[str, Any]:
    response = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
    response.pop("ResponseMetadata")
    return response  # type: ignore[no-any-return]


def describe_training(sm: Any, name: str) -> dict[str, Any]:
    response = sm.describe_training_job(TrainingJobName=name)
    response.pop("ResponseMetadata")
    return response  # type: ignore[no-any-return]


def ended(sm: Any, name: str, timeout: float = 15) -> dict[str, Any]:
    """The tuning job's description once it has left InProgress and Stopping."""
    return wait_until(  # type: ignore[no-any-return]
        lambda: (job := describe(sm, name))["HyperParameterTuningJobStatus"] not in ("InProgress", "Stopping") and job,
        timeout=timeout,
    )


def quick(seconds: float = 0.1) -> Lifecycle:
    """A short training lifecycle that completes."""
    return Lifecycle(steps=[Step("Training", seconds=seconds)], status="Completed")


# -- create and describe --------------------------------------------------------------------


def test_created_tuning_job_is_in_progress_and_describe_echoes_the_request(emu):
    emu.lifecycle = None  # training jobs stay InProgress
    sm = client(emu)
    request = tuning_request("hpo-echo", WarmStartConfig={
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "hpo-parent"}],
        "WarmStartType": "IdenticalDataAndAlgorithm",
    })
    arn = sm.create_hyper_parameter_tuning_job(**request)["HyperParameterTuningJobArn"]

    assert emu.wait_for_job(kind="HyperParameterTuningJob") == "hpo-echo"
    assert arn == "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/hpo-echo"
    job = describe(sm, "hpo-echo")
    assert list(job) == [
        "HyperParameterTuningJobName", "HyperParameterTuningJobArn", "HyperParameterTuningJobConfig",
        "TrainingJobDefinition", "HyperParameterTuningJobStatus", "CreationTime", "LastModifiedTime",
        "TrainingJobStatusCounters", "ObjectiveStatusCounters", "WarmStartConfig",
    ]
    for key, value in request.items():
        if key != "Tags":
            assert job[key] == value, key
    assert job["HyperParameterTuningJobStatus"] == "InProgress"
    assert list(job["TrainingJobStatusCounters"]) == [
        "Completed", "InProgress", "RetryableError", "NonRetryableError", "Stopped",
    ]
    assert list(job["ObjectiveStatusCounters"]) == ["Succeeded", "Pending", "Failed"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == request["Tags"]
    assert emu.describe("hpo-echo", kind="HyperParameterTuningJob") == job


def test_duplicate_long_and_unknown_names(emu):
    emu.lifecycle = None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-dup"))
    with pytest.raises(ClientError) as duplicate:
        sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-dup", total=9))
    assert error_code(duplicate.value) == "ResourceInUse"
    assert duplicate.value.response["Error"]["Message"] == (
        "A hyperparameter tuning job with the name, hpo-dup, already exists. Choose a different name."
    )
    assert describe(sm, "hpo-dup")["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] == 3

    with pytest.raises(ClientError) as long:
        sm.create_hyper_parameter_tuning_job(**tuning_request("h" * 33))
    assert error_code(long.value) == "ValidationException"
    assert (
        f"Value '{'h' * 33}' at 'hyperParameterTuningJobName' failed to satisfy constraint: "
        "Member must have length less than or equal to 32"
    ) in long.value.response["Error"]["Message"]
    sm.create_hyper_parameter_tuning_job(**tuning_request("h" * 32))  # the longest name AWS takes

    for call in (sm.describe_hyper_parameter_tuning_job, sm.stop_hyper_parameter_tuning_job,
                 sm.list_training_jobs_for_hyper_parameter_tuning_job):
        with pytest.raises(ClientError) as unknown:
            call(HyperParameterTuningJobName="no-such-tuning")
        assert error_code(unknown.value) == "ResourceNotFound"
        assert unknown.value.response["Error"]["Message"] == NO_SUCH_JOB
    assert emu.job_names(kind="HyperParameterTuningJob") == ["hpo-dup", "h" * 32]


def test_a_request_without_definition_is_refused(emu):
    sm = client(emu)
    request = tuning_request("hpo-nodef")
    del request["TrainingJobDefinition"]
    with pytest.raises(ClientError) as raised:
        sm.create_hyper_parameter_tuning_job(**request)
    assert error_code(raised.value) == "ValidationException"
    assert "TrainingJobDefinition" in raised.value.response["Error"]["Message"]
    assert emu.job_names(kind="HyperParameterTuningJob") == []


# -- training jobs --------------------------------------------------------------------------


def test_training_jobs_are_real_jobs_with_the_tuned_values_logs_and_objective(emu):
    emu.lifecycle = Lifecycle.default()
    emu.objective = lambda index, tuned: [0.61, 0.83][index - 1]
    sm, logs = client(emu), client(emu, "logs")
    created = sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-mnist", total=2))
    tuning_arn = created["HyperParameterTuningJobArn"]
    assert ended(sm, "hpo-mnist")["HyperParameterTuningJobStatus"] == "Completed"

    names = emu.training_jobs_of("hpo-mnist")
    assert [name[: len("hpo-mnist-001")] for name in names] == ["hpo-mnist-001", "hpo-mnist-002"]
    assert all(re.fullmatch(r"hpo-mnist-\d{3}-[0-9a-f]{8}", name) for name in names)
    assert emu.job_names() == names  # training jobs like any other
    for name, value in zip(names, [0.61, 0.83]):
        job = describe_training(sm, name)
        assert job["TuningJobArn"] == tuning_arn
        assert job["TrainingJobStatus"] == "Completed"
        # AWS adds the objective's metric name to every training job's hyperparameters.
        tuned = {k: v for k, v in job["HyperParameters"].items()
                 if k not in ("seed", "num_class", "_tuning_objective_metric")}
        assert job["HyperParameters"] == {"seed": "7", "num_class": "10", **tuned, "_tuning_objective_metric": METRIC}
        assert set(tuned) == {"epochs", "eta", "optimizer"}
        assert 1 <= int(tuned["epochs"]) <= 20
        assert 0.01 <= float(tuned["eta"]) <= 0.3
        assert tuned["optimizer"] in ("sgd", "adam", "rmsprop")
        for key in ("AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig",
                    "StoppingCondition", "Environment"):
            assert job[key] == definition()[key], key
        assert {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}[METRIC] == value
        assert job["ModelArtifacts"]["S3ModelArtifacts"] == f"s3://bucket/tuning/{name}/output/model.tar.gz"

        stream = f"{name}/algo-1-{int(job['CreationTime'].timestamp())}"
        assert emu.log_stream_name(name) == stream
        page = logs.get_log_events(logGroupName=TRAINING_LOG_GROUP, logStreamName=stream, startFromHead=True)
        assert "epoch 1: loss=0.693" in [e["message"] for e in page["events"]]

    # No CreateTrainingJob went over the wire: the tuning job launched them.
    assert emu.requests("CreateTrainingJob") == []


def test_each_training_job_gets_its_definitions_objective_metric_as_a_hyperparameter(emu):
    """AWS adds `_tuning_objective_metric` (the objective's metric name) to each training job's
    HyperParameters; with TrainingJobDefinitions, each definition's own TuningObjective."""
    emu.lifecycle = None
    sm = client(emu)
    ranges = {"IntegerParameterRanges": [{"Name": "epochs", "MinValue": "1", "MaxValue": "20"}]}
    definitions = [
        {**definition(), "DefinitionName": "xgb", "TuningObjective": {"Type": "Minimize", "MetricName": "validation:rmse"},
         "HyperParameterRanges": ranges},
        {**definition(), "DefinitionName": "knn", "TuningObjective": {"Type": "Minimize", "MetricName": "test:mse"},
         "HyperParameterRanges": ranges},
    ]
    request = tuning_request("hpo-defs", total=2, parallel=2)
    del request["TrainingJobDefinition"]
    config = request["HyperParameterTuningJobConfig"]
    del config["HyperParameterTuningJobObjective"], config["ParameterRanges"]
    sm.create_hyper_parameter_tuning_job(**request, TrainingJobDefinitions=definitions)
    wait_until(lambda: len(emu.training_jobs_of("hpo-defs")) == 2)
    metrics = [describe_training(sm, child)["HyperParameters"]["_tuning_objective_metric"]
               for child in emu.training_jobs_of("hpo-defs")]
    assert metrics == ["validation:rmse", "test:mse"]


def test_tuned_values_are_the_same_on_every_run(emu):
    emu.lifecycle = None
    sm = client(emu)

    def values(name: str, **config: Any) -> list[dict[str, str]]:
        request = tuning_request(name, total=2, parallel=2)
        request["HyperParameterTuningJobConfig"].update(config)
        sm.create_hyper_parameter_tuning_job(**request)
        wait_until(lambda: len(emu.training_jobs_of(name)) == 2)
        return [describe_training(sm, child)["HyperParameters"] for child in emu.training_jobs_of(name)]

    first = values("hpo-same")
    assert first[0] != first[1]
    emu.reset()
    assert values("hpo-same") == first  # the same name after a reset
    # The same RandomSeed, the same values, whatever the name.
    assert values("hpo-seed-a", RandomSeed=42) == values("hpo-seed-b", RandomSeed=42)


def test_no_more_than_max_parallel_at_once_and_max_number_in_all(emu):
    emu.lifecycle = None  # the test ends each training job
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-limits", total=5, parallel=2))
    for launched in (2, 3, 4, 5):
        wait_until(lambda: len(emu.training_jobs_of("hpo-limits")) == launched)
        counters = describe(sm, "hpo-limits")["TrainingJobStatusCounters"]
        assert counters["InProgress"] == 2, counters
        first_running = next(name for name in emu.training_jobs_of("hpo-limits")
                             if describe_training(sm, name)["TrainingJobStatus"] == "InProgress")
        emu.finish(first_running, "Completed", metrics={METRIC: 0.5})
    for name in emu.training_jobs_of("hpo-limits"):
        if describe_training(sm, name)["TrainingJobStatus"] == "InProgress":
            emu.finish(name, "Completed", metrics={METRIC: 0.5})

    job = ended(sm, "hpo-limits")
    assert job["HyperParameterTuningJobStatus"] == "Completed"
    assert job["TrainingJobStatusCounters"] == {
        "Completed": 5, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 0, "Stopped": 0,
    }
    assert len(emu.training_jobs_of("hpo-limits")) == 5
    assert job["CreationTime"] <= job["HyperParameterTuningEndTime"] == job["LastModifiedTime"]


def test_parallel_limit_holds_while_lifecycles_run(emu):
    emu.lifecycle = quick()
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-overlap", total=6, parallel=3))
    ended(sm, "hpo-overlap")

    spans = [(job["CreationTime"], job["TrainingEndTime"])
             for job in (describe_training(sm, name) for name in emu.training_jobs_of("hpo-overlap"))]
    assert len(spans) == 6
    for created, _ in spans:  # when each was launched, how many were running (itself included)
        assert sum(start <= created < end for start, end in spans) <= 3


@pytest.mark.parametrize(("objective_type", "best_index"), [("Maximize", 2), ("Minimize", 3)])
def test_best_training_job_by_objective_type(emu, objective_type, best_index):
    emu.lifecycle = quick()
    emu.objective = lambda index, tuned: [0.5, 0.9, 0.2, None][index - 1]
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-best", total=4, objective_type=objective_type))
    job = ended(sm, "hpo-best")
    names = emu.training_jobs_of("hpo-best")

    assert job["HyperParameterTuningJobStatus"] == "Completed" and "FailureReason" not in job
    assert job["ObjectiveStatusCounters"] == {"Succeeded": 3, "Pending": 0, "Failed": 1}
    assert job["TrainingJobStatusCounters"]["NonRetryableError"] == 1
    best = job["BestTrainingJob"]
    child = describe_training(sm, names[best_index - 1])
    assert list(best) == [
        "TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingStartTime", "TrainingEndTime",
        "TrainingJobStatus", "TunedHyperParameters", "FinalHyperParameterTuningJobObjectiveMetric", "ObjectiveStatus",
    ]
    assert best["TrainingJobName"] == child["TrainingJobName"] and best["TrainingJobArn"] == child["TrainingJobArn"]
    assert (best["CreationTime"], best["TrainingEndTime"]) == (child["CreationTime"], child["TrainingEndTime"])
    assert best["TrainingJobStatus"] == "Completed" and best["ObjectiveStatus"] == "Succeeded"
    assert best["TunedHyperParameters"] == {k: child["HyperParameters"][k] for k in ("epochs", "eta", "optimizer")}
    assert best["FinalHyperParameterTuningJobObjectiveMetric"] == {
        "Type": objective_type, "MetricName": METRIC, "Value": [0.5, 0.9, 0.2][best_index - 1],
    }
    failed = describe_training(sm, names[3])
    assert failed["TrainingJobStatus"] == "Failed" and failed["FailureReason"].startswith("AlgorithmError")


def test_best_job_shows_while_the_tuning_job_runs(emu):
    emu.lifecycle = None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-early", total=3, parallel=2))
    wait_until(lambda: len(emu.training_jobs_of("hpo-early")) == 2)
    first, second = emu.training_jobs_of("hpo-early")
    assert "BestTrainingJob" not in describe(sm, "hpo-early")

    emu.finish(second, "Completed")  # no objective metric: the objective failed
    emu.finish(first, "Completed", metrics={METRIC: 0.4})
    job = describe(sm, "hpo-early")
    assert job["HyperParameterTuningJobStatus"] == "InProgress"
    assert job["BestTrainingJob"]["TrainingJobName"] == first
    assert job["ObjectiveStatusCounters"]["Failed"] == 1


def test_all_training_jobs_failing_fails_the_tuning_job(emu):
    emu.lifecycle = quick(0.05)
    emu.objective = lambda index, tuned: None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-fail", total=3, parallel=3))
    job = ended(sm, "hpo-fail")

    assert job["HyperParameterTuningJobStatus"] == "Failed"
    assert job["FailureReason"] == (
        "No training job succeeded after 3 attempts. "
        "Please take a look at the training job failures to get more details."
    )
    assert job["TrainingJobStatusCounters"]["NonRetryableError"] == 3
    assert job["ObjectiveStatusCounters"] == {"Succeeded": 0, "Pending": 0, "Failed": 3}
    assert "BestTrainingJob" not in job and "HyperParameterTuningEndTime" in job


# -- stopping -------------------------------------------------------------------------------


def test_stop_stops_the_running_training_jobs_then_the_tuning_job(emu):
    emu.lifecycle = None
    emu.stop_delay = 1.0  # the training jobs stay Stopping a while, and the tuning job with them
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-stop", total=6, parallel=2))
    wait_until(lambda: len(emu.training_jobs_of("hpo-stop")) == 2)
    first, second = emu.training_jobs_of("hpo-stop")
    emu.finish(first, "Completed", metrics={METRIC: 0.7})
    wait_until(lambda: len(emu.training_jobs_of("hpo-stop")) == 3)

    sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="hpo-stop")
    assert describe(sm, "hpo-stop")["HyperParameterTuningJobStatus"] == "Stopping"
    job = ended(sm, "hpo-stop")

    assert job["HyperParameterTuningJobStatus"] == "Stopped"
    names = emu.training_jobs_of("hpo-stop")
    assert len(names) == 3  # none launched after the stop
    assert [describe_training(sm, name)["TrainingJobStatus"] for name in names] == ["Completed", "Stopped", "Stopped"]
    assert [emu.stopped_by(name) for name in names[1:]] == ["StopHyperParameterTuningJob"] * 2
    assert emu.stopped_by("hpo-stop", kind="HyperParameterTuningJob") == "StopHyperParameterTuningJob"
    assert job["TrainingJobStatusCounters"] == {
        "Completed": 1, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 0, "Stopped": 2,
    }
    assert job["BestTrainingJob"]["TrainingJobName"] == first
    assert job["LastModifiedTime"] >= max(describe_training(sm, n)["TrainingEndTime"] for n in names)

    with pytest.raises(ClientError) as again:
        sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="hpo-stop")
    assert error_code(again.value) == "ValidationException"
    assert again.value.response["Error"]["Message"] == (
        "The request was rejected because the hyperparameter tuning job is in status Stopped."
    )


def test_test_api_drives_a_tuning_job(emu):
    emu.lifecycle = None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-driven", total=4))
    name = emu.wait_for_job(kind="HyperParameterTuningJob")
    wait_until(lambda: len(emu.training_jobs_of(name)) == 2)

    emu.finish(name, "Failed", failure_reason="ClientError: quota exceeded", kind="HyperParameterTuningJob")
    job = describe(sm, name)
    assert (job["HyperParameterTuningJobStatus"], job["FailureReason"]) == ("Failed", "ClientError: quota exceeded")

    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-stopped", total=4))
    wait_until(lambda: len(emu.training_jobs_of("hpo-stopped")) == 2)
    emu.stop_job("hpo-stopped", kind="HyperParameterTuningJob")
    assert ended(sm, "hpo-stopped")["HyperParameterTuningJobStatus"] == "Stopped"
    assert {emu.stopped_by(child) for child in emu.training_jobs_of("hpo-stopped")} == {"emulator"}

    with pytest.raises(ValueError, match="no lifecycle of its own"):
        emu.set_lifecycle("hpo-next", Lifecycle.default(), kind="HyperParameterTuningJob")
    with pytest.raises(ValueError, match="writes no logs"):
        emu.write_logs(name, lines=["x"], kind="HyperParameterTuningJob")
    with pytest.raises(KeyError, match="hyperparameter tuning job"):
        emu.training_jobs_of("never-created")


def test_reset_ends_the_tuning_threads(emu):
    emu.lifecycle = None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-reset", total=4))
    wait_until(lambda: len(emu.training_jobs_of("hpo-reset")) == 2)

    emu.reset()
    assert [t.name for t in threading.enumerate() if t.name.startswith("emulator-tuning-")] == []
    assert emu.job_names() == [] and emu.job_names(kind="HyperParameterTuningJob") == []
    assert sm.list_training_jobs()["TrainingJobSummaries"] == []


# -- listing --------------------------------------------------------------------------------


def test_list_training_jobs_for_a_tuning_job_filters_sorts_and_pages(emu):
    emu.lifecycle = None
    sm = client(emu)
    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-list", total=5, parallel=5))
    wait_until(lambda: len(emu.training_jobs_of("hpo-list")) == 5)
    names = emu.training_jobs_of("hpo-list")
    for name, value in zip(names[:3], [0.3, 0.8, 0.5]):
        emu.finish(name, "Completed", metrics={METRIC: value})
    emu.finish(names[3], "Failed", failure_reason="AlgorithmError: boom")

    pages = sm.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(
        HyperParameterTuningJobName="hpo-list", PaginationConfig={"PageSize": 2}
    )
    sizes, listed = [], []
    for page in pages:
        sizes.append(len(page["TrainingJobSummaries"]))
        listed += page["TrainingJobSummaries"]
    assert sizes == [2, 2, 1]
    assert [s["TrainingJobName"] for s in listed] == sorted(names)  # by Name, Ascending by default
    by_name = {s["TrainingJobName"]: s for s in listed}
    assert by_name[names[3]]["FailureReason"] == "AlgorithmError: boom"
    assert by_name[names[3]]["ObjectiveStatus"] == "Failed"
    assert by_name[names[4]]["ObjectiveStatus"] == "Pending"
    assert "TrainingEndTime" not in by_name[names[4]]
    assert by_name[names[0]]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == 0.3

    def listed_names(**kwargs: Any) -> list[str]:
        page = sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="hpo-list", **kwargs)
        return [s["TrainingJobName"] for s in page["TrainingJobSummaries"]]

    assert listed_names(StatusEquals="Completed", SortBy="CreationTime") == names[:3]
    # Jobs without an objective value are left out when sorting by it.
    assert listed_names(SortBy="FinalObjectiveMetricValue", SortOrder="Descending") == [names[1], names[2], names[0]]
    assert listed_names(StatusEquals="Stopped") == []


# -- faults and recording -------------------------------------------------------------------


def test_faults_and_recording_apply_to_tuning_operations(emu):
    emu.lifecycle = None
    sm = client(emu, retries=STANDARD_RETRIES)
    emu.inject("CreateHyperParameterTuningJob", "error500")
    emu.inject("DescribeHyperParameterTuningJob", "throttle", times=2)
    emu.inject("ListTrainingJobsForHyperParameterTuningJob", "throttle")
    emu.inject("StopHyperParameterTuningJob", "reset_after")  # stopped, but the answer is lost

    sm.create_hyper_parameter_tuning_job(**tuning_request("hpo-faults"))
    assert describe(sm, "hpo-faults")["HyperParameterTuningJobStatus"] == "InProgress"
    wait_until(lambda: len(emu.training_jobs_of("hpo-faults")) == 2)
    page = sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="hpo-faults")
    assert len(page["TrainingJobSummaries"]) == 2
    sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="hpo-faults")  # the retry finds it stopping
    assert ended(sm, "hpo-faults")["HyperParameterTuningJobStatus"] == "Stopped"

    created = emu.requests("CreateHyperParameterTuningJob")
    assert [(r.fault, r.status) for r in created] == [("error500", 500), (None, 200)]
    assert created[1].body["HyperParameterTuningJobName"] == "hpo-faults"
    assert [r.fault for r in emu.requests("DescribeHyperParameterTuningJob")][:3] == ["throttle", "throttle", None]
    assert [r.fault for r in emu.requests("ListTrainingJobsForHyperParameterTuningJob")] == ["throttle", None]
    stopped = emu.requests("StopHyperParameterTuningJob")
    assert [(r.fault, r.status) for r in stopped] == [("reset_after", None), (None, 200)]
    assert emu.pending_faults() == {}
