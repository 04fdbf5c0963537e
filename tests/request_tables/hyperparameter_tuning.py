"""Where each argument of the hyperparameter tuning component goes in CreateHyperParameterTuningJob, written
by hand from the API reference
(docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateHyperParameterTuningJob.html), not from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.hyperparameter_tuning.entrypoint import COMPONENT
from request_tables import MISSING

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1"
KMEANS_IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"  # k-means' image in us-east-1 (AWS docs)
KMS_OUTPUT = "arn:aws:kms:us-east-1:123456789012:key/1111abcd-12ab-34cd-56ef-1234567890ab"
KMS_VOLUME = "arn:aws:kms:us-east-1:123456789012:key/2222abcd-12ab-34cd-56ef-1234567890ab"
CHANNELS = [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://data/train",
                                                                   "S3DataType": "S3Prefix"}}}]
TEST_CHANNEL = [{"ChannelName": "test", "DataSource": {"S3DataSource": {"S3Uri": "s3://data/test",
                                                                       "S3DataType": "S3Prefix"}}}]
BASE = {"region": "us-east-1", "role": ROLE, "image": IMAGE, "metric_name": "test:msd", "metric_type": "Minimize",
        "channels": CHANNELS, "output_location": "s3://out/models", "max_num_jobs": 10, "max_parallel_jobs": 1}
#: What BASE asks for: the given fields and the component's documented defaults (README).
BASE_REQUEST = {
    "HyperParameterTuningJobConfig": {
        "Strategy": "Bayesian",
        "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "test:msd"},
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 1},
        "TrainingJobEarlyStoppingType": "Off",
    },
    "TrainingJobDefinition": {
        "RoleArn": ROLE,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "InputDataConfig": CHANNELS,
        "OutputDataConfig": {"S3OutputPath": "s3://out/models"},
        "ResourceConfig": {"InstanceType": "ml.m4.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
    },
}
TUNING, JOB = "HyperParameterTuningJobConfig", "TrainingJobDefinition"
OBJECTIVE, LIMITS = f"{TUNING}.HyperParameterTuningJobObjective", f"{TUNING}.ResourceLimits"
RANGES, ALGORITHM = f"{TUNING}.ParameterRanges", f"{JOB}.AlgorithmSpecification"
RESOURCES, STOPPING, OUTPUT = f"{JOB}.ResourceConfig", f"{JOB}.StoppingCondition", f"{JOB}.OutputDataConfig"
INTEGERS = [{"Name": "mini_batch_size", "MinValue": "450", "MaxValue": "550"}]
CONTINUOUS = [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Logarithmic"}]
CATEGORICAL = [{"Name": "init_method", "Values": ["random", "kmeans++"]}]
WARM_START = {"WarmStartType": "TransferLearning",
              "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "hpo-1"}]}
HYPERBAND = {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 10}}
METRICS = {"loss": "loss=(\\S+)"}
METRIC_DEFINITIONS = [{"Name": "loss", "Regex": "loss=(\\S+)"}]
GROUPS = [{"InstanceGroupName": "g1", "InstanceType": "ml.m5.xlarge", "InstanceCount": 2}]
PREFERENCES = [{"InstanceType": "ml.p5.48xlarge"}, {"InstanceType": "ml.p4d.24xlarge"}]
TUNING_RESOURCES = {"InstanceConfigs": [{"InstanceType": "ml.m5.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 40}],
                    "AllocationStrategy": "Prioritized"}
PLACEMENT = {"EnableMultipleJobs": True, "PlacementSpecifications": [{"UltraServerId": "us-1", "InstanceCount": 2}]}
PLAN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/plan-1"
CHECKPOINTS = {"S3Uri": "s3://out/ckpt"}
DEFINITIONS = [{
    "DefinitionName": "xgb",
    "TuningObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
    "HyperParameterRanges": {"IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "8"}]},
    "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
    "RoleArn": ROLE,
    "OutputDataConfig": {"S3OutputPath": "s3://out/xgb"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}]
#: training_job_definitions without the arguments a rule (exactly_one) allows only instead of it.
WITH_DEFINITIONS = {"training_job_definitions": DEFINITIONS, "role": None, "image": None, "channels": None,
                    "output_location": None}
#: The definitions in place of the training job definition of one's own.
AS_DEFINITIONS = {JOB: MISSING, "TrainingJobDefinitions": DEFINITIONS}

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "assume_role": ({"assume_role": ROLE + "3"}, {}),
    "job_name": ({"job_name": "my-hpo-7"}, {"HyperParameterTuningJobName": "my-hpo-7"}),
    "role": ({"role": ROLE + "2"}, {f"{JOB}.RoleArn": ROLE + "2"}),
    # Keys in sorted order, as every runner passes a JSON object (test_runner_numbers).
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {"Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "strategy": ({"strategy": "Random"}, {f"{TUNING}.Strategy": "Random"}),
    "metric_name": ({"metric_name": "validation:rmse"}, {f"{OBJECTIVE}.MetricName": "validation:rmse"}),
    "metric_type": ({"metric_type": "Maximize"}, {f"{OBJECTIVE}.Type": "Maximize"}),
    "early_stopping_type": ({"early_stopping_type": "Auto"}, {f"{TUNING}.TrainingJobEarlyStoppingType": "Auto"}),
    "static_parameters": ({"static_parameters": {"k": 10, "feature_dim": 784}},
                          {f"{JOB}.StaticHyperParameters": {"k": "10", "feature_dim": "784"}}),
    "integer_parameters": ({"integer_parameters": INTEGERS}, {RANGES: {"IntegerParameterRanges": INTEGERS}}),
    "continuous_parameters": ({"continuous_parameters": CONTINUOUS},
                              {RANGES: {"ContinuousParameterRanges": CONTINUOUS}}),
    "categorical_parameters": ({"categorical_parameters": CATEGORICAL},
                               {RANGES: {"CategoricalParameterRanges": CATEGORICAL}}),
    "max_num_jobs": ({"max_num_jobs": 12}, {f"{LIMITS}.MaxNumberOfTrainingJobs": 12}),
    "max_parallel_jobs": ({"max_parallel_jobs": 2}, {f"{LIMITS}.MaxParallelTrainingJobs": 2}),
    "tuning_max_run_time": ({"tuning_max_run_time": 36000}, {f"{LIMITS}.MaxRuntimeInSeconds": 36000}),
    # Given together (a rule): each row gives the other.
    "warm_start_type": ({"warm_start_type": "TransferLearning", "parent_hpo_jobs": "hpo-1"},
                        {"WarmStartConfig": WARM_START}),
    "parent_hpo_jobs": ({"warm_start_type": "TransferLearning", "parent_hpo_jobs": "hpo-1, hpo-2"},
                        {"WarmStartConfig": {**WARM_START, "ParentHyperParameterTuningJobs": [
                            {"HyperParameterTuningJobName": "hpo-1"}, {"HyperParameterTuningJobName": "hpo-2"}]}}),
    "strategy_config": ({"strategy": "Hyperband", "strategy_config": HYPERBAND},
                        {f"{TUNING}.Strategy": "Hyperband", f"{TUNING}.StrategyConfig": HYPERBAND}),
    "completion_criteria": ({"completion_criteria": {"TargetObjectiveMetricValue": 0.95}},
                            {f"{TUNING}.TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": 0.95}}),
    "random_seed": ({"random_seed": 5}, {f"{TUNING}.RandomSeed": 5}),
    "autotune": ({"autotune": {"Mode": "Enabled"}}, {"Autotune": {"Mode": "Enabled"}}),
    "training_job_definitions": (WITH_DEFINITIONS, AS_DEFINITIONS),
    "image": ({"image": IMAGE + "0"}, {f"{ALGORITHM}.TrainingImage": IMAGE + "0"}),
    # "If you specify a value for this parameter, do not specify a value for TrainingImage."
    "algorithm_name": ({"algorithm_name": "my-algorithm", "image": None},
                       {f"{ALGORITHM}.AlgorithmName": "my-algorithm", f"{ALGORITHM}.TrainingImage": MISSING}),
    "training_input_mode": ({"training_input_mode": "Pipe"}, {f"{ALGORITHM}.TrainingInputMode": "Pipe"}),
    "metric_definitions": ({"metric_definitions": METRICS}, {f"{ALGORITHM}.MetricDefinitions": METRIC_DEFINITIONS}),
    "environment": ({"environment": {"MODE": "fast", "N": 2}}, {f"{JOB}.Environment": {"MODE": "fast", "N": "2"}}),
    "channels": ({"channels": CHANNELS + TEST_CHANNEL}, {f"{JOB}.InputDataConfig": CHANNELS + TEST_CHANNEL}),
    "output_location": ({"output_location": "s3://out/other"}, {f"{OUTPUT}.S3OutputPath": "s3://out/other"}),
    "output_compression": ({"output_compression": "NONE"}, {f"{OUTPUT}.CompressionType": "NONE"}),
    "output_encryption_key": ({"output_encryption_key": KMS_OUTPUT}, {f"{OUTPUT}.KmsKeyId": KMS_OUTPUT}),
    "instance_type": ({"instance_type": "ml.c5.xlarge"}, {f"{RESOURCES}.InstanceType": "ml.c5.xlarge"}),
    "instance_count": ({"instance_count": 3}, {f"{RESOURCES}.InstanceCount": 3}),
    "volume_size": ({"volume_size": 50}, {f"{RESOURCES}.VolumeSizeInGB": 50}),
    "resource_encryption_key": ({"resource_encryption_key": KMS_VOLUME}, {f"{RESOURCES}.VolumeKmsKeyId": KMS_VOLUME}),
    "max_run_time": ({"max_run_time": 3600}, {f"{STOPPING}.MaxRuntimeInSeconds": 3600}),
    # InstanceGroups replaces InstanceType and InstanceCount ("unless").
    "instance_groups": ({"instance_groups": GROUPS}, {f"{RESOURCES}.InstanceGroups": GROUPS,
                                                      f"{RESOURCES}.InstanceType": MISSING,
                                                      f"{RESOURCES}.InstanceCount": MISSING}),
    "instance_placement_config": ({"instance_placement_config": PLACEMENT},
                                  {f"{RESOURCES}.InstancePlacementConfig": PLACEMENT}),
    # "InstancePreferences is mutually exclusive with InstanceType"; one InstanceCount for the job stays.
    "instance_preferences": ({"instance_preferences": PREFERENCES}, {f"{RESOURCES}.InstancePreferences": PREFERENCES,
                                                                     f"{RESOURCES}.InstanceType": MISSING}),
    "training_plan_arn": ({"training_plan_arn": PLAN}, {f"{RESOURCES}.TrainingPlanArn": PLAN}),
    "keep_alive_period": ({"keep_alive_period": 120}, {f"{RESOURCES}.KeepAlivePeriodInSeconds": 120}),
    "max_pending_time": ({"max_pending_time": 7300}, {f"{STOPPING}.MaxPendingTimeInSeconds": 7300}),
    "max_retry_attempts": ({"max_retry_attempts": 4}, {f"{JOB}.RetryStrategy.MaximumRetryAttempts": 4}),
    # "use HyperParameterTuningResourceConfig instead" of ResourceConfig: none of BASE's fields of it is left.
    "tuning_resource_config": ({"tuning_resource_config": TUNING_RESOURCES},
                               {f"{JOB}.HyperParameterTuningResourceConfig": TUNING_RESOURCES, RESOURCES: MISSING}),
    "vpc_security_group_ids": ({"vpc_security_group_ids": "sg-1, sg-2", "vpc_subnets": "subnet-1"},
                               {f"{JOB}.VpcConfig": {"SecurityGroupIds": ["sg-1", "sg-2"], "Subnets": ["subnet-1"]}}),
    "vpc_subnets": ({"vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1,subnet-2"},
                    {f"{JOB}.VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}}),
    "network_isolation": ({"network_isolation": False}, {f"{JOB}.EnableNetworkIsolation": False}),
    "traffic_encryption": ({"traffic_encryption": True}, {f"{JOB}.EnableInterContainerTrafficEncryption": True}),
    "spot_instance": ({"spot_instance": True}, {f"{JOB}.EnableManagedSpotTraining": True,
                                                f"{STOPPING}.MaxWaitTimeInSeconds": 86400}),
    # Sent only with spot training ("only_when").
    "max_wait_time": ({"max_wait_time": 90000, "spot_instance": True},
                      {f"{JOB}.EnableManagedSpotTraining": True, f"{STOPPING}.MaxWaitTimeInSeconds": 90000}),
    "checkpoint_config": ({"checkpoint_config": CHECKPOINTS}, {f"{JOB}.CheckpointConfig": CHECKPOINTS}),
    # The step's own arguments fill no request field.
    "job_exists_action": ({"job_exists_action": "fail"}, {}),
    "stream_logs": ({"stream_logs": False}, {}),
    "stop_on_termination": ({"stop_on_termination": False}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "tune"}, {}),
}

#: Each argument that describes the one training job and that a rule allows with training_job_definitions, set.
ONE_JOB = {
    "training_input_mode": "Pipe", "static_parameters": {"k": 10}, "environment": {"MODE": "fast"},
    "output_compression": "NONE", "output_encryption_key": KMS_OUTPUT, "resource_encryption_key": KMS_VOLUME,
    "instance_type": "ml.c5.xlarge", "instance_count": 3, "volume_size": 50, "max_run_time": 3600,
    "instance_groups": GROUPS, "instance_placement_config": PLACEMENT, "instance_preferences": PREFERENCES,
    "training_plan_arn": PLAN, "keep_alive_period": 120, "max_pending_time": 7300, "max_retry_attempts": 4,
    "vpc_security_group_ids": "sg-1", "vpc_subnets": "subnet-1",
    "network_isolation": False, "traffic_encryption": True, "spot_instance": True, "max_wait_time": 90000,
    "checkpoint_config": CHECKPOINTS,
}

#: Rules and conditions, each way: named case -> (arguments besides BASE, None to remove one; changes).
CASES = {
    "training_job_definitions keeps out every argument of the one training job": ({**WITH_DEFINITIONS, **ONE_JOB},
                                                                                  AS_DEFINITIONS),
    "tuning_resource_config with training_job_definitions is not sent": (
        {**WITH_DEFINITIONS, "tuning_resource_config": TUNING_RESOURCES}, AS_DEFINITIONS),
    "instance_type with instance_groups is not sent": ({"instance_groups": GROUPS, "instance_type": "ml.c5.xlarge"},
                                                       TABLE["instance_groups"][1]),
    "instance_count with instance_groups is not sent": ({"instance_groups": GROUPS, "instance_count": 3},
                                                        TABLE["instance_groups"][1]),
    "volume_size with instance_groups is sent": ({"instance_groups": GROUPS, "volume_size": 50},
                                                 {**TABLE["instance_groups"][1], f"{RESOURCES}.VolumeSizeInGB": 50}),
    "instance_type with instance_preferences is not sent": (
        {"instance_preferences": PREFERENCES, "instance_type": "ml.c5.xlarge"}, TABLE["instance_preferences"][1]),
    # "One count for the job - Set ResourceConfig$InstanceCount and omit it from every preference."
    "instance_count with instance_preferences is sent": (
        {"instance_preferences": PREFERENCES, "instance_count": 3},
        {**TABLE["instance_preferences"][1], f"{RESOURCES}.InstanceCount": 3}),
    "instance_type, instance_count and volume_size with tuning_resource_config are not sent": (
        {"tuning_resource_config": TUNING_RESOURCES, "instance_type": "ml.c5.xlarge", "instance_count": 3,
         "volume_size": 50},
        TABLE["tuning_resource_config"][1]),
    "max_wait_time without spot training is not sent": ({"max_wait_time": 90000}, {}),
    "max_wait_time as long as max_run_time, with spot training": (
        {"spot_instance": True, "max_wait_time": 3600, "max_run_time": 3600},
        {f"{JOB}.EnableManagedSpotTraining": True,
         STOPPING: {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 3600}}),
    "max_wait_time shorter than max_run_time, without spot training": (
        {"max_wait_time": 3600, "max_run_time": 7200}, {f"{STOPPING}.MaxRuntimeInSeconds": 7200}),
    # A built-in algorithm's name becomes its image, which metric_definitions needs.
    "metric_definitions with a built-in algorithm's name": (
        {"image": None, "algorithm_name": "kmeans", "metric_definitions": METRICS},
        {f"{ALGORITHM}.TrainingImage": KMEANS_IMAGE, f"{ALGORITHM}.MetricDefinitions": METRIC_DEFINITIONS}),
    "as many parallel jobs as jobs": ({"max_num_jobs": 3, "max_parallel_jobs": 3},
                                      {LIMITS: {"MaxNumberOfTrainingJobs": 3, "MaxParallelTrainingJobs": 3}}),
}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED = {
    "none of image, algorithm_name and training_job_definitions": ({"image": None}, {"image"}),
    "image and algorithm_name": ({"algorithm_name": "my-algorithm"}, {"image"}),
    "algorithm_name and training_job_definitions": ({**WITH_DEFINITIONS, "algorithm_name": "my-algorithm"},
                                                    {"algorithm_name"}),
    "neither role nor training_job_definitions": ({"role": None}, {"role"}),
    "role and training_job_definitions": ({**WITH_DEFINITIONS, "role": ROLE}, {"role"}),
    "neither channels nor training_job_definitions": ({"channels": None}, {"channels"}),
    "channels and training_job_definitions": ({**WITH_DEFINITIONS, "channels": CHANNELS}, {"channels"}),
    "neither output_location nor training_job_definitions": ({"output_location": None}, {"output_location"}),
    "output_location and training_job_definitions": ({**WITH_DEFINITIONS, "output_location": "s3://out/models"},
                                                     {"output_location"}),
    "security groups without subnets": ({"vpc_security_group_ids": "sg-1"}, {"vpc_security_group_ids"}),
    "subnets without security groups": ({"vpc_subnets": "subnet-1"}, {"vpc_subnets"}),
    "a wait shorter than the run, with spot training": ({"spot_instance": True, "max_wait_time": 3600,
                                                         "max_run_time": 7200}, {"max_wait_time"}),
    "metric definitions without an image": ({"metric_definitions": METRICS, "algorithm_name": "my-algorithm",
                                             "image": None}, {"metric_definitions"}),
    "warm_start_type without parent_hpo_jobs": ({"warm_start_type": "TransferLearning"}, {"warm_start_type"}),
    "parent_hpo_jobs without warm_start_type": ({"parent_hpo_jobs": "hpo-1"}, {"parent_hpo_jobs"}),
    "more parallel jobs than jobs": ({"max_parallel_jobs": 11}, {"max_num_jobs"}),
    # "use HyperParameterTuningResourceConfig instead" of ResourceConfig: a KMS key beside it would be dropped.
    **{f"tuning_resource_config and {name}": ({"tuning_resource_config": TUNING_RESOURCES, name: ONE_JOB[name]},
                                              {"tuning_resource_config"})
       for name in ("resource_encryption_key", "keep_alive_period", "instance_groups", "instance_placement_config",
                    "instance_preferences", "training_plan_arn")},
}
