"""The read schema of an email afterword sent, saved to Drafts or handed over."""

from __future__ import annotations

from typing import TYPE_CHECKING

from afterword.mail.models import DeliveryRoute
from afterword.pipeline.schemas import Instant, ReadModel, Uid

if TYPE_CHECKING:
    from afterword.mail.models import SentMessage


class SentMessageRead(ReadModel):
    """An email exactly as it went, and by which route."""

    id: int
    uid: Uid
    application_id: int | None
    action_id: int | None
    template: str
    route: DeliveryRoute
    to_name: str | None
    to_email: str | None
    subject: str
    body: str
    message_id: str | None
    at: Instant

    @classmethod
    def of(cls, row: SentMessage) -> SentMessageRead:
        """The message as recorded."""
        return cls(**cls.columns(row))
