# Generated from specs/training.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Training component: Runs an AWS SageMaker training job as a pipeline step and outputs the model's S3 URL.

    from sagemaker_kfp_components.training import sagemaker_training
"""

__all__ = ["sagemaker_training"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.training.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_training":
        from .component import sagemaker_training

        return sagemaker_training
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
