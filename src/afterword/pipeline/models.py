"""Tables of the pipeline: applications and everything that happens in one process."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type
from afterword.pipeline.decision_timeline import DecisionTimeline, TimelineUnit
from afterword.pipeline.status import OutcomeKind, Status

if TYPE_CHECKING:
    from afterword.mail.models import SentMessage
    from afterword.offers.models import Offer


class ContactRole(enum.StrEnum):
    """The part a person plays in a hiring process."""

    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    COORDINATOR = "coordinator"
    REFERRER = "referrer"
    OTHER = "other"


class InterviewKind(enum.StrEnum):
    """The kind of an interview round."""

    RECRUITER_SCREEN = "recruiter_screen"
    PHONE_SCREEN = "phone_screen"
    TECHNICAL = "technical"
    SYSTEM_DESIGN = "system_design"
    BEHAVIOURAL = "behavioural"
    TAKE_HOME = "take_home"
    ONSITE = "onsite"
    PANEL = "panel"
    HIRING_MANAGER = "hiring_manager"
    FINAL = "final"
    OTHER = "other"


class SalaryPeriod(enum.StrEnum):
    """What a posted salary figure is paid per."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"


class Application(OwnedMixin, Base):
    """One application to one role at one company: a hiring process."""

    __tablename__ = "applications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        # The pipeline page's read paths: the board (latest per stage) and the table's
        # default order (latest change first) are served from these without a sort.
        sa.Index("ix_applications_user_status_updated", "user_id", "status", "updated_at"),
        sa.Index("ix_applications_user_updated", "user_id", "updated_at"),
        # Applied in a week (Today's counts, the weekly review), from the index alone.
        sa.Index("ix_applications_user_applied", "user_id", "applied_on", "created_at"),
    )

    company: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(200))
    link: Mapped[str | None] = mapped_column(sa.String(2000))
    source: Mapped[str | None] = mapped_column(sa.String(200))
    location: Mapped[str | None] = mapped_column(sa.String(200))
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    salary_currency: Mapped[str | None] = mapped_column(sa.String(3))
    salary_period: Mapped[SalaryPeriod | None] = mapped_column(enum_type(SalaryPeriod))
    interest: Mapped[int | None] = mapped_column(sa.SmallInteger)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[Status] = mapped_column(enum_type(Status), index=True)
    applied_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    tags: Mapped[list[ApplicationTag]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationTag.name"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Contact.id"
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Interview.round"
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Outcome.id"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="StatusChange.id"
    )
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Feedback.id"
    )
    offers: Mapped[list[Offer]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Offer.id"
    )
    # Emails afterword sent, saved or handed over: part of the process's timeline.
    messages: Mapped[list[SentMessage]] = relationship(
        cascade="all, delete-orphan", order_by="SentMessage.id"
    )

    @property
    def tag_names(self) -> list[str]:
        """The application's tags, alphabetically."""
        return [tag.name for tag in self.tags]


class ApplicationTag(Base):
    """A free label on an application ('remote', 'dream job', 'referral')."""

    __tablename__ = "application_tags"
    # The tag filter's choices: a person's distinct tag names, read from this index alone.
    __table_args__ = (sa.Index("ix_application_tags_user_name", "user_id", "name"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # Always the application's owner (set where a tag is made).
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    application: Mapped[Application] = relationship(back_populates="tags")


interview_interviewers = sa.Table(
    "interview_interviewers",
    Base.metadata,
    sa.Column("interview_id", sa.ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
)


class Contact(OwnedMixin, Base):
    """A person in a hiring process: recruiter, hiring manager, interviewer, ..."""

    __tablename__ = "contacts"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[ContactRole] = mapped_column(enum_type(ContactRole))
    email: Mapped[str | None] = mapped_column(sa.String(320), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="contacts")

    @property
    def display_name(self) -> str:
        """The name, else the address, else the role."""
        return self.name or self.email or self.role.value.replace("_", " ")


class Interview(OwnedMixin, Base):
    """One interview round, and the debrief written after it."""

    __tablename__ = "interviews"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]
    kind: Mapped[InterviewKind] = mapped_column(enum_type(InterviewKind))
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    duration_minutes: Mapped[int | None]
    location: Mapped[str | None] = mapped_column(sa.String(500))
    # The debrief, written after the interview.
    self_rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    went_well: Mapped[str | None] = mapped_column(sa.Text)
    went_badly: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    decision_by: Mapped[dt.date | None] = mapped_column(sa.Date)
    decision_within: Mapped[int | None]
    decision_within_unit: Mapped[TimelineUnit | None] = mapped_column(enum_type(TimelineUnit))
    further_round_expected: Mapped[bool | None]
    still_interested: Mapped[bool | None]
    debriefed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="interviews")
    interviewers: Mapped[list[Contact]] = relationship(
        secondary=interview_interviewers, order_by="Contact.id"
    )
    questions: Mapped[list[InterviewQuestion]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", order_by="InterviewQuestion.id"
    )

    @property
    def timeline(self) -> DecisionTimeline | None:
        """The decision timeline the recruiter gave, if any."""
        if self.decision_by is None and self.decision_within is None:
            return None
        return DecisionTimeline(
            by=self.decision_by, within=self.decision_within, unit=self.decision_within_unit
        )


class InterviewQuestion(OwnedMixin, Base):
    """A question asked in an interview; went_well True keeps a great answer, False a tough one."""

    __tablename__ = "interview_questions"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    interview_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    went_well: Mapped[bool | None]
    answer_notes: Mapped[str | None] = mapped_column(sa.Text)

    interview: Mapped[Interview] = relationship(back_populates="questions")


class Outcome(OwnedMixin, Base):
    """News that ended or advanced a stage: offer, chat, more interviews, rejection, ..."""

    __tablename__ = "outcomes"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OutcomeKind] = mapped_column(enum_type(OutcomeKind))
    occurred_on: Mapped[dt.date] = mapped_column(sa.Date)
    # False when the source did not say when the news came (a tracker row without a response
    # date): `occurred_on` is then only the day afterword learnt of it, so the news is old
    # news and starts none of the same-day steps a fresh rejection calls for.
    date_known: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="outcomes")


class StatusChange(OwnedMixin, Base):
    """One entry of an application's append-only history: from, to, when, and why."""

    __tablename__ = "status_changes"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        # The first answer per application, grouped by application from the index alone
        # (Today's week counts, the Numbers page).
        sa.Index(
            "ix_status_changes_user_app_status_at", "user_id", "application_id", "to_status", "at"
        ),
        # The week's changes, as a range (replies this week: see reflection/weekly_service.py).
        sa.Index("ix_status_changes_user_at", "user_id", "at"),
    )

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[Status | None] = mapped_column(enum_type(Status))
    to_status: Mapped[Status] = mapped_column(enum_type(Status))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    cause: Mapped[str] = mapped_column(sa.Text)

    application: Mapped[Application] = relationship(back_populates="history")


class Feedback(OwnedMixin, Base):
    """What a company said about why it decided as it did."""

    __tablename__ = "feedback"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    received_on: Mapped[dt.date] = mapped_column(sa.Date)
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="feedback")
