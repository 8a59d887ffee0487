"""A few honest sentences after a rejection, built from the user's own numbers (pure).

The point is perspective, not cheering: a rejection is the most common answer a
candidate gets, and what matters is what is still open and what the numbers say.
Every sentence states a fact from the record or a plain suggestion; no sentence
promises an outcome, and none ends in an exclamation mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# How long after a rejection the Today page offers perspective and a check-in.
RECENT_DAYS = 14
# With this many rejections or more, the "base-hit" framing fits better than "first no".
MANY_REJECTIONS = 5
# At most this many open processes are named; the rest are counted.
NAMED = 3


@dataclass(frozen=True)
class SearchSnapshot:
    """The user's numbers, as plain values, at the moment of a recent rejection."""

    rejected_company: str
    rejected_on: dt.date
    applications: int
    interviews_reached: int  # applications that got at least one interview
    rejections: int
    offers: int
    open_processes: int  # processes still running, the rejected one excluded
    upcoming_interviews: int
    applied_recently: int  # applications sent in the last RECENT_DAYS days
    open_companies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Encouragement:
    """What the Today page shows: a heading, a few sentences, and one next step."""

    heading: str
    sentences: tuple[str, ...]
    next_step: str
    # The process the news was about: a mood check-in from this block is linked to it.
    application_id: int | None = None
    # What the latest news was: "rejection", "offer" or "accepted".
    news: str = "rejection"
    # The user's long-term goals as (label, text): after a rejection, what the search is for.
    goals: tuple[tuple[str, str], ...] = ()


def is_recent(rejected_on: dt.date | None, today: dt.date, *, days: int = RECENT_DAYS) -> bool:
    """Whether a rejection on `rejected_on` is recent enough to speak to (future dates are not)."""
    return rejected_on is not None and 0 <= (today - rejected_on).days <= days


def count_words(number: int, one: str, many: str | None = None) -> str:
    """'1 offer', '3 offers', '2 other processes': never 'offer(s)'."""
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _names(companies: Sequence[str], total: int) -> str:
    shown = [name for name in companies if name][:NAMED]
    if not shown:
        return ""
    rest = total - len(shown)
    if rest > 0:
        shown.append(f"{count_words(rest, 'other')}")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _when(rejected_on: dt.date, today: dt.date) -> str:
    days = (today - rejected_on).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _opening(snapshot: SearchSnapshot, today: dt.date) -> str:
    when = _when(snapshot.rejected_on, today)
    if snapshot.rejections <= 1:
        return (
            f"{snapshot.rejected_company} said no {when}. It is your first no in this search, "
            "and it is allowed to sting. It says something about one opening at one company, "
            "not about what you are worth."
        )
    if snapshot.rejections < MANY_REJECTIONS:
        return (
            f"{snapshot.rejected_company} said no {when}. Disappointment is a fair response; "
            "it usually eases sooner than it feels like it will."
        )
    return (
        f"{snapshot.rejected_company} said no {when}, which makes "
        f"{count_words(snapshot.rejections, 'rejection')} so far. That is tiring to carry. It is also "
        "what most searches look like from the inside: even strong candidates hear no far "
        "more often than yes."
    )


def _progress(snapshot: SearchSnapshot) -> str | None:
    if snapshot.applications <= 0:
        return None
    if snapshot.offers > 0:
        return (
            f"Across {count_words(snapshot.applications, 'application')} you have reached interviews "
            f"in {snapshot.interviews_reached} and received {count_words(snapshot.offers, 'offer')}: "
            "companies have already said yes to you."
        )
    if snapshot.interviews_reached > 0:
        return (
            f"Across {count_words(snapshot.applications, 'application')} you have reached interviews "
            f"in {snapshot.interviews_reached}. Being invited to interview means your applications "
            "are read and chosen; that part of your search works."
        )
    return (
        f"You have sent {count_words(snapshot.applications, 'application')} so far. The first "
        "interviews often take longer to come than anyone expects."
    )


