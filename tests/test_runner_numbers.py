"""Every argument as each runner renders it reaches SageMaker as the API wants it.

One pipeline passes every argument of the training component (the values of its request table,
tests/request_tables/training.py); each backend profile (generator/backends.py: the Go launcher
and driver lines, kfp 1.x, kfp.local) turns it into the container's argv, and the entrypoint runs
that argv in this process with dry_run. kfp.local and kfp 1.x render numbers inside JSON as floats
(`"InstanceCount": 2.0`), the Go lines as integers (`2`): the request is the same for all of them.
"""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import contextlib
import io
import json

import pytest

from sagemaker_kfp_components.generator.backends import BACKENDS, Run, compile_call
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG
from request_tables import changed
from request_tables.training import BASE, BASE_REQUEST, TABLE

#: Rows left out: each is the other side of a row kept (image / algorithm_name, instance_type and
#: instance_count / instance_groups, one VPC row gives both lists, max_wait_time turns spot on,
#: data_location_N replace entries of the 8 base channels).
LEFT_OUT = {"algorithm_name", "instance_type", "instance_count", "vpc_subnets", "spot_instance", "channels"}


def every_argument() -> tuple[dict, dict]:
    """(arguments, the request they ask for, without the digest tag)."""
    given, changes = dict(BASE), {}
    for name, (row_given, row_changes) in TABLE.items():
        if name not in LEFT_OUT:
            given.update(row_given)
            changes.update(row_changes)
    given["dry_run"] = True
    return given, changed(BASE_REQUEST, changes)


def component():
    from kfp.components import load_component_from_file

    from sagemaker_kfp_components.generator.project import ROOT

    return load_component_from_file(str(ROOT / "generated" / "training" / "component.yaml"))


def dry_run(argv: list[str]) -> dict:
    from sagemaker_kfp_components.training.entrypoint import main

    args = argv[argv.index("sagemaker_kfp_components.training.entrypoint") + 1:]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def test_integers_inside_json_arguments_are_among_them():
    """What kfp.local and kfp 1.x render as floats: an integer field of the API, and integers in
    string maps."""
    given, _ = every_argument()
    assert given["instance_groups"][0]["InstanceCount"] == 2
    assert given["tags"]["cost"] == 7 and given["hyperparameters"]["k"] == 10 and given["environment"]["N"] == 2


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_every_argument_as_the_runner_renders_it_gives_the_same_request(profile, tmp_path):
    from sagemaker_kfp_components.training.component import DEFAULTS

    given, expected = every_argument()
    ir, task = compile_call(component(), {**DEFAULTS, **given})
    request = dry_run(BACKENDS[profile].command_line(ir, task, Run(), tmp_path).argv)
    # The order of tags means nothing, and runners differ in the order of a JSON object's keys.
    request["Tags"] = sorted((tag for tag in request["Tags"] if tag["Key"] != DIGEST_TAG), key=lambda tag: tag["Key"])
    assert request == expected
