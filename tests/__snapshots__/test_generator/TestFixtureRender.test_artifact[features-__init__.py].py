# Generated from specs/valid/features.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Features component: Enums, repeats, API paths, conversions and rules.

    from sagemaker_kfp_components.features import sagemaker_features
"""

__all__ = ["sagemaker_features"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.features.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_features":
        from .component import sagemaker_features

        return sagemaker_features
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
