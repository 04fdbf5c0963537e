# Generated from specs/valid/model.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Model component: Creates a model.

    from sagemaker_kfp_components.model import sagemaker_model
"""

__all__ = ["sagemaker_model"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.model.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_model":
        from .component import sagemaker_model

        return sagemaker_model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
