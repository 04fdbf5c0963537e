"""Where each argument of the processing component goes in CreateProcessingJob, written by hand from the
API reference (docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateProcessingJob.html), not
from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.processing.entrypoint import COMPONENT
from request_tables import MISSING

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
VOLUME_KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OUTPUT_KMS = "arn:aws:kms:us-east-1:123456789012:key/9876fedc-98fe-76dc-54ba-0987654321fe"
INPUTS = [{"InputName": f"in{i}", "S3Input": {"S3Uri": f"s3://data/in{i}", "LocalPath": f"/opt/ml/processing/in{i}",
                                             "S3DataType": "S3Prefix", "S3InputMode": "File"}}
          for i in range(1, 6)]
OUTPUTS = [{"OutputName": "train", "S3Output": {"S3Uri": "s3://out/train", "LocalPath": "/opt/ml/processing/train",
                                                "S3UploadMode": "EndOfJob"}}]
BASE = {"region": "us-east-1", "role": ROLE, "image": IMAGE, "input_config": INPUTS, "output_config": OUTPUTS}
#: What BASE asks for: the given fields and the component's documented defaults (README).
BASE_REQUEST = {
    "RoleArn": ROLE,
    "AppSpecification": {"ImageUri": IMAGE},
    "ProcessingInputs": INPUTS,
    "ProcessingOutputConfig": {"Outputs": OUTPUTS},
    "ProcessingResources": {"ClusterConfig": {"InstanceType": "ml.m4.xlarge", "InstanceCount": 1,
                                              "VolumeSizeInGB": 30}},
    "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
    "NetworkConfig": {"EnableNetworkIsolation": True, "EnableInterContainerTrafficEncryption": False},
}
OTHER_OUTPUTS = [{"OutputName": "test", "S3Output": {"S3Uri": "s3://out/test", "LocalPath": "/opt/ml/processing/test",
                                                     "S3UploadMode": "Continuous"}}]
PREFERENCES = [{"InstanceType": "ml.m5.xlarge"}, {"InstanceType": "ml.c5.2xlarge"}]
EXPERIMENT = {"ExperimentName": "e", "TrialName": "t"}
CLUSTER = "ProcessingResources.ClusterConfig"

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "job_name": ({"job_name": "prep-7"}, {"ProcessingJobName": "prep-7"}),
    "role": ({"role": ROLE + "2"}, {"RoleArn": ROLE + "2"}),
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {"Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "image": ({"image": IMAGE + "0"}, {"AppSpecification.ImageUri": IMAGE + "0"}),
    "container_entrypoint": ({"container_entrypoint": ["python3", "/opt/ml/processing/code/prep.py"]},
                             {"AppSpecification.ContainerEntrypoint": ["python3", "/opt/ml/processing/code/prep.py"]}),
    "container_arguments": ({"container_arguments": ["--split", "0.2"]},
                            {"AppSpecification.ContainerArguments": ["--split", "0.2"]}),
    "environment": ({"environment": {"MODE": "fast", "N": 2}}, {"Environment": {"MODE": "fast", "N": "2"}}),
    "input_config": ({"input_config": INPUTS[:1]}, {"ProcessingInputs": INPUTS[:1]}),
    **{f"input_location_{n}": ({f"input_location_{n}": f"s3://elsewhere/{n}"},
                               {f"ProcessingInputs[{n - 1}].S3Input.S3Uri": f"s3://elsewhere/{n}"})
       for n in range(1, 6)},
    "output_config": ({"output_config": OTHER_OUTPUTS}, {"ProcessingOutputConfig.Outputs": OTHER_OUTPUTS}),
    "instance_type": ({"instance_type": "ml.c5.xlarge"}, {f"{CLUSTER}.InstanceType": "ml.c5.xlarge"}),
    "instance_count": ({"instance_count": 3}, {f"{CLUSTER}.InstanceCount": 3}),
    "volume_size": ({"volume_size": 50}, {f"{CLUSTER}.VolumeSizeInGB": 50}),
    "max_run_time": ({"max_run_time": 3600}, {"StoppingCondition.MaxRuntimeInSeconds": 3600}),
    # "InstancePreferences is mutually exclusive with InstanceType" ("unless").
    "instance_preferences": ({"instance_preferences": PREFERENCES},
                             {f"{CLUSTER}.InstancePreferences": PREFERENCES, f"{CLUSTER}.InstanceType": MISSING}),
    "resource_encryption_key": ({"resource_encryption_key": VOLUME_KMS},
                                {f"{CLUSTER}.VolumeKmsKeyId": VOLUME_KMS}),
    "output_encryption_key": ({"output_encryption_key": OUTPUT_KMS}, {"ProcessingOutputConfig.KmsKeyId": OUTPUT_KMS}),
    "vpc_security_group_ids": ({"vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
                               {"NetworkConfig.VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"],
                                                            "Subnets": ["subnet-1"]}}),
    "vpc_subnets": ({"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1,subnet-2"},
                    {"NetworkConfig.VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}),
    "network_isolation": ({"network_isolation": False}, {"NetworkConfig.EnableNetworkIsolation": False}),
    "traffic_encryption": ({"traffic_encryption": True}, {"NetworkConfig.EnableInterContainerTrafficEncryption": True}),
    "experiment_config": ({"experiment_config": EXPERIMENT}, {"ExperimentConfig": EXPERIMENT}),
    # The step's own arguments fill no request field.
    "assume_role": ({"assume_role": ROLE + "3"}, {}),
    "job_exists_action": ({"job_exists_action": "fail"}, {}),
    "stream_logs": ({"stream_logs": False}, {}),
    "stop_on_termination": ({"stop_on_termination": False}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "prep"}, {}),
}

#: Rules and conditions, each way: named case -> (arguments besides BASE, None to remove one; changes).
CASES = {
    "instance_type with instance_preferences is not sent": (
        {"instance_type": "ml.c5.xlarge", "instance_preferences": PREFERENCES},
        {f"{CLUSTER}.InstancePreferences": PREFERENCES, f"{CLUSTER}.InstanceType": MISSING}),
}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED = {
    "security groups without subnets": ({"vpc_security_group_ids": "sg-1"}, {"vpc_security_group_ids"}),
    "subnets without security groups": ({"vpc_subnets": "subnet-1"}, {"vpc_subnets"}),
    # ProcessingOutputConfig requires Outputs: a key with no outputs is a request the API refuses.
    "output_encryption_key without output_config": ({"output_encryption_key": OUTPUT_KMS, "output_config": None},
                                                    {"output_encryption_key"}),
}
