"""Reading the themes across the whole search: companies' feedback and the user's reflections."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.pipeline.models import Application, Feedback
from afterword.reflection.feedback_themes import Polarity, Theme, feedback_themes
from afterword.reflection.models import Reflection

# What each reflection prompt says about its answer: kept, worked on, or out of one's hands.
_PROMPT_POLARITY = (
    ("went_well", Polarity.STRENGTH),
    ("was_tough", Polarity.GAP),
    ("do_differently", Polarity.GAP),
    ("out_of_my_hands", Polarity.NEUTRAL),
)


def search_themes(*, session: Session, user_id: int, limit: int = 500) -> tuple[Theme, ...]:
    """The themes across all feedback and reflections, the most widely raised gaps first."""
    feedback = session.execute(
        sa.select(Application.company, Feedback.text)
        .join(Application, Application.id == Feedback.application_id)
        .where(Feedback.user_id == user_id)
        .order_by(Feedback.received_on.desc(), Feedback.id.desc())
        .limit(limit)
    ).all()
    own: list[tuple[str, str, Polarity]] = []
    for reflection, company in session.execute(
        sa.select(Reflection, Application.company)
        .join(Application, Application.id == Reflection.application_id)
        .where(Reflection.user_id == user_id)
        .order_by(Reflection.written_at.desc(), Reflection.id.desc())
        .limit(limit)
    ).all():
        for name, polarity in _PROMPT_POLARITY:
            text = getattr(reflection, name)
            if text:
                own.append((f"your reflection ({company})", text, polarity))
    return feedback_themes(((company, text) for company, text in feedback), own)
