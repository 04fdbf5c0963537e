"""Container image references (`registry/name`, `:tag`, `@sha256:digest`), parsed and written back.

Users point the components at their own image with one; a reference that Kubernetes would refuse
to pull must fail here, when the copy is generated, not in a pipeline run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The grammar of github.com/distribution/reference (reference.go), which Docker, containerd and
# Kubernetes share: the registry may hold capitals and a port, the path may not.
_DOMAIN = re.compile(r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?")
_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = re.compile(r"sha256:[a-f0-9]{64}")
EXAMPLE = "ghcr.io/you/sagemaker-kfp-components, with :TAG or @sha256:DIGEST if you like"


@dataclass(frozen=True)
class ImageRef:
    repository: str  # registry/name, without tag or digest
    tag: str = ""
    digest: str = ""  # sha256:<64 hex>; a digest pins the image, whatever the tag says

    def reference(self, version: str) -> str:
        """The reference as written in component.yaml; with neither tag nor digest, `version` is the tag."""
        if self.digest:
            return f"{self.repository}{':' + self.tag if self.tag else ''}@{self.digest}"
        return f"{self.repository}:{self.tag or version}"


def parse_image_ref(text: str, example: str = EXAMPLE) -> ImageRef:
    """ImageRef of `text`; ValueError saying what is wrong with it (a bad name with `example`)."""
    name, _, digest = text.partition("@")
    if digest and not _DIGEST.fullmatch(digest):
        raise ValueError(f"{text!r}: the digest must be sha256: and 64 lowercase hex digits")
    repository, tag = name, ""
    if ":" in name.rsplit("/", 1)[-1]:  # a colon before the last slash is the registry's port
        repository, tag = name.rsplit(":", 1)
        if not _TAG.fullmatch(tag):
            raise ValueError(f"{text!r}: the tag {tag!r} must be letters, digits, '_', '.' or '-' (at most 128)")
    parts = repository.split("/")
    # As in reference.go, the first part is a registry only if it looks like a host name.
    has_domain = len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost")
    if has_domain and not _DOMAIN.fullmatch(parts[0]):
        raise ValueError(f"{text!r}: {parts[0]!r} is not a registry host name")
    bad = [part for part in parts[1 if has_domain else 0:] if not _PATH_COMPONENT.fullmatch(part)]
    if not repository or bad:
        raise ValueError(f"{text!r}: an image name's parts (between slashes) are lowercase letters "
                         f"and digits joined by '.', '_', '__' or dashes; for example {example}")
    return ImageRef(repository, tag, digest)
