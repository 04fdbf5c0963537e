"""Was an existing job created from this request? A digest tag written on create, read on attach.

A job name is taken for ever, so a pipeline run again with the same `job_name` and new settings
would otherwise attach to the old job and return its results. The create request carries a tag
holding a digest of the request; a step that finds the name taken attaches only when the job's
tag holds the digest of its own request (a retry), and otherwise says which fields differ.
"""

from __future__ import annotations

import hashlib
import json

from . import api_model

DIGEST_TAG = "sagemaker-kfp:request-digest"


def request_digest(request: dict, name_field: str) -> str:
    """A short sha256 of the request as canonical JSON (sorted keys, ASCII).

    Left out: the job's name (rerun_failed's attempts differ only in it) and the digest tag itself.
    Changing this form makes every earlier job look as if another request had created it.
    """
    canonical = {key: value for key, value in request.items() if key != name_field}
    tags = [tag for tag in canonical.pop("Tags", []) if tag.get("Key") != DIGEST_TAG]
    if tags:
        canonical["Tags"] = tags
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def add_digest_tag(request: dict, operation: str, name_field: str) -> bool:
    """Put the digest tag into the request's Tags; False if the user's tags already fill the limit.

    With as many tags as the API allows (50) there is no room: the tags argument's limit is the
    API's own, so rather than refusing a valid request the job goes without the tag, and a later
    step that finds its name taken attaches to it unchecked, as it did before this check existed.
    """
    tags = [tag for tag in request.get("Tags", []) if tag.get("Key") != DIGEST_TAG]
    if len(tags) >= api_model.shape_at(operation, "Tags").metadata["max"]:
        return False
    request["Tags"] = [*tags, {"Key": DIGEST_TAG, "Value": request_digest(request, name_field)}]
    return True


def differing_fields(request: dict, description: dict, tags: dict[str, str], operation: str,
                     describe_operation: str, name_field: str) -> list[str]:
    """Top-level request fields that the existing job was created with otherwise, as far as its
    description (and its tags) show: `HyperParameters (k, rate)` names a map's differing keys.

    The description also holds what the service filled in by itself (defaults such as a channel's
    CompressionType): inside a structure only the members the request gives are compared, and a
    field the request leaves out counts only when it is a map or list the job has entries in.
    """
    members = api_model.service_model().operation_model(operation).input_shape.members
    shown = api_model.service_model().operation_model(describe_operation).output_shape.members
    found = []
    for field, shape in members.items():
        if field == name_field or field not in shown:
            continue
        sent, echoed = request.get(field), description.get(field)
        if shape.type_name == "map":
            if keys := _differing_keys(sent or {}, echoed or {}):
                found.append(f"{field} ({', '.join(keys)})")
        elif sent is None:  # left out: a structure or flag the job shows may be the service's default
            if shape.type_name == "list" and echoed:
                found.append(field)
        elif _differs(sent, echoed, shape):
            found.append(field)
    sent_tags = {tag["Key"]: tag["Value"] for tag in request.get("Tags", []) if tag["Key"] != DIGEST_TAG}
    if keys := _differing_keys(sent_tags, {k: v for k, v in tags.items() if k != DIGEST_TAG}):
        found.append(f"Tags ({', '.join(keys)})")
    return found


def _differing_keys(sent: dict, echoed: dict) -> list[str]:
    return sorted(key for key in sent.keys() | echoed.keys() if sent.get(key) != echoed.get(key))


def _differs(sent: object, echoed: object, shape) -> bool:
    kind = shape.type_name
    if kind == "structure":
        return not isinstance(echoed, dict) or any(
            _differs(value, echoed.get(key), shape.members[key])
            for key, value in sent.items() if key in shape.members)
    if kind == "list":
        return (not isinstance(echoed, list) or len(echoed) != len(sent)
                or any(_differs(a, b, shape.member) for a, b in zip(sent, echoed)))
    if kind == "map":
        return not isinstance(echoed, dict) or bool(_differing_keys(sent, echoed))
    return sent != echoed
