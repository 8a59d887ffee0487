"""Dates a reader would take from a job email: a deadline, when a decision is due, an interview time.

Pure: text, the message's date and the user's local context (localtime.LocalContext: their
time zone, business calendar and date order, all from the profile) in; values out. Only dates
attached to a cue count ("by Friday", "within 5 business days", "would Tuesday 3rd at
2pm work?"), so a date in a signature or a footer is ignored. Dates are read with
dateparser relative to when the message was sent, preferring the future.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from afterword.dates import is_plausible
from afterword.inbox import budget
from afterword.inbox.body_text import latest_reply
from afterword.localtime import NUMBER, UNIT, LocalContext, Span, add_span, number, unit_of, zone

Kind = Literal["deadline", "decision_by", "decision_within", "interview_at"]

# Full names first, so that the full stop after "Friday." or "March." ends the sentence instead.
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?)"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"""\b(?:
        (?:(?P<wd1>{_WEEKDAY}),?\s+(?:the\s+)?)?
        (?:(?P<day1>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<mon1>{_MONTH})(?:,?\s+(?P<year1>\d{{4}}))?
          |(?P<mon2>{_MONTH})\s+(?P<day2>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<year2>\d{{4}}))?
          |(?P<num>\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)
          |(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})
          |(?P<dayonly>\d{{1,2}})(?:st|nd|rd|th)\b
        )
      |(?P<rel>(?:next|this|coming)\s+{_WEEKDAY}|tomorrow|today|end\s+of\s+(?:the\s+|next\s+)?(?:day|week)(?!\s+on\b))
      |(?P<wd2>{_WEEKDAY})
    )(?![\w/-])""",
    re.IGNORECASE | re.VERBOSE,
)
_ZONE = (
    r"(?P<zone>GMT|BST|UTC|CET|CEST|EST|EDT|ET|CST|CDT|CT|MST|MDT|MT|PST|PDT|PT|IST|AEDT|AEST|"
    r"(?:UK|London|Eastern|Pacific|Central|Mountain)(?:\s+time)?)\b"
)
_TIME = re.compile(
    rf"""(?:
        (?P<h12>\d{{1,2}})(?:[:.](?P<m12>\d{{2}}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)
       |(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)(?!\s*(?:%|/))
       |\b(?P<noon>noon|midday)\b
       |\bat\s+(?P<hbare>\d{{1,2}})\b(?![:./\d]|\s*[ap]\.?m\b)
    )
    # the end of a range ("9:00 AM - 1:30 PM PST") is skipped so that its zone still counts
    (?:\s*[-–—]\s*\d{{1,2}}(?:[:.]\d{{2}})?(?:\s*[ap]\.?m\.?)?)?
    (?:\s*\(?\s*{_ZONE}\)?)?""",
    re.IGNORECASE | re.VERBOSE,
)
# The number words and units are localtime's (NUMBER, UNIT): the one span vocabulary.
_WITHIN = re.compile(
    r"\b(?:within|in|over|take(?:s)?(?:\s+us)?(?:\s+up\s+to)?|up\s+to|(?:you\s+(?:will\s+|'ll\s+)?)have)\s+"
    r"(?:the\s+next\s+|about\s+|around\s+)?"
    rf"(?P<count>{NUMBER})\s+(?P<unit>{UNIT})\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<!\b[ap]\.m)(?<!\bapprox)[.!?](?=\s)|\n")
# Words before a date that make it a limit rather than an appointment.
_BY = re.compile(
    r"(?:\bby|\bbefore|no\s+later\s+than|on\s+or\s+before|\buntil|\btill|valid\s+through|beyond|"
    # "we can extend the offer deadline to 23 December", "moved your deadline to Friday"
    r"\b(?:extend|extended|extending|move|moved|moving|push|pushed)\s+(?:\w+\s+){0,3}?to|"
    r"push\s+past|\bdeadline(?:\s+(?:is|of))?|\bdue(?:\s+on)?|\bexpires?(?:\s+on)?|"
    r"\bclos(?:es|ing)(?:\s+on)?)"
    r"\s*:?\s*(?:at\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|business)?\s*(?:on\s+)?)?"
    r"(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:\w+\s+)?on\s+)?$",
    re.IGNORECASE,
)
# Who acts: the employer deciding ...
_WE_DECIDE = re.compile(
    r"\b(?:let\s+(?:you|all|everyone|applicants|candidates)|get\s+back|(?:be|get)\s+in\s+touch|"
    r"come\s+back|reach\s+out|decision|decide|outcome|update\s+you|contact|hear|heard|review|respond|"
    r"sift|shortlist|results?|update|news|answer|write\s+to\s+you|have\s+something|share|back\s+to\s+you)",
    re.IGNORECASE,
)
# Cues that make a date a limit on the candidate whatever the sentence says around them.
_FIRM_LIMIT = re.compile(
    r"(?:deadline|\bdue|expires?|available\s+until|open\s+until|valid\s+until)\W*$", re.IGNORECASE
)
# The candidate's answer is awaited: "your decision by", "hear from you by", "a yes or no by".
_THEIR_ANSWER = re.compile(
    r"your\s+(?:decision|answer|acceptance)|(?:ask|need|appreciate)\w*\s+(?:for\s+)?a\s+decision|"
    r"hear\s+(?:back\s+)?from\s+you|yes\s+or\s+no|(?:like|need|want)\s+to\s+know|"
    r"\b(?:accept|decline)\b|\boffer\b|have\s+until|take\s+(?:until|till)",
    re.IGNORECASE,
)
_YOU = re.compile(r"\b(?:you|your|please)\b", re.IGNORECASE)
# ... or the candidate doing a task (booking or confirming an interview slot is not a deadline).
_YOU_DO = re.compile(
    r"\b(?:complete|submit|send|return|accept|sign|respond|reply|let\s+(?:us|me)\s+know|decide|"
    r"get\s+back\s+to\s+(?:us|me)|upload|finish|deadline|expire|due|answer)",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"\b(?:interview|call|chat|meet|meeting|screen|conversation|session|coffee|video|zoom|teams|"
    r"slot|date|time|invite|schedul|available|free|works?\s+for\s+you|how\s+(?:about|does)|would|could|"
    r"when\s*:|come\s+in|pop\s+in|drop\s+by|see\s+you|itinerary|confirmed|booked|onsite|"
    r"assessment\s+(?:centre|center|day)|onsite|on-site|visit|panel|lunch|join)",
    re.IGNORECASE,
)
_ZONES: dict[str, str] = {
    "gmt": "UTC", "utc": "UTC", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00",
    "est": "-05:00", "edt": "-04:00", "et": "America/New_York", "eastern time": "America/New_York",
    "cst": "-06:00", "cdt": "-05:00", "ct": "America/Chicago", "central time": "America/Chicago",
    "mst": "-07:00", "mdt": "-06:00", "mt": "America/Denver",
    "pst": "-08:00", "pdt": "-07:00", "pt": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "ist": "+05:30", "aedt": "+11:00", "aest": "+10:00",
    "uk time": "Europe/London", "london time": "Europe/London", "uk": "Europe/London",
    "london": "Europe/London", "eastern": "America/New_York", "central": "America/Chicago",
    "mountain": "America/Denver", "pacific": "America/Los_Angeles",
    "mountain time": "America/Denver",
}  # fmt: skip
# A time belongs to a date when it sits this close before or after it ("5pm on Monday", "at 2pm").
_TIME_REACH = 40
# A date without a year this recently past is read as past rather than as next year's.
_RECENT_PAST = dt.timedelta(days=60)
# Date phrases read per message: a job email names a handful, and each costs a dateparser call
# (a 36 KB email listing 1,456 of them took 13 s). The first of each kind wins anyway.
MAX_DATE_PHRASES = 60


@dataclass(frozen=True)
class Found:
    """One cued date: what it means, the words it came from, and its value."""

    kind: Kind
    phrase: str
    value: dt.date | dt.datetime | Span


@dataclass(frozen=True)
class ExtractedDates:
    """The dates a reader would take from a message; `found` says where each came from."""

    deadline: dt.date | None = None
    deadline_at: dt.datetime | None = None  # when the deadline names a time too
    decision_by: dt.date | None = None
    decision_within: Span | None = None
    interview_at: dt.datetime | None = None
    found: tuple[Found, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Moment:
    start: int
    end: int
    day: dt.date
    time: dt.time | None
    zone: dt.tzinfo | None
    phrase: str


def _zone(name: str | None) -> dt.tzinfo | None:
    if not name:
        return None
    value = _ZONES.get(" ".join(name.lower().split()))
    if value is None:
        return None
    if value[0] in "+-":
        sign = -1 if value[0] == "-" else 1
        hours, minutes = int(value[1:3]), int(value[4:6])
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return dt.UTC if value == "UTC" else zone(value)


def _parse_time(match: re.Match[str]) -> dt.time | None:
    if match["noon"]:
        return dt.time(12, 0)
    if match["h12"]:
        hour, minute = int(match["h12"]), int(match["m12"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        pm = match["ampm"].lower().startswith("p")
        return dt.time(hour % 12 + (12 if pm else 0), minute)
    if match["h24"]:
        hour = int(match["h24"])
        # "3:30" with no am/pm in an email about a meeting is the afternoon, never 3:30 at night.
        return dt.time(hour + 12 if 1 <= hour < 8 else hour, int(match["m24"]))
    hour = int(match["hbare"])
    if not 1 <= hour <= 12:
        return None
    # "Tuesday at 2": office hours make 1-7 the afternoon.
    return dt.time(hour + 12 if hour < 8 else hour, 0)


def _weekday_index(name: str) -> int:
    return ["mo", "tu", "we", "th", "fr", "sa", "su"].index(name.lower()[:2])


def _day_only(day: int, weekday: str | None, base: dt.date) -> dt.date | None:
    """The next date on that day of the month (on that weekday, when one is named)."""
    fallback: dt.date | None = None
    year, month = base.year, base.month
    for _ in range(13):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= base:
            if weekday is None or candidate.weekday() == _weekday_index(weekday):
                return candidate
            fallback = fallback or candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return fallback


def _minus_year(day: dt.date) -> dt.date:
    return (
        day.replace(year=day.year - 1)
        if (day.month, day.day) != (2, 29)
        else day - dt.timedelta(days=366)
    )


def _parse_day(match: re.Match[str], base: dt.datetime, date_order: str) -> dt.date | None:
    """The calendar date a date expression names, relative to `base` (local, naive)."""
    import dateparser  # type: ignore[import-untyped]

    if match["dayonly"]:
        return _day_only(int(match["dayonly"]), match["wd1"], base.date())
    expression = match.group(0)
    if match["wd1"]:
        expression = expression[len(match["wd1"]) :].lstrip(" ,")
        expression = re.sub(r"^the\s+", "", expression, flags=re.IGNORECASE)
    if match["rel"] and match["rel"].lower().startswith("end of"):
        if "week" in match["rel"].lower():
            friday = base.date() + dt.timedelta(days=(4 - base.weekday()) % 7)
            return friday + dt.timedelta(days=7) if "next" in match["rel"].lower() else friday
        return base.date()
    if match["rel"] and match["rel"].lower().startswith(("this", "coming")):
        expression = match["rel"].split(None, 1)[1]
    order = date_order
    if match["num"]:
        first = int(match["num"].split("/")[0])
        order = "DMY" if first > 12 else ("MDY" if int(match["num"].split("/")[1]) > 12 else order)
    parsed = dateparser.parse(
        expression,
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": order,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    if not isinstance(parsed, dt.datetime):
        return None
    day: dt.date = parsed.date()
    has_year = (
        match["year1"] or match["year2"] or match["iso"] or (match["num"] or "").count("/") == 2
    )
    if (match["mon1"] or match["mon2"] or match["num"]) and not has_year:
        last_year = _minus_year(day)
        if day - base.date() > dt.timedelta(days=180) and base.date() - last_year < _RECENT_PAST:
            # "by 1 March" in a mail of 2 March is yesterday, not next year: kept in the past.
            day = last_year
    if (match["wd2"] or (match["rel"] and "day" in match["rel"].lower())) and day <= base.date():
        # A bare weekday in an email always means the next one, never today or a past one.
        day += dt.timedelta(days=7)
    return day


def _nearby_time(text: str, start: int, end: int) -> re.Match[str] | None:
    """A time just after the date ("at 2pm") or just before it ("5pm on Monday")."""
    after = _TIME.search(text, end, min(len(text), end + _TIME_REACH))
    if (
        after
        and not _DATE.search(text, end, after.start())
        and "\n\n" not in text[end : after.start()]
    ):
        return after
    window_start = max(0, start - _TIME_REACH)
    before = None
    for candidate in _TIME.finditer(text, window_start, start):
        before = candidate
    if before and re.fullmatch(
        r"\s*(?:on|,)?\s*(?:the\s+)?", text[before.end() : start], re.IGNORECASE
    ):
        return before
    return None


def _moments(text: str, base: dt.datetime, date_order: str) -> list[_Moment]:
    moments: list[_Moment] = []
    # The same words name the same day within one message: each is read once.
    days: dict[str, dt.date | None] = {}
    for count, match in enumerate(_DATE.finditer(text)):
        if count >= MAX_DATE_PHRASES:
            break
        budget.check()
        if match["wd2"] and re.match(r"\s*(?:morning|afternoon|evening)s\b", text[match.end() :]):
            continue  # "Monday mornings": a habit, not a date
        words = match.group(0).lower()
        if words not in days:
            try:
                days[words] = _parse_day(match, base, date_order)
            # Near the ends of the calendar (a message dated 9999-12-31) the arithmetic
            # overflows: such a phrase names no real day.
            except (OverflowError, ValueError):
                days[words] = None
        day = days[words]
        if day is None or not is_plausible(day):
            continue
        time_match = _nearby_time(text, match.start(), match.end())
        time = _parse_time(time_match) if time_match else None
        zone = _zone(time_match["zone"]) if time_match else None
        start = min(match.start(), time_match.start()) if time_match else match.start()
        end = max(match.end(), time_match.end()) if time_match else match.end()
        moments.append(_Moment(start, end, day, time, zone, text[start:end]))
    return _structured_time(text, moments)


def _structured_time(text: str, moments: list[_Moment]) -> list[_Moment]:
    """Joins 'Date: Tuesday 31 March' with the 'Time: 09:00' line that follows it."""
    joined: list[_Moment] = []
    for moment in moments:
        if moment.time is None and re.search(
            r"date\s*:\s*$", _line_before(text, moment.start), re.I
        ):
            line = re.compile(r"^\s*time\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
            following = line.search(text, moment.end, moment.end + 120)
            if following:
                time_match = _TIME.search(following.group(1))
                if time_match:
                    moment = _Moment(
                        moment.start,
                        moment.end,
                        moment.day,
                        _parse_time(time_match),
                        _zone(time_match["zone"]),
                        moment.phrase + "; " + following.group(0).strip(),
                    )
        joined.append(moment)
    return joined


def _line_before(text: str, index: int) -> str:
    return text[text.rfind("\n", 0, index) + 1 : index]


@functools.lru_cache(maxsize=2)
def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence break in the text starts and ends, found once per text.

    Looking them up (instead of scanning from the start for every date) keeps a message with
    hundreds of dates linear in its length.
    """
    found = list(_SENTENCE_BREAK.finditer(text))
    return [match.start() for match in found], [match.end() for match in found]


def _breaks_before(text: str, index: int) -> list[int]:
    """The ends of the breaks `_SENTENCE_BREAK.finditer(text, 0, index)` would find."""
    starts, ends = _sentence_breaks(text)
    count = bisect.bisect_right(ends, index)
    # A full stop counts only with a space after it; searching up to `index` cannot see the
    # character at `index` itself.
    if count and ends[count - 1] == index and text[starts[count - 1]] != "\n":
        count -= 1
    return ends[:count]


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence around [start, end): the part before it and the part after it."""
    starts, _ends = _sentence_breaks(text)
    before = _breaks_before(text, start)
    head_start = before[-1] if before else 0
    following = bisect.bisect_left(starts, end)
    tail = starts[following] if following < len(starts) else len(text)
    return text[head_start:start], text[end:tail]


def _previous_sentence(text: str, start: int) -> str:
    """The sentence (or line) before the one holding `start`: "Your interview is confirmed:"."""
    ends = _breaks_before(text, start)
    head = ends[-1] if ends else 0
    begin = 0
    # The nearest earlier break with words between it and `head` (blank lines are skipped).
    for index in range(len(ends) - 2, -1, -1):
        if text[ends[index] : ends[index + 1]].strip():
            begin = ends[index]
            break
    return text[begin:head] + " "


def _span(match: re.Match[str]) -> Span:
    # _WITHIN only matches localtime's NUMBER, so the count always reads.
    count = number(match["count"])
    assert count is not None
    return Span(count, unit_of(match["unit"]))


def _span_end(span: Span, start: dt.date, local: LocalContext) -> dt.date | None:
    """The day a span ends on the user's calendar (localtime.add_span), or None when it would
    run past the end of the calendar."""
    try:
        return add_span(start, span, local.calendar)
    except (OverflowError, ValueError):
        return None


def extract_dates(text: str, sent_at: dt.datetime, local: LocalContext) -> ExtractedDates:
    """The cued dates in a message's newest text, read relative to when it was sent.

    Times without a zone are in the user's zone; spans end on their business calendar
    (public holidays skipped); numeric dates ("04/12") are read in the order the user's
    country writes them. All three come from `local`, never guessed from the zone's name.
    """
    timezone = local.zone
    body = latest_reply(text)
    try:
        local_sent = (
            sent_at.astimezone(timezone) if sent_at.tzinfo else sent_at.replace(tzinfo=timezone)
        )
    except OverflowError:  # sent at the very end of the calendar: nothing can follow it
        return ExtractedDates()
    base = local_sent.replace(tzinfo=None)
    if not is_plausible(base.date()):
        # Mail dated in year 9999 or 0001: no cue in it can name a real day.
        return ExtractedDates()
    found: list[Found] = []
    for count, within in enumerate(_WITHIN.finditer(body)):
        if count >= MAX_DATE_PHRASES:
            break
        before, after = _sentence(body, within.start(), within.end())
        context = before + " " + after
        limit = _span_end(_span(within), local_sent.date(), local)
        if _THEIR_ANSWER.search(context) or re.search(r"\b(?:please|kindly)\b", context, re.I):
            # "Please accept within 5 working days": the candidate's limit, counted from today.
            if limit is None:
                continue  # counted from a day near the end of the calendar: no real day ends it
            found.append(Found("deadline", within.group(0).strip(), limit))
        elif _WE_DECIDE.search(context):
            found.append(Found("decision_within", within.group(0).strip(), _span(within)))
        elif within.group(0).lower().lstrip().startswith("you") and _YOU_DO.search(after):
            # "You will have 3 business days to complete the assessment."
            found.append(Found("deadline", within.group(0).strip(), limit or local_sent.date()))
    for moment in _moments(body, base, date_order=local.date_order):
        before, after = _sentence(body, moment.start, moment.end)
        if moment.day < base.date():
            continue  # a date already past ("we met on 3 March") is never a deadline or a slot
        if _BY.search(before):
            context = before + " " + after
            if _THEIR_ANSWER.search(context) or (_YOU_DO.search(context) and _YOU.search(context)):
                found.append(Found("deadline", moment.phrase, _at(moment, timezone) or moment.day))
            elif _WE_DECIDE.search(context):
                found.append(Found("decision_by", moment.phrase, moment.day))
            elif _YOU_DO.search(context) or _FIRM_LIMIT.search(before):
                found.append(Found("deadline", moment.phrase, _at(moment, timezone) or moment.day))
        elif moment.time is not None and _MEETING.search(
            _previous_sentence(body, moment.start) + before + after
        ):
            at = _at(moment, timezone)
            if at is not None:
                found.append(Found("interview_at", moment.phrase, at))
    return _first_of_each(found)


def _at(moment: _Moment, timezone: dt.tzinfo) -> dt.datetime | None:
    if moment.time is None:
        return None
    return dt.datetime.combine(moment.day, moment.time, tzinfo=moment.zone or timezone)


def _first_of_each(found: list[Found]) -> ExtractedDates:
    """The first date of each kind wins: emails put the main proposal first."""
    values: dict[str, object] = {}
    for item in found:
        values.setdefault(item.kind, item.value)
    deadline = values.get("deadline")
    deadline_at = deadline if isinstance(deadline, dt.datetime) else None
    if isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    decision_by = values.get("decision_by")
    within = values.get("decision_within")
    interview = values.get("interview_at")
    return ExtractedDates(
        deadline=deadline if isinstance(deadline, dt.date) else None,
        deadline_at=deadline_at,
        decision_by=decision_by if isinstance(decision_by, dt.date) else None,
        decision_within=within if isinstance(within, Span) else None,
        interview_at=interview if isinstance(interview, dt.datetime) else None,
        found=tuple(found),
    )
