"""Endpoint configs and endpoints in the emulator behave like SageMaker's: through real boto3 clients
over HTTP. SageMaker's wording and names are written out here, not taken from the emulator's tables,
so a wrong table entry fails a test."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from sagemaker_kfp_components.emulator import Lifecycle
from step_runner import wait_until
from test_emulator import STANDARD_RETRIES, client, error_code

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
IMAGE_A = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1"
IMAGE_B = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:2"
ARN = "arn:aws:sagemaker:us-east-1:123456789012"
GROUP = "/aws/sagemaker/Endpoints/{}"
HEALTH_CHECK_FAILED = (
    "The primary container for production variant {} did not pass the ping health check. "
    "Please check CloudWatch logs for this endpoint."
)
#: A line the failing lifecycle's container logs (a step should show it to its user).
CONTAINER_ERROR = "FileNotFoundError: [Errno 2] No such file or directory: '/opt/ml/model/model.pkl'"


def setup_models(sm: Any) -> None:
    """Two models to serve, each with its own image."""
    for name, image in (("model-a", IMAGE_A), ("model-b", IMAGE_B)):
        sm.create_model(ModelName=name, PrimaryContainer={"Image": image}, ExecutionRoleArn=ROLE)


def create_config(sm: Any, name: str, model: str = "model-a", variant: str = "AllTraffic", count: int = 1,
                  **extra: Any) -> str:
    variants = [{"VariantName": variant, "ModelName": model, "InitialInstanceCount": count,
                 "InstanceType": "ml.m5.large", "InitialVariantWeight": 1.0}]
    return str(sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=variants, **extra)[
        "EndpointConfigArn"])


def describe(sm: Any, name: str) -> dict[str, Any]:
    response = sm.describe_endpoint(EndpointName=name)
    response.pop("ResponseMetadata")
    return response  # type: ignore[no-any-return]


def status(sm: Any, name: str) -> str:
    return str(describe(sm, name)["EndpointStatus"])


def log_lines(emu: Any, name: str) -> dict[str, list[str]]:
    """Every stream of the endpoint's log group and its lines."""
    logs = client(emu, "logs")
    streams = logs.describe_log_streams(logGroupName=GROUP.format(name))["logStreams"]
    return {stream["logStreamName"]: [event["message"] for event in logs.get_log_events(
        logGroupName=GROUP.format(name), logStreamName=stream["logStreamName"], startFromHead=True)["events"]]
        for stream in streams}


def refusal(call: Any, **request: Any) -> str:
    """The message of the ValidationException the call is refused with."""
    with pytest.raises(ClientError) as raised:
        call(**request)
    assert error_code(raised.value) == "ValidationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return str(raised.value.response["Error"]["Message"])


@pytest.fixture
def sm(emu):
    sagemaker = client(emu)
    setup_models(sagemaker)
    create_config(sagemaker, "config-a")
    create_config(sagemaker, "config-b", model="model-b", count=2)
    return sagemaker


# -- creating -------------------------------------------------------------------------------


def test_created_endpoint_is_in_service_with_its_container_log(emu, sm):
    arn = sm.create_endpoint(EndpointName="ep-life", EndpointConfigName="config-a")["EndpointArn"]
    assert arn == f"{ARN}:endpoint/ep-life"
    assert emu.wait_for_job(kind="Endpoint") == "ep-life"
    seen = []

    def in_service() -> bool:
        current = status(sm, "ep-life")
        if not seen or seen[-1] != current:
            seen.append(current)
        return current == "InService"

    wait_until(in_service, timeout=5)
    assert set(seen) <= {"Creating", "InService"}

    endpoint = describe(sm, "ep-life")
    assert emu.describe("ep-life", kind="Endpoint") == endpoint  # the in-process view is the one over HTTP
    assert endpoint["EndpointConfigName"] == "config-a"
    for absent in ("FailureReason", "PendingDeploymentSummary", "LastDeploymentConfig", "DataCaptureConfig"):
        assert absent not in endpoint
    assert endpoint["CreationTime"] < endpoint["LastModifiedTime"]
    [variant] = endpoint["ProductionVariants"]
    [image] = variant.pop("DeployedImages")
    assert variant == {"VariantName": "AllTraffic", "CurrentWeight": 1.0, "DesiredWeight": 1.0,
                       "CurrentInstanceCount": 1, "DesiredInstanceCount": 1}
    assert image["SpecifiedImage"] == IMAGE_A
    assert image["ResolvedImage"].startswith("123456789012.dkr.ecr.us-east-1.amazonaws.com/serve@sha256:")

    stream = emu.log_stream_name("ep-life", kind="Endpoint")
    assert stream.startswith("AllTraffic/i-")  # <variant>/<instance id>, as SageMaker names them
    steps = Lifecycle.default().for_kind("Endpoint").steps
    assert log_lines(emu, "ep-life") == {stream: [line for step in steps for lines in step.logs.values()
                                                  for line in lines]}
    assert "/ping" in log_lines(emu, "ep-life")[stream][-1]


