"""The demo's mailbox: a handful of emails the demo person received, for inbox triage to read.

They follow the story in story.py: the rejections and the offer it already
recorded arrive as email too (triage files them as already recorded), a
recruiter keeps the Kitebright process moving with a new decision date, an
application the person never logged waits in the review queue, and around the
job search there is the usual other mail (a recruiter about a new role, a
newsletter, a note from their sister). Day offsets count business days from
`today` like the story, hours are local to the user's time zone, and each
message has a stable Message-ID, so importing them again adds nothing. All
people, companies and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
from dataclasses import dataclass
from email.message import EmailMessage

from afterword.demo.story import Story
from afterword.inbox.message import RawMessage, SourceKind

# The demo person, as their correspondents write to them.
FIRST_NAME = "Robin"
ADDRESS = "robin.haldane@demo.example"

# The keys of `letters`, oldest first: they make the rows' uids, so renaming one orphans the row
# an older version loaded.
KEYS = (
    "harbourline-decision",
    "outreach-stonechat",
    "cobalt-decision",
    "lumen-offer",
    "from-maddie",
    "hollowell-received",
    "pipeline-post",
    "kitebright-timing",
    "wrenfield-received",
)


@dataclass(frozen=True)
class Letter:
    """One received email: `day` in business days from today, local `hour` and `minute`."""

    key: str
    day: int
    hour: int
    minute: int
    sender: str
    subject: str
    body: str
    headers: tuple[tuple[str, str], ...] = ()


def location(key: str) -> str:
    """Where the ledger records the demo email with this key as found."""
    return f"demo:{key}"


def message_id(key: str) -> str:
    """The demo email's Message-ID: stable, so a second load recognises it."""
    return f"<demo-{key}@afterword.invalid>"


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _first_monday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def letters(story: Story) -> tuple[Letter, ...]:
    """The demo's emails, oldest first, dated around the story's `today`."""
    name = FIRST_NAME
    offer_deadline = story.day(4)  # as recorded on the Lumen Ledger offer in story.py
    start = _first_monday_after(story.today + dt.timedelta(days=35))
    kitebright_by = story.day(5)
    return (
        Letter(
            "harbourline-decision",
            day=-13,
            hour=14,
            minute=41,
            sender="Rosalind Achebe <rosalind.achebe@harbourline-demo.example>",
            subject="Analytics Engineer, Ridership: our decision",
            body=(
                f"Dear {name},\n\n"
                "Thank you for the afternoon you gave us for the panel, and for the care you "
                "put into your answers.\n\n"
                "I'm sorry to say that we have decided not to offer you the Analytics Engineer "
                "role. It was a close decision, and the panel asked me to tell you how much "
                "they enjoyed hearing about your work with planners.\n\n"
                "If notes from the panel would be useful, reply to this email and I will write "
                "them up for you.\n\n"
                "With every good wish for your search,\n"
                "Rosalind\n\n"
                "--\n"
                "Rosalind Achebe\n"
                "Recruitment Coordinator, Harbourline Transit\n"
            ),
        ),
        Letter(
            "outreach-stonechat",
            day=-9,
            hour=9,
            minute=12,
            sender="Nkechi Okafor-Bell <nkechi.okaforbell@stonechat-demo.example>",
            subject="Data Engineer at Stonechat: worth a chat?",
            body=(
                f"Hi {name},\n\n"
                "I hope you don't mind me getting in touch out of the blue. I'm the talent "
                "partner at Stonechat, where we turn river and rainfall sensor readings into "
                "flood warnings for local councils.\n\n"
                "We're looking for a Data Engineer to join a team of four, looking after the "
                "pipelines that take in readings every fifteen minutes and the models the "
                "hydrologists build on them. Your background in batch pipelines and data "
                "quality caught my eye. It's remote within the UK with a get-together in York "
                "every quarter, and the salary is £70,000 to £80,000.\n\n"
                "Would you be open to a twenty-minute call next week to hear more? No "
                "pressure at all if the timing isn't right.\n\n"
                "Best wishes,\n"
                "Nkechi\n\n"
                "Nkechi Okafor-Bell\n"
                "Talent Partner, Stonechat\n"
            ),
        ),
        Letter(
            "cobalt-decision",
            day=-8,
            hour=10,
            minute=47,
            sender="Sadie Lindgren <sadie.lindgren@cobaltkettle-demo.example>",
            subject="Data Engineer, Player Analytics: an update from Cobalt Kettle",
            body=(
                f"Hi {name},\n\n"
                "Thank you for all the time you put into the take-home, and for talking Marek "
                "through it last week.\n\n"
                "I'm afraid we won't be moving forward with your application. We have offered "
                "the role to another candidate, and I know this isn't the news you were "
                "hoping for.\n\n"
                "The panel's notes are still coming in; I'll collect them and send you a "
                "summary tomorrow, because there is a lot in there worth hearing.\n\n"
                "Thanks again, and good luck,\n"
                "Sadie\n"
            ),
        ),
        Letter(
            "lumen-offer",
            day=-5,
            hour=16,
            minute=4,
            sender="Imogen Castellanos <imogen.castellanos@lumenledger-demo.example>",
            subject="Your offer from Lumen Ledger",
            body=(
                f"Hi {name},\n\n"
                "As promised on the phone a moment ago, here it is in writing: we would love "
                "you to join Lumen Ledger as a Senior Data Engineer (L4) on the Payments Data "
                "team!\n\n"
                "In short:\n"
                "- base salary £88,000, with a 10% annual bonus target\n"
                "- a £7,500 sign-on payment\n"
                "- share options worth about £40,000, vesting over four years with a "
                "one-year cliff\n"
                "- hybrid, with Tuesdays and Thursdays in our London office\n"
                f"- a start date of Monday {start.day} {start:%B}, or whenever suits you\n\n"
                "The offer letter with the full details is attached. Nadia and the panel were "
                "really impressed with your settlement design, and everyone is hoping you'll "
                f"say yes. Could you let us know your decision by {_long(offer_deadline)}? "
                "If you have any questions before then, call me any time.\n\n"
                "Congratulations!\n"
                "Imogen\n"
            ),
        ),
        Letter(
            "from-maddie",
            day=-4,
            hour=7,
            minute=52,
            sender="Maddie Haldane <maddie.haldane@homemail-demo.example>",
            subject="dumplings!!",
            body=(
                f"Hey {name},\n\n"
                "Still smiling about last night. That dumpling place was a proper find and "
                "you looked about ten years younger than you did a fortnight ago. Mum rang at "
                "seven this morning to ask if you're 'a banker now'. I told her to ring you "
                "herself.\n\n"
                "Sunday lunch at ours next weekend? Dad says he's doing the crumble, so brace "
                "yourself.\n\n"
                "Love you, proud of you,\n"
                "M x\n"
            ),
        ),
        Letter(
            "hollowell-received",
            day=-3,
            hour=22,
            minute=16,
            sender="Hollowell Analytics <no-reply@hire.lever.example>",
            subject="Thank you for applying to Hollowell Analytics",
            body=(
                f"Hi {name},\n\n"
                "Thank you for applying for the Data Engineer position at Hollowell "
                "Analytics. We have received your application and our hiring team will "
                "review it carefully.\n\n"
                "If your experience is a good match for the role, a member of our team will "
                "contact you about next steps. We read every application ourselves, so "
                "please bear with us.\n\n"
                "Kind regards,\n"
                "The Hollowell Analytics Hiring Team\n\n"
                "This is an automated message from our recruiting system. Replies to this "
                "address are not monitored.\n"
            ),
        ),
        Letter(
            "pipeline-post",
            day=-2,
            hour=7,
            minute=0,
            sender="The Pipeline Post <hello@pipelinepost-demo.example>",
            subject="The Pipeline Post #112: late data and honest dashboards",
            body=(
                "THE PIPELINE POST\n"
                "A weekly letter for people who keep data flowing. Issue 112.\n\n"
                "This week\n\n"
                "1. Late data, calmly. A long read on watermarks, allowed lateness and what "
                "to do with the records that miss both, with a worked example in SQL.\n\n"
                "2. Honest dashboards. Why every chart should say how fresh its data is, and "
                "three ways to show it without cluttering the page.\n\n"
                "3. Small tools. A command-line tool that compares two tables row by row, and "
                "a thoughtful post on naming dbt models so that newcomers can find things.\n\n"
                "From the mailbag: a reader asks how to backfill a year of history without "
                "upsetting the live reports. Our answer: a shadow table, one partition at a "
                "time, and a comparison before the swap.\n\n"
                "Until next week,\n"
                "The Pipeline Post\n\n"
                "You are receiving this because you subscribed at pipelinepost-demo.example.\n"
                "Unsubscribe: https://pipelinepost-demo.example/unsubscribe\n"
            ),
            headers=(
                ("List-Id", "The Pipeline Post <weekly.pipelinepost-demo.example>"),
                (
                    "List-Unsubscribe",
                    "<https://pipelinepost-demo.example/unsubscribe>, "
                    "<mailto:leave@pipelinepost-demo.example>",
                ),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ("Precedence", "bulk"),
            ),
        ),
        Letter(
            "kitebright-timing",
            day=-1,
            hour=11,
            minute=23,
            sender="Femi Adebayo-Hart <femi.adebayohart@kitebright-demo.example>",
            subject="Data Engineer: a quick update on timing",
            body=(
                f"Hi {name},\n\n"
                "A quick note so you're not left wondering. Leonie and Mateus really enjoyed "
                "pairing with you, and you are very much still in the running.\n\n"
                "We've had one more candidate join the process late, so the team's decision "
                "will take a little longer than I said. We now expect to make a decision by "
                f"{_long(kitebright_by)}, and I'll call you as soon as we have.\n\n"
                "Thanks for your patience,\n"
                "Femi\n"
            ),
        ),
        Letter(
            "wrenfield-received",
            day=-1,
            hour=20,
            minute=3,
            sender="Wrenfield Maps <no-reply@wrenfieldmaps.teamtailor-mail.example>",
            subject="We've received your application: Data Engineer, Geospatial",
            body=(
                f"Hello {name},\n\n"
                "Thanks for applying for the Data Engineer, Geospatial role at Wrenfield "
                "Maps. Your application is in, and the team will look at it within the next "
                "two weeks.\n\n"
                "In the meantime, you can read about how we work, and the maps we're proudest "
                "of, on our careers page.\n\n"
                "All the best,\n"
                "Wrenfield Maps Talent Team\n\n"
                "Please don't reply to this email: this mailbox isn't read.\n"
            ),
        ),
    )


def raw_messages(story: Story) -> list[RawMessage]:
    """The demo's emails as a mail program would export them, ready for `import_messages`."""
    found = []
    for letter in letters(story):
        message = EmailMessage(policy=email.policy.SMTP)
        message["From"] = letter.sender
        message["To"] = f"{FIRST_NAME} Haldane <{ADDRESS}>"
        message["Subject"] = letter.subject
        sent = story.at(letter.day, letter.hour, letter.minute).astimezone(story.zone)
        message["Date"] = email.utils.format_datetime(sent)
        message["Message-ID"] = message_id(letter.key)
        for header, value in letter.headers:
            message[header] = value
        message.set_content(letter.body)
        found.append(
            RawMessage(location=location(letter.key), raw=message.as_bytes(), kind=SourceKind.EML)
        )
    return found
