"""What a hyperparameter tuning job gives each training job it launches, and how it ends.

The index-th training job (from 1) gets a definition (TrainingJobDefinitions taken in turn), that
definition's objective and ranges (else the tuning config's), and hyperparameters: the static ones,
the objective's metric name as ``_tuning_objective_metric`` (as AWS adds it), and values drawn from
the ranges by a generator seeded with RandomSeed (else the tuning job's name) and the index: a tuning
job tries the same values on every run. ScalingType is not emulated: AWS's strategies do not draw
uniformly either, and what a test can rely on is that every value lies in its range. Call everything
here with ``LOCK`` held.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import inspect
import json
import random
from collections.abc import Callable, Mapping
from typing import Any

from moto.sagemaker.models import sagemaker_backends

from . import _state
from ._kinds import TRAINING, objective_status, snake, training_definitions
from ._lifecycle import Lifecycle
from ._state import JobState, Trial

#: objective(index from 1, tuned hyperparameter values) -> the objective metric's final value, or
#: None for a training job that fails.
Objective = Callable[[int, Mapping[str, str]], float | None]

#: A training job the objective gives no value fails as an algorithm does (AWS's usual wording).
TRIAL_FAILURE_REASON = "AlgorithmError: See job logs for more information"

#: The hyperparameter AWS adds to each training job of a tuning job: the objective's metric name.
OBJECTIVE_HYPERPARAMETER = "_tuning_objective_metric"


def default_objective(index: int, tuned: Mapping[str, str]) -> float:
    """A value in [0, 1) fixed by the training job's index and hyperparameter values."""
    digest = hashlib.sha256(json.dumps([index, dict(tuned)], sort_keys=True).encode()).digest()
    return round(int.from_bytes(digest[:4], "big") / 2**32, 4)


def _sample(ranges: Mapping[str, Any], rng: random.Random) -> dict[str, str]:
    """One value per range, written as the API writes hyperparameters (strings)."""
    tuned = {r["Name"]: str(rng.randint(int(r["MinValue"]), int(r["MaxValue"])))
             for r in ranges.get("IntegerParameterRanges", [])}
    tuned.update({r["Name"]: repr(rng.uniform(float(r["MinValue"]), float(r["MaxValue"])))
                  for r in ranges.get("ContinuousParameterRanges", [])})
    tuned.update({r["Name"]: rng.choice(r["Values"]) for r in ranges.get("CategoricalParameterRanges", [])})
    return tuned


def plan(tuning: JobState, index: int) -> tuple[dict[str, Any], Trial]:
    """The CreateTrainingJob request of the tuning job's index-th training job, and its Trial."""
    config = tuning.request["HyperParameterTuningJobConfig"]
    definitions = training_definitions(tuning.request)
    definition = definitions[(index - 1) % len(definitions)]
    ranges = definition.get("HyperParameterRanges") or config.get("ParameterRanges") or {}
    objective = definition.get("TuningObjective") or config["HyperParameterTuningJobObjective"]
    tuned = _sample(ranges, random.Random(f"{config.get('RandomSeed', tuning.name)}/{index}"))
    # AWS names them <tuning job>-<3-digit index>-<8 hex>; the hex here is fixed by the tuning job.
    suffix = hashlib.sha256(f"{tuning.arn}/{index}".encode()).hexdigest()[:8]
    request = {k: copy.deepcopy(v) for k, v in definition.items() if k in TRAINING.create_members}
    request["TrainingJobName"] = f"{tuning.name}-{index:03d}-{suffix}"
    # AWS adds the objective's metric name as a hyperparameter of its own to every training job.
    request["HyperParameters"] = {**definition.get("StaticHyperParameters", {}), **tuned,
                                  OBJECTIVE_HYPERPARAMETER: objective["MetricName"]}
    trial = Trial(
        tuning=tuning,
        tuned=tuned,
        objective={"Type": objective["Type"], "MetricName": objective["MetricName"]},
        definition_name=definition.get("DefinitionName"),
    )
    return request, trial


def create_training_job(request: Mapping[str, Any], trial: Trial) -> JobState:
    """Create the training job in moto (as CreateTrainingJob would, without a request on the wire)."""
    tuning = trial.tuning
    backend = sagemaker_backends[tuning.account_id][tuning.region]
    members = {snake(member): member for member in TRAINING.create_members}
    create = backend.create_training_job
    arguments = {p: copy.deepcopy(request.get(members.get(p, ""))) for p in inspect.signature(create).parameters}
    child = _state.init_job(TRAINING, create(**arguments), request, backend)
    child.trial = trial
    tuning.children.append(child)
    return child


def trial_lifecycle(base: Lifecycle | None, trial: Trial, value: Callable[[], float | None]) -> Lifecycle | None:
    """``base`` for a tuning job's training job: if it ends Completed, it also reports the objective
    metric with ``value()``, or fails when that is None. Any other ending stays as it is."""
    if base is None or base.status != "Completed":
        return base
    final = value()
    if final is None:
        return dataclasses.replace(base, status="Failed", failure_reason=TRIAL_FAILURE_REASON, metrics=None,
                                   final_secondary=None, final_message=None)
    return dataclasses.replace(base, metrics={**(base.metrics or {}), trial.objective["MetricName"]: final})


def conclude(tuning: JobState) -> None:
    """End a tuning job whose training jobs have all ended: Completed if one reported the objective."""
    if any(objective_status(child) == "Succeeded" for child in tuning.children):
        _state.finish(tuning, "Completed")
    else:
        # AWS's wording, as public notebook CI logs show it.
        _state.finish(tuning, "Failed", failure_reason=(
            f"No training job succeeded after {len(tuning.children)} attempts. "
            "Please take a look at the training job failures to get more details."
        ))