def test_held_endpoint_stays_creating_and_refuses_changes_until_released(emu, sm):
    emu.set_lifecycle("ep-held", None, kind="Endpoint")
    arn = sm.create_endpoint(EndpointName="ep-held", EndpointConfigName="config-a")["EndpointArn"]

    endpoint = describe(sm, "ep-held")
    assert (endpoint["EndpointStatus"], endpoint["EndpointConfigName"]) == ("Creating", "config-a")
    assert "ProductionVariants" not in endpoint  # nothing serves yet
    pending = endpoint["PendingDeploymentSummary"]
    assert pending["EndpointConfigName"] == "config-a"
    [variant] = pending["ProductionVariants"]
    assert variant["VariantStatus"][0]["Status"] == "Creating"
    assert (variant["DesiredInstanceCount"], variant["InstanceType"]) == (1, "ml.m5.large")
    assert [e["EndpointName"] for e in sm.list_endpoints(StatusEquals="Creating")["Endpoints"]] == ["ep-held"]

    in_progress = f'Cannot update in-progress endpoint "{arn}".'
    assert refusal(sm.update_endpoint, EndpointName="ep-held", EndpointConfigName="config-b") == in_progress
    assert refusal(sm.delete_endpoint, EndpointName="ep-held") == in_progress
    with pytest.raises(ValueError, match="no StopEndpoint"):
        emu.stop_job("ep-held", kind="Endpoint")

    emu.finish("ep-held", kind="Endpoint")  # InService, the default for an endpoint
    endpoint = describe(sm, "ep-held")
    assert endpoint["EndpointStatus"] == "InService" and "PendingDeploymentSummary" not in endpoint
    assert [v["VariantName"] for v in endpoint["ProductionVariants"]] == ["AllTraffic"]
    with pytest.raises(ValueError, match="already ended"):
        emu.finish("ep-held", "Failed", kind="Endpoint")


def test_failing_create_ends_failed_with_the_reason_and_the_container_error_in_the_log(emu, sm):
    emu.lifecycle = Lifecycle.failing()
    create_config(sm, "config-blue", variant="blue")
    arn = sm.create_endpoint(EndpointName="ep-fail", EndpointConfigName="config-blue")["EndpointArn"]

    endpoint = wait_until(lambda: (e := describe(sm, "ep-fail"))["EndpointStatus"] == "Failed" and e, timeout=5)
    assert endpoint["FailureReason"] == HEALTH_CHECK_FAILED.format("blue")  # names the config's variant
    assert endpoint["EndpointConfigName"] == "config-blue"
    assert "ProductionVariants" not in endpoint and "PendingDeploymentSummary" not in endpoint
    [(stream, lines)] = log_lines(emu, "ep-fail").items()
    assert stream == emu.log_stream_name("ep-fail", kind="Endpoint") and stream.startswith("blue/i-")
    assert CONTAINER_ERROR in lines

    # A failed endpoint cannot be updated, only deleted (and created again).
    message = refusal(sm.update_endpoint, EndpointName="ep-fail", EndpointConfigName="config-a")
    assert message == f'Cannot update failed endpoint "{arn}".'
    sm.delete_endpoint(EndpointName="ep-fail")
    wait_until(lambda: not sm.list_endpoints()["Endpoints"], timeout=5)  # gone after the stop delay


# -- updating -------------------------------------------------------------------------------


