# Generated from specs/deploy.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Deploy component: Deploys models to an AWS SageMaker real-time endpoint as a pipeline step and outputs the endpoint's name.

    from sagemaker_kfp_components.deploy import sagemaker_deploy
"""

__all__ = ["sagemaker_deploy"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.deploy.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_deploy":
        from .component import sagemaker_deploy

        return sagemaker_deploy
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
