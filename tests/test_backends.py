"""Backend conformance: the samples and pipelines that load component.yaml directly, compiled with
the real kfp SDK, turned by every backend profile (generator/backends.py) into the argv a cluster of
that line would run, and run against the emulator: exit 0, the request as asked, outputs written,
and a retried step that attaches wherever KFP's task identity reaches the step.

The README's support matrix is what these tests show.
"""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import dataclasses
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml
from google.protobuf import json_format

from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.generator.backends import BACKENDS, Run, TaskFailed, compile_call, driver_text, go_format_f, launcher_text
from sagemaker_kfp_components.generator.local_run import local_argv
from step_runner import created
from sagemaker_kfp_components.runtime.request_digest import DIGEST_TAG, request_digest

pytestmark = pytest.mark.slow  # the quick loop leaves it out: README, "Development"

ROOT = Path(__file__).resolve().parents[1]
COMPONENT_YAML = ROOT / "generated" / "training" / "component.yaml"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
CHANNEL = {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}
#: Lines where KFP's task identity ({{$.pipeline_job_uuid}} ... as a task input) reaches the step.
IDENTITY_LINES = {"2.5.0", "2.14-2.16", "2.17.0", "kfp-local"}
#: Lines that substitute a pipeline channel inside a constant: an f-string, a task output in JSON.
#: kfp.local (its resolution of one task) does the first only.
STRING_CHANNEL_LINES = {"2.17.0", "kfp-v1", "kfp-local"}
JSON_CHANNEL_LINES = {"2.17.0", "kfp-v1"}
#: The v2 backend lines, whose driver decides what a task's inputs are (and so its cache key).
V2_LINES = ["2.0-2.4", "2.5.0", "2.14-2.16", "2.17.0"]


@dataclasses.dataclass(frozen=True)
class Case:
    ir: dict
    task: str
    run: Run
    typed: bool  # built with the typed Python function (kfp 2.x only)
    request: dict  # the CreateTrainingJob request it asks for, without the job's name


def sample_ir(script: str, folder: Path) -> dict:
    output = folder / script.replace(".py", ".yaml")
    result = subprocess.run([sys.executable, str(ROOT / "samples" / script), str(output)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return next(yaml.safe_load_all(output.read_text(encoding="utf-8")))


def raw_component():
    from kfp.components import load_component_from_file

    return load_component_from_file(str(COMPONENT_YAML))


RAW_ARGUMENTS = {
    "region": "us-east-1", "role": ROLE, "image": KMEANS, "channels": [CHANNEL],
    "model_artifact_path": "s3://bucket/models", "hyperparameters": {"k": "10", "epochs": "3"},
    "instance_type": "ml.m5.xlarge", "spot_instance": True, "max_wait_time": 7200, "max_run_time": 3600,
}
RAW_REQUEST = {
    "AlgorithmSpecification": {"TrainingImage": KMEANS, "TrainingInputMode": "File"},
    "CheckpointConfig": None,
    "EnableInterContainerTrafficEncryption": False,
    "EnableManagedSpotTraining": True,
    "EnableNetworkIsolation": True,
    "HyperParameters": {"k": "10", "epochs": "3"},
    "InputDataConfig": [CHANNEL],
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/models"},
    "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30},
    "RoleArn": ROLE,
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
}
del RAW_REQUEST["CheckpointConfig"]
MNIST_REQUEST = {
    "AlgorithmSpecification": {"TrainingImage": KMEANS, "TrainingInputMode": "File"},
    "EnableInterContainerTrafficEncryption": False,
    "EnableManagedSpotTraining": False,
    "EnableNetworkIsolation": True,
    "HyperParameters": {"k": "10", "feature_dim": "784"},
    "InputDataConfig": [{
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3Uri": "s3://m-kfp-mnist/mnist_kmeans_example/data", "S3DataType": "S3Prefix",
                                        "S3DataDistributionType": "FullyReplicated"}},
        "CompressionType": "None", "RecordWrapperType": "None", "InputMode": "File",
    }],
    "OutputDataConfig": {"S3OutputPath": "s3://m-kfp-mnist/mnist_kmeans_example/output"},
    "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.p2.xlarge", "VolumeSizeInGB": 50},
    "RoleArn": ROLE,
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}
UPSTREAM_REQUEST = {
    **MNIST_REQUEST,
    "InputDataConfig": [{"ChannelName": "train",
                         "DataSource": {"S3DataSource": {"S3Uri": "s3://data/mnist/train", "S3DataType": "S3Prefix"}}}],
    "OutputDataConfig": {"S3OutputPath": "s3://data/models"},
    "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30},
}


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    from sagemaker_kfp_components.training.component import DEFAULTS

    folder = tmp_path_factory.mktemp("compiled")
    raw, raw_task = compile_call(raw_component(), RAW_ARGUMENTS)
    every, every_task = compile_call(raw_component(), {**DEFAULTS, **RAW_ARGUMENTS})
    return {
        "typed-sample": Case(sample_ir("training_pipeline.py", folder), "sagemaker-training",
                             Run(pipeline_arguments={"role": ROLE}), True, MNIST_REQUEST),
        "typed-upstream-sample": Case(
            sample_ir("upstream_data_pipeline.py", folder), "sagemaker-training",
            Run(pipeline_arguments={"role": ROLE, "bucket": "data", "model_artifact_path": "s3://data/models"},
                upstream={("latest-training-data", "Output"): "s3://data/mnist/train"}),
            True, UPSTREAM_REQUEST),
        "raw-yaml": Case(raw, raw_task, Run(), False, RAW_REQUEST),
        "raw-yaml-every-input": Case(every, every_task, Run(), False, RAW_REQUEST),
    }