def test_update_deploys_the_new_config_with_its_deployment_config(emu, sm):
    emu.set_lifecycle("ep-update", None, kind="Endpoint")  # the test ends each deployment
    sm.create_endpoint(EndpointName="ep-update", EndpointConfigName="config-a")
    emu.finish("ep-update", kind="Endpoint")
    deployment = {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 300,
                                            "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}},
            "TerminationWaitInSeconds": 120,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ep-update-errors"}]},
    }

    arn = sm.update_endpoint(EndpointName="ep-update", EndpointConfigName="config-b",
                             DeploymentConfig=deployment)["EndpointArn"]
    assert arn == f"{ARN}:endpoint/ep-update"
    endpoint = describe(sm, "ep-update")
    # Updating: the old config still serves, the new one is pending.
    assert (endpoint["EndpointStatus"], endpoint["EndpointConfigName"]) == ("Updating", "config-a")
    assert [v["CurrentInstanceCount"] for v in endpoint["ProductionVariants"]] == [1]
    assert endpoint["PendingDeploymentSummary"]["EndpointConfigName"] == "config-b"
    assert endpoint["LastDeploymentConfig"] == deployment

    emu.finish("ep-update", kind="Endpoint")
    endpoint = describe(sm, "ep-update")
    assert (endpoint["EndpointStatus"], endpoint["EndpointConfigName"]) == ("InService", "config-b")
    [variant] = endpoint["ProductionVariants"]
    assert (variant["CurrentInstanceCount"], variant["DeployedImages"][0]["SpecifiedImage"]) == (2, IMAGE_B)
    assert "PendingDeploymentSummary" not in endpoint and "FailureReason" not in endpoint

    # RetainDeploymentConfig keeps the last one; an update without either clears it.
    sm.update_endpoint(EndpointName="ep-update", EndpointConfigName="config-a", RetainDeploymentConfig=True)
    assert describe(sm, "ep-update")["LastDeploymentConfig"] == deployment
    emu.finish("ep-update", kind="Endpoint")
    sm.update_endpoint(EndpointName="ep-update", EndpointConfigName="config-b")
    assert "LastDeploymentConfig" not in describe(sm, "ep-update")


def test_an_update_follows_the_lifecycle_and_logs_on_the_new_config_variant(emu, sm):
    create_config(sm, "config-green", model="model-b", variant="green")
    sm.create_endpoint(EndpointName="ep-green", EndpointConfigName="config-a")
    wait_until(lambda: status(sm, "ep-green") == "InService", timeout=5)

    sm.update_endpoint(EndpointName="ep-green", EndpointConfigName="config-green")
    endpoint = wait_until(lambda: (e := describe(sm, "ep-green"))["EndpointStatus"] == "InService" and e, timeout=5)
    assert endpoint["EndpointConfigName"] == "config-green"
    streams = log_lines(emu, "ep-green")
    assert sorted(name.split("/")[0] for name in streams) == ["AllTraffic", "green"]
    assert streams[emu.log_stream_name("ep-green", kind="Endpoint")] == streams[
        next(name for name in streams if name.startswith("AllTraffic/"))]  # the same container start


def test_failed_update_rolls_back_to_the_old_config_with_the_reason(emu, sm):
    sm.create_endpoint(EndpointName="ep-rollback", EndpointConfigName="config-a")
    wait_until(lambda: status(sm, "ep-rollback") == "InService", timeout=5)
    emu.lifecycle = Lifecycle.failing()
    emu.stop_delay = 60  # RollingBack lasts until the test settles it (reset() restores the delay)

    sm.update_endpoint(EndpointName="ep-rollback", EndpointConfigName="config-b")
    endpoint = wait_until(lambda: (e := describe(sm, "ep-rollback"))["EndpointStatus"] == "RollingBack" and e,
                          timeout=5)
    assert endpoint["FailureReason"] == HEALTH_CHECK_FAILED.format("AllTraffic")
    assert endpoint["EndpointConfigName"] == "config-a" and "PendingDeploymentSummary" not in endpoint
    assert any(CONTAINER_ERROR in lines for lines in log_lines(emu, "ep-rollback").values())
    arn = endpoint["EndpointArn"]
    assert refusal(sm.update_endpoint, EndpointName="ep-rollback", EndpointConfigName="config-b") == (
        f'Cannot update in-progress endpoint "{arn}".')

    emu.settle("ep-rollback", kind="Endpoint")
    endpoint = describe(sm, "ep-rollback")
    # SageMaker keeps serving the old config, and says why the update did not happen.
    assert (endpoint["EndpointStatus"], endpoint["EndpointConfigName"]) == ("InService", "config-a")
    assert [v["DeployedImages"][0]["SpecifiedImage"] for v in endpoint["ProductionVariants"]] == [IMAGE_A]
    assert endpoint["FailureReason"] == HEALTH_CHECK_FAILED.format("AllTraffic")

    # The next update that succeeds clears the reason.
    emu.lifecycle = Lifecycle.default()
    sm.update_endpoint(EndpointName="ep-rollback", EndpointConfigName="config-b")
    endpoint = wait_until(lambda: (e := describe(sm, "ep-rollback"))["EndpointStatus"] == "InService" and e, timeout=5)
    assert endpoint["EndpointConfigName"] == "config-b" and "FailureReason" not in endpoint


