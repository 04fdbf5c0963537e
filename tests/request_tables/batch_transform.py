"""Where each argument of the batch transform component goes in CreateTransformJob, written by hand from
the API reference (docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTransformJob.html), not
from the spec.
"""

from __future__ import annotations

from sagemaker_kfp_components.batch_transform.entrypoint import COMPONENT

ROLE = "arn:aws:iam::123456789012:role/KfpSageMakerAccess"
VOLUME_KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OUTPUT_KMS = "arn:aws:kms:us-east-1:123456789012:key/9876fedc-98fe-76dc-54ba-0987654321fe"
BASE = {"region": "us-east-1", "model_name": "mnist-kmeans", "input_location": "s3://data/mnist/test",
        "output_location": "s3://out/predictions"}
#: What BASE asks for: the given fields and the component's documented defaults (README).
BASE_REQUEST = {
    "ModelName": "mnist-kmeans",
    "MaxPayloadInMB": 6,
    "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/mnist/test"}},
                       "SplitType": "None", "CompressionType": "None"},
    "TransformOutput": {"S3OutputPath": "s3://out/predictions"},
    "DataProcessing": {"JoinSource": "None"},
    "TransformResources": {"InstanceType": "ml.m4.xlarge", "InstanceCount": 1},
}
S3_SOURCE = "TransformInput.DataSource.S3DataSource"
CLIENT = {"InvocationsTimeoutInSeconds": 1200, "InvocationsMaxRetries": 1}
CAPTURE = {"DestinationS3Uri": "s3://out/capture", "GenerateInferenceId": True}
EXPERIMENT = {"ExperimentName": "e", "TrialName": "t"}

#: argument -> (arguments given besides BASE, {request path: value there, or MISSING}).
TABLE = {
    "region": ({"region": "eu-west-1"}, {}),
    "endpoint_url": ({"endpoint_url": "https://sagemaker.example.com"}, {}),
    "tags": ({"tags": {"cost": 7, "team": "ml"}},
             {"Tags": [{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "ml"}]}),
    "job_name": ({"job_name": "predict-7"}, {"TransformJobName": "predict-7"}),
    "model_name": ({"model_name": "mnist-xgboost"}, {"ModelName": "mnist-xgboost"}),
    "max_concurrent": ({"max_concurrent": 4}, {"MaxConcurrentTransforms": 4}),
    "max_payload": ({"max_payload": 20}, {"MaxPayloadInMB": 20}),
    # "To enable the batch strategy, you must set the SplitType property to Line, RecordIO, or TFRecord."
    "batch_strategy": ({"batch_strategy": "MultiRecord", "split_type": "Line"},
                       {"BatchStrategy": "MultiRecord", "TransformInput.SplitType": "Line"}),
    "environment": ({"environment": {"MODE": "fast", "N": 2}}, {"Environment": {"MODE": "fast", "N": "2"}}),
    "input_location": ({"input_location": "s3://data/other"}, {f"{S3_SOURCE}.S3Uri": "s3://data/other"}),
    "data_type": ({"data_type": "ManifestFile"}, {f"{S3_SOURCE}.S3DataType": "ManifestFile"}),
    "content_type": ({"content_type": "text/csv"}, {"TransformInput.ContentType": "text/csv"}),
    "split_type": ({"split_type": "RecordIO"}, {"TransformInput.SplitType": "RecordIO"}),
    "compression_type": ({"compression_type": "Gzip"}, {"TransformInput.CompressionType": "Gzip"}),
    "output_location": ({"output_location": "s3://out/other"}, {"TransformOutput.S3OutputPath": "s3://out/other"}),
    "accept": ({"accept": "application/json"}, {"TransformOutput.Accept": "application/json"}),
    "assemble_with": ({"assemble_with": "Line"}, {"TransformOutput.AssembleWith": "Line"}),
    "output_encryption_key": ({"output_encryption_key": OUTPUT_KMS}, {"TransformOutput.KmsKeyId": OUTPUT_KMS}),
    "input_filter": ({"input_filter": "$[1:]"}, {"DataProcessing.InputFilter": "$[1:]"}),
    "output_filter": ({"output_filter": "$[0,-1]"}, {"DataProcessing.OutputFilter": "$[0,-1]"}),
    "join_source": ({"join_source": "Input"}, {"DataProcessing.JoinSource": "Input"}),
    "instance_type": ({"instance_type": "ml.c5.xlarge"}, {"TransformResources.InstanceType": "ml.c5.xlarge"}),
    "instance_count": ({"instance_count": 3}, {"TransformResources.InstanceCount": 3}),
    "resource_encryption_key": ({"resource_encryption_key": VOLUME_KMS},
                                {"TransformResources.VolumeKmsKeyId": VOLUME_KMS}),
    "transform_ami_version": ({"transform_ami_version": "al2-ami-sagemaker-batch-gpu-535"},
                              {"TransformResources.TransformAmiVersion": "al2-ami-sagemaker-batch-gpu-535"}),
    "model_client_config": ({"model_client_config": CLIENT}, {"ModelClientConfig": CLIENT}),
    "data_capture_config": ({"data_capture_config": CAPTURE}, {"DataCaptureConfig": CAPTURE}),
    "experiment_config": ({"experiment_config": EXPERIMENT}, {"ExperimentConfig": EXPERIMENT}),
    # The step's own arguments fill no request field.
    "assume_role": ({"assume_role": ROLE}, {}),
    "job_exists_action": ({"job_exists_action": "fail"}, {}),
    "stream_logs": ({"stream_logs": False}, {}),
    "stop_on_termination": ({"stop_on_termination": False}, {}),
    "dry_run": ({"dry_run": True}, {}),
    "name_from_request": ({"name_from_request": True}, {}),  # the name only: decided after the request
    "kfp_run_id": ({"kfp_run_id": "run-1"}, {}),
    "kfp_task_id": ({"kfp_task_id": "41"}, {}),
    "kfp_task_name": ({"kfp_task_name": "predict"}, {}),
}

#: The spec has no rules and no conditions.
CASES: dict = {}
#: named case -> (arguments besides BASE, the arguments named in the problems).
REFUSED: dict = {}
