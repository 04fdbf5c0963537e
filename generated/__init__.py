# Generated from specs/batch_transform.yaml, specs/deploy.yaml, specs/hyperparameter_tuning.yaml, specs/model.yaml, specs/processing.yaml, specs/training.yaml by `sagemaker-kfp generate`. Do not edit: change the spec or the template and regenerate.
"""SageMaker components for Kubeflow Pipelines.

Each component is a subpackage with its typed function for kfp 2.x pipelines, and its
component.yaml for kfp 2.x or 1.8::

    from sagemaker_kfp_components.training import sagemaker_training
    import sagemaker_kfp_components
    training_op = sagemaker_kfp_components.load_component("training")

Components: batch_transform, deploy, hyperparameter_tuning, model, processing, training.
"""

from __future__ import annotations

import importlib
from pathlib import Path

__version__ = "0.1.0"

#: The image every component runs, tagged with the version.
IMAGE = "ghcr.io/sagemaker-kfp/sagemaker-kfp-components"

from .runtime.validate import InvalidArguments  # noqa: E402 (the runtime reads __version__)

COMPONENTS = ('batch_transform', 'deploy', 'hyperparameter_tuning', 'model', 'processing', 'training')

__all__ = ["COMPONENTS", "IMAGE", "InvalidArguments", "__version__", "component_yaml", "load_component"]


def component_yaml(name: str) -> Path:
    """The path of a component's component.yaml, shipped in this package."""
    if name not in COMPONENTS:
        raise ValueError(f"no component named {name!r}; there are: {', '.join(COMPONENTS)}")
    return Path(__file__).with_name(name) / "component.yaml"


def load_component(name: str):
    """A component as kfp loads it from its component.yaml (kfp 2.x or 1.8), e.g. "training"."""
    component_yaml(name)  # a name that is no component is a ValueError, not an ImportError
    return importlib.import_module(f"{__name__}.{name}.component").load()
