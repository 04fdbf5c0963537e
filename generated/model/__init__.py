# Generated from specs/model.yaml by `python -m generator generate`. Do not edit: change the spec or the template and regenerate.
"""The SageMaker Model component: Creates an AWS SageMaker model as a pipeline step and outputs its name for an endpoint or batch transform."""
