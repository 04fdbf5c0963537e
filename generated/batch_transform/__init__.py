# Generated from specs/batch_transform.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Batch Transform component: Runs an AWS SageMaker batch transform job as a pipeline step and outputs where it wrote the predictions."""
