"""The triage engine: classify, match, decide and act on new messages, in batches.

`Triage` is fed the ledger's new messages during an import or a sync (it is ingest's
on_new hook) and works through them in batches, because the classifier is many times
faster on a batch than message by message. Each message is then triaged on its own, in
a savepoint and within its time budget: one that fails is recorded as failed and changes
nothing. The decision itself is pure (triage.decide); changes go through effects.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from afterword.inbox.budget import within_budget
from afterword.inbox.classify import Classification, Classifier, act_automatically
from afterword.inbox.effects import apply_effect
from afterword.inbox.extract import ExtractedDates, extract_dates
from afterword.inbox.index import application_state, build_index, own_addresses
from afterword.inbox.labels import MailClass
from afterword.inbox.matching import NO_MATCH, MatchMethod, domain_of, is_ats_domain, match_message
from afterword.inbox.message import InboxMessage, RawMessage
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.new_application import proposed_application
from afterword.inbox.personal import classifier_for
from afterword.inbox.service import failure_reason, kept_raw
from afterword.inbox.triage import DecidedBy, Decision, TriageState, decide, decision_day
from afterword.localtime import LocalContext, Span
from afterword.pipeline.models import Application

# Messages classified together; the classifier's cost per message falls steeply with batch size.
BATCH = 500
# Messages judged together by `afterword classify`, which shows each as soon as it is judged.
JUDGE_BATCH = 200
# The newest text kept per message for review and learning; bulk mail keeps none.
KEPT_TEXT_CHARS = 4000
_NO_REPLY = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?@|mailer@", re.I)
# What mass mail says at its foot: the body's own mark of a list, an alert or a newsletter
# (headers say it too, but a message parsed in full no longer carries them; see BulkFilter).
_BULK_FOOTER = re.compile(
    r"unsubscribe|manage\s+(?:your\s+)?(?:email\s+|alert\s+|subscription\s+)?preferences|"
    r"you(?:'re|\s+are)\s+receiving\s+(?:this|these)|opt[\s-]out\s+of\s+these|"
    r"stop\s+these\s+emails|view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser",
    re.IGNORECASE,
)
BULK_FOOTER_CHARS = 1500
# Only these classes carry dates worth reading (dateparser is the slow part of extraction).
DATED = frozenset(
    {
        MailClass.APPLICATION_RECEIVED,  # "we expect to get back to you within 5 business days"
        MailClass.OFFER,
        MailClass.OFFER_DEADLINE,
        MailClass.STATUS_UPDATE,
        MailClass.INTERVIEW_INVITATION,
        MailClass.HIRING_MANAGER_CHAT,
    }
)


@dataclass
class TriageReport:
    """What triage did with the new messages of one import or sync."""

    counts: dict[TriageState, int] = field(default_factory=dict)
    acted: list[IngestedMessage] = field(default_factory=list)
    # What sent each message to the review queue: the class, the match, the pipeline, its age.
    waiting_because: dict[DecidedBy, int] = field(default_factory=dict)
    failed: list[IngestedMessage] = field(default_factory=list)  # read, but triage failed

    def count(self, state: TriageState) -> int:
        """How many messages ended in `state`."""
        return self.counts.get(state, 0)


@dataclass(frozen=True)
class Verdict:
    """One message's triage without any change made: for `afterword classify` and tests."""

    classification: Classification
    dates: ExtractedDates
    application_id: int | None
    method: MatchMethod | None
    match_why: str
    candidates: tuple[int, ...]
    decision: Decision


@dataclass(frozen=True)
class Judged:
    """One message of a file as `afterword classify` shows it: its verdict, or why it has none."""

    location: str
    message: InboxMessage | None  # None when it could not be read at all
    verdict: Verdict | None
    error: str | None  # why it could not be read or judged


def _automated(address: str | None) -> bool:
    return is_ats_domain(domain_of(address)) or bool(address and _NO_REPLY.search(address))


def date_values(dates: ExtractedDates) -> dict[str, str]:
    """The dates found, as ISO strings by kind (how the ledger keeps them)."""
    values = {
        "deadline": dates.deadline_at or dates.deadline,
        "decision_by": dates.decision_by,
        "decision_within": dates.decision_within,
        "interview_at": dates.interview_at,
    }
    return {
        key: (value.isoformat() if isinstance(value, dt.date) else str(value))
        for key, value in values.items()
        if value is not None
    }