@pytest.fixture
def quick_emu(emu):
    emu.lifecycle = Lifecycle(status="Completed")  # done at once: the subject is the command line
    return emu


def run_step(argv: list[str], emu) -> subprocess.CompletedProcess:
    return subprocess.run(local_argv(argv), env=emu.env(), capture_output=True, text=True, timeout=120)


COMBINATIONS = [
    pytest.param(profile, case, id=f"{profile}-{case}")
    for profile in BACKENDS
    for case in ("typed-sample", "typed-upstream-sample", "raw-yaml", "raw-yaml-every-input")
    if not (profile == "kfp-v1" and case.startswith("typed"))  # the typed function is kfp 2.x only
]


@pytest.mark.parametrize(("profile", "case"), COMBINATIONS)
def test_profile_runs_the_case_and_a_retry_attaches_where_identity_resolves(profile, case, cases, quick_emu, tmp_path):
    case = cases[case]
    if profile == "2.17.0" and not case.typed and case is cases["raw-yaml"]:
        # 2.17.0 fills no defaults: a component.yaml call that leaves inputs out fails in the driver.
        with pytest.raises(TaskFailed, match=r'parameter "endpoint_url" not found in executor input'):
            BACKENDS[profile].command_line(case.ir, case.task, case.run, tmp_path / "outputs")
        return
    resolved = BACKENDS[profile].command_line(case.ir, case.task, case.run, tmp_path / "outputs")
    first = run_step(resolved.argv, quick_emu)
    assert first.returncode == 0, first.stdout + first.stderr
    (request,) = created(quick_emu)
    name = request.pop("TrainingJobName")
    assert request.pop("Tags") == [{"Key": DIGEST_TAG, "Value": request_digest(case.request, "TrainingJobName")}]
    assert request == case.request
    written = {n: p.read_text(encoding="utf-8") for n, p in resolved.output_files.items()}
    assert written["job_name"] == name
    assert written["model_artifact_url"] == f"{case.request['OutputDataConfig']['S3OutputPath']}/{name}/output/model.tar.gz"
    assert written["training_image"] == KMEANS
    assert isinstance(json.loads(written["final_metrics"]), dict)

    # A retry runs the same command line in a new pod.
    retry = run_step(resolved.argv, quick_emu)
    assert retry.returncode == 0, retry.stdout + retry.stderr
    safe = case.typed and profile in IDENTITY_LINES
    assert len(created(quick_emu)) == (1 if safe else 2)
    assert ("Attaching to the existing training job" in retry.stdout) is safe


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_numbers_in_string_maps_reach_sagemaker_as_written_whatever_renders_them(profile, tmp_path):
    arguments = {**RAW_ARGUMENTS, "hyperparameters": {"k": 10, "rate": 0.1, "epochs": 3.0},
                 "environment": {"THREADS": 4}, "dry_run": True}
    ir, task = compile_call(raw_component(), arguments)
    if profile == "2.17.0":  # a raw call must pass every input there
        from sagemaker_kfp_components.training.component import DEFAULTS

        ir, task = compile_call(raw_component(), {**DEFAULTS, **arguments})
    resolved = BACKENDS[profile].command_line(ir, task, Run(), tmp_path)
    result = subprocess.run(local_argv(resolved.argv), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    request = json.loads(result.stdout)
    assert request["HyperParameters"] == {"k": "10", "rate": "0.1", "epochs": "3"}
    assert request["Environment"] == {"THREADS": "4"}


TYPED_ARGUMENTS = {"region": "us-east-1", "role": ROLE, "image": KMEANS, "channels": [CHANNEL],
                   "model_artifact_path": "s3://bucket/models"}


@pytest.mark.parametrize("profile", V2_LINES)
@pytest.mark.parametrize(("arguments", "repeats"), [
    ({}, "2.0-2.4"),  # the identity placeholders: text there, new values every run from 2.5.0
    ({"kfp_run_id": ""}, "2.0-2.4"),  # the task ID, the parent DAG's execution, is still new every run
    ({"job_name": "nightly-1"}, "every line"),  # no identity passed
    ({"name_from_request": True}, "every line"),  # nor here: the request names the job
], ids=["generated-name", "without-run-id", "job-name", "name-from-request"])
def test_the_typed_functions_inputs_repeat_across_runs_so_it_can_be_cached(profile, arguments, repeats, tmp_path):
    """KFP's cache key covers the task's inputs as the driver resolves them (D `getFingerPrint`):
    a step can be served from cache only where they are the same in the next run."""
    from sagemaker_kfp_components.training import sagemaker_training

    ir, task = compile_call(sagemaker_training, {**TYPED_ARGUMENTS, **arguments})
    runs = [Run(job_uuid="0b1c2d3e-aaaa-4bbb-8ccc-000000000001", dag_execution_id="41"),
            Run(job_uuid="0b1c2d3e-aaaa-4bbb-8ccc-000000000002", dag_execution_id="97")]
    first, second = (BACKENDS[profile].command_line(ir, task, run, tmp_path).argv for run in runs)
    assert (first == second) is (repeats in ("every line", profile))


@pytest.mark.parametrize(("profile", "jobs"), [("2.5.0", 1), ("2.14-2.16", 2), ("2.17.0", 2)])
def test_sibling_tasks_sharing_a_display_name_share_a_generated_job_name_on_2_5_0(profile, jobs, quick_emu, tmp_path):
    """2.5.0 resolves the task-name placeholder to the display name: the second task then attaches
    to the first one's job instead of training."""
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training

    @dsl.pipeline(name="two-trainings")
    def pipeline():
        for _ in range(2):
            sagemaker_training(**TYPED_ARGUMENTS).set_display_name("train")

    ir = json_format.MessageToDict(pipeline.pipeline_spec)
    for task in ir["root"]["dag"]["tasks"]:
        result = run_step(BACKENDS[profile].command_line(ir, task, Run(), tmp_path / task).argv, quick_emu)
        assert result.returncode == 0, result.stdout + result.stderr
    assert len(created(quick_emu)) == jobs


def channel_pipeline():
    """A pipeline parameter inside an f-string, a task output inside the JSON of channels."""
    from kfp import dsl

    from sagemaker_kfp_components.training import sagemaker_training

    @dsl.component(base_image="python:3.12-slim")
    def prepare() -> str:
        return "s3://data/prepared"

    @dsl.pipeline(name="channels-in-constants")
    def pipeline(bucket: str):
        prepared = prepare()
        sagemaker_training(
            region="us-east-1", role=ROLE, image=KMEANS, model_artifact_path=f"s3://{bucket}/models",
            channels=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
                "S3Uri": prepared.output, "S3DataType": "S3Prefix"}}}],
        )

    return pipeline


