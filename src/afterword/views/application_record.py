"""One application with every record that hangs off it, each in its own read schema.

What `afterword applications show --json` and `applications add --json` print. The children
come in the order they were added, whatever order a relationship happens to load in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from afterword.mail.schemas import SentMessageRead
from afterword.offers.schemas import OfferRead
from afterword.pipeline.schemas import (
    ApplicationRead,
    ContactRead,
    FeedbackRead,
    InterviewRead,
    OutcomeRead,
    StatusChangeRead,
)

if TYPE_CHECKING:
    from afterword.pipeline.models import Application


class ApplicationDetail(ApplicationRead):
    """An application's own fields followed by its children."""

    contacts: list[ContactRead]
    interviews: list[InterviewRead]
    outcomes: list[OutcomeRead]
    offers: list[OfferRead]
    feedback: list[FeedbackRead]
    history: list[StatusChangeRead]
    messages: list[SentMessageRead]

    @classmethod
    def of(cls, row: Application) -> ApplicationDetail:
        """The application and its children as stored."""
        return cls(
            **ApplicationRead.of(row).model_dump(),
            contacts=[ContactRead.of(item) for item in _by_id(row.contacts)],
            interviews=[InterviewRead.of(item) for item in _by_id(row.interviews)],
            outcomes=[OutcomeRead.of(item) for item in _by_id(row.outcomes)],
            offers=[OfferRead.of(item) for item in _by_id(row.offers)],
            feedback=[FeedbackRead.of(item) for item in _by_id(row.feedback)],
            history=[StatusChangeRead.of(item) for item in _by_id(row.history)],
            messages=[SentMessageRead.of(item) for item in _by_id(row.messages)],
        )


def _by_id(rows: list[Any]) -> list[Any]:
    return sorted(rows, key=lambda row: row.id)
