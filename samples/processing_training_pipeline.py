"""A processing step prepares the data; the training step trains on one of its outputs.

    .venv/bin/python samples/processing_training_pipeline.py [output.yaml]

compiles the pipeline (default: processing_training_pipeline.yaml in the current folder). The
processing step's `output_location_1` is the S3 URI of its first output, as plain text, and feeds
the training channel through `data_location_1`: every KFP backend passes a task output that is
the whole value of an input.
"""

import sys

from kfp import compiler, dsl

from sagemaker_kfp_components.processing import sagemaker_processing
from sagemaker_kfp_components.training import sagemaker_training

SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


@dsl.pipeline(name="prepare-and-train", description="Prepare MNIST with a processing job, then train k-means on it")
def prepare_and_train(role: str, region: str = "us-east-1") -> str:
    prepared = sagemaker_processing(
        region=region,
        role=role,
        image=SKLEARN,
        container_entrypoint=["python3", "/opt/ml/processing/code/prepare.py"],
        input_config=[{"InputName": "code", "S3Input": {
            "S3Uri": "s3://m-kfp-mnist/processing_code/prepare.py", "LocalPath": "/opt/ml/processing/code",
            "S3DataType": "S3Prefix", "S3InputMode": "File"}}],
        output_config=[{"OutputName": "train", "S3Output": {
            "S3Uri": "s3://m-kfp-mnist/prepared/train", "LocalPath": "/opt/ml/processing/train",
            "S3UploadMode": "EndOfJob"}}],
        instance_type="ml.m5.xlarge",
    )
    prepared.set_caching_options(False)
    training = sagemaker_training(
        region=region,
        role=role,
        algorithm_name="k-means",
        hyperparameters={"k": "10", "feature_dim": "784"},
        channels=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3Uri": "s3://replaced-by-data-location-1/train", "S3DataType": "S3Prefix"}}}],
        data_location_1=prepared.outputs["output_location_1"],
        instance_type="ml.m5.xlarge",
        model_artifact_path="s3://m-kfp-mnist/models",
    )
    training.set_caching_options(False)
    return training.outputs["model_artifact_url"]


if __name__ == "__main__":
    output = sys.argv[1] if len(sys.argv) > 1 else "processing_training_pipeline.yaml"
    compiler.Compiler().compile(prepare_and_train, package_path=output)
    print(f"compiled {output}")