def test_a_channel_inside_a_value_warns_when_the_pipeline_is_defined():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        channel_pipeline()
    said = sorted(str(w.message) for w in caught if "inside a longer value" in str(w.message))
    assert [text.split(":")[1].split()[0] for text in said] == ["channels", "model_artifact_path"]
    assert all("only from 2.17.0" in text for text in said)


@pytest.mark.parametrize("profile", list(BACKENDS))
def test_a_channel_inside_a_value_works_where_the_line_substitutes_it(profile, quick_emu, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline = channel_pipeline()
    ir = json_format.MessageToDict(pipeline.pipeline_spec)
    run = Run(pipeline_arguments={"bucket": "lake"}, upstream={("prepare", "Output"): "s3://data/prepared"})
    resolved = BACKENDS[profile].command_line(ir, "sagemaker-training", run, tmp_path / "outputs")
    result = run_step(resolved.argv, quick_emu)
    if profile in STRING_CHANNEL_LINES and profile in JSON_CHANNEL_LINES:
        assert result.returncode == 0, result.stdout + result.stderr
        (request,) = created(quick_emu)
        assert request["OutputDataConfig"] == {"S3OutputPath": "s3://lake/models"}
        assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://data/prepared"
        return
    # A placeholder that arrives as text is a clear error, and nothing is sent.
    assert result.returncode == 2, result.stdout + result.stderr
    assert quick_emu.requests("CreateTrainingJob") == []
    unresolved = {
        "model_artifact_path": "{{$.inputs.parameters['pipelinechannel--bucket']}}",
        "channels": "{{$.inputs.parameters['pipelinechannel--prepare-Output']}}",
    }
    lines = {"model_artifact_path": STRING_CHANNEL_LINES, "channels": JSON_CHANNEL_LINES}
    for name, placeholder in unresolved.items():
        said = f"error: {name}: holds {placeholder}, which KFP did not substitute" in result.stderr
        assert said is (profile not in lines[name]), (name, result.stderr)


def legacy_component(tmp_path: Path) -> Path:
    """component.yaml as it was: endpoint_url behind isPresent, keep_alive_period without a default."""
    document = yaml.safe_load(COMPONENT_YAML.read_text(encoding="utf-8"))
    for declared in document["inputs"]:
        if declared["name"] in ("endpoint_url", "keep_alive_period"):
            del declared["default"]
    args = document["implementation"]["container"]["args"]
    at = args.index("--endpoint_url")
    args[at:at + 2] = [{"if": {"cond": {"isPresent": "endpoint_url"},
                               "then": ["--endpoint_url", {"inputValue": "endpoint_url"}]}}]
    path = tmp_path / "legacy.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("profile", [*V2_LINES, "kfp-local"])
def test_why_no_is_present_and_no_missing_default(profile, tmp_path, quick_emu):
    """The old form: IfPresent reaches the container as literal JSON before 2.17.0, and kfp.local
    cannot even build the command line of an optional integer without a default."""
    from kfp.components import load_component_from_file

    from sagemaker_kfp_components.training.component import DEFAULTS

    left_out = {"endpoint_url", "keep_alive_period"} if profile == "kfp-local" else {"endpoint_url"}
    arguments = {**{k: v for k, v in DEFAULTS.items() if k not in left_out}, **RAW_ARGUMENTS}
    ir, task = compile_call(load_component_from_file(str(legacy_component(tmp_path))), arguments)
    if profile == "kfp-local":
        with pytest.raises(TypeError, match="NoneType"):
            BACKENDS[profile].command_line(ir, task, Run(), tmp_path / "outputs")
        return
    resolved = BACKENDS[profile].command_line(ir, task, Run(), tmp_path / "outputs")
    literal = [part for part in resolved.argv if part.startswith('{"IfPresent"')]
    result = run_step(resolved.argv, quick_emu)
    if profile == "2.17.0":
        assert literal == [] and "--endpoint_url" not in resolved.argv
        assert result.returncode == 0, result.stderr
    else:
        assert len(literal) == 1
        assert result.returncode == 2 and "unrecognized arguments" in result.stderr


# -- rendering, as each line's Go code formats values (figures worked out from the Go sources) ------


@pytest.mark.parametrize(("value", "launcher", "driver"), [
    (10, "10", "10"),
    (10.0, "10", "10"),
    (2.5, "2.5", "2.5"),
    (-1, "-1", "-1"),
    (1e21, "1000000000000000000000", "1e+21"),
    (1e-7, "0.0000001", "1e-07"),
    (12345678.5, "12345678.5", "1.23456785e+07"),
    (True, "true", "true"),
    ({"b": [1, 2.0], "a": "<&>"}, '{"a":"\\u003c\\u0026\\u003e","b":[1,2]}', '{"a":"\\u003c\\u0026\\u003e","b":[1,2]}'),
    ("text with spaces", "text with spaces", "text with spaces"),
])
def test_values_render_as_each_line_renders_them(value, launcher, driver):
    assert launcher_text(value) == launcher
    assert driver_text(value) == driver


def test_a_null_fails_the_launcher_and_is_empty_text_for_the_driver():
    with pytest.raises(TaskFailed, match="NullValue"):
        launcher_text(None)
    assert driver_text(None) == ""
    assert go_format_f(0.05) == "0.05"


def test_kfp_v1_profile_renders_booleans_and_json_as_kfp_1_8(cases, tmp_path):
    case = cases["raw-yaml"]
    argv = BACKENDS["kfp-v1"].command_line(case.ir, case.task, case.run, tmp_path).argv
    values = dict(zip(argv[3::2], argv[4::2]))
    assert values["--spot_instance"] == "True" and values["--network_isolation"] == "True"
    assert values["--hyperparameters"] == '{"epochs": "3", "k": "10"}'
    assert values["--max_wait_time"] == "7200" and values["--keep_alive_period"] == "-1"
    assert values["--kfp_run_id"] == ""

