"""AWS clients for the step: default credential chain, optional assumed role, standard retries."""

from __future__ import annotations

import botocore.session
from botocore.config import Config
from botocore.credentials import CredentialProvider, RefreshableCredentials

from .. import __version__
from . import api_model

RETRY_ATTEMPTS = 10


def client_config() -> Config:
    return Config(
        retries={"mode": "standard", "total_max_attempts": RETRY_ATTEMPTS},
        user_agent_extra=f"sagemaker-kfp-components/{__version__}",
        connect_timeout=10,
        read_timeout=60,
    )


class AssumedRole(CredentialProvider):
    """Credentials of an assumed role, refreshed by botocore before they expire (long jobs)."""

    METHOD = "assume-role-argument"

    def __init__(self, base: botocore.session.Session, role_arn: str, session_name: str, region: str):
        self._sts = base.create_client("sts", region_name=region, config=client_config())
        self._role_arn, self._session_name = role_arn, session_name

    def _fetch(self) -> dict:
        credentials = self._sts.assume_role(RoleArn=self._role_arn, RoleSessionName=self._session_name)["Credentials"]
        return {
            "access_key": credentials["AccessKeyId"],
            "secret_key": credentials["SecretAccessKey"],
            "token": credentials["SessionToken"],
            "expiry_time": credentials["Expiration"].isoformat(),
        }

    def load(self) -> RefreshableCredentials:
        return RefreshableCredentials.create_from_metadata(self._fetch(), self._fetch, self.METHOD)


def botocore_for(region: str, assume_role: str | None, session_name: str) -> botocore.session.Session:
    """A botocore session with the standard credential chain, or the assumed role's on top of it."""
    base = api_model.botocore_session()  # shares the loaded service model
    if not assume_role:
        return base
    assumed = botocore.session.get_session()
    assumed.register_component("data_loader", base.get_component("data_loader"))
    assumed.get_component("credential_provider").insert_before("env", AssumedRole(base, assume_role, session_name, region))
    return assumed


def client(session: botocore.session.Session, service: str, region: str, endpoint_url: str | None = None):
    """A client with standard retries; without `endpoint_url`, AWS_ENDPOINT_URL still applies."""
    return session.create_client(service, region_name=region, endpoint_url=endpoint_url or None, config=client_config())
