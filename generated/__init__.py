# Generated from specs/model.yaml, specs/processing.yaml, specs/training.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: model, processing, training."""
