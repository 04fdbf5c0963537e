"""Output files: removed at start, written only on success, each atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from botocore import xform_name

from . import api_model
from .arguments import Output, related_operation

#: Hyperparameters SageMaker adds to the training jobs a tuning job starts, not the algorithm's.
TUNING_INTERNAL = ("_tuning_objective_metric",)

CONVERSIONS = {
    "metric_map": lambda metrics: {m["MetricName"]: m["Value"] for m in metrics or []},
    "output_uri_map": lambda outputs: {o["OutputName"]: o.get("S3Output", {}).get("S3Uri") for o in outputs or []},
    # What a training step can take as its hyperparameters.
    "algorithm_hyperparameters": lambda values: {k: v for k, v in (values or {}).items() if k not in TUNING_INTERNAL},
}


def related_descriptions(sagemaker, outputs, job: dict) -> dict[str, dict]:
    """The descriptions the outputs read besides the job's, by the `of` path naming each.

    `BestTrainingJob.TrainingJobName` names a training job, so DescribeTrainingJob describes it.
    A path the job's description does not fill gives an empty description (empty outputs).
    """
    related: dict[str, dict] = {}
    for path in {output.of for output in outputs if output.of}:
        name = api_model.value_at(job, path)
        operation, field = related_operation(path)
        related[path] = getattr(sagemaker, xform_name(operation))(**{field: name}) if name else {}
    return related


def value_of(output: Output, job: dict) -> object:
    """The output's value in a Describe response (None where the response has no such field)."""
    value = api_model.value_at(job, output.api)
    return CONVERSIONS[output.convert](value) if output.convert else value


def as_file_text(output: Output, value: object) -> str:
    """What KFP parses for the output's type: JSON for objects and lists, plain text otherwise."""
    if output.type in ("JsonObject", "JsonArray"):
        return json.dumps(value if value is not None else ({} if output.type == "JsonObject" else []))
    return "" if value is None else str(value)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def remove_stale(paths: list[Path]) -> None:
    """A file left by an earlier attempt must not pass for this attempt's success."""
    for path in paths:
        path.unlink(missing_ok=True)
