"""Build and compile a kfp 1.8 pipeline from the generated training component.yaml.

Runs inside the kfp 1.8 virtual environment made by tests/test_kfp_v1.py, never in the project's
own (kfp 2.x) environment, and imports nothing from the project: a kfp 1.x user has only the
component.yaml. (No `from __future__ import annotations` here: kfp 1.x reads the pipeline
function's annotations as types, and a string "str" is not recognised as String.)

    python tests/kfp_v1_pipeline.py COMPONENT_YAML WORKFLOW_YAML

loads COMPONENT_YAML with kfp.components.load_component_from_file, builds a pipeline with constant
arguments of every kind (text, integer, boolean, JSON object, JSON array) and a pipeline parameter
for `role`, compiles it with kfp.compiler.Compiler to the Argo workflow WORKFLOW_YAML and prints
what the test checks as one JSON object on stdout.
"""

import json
import sys

import kfp
from kfp import compiler, components, dsl

CHANNELS = [
    {
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}},
    }
]

# A downstream step that consumes three of the training step's outputs: kfp 1.x declares an
# output as an Argo output *parameter* only when a later step consumes it (else just an artifact).
SHOW_MODEL = """
name: Show model
inputs:
- {name: model_url, type: String}
- {name: job_name, type: String}
- {name: training_image, type: String}
implementation:
  container:
    image: alpine:3
    command: [echo, {inputValue: model_url}, {inputValue: job_name}, {inputValue: training_image}]
"""


def main(component_yaml: str, workflow_yaml: str) -> None:
    training_op = components.load_component_from_file(component_yaml)
    show_model_op = components.load_component_from_text(SHOW_MODEL)

    @dsl.pipeline(name="sagemaker-training-v1", description="The training component on kfp 1.x")
    def pipeline(role: str = "arn:aws:iam::123456789012:role/SageMakerRole"):
        training = training_op(
            region="us-east-1",
            role=role,
            image="382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1",
            hyperparameters={"k": "10", "feature_dim": "784"},
            channels=CHANNELS,
            instance_type="ml.m5.xlarge",
            instance_count=2,
            volume_size=50,
            max_run_time=3600,
            model_artifact_path="s3://bucket/models",
            network_isolation=False,
            spot_instance=True,
            # kfp 1.x resolves no {{$...}} placeholder: a job name built from the run's ID is
            # stable across retries (Argo's {{workflow.uid}}, unlike {{pod.name}}).
            job_name="training-" + dsl.RUN_ID_PLACEHOLDER,
        )
        training.set_retry(2)
        training.set_caching_options(False)  # a cached training step would submit no job
        show_model_op(
            model_url=training.outputs["model_artifact_url"],
            job_name=training.outputs["job_name"],
            training_image=training.outputs["training_image"],
        )

    compiler.Compiler().compile(pipeline, workflow_yaml)
    facts = {
        "kfp_version": kfp.__version__,
        "component_name": training_op.component_spec.name,
        "inputs": [i.name for i in training_op.component_spec.inputs],
        "outputs": [o.name for o in training_op.component_spec.outputs],
        "run_id_placeholder": dsl.RUN_ID_PLACEHOLDER,
    }
    print(json.dumps(facts))


if __name__ == "__main__":
    main(*sys.argv[1:3])