def _still_open(snapshot: SearchSnapshot) -> str:
    if snapshot.open_processes <= 0:
        return (
            "Right now nothing else is open. That is the hardest place to stand, and the one "
            "thing that changes it is a few new applications."
        )
    names = _names(snapshot.open_companies, snapshot.open_processes)
    sentence = f"{count_words(snapshot.open_processes, 'other process', 'other processes')} "
    sentence += "is still open" if snapshot.open_processes == 1 else "are still open"
    if names:
        sentence += f": {names}"
    if snapshot.upcoming_interviews > 0:
        sentence += f", with {count_words(snapshot.upcoming_interviews, 'interview')} ahead"
    return sentence + "."


def _next_step(snapshot: SearchSnapshot) -> str:
    if snapshot.open_processes <= 0 or snapshot.applied_recently == 0:
        return (
            "When you are ready, pick two roles you would genuinely like and apply; "
            "a gentle start is still a start."
        )
    if snapshot.upcoming_interviews > 0:
        return (
            "Before the next interview, jot down one thing this process taught you; "
            "it will be fresher now than in a week."
        )
    return (
        "Asking for feedback costs one short email and sometimes brings something useful; "
        "afterword has the draft ready when you want it."
    )


def encouragement(snapshot: SearchSnapshot, *, today: dt.date) -> Encouragement:
    """A short, specific note of perspective after a rejection, from the user's own record."""
    sentences = [_opening(snapshot, today)]
    progress = _progress(snapshot)
    if progress:
        sentences.append(progress)
    sentences.append(_still_open(snapshot))
    return Encouragement(
        heading="After the news from " + snapshot.rejected_company,
        sentences=tuple(sentences),
        next_step=_next_step(snapshot),
    )


def after_acceptance(
    company: str, accepted_on: dt.date, *, still_open: int, today: dt.date
) -> Encouragement:
    """The top of Today after the user accepted an offer: it speaks of that, not of any no."""
    when = _when(accepted_on, today)
    sentences = [
        f"You accepted the offer from {company} {when}. That is what the whole search was for, "
        "and it is worth a moment of its own."
    ]
    if still_open:
        sentences.append(
            f"{count_words(still_open, 'other process', 'other processes')} "
            f"{'is' if still_open == 1 else 'are'} still open; a short, kind note to each lets "
            "them move on and keeps the door open."
        )
    return Encouragement(
        heading=f"You accepted {company}",
        sentences=tuple(sentences),
        next_step=(
            "Confirm the acceptance in writing and ask about the start date and paperwork; "
            "the draft is in your agenda."
        ),
        news="accepted",
    )


def after_offer(
    company: str, received_on: dt.date, deadline: dt.date | None, *, today: dt.date
) -> Encouragement:
    """The top of Today when the latest news is an offer."""
    sentences = [f"{company} made you an offer {_when(received_on, today)}."]
    if deadline is not None:
        sentences.append(
            f"It asks for your answer by {deadline:%A} {deadline.day} {deadline:%B}; the steps "
            "before then are in your agenda."
        )
    else:
        sentences.append("Record its terms and its deadline, so nothing is decided in a rush.")
    return Encouragement(
        heading=f"An offer from {company}",
        sentences=tuple(sentences),
        next_step="Take the time the deadline allows; a day to think is normal and expected.",
        news="offer",
    )


def terminal_lines(words: Encouragement | None) -> list[str]:
    """The words as `afterword today` prints them under the date (none when None)."""
    if words is None:
        return []
    out = [f"\n{words.heading}"]
    out.extend(f"  {sentence}" for sentence in words.sentences)
    if words.goals:
        out.append("  What you are aiming for:")
        out.extend(f"    {label}: {text}" for label, text in words.goals)
    elif words.news == "rejection":
        out.append('  Your long-term goals help here: afterword goals set --role "..."')
    out.append(f"  A next step, whenever it suits you: {words.next_step}")
    return out
