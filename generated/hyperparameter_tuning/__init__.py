# Generated from specs/hyperparameter_tuning.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Hyperparameter Tuning component: Runs an AWS SageMaker hyperparameter tuning job as a pipeline step and outputs its best training job."""
