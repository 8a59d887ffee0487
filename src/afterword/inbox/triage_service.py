"""Triage of received mail: classify, match, act or queue for review, and learn from corrections.

The I/O around the pure parts (classify.py, matching.py, extract.py, triage.py).
`Triage` is fed the ledger's new messages during an import or a sync and works
through them in batches (the classifier is many times faster on a batch). Every
change to an application is made through the pipeline's own services, so the
history records the email as the cause; the workspace then re-plans.
Services flush; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.errors import InvalidInputError, NotFoundError, TransitionError
from afterword.inbox.budget import within_budget
from afterword.inbox.bulk import BulkFilter
from afterword.inbox.classify import Classification, Classifier, Example, act_automatically
from afterword.inbox.extract import ExtractedDates, Span, extract_dates
from afterword.inbox.labels import MailClass
from afterword.inbox.matching import (
    NO_MATCH,
    KnownApplication,
    MatchIndex,
    MatchMethod,
    company_domains,
    domain_of,
    is_ats_domain,
    match_message,
)
from afterword.inbox.message import InboxMessage, RawMessage
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.new_application import proposed_application
from afterword.inbox.service import (
    IngestReport,
    failure_reason,
    ingest,
    kept_raw,
    retry_failed,
)
from afterword.inbox.triage import (
    ApplicationState,
    DecidedBy,
    Decision,
    Effect,
    EffectKind,
    NoChange,
    TriageState,
    decide,
    decision_day,
    plan_effect,
    proposal_of,
)
from afterword.localtime import LocalContext, business_calendar
from afterword.mail.models import SentMessage
from afterword.offers.service import record_news
from afterword.pipeline.models import Application
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import FeedbackFields, OutcomeFields
from afterword.settings.mail import MailAccount

# Messages classified together; the classifier's cost per message falls steeply with batch size.
BATCH = 500
# Called after each batch of a long import with whether the batch changed the pipeline: saves
# the work so far, re-planning first when it did (Workspace.save_batch).
SaveBatch = Callable[[bool], None]
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
_DATED = frozenset(
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


# -- what afterword knows about the user's applications ------------------------------------


def _known(application: Application) -> KnownApplication:
    addresses = frozenset(c.email.lower() for c in application.contacts if c.email)
    return KnownApplication(
        id=application.id,
        company=application.company,
        role=application.role,
        status=application.status,
        applied_on=application.applied_on,
        contact_addresses=addresses,
        domains=company_domains(application.link, addresses),
    )


def own_addresses(session: Session, user_id: int, extra: Iterable[str | None] = ()) -> set[str]:
    """The user's own addresses: mail from them is something they sent, not news."""
    from afterword.profile.models import User

    user = session.get(User, user_id)
    found = {user.email} if user is not None and user.email else set()
    return {a.lower() for a in (*found, *extra) if a and "@" in a}


def account_addresses(account: MailAccount | None) -> list[str]:
    """The user's own addresses from their [mail] settings (added to own_addresses)."""
    if account is None:
        return []
    return [a for a in (account.address, account.imap_username, account.smtp_username) if a]


def build_index(session: Session, user_id: int, own: Iterable[str] = ()) -> MatchIndex:
    """Indexes the user's applications, contacts and sent emails for matching."""
    applications = session.scalars(
        sa.select(Application)
        .where(Application.user_id == user_id)
        .options(selectinload(Application.contacts))
    ).all()
    sent = session.execute(
        sa.select(SentMessage.message_id, SentMessage.application_id).where(
            SentMessage.user_id == user_id,
            SentMessage.message_id.is_not(None),
            SentMessage.application_id.is_not(None),
        )
    ).all()
    return MatchIndex.build(
        (_known(a) for a in applications),
        sent_message_ids={m: a for m, a in sent if m is not None and a is not None},
        own_addresses=own,
    )


def application_names(session: Session, user_id: int) -> dict[int, str]:
    """Every application's id and 'Company — Role', for showing what a message is about."""
    rows = session.execute(
        sa.select(Application.id, Application.company, Application.role)
        .where(Application.user_id == user_id)
        .order_by(Application.updated_at.desc())
    ).all()
    return {id_: f"{company} — {role}" for id_, company, role in rows}


