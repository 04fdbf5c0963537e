# Generated from specs/valid/batch_transform.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: batch_transform."""
