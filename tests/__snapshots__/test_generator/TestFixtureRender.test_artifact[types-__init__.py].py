# Generated from specs/valid/types.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Types component: One input and one output of every type.

    from sagemaker_kfp_components.types import sagemaker_types
"""

__all__ = ["sagemaker_types"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.types.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_types":
        from .component import sagemaker_types

        return sagemaker_types
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
