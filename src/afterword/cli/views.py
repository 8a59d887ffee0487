"""Rich views of single records for `show` commands."""

from __future__ import annotations

import datetime as dt

from rich.table import Table
from rich.text import Text

from afterword import localtime
from afterword.cli.output import console, money, text
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview


def local_time(instant: dt.datetime | None, timezone: str) -> str:
    """An instant in the user's zone, e.g. '2026-12-03 14:30 GMT'."""
    if instant is None:
        return ""
    return instant.astimezone(localtime.zone(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def _fields(rows: list[tuple[str, str]]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        if value:
            table.add_row(label, value)
    return table


def _styled(title: str, rest: str = "", *, style: str = "bold") -> Text:
    """A line whose first part is styled; the console reads no markup, so values stay literal."""
    return Text.assemble((title, style), rest)


def _section(title: str) -> None:
    console().print()
    console().print(_styled(title, style="bold underline"))


def show_application(application: Application, *, timezone: str) -> None:
    """Prints one application with its people, interviews, outcomes, offers and history."""
    out = console()
    out.print(
        _styled(f"{application.company} -- {application.role}", f"  (application {application.id})")
    )
    salary = ""
    if application.salary_min is not None or application.salary_max is not None:
        low = money(application.salary_min, None) or "?"
        high = money(application.salary_max, None) or "?"
        salary = f"{low} - {high} {application.salary_currency or ''}".strip()
        if application.salary_period:
            salary += f" per {application.salary_period.value}"
    out.print(
        _fields(
            [
                ("Status", application.status.label),
                ("Applied", text(application.applied_on)),
                ("Source", text(application.source)),
                ("Location", text(application.location)),
                ("Salary", salary),
                ("Interest", "*" * (application.interest or 0)),
                ("Tags", ", ".join(application.tag_names)),
                ("Link", text(application.link)),
                ("Notes", text(application.notes)),
            ]
        )
    )
    if application.contacts:
        _section("People")
        for contact in application.contacts:
            email = f" <{contact.email}>" if contact.email else ""
            out.print(
                f"  [{contact.id}] {contact.name or ''}{email} -- {contact.role.value.replace('_', ' ')}"
            )
    if application.interviews:
        _section("Interviews")
        for interview in application.interviews:
            show_interview_summary(interview, timezone=timezone)
    if application.outcomes:
        _section("Outcomes")
        for outcome in application.outcomes:
            note = f" -- {outcome.note}" if outcome.note else ""
            out.print(f"  {outcome.occurred_on}  {outcome.kind.value.replace('_', ' ')}{note}")
    if application.offers:
        _section("Offers")
        for offer in application.offers:
            show_offer(offer, heading=False)
    if application.feedback:
        _section("Feedback")
        for feedback in application.feedback:
            out.print(f"  {feedback.received_on}  {feedback.text}")
    if application.messages:
        _section("Emails")
        for message in application.messages:
            route = {
                "smtp": "sent",
                "imap_drafts": "saved to Drafts",
                "eml": "saved as .eml",
                "mailto": "opened in mail app",
                "copied": "sent by you",
            }[message.route.value]
            out.print(
                f"  {local_time(message.at, timezone)}  {route} to {message.to_email or '?'}: {message.subject}"
            )
    _section("History")
    for change in application.history:
        origin = f"{change.from_status.label} -> " if change.from_status else ""
        out.print(
            f"  {local_time(change.at, timezone)}  {origin}{change.to_status.label}  ({change.cause})"
        )


def show_interview_summary(interview: Interview, *, timezone: str) -> None:
    """Prints one interview round in a few lines."""
    out = console()
    when = local_time(interview.scheduled_at, timezone) or "time not set"
    out.print(
        f"  Round {interview.round} [{interview.id}]: {interview.kind.value.replace('_', ' ')}, {when}"
    )
    if interview.interviewers:
        out.print("    with " + ", ".join(person.display_name for person in interview.interviewers))
    if interview.timeline is not None:
        out.print(f"    decision promised {interview.timeline.describe()}")
    if interview.self_rating:
        out.print(f"    self-rating {interview.self_rating}/5")
    if interview.still_interested is not None:
        out.print(f"    still interested: {text(interview.still_interested)}")
    for question in interview.questions:
        mark = {True: "went well", False: "tough", None: "asked"}[question.went_well]
        out.print(f"    - {question.text} ({mark})")


def show_interview(interview: Interview, *, timezone: str) -> None:
    """Prints an interview round and its debrief in full."""
    out = console()
    application = interview.application
    out.print(
        _styled(
            f"Round {interview.round}: {interview.kind.value.replace('_', ' ')}",
            f" -- {application.company}, {application.role} (interview {interview.id})",
        )
    )
    out.print(
        _fields(
            [
                ("When", local_time(interview.scheduled_at, timezone)),
                (
                    "Duration",
                    f"{interview.duration_minutes} min" if interview.duration_minutes else "",
                ),
                ("Where", text(interview.location)),
                ("With", ", ".join(p.display_name for p in interview.interviewers)),
                ("Self-rating", f"{interview.self_rating}/5" if interview.self_rating else ""),
                ("Went well", text(interview.went_well)),
                ("Went badly", text(interview.went_badly)),
                ("Decision", interview.timeline.describe() if interview.timeline else ""),
                ("Another round?", text(interview.further_round_expected)),
                ("Still interested?", text(interview.still_interested)),
                ("Notes", text(interview.notes)),
            ]
        )
    )
    if interview.questions:
        _section("Questions")
        for question in interview.questions:
            mark = {True: "went well", False: "tough", None: "asked"}[question.went_well]
            notes = f" -- {question.answer_notes}" if question.answer_notes else ""
            out.print(f"  - {question.text} ({mark}){notes}")


def show_offer(offer: Offer, *, heading: bool = True) -> None:
    """Prints an offer's terms, totals and state."""
    from afterword.offers.service import compensation

    out = console()
    if heading:
        application = offer.application
        out.print(_styled(f"Offer {offer.id}", f" -- {application.company}, {application.role}"))
    else:
        out.print(f"  Offer {offer.id} ({offer.decision.value})")
    pay = compensation(offer)
    currency = offer.currency
    bonus = ""
    if offer.bonus_percent is not None:
        bonus = f"{offer.bonus_percent:g}% ({money(pay.annual_bonus, currency)})"
    elif offer.bonus_amount is not None:
        bonus = money(offer.bonus_amount, currency)
    deadline = text(offer.effective_deadline)
    if offer.extended_deadline:
        deadline += f" (extended from {offer.deadline})"
    has_money = offer.base_salary is not None
    out.print(
        _fields(
            [
                (
                    "Decision",
                    offer.decision.value + (f" on {offer.decided_on}" if offer.decided_on else ""),
                ),
                ("Deadline", deadline),
                ("Base", money(offer.base_salary, currency)),
                ("Bonus", bonus),
                ("Sign-on", money(offer.sign_on, currency)),
                ("Equity", money(offer.equity_value, currency)),
                (
                    "Vesting",
                    text(offer.vesting_schedule)
                    + (
                        f", {offer.vesting_cliff_months}-month cliff"
                        if offer.vesting_cliff_months
                        else ""
                    ),
                ),
                ("First year", money(pay.total_for_year(1), currency) if has_money else ""),
                ("Four years", money(pay.total_over(4), currency) if has_money else ""),
                ("Level", text(offer.level)),
                ("Location", text(offer.location)),
                ("Start", text(offer.start_date)),
                ("Notes", text(offer.notes)),
            ]
        )
    )
