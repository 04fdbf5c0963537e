# Generated from specs/processing.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Processing component: Runs an AWS SageMaker processing job as a pipeline step and outputs where it wrote its results."""
