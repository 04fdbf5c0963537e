# The SageMaker components' container: the hand-written runtime and the generated entrypoints,
# with boto3 as the only dependency. One image holds every component; its tag is the specs' version:
#   sagemaker-kfp image build [--push] REGISTRY/NAME   (with docker, podman or buildah)
#   docker build -t "$(sagemaker-kfp image show training)" .
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/opt/components

RUN pip install "boto3>=1.34,<2" \
 && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin component

WORKDIR /opt/components
COPY runtime/ runtime/
COPY generated/ generated/
# Compiled once here: with PYTHONDONTWRITEBYTECODE every start would compile them again.
RUN python -m compileall -q runtime generated

USER 10001
# KFP runs the component's own command (python3 -m generated.<component>.entrypoint ...).
CMD ["python3", "-m", "generated.training.entrypoint", "--help"]
