"""Run-time code of the SageMaker components: runs inside the step's container.

Depends on boto3 and the standard library only; the generated entrypoints call it.
"""
