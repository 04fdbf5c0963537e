"""Getting an image: `image show`, `image build` and `generate --image`.

No image is built here (no daemon on these machines): `image build` runs against stand-ins for the
builders, small executables on a fake PATH that record their argv, so what is tested is which
builder is chosen and the exact commands it is given. The copies `generate --image` writes are
loaded with the kfp SDK, compiled into a pipeline, and run the way KFP 2.14-2.16 runs them, against
the emulator.
"""

# No `from __future__ import annotations`: kfp reads pipeline functions' annotations as types.

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sagemaker_kfp_components.emulator import Lifecycle
from sagemaker_kfp_components.generator.backends import BACKENDS, Run, compile_call
from sagemaker_kfp_components.generator.cli import main
from sagemaker_kfp_components.generator.image_ref import ImageRef, parse_image_ref
from sagemaker_kfp_components.generator.local_run import local_argv
from sagemaker_kfp_components.generator.project import Project

ROOT = Path(__file__).resolve().parents[1]
SUITE = Project(ROOT).suite  # pyproject.toml's version and image
TRAINING = Project(ROOT).component("training")
VERSION = SUITE.version
DIGEST = "sha256:" + "0123456789abcdef" * 4
DAEMON_PROBE = ["docker", "info", "--format", "{{.ServerVersion}}"]
NO_DAEMON = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
KMEANS = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
ARGUMENTS = {
    "region": "us-east-1", "role": "arn:aws:iam::123456789012:role/SageMakerRole", "image": KMEANS,
    "channels": [{"ChannelName": "train",
                  "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/train", "S3DataType": "S3Prefix"}}}],
    "model_artifact_path": "s3://bucket/models", "instance_type": "ml.m5.xlarge",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# References

@pytest.mark.parametrize(("text", "parsed", "written"), [
    ("ghcr.io/you/sagemaker-training", ImageRef("ghcr.io/you/sagemaker-training"), "ghcr.io/you/sagemaker-training:9.9.9"),
    ("you/sagemaker-training:v1.2", ImageRef("you/sagemaker-training", "v1.2"), "you/sagemaker-training:v1.2"),
    ("localhost:5000/a/b", ImageRef("localhost:5000/a/b"), "localhost:5000/a/b:9.9.9"),  # a port, not a tag
    ("localhost:5000/a/b:dev", ImageRef("localhost:5000/a/b", "dev"), "localhost:5000/a/b:dev"),
    ("1234.dkr.ecr.eu-west-1.amazonaws.com/kfp/sagemaker__training",
     ImageRef("1234.dkr.ecr.eu-west-1.amazonaws.com/kfp/sagemaker__training"),
     "1234.dkr.ecr.eu-west-1.amazonaws.com/kfp/sagemaker__training:9.9.9"),
    (f"ghcr.io/you/x@{DIGEST}", ImageRef("ghcr.io/you/x", "", DIGEST), f"ghcr.io/you/x@{DIGEST}"),
    (f"ghcr.io/you/x:0.1.0@{DIGEST}", ImageRef("ghcr.io/you/x", "0.1.0", DIGEST), f"ghcr.io/you/x:0.1.0@{DIGEST}"),
    ("localhost:5000/x", ImageRef("localhost:5000/x"), "localhost:5000/x:9.9.9"),  # registry and one name part
    ("Registry.Example.com/x", ImageRef("Registry.Example.com/x"), "Registry.Example.com/x:9.9.9"),  # hosts may hold capitals
])
def test_references_kubernetes_pulls_are_parsed(text, parsed, written):
    assert parse_image_ref(text) == parsed
    assert parsed.reference("9.9.9") == written  # the version is the tag only when none is given


