# Generated from specs/valid/model.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: model."""
