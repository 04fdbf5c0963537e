# Generated from specs/valid/text.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The Text edge cases component: Quotes ' and ", a colon: here, 100% → 日本, {{ braces }}."""
