# Generated from specs/valid/batch_transform.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The Batch Transform component: Runs a batch transform job."""
