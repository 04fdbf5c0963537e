"""Hand-written tables of where each component's arguments go in its SageMaker requests, one module
per component, each written from the API reference (docs.aws.amazon.com/sagemaker/latest/APIReference),
not from the spec. tests/test_request_paths.py checks them.

Each module has:
- COMPONENT: the generated component;
- BASE: a small valid argument set, and BASE_REQUEST: what it asks for (the documented defaults
  included). For a component that sends one request it is that request; for one that sends several
  (deploy) it is the requests by operation, and every path below starts with its operation;
- TABLE: argument -> (arguments given besides BASE, {request path: its value there, or MISSING}),
  one row per argument: setting it changes the request there and nowhere else;
- CASES: the rules' and conditions' other way, named: (arguments, changes) as in TABLE;
- REFUSED: named cases the component refuses: (arguments, the arguments the problems name).
In the arguments, None removes one of BASE's.
"""

from __future__ import annotations

import copy

MISSING = object()  # the field is absent from the request


def changed(request: dict, changes: dict[str, object]) -> dict:
    """`request` with each dotted path set to its value, or removed for MISSING."""
    result = copy.deepcopy(request)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = result
        for part in parents:
            name, _, index = part.partition("[")
            node = node[name][int(index[:-1])] if index else node.setdefault(name, {})
        if value is MISSING:
            del node[last]
        else:
            node[last] = value
    return result
