"""SageMaker's built-in algorithms and the region's registry of each image, as data.

`specs/data/builtin_algorithms.json` holds the names users give (hand-written: the display and
image names AWS's own component accepted) and the images (written by `api-check --sync` from the
SageMaker Python SDK's image URI configuration, sagemaker-core's `image_uri_config/*.json`).
`generate` renders it into generated/builtin_algorithms.py, the table the runtime reads;
`api-check` compares it with the installed sagemaker-core.
"""

from __future__ import annotations

import importlib.metadata
import json
import pprint
from pathlib import Path

DATA_PATH = Path("specs") / "data" / "builtin_algorithms.json"
SOURCE = "sagemaker-core"


def load(root: Path) -> dict:
    return json.loads((root / DATA_PATH).read_text(encoding="utf-8"))


def installed() -> bool:
    try:
        importlib.metadata.version(SOURCE)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _configs() -> dict[str, dict]:
    """sagemaker-core's image URI configuration files by name, read without importing the SDK."""
    files = importlib.metadata.files(SOURCE) or []
    return {
        Path(str(file)).stem: json.loads(file.read_text(encoding="utf-8"))
        for file in files
        if "image_uri_config" in str(file) and str(file).endswith(".json")
    }


def _training_versions(config: dict) -> tuple[dict, dict]:
    """(versions, aliases) of a first-party algorithm's training images: the versions SageMaker
    publishes per region under one repository, with no processor or Python version to choose."""
    section = config.get("training", config)
    if "training" not in config and "training" not in config.get("scope", ()):
        return {}, {}
    if "processors" in section or not isinstance(section.get("versions"), dict):
        return {}, {}
    plain = {version: v for version, v in section["versions"].items() if set(v) == {"registries", "repository"}}
    return plain, section.get("version_aliases", {})


def _dns_suffixes(regions: set[str]) -> dict[str, str]:
    """Region -> domain of its registries (amazonaws.com, amazonaws.com.cn, ...), from botocore."""
    import botocore.session

    session = botocore.session.get_session()
    partitions = {p["partition"]: p for p in session.get_component("data_loader").load_data("endpoints")["partitions"]}
    return {region: partitions[session.get_partition_for_region(region)]["dnsSuffix"] for region in sorted(regions)}


def images_from_sdk() -> dict:
    """The `source` and `images` parts of the data file, from the installed sagemaker-core."""
    images = {}
    for name, config in sorted(_configs().items()):
        versions, aliases = _training_versions(config)
        default = aliases.get("latest") or (next(iter(versions)) if len(versions) == 1 else None)
        if default not in versions:
            continue  # no version to take when none is named
        images[name] = {
            "default_version": default,
            "versions": {version: {"repository": v["repository"], "registries": dict(sorted(v["registries"].items()))}
                         for version, v in versions.items()},
        }
    regions = {region for image in images.values() for v in image["versions"].values() for region in v["registries"]}
    return {
        "source": f"{SOURCE} {importlib.metadata.version(SOURCE)} image_uri_config",
        "images": images,
        "domains": _dns_suffixes(regions),
    }


def sync(root: Path) -> bool:
    """Refresh the data file's images from sagemaker-core, keeping its names; True if changed."""
    data = load(root)
    fresh = {**data, **images_from_sdk()}
    if fresh == data:
        return False
    (root / DATA_PATH).write_text(json.dumps(fresh, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def disagreements(root: Path) -> list[str]:
    """How the data file differs from the installed sagemaker-core (empty: they agree)."""
    data, fresh = load(root), images_from_sdk()
    found = []
    for name in sorted(set(data["images"]) | set(fresh["images"])):
        if data["images"].get(name) != fresh["images"].get(name):
            found.append(f"images of {name} differ from {fresh['source']}")
    found += [f"name {name!r} is no algorithm of the table" for name, image in data["names"].items()
              if image not in data["images"]]
    return found


def table_literals(data: dict) -> dict[str, str]:
    """The generated module's tables as Python literals, sorted (templates print them as they are)."""
    names = {name.lower(): image for name, image in data["names"].items()}
    names.update({image: image for image in data["images"]})
    images = {
        name: (image["default_version"],
               {version: (v["repository"], v["registries"]) for version, v in image["versions"].items()})
        for name, image in data["images"].items()
    }
    return {
        "source": data["source"],
        "names": pprint.pformat(dict(sorted(names.items())), width=100, sort_dicts=True),
        "images": pprint.pformat(images, width=100, sort_dicts=True),
        "domains": pprint.pformat(data["domains"], width=100, sort_dicts=True),
    }
