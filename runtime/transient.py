"""Which AWS errors are passing faults: the wait goes on through them.

botocore's standard retry mode already retries each call; these are the errors left when all of a
call's attempts failed, which must not end a job that may run for days.
"""

from __future__ import annotations

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

THROTTLING = {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
              "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
              "SlowDown", "RequestThrottled", "LimitExceededException"}


def is_transient(error: Exception) -> bool:
    if isinstance(error, (ConnectionError, HTTPClientError)):
        return True
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return code in THROTTLING or status >= 500
    return False


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")
