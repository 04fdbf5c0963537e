"""A SageMaker job of any kind seen from the step: name, create-or-attach, follow, stop.

What differs between kinds (operations, fields, statuses, name limits) is data, the component's
`JobKind` row; this is the one lifecycle they all share.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import sys
from dataclasses import dataclass, field
from typing import Callable

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from . import api_model
from .arguments import JobKind, in_words, with_article
from .clock import Clock
from .logs import LogTail
from .request_digest import DIGEST_TAG, differing_fields, request_digest
from .transient import error_code, is_transient

ACCESS_DENIED = ("AccessDeniedException", "AccessDenied")
#: A create refused because the name is taken: jobs say ResourceInUse, models and other resources
#: ValidationException "Cannot create already existing model ...".
ALREADY_EXISTS = re.compile(r"already exist", re.IGNORECASE)
FAILED_JOBS_SHOWN = 10  # a tuning job's failed training jobs listed when it fails: the first ones, where a cause shows
STOP_WAIT = 25.0  # seconds for the stop, then Stopped, after a termination signal (Kubernetes' grace is 30 s)


class StepFailure(Exception):
    """Ends the step with an explanation and an exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def job_name(prefix: str, run_id: str | None, task_id: str | None, task_name: str | None,
             max_length: int = 63, now: datetime.datetime | None = None) -> str:
    """A name for an unnamed job: stable for one KFP task (so retries find the job), else unique.

    KFP's task ID is its parent DAG's, shared by sibling tasks, so the task name joins the key.
    A placeholder KFP left unresolved ("{{$...}}", as kfp 1.x does) counts as missing.
    """
    identity = [part for part in (run_id, task_id, task_name) if part and not part.startswith("{{")]
    if len(identity) == 3:
        return _hashed(f"{prefix}-kfp-", hashlib.sha256("/".join(identity).encode("utf-8", "surrogateescape")).hexdigest(),
                       max_length)
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%d%H%M%S")
    return f"{prefix}-{stamp}-{secrets.token_hex(4)}"


def request_name(prefix: str, digest: str, max_length: int = 63) -> str:
    """The name of the job made from a request of this digest (name_from_request): one request, one job."""
    return _hashed(f"{prefix}-req-", digest, max_length)


def _hashed(stem: str, digest: str, max_length: int) -> str:
    """`stem` and as much of the hex `digest` as fits `max_length` (a tuning job's name has 32
    characters), at least 16 and at most 24 digits."""
    return stem + digest[: max(16, min(24, max_length - len(stem)))]


def attempt_name(base: str, number: int, max_length: int) -> str:
    """`base` for the first attempt, `base-r<number>` after it, within the kind's name length."""
    if number == 1:
        return base
    suffix = f"-r{number}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix


@dataclass(frozen=True)
class PollSchedule:
    """Describe quickly at first, then every 5 % of the time waited so far, at most every 30 s.

    The step then ends at most max(2 s, 5 % of the job's duration, capped at 30 s) after its job.
    """

    floor: float = 2.0
    fraction: float = 0.05
    ceiling: float = 30.0

    def interval(self, elapsed: float) -> float:
        return min(self.ceiling, max(self.floor, self.fraction * elapsed))


def _name_taken(error: ClientError) -> bool:
    code = error_code(error)
    return code == "ResourceInUse" or (code == "ValidationException" and bool(ALREADY_EXISTS.search(str(error))))


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr, flush=True)


def _stamp(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)


def _shown(value: object) -> str:
    """A progress value in a line: `Completed 3, InProgress 2` for a map of counts."""
    if isinstance(value, dict):
        return ", ".join(f"{key} {_shown(item)}" for key, item in value.items())
    return str(value)