def application_state(application: Application) -> ApplicationState:
    """The facts about an application that triage decides on."""
    from afterword.offers.service import pending_offer

    offer = pending_offer(application)
    return ApplicationState(
        id=application.id,
        status=application.status,
        has_open_offer=offer is not None,
        offer_deadline=(offer.extended_deadline or offer.deadline) if offer else None,
        has_interview=bool(application.interviews),
        last_change_at=max((change.at for change in application.history), default=None),
    )


# -- classifying with what the user has taught -------------------------------------------------


def corrections(session: Session, user_id: int) -> list[Example]:
    """The user's own labels on messages whose text was kept: training examples for them."""
    rows = session.execute(
        sa.select(
            IngestedMessage.subject,
            IngestedMessage.from_address,
            IngestedMessage.text,
            IngestedMessage.user_label,
        ).where(
            IngestedMessage.user_id == user_id,
            IngestedMessage.user_label.is_not(None),
            IngestedMessage.text.is_not(None),
        )
    ).all()
    return [
        Example(s or "", f or "", t or "", label) for s, f, t, label in rows if label is not None
    ]


def classifier_for(session: Session, user_id: int) -> Classifier:
    """The packaged classifier, retrained with the user's corrections when there are any."""
    from afterword.inbox.classifier_store import default_classifier, personal_classifier
    from afterword.profile.models import User

    taught = corrections(session, user_id)
    if not taught:
        return default_classifier()
    user = session.get(User, user_id)
    return personal_classifier(taught, owner=user.uid if user else str(user_id))