@pytest.mark.parametrize(("text", "complaint"), [
    ("ghcr.io/You/x", "lowercase"),
    ("ghcr.io//x", "lowercase"),
    ("ghcr.io/you/x-", "lowercase"),
    ("", "lowercase"),
    ("ghcr.io/you/x:", "tag"),
    ("ghcr.io/you/x:-dev", "tag"),
    ("ghcr.io/you/x@sha256:abc", "digest"),
    (f"ghcr.io/you/x@{DIGEST.upper()}", "digest"),
    ("bad_host.io/you/x", "registry"),
    ("You/x", "lowercase"),  # no dot, port or localhost: a name part, not a registry
    ("My.image", "lowercase"),  # a single part is the name, however much it looks like a host
    ("ghcr.io/you:x/y", "lowercase"),  # a colon before the last slash is no tag
])
def test_references_kubernetes_would_refuse_are_errors(text, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_image_ref(text)


def test_a_bad_registry_is_named_in_the_error():
    with pytest.raises(ValueError) as error:
        parse_image_ref("bad_host.io/you/x")
    assert str(error.value) == "'bad_host.io/you/x': 'bad_host.io' is not a registry host name"


def test_the_component_keeps_its_version_as_tag_unless_the_image_says_otherwise():
    assert TRAINING.image == f"{SUITE.image}:{VERSION}"
    assert TRAINING.with_image(ImageRef("ghcr.io/you/x")).image == f"ghcr.io/you/x:{VERSION}"
    assert TRAINING.with_image(ImageRef("ghcr.io/you/x", "dev")).image == "ghcr.io/you/x:dev"
    assert TRAINING.with_image(ImageRef("ghcr.io/you/x", "", DIGEST)).image == f"ghcr.io/you/x@{DIGEST}"
    assert TRAINING.with_image(ImageRef("ghcr.io/you/x")).version == VERSION


# image show

@pytest.mark.parametrize("args", [["image", "training"], ["image", "show", "training"]], ids=["short", "show"])
def test_image_show_prints_the_components_image(args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ghcr.io/sagemaker-kfp/sagemaker-kfp-components:{VERSION}\n"


def test_image_show_names_the_specs_there_are():
    result = run("image", "nosuch")
    assert result.exit_code == 2
    specs = ", ".join(sorted(spec.stem for spec in (ROOT / "specs").glob("*.yaml")))
    assert f"no spec named 'nosuch'; there are: {specs}" in result.stderr


# image build, with stand-ins for the builders

class Builders:
    """Executables on a PATH of their own: each records its argv and exits 0, unless its first
    argument is one it was told to fail on (then it says why on stderr, as the real one would)."""

    def __init__(self, folder: Path):
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.log = folder / "calls.jsonl"

    def install(self, name: str, fails: dict[str, tuple[int, str]] | None = None, hangs: str = "") -> None:
        """`hangs`: the first argument on which it never answers (a client waiting on a TCP host)."""
        script = self.bin / name
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, sys, time\n"
            f"with open({str(self.log)!r}, 'a') as log:\n"
            f"    log.write(json.dumps([{name!r}, *sys.argv[1:]]) + '\\n')\n"
            f"if sys.argv[1] == {hangs!r}:\n"
            "    time.sleep(60)\n"
            f"code, said = {fails or {}!r}.get(sys.argv[1], (0, ''))\n"
            "print(said, file=sys.stderr)\n"
            "sys.exit(code)\n",
            encoding="utf-8",
        )
        script.chmod(0o755)

    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def builders(tmp_path, monkeypatch):
    stand_ins = Builders(tmp_path)
    monkeypatch.setenv("PATH", str(stand_ins.bin))
    monkeypatch.chdir(tmp_path)  # so the build context is written as the checkout's path
    return stand_ins


def build(*args: str):
    return run("image", "build", *args, "--root", str(ROOT))


def fallback_commands(reference: str, push: bool) -> list[str]:
    build_line = f"docker build --build-arg VERSION={VERSION} --tag {reference} {ROOT}"
    return [build_line, f"docker push {reference}"] if push else [build_line]


@pytest.mark.parametrize("push", [True, False], ids=["push", "build-only"])
def test_docker_without_a_daemon_prints_the_docker_commands_and_fails(builders, push):
    builders.install("docker", fails={"info": (1, NO_DAEMON)})
    result = build(*(["--push"] if push else []), "ghcr.io/you/sagemaker-training")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == fallback_commands(f"ghcr.io/you/sagemaker-training:{VERSION}", push)
    assert "docker buildx, docker: the docker client cannot reach a daemon" in result.stderr
    assert NO_DAEMON in result.stderr
    assert "Traceback" not in result.output
    assert builders.calls() == [DAEMON_PROBE]  # asked once; nothing was built


def test_with_no_builder_installed_it_says_so_and_prints_the_docker_commands(builders):
    result = build("--push", "ghcr.io/you/sagemaker-training")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == fallback_commands(f"ghcr.io/you/sagemaker-training:{VERSION}", True)
    for tool in ("docker", "podman", "buildah"):
        assert f"{tool} is not installed" in result.stderr


REF = f"ghcr.io/you/sagemaker-training:{VERSION}"
ARG = ["--build-arg", f"VERSION={VERSION}"]  # the Dockerfile's label, and its check of the wheel's version
NO_BUILDX = {"buildx": (1, "docker: unknown command: docker buildx")}
SCENARIOS = {
    # name: (installed stand-ins and what they fail on, --push, every call expected)
    "docker-buildx-push": ({"docker": {}}, True, [
        DAEMON_PROBE, ["docker", "buildx", "version"],
        ["docker", "buildx", "build", "--push", *ARG, "--tag", REF, str(ROOT)]]),
    "docker-buildx-load": ({"docker": {}}, False, [
        DAEMON_PROBE, ["docker", "buildx", "version"],
        ["docker", "buildx", "build", "--load", *ARG, "--tag", REF, str(ROOT)]]),
    "docker-without-buildx": ({"docker": NO_BUILDX}, True, [
        DAEMON_PROBE, ["docker", "buildx", "version"],
        ["docker", "build", *ARG, "--tag", REF, str(ROOT)], ["docker", "push", REF]]),
    "podman-when-docker-has-no-daemon": ({"docker": {"info": (1, NO_DAEMON)}, "podman": {}, "buildah": {}}, True, [
        DAEMON_PROBE, ["podman", "info"],
        ["podman", "build", *ARG, "--tag", REF, str(ROOT)], ["podman", "push", REF]]),
    "buildah-alone": ({"buildah": {}}, True, [
        ["buildah", "info"], ["buildah", "build", *ARG, "--tag", REF, str(ROOT)], ["buildah", "push", REF]]),
    "buildah-when-podman-cannot-run": ({"podman": {"info": (125, "cannot set up namespace")}, "buildah": {}}, False, [
        ["podman", "info"], ["buildah", "info"], ["buildah", "build", *ARG, "--tag", REF, str(ROOT)]]),
}


@pytest.mark.parametrize(("installed", "push", "expected"), SCENARIOS.values(), ids=SCENARIOS.keys())
def test_the_first_builder_that_works_builds_and_pushes(builders, installed, push, expected):
    for name, fails in installed.items():
        builders.install(name, fails)
    result = build(*(["--push"] if push else []), "ghcr.io/you/sagemaker-training")
    assert result.exit_code == 0, result.output
    assert builders.calls() == expected
    assert result.stdout == f"{'pushed' if push else 'built'} {REF}\n"


def test_builders_passed_over_are_named_with_the_probes_last_word(builders):
    # Builders that fail the same probe share a line; a probe that fails silently is shown by its exit code.
    builders.install("docker", {"info": (1, f"some warning\n{NO_DAEMON}")})
    builders.install("podman", {"info": (125, "")})
    builders.install("buildah")
    result = build("ghcr.io/you/sagemaker-training")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:3] == [
        f"passed over docker buildx, docker: the docker client cannot reach a daemon "
        f"(`docker info --format '{{{{.ServerVersion}}}}'`: {NO_DAEMON})",
        "passed over podman: podman cannot run here (`podman info`: exit code 125)",
        f"building {REF} with buildah",
    ]


