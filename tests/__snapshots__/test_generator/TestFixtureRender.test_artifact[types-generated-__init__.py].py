# Generated from specs/valid/types.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: types."""
