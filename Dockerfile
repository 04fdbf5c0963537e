# The suite's one image: every component's entrypoint, run by every component.yaml. It holds the
# project's own wheel, installed with its base dependencies only (boto3), so what runs in a pipeline
# is what `pip install sagemaker-kfp-components` installs.
#   sagemaker-kfp image build [--push] REGISTRY/NAME     (with docker buildx, docker, podman or buildah)
#   docker build --build-arg VERSION=0.1.0 --tag REGISTRY/NAME:0.1.0 .
# VERSION must be pyproject.toml's version: the build stops if the wheel is another.

# Stage 1 builds the wheel from the build context (.dockerignore lets in only what the wheel is
# made of). Built here rather than taken from dist/: `docker build .` then needs nothing done before
# it, on any checkout, and cannot pick up a stale wheel left in dist/. The wheel is pure Python,
# built by the same backend from the same commit, so its files are those of the one on PyPI.
FROM python:3.12-slim AS wheel
ARG VERSION
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
COPY . /src
RUN pip wheel --no-deps --wheel-dir /wheels /src \
 && test -f "/wheels/sagemaker_kfp_components-${VERSION:?give --build-arg VERSION=<pyproject.toml version>}-py3-none-any.whl"

# Stage 2 is what ships: python:3.12-slim, the wheel and boto3, nothing from the source tree.
FROM python:3.12-slim
ARG VERSION
LABEL org.opencontainers.image.title="sagemaker-kfp-components" \
      org.opencontainers.image.description="SageMaker components for Kubeflow Pipelines: every component's entrypoint, with boto3" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/sagemaker-kfp/sagemaker-kfp-components"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# --compile writes the bytecode now: site-packages is root's and the step runs as another user, so
# nothing could be cached at run time and every start would compile botocore again. The wheel is
# copied in (its layer keeps ~0.3 MB) rather than bind-mounted: every builder understands COPY.
COPY --from=wheel /wheels/ /tmp/wheels/
RUN pip install --compile /tmp/wheels/*.whl && rm -rf /tmp/wheels

RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin component
USER 10001

# KFP runs each component's own command (python3 -m sagemaker_kfp_components.<name>.entrypoint ...);
# run alone, the image explains the training component.
CMD ["python3", "-m", "sagemaker_kfp_components.training.entrypoint", "--help"]