def test_a_probe_that_never_answers_counts_as_a_failure(builders, monkeypatch):
    monkeypatch.setattr("sagemaker_kfp_components.generator.image_build.PROBE_TIMEOUT", 1)
    builders.install("docker", hangs="info")
    result = build("ghcr.io/you/sagemaker-training")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == fallback_commands(REF, False)
    assert (f"  docker buildx, docker: the docker client cannot reach a daemon "
            f"(`docker info --format '{{{{.ServerVersion}}}}'` gave no answer in 1 s)") in result.stderr.splitlines()
    assert builders.calls() == [DAEMON_PROBE]


def test_a_failed_build_is_not_pushed_and_its_exit_code_is_the_commands(builders):
    builders.install("docker", {**NO_BUILDX, "build": (3, "failed to solve: python:3.12-slim: not found")})
    result = build("--push", "ghcr.io/you/sagemaker-training")
    assert result.exit_code == 3
    assert builders.calls()[-1] == ["docker", "build", *ARG, "--tag", REF, str(ROOT)]
    assert f"$ docker build --build-arg VERSION={VERSION} --tag {REF} {ROOT}" in result.stderr
    assert "passed over docker buildx: docker has no buildx plugin" in result.stderr


def test_the_build_context_is_dot_from_the_checkout(builders, monkeypatch):
    builders.install("docker", NO_BUILDX)
    monkeypatch.chdir(ROOT)
    assert build("ghcr.io/you/sagemaker-training:dev").exit_code == 0
    assert builders.calls()[-1] == ["docker", "build", *ARG, "--tag", "ghcr.io/you/sagemaker-training:dev", "."]


