"""A pipeline written as AWS's v1 batch transform integration pipeline is: the components loaded
from their component.yaml files, a model created from a training step's artifacts, its name passed
to batch transform as `create_model.output`, and the predictions' location passed on as
`transform.output`. Those single-output `.output`s are what a component with more than one output
breaks ("The task has multiple outputs").

Runs under kfp 2.x (tests/test_aws_v1_pipelines.py) and, in the virtual environment
tests/test_kfp_v1.py makes, under kfp 1.8; it imports nothing from the project, as a user of the
component.yaml files has nothing else. (No `from __future__ import annotations`: kfp reads the
pipeline function's annotations as types.)

    python tests/aws_v1_transform_pipeline.py OUTPUT_YAML

compiles the pipeline to OUTPUT_YAML: the pipeline IR under kfp 2.x, an Argo workflow under kfp 1.8.
"""

import sys
from pathlib import Path

from kfp import compiler, components, dsl

GENERATED = Path(__file__).resolve().parents[1] / "generated"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
MNIST = [{"ChannelName": "train", "DataSource": {"S3DataSource": {
    "S3Uri": "s3://bucket/mnist_kmeans_example/data", "S3DataType": "S3Prefix",
    "S3DataDistributionType": "FullyReplicated"}}, "CompressionType": "None", "InputMode": "File"}]
PREDICTIONS = "s3://bucket/mnist_kmeans_example/predictions"

#: A later step that reads the predictions' location, and writes it as its own output so that the
#: test can see what arrived.
READ_PREDICTIONS = """
name: Read predictions
inputs:
- {name: predictions, type: String}
outputs:
- {name: seen, type: String}
implementation:
  container:
    image: alpine:3
    command:
    - sh
    - -c
    - mkdir -p "$(dirname "$1")" && printf %s "$0" > "$1"
    - {inputValue: predictions}
    - {outputPath: seen}
"""


def load(name):
    return components.load_component_from_file(str(GENERATED / name / "component.yaml"))


sagemaker_train_op = load("training")
sagemaker_model_op = load("model")
sagemaker_batch_transform_op = load("batch_transform")
read_predictions_op = components.load_component_from_text(READ_PREDICTIONS)


@dsl.pipeline(name="batch-transform-as-aws-wrote-it", description="train, model, batch transform, read")
def batch_transform_pipeline(role: str, region: str = "us-east-1"):
    training = sagemaker_train_op(
        region=region,
        image=KMEANS,
        hyperparameters={"k": "10", "feature_dim": "784"},
        channels=MNIST,
        instance_type="ml.m5.xlarge",
        model_artifact_path="s3://bucket/mnist_kmeans_example/output",
        role=role,
    )
    create_model = sagemaker_model_op(
        region=region,
        image=KMEANS,
        model_artifact_url=training.outputs["model_artifact_url"],
        network_isolation=True,
        role=role,
    )
    transform = sagemaker_batch_transform_op(
        region=region,
        model_name=create_model.output,
        instance_type="ml.m4.xlarge",
        instance_count=1,
        max_concurrent=4,
        max_payload=6,
        batch_strategy="MultiRecord",
        input_location="s3://bucket/mnist_kmeans_example/input",
        data_type="S3Prefix",
        content_type="text/csv",
        split_type="Line",
        compression_type="None",
        output_location=PREDICTIONS,
    )
    read_predictions_op(predictions=transform.output)


if __name__ == "__main__":
    compiler.Compiler().compile(batch_transform_pipeline, sys.argv[1])
