"""An upstream step decides where the training data is; the training step is retried safely.

    .venv/bin/python samples/upstream_data_pipeline.py [output.yaml]

KFP backends before 2.17.0 do not substitute a task output or pipeline parameter inside a longer
value (the JSON of `channels`, an f-string), so the upstream output goes to `data_location_1`,
which replaces the S3Uri of the first channel, and the model's S3 prefix is a parameter of its own. The training step is retried
on failure: a retry finds the job the first attempt started (the generated job name comes from the
run and task) and follows it instead of starting a second one; if that job itself failed,
`job_exists_action="rerun_failed"` trains again as `<name>-r2`.
"""

import sys

from kfp import compiler, dsl, kubernetes

from sagemaker_kfp_components.training import sagemaker_training


@dsl.component(base_image="python:3.12-slim")
def latest_training_data(bucket: str, dataset: str) -> str:
    """Stands for any step that prepares data and returns its S3 location."""
    return f"s3://{bucket}/{dataset}/train"


@dsl.pipeline(name="training-with-upstream-data", description="Train on data located by an upstream step")
def training_with_upstream_data(role: str, bucket: str, model_artifact_path: str, region: str = "us-east-1") -> str:
    data = latest_training_data(bucket=bucket, dataset="mnist")
    training = sagemaker_training(
        region=region,
        role=role,
        image="382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
        hyperparameters={"k": "10", "feature_dim": "784"},
        channels=[
            {
                "ChannelName": "train",
                # S3Uri is replaced at run time by data_location_1.
                "DataSource": {"S3DataSource": {"S3Uri": "s3://placeholder/train", "S3DataType": "S3Prefix"}},
            }
        ],
        data_location_1=data.output,
        instance_type="ml.m5.xlarge",
        max_run_time=3600,
        model_artifact_path=model_artifact_path,
        job_exists_action="rerun_failed",
    )
    training.set_caching_options(False)
    training.set_retry(num_retries=3, backoff_duration="60s", backoff_factor=2)
    kubernetes.use_secret_as_env(
        training,
        secret_name="aws-secret",
        secret_key_to_env={"AWS_ACCESS_KEY_ID": "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY": "AWS_SECRET_ACCESS_KEY"},
    )
    return training.outputs["model_artifact_url"]


if __name__ == "__main__":
    output = sys.argv[1] if len(sys.argv) > 1 else "upstream_data_pipeline.yaml"
    compiler.Compiler().compile(training_with_upstream_data, package_path=output)
    print(f"compiled {output}")
