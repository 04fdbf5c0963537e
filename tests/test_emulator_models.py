"""Models in the emulator behave like AWS's: through real boto3 clients over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from test_emulator import STANDARD_RETRIES, client, error_code

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1"


def model_request(name: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ModelName": name,
        "PrimaryContainer": {
            "Image": IMAGE,
            "ModelDataUrl": "s3://bucket/output/job/output/model.tar.gz",
            "Environment": {"MODE": "fast"},
            "Mode": "SingleModel",
        },
        "ExecutionRoleArn": ROLE,
        "Tags": [{"Key": "team", "Value": "ml"}],
    }
    request.update(overrides)
    return request


def describe(sm: Any, name: str) -> dict[str, Any]:
    response = sm.describe_model(ModelName=name)
    response.pop("ResponseMetadata")
    return response  # type: ignore[no-any-return]


def test_describe_echoes_every_request_field_in_aws_order(emu):
    sm = client(emu)
    request = model_request(
        "Model-Echo",
        Containers=[
            {"ContainerHostname": "prep", "Image": IMAGE, "Environment": {"STEP": "1"}},
            {"ContainerHostname": "serve", "Image": IMAGE, "ModelDataUrl": "s3://bucket/m.tar.gz"},
        ],
        InferenceExecutionConfig={"Mode": "Direct"},
        VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]},
        EnableNetworkIsolation=True,
    )
    arn = sm.create_model(**request)["ModelArn"]

    assert arn == "arn:aws:sagemaker:us-east-1:123456789012:model/Model-Echo"  # the name's case kept
    model = describe(sm, "Model-Echo")
    assert list(model) == [
        "ModelName", "PrimaryContainer", "Containers", "InferenceExecutionConfig", "ExecutionRoleArn",
        "VpcConfig", "CreationTime", "ModelArn", "EnableNetworkIsolation",
    ]
    for key, value in request.items():
        if key != "Tags":  # AWS returns tags from ListTags only
            assert model[key] == value, key
    assert model["ModelArn"] == arn


def test_network_isolation_is_false_when_not_sent(emu):
    sm = client(emu)
    sm.create_model(ModelName="model-min", PrimaryContainer={"Image": IMAGE}, ExecutionRoleArn=ROLE)
    model = describe(sm, "model-min")
    assert model["EnableNetworkIsolation"] is False
    for absent in ("Containers", "VpcConfig", "InferenceExecutionConfig"):
        assert absent not in model


def test_list_tags_returns_the_tags_of_the_request(emu):
    sm = client(emu)
    tags = [{"Key": f"key-{i}", "Value": str(i)} for i in range(3)]
    arn = sm.create_model(**model_request("model-tags", Tags=tags))["ModelArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == tags
    assert "Tags" not in describe(sm, "model-tags")


def test_duplicate_name_is_refused_and_the_first_model_kept(emu):
    sm = client(emu)
    arn = sm.create_model(**model_request("model-dup"))["ModelArn"]

    with pytest.raises(ClientError) as raised:
        sm.create_model(**model_request("model-dup", PrimaryContainer={"Image": "other:2"}))
    error = raised.value.response
    assert error["Error"]["Code"] == "ValidationException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == f'Cannot create already existing model "{arn}".'
    assert describe(sm, "model-dup")["PrimaryContainer"]["Image"] == IMAGE
    assert [r.status for r in emu.requests("CreateModel")] == [200, 400]


def test_unknown_name_and_delete(emu):
    sm = client(emu)
    missing = 'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/no-such-model".'
    for call in (sm.describe_model, sm.delete_model):
        with pytest.raises(ClientError) as raised:
            call(ModelName="no-such-model")
        assert error_code(raised.value) == "ValidationException"
        assert raised.value.response["Error"]["Message"] == missing

    sm.create_model(**model_request("model-del"))
    sm.delete_model(ModelName="model-del")
    with pytest.raises(ClientError):
        sm.describe_model(ModelName="model-del")
    # A deleted model's name is free again.
    sm.create_model(**model_request("model-del", EnableNetworkIsolation=True))
    assert describe(sm, "model-del")["EnableNetworkIsolation"] is True


def test_name_outside_the_api_limits_is_refused(emu):
    sm = client(emu)
    with pytest.raises(ClientError) as raised:
        sm.create_model(**model_request("model_" + "x" * 60))
    assert error_code(raised.value) == "ValidationException"
    message = raised.value.response["Error"]["Message"]
    assert message.startswith("2 validation errors detected: Value 'model_")
    assert "at 'modelName' failed to satisfy constraint: Member must have length less than or equal to 63" in message
    assert "Member must satisfy regular expression pattern" in message
    assert sm.list_models()["Models"] == []


def test_faults_and_recording_apply_to_model_operations(emu):
    sm = client(emu, retries=STANDARD_RETRIES)
    emu.inject("CreateModel", "error500")
    emu.inject("DescribeModel", "throttle", times=2)
    emu.inject("DeleteModel", "reset_after")  # deleted, but the answer is lost

    sm.create_model(**model_request("model-faults"))
    assert describe(sm, "model-faults")["ModelName"] == "model-faults"
    with pytest.raises(ClientError) as raised:  # the retry finds the model gone
        sm.delete_model(ModelName="model-faults")
    assert error_code(raised.value) == "ValidationException"

    assert [(r.fault, r.status) for r in emu.requests("CreateModel")] == [("error500", 500), (None, 200)]
    assert emu.requests("CreateModel")[1].body["ModelName"] == "model-faults"
    assert [r.fault for r in emu.requests("DescribeModel")] == ["throttle", "throttle", None]
    assert [(r.fault, r.status) for r in emu.requests("DeleteModel")] == [("reset_after", None), (None, 400)]
    assert emu.pending_faults() == {}
