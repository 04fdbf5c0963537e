"""SageMaker's built-in algorithms by name: `algorithm_name: k-means` trains with the k-means image of
the job's region, as AWS's own component did. `AlgorithmName` names only algorithm resources (your
own or AWS Marketplace's), so a built-in's name becomes its image instead.

The table is generated (generated/builtin_algorithms.py) from the SageMaker Python SDK's image URI
configuration; an ARN, or any name that is no built-in's, still goes to `AlgorithmName`.
"""

from __future__ import annotations

import difflib

from ..builtin_algorithms import DOMAINS, IMAGES, NAMES
from .values import BadValue


def builtin(name: str) -> tuple[str, str | None] | None:
    """(algorithm, version or None) for a built-in's name in any case, with an optional `:version`."""
    text, _, version = name.partition(":")
    algorithm = NAMES.get(" ".join(text.split()).lower())
    return (algorithm, version.strip() or None) if algorithm else None


def close_names(name: str) -> list[str]:
    return difflib.get_close_matches(" ".join(name.split()).lower(), NAMES, n=3)


def image_uri(name: str, region: str) -> str:
    """The registry path of a built-in's training image in `region`; raises BadValue."""
    algorithm, version = builtin(name) or (name, None)
    default, versions = IMAGES[algorithm]
    version = version or default
    if version not in versions:
        raise BadValue(f"{algorithm} has no version {version!r}", f"use one of: {', '.join(versions)}")
    repository, registries = versions[version]
    if region not in registries:
        raise BadValue(f"{algorithm} has no image in {region}", f"use a region among: {', '.join(registries)}")
    return f"{registries[region]}.dkr.ecr.{region}.{DOMAINS[region]}/{repository}:{version}"
