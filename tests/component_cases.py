"""The job components other than training as test cases: for each, the arguments of AWS's v1
integration config for that component, the request and outputs they must give, and arguments
with problems. tests/test_job_components.py runs every case through the same tests."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path

import boto3

from sagemaker_kfp_components.generator.backends import BACKENDS, Resolved, Run, compile_call

ROOT = Path(__file__).resolve().parents[1]
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
ACCOUNT_ARN = "arn:aws:sagemaker:us-east-1:123456789012"  # the emulator's account and the cases' region


@dataclass(frozen=True)
class Case:
    name: str  # the spec's name
    kind: str  # the job kind, as in Create<kind>
    words: str  # the kind in messages: "transform job"
    aws_types: dict[str, str]  # AWS's v1 inputs and their types
    arguments: dict[str, object]  # the integration config, as AWS's v1 component took it
    request: dict  # the Create request the config gives, without the request-digest tag
    outputs: dict[str, object]  # what the step writes: text, or the JSON it holds
    bad: dict[str, object]  # replaced in `arguments`: each is a problem
    bad_named: set[str]  # the arguments the error lines name
    typos: dict[str, object]  # constants replaced in `arguments` for the typed function
    typos_named: set[str]
    typo_error: str  # one of the typos' errors, word for word
    #: What the step says after "failed: " when every job the kind runs fails with "ClientError: see
    #: the job's logs" (a tuning job fails with a reason of its own).
    failure: str = "ClientError: see the job's logs"
    #: AWS's v1 outputs: ours have them all (and, where AWS's had one, only it: task.output works).
    aws_outputs: tuple[str, ...] = ()
    #: The model the job runs, which must exist before it starts (a transform job's); None: none.
    model: str | None = None

    @property
    def component_yaml(self) -> Path:
        return ROOT / "generated" / self.name / "component.yaml"

    @property
    def job_name(self) -> str:
        return str(self.arguments["job_name"])

    def prepare(self, emu) -> None:
        """Create what the job needs to exist (its model) through the emulator, as an earlier step would."""
        if self.model is not None:
            create_models(emu, self.model)

    def python_module(self):
        """generated/<name>/component.py: the typed function and DEFAULTS (needs kfp)."""
        return importlib.import_module(f"sagemaker_kfp_components.{self.name}.component")

    def check_outputs(self, command: Resolved) -> None:
        """The step wrote exactly the outputs the config gives, each as its type is read back."""
        written = {name: path.read_text(encoding="utf-8") for name, path in command.output_files.items()}
        assert set(written) == set(self.outputs)
        for name, expected in self.outputs.items():
            assert (written[name] if isinstance(expected, str) else json.loads(written[name])) == expected, name

    def resolved(self, arguments: dict, tmp_path: Path, profile: str = "2.14-2.16") -> Resolved:
        """The command line of a component.yaml call with these arguments, as the backend line runs it."""
        from kfp.components import load_component_from_file

        ir, task = compile_call(load_component_from_file(str(self.component_yaml)), arguments)
        return BACKENDS[profile].command_line(ir, task, Run(), tmp_path / "out")


def create_models(emu, *names: str, image: str | None = None) -> None:
    """Create models of these names through the emulator (k-means' image unless another is given), as
    an earlier model step would: a transform job and an endpoint config need theirs to exist."""
    env = emu.aws_env()
    sagemaker = boto3.client("sagemaker", endpoint_url=env["AWS_ENDPOINT_URL"], region_name=env["AWS_DEFAULT_REGION"],
                             aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    for name in names:
        sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image or KMEANS_IMAGE})


PROCESSING_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.5.0-cpu-py36-ubuntu16.04"
PROCESSING_INPUTS = [
    {"InputName": "mnist_tar", "S3Input": {"S3Uri": "s3://bucket/algorithms/mnist.pkl.gz", "LocalPath": "/opt/ml/processing/input",
                                           "S3DataType": "S3Prefix", "S3InputMode": "File", "S3CompressionType": "None"}},
    {"InputName": "source_code", "S3Input": {"S3Uri": "s3://bucket/code/kmeans_preprocessing.py", "LocalPath": "/opt/ml/processing/code",
                                             "S3DataType": "S3Prefix", "S3InputMode": "File", "S3CompressionType": "None"}},
]
PROCESSING_OUTPUTS = [
    {"OutputName": name, "S3Output": {"S3Uri": f"s3://bucket/mnist_kmeans_example/{name}/",
                                      "LocalPath": f"/opt/ml/processing/output_{name}/", "S3UploadMode": "EndOfJob"}}
    for name in ("train_data", "test_data", "valid_data")
]
PROCESSING_ENTRYPOINT = ["python", "/opt/ml/processing/code/kmeans_preprocessing.py"]

#: AWS's processing integration config (MNIST preprocessing for k-means).
PROCESSING = Case(
    name="processing",
    kind="ProcessingJob",
    words="processing job",
    aws_types={
        "region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject",
        "job_name": "String", "role": "String", "image": "String", "instance_type": "String", "instance_count": "Integer",
        "volume_size": "Integer", "resource_encryption_key": "String", "output_encryption_key": "String",
        "max_run_time": "Integer", "environment": "JsonObject", "container_entrypoint": "JsonArray",
        "container_arguments": "JsonArray", "input_config": "JsonArray", "output_config": "JsonArray",
        "vpc_security_group_ids": "String", "vpc_subnets": "String", "network_isolation": "Bool", "traffic_encryption": "Bool",
    },
    arguments={
        "region": "us-east-1", "job_name": "process-mnist-for-kmeans", "image": PROCESSING_IMAGE,
        "container_entrypoint": PROCESSING_ENTRYPOINT, "input_config": PROCESSING_INPUTS,
        "output_config": PROCESSING_OUTPUTS, "instance_type": "ml.m5.xlarge", "instance_count": 1,
        "volume_size": 50, "max_run_time": 1800, "role": ROLE,
    },
    request={
        "ProcessingJobName": "process-mnist-for-kmeans",
        "AppSpecification": {"ImageUri": PROCESSING_IMAGE, "ContainerEntrypoint": PROCESSING_ENTRYPOINT},
        "NetworkConfig": {"EnableInterContainerTrafficEncryption": False, "EnableNetworkIsolation": True},
        "ProcessingInputs": PROCESSING_INPUTS,
        "ProcessingOutputConfig": {"Outputs": PROCESSING_OUTPUTS},
        "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 50}},
        "RoleArn": ROLE,
        "StoppingCondition": {"MaxRuntimeInSeconds": 1800},
    },
    outputs={
        "job_name": "process-mnist-for-kmeans",
        "job_arn": f"{ACCOUNT_ARN}:processing-job/process-mnist-for-kmeans",
        "output_artifacts": {o["OutputName"]: o["S3Output"]["S3Uri"] for o in PROCESSING_OUTPUTS},
        "output_location_1": "s3://bucket/mnist_kmeans_example/train_data/",
        "output_location_2": "s3://bucket/mnist_kmeans_example/test_data/",
        "output_location_3": "s3://bucket/mnist_kmeans_example/valid_data/",
        "output_location_4": "",  # no fourth output
        "output_location_5": "",
    },
    bad={"instance_count": 0, "instance_type": "ml.m5.xlarg", "max_run_time": 10**7,
         "input_location_3": "s3://upstream/x", "vpc_subnets": "subnet-1"},
    bad_named={"instance_count", "instance_type", "max_run_time", "input_location_3", "vpc_subnets"},
    typos={"instance_type": "ml.m5.xlarg", "volume_size": 0, "output_config": [{"S3Output": {"S3Uri": "s3://b/x"}}]},
    typos_named={"instance_type", "output_config", "volume_size"},
    typo_error="output_config[0].OutputName: is required in ProcessingOutput; add it",
    aws_outputs=("job_name", "output_artifacts"),
)

#: AWS's kmeans-mnist-batch-transform integration config: the arguments its pipeline passes to the
#: batch_transform component (its model step's arguments go to AWS's model component, which
#: names the model `kmeans-mnist-model`).
BATCH_TRANSFORM = Case(
    name="batch_transform",
    kind="TransformJob",
    words="transform job",
    aws_types={
        "region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject",
        "job_name": "String", "model_name": "String", "max_concurrent": "Integer", "max_payload": "Integer",
        "batch_strategy": "String", "environment": "JsonObject", "input_location": "String", "data_type": "String",
        "content_type": "String", "split_type": "String", "compression_type": "String", "output_location": "String",
        "accept": "String", "assemble_with": "String", "output_encryption_key": "String", "input_filter": "String",
        "output_filter": "String", "join_source": "String", "instance_type": "String", "instance_count": "Integer",
        "resource_encryption_key": "String",
    },
    arguments={
        "region": "us-east-1", "model_name": "kmeans-mnist-model", "job_name": "kmeans-mnist-model",
        "instance_type": "ml.m4.xlarge", "instance_count": 1, "max_concurrent": 4, "max_payload": 6,
        "batch_strategy": "MultiRecord", "input_location": "s3://bucket/mnist_kmeans_example/input",
        "data_type": "S3Prefix", "content_type": "text/csv", "split_type": "Line", "compression_type": "None",
        "output_location": "s3://bucket/mnist_kmeans_example/output",
    },
    request={
        "TransformJobName": "kmeans-mnist-model",
        "ModelName": "kmeans-mnist-model",
        "MaxConcurrentTransforms": 4,
        "MaxPayloadInMB": 6,
        "BatchStrategy": "MultiRecord",
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/mnist_kmeans_example/input"}},
            "ContentType": "text/csv", "CompressionType": "None", "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": "s3://bucket/mnist_kmeans_example/output"},
        "TransformResources": {"InstanceType": "ml.m4.xlarge", "InstanceCount": 1},
        "DataProcessing": {"JoinSource": "None"},  # AWS's v1 default, which the API's default is too
    },
    outputs={"output_location": "s3://bucket/mnist_kmeans_example/output"},
    bad={"instance_count": 0, "instance_type": "ml.m4.xlarg", "max_payload": 101, "batch_strategy": "Multi",
         "input_location": "bucket/input", "model_client_config": {"InvocationsMaxRetries": 5}},
    bad_named={"instance_count", "instance_type", "max_payload", "batch_strategy", "input_location",
               "model_client_config.InvocationsMaxRetries"},
    typos={"split_type": "line", "max_concurrent": -4, "data_capture_config": {"KmsKeyId": "alias/capture"}},
    typos_named={"split_type", "max_concurrent", "data_capture_config"},
    typo_error="data_capture_config.DestinationS3Uri: is required in BatchDataCaptureConfig; add it",
    aws_outputs=("output_location",),
    model="kmeans-mnist-model",
)

KMEANS_IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"  # K-Means' image in us-east-1
HPO_CHANNELS = [
    {"ChannelName": name,
     "DataSource": {"S3DataSource": {"S3Uri": f"s3://bucket/mnist_kmeans_example/{name}_data", "S3DataType": "S3Prefix",
                                     "S3DataDistributionType": "FullyReplicated"}},
     "CompressionType": "None", "RecordWrapperType": "None", "InputMode": "File"}
    for name in ("train", "test")
]
HPO_INTEGER_PARAMETERS = [{"Name": "mini_batch_size", "MinValue": "450", "MaxValue": "550"},
                          {"Name": "extra_center_factor", "MinValue": "10", "MaxValue": "20"}]
HPO_CATEGORICAL_PARAMETERS = [{"Name": "init_method", "Values": ["random", "kmeans++"]}]
#: The one training job the config's tuning job runs: the emulator fixes its name's hex, its tuned
#: values and its objective by the tuning job's name (and ARN).
HPO_BEST_JOB = "kmeans-mnist-hpo-001-d4e33cbf"

#: AWS's kmeans-mnist-hpo integration config. Its pipeline passes the config's `hpo_strategy` as
#: `strategy` and every other key under its own name; the config gives no job_name (its pipeline
#: passes ''), so the case names the job for the retry test.
HYPERPARAMETER_TUNING = Case(
    name="hyperparameter_tuning",
    kind="HyperParameterTuningJob",
    words="hyperparameter tuning job",
    aws_types={
        "spot_instance": "Bool", "max_wait_time": "Integer", "max_run_time": "Integer", "checkpoint_config": "JsonObject",
        "region": "String", "endpoint_url": "String", "assume_role": "String", "tags": "JsonObject", "job_name": "String",
        "role": "String", "image": "String", "algorithm_name": "String", "training_input_mode": "String",
        "metric_definitions": "JsonObject", "strategy": "String", "metric_name": "String", "metric_type": "String",
        "early_stopping_type": "String", "static_parameters": "JsonObject", "integer_parameters": "JsonArray",
        "continuous_parameters": "JsonArray", "categorical_parameters": "JsonArray", "channels": "JsonArray",
        "output_location": "String", "output_encryption_key": "String", "instance_type": "String",
        "instance_count": "Integer", "volume_size": "Integer", "max_num_jobs": "Integer", "max_parallel_jobs": "Integer",
        "resource_encryption_key": "String", "vpc_security_group_ids": "String", "vpc_subnets": "String",
        "network_isolation": "Bool", "traffic_encryption": "Bool", "warm_start_type": "String", "parent_hpo_jobs": "String",
    },
    arguments={
        "region": "us-east-1", "job_name": "kmeans-mnist-hpo", "algorithm_name": "K-Means", "training_input_mode": "File",
        "static_parameters": {"k": "10", "feature_dim": "784"}, "integer_parameters": HPO_INTEGER_PARAMETERS,
        "channels": HPO_CHANNELS, "categorical_parameters": HPO_CATEGORICAL_PARAMETERS, "early_stopping_type": "Off",
        "max_parallel_jobs": 1, "max_num_jobs": 1, "metric_name": "test:msd", "metric_type": "Minimize",
        "strategy": "Bayesian", "instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size": 50,
        "max_run_time": 3600, "output_location": "s3://bucket/mnist_kmeans_example/output", "network_isolation": True,
        "max_wait_time": 3600, "role": ROLE,
    },
    request={
        "HyperParameterTuningJobName": "kmeans-mnist-hpo",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"MetricName": "test:msd", "Type": "Minimize"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 1, "MaxParallelTrainingJobs": 1},
            "ParameterRanges": {"IntegerParameterRanges": HPO_INTEGER_PARAMETERS,
                                "CategoricalParameterRanges": HPO_CATEGORICAL_PARAMETERS},
            "TrainingJobEarlyStoppingType": "Off",
        },
        "TrainingJobDefinition": {
            # A built-in algorithm is used through its region's image (no algorithm resource).
            "AlgorithmSpecification": {"TrainingImage": KMEANS_IMAGE, "TrainingInputMode": "File"},
            "StaticHyperParameters": {"k": "10", "feature_dim": "784"},
            "RoleArn": ROLE,
            "InputDataConfig": HPO_CHANNELS,
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/mnist_kmeans_example/output"},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},  # max_wait_time counts only with spot_instance
            "EnableNetworkIsolation": True,
            "EnableInterContainerTrafficEncryption": False,
            "EnableManagedSpotTraining": False,
        },
    },
    outputs={
        "hpo_job_name": "kmeans-mnist-hpo",
        "job_arn": f"{ACCOUNT_ARN}:hyper-parameter-tuning-job/kmeans-mnist-hpo",
        "best_job_name": HPO_BEST_JOB,
        "model_artifact_url": f"s3://bucket/mnist_kmeans_example/output/{HPO_BEST_JOB}/output/model.tar.gz",
        # Without the _tuning_objective_metric AWS adds to each training job's hyperparameters.
        "best_hyperparameters": {"k": "10", "feature_dim": "784", "mini_batch_size": "462", "extra_center_factor": "10",
                                 "init_method": "kmeans++"},
        "training_image": KMEANS_IMAGE,
        "best_objective_value": "0.522",  # the emulator's default objective for these values
    },
    bad={"max_num_jobs": 0, "instance_type": "ml.m5.xlarg", "metric_type": "Minimise", "volume_size": -1,
         "integer_parameters": [{"Name": "mini_batch_size", "MinValue": "450"}], "vpc_subnets": "subnet-1"},
    bad_named={"max_num_jobs", "instance_type", "metric_type", "volume_size", "integer_parameters[0].MaxValue",
               "vpc_subnets"},
    typos={"metric_type": "minimize", "max_parallel_jobs": 0, "categorical_parameters": [{"Name": "init_method"}]},
    typos_named={"metric_type", "max_parallel_jobs", "categorical_parameters"},
    typo_error="categorical_parameters[0].Values: is required in CategoricalParameterRange; add it",
    failure="No training job succeeded after 1 attempts. Please take a look at the training job failures to get "
            "more details.",
    aws_outputs=("hpo_job_name", "model_artifact_url", "best_job_name", "best_hyperparameters", "training_image"),
)

CASES = [PROCESSING, BATCH_TRANSFORM, HYPERPARAMETER_TUNING]