@pytest.mark.parametrize(("name", "complaint"), [
    (f"ghcr.io/you/x@{DIGEST}", "a digest names an image that exists already"),
    ("ghcr.io/You/x", "lowercase"),
])
def test_build_refuses_names_it_cannot_tag(builders, name, complaint):
    builders.install("docker")
    result = build(name)
    assert result.exit_code == 2
    assert complaint in result.stderr
    assert "DIGEST" not in result.stderr  # it suggests only what it accepts
    assert builders.calls() == []


def test_build_suggests_a_name_it_would_build():
    refused = " ".join(build("ghcr.io/You/x").stderr.split())
    assert refused.endswith("for example ghcr.io/you/sagemaker-kfp-components, with :TAG if you like")
    suggested = refused.rsplit("for example ", 1)[1].split(",")[0]
    assert not parse_image_ref(suggested).digest


def test_without_a_name_build_makes_the_suites_image(builders):
    builders.install("docker", NO_BUILDX)
    assert build().exit_code == 0
    assert builders.calls()[-1] == ["docker", "build", *ARG, "--tag", f"{SUITE.image}:{VERSION}", str(ROOT)]


def _real_docker_without_daemon() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    probe = subprocess.run(DAEMON_PROBE, capture_output=True, timeout=60, check=False)
    return docker if probe.returncode != 0 else None  # with a daemon, this test would build an image


@pytest.mark.skipif(_real_docker_without_daemon() is None, reason="needs the docker client without a daemon")
def test_the_real_docker_client_without_a_daemon_gets_the_commands_printed(tmp_path, monkeypatch):
    alone = tmp_path / "bin"
    alone.mkdir()
    (alone / "docker").symlink_to(_real_docker_without_daemon())
    monkeypatch.setenv("PATH", str(alone))
    monkeypatch.chdir(ROOT)
    result = build("--push", "ghcr.io/you/sagemaker-training")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"docker build --build-arg VERSION={VERSION} --tag {REF} .", f"docker push {REF}"]
    assert "the docker client cannot reach a daemon" in result.stderr


# generate --image: copies of component.yaml that run the user's image

def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def executor_image(ir: dict, task: str) -> str:
    label = ir["components"][ir["root"]["dag"]["tasks"][task]["componentRef"]["name"]]["executorLabel"]
    return ir["deploymentSpec"]["executors"][label]["container"]["image"]


