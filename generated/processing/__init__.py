# Generated from specs/processing.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Processing component: Runs an AWS SageMaker processing job as a pipeline step and outputs where it wrote its results.

    from sagemaker_kfp_components.processing import sagemaker_processing
"""

__all__ = ["sagemaker_processing"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.processing.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_processing":
        from .component import sagemaker_processing

        return sagemaker_processing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