# -- triage ------------------------------------------------------------------------------------


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
        timezone: str,
        country: str,
        now: dt.datetime,
        classifier: Classifier | None = None,
        own: Iterable[str] = (),
        budget: float | None = None,
    ) -> None:
        self.session = session
        self.budget = budget  # seconds triaging one message may take
        self.user_id = user_id
        self.zone = ZoneInfo(timezone)
        self.calendar = business_calendar(country)
        # How the user writes numeric dates comes from their country, not their time zone.
        self.date_order = LocalContext(timezone, country).date_order
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
        return when.astimezone(self.zone).date()

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
        if label in _DATED and (self.read_all_dates or match.application_id or match.candidates):
            dates = extract_dates(
                message.latest,
                message.sent_at or self.now,
                self.zone,
                add_business_days=self.calendar.add,
                date_order=self.date_order,
            )
        decision = decide(
            label=label,
            confident=act_automatically(classification),
            match=match,
            application=application_state(application) if application else None,
            automated_sender=_automated(message.from_address),
            deadline=dates.deadline,
            decision_by=decision_day(dates, self._local_day(message), self.calendar.add),
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


# -- changing the pipeline -----------------------------------------------------------------------


def _cause(row: IngestedMessage) -> str:
    sender = row.from_address or "an unknown sender"
    subject = row.subject or "(no subject)"
    return f"from the email “{subject[:120]}” ({sender})"


def apply_effect(
    *,
    session: Session,
    application: Application,
    effect: Effect,
    row: IngestedMessage,
    local_day: dt.date,
    now: dt.datetime,
) -> None:
    """Makes one change through the pipeline's services, with the email as its cause."""
    from afterword.offers.service import pending_offer, update_offer

    user_id = application.user_id
    if effect.kind is EffectKind.OUTCOME:
        assert effect.outcome is not None
        record_news(
            session=session,
            user_id=user_id,
            application_id=application.id,
            fields=OutcomeFields(kind=effect.outcome, occurred_on=local_day, note=_cause(row)),
            now=now,
        )
        offer = pending_offer(application)
        if effect.day is not None and offer is not None:
            offer.deadline = effect.day
    elif effect.kind is EffectKind.OFFER_DEADLINE:
        offer = pending_offer(application)
        if offer is None:
            raise TransitionError("no open offer is recorded for this application")
        field_name = "extended_deadline" if effect.extends else "deadline"
        update_offer(
            session=session,
            user_id=user_id,
            offer_id=offer.id,
            changes={field_name: effect.day},
            now=now,
        )
    elif effect.kind is EffectKind.DECISION_DATE:
        latest = max(application.interviews, key=lambda i: i.round)
        latest.decision_by = effect.day
        latest.decision_within = None
        latest.decision_within_unit = None
        application.updated_at = now
    elif effect.kind is EffectKind.FEEDBACK:
        text = (row.text or row.subject or "").strip() or "(the email had no text)"
        add_feedback(
            session=session,
            user_id=user_id,
            application_id=application.id,
            fields=FeedbackFields(received_on=local_day, text=text),
            now=now,
        )
    session.flush()


# -- importing ----------------------------------------------------------------------------------


@dataclass
class TriageRun:
    """What an import and a sync share: the Triage hook, the bulk-mail header filter, and the
    user's applications held for the whole run (see start_triage)."""

    triage: Triage
    skip: BulkFilter | None
    applications: list[Application]


def start_triage(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    now: dt.datetime,
    own: Iterable[str] = (),
    bulk_filter: bool = True,
    budget: float | None = None,
) -> TriageRun:
    """Sets up triage for an import or a sync: one path, so both skip the same bulk mail.

    `budget` is the seconds triaging one message may take.
    """
    triage = Triage(
        session=session,
        user_id=user_id,
        timezone=timezone,
        country=country,
        now=now,
        own=own,
        budget=budget,
    )
    # Held for the whole run, with what triage reads of them: the session keeps only weak
    # references, so otherwise each message about an application would load it again.
    applications = list(
        session.scalars(
            sa.select(Application)
            .where(Application.user_id == user_id)
            .options(selectinload(Application.offers), selectinload(Application.interviews))
        ).all()
    )
    skip = BulkFilter(triage.index, triage.bulk_ids) if bulk_filter else None
    return TriageRun(triage, skip, applications)


def import_messages(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    source_messages: Iterable[RawMessage],
    now: dt.datetime,
    own: Iterable[str] = (),
    bulk_filter: bool = True,
    save: SaveBatch | None = None,
    budget: float | None = None,
) -> tuple[IngestReport, TriageReport]:
    """Records each new message once and triages it; re-importing adds and changes nothing
    (except that messages which failed before are tried again).

    Bulk mail whose headers tie it to nothing in the job search is recorded as not about a
    job without its body being read (see bulk.py); `bulk_filter=False` reads everything.
    With `save`, the work is saved every few hundred messages; `budget` is the seconds that
    reading, and then triaging, one message may take.
    """
    ready_to_triage(session, save)
    run = start_triage(
        session=session,
        user_id=user_id,
        timezone=timezone,
        country=country,
        now=now,
        own=own,
        bulk_filter=bulk_filter,
        budget=budget,
    )
    if save is not None:
        save(False)  # read what triage needs; the long reading of mail then holds no lock
    report = ingest(
        session=session,
        user_id=user_id,
        source_messages=source_messages,
        now=now,
        on_new=run.triage,
        skip=run.skip,
        on_batch=None if save is None else batch_saver(run.triage, save),
        budget=budget,
    )
    count_skipped(run.triage.report, report)
    return report, run.triage.report


def ready_to_triage(session: Session, save: SaveBatch | None) -> None:
    """Before a long import: saves (so the database is not held while afterword gets ready)
    and loads the packaged classifier, which the first run trains (about half a minute)."""
    from afterword.inbox.classifier_store import default_classifier

    if save is not None:
        save(False)
    default_classifier()


def batch_saver(triage: Triage, save: SaveBatch) -> Callable[[], None]:
    """The ledger's on_batch hook: saves, saying whether triage changed the pipeline since."""
    acted = len(triage.report.acted)

    def saved() -> None:
        nonlocal acted
        changed = len(triage.report.acted) > acted
        acted = len(triage.report.acted)
        save(changed)

    return saved


def retry_messages(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    now: dt.datetime,
    own: Iterable[str] = (),
    ids: Sequence[int] | None = None,
    budget: float | None = None,
) -> tuple[IngestReport, TriageReport]:
    """Reads and triages again the messages that failed (all, or those in `ids`)."""
    ready_to_triage(session, None)
    triage = Triage(
        session=session,
        user_id=user_id,
        timezone=timezone,
        country=country,
        now=now,
        own=own,
        budget=budget,
    )
    report = retry_failed(
        session=session, user_id=user_id, now=now, on_new=triage, ids=ids, budget=budget
    )
    return report, triage.report


# -- the review queue ---------------------------------------------------------------------------


def get_message(*, session: Session, user_id: int, message_id: int) -> IngestedMessage:
    """One received message of the user's, by id."""
    row = session.get(IngestedMessage, message_id)
    if row is None or row.user_id != user_id:
        raise NotFoundError(f"no received message with id {message_id}")
    return row


def review_queue(
    *, session: Session, user_id: int, limit: int | None = None
) -> list[IngestedMessage]:
    """The messages waiting for the user, oldest first (news is applied in order)."""
    query = (
        sa.select(IngestedMessage)
        .where(IngestedMessage.user_id == user_id, IngestedMessage.triage == TriageState.REVIEW)
        .order_by(IngestedMessage.sent_at.is_(None), IngestedMessage.sent_at, IngestedMessage.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def recent_messages(
    *,
    session: Session,
    user_id: int,
    states: Iterable[TriageState],
    limit: int = 50,
    failed: bool = False,
) -> list[IngestedMessage]:
    """The newest triaged messages in the given states (with `failed`, those that could not be
    read or triaged too)."""
    wanted: sa.ColumnElement[bool] = IngestedMessage.triage.in_(list(states))
    if failed:
        wanted = sa.or_(wanted, IngestedMessage.status == IngestStatus.ERROR)
    return list(
        session.scalars(
            sa.select(IngestedMessage)
            .where(IngestedMessage.user_id == user_id, wanted)
            .order_by(IngestedMessage.sent_at.desc().nulls_last(), IngestedMessage.id.desc())
            .limit(limit)
        )
    )


def triage_counts(*, session: Session, user_id: int) -> dict[TriageState, int]:
    """How many messages are in each triage state."""
    rows = session.execute(
        sa.select(IngestedMessage.triage, sa.func.count())
        .where(IngestedMessage.user_id == user_id, IngestedMessage.triage.is_not(None))
        .group_by(IngestedMessage.triage)
    ).all()
    return {state: count for state, count in rows if state is not None}


def resolve(
    *,
    session: Session,
    user_id: int,
    message_id: int,
    now: dt.datetime,
    timezone: str,
    country: str,
    label: MailClass | None = None,
    application_id: int | None = None,
    confirm: bool = False,
) -> IngestedMessage:
    """The user's word on a message: confirm afterword's reading, or correct the class or the
    application; the change it implies is then made (confirming a proposed application adds
    it). A correction the pipeline cannot take raises, changing nothing; a confirmation it
    cannot take settles the message with the reason, so the queue never gets stuck.
    """
    row = get_message(session=session, user_id=user_id, message_id=message_id)
    if row.triage is TriageState.ACTED:
        raise TransitionError(
            "afterword already applied this email; change the application itself to undo it"
        )
    if row.triage is TriageState.RESOLVED:
        # Applying a second answer could record the same interview or feedback twice.
        raise TransitionError("you already decided on this email; change the application itself")
    if row.status is IngestStatus.ERROR:
        raise InvalidInputError("this message could not be read, so there is nothing to decide")
    chosen = label or row.label
    if chosen is None:
        raise InvalidInputError("say what the email is (e.g. rejection, offer, not_job)")
    # Pressing y (or naming nothing): the user takes afterword's reading as it stands.
    confirming = (confirm or (label is None and application_id is None)) and chosen is row.label
    row.user_label = chosen
    row.decided_at = now
    if chosen is MailClass.NOT_JOB:
        row.triage, row.effect, row.why = TriageState.IGNORED, None, "you said: not about a job"
        row.status = IngestStatus.SKIPPED
        session.flush()
        return row
    target = application_id or row.application_id
    zone = ZoneInfo(timezone)
    local_day = (row.sent_at or now).astimezone(zone).date()
    proposed = proposal_of(row.effect) if confirming else None
    if target is None and proposed is not None:
        application = _add_proposed(session, user_id, row, proposed, local_day, now)
        target = application.id
    if target is None:
        if chosen in (MailClass.RECRUITER_OUTREACH, MailClass.APPLICATION_RECEIVED):
            row.triage, row.effect, row.why = (
                TriageState.RESOLVED,
                None,
                f"you said: {chosen.label}",
            )
            session.flush()
            return row
        raise InvalidInputError("choose the application this email is about")
    found_application = session.get(Application, target)
    if found_application is None or found_application.user_id != user_id:
        raise NotFoundError(f"no application with id {target}")
    application = found_application
    calendar = business_calendar(country)
    if row.dates is None and row.text and chosen in _DATED:
        found = extract_dates(
            row.text,
            row.sent_at or now,
            zone,
            add_business_days=calendar.add,
            date_order=LocalContext(timezone, country).date_order,
        )
        row.dates = date_values(found) or None
    dates = _stored_dates(row)
    effect: Effect | None = None
    try:
        planned = plan_effect(
            chosen,
            application_state(application),
            deadline=dates.deadline,
            decision_by=decision_day(dates, local_day, calendar.add),
        )
    except NoChange as nothing:
        why = f"nothing to change: {nothing.why}"
    except TransitionError as refused:
        if not confirming:
            raise  # a correction the pipeline refuses: the user can try another answer
        # Confirming what cannot be applied settles the message, with the reason: otherwise
        # it would wait in the queue for ever.
        why = f"not applied: {refused}; nothing was changed"
    else:
        effect = planned
        apply_effect(
            session=session,
            application=application,
            effect=planned,
            row=row,
            local_day=local_day,
            now=now,
        )
        why = "you confirmed it" if chosen is row.label else f"you said: {chosen.label}"
    if proposed is not None:
        why = "you added the application" + (f"; {why}" if effect is not None else "")
    row.application_id = application.id
    row.candidates = None
    _decided(row, chosen, now, TriageState.RESOLVED, why, effect)
    return row


def _add_proposed(
    session: Session,
    user_id: int,
    row: IngestedMessage,
    proposed: tuple[str, str],
    local_day: dt.date,
    now: dt.datetime,
) -> Application:
    """Adds the application an acknowledgement or invitation proposed, the email as its cause."""
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields

    company, role = proposed
    application = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company=company, role=role, applied_on=local_day),
        now=now,
        cause=f"added {_cause(row)}",
    )
    session.flush()
    return application


def _decided(
    row: IngestedMessage,
    label: MailClass,
    now: dt.datetime,
    state: TriageState,
    why: str,
    effect: Effect | None = None,
) -> None:
    """Records the user's word on a message (their label is what afterword learns from)."""
    row.user_label = label
    row.decided_at = now
    row.triage = state
    row.why = why
    row.effect = effect.description if effect else None


def _stored_dates(row: IngestedMessage) -> ExtractedDates:
    """The dates the ledger kept (see date_values), read back as triage found them."""
    kept = row.dates or {}

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(kept[key][:10]) if key in kept else None

    within = None
    if "decision_within" in kept:
        count, _, unit = kept["decision_within"].partition(" ")
        within = Span(int(count), unit)
    return ExtractedDates(
        deadline=day("deadline"), decision_by=day("decision_by"), decision_within=within
    )


# -- bulk mail settled from its headers -----------------------------------------------------------


def count_skipped(triage: TriageReport, ingest: IngestReport) -> None:
    """Counts the messages settled from their headers alone as ignored (not about a job)."""
    if ingest.skipped:
        triage.counts[TriageState.IGNORED] = triage.count(TriageState.IGNORED) + ingest.skipped
