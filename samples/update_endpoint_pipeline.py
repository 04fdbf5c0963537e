"""Retrain and move a serving endpoint to the new model with a blue/green deployment: train k-means
on MNIST, create a model from what training wrote, and update the endpoint in place. SageMaker
shifts 10 % of the traffic to the new fleet first, waits, then the rest; if the CloudWatch alarm
named goes off meanwhile, it rolls back, and the step fails saying so while the old model still
serves.

    .venv/bin/python samples/update_endpoint_pipeline.py [output.yaml]

compiles the pipeline (default: update_endpoint_pipeline.yaml in the current folder). Run it on this
machine, on the embedded AWS API emulator, after the classic sample created the endpoint in the same
emulator (each `run-pipeline` starts its own: start one with `.venv/bin/python -m
sagemaker_kfp_components.emulator`, export what it prints, and pass `--aws` to both runs):

    .venv/bin/python samples/update_endpoint_pipeline.py /tmp/update.yaml
    .venv/bin/sagemaker-kfp run-pipeline /tmp/update.yaml --aws --arg role=arn:aws:iam::123456789012:role/SageMakerRole
"""

import sys

from kfp import compiler, dsl

from sagemaker_kfp_components.deploy import sagemaker_deploy
from sagemaker_kfp_components.model import sagemaker_model
from sagemaker_kfp_components.training import sagemaker_training

BUCKET = "s3://kfp-sagemaker-mnist"
TRAIN = {"ChannelName": "train", "DataSource": {"S3DataSource": {
    "S3Uri": f"{BUCKET}/mnist_kmeans_example/train_data", "S3DataType": "S3Prefix",
    "S3DataDistributionType": "FullyReplicated"}}, "CompressionType": "None", "InputMode": "File"}
#: A canary of 10 % of the endpoint's capacity for 10 minutes, rolled back by the alarm.
BLUE_GREEN = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600,
                                        "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}},
        "TerminationWaitInSeconds": 300,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "mnist-kmeans-invocation-5xx-errors"}]},
}


@dsl.pipeline(name="mnist-kmeans-update-endpoint",
              description="Retrain k-means and move the endpoint to the new model, blue/green")
def update_endpoint_pipeline(role: str, region: str = "us-east-1", endpoint_name: str = "mnist-kmeans"):
    training = sagemaker_training(
        region=region,
        role=role,
        algorithm_name="K-Means",
        hyperparameters={"k": "10", "feature_dim": "784"},
        channels=[TRAIN],
        instance_type="ml.m5.xlarge",
        model_artifact_path=f"{BUCKET}/mnist_kmeans_example/model",
    )
    model = sagemaker_model(
        region=region,
        role=role,
        image="382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
        model_artifact_url=training.outputs["model_artifact_url"],
    )
    deploy = sagemaker_deploy(
        region=region,
        endpoint_name=endpoint_name,
        model_name_1=model.output,
        instance_type_1="ml.m5.large",
        update_endpoint=True,
        deployment_config=BLUE_GREEN,
    )
    for task in (training, model, deploy):
        task.set_caching_options(False)


if __name__ == "__main__":
    output = sys.argv[1] if len(sys.argv) > 1 else "update_endpoint_pipeline.yaml"
    compiler.Compiler().compile(update_endpoint_pipeline, output)
    print(f"compiled {output}")
