"""A pipeline written as AWS's v1 update-endpoint integration pipeline is: a model step, a deploy
step serving the model (`create_model.output`), and a second deploy step that updates that
endpoint (`deploy_model.output`) to another instance type, both deploy steps giving the same
endpoint_config_name. Its constants are those of AWS's kmeans-mnist-update-endpoint config, which
passed them as pipeline parameters (kfp 1.x text); here only the role is a parameter, as kfp 2.x
checks a parameter's type against the input's. The single outputs passed on as `.output` are what
a second output would break ("The task has multiple outputs").

Runs under kfp 2.x (tests/test_deploy_step.py) and, in the virtual environment tests/test_kfp_v1.py
makes, under kfp 1.8; it imports nothing from the project, as a user of the component.yaml files
has nothing else. (No `from __future__ import annotations`: kfp reads the pipeline function's
annotations as types.)

    python tests/aws_v1_deploy_pipeline.py OUTPUT_YAML

compiles the pipeline to OUTPUT_YAML: the pipeline IR under kfp 2.x, an Argo workflow under kfp 1.8.
"""

import sys
from pathlib import Path

from kfp import compiler, components, dsl

GENERATED = Path(__file__).resolve().parents[1] / "generated"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
ARTIFACTS = "s3://bucket/mnist_kmeans_example/model/kmeans-mnist-model/model.tar.gz"
NAME = "kmeans-mnist-deploy-model"


def load(name):
    return components.load_component_from_file(str(GENERATED / name / "component.yaml"))


sagemaker_model_op = load("model")
sagemaker_deploy_op = load("deploy")


@dsl.pipeline(name="update-endpoint-as-aws-wrote-it", description="model, deploy, update the endpoint")
def update_endpoint_pipeline(role: str, region: str = "us-east-1"):
    create_model = sagemaker_model_op(
        region=region,
        model_name="kmeans-mnist-model",
        image=KMEANS,
        model_artifact_url=ARTIFACTS,
        network_isolation=True,
        role=role,
    )
    deploy_model = sagemaker_deploy_op(
        region=region,
        endpoint_config_name=NAME,
        endpoint_name=NAME,
        model_name_1=create_model.output,
        variant_name_1="variant-1",
        instance_type_1="ml.m5.xlarge",
        initial_instance_count_1=1,
        initial_variant_weight_1="1.0",
    )
    sagemaker_deploy_op(
        region=region,
        endpoint_config_name=NAME,
        endpoint_name=deploy_model.output,
        model_name_1=create_model.output,
        variant_name_1="variant-1",
        instance_type_1="ml.m5.large",
        initial_instance_count_1=1,
        initial_variant_weight_1="1.0",
        update_endpoint=True,
    )


if __name__ == "__main__":
    compiler.Compiler().compile(update_endpoint_pipeline, sys.argv[1])
