"""The classic SageMaker pipeline on MNIST with the built-in k-means algorithm: tune, train with
the best hyperparameters, create a model from what training wrote, score a dataset with it in a
batch transform job, and deploy it to a real-time endpoint.

    .venv/bin/python samples/classic_pipeline.py [output.yaml]

compiles the pipeline (default: classic_pipeline.yaml in the current folder). With kfp 2.x it
calls the components' typed functions, which check constant arguments as the pipeline is defined
and pass every input (KFP 2.17.0 fills in no defaults). With kfp 1.8 it loads the same components'
component.yaml files and compiles an Argo workflow. Run the kfp 2.x pipeline on this machine, on
the embedded AWS API emulator:

    .venv/bin/python samples/classic_pipeline.py /tmp/classic.yaml
    .venv/bin/sagemaker-kfp run-pipeline /tmp/classic.yaml --arg role=arn:aws:iam::123456789012:role/SageMakerRole

Each step's outputs feed the next as whole input values, which every KFP backend passes: the best
training job's hyperparameters (a JSON object) and image, the model's S3 URL, the model's name
(`model.output`, its one output, as AWS's pipelines pass it).
"""

import sys
from pathlib import Path

import kfp
from kfp import compiler, dsl

BUCKET = "s3://kfp-sagemaker-mnist"
CHANNELS = [
    {"ChannelName": channel, "DataSource": {"S3DataSource": {
        "S3Uri": f"{BUCKET}/mnist_kmeans_example/{channel}_data", "S3DataType": "S3Prefix",
        "S3DataDistributionType": "FullyReplicated"}}, "CompressionType": "None", "InputMode": "File"}
    for channel in ("train", "test")
]


def components():
    """(tuning, training, model, batch transform, deploy) for the kfp that is installed."""
    if kfp.__version__.startswith("1."):
        from kfp.components import load_component_from_file

        generated = Path(__file__).resolve().parents[1] / "generated"
        return tuple(load_component_from_file(str(generated / name / "component.yaml"))
                     for name in ("hyperparameter_tuning", "training", "model", "batch_transform", "deploy"))
    from sagemaker_kfp_components.batch_transform import sagemaker_batch_transform
    from sagemaker_kfp_components.deploy import sagemaker_deploy
    from sagemaker_kfp_components.hyperparameter_tuning import sagemaker_hyperparameter_tuning
    from sagemaker_kfp_components.model import sagemaker_model
    from sagemaker_kfp_components.training import sagemaker_training

    return (sagemaker_hyperparameter_tuning, sagemaker_training, sagemaker_model, sagemaker_batch_transform,
            sagemaker_deploy)


tuning_op, training_op, model_op, batch_transform_op, deploy_op = components()


@dsl.pipeline(name="mnist-kmeans-classic",
              description="Tune, train, create a model, score MNIST with k-means and serve the model")
def classic_pipeline(role: str, region: str = "us-east-1", endpoint_name: str = "mnist-kmeans"):
    tuning = tuning_op(
        region=region,
        role=role,
        algorithm_name="K-Means",
        training_input_mode="File",
        static_parameters={"k": "10", "feature_dim": "784"},
        integer_parameters=[{"Name": "mini_batch_size", "MinValue": "450", "MaxValue": "550"},
                            {"Name": "extra_center_factor", "MinValue": "10", "MaxValue": "20"}],
        categorical_parameters=[{"Name": "init_method", "Values": ["random", "kmeans++"]}],
        channels=CHANNELS,
        metric_name="test:msd",
        metric_type="Minimize",
        early_stopping_type="Off",
        max_num_jobs=2,
        max_parallel_jobs=2,
        instance_type="ml.m5.xlarge",
        output_location=f"{BUCKET}/mnist_kmeans_example/tuning",
    )
    training = training_op(
        region=region,
        role=role,
        image=tuning.outputs["training_image"],
        hyperparameters=tuning.outputs["best_hyperparameters"],
        channels=CHANNELS,
        instance_type="ml.m5.xlarge",
        model_artifact_path=f"{BUCKET}/mnist_kmeans_example/model",
    )
    model = model_op(
        region=region,
        role=role,
        image=tuning.outputs["training_image"],
        model_artifact_url=training.outputs["model_artifact_url"],
    )
    batch_transform = batch_transform_op(
        region=region,
        model_name=model.output,
        input_location=f"{BUCKET}/mnist_kmeans_example/input",
        output_location=f"{BUCKET}/mnist_kmeans_example/predictions",
        content_type="text/csv",
        split_type="Line",
        instance_type="ml.m4.xlarge",
    )
    deploy = deploy_op(
        region=region,
        endpoint_name=endpoint_name,
        model_name_1=model.output,
        instance_type_1="ml.m5.large",
        update_endpoint=True,  # a later run moves the endpoint to its new model
    )
    # A cached step would submit no job and leave its outputs from another run.
    for task in (tuning, training, model, batch_transform, deploy):
        task.set_caching_options(False)


if __name__ == "__main__":
    output = sys.argv[1] if len(sys.argv) > 1 else "classic_pipeline.yaml"
    compiler.Compiler().compile(classic_pipeline, output)
    print(f"compiled {output}")
