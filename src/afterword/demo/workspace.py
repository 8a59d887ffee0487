"""A sample job search that shows a newcomer every corner of afterword, and removing it again.

The demo is one person's search -- a data engineer with about five years behind
them, looking for a hybrid or remote role in the UK -- told through the same
services a real user goes through, so the history, the timelines and the offer
read exactly like real use. Every date is relative to `today`, counted in
business days so that interviews and news fall on weekdays; the demo therefore
always looks current. Its mailbox (mailbox.py) is imported through inbox triage like
a user's own mail export. All companies, people and addresses are invented.

Demo rows need no extra column: each one gets a deterministic uid,
uuid5(DEMO_NAMESPACE, stable key), so they can be recognised, skipped on a
second load and removed without touching anything the user wrote.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.db.base import OwnedMixin
from afterword.demo import mailbox
from afterword.demo.reflection_loop import MODELS as LOOP_MODELS
from afterword.demo.reflection_loop import UIDS as LOOP_UIDS
from afterword.demo.reflection_loop import clear_loop, load_loop
from afterword.demo.story import APPLICATIONS, JOURNAL, MOODS, Story
from afterword.inbox.message import SourceKind
from afterword.inbox.models import IngestedMessage
from afterword.localtime import LocalContext
from afterword.pipeline.models import (
    Application,
)
from afterword.playbook.service import replan, settle_done_before
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import add_journal_entry, add_mood
from afterword.settings.playbook import PlaybookTimings

DEMO_NAMESPACE = uuid.UUID("4d73cb16-4bf9-43de-899c-be4d0e1e880b")


def demo_uid(key: str) -> str:
    """Returns the uid of the demo row with this stable key."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


# ---------------------------------------------------------------------------
# Public interface (used by `afterword demo` and the overview)
# ---------------------------------------------------------------------------


def load_demo(*, session: Session, user_id: int, today: dt.date, now: dt.datetime) -> int:
    """Adds the sample job search (skipping what is already there); returns the demo's size."""
    story = Story(
        session=session, user_id=user_id, today=today, now=now, local=_user_local(session, user_id)
    )
    present = _existing_uids(session, user_id, Application, _APPLICATION_UIDS)
    built: dict[str, Application] = {}
    for key, build in APPLICATIONS:
        # Per-row idempotence: loading twice adds nothing, and a demo application the
        # user deleted comes back without colliding with the others' uids.
        if demo_uid(f"application/{key}") in present:
            continue
        built[key] = build(story)
        _stamp(built[key], key)
    session.flush()
    ids = _application_ids(session, user_id)
    present_notes = _existing_uids(session, user_id, JournalEntry, _JOURNAL_UIDS)
    for note in JOURNAL:
        if demo_uid(f"journal/{note.key}") in present_notes:
            continue
        entry = add_journal_entry(
            session=session,
            user_id=user_id,
            fields=JournalFields(text=note.text),
            now=story.at(note.day, note.hour, note.minute),
            application_id=ids.get(note.about) if note.about else None,
        )
        entry.uid = demo_uid(f"journal/{note.key}")
    present_moods = _existing_uids(session, user_id, MoodCheckin, _MOOD_UIDS)
    for mood in MOODS:
        if demo_uid(f"mood/{mood.key}") in present_moods:
            continue
        checkin = add_mood(
            session=session,
            user_id=user_id,
            fields=MoodFields(mood=mood.mood, note=mood.note),
            now=story.at(mood.day, mood.hour, mood.minute),
            application_id=ids.get(mood.about) if mood.about else None,
        )
        checkin.uid = demo_uid(f"mood/{mood.key}")
    session.flush()
    load_loop(session=session, user_id=user_id, story=story, ids=ids)
    _receive_mail(session=session, user_id=user_id, story=story, now=now)
    # Whatever triage recorded from the mail (an outcome, feedback) is demo data too.
    for key, application in built.items():
        _stamp(application, key)
    _settle_the_past(session=session, user_id=user_id, today=today, now=now)
    return len(_application_ids(session, user_id))


def _receive_mail(*, session: Session, user_id: int, story: Story, now: dt.datetime) -> None:
    """Imports the demo's mailbox through inbox triage, as a user's own export would be.

    Triage files, acts on or queues each email against the applications just written; the
    ledger recognises the Message-IDs already there, so a second load adds nothing.
    """
    from afterword.inbox.runs import import_messages

    user = session.get(User, user_id)
    if user is None:
        return
    import_messages(
        session=session,
        user_id=user_id,
        timezone=story.zone.key,
        country=user.country,
        source_messages=mailbox.raw_messages(story),
        now=now,
    )
    rows = session.scalars(
        sa.select(IngestedMessage).where(
            IngestedMessage.user_id == user_id,
            IngestedMessage.source == SourceKind.EML,
            IngestedMessage.location.in_(list(_MAIL_KEYS)),
        )
    )
    for row in rows:
        row.uid = demo_uid(f"inbox/{_MAIL_KEYS[row.location]}")
    session.flush()


# What the demo person already did: everything the playbook asked of them up to a couple of
# days ago. A newcomer then sees a realistic agenda -- a few recent items and what comes
# next -- rather than weeks of "overdue" thank-yous the story's person obviously sent.
_RECENT_DAYS = 2


