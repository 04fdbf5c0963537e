"""The request digest tag and the comparison that explains a reused job name (runtime/request_digest.py)."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from sagemaker_kfp_components.training.entrypoint import COMPONENT
from sagemaker_kfp_components.runtime.job import Job, StepFailure
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, add_digest_tag, differing_fields, request_digest

NAME = "TrainingJobName"
CHANNEL = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train", "S3DataType": "S3Prefix"}}}
REQUEST = {
    "TrainingJobName": "job",
    "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
    "AlgorithmSpecification": {"TrainingImage": "img:1", "TrainingInputMode": "File"},
    "HyperParameters": {"k": "10", "rate": "0.5"},
    "InputDataConfig": [CHANNEL],
    "OutputDataConfig": {"S3OutputPath": "s3://b/models"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    "EnableNetworkIsolation": False,
}
#: What DescribeTrainingJob returns for REQUEST on AWS: the request plus what the service fills in.
DESCRIPTION = {
    **REQUEST,
    "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/job",
    "TrainingJobStatus": "Completed",
    "AlgorithmSpecification": {**REQUEST["AlgorithmSpecification"], "EnableSageMakerMetricsTimeSeries": False,
                               "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=(.*)"}]},
    "InputDataConfig": [{**CHANNEL, "CompressionType": "None", "RecordWrapperType": "None",
                         "DataSource": {"S3DataSource": {**CHANNEL["DataSource"]["S3DataSource"],
                                                         "S3DataDistributionType": "FullyReplicated"}}}],
    "OutputDataConfig": {"S3OutputPath": "s3://b/models", "KmsKeyId": "", "CompressionType": "GZIP"},
    "EnableInterContainerTrafficEncryption": False,
    "EnableManagedSpotTraining": False,
}


def differences(request: dict, description: dict = DESCRIPTION, tags: dict | None = None) -> list[str]:
    return differing_fields(request, description, tags or {}, "CreateTrainingJob", "DescribeTrainingJob", NAME)


def test_the_digest_covers_the_request_without_its_name_and_the_tag_itself():
    digest = request_digest(REQUEST, NAME)
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert request_digest({**REQUEST, NAME: "job-r2"}, NAME) == digest
    assert request_digest({**REQUEST, "Tags": [{"Key": DIGEST_TAG, "Value": "anything"}]}, NAME) == digest
    assert request_digest({**REQUEST, "HyperParameters": {"k": "11", "rate": "0.5"}}, NAME) != digest
    assert request_digest({**REQUEST, "Tags": [{"Key": "team", "Value": "ml"}]}, NAME) != digest


def test_the_tag_goes_after_the_users_tags_and_replaces_one_of_its_own_key():
    request = {**REQUEST, "Tags": [{"Key": "team", "Value": "ml"}, {"Key": DIGEST_TAG, "Value": "stale"}]}
    assert add_digest_tag(request, "CreateTrainingJob", NAME)
    assert request["Tags"] == [{"Key": "team", "Value": "ml"},
                               {"Key": DIGEST_TAG, "Value": request_digest(request, NAME)}]


def test_fifty_user_tags_leave_the_request_as_it_is():
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    request = {**REQUEST, "Tags": list(tags)}
    assert not add_digest_tag(request, "CreateTrainingJob", NAME)
    assert request["Tags"] == tags


def test_what_the_service_fills_in_is_no_difference():
    assert differences(REQUEST) == []


def test_changed_fields_are_named_with_the_keys_of_maps():
    request = {**REQUEST, "HyperParameters": {"k": "12", "epochs": "3"},
               "ResourceConfig": {**REQUEST["ResourceConfig"], "InstanceCount": 2},
               "InputDataConfig": [CHANNEL, {**CHANNEL, "ChannelName": "test"}],
               "Environment": {"MODE": "fast"}, "Tags": [{"Key": "team", "Value": "ai"}]}
    assert differences(request, tags={"team": "ml", DIGEST_TAG: "x"}) == [
        "HyperParameters (epochs, k, rate)", "InputDataConfig", "ResourceConfig", "Environment (MODE)", "Tags (team)"]


def test_fields_left_out_count_where_the_job_has_entries_in_them():
    request = {key: value for key, value in REQUEST.items() if key not in ("HyperParameters", "InputDataConfig")}
    assert differences(request) == ["HyperParameters (k, rate)", "InputDataConfig"]
    # A structure or flag left out may be a default the service filled in: not reported.
    assert differences({**REQUEST, "OutputDataConfig": {"S3OutputPath": "s3://b/models"}}) == []
    assert differences({**REQUEST, "VpcConfig": {"Subnets": ["s-1"], "SecurityGroupIds": ["sg-1"]}}) == ["VpcConfig"]


# -- the attach path with answers AWS gives that the emulator does not (botocore's own Stubber) ----


def attach(list_tags_answer: dict | None, error: str | None = None):
    """create_or_attach of REQUEST onto an existing job whose ListTags answers as given."""
    client = botocore.session.get_session().create_client(
        "sagemaker", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
    request = dict(REQUEST)
    add_digest_tag(request, "CreateTrainingJob", NAME)
    stubber = Stubber(client)
    stubber.add_client_error("create_training_job", "ResourceInUse", http_status_code=400)
    stubber.add_response("describe_training_job", {
        **{key: value for key, value in DESCRIPTION.items() if key != "TrainingJobStatus"},
        "TrainingJobStatus": "InProgress", "SecondaryStatus": "Training", "CreationTime": 0,
        "ModelArtifacts": {"S3ModelArtifacts": ""}}, {"TrainingJobName": "job"})
    if error:
        stubber.add_client_error("list_tags", error, http_status_code=400)
    else:
        stubber.add_response("list_tags", list_tags_answer)
    said: list[str] = []
    with stubber:
        return Job(client, COMPONENT.job, "job", say=said.append).create_or_attach(request, "attach"), said


@pytest.mark.parametrize("code", ["AccessDeniedException", "AccessDenied"])
def test_without_permission_to_read_tags_the_step_attaches_with_a_warning(capsys, code):
    attached, said = attach(None, error=code)
    assert attached and said == ["Attaching to the existing training job job (this step was retried or restarted)"]
    assert capsys.readouterr().err == (
        f"warning: could not read the tags of training job job (An error occurred ({code}) when calling "
        "the ListTags operation: ); attaching without checking that it was created from this request (the step's "
        "credentials need sagemaker:ListTags)\n")


@pytest.mark.parametrize("code", ["ValidationException", "ThrottlingException", "InternalFailure"])
def test_any_other_error_reading_the_tags_fails_the_step_instead_of_attaching_unchecked(capsys, code):
    """Only a missing permission is a lasting fact of the step's setup worth attaching unchecked for;
    any other answer (throttling left after botocore's ten attempts, a refused ARN, a service error)
    says nothing about the job, and attaching to one made from another request would pass its outputs
    off as this request's. The step fails instead (exit 3), and its retry checks again."""
    with pytest.raises(ClientError, match=code):
        attach(None, error=code)
    assert "warning" not in capsys.readouterr().err


def test_a_job_without_the_digest_tag_is_attached_to_with_a_warning(capsys):
    attached, said = attach({"Tags": [{"Key": "team", "Value": "ml"}]})
    assert attached and said == ["Attaching to the existing training job job (this step was retried or restarted)"]
    assert capsys.readouterr().err == (
        f"warning: training job job has no {DIGEST_TAG} tag (it was created before this check existed, or with 50 "
        "tags); attaching without checking that it was created from this request\n")


def test_a_create_refused_for_another_reason_than_the_name_is_an_error_not_an_attach():
    client = botocore.session.get_session().create_client(
        "sagemaker", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
    with Stubber(client) as stubber:
        stubber.add_client_error("create_training_job", "ValidationException", http_status_code=400,
                                 service_message="1 validation error detected: Value at 'roleArn' failed to satisfy constraint")
        with pytest.raises(ClientError, match="validation error detected"):
            Job(client, COMPONENT.job, "job", say=print).create_or_attach(dict(REQUEST), "attach")


def test_a_digest_that_differs_where_the_description_shows_nothing_says_so():
    with pytest.raises(StepFailure) as failure:
        attach({"Tags": [{"Key": DIGEST_TAG, "Value": "0" * 32}]})
    assert failure.value.exit_code == 3
    assert "differing in fields its description does not show" in str(failure.value)


def test_maps_inside_structures_and_the_users_tags_are_compared_by_their_entries():
    hook = {"S3OutputPath": "s3://b/debug", "HookParameters": {"save_interval": "10"}}
    described = {**DESCRIPTION, "DebugHookConfig": hook}
    assert differences({**REQUEST, "DebugHookConfig": hook}, described) == []
    changed = {**hook, "HookParameters": {"save_interval": "20"}}
    assert differences({**REQUEST, "DebugHookConfig": changed}, described) == ["DebugHookConfig"]
    assert differences({**REQUEST, "DebugHookConfig": hook}, {**DESCRIPTION, "DebugHookConfig": {
        "S3OutputPath": "s3://b/debug"}}) == ["DebugHookConfig"]
    tags = [{"Key": "team", "Value": "ml"}, {"Key": "cost", "Value": "1"}, {"Key": DIGEST_TAG, "Value": "d"}]
    assert differences({**REQUEST, "Tags": tags}, tags={"team": "ml", "cost": "1", DIGEST_TAG: "other"}) == []
    assert differences({**REQUEST, "Tags": tags}, tags={"team": "ai", "cost": "2"}) == ["Tags (cost, team)"]


def test_the_digest_of_a_request_never_changes_from_one_version_to_the_next():
    """Jobs created by earlier versions of the step carry the digest; a new form of it would make each
    of them look as if another request had created it (runtime/request_digest.py)."""
    plain = {"TrainingJobName": "j", "RoleArn": "r"}
    tagged = {**plain, "Tags": [{"Key": "team", "Value": "équipe"}, {"Key": DIGEST_TAG, "Value": "old"}]}
    assert request_digest(plain, NAME) == "2ad4ef992d016b02fa6cf535e5d566c3"
    assert request_digest(tagged, NAME) == "cd2ec38f7781a64e0144041f28c0fce0"
