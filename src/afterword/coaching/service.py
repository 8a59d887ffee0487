"""Sharing a search with a coach, and what a coach may do with it.

Services take the session first, flush and never commit. The seeker's functions take the
seeker's user id; the coach's take the `CoachShare` they act under, found by `share_for`,
so nothing a coach does is possible without a standing share.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts.models import Account
from afterword.accounts.service import find_account, normalise_email
from afterword.coaching.models import CoachComment, CoachShare, CoachView
from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.models import Application, Feedback
from afterword.playbook.actions import ActionKind, Priority
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import SUGGESTED_PREFIX
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin

MAX_TEXT = 2000
VIEWS_SHOWN = 200


@dataclass(frozen=True)
class Shared:
    """A share with the address of the other person (the coach, or the seeker)."""

    share: CoachShare
    email: str


def _text(text: str, *, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInputError(f"the {what} is empty; write a few words")
    if len(cleaned) > MAX_TEXT:
        raise InvalidInputError(f"the {what} is longer than {MAX_TEXT} characters")
    return cleaned


def _email_of(session: Session, user_id: int) -> str:
    return session.scalar(sa.select(Account.email).where(Account.user_id == user_id)) or "?"


# -- the seeker ----------------------------------------------------------------------------


def share_with_coach(
    *, session: Session, user_id: int, coach_email: str, include_private: bool, now: dt.datetime
) -> CoachShare:
    """Shares the user's search with the coach of that address; sharing again only changes
    whether the journal, moods and feedback are included (never a second share)."""
    address = normalise_email(coach_email)
    coach = find_account(session=session, email=address)
    if coach is None or coach.role != "coach" or coach.disabled_at is not None:
        raise InvalidInputError(f"there is no coach with the address {address} on this server")
    if coach.user_id == user_id:
        raise InvalidInputError("you cannot share your search with yourself")
    share = session.scalar(
        sa.select(CoachShare).where(
            CoachShare.user_id == user_id, CoachShare.coach_user_id == coach.user_id
        )
    )
    if share is None:
        share = CoachShare(user_id=user_id, coach_user_id=coach.user_id, created_at=now)
        session.add(share)
    share.include_private = include_private
    session.flush()
    return share


def stop_sharing(*, session: Session, user_id: int, share_id: int) -> str:
    """Ends a share at once (the coach's next request sees nothing); returns the coach's
    address. Their comments and suggestions stay yours; the log of their views stays too."""
    share = session.get(CoachShare, share_id)
    if share is None or share.user_id != user_id:
        raise NotFoundError(f"there is no share with id {share_id}")
    email = _email_of(session, share.coach_user_id)
    session.delete(share)
    session.flush()
    return email


def shares_of(*, session: Session, user_id: int) -> list[Shared]:
    """The coaches the user shares with, by address."""
    rows = session.execute(
        sa.select(CoachShare, Account.email)
        .join(Account, Account.user_id == CoachShare.coach_user_id)
        .where(CoachShare.user_id == user_id)
        .order_by(Account.email)
    ).all()
    return [Shared(share, email) for share, email in rows]


@dataclass(frozen=True)
class ViewLogLine:
    """One look of a coach at the user's search."""

    coach: str
    page: str
    record: str | None
    at: dt.datetime


def views_of(*, session: Session, user_id: int, limit: int = VIEWS_SHOWN) -> list[ViewLogLine]:
    """Who looked at what and when, newest first (the log outlives the share)."""
    rows = session.execute(
        sa.select(CoachView, Account.email)
        .join(Account, Account.user_id == CoachView.coach_user_id)
        .where(CoachView.user_id == user_id)
        .order_by(CoachView.viewed_at.desc(), CoachView.id.desc())
        .limit(limit)
    ).all()
    return [ViewLogLine(email, view.page, view.record, view.viewed_at) for view, email in rows]


@dataclass(frozen=True)
class CommentLine:
    """A coach's comment, for the seeker or the coach to read."""

    id: int
    coach: str
    application_id: int
    company: str
    role: str
    text: str
    at: dt.datetime
    edited_at: dt.datetime | None = None
    coach_user_id: int = 0


def comments_for(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[CommentLine]:
    """Coaches' comments on the user's applications (one, or all), newest first."""
    query = (
        sa.select(CoachComment, Account.email, Application.company, Application.role)
        .join(Account, Account.user_id == CoachComment.coach_user_id)
        .join(Application, Application.id == CoachComment.application_id)
        .where(CoachComment.user_id == user_id)
        .order_by(CoachComment.created_at.desc(), CoachComment.id.desc())
    )
    if application_id is not None:
        query = query.where(CoachComment.application_id == application_id)
    return [
        CommentLine(
            c.id,
            email,
            c.application_id,
            company,
            role,
            c.text,
            c.created_at,
            c.edited_at,
            c.coach_user_id,
        )
        for c, email, company, role in session.execute(query).all()
    ]


# -- the coach -----------------------------------------------------------------------------


def people_of(*, session: Session, coach_user_id: int) -> list[Shared]:
    """The people who share their search with this coach, by address."""
    rows = session.execute(
        sa.select(CoachShare, Account.email)
        .join(Account, Account.user_id == CoachShare.user_id)
        .where(CoachShare.coach_user_id == coach_user_id)
        .order_by(Account.email)
    ).all()
    return [Shared(share, email) for share, email in rows]


def share_for(*, session: Session, coach_user_id: int, seeker_id: int) -> CoachShare:
    """The share under which this coach reads this person's search, or NotFoundError (the
    same answer whether the person does not exist or does not share with them)."""
    share = session.scalar(
        sa.select(CoachShare).where(
            CoachShare.user_id == seeker_id, CoachShare.coach_user_id == coach_user_id
        )
    )
    if share is None:
        raise NotFoundError(f"nobody with id {seeker_id} shares their search with you")
    return share


def record_view(
    *, session: Session, share: CoachShare, page: str, record: str | None, now: dt.datetime
) -> None:
    """Logs that the coach opened a page of the seeker's search."""
    session.add(
        CoachView(
            user_id=share.user_id,
            coach_user_id=share.coach_user_id,
            page=page[:100],
            record=record[:500] if record else None,
            viewed_at=now,
        )
    )
    session.flush()


def _application(session: Session, share: CoachShare, application_id: int) -> Application:
    application = session.scalar(
        sa.select(Application).where(
            Application.id == application_id, Application.user_id == share.user_id
        )
    )
    if application is None:
        raise NotFoundError(f"there is no application with id {application_id}")
    return application


def _seeker_changed(session: Session, share: CoachShare) -> None:
    """The seeker's pages are cached by their revision (web.page_cache): a coach's write
    must move it, or the seeker's Today would not show it until their next change."""
    session.execute(
        sa.update(User)
        .where(User.id == share.user_id)
        .values(revision=sa.func.coalesce(User.revision, 0) + 1)
    )


def add_comment(
    *, session: Session, share: CoachShare, application_id: int, text: str, now: dt.datetime
) -> CoachComment:
    """A coach's comment on one of the seeker's applications."""
    application = _application(session, share, application_id)
    comment = CoachComment(
        user_id=share.user_id,
        coach_user_id=share.coach_user_id,
        application_id=application.id,
        text=_text(text, what="comment"),
        created_at=now,
    )
    session.add(comment)
    _seeker_changed(session, share)
    session.flush()
    return comment


def _own_comment(session: Session, share: CoachShare, comment_id: int) -> CoachComment:
    """The coach's own comment about this seeker; NotFoundError for any other (another
    coach's, another seeker's, or none), the same answer in each case."""
    comment = session.scalar(
        sa.select(CoachComment).where(
            CoachComment.id == comment_id,
            CoachComment.user_id == share.user_id,
            CoachComment.coach_user_id == share.coach_user_id,
        )
    )
    if comment is None:
        raise NotFoundError(f"you have no comment with id {comment_id} here")
    return comment


def edit_comment(
    *, session: Session, share: CoachShare, comment_id: int, text: str, now: dt.datetime
) -> tuple[CoachComment, bool]:
    """Changes the text of the coach's own comment; the seeker then reads the new text and
    that it was edited. The same text again changes nothing. Returns it, and whether it
    changed."""
    comment = _own_comment(session, share, comment_id)
    cleaned = _text(text, what="comment")
    changed = cleaned != comment.text
    if changed:
        comment.text = cleaned
        comment.edited_at = now
        _seeker_changed(session, share)
    session.flush()
    return comment, changed


def delete_comment(*, session: Session, share: CoachShare, comment_id: int) -> CoachComment:
    """Deletes the coach's own comment; the seeker no longer sees it. Returns it (for words)."""
    comment = _own_comment(session, share, comment_id)
    session.delete(comment)
    _seeker_changed(session, share)
    session.flush()
    return comment


def suggest_action(
    *,
    session: Session,
    share: CoachShare,
    text: str,
    due: dt.date,
    application_id: int | None,
    now: dt.datetime,
) -> PlannedAction:
    """An action in the seeker's agenda, marked as from the coach. The seeker does, dismisses,
    snoozes or undoes it like any other; re-planning never withdraws it."""
    application = _application(session, share, application_id) if application_id else None
    coach_email = _email_of(session, share.coach_user_id)
    evidence = [["Suggested by", f"your coach, {coach_email}"], ["On", due.isoformat()]]
    row = PlannedAction(
        user_id=share.user_id,
        key=f"{SUGGESTED_PREFIX}{uuid.uuid4().hex}",
        kind=ActionKind.COACH_SUGGESTION,
        rule="coach",
        application_id=application.id if application else None,
        due=due,
        priority=int(Priority.NORMAL),
        reason=_text(text, what="suggestion"),
        evidence_json=json.dumps(evidence, ensure_ascii=False),
        state=ActionState.OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    _seeker_changed(session, share)
    session.flush()
    return row


def suggestions_for(*, session: Session, user_id: int) -> list[PlannedAction]:
    """What coaches suggested to the seeker, newest first, with where each stands."""
    rows = session.scalars(
        sa.select(PlannedAction)
        .where(PlannedAction.user_id == user_id, PlannedAction.rule == "coach")
        .order_by(PlannedAction.created_at.desc(), PlannedAction.id.desc())
        .limit(VIEWS_SHOWN)
    )
    return list(rows)


@dataclass(frozen=True)
class PrivateRecords:
    """The journal, moods and feedback a seeker chose to share with a coach."""

    journal: list[JournalEntry]
    moods: list[MoodCheckin]
    feedback: list[tuple[Feedback, str]]


def private_records(*, session: Session, share: CoachShare, limit: int = 100) -> PrivateRecords:
    """The seeker's journal, moods and feedback, newest first -- only under a share that
    includes them (NotFoundError otherwise, as if there were none)."""
    if not share.include_private:
        raise NotFoundError("this person keeps their journal, moods and feedback private")
    seeker = share.user_id
    journal = session.scalars(
        sa.select(JournalEntry)
        .where(JournalEntry.user_id == seeker)
        .order_by(JournalEntry.written_at.desc())
        .limit(limit)
    )
    moods = session.scalars(
        sa.select(MoodCheckin)
        .where(MoodCheckin.user_id == seeker)
        .order_by(MoodCheckin.at.desc())
        .limit(limit)
    )
    feedback = session.execute(
        sa.select(Feedback, Application.company)
        .join(Application, Application.id == Feedback.application_id)
        .where(Feedback.user_id == seeker)
        .order_by(Feedback.received_on.desc(), Feedback.id.desc())
        .limit(limit)
    )
    return PrivateRecords(list(journal), list(moods), [(f, c) for f, c in feedback.all()])


# -- the admin -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortNumbers:
    """The whole server in figures: never a name, never a record."""

    seekers: int
    coaches: int
    admins: int
    disabled: int
    searching: int
    applications: int
    interviewed: int
    offered: int
    seekers_with_offer: int
    median_days_to_first_offer: float | None

    def share(self, part: int, whole: int) -> str:
        """'40%', or a dash when there is nothing to divide."""
        return f"{round(100 * part / whole)}%" if whole else "–"


def cohort_numbers(*, session: Session) -> CohortNumbers:
    """The cohort's figures, from the database function of migration 0014 (PostgreSQL):
    it alone may look across everyone's rows, and it returns aggregates only."""
    if session.get_bind().dialect.name != "postgresql":
        raise InvalidInputError("the cohort's figures need server mode on PostgreSQL")
    row = session.execute(sa.text("SELECT * FROM afterword_cohort_numbers()")).one()
    values = row._mapping
    median = values["median_days_to_first_offer"]
    return CohortNumbers(
        **{key: int(values[key] or 0) for key in values if key != "median_days_to_first_offer"},
        median_days_to_first_offer=float(median) if median is not None else None,
    )
