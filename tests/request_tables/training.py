"""Where each argument of the training component goes in CreateTrainingJob, written by hand from the
API reference (docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html), not
from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.training.entrypoint import COMPONENT
from request_tables import MISSING

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CHANNELS = [{"ChannelName": f"c{i}", "DataSource": {"S3DataSource": {"S3Uri": f"s3://data/c{i}", "S3DataType": "S3Prefix"}}}
            for i in range(1, 9)]
BASE = {"region": "us-east-1", "role": ROLE, "image": IMAGE, "channels": CHANNELS, "model_artifact_path": "s3://out/models"}
#: What BASE asks for: the given fields and the component's documented defaults (README).
BASE_REQUEST = {
    "RoleArn": ROLE,
    "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
    "InputDataConfig": CHANNELS,
    "ResourceConfig": {"InstanceType": "ml.m4.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
    "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
    "OutputDataConfig": {"S3OutputPath": "s3://out/models"},
    "EnableNetworkIsolation": True,
    "EnableInterContainerTrafficEncryption": False,
    "EnableManagedSpotTraining": False,
}
GROUPS = [{"InstanceGroupName": "g1", "InstanceType": "ml.m5.xlarge", "InstanceCount": 2}]
DEBUG_HOOK = {"S3OutputPath": "s3://out/debug"}
RULES = [{"RuleConfigurationName": "loss", "RuleEvaluatorImage": IMAGE}]
EXPERIMENT = {"ExperimentName": "e", "TrialName": "t"}

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "job_name": ({"job_name": "my-job-7"}, {"TrainingJobName": "my-job-7"}),
    "role": ({"role": ROLE + "2"}, {"RoleArn": ROLE + "2"}),
    # Keys in sorted order, as every runner passes a JSON object (test_runner_numbers).
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {"Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "image": ({"image": IMAGE + "0"}, {"AlgorithmSpecification.TrainingImage": IMAGE + "0"}),
    "algorithm_name": ({"algorithm_name": "my-algorithm", "image": ""},
                       {"AlgorithmSpecification.AlgorithmName": "my-algorithm",
                        "AlgorithmSpecification.TrainingImage": MISSING}),
    "metric_definitions": ({"metric_definitions": {"loss": "loss=(\\S+)"}},
                           {"AlgorithmSpecification.MetricDefinitions": [{"Name": "loss", "Regex": "loss=(\\S+)"}]}),
    "training_input_mode": ({"training_input_mode": "Pipe"}, {"AlgorithmSpecification.TrainingInputMode": "Pipe"}),
    "hyperparameters": ({"hyperparameters": {"k": 10, "on": True}}, {"HyperParameters": {"k": "10", "on": "true"}}),
    "environment": ({"environment": {"MODE": "fast", "N": 2}}, {"Environment": {"MODE": "fast", "N": "2"}}),
    "container_entrypoint": ({"container_entrypoint": ["python", "train.py"]},
                             {"AlgorithmSpecification.ContainerEntrypoint": ["python", "train.py"]}),
    "container_arguments": ({"container_arguments": ["--epochs", "3"]},
                            {"AlgorithmSpecification.ContainerArguments": ["--epochs", "3"]}),
    "channels": ({"channels": CHANNELS[:1]}, {"InputDataConfig": CHANNELS[:1]}),
    **{f"data_location_{n}": ({f"data_location_{n}": f"s3://elsewhere/{n}"},
                              {f"InputDataConfig[{n - 1}].DataSource.S3DataSource.S3Uri": f"s3://elsewhere/{n}"})
       for n in range(1, 9)},
    "instance_type": ({"instance_type": "ml.c5.xlarge"}, {"ResourceConfig.InstanceType": "ml.c5.xlarge"}),
    "instance_count": ({"instance_count": 3}, {"ResourceConfig.InstanceCount": 3}),
    "volume_size": ({"volume_size": 50}, {"ResourceConfig.VolumeSizeInGB": 50}),
    "max_run_time": ({"max_run_time": 3600}, {"StoppingCondition.MaxRuntimeInSeconds": 3600}),
    # InstanceGroups replaces InstanceType and InstanceCount ("unless").
    "instance_groups": ({"instance_groups": GROUPS}, {"ResourceConfig.InstanceGroups": GROUPS,
                                                      "ResourceConfig.InstanceType": MISSING,
                                                      "ResourceConfig.InstanceCount": MISSING}),
    "keep_alive_period": ({"keep_alive_period": 120}, {"ResourceConfig.KeepAlivePeriodInSeconds": 120}),
    "max_pending_time": ({"max_pending_time": 7300}, {"StoppingCondition.MaxPendingTimeInSeconds": 7300}),
    "max_retry_attempts": ({"max_retry_attempts": 2}, {"RetryStrategy.MaximumRetryAttempts": 2}),
    "model_artifact_path": ({"model_artifact_path": "s3://out/other"}, {"OutputDataConfig.S3OutputPath": "s3://out/other"}),
    "output_compression": ({"output_compression": "NONE"}, {"OutputDataConfig.CompressionType": "NONE"}),
    "resource_encryption_key": ({"resource_encryption_key": KMS}, {"ResourceConfig.VolumeKmsKeyId": KMS}),
    "output_encryption_key": ({"output_encryption_key": KMS}, {"OutputDataConfig.KmsKeyId": KMS}),
    "vpc_security_group_ids": ({"vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
                               {"VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"], "Subnets": ["subnet-1"]}}),
    "vpc_subnets": ({"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1,subnet-2"},
                    {"VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}),
    "network_isolation": ({"network_isolation": False}, {"EnableNetworkIsolation": False}),
    "traffic_encryption": ({"traffic_encryption": True}, {"EnableInterContainerTrafficEncryption": True}),
    "spot_instance": ({"spot_instance": True}, {"EnableManagedSpotTraining": True,
                                                "StoppingCondition.MaxWaitTimeInSeconds": 86400}),
    # Sent only with spot training ("only_when").
    "max_wait_time": ({"max_wait_time": 90000, "spot_instance": True},
                      {"EnableManagedSpotTraining": True, "StoppingCondition.MaxWaitTimeInSeconds": 90000}),
    "checkpoint_config": ({"checkpoint_config": {"S3Uri": "s3://out/ckpt"}}, {"CheckpointConfig": {"S3Uri": "s3://out/ckpt"}}),
    "debug_hook_config": ({"debug_hook_config": DEBUG_HOOK}, {"DebugHookConfig": DEBUG_HOOK}),
    "debug_rule_config": ({"debug_rule_config": RULES}, {"DebugRuleConfigurations": RULES}),
    "tensorboard_output_path": ({"tensorboard_output_path": "s3://out/tb"},
                                {"TensorBoardOutputConfig.S3OutputPath": "s3://out/tb"}),
    "profiler_config": ({"profiler_config": {"S3OutputPath": "s3://out/prof"}}, {"ProfilerConfig": {"S3OutputPath": "s3://out/prof"}}),
    "profiler_rule_configurations": ({"profiler_rule_configurations": RULES}, {"ProfilerRuleConfigurations": RULES}),
    "experiment_config": ({"experiment_config": EXPERIMENT}, {"ExperimentConfig": EXPERIMENT}),
    "enable_remote_debug": ({"enable_remote_debug": True}, {"RemoteDebugConfig.EnableRemoteDebug": True}),
    "enable_infra_check": ({"enable_infra_check": True}, {"InfraCheckConfig.EnableInfraCheck": True}),
    "session_chaining_config": ({"session_chaining_config": {"EnableSessionTagChaining": True}},
                                {"SessionChainingConfig": {"EnableSessionTagChaining": True}}),
    "serverless_job_config": ({"serverless_job_config": {"BaseModelArn": "arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/llama/1.0.0",
                                                         "JobType": "FineTuning"}},
                              {"ServerlessJobConfig": {"BaseModelArn": "arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/llama/1.0.0",
                                                       "JobType": "FineTuning"}}),
    "mlflow_config": ({"mlflow_config": {"MlflowResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/t"}},
                      {"MlflowConfig": {"MlflowResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/t"}}),
    "model_package_config": ({"model_package_config": {"ModelPackageGroupArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g"}},
                             {"ModelPackageConfig": {"ModelPackageGroupArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g"}}),
    # The step's own arguments fill no request field.
    "assume_role": ({"assume_role": ROLE + "3"}, {}),
    "job_exists_action": ({"job_exists_action": "fail"}, {}),
    "stream_logs": ({"stream_logs": False}, {}),
    "stop_on_termination": ({"stop_on_termination": False}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "train"}, {}),
}

#: Rules and conditions, each way: named case -> (arguments besides BASE, None to remove one; changes).
CASES = {
    "max_wait_time without spot training is not sent": ({"max_wait_time": 90000}, {}),
    "max_run_time with spot training is its wait time": ({"spot_instance": True, "max_run_time": 3600},
                                                          {"EnableManagedSpotTraining": True,
                                                           "StoppingCondition.MaxRuntimeInSeconds": 3600,
                                                           "StoppingCondition.MaxWaitTimeInSeconds": 86400}),
}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED = {
    "image and algorithm_name": ({"algorithm_name": "my-algorithm"}, {"image"}),
    "neither image nor algorithm_name": ({"image": None}, {"image"}),
    "security groups without subnets": ({"vpc_security_group_ids": "sg-1"}, {"vpc_security_group_ids"}),
    "subnets without security groups": ({"vpc_subnets": "subnet-1"}, {"vpc_subnets"}),
    "a wait shorter than the run, with spot training": ({"spot_instance": True, "max_wait_time": 3600,
                                                         "max_run_time": 7200}, {"max_wait_time"}),
    "metric definitions without an image": ({"metric_definitions": {"loss": "l=(.*)"}, "algorithm_name": "my-algorithm",
                                             "image": None}, {"metric_definitions"}),
}
