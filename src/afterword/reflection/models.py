"""Journal entries and mood check-ins."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime


class JournalEntry(OwnedMixin, Base):
    """A free-form note to oneself, optionally about one application."""

    __tablename__ = "journal_entries"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(sa.Text)


class MoodCheckin(OwnedMixin, Base):
    """How the user felt (1 low to 5 high) at a moment, with an optional note."""

    __tablename__ = "mood_checkins"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    mood: Mapped[int] = mapped_column(sa.SmallInteger)
    note: Mapped[str | None] = mapped_column(sa.Text)


class Reflection(OwnedMixin, Base):
    """A structured look back at an interview or a rejection; any of the four prompts may be
    left empty, but not all of them."""

    __tablename__ = "reflections"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    # The round it looks back on, when it is about one (else about the process as a whole).
    interview_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interviews.id", ondelete="SET NULL"), index=True
    )
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    went_well: Mapped[str | None] = mapped_column(sa.Text)
    was_tough: Mapped[str | None] = mapped_column(sa.Text)
    do_differently: Mapped[str | None] = mapped_column(sa.Text)
    out_of_my_hands: Mapped[str | None] = mapped_column(sa.Text)


class PlanMove(OwnedMixin, Base):
    """One of the three moves of the game plan the user chose, and why."""

    __tablename__ = "plan_moves"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    # "present_differently", "build_skill" or "target_roles" (see reflection.game_plan.Move).
    move: Mapped[str] = mapped_column(sa.String(32))
    # The process whose outcome prompted it, if one did.
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    chosen_on: Mapped[dt.date] = mapped_column(sa.Date)
    why: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PlanStep(OwnedMixin, Base):
    """A concrete, dated step of a move; it is an action in the agenda until done."""

    __tablename__ = "plan_steps"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    move_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_moves.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    due: Mapped[dt.date] = mapped_column(sa.Date)
    done_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PlanReview(OwnedMixin, Base):
    """The user looked at their game plan again (after a later rejection) and noted what changed."""

    __tablename__ = "plan_reviews"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    reviewed_on: Mapped[dt.date] = mapped_column(sa.Date)
    # The rejection that prompted the review, if one did.
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PracticeCard(OwnedMixin, Base):
    """A tough question in the practice bank, with its spaced-repetition state.

    It comes from a debrief (a question that went badly) or from feedback (a gap a company
    named), or the user wrote it; `text` is the question as practised.
    """

    __tablename__ = "practice_cards"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interview_questions.id", ondelete="CASCADE"), index=True
    )
    feedback_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    # The scheduler's card (fsrs `Card.to_dict()` as JSON); None until first practised.
    schedule_json: Mapped[str | None] = mapped_column(sa.Text)
    # When the scheduler wants it again (UTC); None: new, due at once.
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    practised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    practice_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PracticeAnswer(OwnedMixin, Base):
    """One version of the user's answer to a practice question; older versions are kept."""

    __tablename__ = "practice_answers"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    card_id: Mapped[int] = mapped_column(
        sa.ForeignKey("practice_cards.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Goal(OwnedMixin, Base):
    """What the search is for, in the user's words: the kind of role, the field, the reasons.

    Shown after a rejection beside the open processes, so 'not the only chance' is concrete.
    """

    __tablename__ = "goals"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    aim: Mapped[str | None] = mapped_column(sa.Text)  # the kind of role
    field: Mapped[str | None] = mapped_column(sa.Text)
    reasons: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PracticeSession(OwnedMixin, Base):
    """One practice of a question and how it went (1 again to 4 easy): the weekly review counts
    these, and the playbook knows when the user last practised."""

    __tablename__ = "practice_sessions"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    card_id: Mapped[int] = mapped_column(
        sa.ForeignKey("practice_cards.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    rating: Mapped[int] = mapped_column(sa.SmallInteger)
