"""The classic sample: MNIST k-means with SageMaker's built-in k-means algorithm, for kfp 2.x.

    .venv/bin/python samples/training_pipeline.py [output.yaml]

compiles the pipeline (default: training_pipeline.yaml in the current folder). The step reads AWS
credentials from the Kubernetes secret `aws-secret` (keys AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY); with IRSA, drop the `use_secret_as_env` line.
"""

import sys

from kfp import compiler, dsl, kubernetes

from sagemaker_kfp_components.training import sagemaker_training

MNIST_CHANNELS = [
    {
        "ChannelName": "train",
        "DataSource": {
            "S3DataSource": {
                "S3Uri": "s3://m-kfp-mnist/mnist_kmeans_example/data",
                "S3DataType": "S3Prefix",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "CompressionType": "None",
        "RecordWrapperType": "None",
        "InputMode": "File",
    }
]


@dsl.pipeline(name="mnist-kmeans-training", description="Train k-means on MNIST with SageMaker")
def mnist_kmeans_training(
    role: str,
    region: str = "us-east-1",
    model_artifact_path: str = "s3://m-kfp-mnist/mnist_kmeans_example/output",
) -> str:
    training = sagemaker_training(
        region=region,
        role=role,
        image="382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
        hyperparameters={"k": "10", "feature_dim": "784"},
        channels=MNIST_CHANNELS,
        instance_type="ml.p2.xlarge",
        volume_size=50,
        max_run_time=3600,
        model_artifact_path=model_artifact_path,
    )
    training.set_caching_options(False)  # a cached training step would submit no job
    kubernetes.use_secret_as_env(
        training,
        secret_name="aws-secret",
        secret_key_to_env={"AWS_ACCESS_KEY_ID": "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY": "AWS_SECRET_ACCESS_KEY"},
    )
    return training.outputs["model_artifact_url"]


if __name__ == "__main__":
    output = sys.argv[1] if len(sys.argv) > 1 else "training_pipeline.yaml"
    compiler.Compiler().compile(mnist_kmeans_training, package_path=output)
    print(f"compiled {output}")
