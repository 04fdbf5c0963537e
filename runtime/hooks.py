"""Named hooks for what one kind of job does irregularly, so the engine stays one piece of code.

A spec names the hooks its kind needs (`job.hooks`); the engine runs them at a fixed point. Each
hook says which Describe response paths it works on, so that the generator can refuse a hook on a
kind whose responses have no such fields.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from botocore.exceptions import BotoCoreError, ClientError


@dataclass(frozen=True)
class Hook:
    run: Callable[[object, dict], None]  # (botocore SageMaker client, the job's description)
    reads: tuple[str, ...]  # Describe response paths it works on


def algorithm_image(sagemaker, job: dict) -> None:
    """A job trained with an algorithm resource names no image; the algorithm does."""
    spec = job.setdefault("AlgorithmSpecification", {})
    if spec.get("TrainingImage") or not spec.get("AlgorithmName"):
        return
    try:
        algorithm = sagemaker.describe_algorithm(AlgorithmName=spec["AlgorithmName"])
        spec["TrainingImage"] = algorithm["TrainingSpecification"]["TrainingImage"]
    except (ClientError, BotoCoreError, KeyError) as error:
        print(f"warning: could not read the image of algorithm {spec['AlgorithmName']}: {error}", file=sys.stderr)


#: Run on the description of a job that completed, before the outputs are read from it.
ON_COMPLETED = {
    "algorithm_image": Hook(algorithm_image, ("AlgorithmSpecification.AlgorithmName",
                                              "AlgorithmSpecification.TrainingImage")),
}
