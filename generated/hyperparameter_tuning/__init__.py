# Generated from specs/hyperparameter_tuning.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Hyperparameter Tuning component: Runs an AWS SageMaker hyperparameter tuning job as a pipeline step and outputs its best training job.

    from sagemaker_kfp_components.hyperparameter_tuning import sagemaker_hyperparameter_tuning
"""

__all__ = ["sagemaker_hyperparameter_tuning"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.hyperparameter_tuning.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_hyperparameter_tuning":
        from .component import sagemaker_hyperparameter_tuning

        return sagemaker_hyperparameter_tuning
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
