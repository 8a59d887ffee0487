"""The weekly review (pure): what happened in one week of the search, Monday to Sunday."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The figures of a week, in the order shown: (attribute, label).
FIGURES: tuple[tuple[str, str], ...] = (
    ("applications", "Applications sent"),
    ("replies", "Replies"),
    ("interviews", "Interviews"),
    ("offers", "Offers"),
    ("rejections", "Rejections"),
    ("practice", "Practice sessions"),
    ("plan_steps", "Plan steps done"),
)


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the ISO week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str, *, today: dt.date) -> dt.date:
    """Reads a week: 'this', 'last', an ISO week ('2026-W49') or any date in it; returns its
    Monday. Raises ValueError with the accepted forms."""
    cleaned = text.strip().lower()
    if cleaned in ("", "this"):
        return week_of(today)
    if cleaned == "last":
        return week_of(today) - dt.timedelta(days=7)
    try:
        if "-w" in cleaned:
            year, week = cleaned.split("-w", 1)
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return week_of(dt.date.fromisoformat(cleaned))
    except ValueError:
        raise ValueError(
            f"'{text}' is not a week; use 'this', 'last', 2026-W49 or a date in the week"
        ) from None


@dataclass(frozen=True)
class WeekReview:
    """The counts of one week and the honest sentence from the whole search's numbers."""

    start: dt.date  # Monday
    applications: int
    replies: int
    interviews: int
    offers: int
    rejections: int
    practice: int
    plan_steps: int
    sentence: str

    @property
    def end(self) -> dt.date:
        """The Sunday that ends the week."""
        return self.start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        """'Week 49 of 2026 (30 Nov – 6 Dec)'."""
        year, week, _ = self.start.isocalendar()
        return (
            f"Week {week} of {year} ({self.start.day} {self.start:%b} – "
            f"{self.end.day} {self.end:%b})"
        )

    @property
    def iso_week(self) -> str:
        """'2026-W49', for links and the week picker."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def figures(self) -> list[tuple[str, int]]:
        """(label, count) in the order shown."""
        return [(label, getattr(self, name)) for name, label in FIGURES]

    @property
    def quiet(self) -> bool:
        """Whether nothing at all happened in the week."""
        return not any(count for _, count in self.figures())


QUIET_WEEK = "A quiet week. Rest counts too; one application or one practice restarts the loop."


def last_full_week(today: dt.date) -> dt.date:
    """The Monday of the last week that has ended by `today`: the week a digest reviews."""
    return week_of(today) - dt.timedelta(days=7)


def review_lines(review: WeekReview) -> list[str]:
    """The review as lines of plain text: the week, its figures, then the honest sentence."""
    width = max(len(label) for label, _ in review.figures())
    lines = [review.label]
    lines += [f"  {label:<{width}}  {number}" for label, number in review.figures()]
    if review.quiet:
        lines.append(QUIET_WEEK)
    lines.append(review.sentence)
    return lines


def digest_text(review: WeekReview) -> tuple[str, str]:
    """The digest email's subject and plain-text body: the review's facts and nothing else."""
    year, week, _ = review.start.isocalendar()
    subject = f"Your job search, week {week} of {year}"
    body = "\n".join(
        [
            "Here is your weekly review from afterword, counted from your own records.",
            "",
            *review_lines(review),
            "",
            "-- ",
            "You asked for this email: it goes out once a week through your own mail account.",
            "To stop it: afterword review --digest off, or untick it on the Settings page.",
        ]
    )
    return subject, body + "\n"
