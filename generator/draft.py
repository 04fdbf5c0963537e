"""Draft a spec from the SageMaker API: `sagemaker-kfp new NAME --from-api CreateXxxJob`.

Every top-level member of the Create request becomes an argument, so the draft is complete before
anyone curates it. Where a member (or a member nested in a structure) has a name training's spec
already gives an argument for (`RoleArn` is `role`, `InstanceType` is `instance_type`, ...), the
draft reuses that argument's name, type and conversion; other scalars are typed with the API's
limits and enums, string maps and tag lists are converted, and larger structures are JSON
arguments checked against their API shape. The common arguments (region, credentials, the step's
behaviour, KFP's task identity) are copied from training's spec, and the `job:` block is filled
from the API model.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from .job_kind import find_operation
from ..runtime import api_model
from ..runtime.arguments import in_words

REFERENCE_SPEC = Path("specs") / "training.yaml"
#: Arguments of the reference spec every component has, copied as they are.
COMMON = ("region", "endpoint_url", "assume_role", "job_exists_action", "stream_logs", "stop_on_termination",
          "dry_run", "name_from_request", "kfp_run_id", "kfp_task_id", "kfp_task_name")
#: Members that mean what another member of the reference spec means under another name.
SYNONYMS = {"ImageUri": "TrainingImage"}
SCALARS = {"string": "String", "integer": "Integer", "long": "Integer", "float": "Float", "double": "Float",
           "boolean": "Bool"}
GROUPS = [("aws", "AWS connection"), ("job", "Job"), ("resources", "Compute resources"),
          ("network", "Network and encryption"), ("request", "Other request fields"), ("step", "Step behaviour")]
GROUP_OF = {"instance_type": "resources", "instance_count": "resources", "volume_size": "resources",
            "max_run_time": "resources", "resource_encryption_key": "network", "output_encryption_key": "network",
            "vpc_security_group_ids": "network", "vpc_subnets": "network", "network_isolation": "network",
            "traffic_encryption": "network", "role": "job", "image": "job", "tags": "job"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def first_sentence(documentation: str, fallback: str) -> str:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", documentation or "")).split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence if 10 <= len(sentence) <= 300 else (sentence[:297] + "..." if sentence else fallback)


class Drafter:
    arguments: list[dict]  # the draft's, in order (draft() fills them)

    def __init__(self, operation: str, root: Path):
        self.operation = operation
        self.kind = operation.removeprefix("Create")
        self.input = api_model.service_model().operation_model(operation).input_shape
        reference = yaml.safe_load((root / REFERENCE_SPEC).read_text(encoding="utf-8"))
        self.reference = reference
        self.by_name = {arg["name"]: arg for arg in reference["arguments"]}
        # The reference's arguments by the member name their api path ends with (not those of a list's items).
        self.by_member = {arg["api"].split(".")[-1]: arg for arg in reference["arguments"]
                          if "api" in arg and "[" not in arg["api"]}

    def draft(self, name: str) -> dict:
        spec = {
            "name": name,
            "title": f"SageMaker {in_words(self.kind).title().removesuffix(' Job')}",
            "api_operation": self.operation,
            "summary": f"Runs an AWS SageMaker {in_words(self.kind)} as a pipeline step.",
            "description": f"Submits a SageMaker {in_words(self.kind)}, streams its logs, waits for it to end and writes "
                           f"its details as outputs. A retried step attaches to the job it started; a cancelled step "
                           f"stops it. Drafted from the {self.operation} API by `sagemaker-kfp new`.",
            "job": self.job_block(),
            "groups": [{"id": key, "title": title} for key, title in GROUPS],
        }
        self.arguments = [self.reworded(dict(self.by_name[common])) for common in COMMON[:3]]
        for member, shape in self.input.members.items():
            self.member(member, shape, member, member in self.input.required_members)
        usable = {"stream_logs": "log_group" in spec["job"],
                  "stop_on_termination": find_operation(f"Stop{self.kind}") is not None}
        self.arguments += [self.reworded(dict(self.by_name[common])) for common in COMMON[3:] if usable.get(common, True)]
        spec["arguments"] = self.arguments
        names = {arg["name"] for arg in self.arguments}
        if {"vpc_security_group_ids", "vpc_subnets"} <= names:
            spec["rules"] = [{"kind": "together", "arguments": ["vpc_security_group_ids", "vpc_subnets"]}]
        spec["outputs"] = [
            {"name": "job_name", "type": "String", "api": f"{self.kind}Name", "description": f"Name of the {in_words(self.kind)}."},
            {"name": "job_arn", "type": "String", "api": f"{self.kind}Arn", "description": f"ARN of the {in_words(self.kind)}."},
        ]
        return spec

    def job_block(self) -> dict:
        describe = api_model.service_model().operation_model(f"Describe{self.kind}").output_shape
        if f"{self.kind}Status" not in describe.members:  # a resource ready once created (a model): no logs
            return {"kind": self.kind, "name_prefix": self.kind}
        block = {"kind": self.kind, "log_group": f"/aws/sagemaker/{self.kind}s", "name_prefix": self.kind}
        holder = self.instance_holder(self.input, "")
        if holder:
            block["instance_count"] = holder
        block["failure_fields"] = [field for field in ("FailureReason", "ExitMessage") if field in describe.members]
        return block

    def instance_holder(self, shape, path: str) -> str | None:
        """The request path of the structure that holds InstanceCount."""
        if shape.type_name != "structure":
            return None
        if "InstanceCount" in shape.members and path:
            return path
        for member, inner in shape.members.items():
            found = self.instance_holder(inner, f"{path}.{member}" if path else member)
            if found:
                return found
        return None

    def reworded(self, arg: dict) -> dict:
        """A reference argument's description, said of this kind of job."""
        for old, new in (("training job", in_words(self.kind)), ("CreateTrainingJob", self.operation),
                         ("TrainingJob-", f"{self.kind}-"), ("train again", "run again")):
            arg["description"] = arg["description"].replace(old, new)
        return arg

    def member(self, member: str, shape, path: str, required: bool) -> None:
        """Arguments for one request member: reused, flattened, typed or JSON."""
        if member == f"{self.kind}Name":  # empty: a generated name, stable across retries
            self.arguments.append({**self.by_name["job_name"], "api": path,
                                   "description": self.reworded(dict(self.by_name["job_name"]))["description"]})
            return
        reused = self.by_member.get(SYNONYMS.get(member, member))
        if reused is not None and self.fits(reused, shape):
            kept = {key: reused[key] for key in ("name", "type", "convert", "item_pattern") if key in reused}
            self.add({**kept, "api": path}, required, shape, reused)
            return
        if shape.type_name == "structure" and self.has_known_leaf(shape):
            for inner, inner_shape in shape.members.items():
                self.member(inner, inner_shape, f"{path}.{inner}", required and inner in shape.required_members)
            return
        self.add(self.typed(member, shape, path), required, shape)

    def fits(self, reused: dict, shape) -> bool:
        """A reused argument's type must fit the member's shape (a string for text, a list for a comma list)."""
        kind = shape.type_name
        if reused.get("convert") == "comma_list":
            return kind == "list"
        if reused.get("convert") in ("string_map", "key_value_list"):
            return kind in ("map", "list")
        return SCALARS.get(kind, "JsonObject" if kind == "structure" else "JsonArray") == reused["type"]

    def has_known_leaf(self, shape) -> bool:
        for member, inner in shape.members.items():
            if SYNONYMS.get(member, member) in self.by_member:
                return True
            if inner.type_name == "structure" and self.has_known_leaf(inner):
                return True
        return False

    def typed(self, member: str, shape, path: str) -> dict:
        arg = {"name": snake(member), "api": path}
        kind = shape.type_name
        if kind == "map" and shape.value.type_name == "string":
            arg.update(type="JsonObject", convert="string_map")
        elif kind in SCALARS:
            arg["type"] = SCALARS[kind]
        elif kind == "list":
            arg["type"] = "JsonArray"
        else:
            arg["type"] = "JsonObject"
        return arg

    def add(self, arg: dict, required: bool, shape=None, reused: dict | None = None) -> None:
        if any(existing["name"] == arg["name"] for existing in self.arguments):
            arg["name"] = snake(arg["api"].replace(".", ""))
        arg["group"] = GROUP_OF.get(arg["name"], "request")
        arg.update(self.limits(arg, shape))
        arg["description"] = first_sentence(shape.documentation, f"The request's `{arg['api']}`.")
        if reused and "default" in reused and (not arg.get("enum") or reused["default"] in arg["enum"]):
            arg["default"] = reused["default"]
        elif required:
            arg["required"] = True
        else:
            arg["optional"] = True
            if arg["type"] in ("Integer", "Float"):  # "not set" needs a value no real one takes
                if "min" not in arg and "max" not in arg:
                    arg["min"] = 0
                arg["unset"] = -1 if arg.get("min", 0) >= 0 else arg["min"] - 1
            elif arg["type"] == "Bool":
                arg["unset"] = False
        self.arguments.append(self.ordered(arg))

    def limits(self, arg: dict, shape) -> dict:
        """The API's own checks of the value, in the spec's terms."""
        found = api_model.limits(shape)
        checks: dict = {}
        if arg.get("convert") == "comma_list":
            if "max" in found:
                checks["max_entries"] = found["max"]
            if "max" in shape.member.metadata:
                checks["item_max_length"] = shape.member.metadata["max"]
            return checks
        if arg.get("convert") in ("string_map", "key_value_list"):
            key, value = (shape.key, shape.value) if shape.type_name == "map" else list(shape.member.members.values())[:2]
            if "max" in found:
                checks["max_entries"] = found["max"]
            if "max" in key.metadata:
                checks["key_max_length"] = key.metadata["max"]
            if "max" in value.metadata:
                checks["value_max_length"] = value.metadata["max"]
            return checks
        if arg["type"] == "String":
            if found.get("enum"):
                checks["enum"] = found["enum"]
            if found.get("min", 0) > 1:  # empty text means "not set", so a minimum of 1 holds anyway
                checks["min_length"] = found["min"]
            if "max" in found:
                checks["max_length"] = found["max"]
            if found.get("pattern", ".*") != ".*" and api_model.compiled(found["pattern"]) and not found.get("enum"):
                checks["pattern"] = found["pattern"]
        elif arg["type"] in ("Integer", "Float"):
            checks.update({key: found[key] for key in ("min", "max") if key in found})
        elif arg["type"] == "JsonArray" and shape.type_name == "list":
            # Empty means "not set", so a minimum of 1 holds anyway.
            checks.update({f"{key}_entries": found[key] for key in ("min", "max") if key in found and found[key] > 1})
        return checks

    @staticmethod
    def ordered(arg: dict) -> dict:
        order = ("name", "type", "required", "optional", "default", "unset", "group", "api", "convert", "enum",
                 "min", "max", "min_length", "max_length", "pattern", "min_entries", "max_entries", "key_max_length",
                 "value_max_length", "item_pattern", "item_max_length", "description")
        return {key: arg[key] for key in order if key in arg}


def draft_spec(name: str, operation: str, root: Path) -> str:
    """The spec's text, headed with how it was made."""
    spec = Drafter(operation, root).draft(name)
    body = yaml.safe_dump(spec, sort_keys=False, width=100, allow_unicode=True)
    return ("# yaml-language-server: $schema=spec.schema.json\n"
            f"# Drafted from botocore's {operation} by `sagemaker-kfp new {name} --from-api {operation}`:\n"
            "# curate it (names, defaults, descriptions, rules), then `sagemaker-kfp generate`.\n" + body)