def test_rolling_back_ends_in_service_after_the_stop_delay(emu, sm):
    emu.set_lifecycle("ep-timer", None, kind="Endpoint")
    sm.create_endpoint(EndpointName="ep-timer", EndpointConfigName="config-a")
    emu.finish("ep-timer", kind="Endpoint")
    sm.update_endpoint(EndpointName="ep-timer", EndpointConfigName="config-b")
    emu.stop_delay = 60
    emu.finish("ep-timer", "Failed", failure_reason="Variant {variant}: out of memory", kind="Endpoint")
    assert (status(sm, "ep-timer"), describe(sm, "ep-timer")["FailureReason"]) == (
        "RollingBack", "Variant AllTraffic: out of memory")

    emu.stop_delay = 0.1  # taken when the next rollback starts
    emu.set_lifecycle("ep-timer-2", None, kind="Endpoint")
    sm.create_endpoint(EndpointName="ep-timer-2", EndpointConfigName="config-a")
    emu.finish("ep-timer-2", kind="Endpoint")
    emu.set_lifecycle("ep-timer-2", Lifecycle(status="Failed"), kind="Endpoint")  # the update fails
    sm.update_endpoint(EndpointName="ep-timer-2", EndpointConfigName="config-b")
    endpoint = wait_until(lambda: (e := describe(sm, "ep-timer-2"))["EndpointStatus"] == "InService" and e,
                          timeout=5)
    assert endpoint["EndpointConfigName"] == "config-a" and endpoint["FailureReason"]
    assert status(sm, "ep-timer") == "RollingBack"  # its delay was the long one


def test_update_of_a_missing_endpoint_or_config_is_refused(emu, sm):
    missing = refusal(sm.update_endpoint, EndpointName="ep-none", EndpointConfigName="config-a")
    assert missing == f'Could not find endpoint "{ARN}:endpoint/ep-none".'
    sm.create_endpoint(EndpointName="ep-here", EndpointConfigName="config-a")
    wait_until(lambda: status(sm, "ep-here") == "InService", timeout=5)
    missing = refusal(sm.update_endpoint, EndpointName="ep-here", EndpointConfigName="config-none")
    assert missing == f'Could not find endpoint configuration "{ARN}:endpoint-config/config-none".'
    assert status(sm, "ep-here") == "InService"
    assert refusal(sm.describe_endpoint, EndpointName="ep-none") == f'Could not find endpoint "{ARN}:endpoint/ep-none".'


# -- names, configs, tags -------------------------------------------------------------------


