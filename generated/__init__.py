# Generated from specs/batch_transform.yaml, specs/hyperparameter_tuning.yaml, specs/model.yaml, specs/processing.yaml, specs/training.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: batch_transform, hyperparameter_tuning, model, processing, training."""