class Triage:
    """Triages the new messages of an import or a sync, in batches, as they are recorded."""

    def __init__(
        self,
        *,
        session: Session,
        user_id: int,
        local: LocalContext,
        now: dt.datetime,
        classifier: Classifier | None = None,
        own: Iterable[str] = (),
        budget: float | None = None,
    ) -> None:
        self.session = session
        self.budget = budget  # seconds triaging one message may take
        self.user_id = user_id
        # The user's zone, business calendar and date order: every date triage reads or
        # counts goes through it (localtime), as the playbook's do.
        self.local = local
        self.now = now
        self.classifier = classifier or classifier_for(session, user_id)
        self.index = build_index(session, user_id, own_addresses(session, user_id, own))
        self.report = TriageReport()
        self.read_all_dates = False  # `afterword classify` shows them for every message
        # Message-IDs whose headers marked them as bulk mail (filled by the BulkFilter).
        self.bulk_ids: set[str] = set()
        self._pending: list[tuple[IngestedMessage, InboxMessage, RawMessage]] = []

    # Used as ingest's on_new hook.
    def __call__(self, row: IngestedMessage, message: InboxMessage, source: RawMessage) -> None:
        self._pending.append((row, message, source))
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Triages the messages waiting, oldest first, so later news builds on earlier news.

        Each message is triaged on its own: one that fails (or runs over its budget) is
        recorded as failed, with the reason and its bytes, and changes nothing.
        """
        pending = sorted(
            self._pending, key=lambda p: p[1].sent_at or dt.datetime.max.replace(tzinfo=dt.UTC)
        )
        self._pending = []
        if not pending:
            return
        for (row, message, source), classification in zip(
            pending, self.classify_each([message for _, message, _ in pending]), strict=True
        ):
            if isinstance(classification, Exception):
                self._fail(row, source, classification)
                continue
            try:
                with within_budget(self.budget):
                    self._triage(row, message, classification)
            except Exception as error:  # noqa: BLE001 - one message must never stop the rest
                self._fail(row, source, error)
        self.session.flush()

    def classify_each(self, messages: list[InboxMessage]) -> list[Classification | Exception]:
        """The classes of a batch at once; one by one when the batch fails, to find the culprit."""
        try:
            return list(
                self.classifier.classify_many(
                    [(m.subject, sender_of(m), m.latest) for m in messages]
                )
            )
        except Exception:  # noqa: BLE001
            results: list[Classification | Exception] = []
            for message in messages:
                try:
                    results.extend(
                        self.classifier.classify_many(
                            [(message.subject, sender_of(message), message.latest)]
                        )
                    )
                except Exception as error:  # noqa: BLE001
                    results.append(error)
            return results

    def _fail(self, row: IngestedMessage, source: RawMessage, error: BaseException) -> None:
        """Records that triage failed on a message: nothing else about it is kept."""
        for name in (
            "triage", "label", "confidence", "reasons", "dates", "application_id",
            "match_method", "candidates", "effect", "text", "why", "decided_at",
        ):  # fmt: skip
            setattr(row, name, None)
        row.status = IngestStatus.ERROR
        row.error = failure_reason(error)
        row.raw = kept_raw(source.raw)
        self.report.failed.append(row)

    def _local_day(self, message: InboxMessage) -> dt.date:
        when = message.sent_at or self.now
        return self.local.date_of(when)

    def judge(self, message: InboxMessage, classification: Classification) -> Verdict:
        """Classification, dates, match and decision for one message, changing nothing."""
        label = classification.label
        dates = ExtractedDates()
        if label is MailClass.NOT_JOB:
            decision = decide(
                label=label, confident=True, match=NO_MATCH, application=None,
                automated_sender=False,
            )  # fmt: skip
            return Verdict(classification, dates, None, None, "", (), decision)
        match = match_message(
            self.index,
            from_address=message.from_address,
            in_reply_to=message.in_reply_to,
            references=message.references,
            subject=message.subject,
            text=message.latest,
            sent_at=message.sent_at,
            from_name=message.from_name,
        )
        application = (
            self.session.get(Application, match.application_id) if match.application_id else None
        )
        # Reading dates is the slowest step of triage (dateparser), and they matter only for a
        # change to an application: mail matched to none has its dates read if the user
        # resolves it (see resolve).
        if label in DATED and (self.read_all_dates or match.application_id or match.candidates):
            dates = extract_dates(message.latest, message.sent_at or self.now, self.local)
        decision = decide(
            label=label,
            confident=act_automatically(classification),
            match=match,
            application=application_state(application) if application else None,
            automated_sender=_automated(message.from_address),
            deadline=dates.deadline,
            decision_by=decision_day(dates, self._local_day(message), self.local.calendar),
            sent_at=message.sent_at,
            bulk=self.is_bulk(message),
            proposed=(
                proposed_application(message.subject, message.from_name, message.from_address)
                if match.application_id is None
                else None
            ),
        )
        return Verdict(
            classification,
            dates,
            match.application_id,
            match.method,
            match.why,
            match.candidates,
            decision,
        )

    def judge_all(self, sources: Iterable[RawMessage]) -> Iterator[Judged]:
        """Judges every message of a file or folder, changing nothing (`afterword classify`).

        Read and judged in batches, like an import, but each message on its own within its
        budget: one that cannot be read or judged is reported and the others carry on.
        Yields as each batch is judged, so a long file shows its first verdicts at once.
        """
        from afterword.inbox.parse import parse_message

        batch: list[tuple[str, InboxMessage]] = []
        for source in sources:
            try:
                with within_budget(self.budget):
                    batch.append((source.location, parse_message(source.raw)))
            except Exception as error:  # noqa: BLE001 - the stdlib parser can crash on hostile mail
                yield Judged(source.location, None, None, failure_reason(error))
            if len(batch) >= JUDGE_BATCH:
                yield from self._judge_batch(batch)
                batch = []
        if batch:
            yield from self._judge_batch(batch)

    def _judge_batch(self, batch: list[tuple[str, InboxMessage]]) -> Iterator[Judged]:
        classified = self.classify_each([message for _, message in batch])
        for (location, message), classification in zip(batch, classified, strict=True):
            try:
                if isinstance(classification, Exception):
                    raise classification
                with within_budget(self.budget):
                    verdict = self.judge(message, classification)
            except Exception as error:  # noqa: BLE001 - reported like an unreadable message
                yield Judged(location, message, None, failure_reason(error))
                continue
            yield Judged(location, message, verdict, None)

    def is_bulk(self, message: InboxMessage) -> bool:
        """Mass mail: its headers said so (see BulkFilter), or its footer does."""
        if message.message_id and message.message_id in self.bulk_ids:
            return True
        return _BULK_FOOTER.search(message.body[-BULK_FOOTER_CHARS:]) is not None

    def _triage(
        self, row: IngestedMessage, message: InboxMessage, classification: Classification
    ) -> None:
        verdict = self.judge(message, classification)
        decision = verdict.decision
        row.label = classification.label
        row.confidence = round(classification.confidence, 4)
        row.reasons = list(classification.reasons)
        row.dates = date_values(verdict.dates) or None
        row.application_id = verdict.application_id
        row.candidates = list(verdict.candidates) or None
        bulk = classification.label is MailClass.NOT_JOB and classification.confidence >= 0.999
        row.text = None if bulk else message.latest[:KEPT_TEXT_CHARS]
        row.why = decision.why
        row.status = IngestStatus.SKIPPED if decision.state is TriageState.IGNORED else row.status
        row.match_method = verdict.method
        row.effect = decision.effect.description if decision.effect else None
        if decision.state is TriageState.ACTED and decision.effect is not None:
            application = self.session.get(Application, verdict.application_id)
            assert application is not None
            # A savepoint: a change that fails halfway leaves nothing behind (see flush).
            with self.session.begin_nested():
                apply_effect(
                    session=self.session,
                    application=application,
                    effect=decision.effect,
                    row=row,
                    local_day=self._local_day(message),
                    now=self.now,
                )
            self.report.acted.append(row)
            self._refresh(application)
        row.triage = decision.state
        row.decided_at = self.now if decision.state is not TriageState.REVIEW else None
        self.report.counts[decision.state] = self.report.counts.get(decision.state, 0) + 1
        if decision.state is TriageState.REVIEW and decision.decided_by is not None:
            waiting = self.report.waiting_because
            waiting[decision.decided_by] = waiting.get(decision.decided_by, 0) + 1

    def _refresh(self, application: Application) -> None:
        known = self.index.applications.get(application.id)
        if known is not None:
            self.index.applications[application.id] = replace(known, status=application.status)


def sender_of(message: InboxMessage) -> str:
    """The From header as the classifier reads it: 'Name <address>'."""
    if message.from_name and message.from_address:
        return f"{message.from_name} <{message.from_address}>"
    return message.from_address or message.from_name or ""


def stored_dates(row: IngestedMessage) -> ExtractedDates:
    """The dates the ledger kept (see date_values), read back as triage found them."""
    kept = row.dates or {}

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(kept[key][:10]) if key in kept else None

    # Kept as localtime's Span text ("5 business days"); older rows may say "working days".
    within = Span.read(kept["decision_within"]) if "decision_within" in kept else None
    return ExtractedDates(
        deadline=day("deadline"), decision_by=day("decision_by"), decision_within=within
    )