def test_duplicate_names_are_refused_and_the_first_kept(emu, sm):
    config_arn = f"{ARN}:endpoint-config/config-a"
    message = refusal(sm.create_endpoint_config, EndpointConfigName="config-a",
                      ProductionVariants=[{"VariantName": "other", "ModelName": "model-b",
                                           "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    assert message == f'Cannot create already existing endpoint configuration "{config_arn}".'
    assert sm.describe_endpoint_config(EndpointConfigName="config-a")["ProductionVariants"][0]["ModelName"] == "model-a"

    arn = sm.create_endpoint(EndpointName="ep-dup", EndpointConfigName="config-a")["EndpointArn"]
    message = refusal(sm.create_endpoint, EndpointName="ep-dup", EndpointConfigName="config-b")
    assert message == f'Cannot create already existing endpoint "{arn}".'
    assert describe(sm, "ep-dup")["EndpointConfigName"] == "config-a"
    assert [r.status for r in emu.requests("CreateEndpoint")] == [200, 400]
    assert emu.job_names(kind="Endpoint") == ["ep-dup"]

    missing = refusal(sm.create_endpoint, EndpointName="ep-noconfig", EndpointConfigName="config-none")
    assert missing == f'Could not find endpoint configuration "{ARN}:endpoint-config/config-none".'
    assert [e["EndpointName"] for e in sm.list_endpoints()["Endpoints"]] == ["ep-dup"]


def test_endpoint_config_needs_models_and_instance_types_that_exist(emu, sm):
    message = refusal(sm.create_endpoint_config, EndpointConfigName="config-nomodel",
                      ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "model-none",
                                           "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    assert message == f'Could not find model "{ARN}:model/model-none".'
    variants = [{"VariantName": "AllTraffic", "ModelName": "model-a", "InitialInstanceCount": 1,
                 "InstanceType": "ml.g6e.xlarge"}]  # newer than moto's own list of instance types
    sm.create_endpoint_config(EndpointConfigName="config-g6e", ProductionVariants=variants)
    variants.append({**variants[0], "VariantName": "other", "InstanceType": "ml.m5.huge"})
    message = refusal(sm.create_endpoint_config, EndpointConfigName="config-huge", ProductionVariants=variants)
    assert message.startswith("1 validation error detected: Value 'ml.m5.huge' at "
                              "'productionVariants.2.member.instanceType' failed to satisfy constraint: "
                              "Member must satisfy enum value set: [ml.t2.medium, ")


def test_endpoint_config_describes_the_request(emu, sm):
    capture = {"EnableCapture": True, "InitialSamplingPercentage": 20, "DestinationS3Uri": "s3://bucket/capture",
               "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}
    arn = create_config(sm, "config-full", DataCaptureConfig=capture, KmsKeyId="key-1", ExecutionRoleArn=ROLE,
                        EnableNetworkIsolation=True)
    config = sm.describe_endpoint_config(EndpointConfigName="config-full")
    assert config["EndpointConfigArn"] == arn == f"{ARN}:endpoint-config/config-full"
    assert (config["DataCaptureConfig"], config["KmsKeyId"], config["ExecutionRoleArn"]) == (capture, "key-1", ROLE)
    assert config["EnableNetworkIsolation"] is True

    sm.create_endpoint(EndpointName="ep-capture", EndpointConfigName="config-full")
    endpoint = wait_until(lambda: (e := describe(sm, "ep-capture"))["EndpointStatus"] == "InService" and e, timeout=5)
    assert endpoint["DataCaptureConfig"] == {"EnableCapture": True, "CaptureStatus": "Started",
                                             "CurrentSamplingPercentage": 20,
                                             "DestinationS3Uri": "s3://bucket/capture"}

    # A config, and a model, may be deleted while an endpoint runs them: it keeps serving.
    sm.delete_endpoint_config(EndpointConfigName="config-full")
    sm.delete_model(ModelName="model-a")
    assert describe(sm, "ep-capture")["ProductionVariants"][0]["DeployedImages"][0]["SpecifiedImage"] == IMAGE_A
    missing = f'Could not find endpoint configuration "{ARN}:endpoint-config/config-full".'
    assert refusal(sm.describe_endpoint_config, EndpointConfigName="config-full") == missing
    assert refusal(sm.delete_endpoint_config, EndpointConfigName="config-full") == missing


def test_list_tags_returns_the_tags_of_endpoint_and_config(emu, sm):
    config_tags = [{"Key": "request-digest", "Value": "0f3a"}, {"Key": "team", "Value": "ml"}]
    endpoint_tags = [{"Key": "request-digest", "Value": "9c1d"}]
    config_arn = create_config(sm, "config-tags", Tags=config_tags)
    arn = sm.create_endpoint(EndpointName="ep-tags", EndpointConfigName="config-tags",
                             Tags=endpoint_tags)["EndpointArn"]
    assert sm.list_tags(ResourceArn=config_arn)["Tags"] == config_tags
    assert sm.list_tags(ResourceArn=arn)["Tags"] == endpoint_tags
    assert "Tags" not in describe(sm, "ep-tags")
    assert "Tags" not in sm.describe_endpoint_config(EndpointConfigName="config-tags")


# -- deleting -------------------------------------------------------------------------------


def test_delete_goes_deleting_then_the_name_is_free(emu, sm):
    sm.create_endpoint(EndpointName="ep-del", EndpointConfigName="config-a")
    assert emu.wait_for_job(kind="Endpoint") == "ep-del"
    wait_until(lambda: status(sm, "ep-del") == "InService", timeout=5)
    emu.stop_delay = 60  # Deleting lasts until the test settles it

    sm.delete_endpoint(EndpointName="ep-del")
    assert status(sm, "ep-del") == "Deleting"
    arn = f"{ARN}:endpoint/ep-del"
    assert refusal(sm.delete_endpoint, EndpointName="ep-del") == f'Cannot update in-progress endpoint "{arn}".'
    # Still there while it is deleted: the name is not free yet.
    assert refusal(sm.create_endpoint, EndpointName="ep-del", EndpointConfigName="config-b") == (
        f'Cannot create already existing endpoint "{arn}".')

    emu.settle("ep-del", kind="Endpoint")
    assert refusal(sm.describe_endpoint, EndpointName="ep-del") == f'Could not find endpoint "{arn}".'
    assert refusal(sm.delete_endpoint, EndpointName="ep-del") == f'Could not find endpoint "{arn}".'
    with pytest.raises(KeyError, match="was deleted"):
        emu.describe("ep-del", kind="Endpoint")

    sm.create_endpoint(EndpointName="ep-del", EndpointConfigName="config-b")  # a new endpoint of that name
    assert emu.wait_for_job(kind="Endpoint") == "ep-del"
    assert emu.describe("ep-del", kind="Endpoint")["EndpointConfigName"] == "config-b"
    assert emu.job_names(kind="Endpoint") == ["ep-del", "ep-del"]


# -- faults, recording, lifecycles ----------------------------------------------------------


def test_faults_and_recording_apply_to_endpoint_operations(emu, sm):
    sm_retrying = client(emu, retries=STANDARD_RETRIES)
    emu.set_lifecycle("ep-faults", None, kind="Endpoint")
    emu.inject("CreateEndpoint", "error500")
    emu.inject("DescribeEndpoint", "throttle", times=2)
    sm_retrying.create_endpoint(EndpointName="ep-faults", EndpointConfigName="config-a")
    assert sm_retrying.describe_endpoint(EndpointName="ep-faults")["EndpointStatus"] == "Creating"
    emu.finish("ep-faults", kind="Endpoint")

    emu.inject("UpdateEndpoint", "throttle")
    sm_retrying.update_endpoint(EndpointName="ep-faults", EndpointConfigName="config-b")  # retried: accepted
    emu.finish("ep-faults", kind="Endpoint")
    # A lost answer: the endpoint is Updating, so the retry is refused, as SageMaker refuses it.
    emu.inject("UpdateEndpoint", "reset_after")
    with pytest.raises(ClientError, match="Cannot update in-progress endpoint"):
        sm_retrying.update_endpoint(EndpointName="ep-faults", EndpointConfigName="config-a")
    assert describe(sm, "ep-faults")["PendingDeploymentSummary"]["EndpointConfigName"] == "config-a"

    assert [(r.fault, r.status) for r in emu.requests("CreateEndpoint")] == [("error500", 500), (None, 200)]
    assert [r.fault for r in emu.requests("DescribeEndpoint")][:3] == ["throttle", "throttle", None]
    assert [(r.fault, r.status) for r in emu.requests("UpdateEndpoint")] == [
        ("throttle", 400), (None, 200), ("reset_after", None), (None, 400)]
    assert [r.body for r in emu.requests("UpdateEndpoint")][1] == {"EndpointName": "ep-faults",
                                                                    "EndpointConfigName": "config-b"}
    assert [r.body["EndpointConfigName"] for r in emu.requests("CreateEndpointConfig")] == ["config-a", "config-b"]
    assert emu.pending_faults() == {}


def test_an_endpoint_lifecycle_ends_as_an_endpoint_can(emu):
    with pytest.raises(ValueError, match="InService"):
        Lifecycle(kinds={"Endpoint": Lifecycle(status="Completed")})
    with pytest.raises(ValueError, match="Lifecycle.kinds"):
        Lifecycle(status="InService").for_kind("TrainingJob")
    for make in (Lifecycle.default, Lifecycle.demo, Lifecycle.failing):
        endpoint = make().for_kind("Endpoint")
        assert endpoint.status in ("InService", "Failed") and any(step.logs for step in endpoint.steps)
