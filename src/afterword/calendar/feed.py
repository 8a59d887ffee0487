"""The calendar feed: dated actions, interviews and offer deadlines as iCalendar (pure).

Calendar apps poll a subscribed feed and replace what they showed, so every event
keeps the same UID from one fetch to the next, and the same events at the same
instant give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import icalendar

from afterword import localtime

CALENDAR_NAME = "afterword"
PRODUCT_ID = "-//afterword//calendar feed//EN"
UID_DOMAIN = "afterword"
# How often subscribed apps are asked to fetch again (Google decides for itself).
REFRESH = dt.timedelta(hours=1)
DEFAULT_INTERVIEW_MINUTES = 60
# An offer deadline's reminder: 09:00 the day before (an all-day event starts at midnight).
DEADLINE_ALARM = dt.timedelta(hours=-15)


@dataclass(frozen=True)
class ActionEvent:
    """An open action, on the day it is due (after any snooze)."""

    uid: str
    title: str
    due: dt.date
    reason: str
    company: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class InterviewEvent:
    """A scheduled interview, at its time in the zone it was arranged in."""

    uid: str
    company: str
    role: str
    label: str
    starts_at: dt.datetime
    timezone: str
    duration_minutes: int | None = None
    location: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class DeadlineEvent:
    """The day a pending offer must be answered by."""

    uid: str
    company: str
    role: str
    deadline: dt.date
    extended: bool = False
    path: str | None = None


@dataclass(frozen=True)
class CalendarEvents:
    """Everything the feed shows."""

    actions: Sequence[ActionEvent] = ()
    interviews: Sequence[InterviewEvent] = ()
    deadlines: Sequence[DeadlineEvent] = ()


@dataclass(frozen=True)
class PreviewItem:
    """One line of the page's list of coming events."""

    day: dt.date
    time: str | None
    what: str
    kind: str


def build_feed(events: CalendarEvents, *, now: dt.datetime, base_url: str | None = None) -> bytes:
    """Writes the events as an iCalendar file (UTF-8, CRLF line ends)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-caldesc", "Your follow-ups, interviews and offer deadlines from afterword.")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    stamp = now.astimezone(dt.UTC)
    for action in sorted(events.actions, key=lambda item: (item.due, item.uid)):
        calendar.add_component(_action_event(action, stamp, base_url))
    for interview in sorted(events.interviews, key=lambda item: (item.starts_at, item.uid)):
        calendar.add_component(_interview_event(interview, stamp, base_url))
    for deadline in sorted(events.deadlines, key=lambda item: (item.deadline, item.uid)):
        calendar.add_component(_deadline_event(deadline, stamp, base_url))
    # Time zone definitions for the interviews' zones, over a window around now (fixed for a
    # given `now`, so the output stays deterministic, and short).
    calendar.add_missing_timezones(
        first_date=dt.date(stamp.year - 1, 1, 1), last_date=dt.date(stamp.year + 3, 1, 1)
    )
    return bytes(calendar.to_ical())


def preview(
    events: CalendarEvents, *, today: dt.date, timezone: str | None = None, limit: int = 10
) -> list[PreviewItem]:
    """The next events from today on, soonest first; times in `timezone` (else the event's)."""
    items: list[tuple[dt.date, str, PreviewItem]] = []
    for action in events.actions:
        if action.due >= today:
            what = f"{action.title} ({action.company})" if action.company else action.title
            items.append((action.due, "", PreviewItem(action.due, None, what, "Action")))
    for interview in events.interviews:
        local = interview.starts_at.astimezone(localtime.zone(timezone or interview.timezone))
        if local.date() >= today:
            what = f"{interview.label} with {interview.company}"
            time = local.strftime("%H:%M")
            items.append((local.date(), time, PreviewItem(local.date(), time, what, "Interview")))
    for deadline in events.deadlines:
        if deadline.deadline >= today:
            what = f"Offer deadline: {deadline.company}"
            items.append(
                (deadline.deadline, "", PreviewItem(deadline.deadline, None, what, "Offer"))
            )
    items.sort(key=lambda item: (item[0], item[1], item[2].what))
    return [item for _, _, item in items[:limit]]


def _uid(kind: str, uid: str) -> str:
    return f"{kind}-{uid}@{UID_DOMAIN}"


def _link(base_url: str | None, path: str | None) -> str | None:
    if not base_url or not path:
        return None
    return base_url.rstrip("/") + path


def _description(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part)


def _all_day(event: icalendar.Event, day: dt.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    # An all-day reminder should not make the person look busy.
    event.add("transp", "TRANSPARENT")


def _action_event(action: ActionEvent, stamp: dt.datetime, base_url: str | None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("action", action.uid))
    event.add("dtstamp", stamp)
    summary = f"{action.title}: {action.company}" if action.company else action.title
    event.add("summary", summary)
    _all_day(event, action.due)
    link = _link(base_url, action.path)
    event.add("description", _description(action.reason, link and f"Open in afterword: {link}"))
    if link:
        event.add("url", link)
    event.add("categories", ["afterword"])
    return event


def _interview_event(
    interview: InterviewEvent, stamp: dt.datetime, base_url: str | None
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("interview", interview.uid))
    event.add("dtstamp", stamp)
    event.add("summary", f"{interview.label}: {interview.company}")
    zone = localtime.zone(interview.timezone)
    start = interview.starts_at.astimezone(zone)
    minutes = interview.duration_minutes or DEFAULT_INTERVIEW_MINUTES
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    if interview.location:
        event.add("location", interview.location)
    link = _link(base_url, interview.path)
    event.add(
        "description",
        _description(
            f"{interview.label} for the {interview.role} role at {interview.company}.",
            link and f"Open in afterword: {link}",
        ),
    )
    if link:
        event.add("url", link)
    event.add("categories", ["afterword"])
    return event


def _deadline_event(
    deadline: DeadlineEvent, stamp: dt.datetime, base_url: str | None
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("offer", deadline.uid))
    event.add("dtstamp", stamp)
    which = "Extended offer deadline" if deadline.extended else "Offer deadline"
    event.add("summary", f"{which}: {deadline.company}")
    _all_day(event, deadline.deadline)
    link = _link(base_url, deadline.path)
    event.add(
        "description",
        _description(
            f"Your answer to the {deadline.role} offer from {deadline.company} is due today.",
            link and f"Open in afterword: {link}",
        ),
    )
    if link:
        event.add("url", link)
    event.add("categories", ["afterword"])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", DEADLINE_ALARM)
    alarm.add("description", f"The offer from {deadline.company} needs your answer tomorrow.")
    event.add_component(alarm)
    return event
