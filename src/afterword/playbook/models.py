"""The stored agenda: every action the playbook proposed, and what became of it."""

from __future__ import annotations

import datetime as dt
import enum
import json

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type
from afterword.playbook.actions import ActionKind


class ActionState(enum.StrEnum):
    """Where an action stands."""

    OPEN = "open"
    DONE = "done"
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"  # the playbook no longer wants it (news made it obsolete)


class PlannedAction(OwnedMixin, Base):
    """One proposed action. Its `key` names the situation, so re-planning never duplicates it."""

    __tablename__ = "actions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        sa.UniqueConstraint("user_id", "key"),
        # Today's page counts and orders the user's open actions from this index alone
        # (covering: 9.9 ms -> 3.7 ms for 8,000 open actions in bench/web.py's data).
        sa.Index(
            "ix_actions_user_state_due",
            "user_id",
            "state",
            "due",
            "priority",
            "id",
            "snoozed_until",
        ),
    )

    key: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind))
    rule: Mapped[str] = mapped_column(sa.String(64))
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL")
    )
    interview_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interviews.id", ondelete="SET NULL")
    )
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id", ondelete="SET NULL"))
    due: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    priority: Mapped[int] = mapped_column(sa.SmallInteger)
    reason: Mapped[str] = mapped_column(sa.Text)
    evidence_json: Mapped[str] = mapped_column(sa.Text, default="[]")
    cause_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    state: Mapped[ActionState] = mapped_column(enum_type(ActionState), index=True)
    snoozed_until: Mapped[dt.date | None] = mapped_column(sa.Date)
    settled_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
    # How a done action was done, in words ("withdrawal email sent on 3 Dec", "debrief written
    # on 23 Nov"), and what doing it changed in the record (JSON), so that it can be undone.
    done_note: Mapped[str | None] = mapped_column(sa.Text)
    effect_json: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    @property
    def evidence(self) -> list[tuple[str, str]]:
        """The facts the rule used, as (label, value) pairs."""
        return [(str(label), str(value)) for label, value in json.loads(self.evidence_json or "[]")]

    @property
    def settled_by_record(self) -> bool:
        """Whether a record settled it (a debrief written, a mood recorded), not the user's
        Done: then changing that record, not an undo, is the way back."""
        effect = json.loads(self.effect_json).get("effect") if self.effect_json else None
        return effect == "fulfilled"

    @property
    def undoable(self) -> bool:
        """Whether the user can take it back: done or dismissed by them."""
        settled = self.state in (ActionState.DONE, ActionState.DISMISSED)
        return settled and not self.settled_by_record

    @property
    def effective_due(self) -> dt.date:
        """The due date, or the snooze date when the user pushed it later."""
        if self.snoozed_until is not None and self.snoozed_until > self.due:
            return self.snoozed_until
        return self.due
