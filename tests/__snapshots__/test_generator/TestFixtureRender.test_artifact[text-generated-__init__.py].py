# Generated from specs/valid/text.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""Generated components: text."""
