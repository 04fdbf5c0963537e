# Generated from specs/training.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Training component: Runs an AWS SageMaker training job as a pipeline step and outputs the model's S3 URL."""
