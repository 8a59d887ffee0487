"""The iCalendar feed, read back the way a calendar app reads it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from afterword.calendar.feed import (
    ActionEvent,
    CalendarEvents,
    DeadlineEvent,
    InterviewEvent,
    build_feed,
    preview,
)

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)

FOLLOW_UP = ActionEvent(
    uid="a1",
    title="Follow up gently",
    due=dt.date(2026, 11, 25),
    reason="No reply one business day after the promised 2026-11-24.",
    company="Acme",
    path="/applications/3",
)
INTERVIEW = InterviewEvent(
    uid="i1",
    company="Globex",
    role="Data Engineer",
    label="Technical interview",
    starts_at=dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC),
    timezone="America/New_York",
    duration_minutes=None,
    location="Video call",
    path="/applications/4",
)
DEADLINE = DeadlineEvent(
    uid="o1",
    company="Initech",
    role="Analyst",
    deadline=dt.date(2026, 12, 4),
    extended=True,
    path="/offers",
)
EVENTS = CalendarEvents(actions=[FOLLOW_UP], interviews=[INTERVIEW], deadlines=[DEADLINE])


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_names_the_calendar_and_asks_for_hourly_refresh() -> None:
    calendar = icalendar.Calendar.from_ical(build_feed(EVENTS, now=NOW))
    assert str(calendar["X-WR-CALNAME"]) == "afterword"
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(calendar["VERSION"]) == "2.0"


def test_open_action_is_an_all_day_event_with_its_reason_and_link() -> None:
    event = _events(build_feed(EVENTS, now=NOW, base_url="http://localhost:8765"))[
        "action-a1@afterword"
    ]
    assert str(event["SUMMARY"]) == "Follow up gently: Acme"
    assert event["DTSTART"].dt == dt.date(2026, 11, 25)
    assert not isinstance(event["DTSTART"].dt, dt.datetime)
    assert event["DTEND"].dt == dt.date(2026, 11, 26)
    description = str(event["DESCRIPTION"])
    assert "No reply one business day after the promised 2026-11-24." in description
    assert "http://localhost:8765/applications/3" in description
    assert str(event["URL"]) == "http://localhost:8765/applications/3"
    assert event["DTSTAMP"].dt == NOW


def test_without_a_base_url_the_description_carries_no_link() -> None:
    event = _events(build_feed(EVENTS, now=NOW))["action-a1@afterword"]
    assert "http" not in str(event["DESCRIPTION"])
    assert "URL" not in event


def test_interview_keeps_its_time_zone_and_lasts_an_hour_by_default() -> None:
    data = build_feed(EVENTS, now=NOW)
    event = _events(data)["interview-i1@afterword"]
    start = event["DTSTART"].dt
    assert start == dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTEND"].dt - start == dt.timedelta(minutes=60)
    assert str(event["LOCATION"]) == "Video call"
    assert str(event["SUMMARY"]) == "Technical interview: Globex"
    # The zone is defined in the file, so apps without a zone database read it right.
    zones = [str(zone["TZID"]) for zone in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["America/New_York"]


def test_interview_with_a_duration_ends_after_it() -> None:
    longer = InterviewEvent(**{**INTERVIEW.__dict__, "duration_minutes": 150})
    event = _events(build_feed(CalendarEvents(interviews=[longer]), now=NOW))[
        "interview-i1@afterword"
    ]
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(minutes=150)


def test_offer_deadline_is_all_day_with_a_reminder_the_day_before() -> None:
    event = _events(build_feed(EVENTS, now=NOW))["offer-o1@afterword"]
    assert str(event["SUMMARY"]) == "Extended offer deadline: Initech"
    assert event["DTSTART"].dt == dt.date(2026, 12, 4)
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    trigger = alarms[0]["TRIGGER"].dt
    assert dt.timedelta(days=-1) <= trigger < dt.timedelta(0)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert "tomorrow" in str(alarms[0]["DESCRIPTION"])


def test_feed_is_deterministic_and_uids_are_stable() -> None:
    first = build_feed(EVENTS, now=NOW, base_url="http://localhost:8765")
    reordered = CalendarEvents(
        actions=list(reversed(EVENTS.actions)),
        interviews=EVENTS.interviews,
        deadlines=EVENTS.deadlines,
    )
    assert build_feed(reordered, now=NOW, base_url="http://localhost:8765") == first
    later = build_feed(EVENTS, now=NOW + dt.timedelta(hours=2))
    assert set(_events(later)) == set(_events(first))


def test_an_empty_feed_is_still_a_valid_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(build_feed(CalendarEvents(), now=NOW))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "afterword"


def test_text_with_commas_and_new_lines_survives_the_round_trip() -> None:
    tricky = ActionEvent(
        uid="a2", title="Reflect", due=TODAY, reason="Line one,\nline two; done", company=None
    )
    event = _events(build_feed(CalendarEvents(actions=[tricky]), now=NOW))["action-a2@afterword"]
    assert str(event["DESCRIPTION"]) == "Line one,\nline two; done"
    assert str(event["SUMMARY"]) == "Reflect"


def test_preview_lists_coming_events_soonest_first_in_local_time() -> None:
    past = ActionEvent(uid="old", title="Old", due=TODAY - dt.timedelta(days=2), reason="r")
    events = CalendarEvents(actions=[FOLLOW_UP, past], interviews=[INTERVIEW], deadlines=[DEADLINE])
    items = preview(events, today=TODAY)
    assert [(item.day, item.time, item.kind) for item in items] == [
        (dt.date(2026, 11, 25), None, "Action"),
        (dt.date(2026, 11, 26), "09:00", "Interview"),
        (dt.date(2026, 12, 4), None, "Offer"),
    ]
    assert items[1].what == "Technical interview with Globex"


def test_preview_shows_interview_times_in_the_users_zone_when_given() -> None:
    items = preview(CalendarEvents(interviews=[INTERVIEW]), today=TODAY, timezone="Europe/London")
    assert items[0].time == "14:00"
