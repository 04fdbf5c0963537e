# Generated from specs/valid/text.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""The Text edge cases component: Quotes ' and ", a colon: here, 100% → 日本, {{ braces }}.

    from sagemaker_kfp_components.text import sagemaker_text
"""

__all__ = ["sagemaker_text"]


def __getattr__(name: str):
    # Imported on first use: the container runs `python3 -m sagemaker_kfp_components.text.entrypoint`, which must not have
    # been imported already by its package.
    if name == "sagemaker_text":
        from .component import sagemaker_text

        return sagemaker_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