def _settle_the_past(*, session: Session, user_id: int, today: dt.date, now: dt.datetime) -> None:
    user = session.get(User, user_id)
    if user is None:
        return
    replan(session=session, user=user, today=today, now=now, timings=PlaybookTimings())
    horizon = today - dt.timedelta(days=_RECENT_DAYS)
    settle_done_before(session=session, user_id=user_id, before=horizon, now=now)


def clear_demo(*, session: Session, user_id: int) -> int:
    """Deletes the demo's applications (with everything in them), journal entries, moods and
    received emails."""
    clear_loop(session=session, user_id=user_id)
    for model, uids in (
        (JournalEntry, _JOURNAL_UIDS),
        (MoodCheckin, _MOOD_UIDS),
        (IngestedMessage, _MAIL_UIDS),
    ):
        session.execute(sa.delete(model).where(model.user_id == user_id, model.uid.in_(uids)))
    applications = session.scalars(
        sa.select(Application).where(
            Application.user_id == user_id, Application.uid.in_(_APPLICATION_UIDS)
        )
    ).all()
    # Through the ORM, so the cascades to interviews, contacts, offers, ... run as in
    # delete_application; the user's own journal entries about a demo application
    # survive, unlinked (the foreign key sets them to NULL).
    for application in applications:
        session.delete(application)
    session.flush()
    return len(applications)


def has_user_data(*, session: Session, user_id: int) -> bool:
    """Tells whether the account holds any application, journal entry, mood or received email of
    the user's own."""
    for model, uids in _DEMO_ROWS:
        own = sa.select(model.id).where(model.user_id == user_id, model.uid.not_in(uids)).limit(1)
        if session.scalar(own) is not None:
            return True
    return False


def is_demo_loaded(*, session: Session, user_id: int) -> bool:
    """Tells whether any demo row (application, journal entry, mood or email) is in the account."""
    # One statement for every table (Today asks on each build): each part is a lookup in the
    # table's (user, uid) index.
    return bool(session.scalar(_demo_present(), {"demo_user": user_id}))


@functools.cache
def _demo_present() -> sa.Select[tuple[bool]]:
    user = sa.bindparam("demo_user", type_=sa.Integer)
    return sa.select(
        sa.or_(
            *(
                sa.exists().where(model.user_id == user, model.uid.in_(sorted(uids)))
                for model, uids in _DEMO_ROWS
            )
        )
    )


# ---------------------------------------------------------------------------
# Plumbing: uids, the user's zone, relative dates
# ---------------------------------------------------------------------------


def _existing_uids(
    session: Session,
    user_id: int,
    model: type[Application | JournalEntry | MoodCheckin],
    uids: frozenset[str],
) -> set[str]:
    query = sa.select(model.uid).where(model.user_id == user_id, model.uid.in_(uids))
    return set(session.scalars(query))


def _application_ids(session: Session, user_id: int) -> dict[str, int]:
    """Maps each demo application key to its id, for the applications present."""
    by_uid = {demo_uid(f"application/{key}"): key for key, _build in APPLICATIONS}
    rows = session.execute(
        sa.select(Application.uid, Application.id).where(
            Application.user_id == user_id, Application.uid.in_(_APPLICATION_UIDS)
        )
    )
    return {by_uid[uid]: application_id for uid, application_id in rows}


def _stamp(application: Application, key: str) -> None:
    """Gives the application and every row the services created under it a demo uid."""
    prefix = f"application/{key}"
    application.uid = demo_uid(prefix)
    children: dict[str, Sequence[OwnedMixin]] = {
        "history": application.history,
        "contact": application.contacts,
        "interview": application.interviews,
        "outcome": application.outcomes,
        "feedback": application.feedback,
        "offer": application.offers,
    }
    # Positions are stable because the story always creates the rows in the same order.
    for kind, rows in children.items():
        for index, row in enumerate(rows):
            row.uid = demo_uid(f"{prefix}/{kind}/{index}")
    for interview_index, interview in enumerate(application.interviews):
        for index, question in enumerate(interview.questions):
            question.uid = demo_uid(f"{prefix}/interview/{interview_index}/question/{index}")


def _user_local(session: Session, user_id: int) -> LocalContext:
    user = session.get(User, user_id)
    if user is None:
        return LocalContext("UTC", "GB")
    try:
        localtime.zone(user.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return LocalContext("UTC", user.country)
    return LocalContext(user.timezone, user.country)


_APPLICATION_UIDS = frozenset(demo_uid(f"application/{key}") for key, _build in APPLICATIONS)
_JOURNAL_UIDS = frozenset(demo_uid(f"journal/{note.key}") for note in JOURNAL)
_MOOD_UIDS = frozenset(demo_uid(f"mood/{mood.key}") for mood in MOODS)
_MAIL_UIDS = frozenset(demo_uid(f"inbox/{key}") for key in mailbox.KEYS)
# Where the ledger records each demo email as found -> its key.
_MAIL_KEYS = {mailbox.location(key): key for key in mailbox.KEYS}
_DEMO_ROWS: tuple[tuple[type[OwnedMixin], frozenset[str]], ...] = (
    (Application, _APPLICATION_UIDS),
    (JournalEntry, _JOURNAL_UIDS),
    (MoodCheckin, _MOOD_UIDS),
    (IngestedMessage, _MAIL_UIDS),
    *((model, LOOP_UIDS) for model in LOOP_MODELS),
)