@dataclass
class Job:
    sagemaker: object  # botocore SageMaker client
    kind: JobKind
    name: str
    clock: Clock = field(default_factory=Clock)
    say: Callable[[str], None] = lambda text: print(text, flush=True)
    name_argument: str = "job_name"  # the component's argument that names the job, for advice
    _seen_status: str = ""
    _seen_transitions: int = 0
    _seen_progress: dict = field(default_factory=dict)

    def _call(self, operation: str, **kwargs) -> dict:
        return getattr(self.sagemaker, xform_name(operation))(**kwargs)

    def describe(self) -> dict | None:
        """The job's description, or None if there is no job of that name."""
        return self.describe_name(self.name)

    def describe_name(self, name: str) -> dict | None:
        try:
            return self._call(self.kind.describe, **{self.kind.name_field: name})
        except ClientError as error:
            message, code = str(error).lower(), error_code(error)
            # Describe<kind>'s modelled error (a tuning job's answer), or the ValidationException
            # training, processing and transform jobs answer with.
            if code == "ResourceNotFound" or (code == "ValidationException" and
                                              ("not found" in message or "could not find" in message)):
                return None
            raise

    def status(self, job: dict) -> str:
        # A resource without a status (a model) is complete once it exists.
        return job[self.kind.status_field] if self.kind.has_status else self.kind.succeeded

    def create_or_attach(self, request: dict, exists_action: str) -> bool:
        """Start the job, or attach to the one of the same name; True if attached.

        To attach, the create itself finds out (ResourceInUse): one request fewer before the job
        starts. To fail instead, the name is looked up first, so that a create retried after its
        answer was lost still attaches to its own job. To rerun failed jobs, the latest attempt
        decides: attach to it unless it ended unsuccessfully, else create the next attempt.
        Attaching needs a job created from the same request (StepFailure, exit 3, if not); after a
        failed attempt the next one runs with this step's request, whatever the failed one had:
        nothing of the failed job is returned.
        """
        words = self.kind.words
        if exists_action == "rerun_failed":
            self.name = self._next_attempt()
            request[self.kind.name_field] = self.name
        if exists_action == "fail" and (existing := self.describe()) is not None:
            state = f" ({self.status(existing)})" if self.kind.has_status else ""
            raise StepFailure(
                f"{with_article(words)} named {self.name} already exists{state}; "
                f"choose another {self.name_argument}, or set job_exists_action to attach to it",
                3,
            )
        try:
            self._call(self.kind.create, **request)
        except ClientError as error:
            if not _name_taken(error):
                raise
            self._check_same_request(request)
            self.say(f"Attaching to the existing {words} {self.name} (this step was retried or restarted)")
            return True
        self.say(f"Created {words} {self.name}")
        return False

    def _check_same_request(self, request: dict) -> None:
        """Attach only to a job created from this request: a retry, not a new run reusing the name.

        Only on attach, so a fresh create costs nothing more. The job's digest tag decides; the
        description only explains which fields differ. A job without the tag (created before this
        check, or with 50 user tags) is attached to, with a warning.
        """
        kind, words = self.kind, self.kind.words
        job = self.describe()
        if job is None:  # not visible yet: a job that new is this step's own, its create answer lost
            return
        try:
            tags = self._tags(job[kind.arn_field])
        except ClientError as error:
            if error_code(error) not in ACCESS_DENIED:
                raise
            _warn(f"could not read the tags of {words} {self.name} ({error}); attaching without "
                  "checking that it was created from this request (the step's credentials need sagemaker:ListTags)")
            return
        recorded = tags.get(DIGEST_TAG)
        if recorded is None:
            _warn(f"{words} {self.name} has no {DIGEST_TAG} tag (it was created before this check "
                  "existed, or with 50 tags); attaching without checking that it was created from this request")
        elif recorded != request_digest(request, kind.name_field):
            fields = differing_fields(request, job, tags, kind.create, kind.describe, kind.name_field)
            differences = (f"differing in {', '.join(fields)}" if fields else
                           "differing in fields its description does not show")
            raise StepFailure(
                f"the name {self.name} is taken by {with_article(words)} created from a different request "
                f"({differences}); give a new {self.name_argument}, or leave it empty for a generated one",
                3,
            )

    def _tags(self, arn: str) -> dict[str, str]:
        pages = self.sagemaker.get_paginator("list_tags").paginate(ResourceArn=arn)
        return {tag["Key"]: tag["Value"] for page in pages for tag in page.get("Tags", [])}

    def _next_attempt(self) -> str:
        """The name to run under: the latest attempt (`<name>`, `<name>-r2`, ...) unless it ended
        unsuccessfully (Failed, Stopped), then the one after it."""
        base, latest, number = self.name, None, 1
        limit = self.kind.name_max_length
        while (job := self.describe_name(attempt_name(base, number, limit))) is not None:
            latest, number = job, number + 1
        if latest is None:
            return base
        if self.status(latest) not in self.kind.unsuccessful:
            return latest[self.kind.name_field]
        self.say(f"{self.kind.capitalized} {latest[self.kind.name_field]} ended {self.status(latest)}; "
                 f"starting it again as {attempt_name(base, number, limit)}")
        return attempt_name(base, number, limit)

    def report(self, job: dict) -> bool:
        """Print each new status and secondary-status transition (for kinds whose descriptions have
        them), with its time and message, and the kind's progress values that changed.

        Returns True if anything changed (a new phase often means new log lines).
        """
        transitions = job.get("SecondaryStatusTransitions", [])
        for transition in transitions[self._seen_transitions:]:
            message = transition.get("StatusMessage", "")
            self.say(f"{_stamp(transition.get('StartTime', ''))} {transition['Status']}: {message}".rstrip(": "))
        status = self.status(job)
        changed = len(transitions) != self._seen_transitions or status != self._seen_status
        if status != self._seen_status and self.kind.has_status:
            self.say(f"{self.kind.capitalized} status: {status}")
        self._seen_transitions, self._seen_status = len(transitions), status
        for label, path in self.kind.progress:
            value = api_model.value_at(job, path)
            if value is not None and value != self._seen_progress.get(label):
                self._seen_progress[label] = value
                self.say(f"{label}: {_shown(value)}")
                changed = True
        return changed

    def follow(self, tail: LogTail | None, schedule: PollSchedule = PollSchedule()) -> dict | None:
        """Wait for the job to end, streaming its logs; None if the step is being terminated."""
        started = self.clock.now()
        while True:
            job = self._describe_patiently()
            if self.clock.interrupted.is_set():
                return None  # a signal came during the describe: what it says is already stale
            if job is not None:
                # The schedule counts from the job's creation: a step attaching to a long-running
                # job need not poll as if the job had just started.
                created = job.get("CreationTime")
                if isinstance(created, datetime.datetime):
                    started = min(started, self.clock.now() - max(0.0, self.clock.wall() - created.timestamp()))
                if self.report(job) and tail:
                    tail.wake(self.clock.now())
                if self.status(job) in self.kind.terminal:
                    if tail:
                        tail.drain()
                    return job
            next_describe = self.clock.now() + schedule.interval(self.clock.now() - started)
            while (now := self.clock.now()) < next_describe:
                if tail and tail.due <= now:
                    tail.read(now)
                wake = min(next_describe, tail.due) if tail else next_describe
                if self.clock.sleep(wake - self.clock.now()):
                    return None

    @property
    def seen_status(self) -> str:
        """The status the last description showed ('' before any)."""
        return self._seen_status

    def update(self, request: dict) -> None:
        """Point the resource at another config (the kind's `update` operation)."""
        self._call(self.kind.update, **request)

    def send_stop(self) -> None:
        """Ask SageMaker to stop the job (called from the step's stop thread: botocore clients are thread-safe)."""
        try:
            self._call(self.kind.stop, **{self.kind.name_field: self.name})
            self.say(f"Sent {self.kind.stop} for {self.name}")
        except (ClientError, BotoCoreError) as error:
            self.say(f"Could not stop {self.name}: {error}")

    def wait_stopped(self, deadline: float) -> dict | None:
        """After a stop: wait until the job has ended, or until the clock reaches `deadline`."""
        job = None
        while self.clock.now() < deadline:
            job = self._describe_patiently()
            if job is not None:
                self.report(job)
                if self.status(job) in self.kind.terminal:
                    return job
            self.clock.interrupted.clear()  # a second signal must not cut the bounded wait short
            self.clock.sleep(2.0)
        self.say(f"{self.kind.capitalized} {self.name} is still stopping; SageMaker will finish stopping it")
        return job

    def why_unsuccessful(self, job: dict) -> str:
        """Why a job that ended without success did so, as the end of `<kind> <name> ...`."""
        if self.status(job).lower() == "stopped":
            transitions = job.get("SecondaryStatusTransitions") or [{}]
            return f"was stopped: {transitions[-1].get('StatusMessage') or 'stopped from outside the step'}"
        reasons = [str(job[field]) for field in self.kind.failure_fields if job.get(field)]
        return f"failed: {'; '.join(reasons) or 'no reason given'}"

    def failed_jobs(self, shown: int = FAILED_JOBS_SHOWN) -> list[str]:
        """`<kind> <name>: <reason>` for the first `shown` failed jobs this one started, oldest first
        (none for a kind that starts none); a line saying why if they cannot be listed."""
        if self.kind.failed_jobs_list is None:
            return []
        operation, summaries, name_field = self.kind.failed_jobs_list
        words = in_words(name_field.removesuffix("Name"))
        try:
            page = getattr(self.sagemaker, xform_name(operation))(**{
                self.kind.name_field: self.name, "StatusEquals": "Failed", "SortBy": "CreationTime",
                "SortOrder": "Ascending", "MaxResults": shown})
        except (BotoCoreError, ClientError) as error:
            return [f"(its failed {words}s could not be listed: {error})"]
        return [f"{words} {summary[name_field]}: {summary.get('FailureReason') or 'no reason given'}"
                for summary in page[summaries]]

    def _describe_patiently(self) -> dict | None:
        try:
            return self.describe()
        except Exception as error:
            if not is_transient(error):
                raise
            print(f"warning: {self.kind.describe} failed ({error}); still waiting", file=sys.stderr, flush=True)
            return None
