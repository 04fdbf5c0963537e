# Generated from specs/batch_transform.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Batch Transform component: Runs an AWS SageMaker batch transform job as a pipeline step and outputs where it wrote the predictions.

    from sagemaker_kfp_components.batch_transform import sagemaker_batch_transform
"""

__all__ = ["sagemaker_batch_transform"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.batch_transform.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_batch_transform":
        from .component import sagemaker_batch_transform

        return sagemaker_batch_transform
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
