"""The classifier as this user has taught it: the packaged model, plus their corrections.

Kept apart from the engine because it is the only part of triage that reads the user's
past answers; the model itself (training, caching on disk) lives in classifier_store.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox.classify import Classifier, Example
from afterword.inbox.models import IngestedMessage


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