@pytest.mark.parametrize(("given", "written"), [
    ("ghcr.io/you/sagemaker-training", f"ghcr.io/you/sagemaker-training:{VERSION}"),
    ("registry.example.com:5000/ml/sagemaker-training:dev", "registry.example.com:5000/ml/sagemaker-training:dev"),
    (f"ghcr.io/you/sagemaker-training@{DIGEST}", f"ghcr.io/you/sagemaker-training@{DIGEST}"),
], ids=["version-tag", "own-tag", "digest"])
def test_a_copy_pointed_at_your_image_compiles_with_it_and_runs(given, written, tmp_path, emu):
    from kfp.components import load_component_from_file

    before = fingerprint(ROOT / "generated")
    out = tmp_path / "components"
    result = run("generate", "--image", given, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert fingerprint(ROOT / "generated") == before
    copy = out / "training" / "component.yaml"
    names = sorted(c.name for c in Project().components())
    assert result.stdout == "".join(f"wrote {(out / n / 'component.yaml').as_posix()} (image {written})\n" for n in names)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        f"{n}/component.yaml" for n in names]

    # The copy is generated/'s component.yaml but for its image, and says how it was made.
    text = copy.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith(
        f"# Generated from specs/training.yaml by `sagemaker-kfp generate --image {given} --out {out}`.")
    document, original = yaml.safe_load(text), yaml.safe_load((ROOT / "generated/training/component.yaml").read_text())
    assert document["implementation"]["container"].pop("image") == written
    original["implementation"]["container"].pop("image")
    assert document == original

    # kfp 2.x compiles a pipeline with it; its IR runs the user's image.
    ir, task = compile_call(load_component_from_file(str(copy)), ARGUMENTS)
    assert executor_image(ir, task) == written

    # And the container command KFP 2.14-2.16 resolves from that IR runs the step.
    emu.lifecycle = Lifecycle(status="Completed")
    resolved = BACKENDS["2.14-2.16"].command_line(ir, task, Run(), tmp_path / "outputs")
    step = subprocess.run(local_argv(resolved.argv), env=emu.env(), capture_output=True, text=True, timeout=120)
    assert step.returncode == 0, step.stdout + step.stderr
    outputs = {name: path.read_text(encoding="utf-8") for name, path in resolved.output_files.items()}
    assert outputs["model_artifact_url"] == f"s3://bucket/models/{outputs['job_name']}/output/model.tar.gz"
    assert outputs["training_image"] == KMEANS


def test_copies_never_go_into_generated_and_need_both_options(tmp_path):
    inside = run("generate", "--image", "ghcr.io/you/x", "--out", str(ROOT / "generated" / "mine"))
    assert inside.exit_code == 2
    assert "write the copies elsewhere" in inside.stderr
    assert not (ROOT / "generated" / "mine").exists()
    for half in (["--image", "ghcr.io/you/x"], ["--out", str(tmp_path / "out")]):
        result = run("generate", *half)
        assert result.exit_code == 2
        assert "--image and --out go together" in result.stderr
    assert not (tmp_path / "out").exists()


def test_copies_leave_the_rest_of_the_folder_alone(tmp_path):
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    assert run("generate", "--image", "ghcr.io/you/x", "--out", str(tmp_path)).exit_code == 0
    assert keep.read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "training" / "component.yaml").is_file()



def test_the_copy_options_name_what_is_wrong_in_full(tmp_path):
    def error(*args: str) -> str:
        result = run("generate", *args)
        assert result.exit_code == 2
        return " ".join(result.stderr.split("Error: ", 1)[1].split())

    assert error("--image", "ghcr.io/you/x", "--out", str(ROOT / "generated" / "mine")) == (
        "Invalid value for --out: generated/ names the specs' image; write the copies elsewhere")
    assert error("--image", "ghcr.io/you/x") == (
        "--image and --out go together: the copies that run your image go to --out")
    assert error("--image", "ghcr.io/You/x", "--out", str(tmp_path / "out")) == (
        "Invalid value for --image: 'ghcr.io/You/x': an image name's parts (between slashes) are lowercase letters "
        "and digits joined by '.', '_', '__' or dashes; for example ghcr.io/you/sagemaker-kfp-components, with :TAG or "
        "@sha256:DIGEST if you like")
