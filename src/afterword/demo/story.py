"""The demo's story: one person's job search, written through the real services.

A data engineer with about five years behind them, looking for a hybrid or
remote role in the UK. Day offsets count business days from `today` on the user's own
business calendar (so news falls on working days and the demo always looks current);
hours are local to the user's time zone. All companies, people and addresses are invented.
`workspace.py` loads, recognises and clears what this module writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from afterword.localtime import LocalContext
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import record_news, record_offer
from afterword.pipeline.applications import add_application, reopen_application, update_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import (
    Application,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    SalaryPeriod,
)
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
    QuestionFields,
)
from afterword.pipeline.status import OutcomeKind


@dataclass
class Story:
    """Writes the demo through the services, with every moment relative to `today`.

    Day offsets count business days (-5 is a week ago, on the same weekday);
    hours are local to the user's time zone.
    """

    session: Session
    user_id: int
    today: dt.date
    now: dt.datetime
    local: LocalContext

    @property
    def zone(self) -> ZoneInfo:
        """The user's time zone."""
        return self.local.zone

    def day(self, offset: int) -> dt.date:
        """The business day `offset` business days from today (negative: before)."""
        return self.local.calendar.shift(self.today, offset)

    def slot(self, offset: int, hour: int, minute: int = 0) -> dt.datetime:
        """A local time on a business day, as a UTC instant (may be in the future)."""
        local = dt.datetime.combine(self.day(offset), dt.time(hour, minute), tzinfo=self.zone)
        return local.astimezone(dt.UTC)

    def at(self, offset: int, hour: int, minute: int = 0) -> dt.datetime:
        """When something was recorded: like slot(), but never later than `now`."""
        return min(self.slot(offset, hour, minute), self.now.astimezone(dt.UTC))

    def apply(self, *, day: int, hour: int, fields: ApplicationFields) -> Application:
        """Adds the application as sent on that day."""
        fields = fields.model_copy(update={"applied_on": self.day(day)})
        return add_application(
            session=self.session, user_id=self.user_id, fields=fields, now=self.at(day, hour)
        )

    def contact(
        self,
        application: Application,
        *,
        day: int,
        hour: int,
        fields: ContactFields,
        minute: int = 0,
    ) -> Contact:
        """Adds a person to the process."""
        return add_contact(
            session=self.session,
            user_id=self.user_id,
            application_id=application.id,
            fields=fields,
            now=self.at(day, hour, minute),
        )

    def interview(
        self,
        application: Application,
        *,
        kind: InterviewKind,
        day: int,
        hour: int,
        minute: int = 0,
        minutes: int,
        location: str,
        booked: tuple[int, int],
        interviewers: Sequence[Contact] = (),
        new: Sequence[ContactFields] = (),
    ) -> Interview:
        """Logs a round when it was booked (`booked` is the day and hour it was logged)."""
        return log_interview(
            session=self.session,
            user_id=self.user_id,
            application_id=application.id,
            fields=InterviewFields(
                kind=kind,
                scheduled_at=self.slot(day, hour, minute),
                timezone=self.zone.key,
                duration_minutes=minutes,
                location=location,
            ),
            now=self.at(*booked),
            interviewer_ids=[person.id for person in interviewers],
            new_interviewers=list(new),
        )

    def debrief(
        self,
        interview: Interview,
        *,
        day: int,
        hour: int = 19,
        questions: Sequence[QuestionFields] = (),
        **changes: object,
    ) -> None:
        """Writes the debrief on the evening of the interview (or when given)."""
        record_debrief(
            session=self.session,
            user_id=self.user_id,
            interview_id=interview.id,
            changes=dict(changes),
            now=self.at(day, hour),
            questions=list(questions),
        )

    def outcome(
        self, application: Application, kind: OutcomeKind, *, day: int, hour: int, note: str
    ) -> None:
        """Records news about the process, on the day it came."""
        record_news(
            session=self.session,
            user_id=self.user_id,
            application_id=application.id,
            fields=OutcomeFields(kind=kind, occurred_on=self.day(day), note=note),
            now=self.at(day, hour),
        )

    def feedback(self, application: Application, *, day: int, hour: int, text: str) -> None:
        """Records what the company said about its decision."""
        add_feedback(
            session=self.session,
            user_id=self.user_id,
            application_id=application.id,
            fields=FeedbackFields(received_on=self.day(day), text=text),
            now=self.at(day, hour),
        )


def _person(
    name: str, email: str, role: ContactRole = ContactRole.INTERVIEWER, notes: str | None = None
) -> ContactFields:
    return ContactFields(name=name, email=email, role=role, notes=notes)


def _question(text: str, went_well: bool | None, notes: str) -> QuestionFields:
    return QuestionFields(text=text, went_well=went_well, answer_notes=notes)


def _long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


_VIDEO = "Video call"
_PHONE = "Phone call"


# ---------------------------------------------------------------------------
# The story, one application at a time (oldest first)
# ---------------------------------------------------------------------------


def _saltmarsh(story: Story) -> Application:
    """Rejected for a senior role, then reopened for a better-fitting one: shows the history."""
    app = story.apply(
        day=-30,
        hour=20,
        fields=ApplicationFields(
            company="Saltmarsh Robotics",
            role="Senior Data Engineer",
            link="https://careers.saltmarsh-demo.example/roles/senior-data-engineer",
            source="company site",
            location="Remote (UK), occasional visits to Cambridge",
            salary_min=85_000,
            salary_max=100_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=4,
            notes=(
                "Warehouse robots that stream telemetry all day. A stretch for a senior title "
                "-- most of their stack is Kafka and Flink, and my streaming is mostly reading."
            ),
            tags=["robotics", "remote", "stretch"],
        ),
    )
    kasia = story.contact(
        app,
        day=-27,
        hour=9,
        fields=_person(
            "Kasia Nowicka", "kasia.nowicka@saltmarsh-demo.example", ContactRole.RECRUITER
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.PHONE_SCREEN,
        day=-26,
        hour=11,
        minutes=30,
        location=_PHONE,
        booked=(-27, 9),
        interviewers=[kasia],
    )
    story.debrief(
        screen,
        day=-26,
        hour=13,
        self_rating=4,
        went_well="Kasia was warm and very clear about the process. Salary range fits.",
        decision_within=3,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
    )
    technical = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-23,
        hour=14,
        minutes=60,
        location=_VIDEO,
        booked=(-25, 16),
        new=[_person("Idris Calloway", "idris.calloway@saltmarsh-demo.example")],
    )
    story.debrief(
        technical,
        day=-23,
        self_rating=2,
        went_well="The batch half went fine: partitioning, backfills, late data in daily jobs.",
        went_badly=(
            "Everything about running streaming jobs in production. I could describe "
            "watermarks but not what I would do when a consumer falls two hours behind."
        ),
        decision_within=1,
        decision_within_unit=TimelineUnit.WEEKS,
        still_interested=True,
        questions=[
            _question(
                "A robot's telemetry arrives up to ten minutes late. How do you compute "
                "per-minute battery averages that are still correct?",
                False,
                "Said 'watermarks' and then went vague. Practise: event time vs processing "
                "time, allowed lateness, and what happens to data later than that.",
            ),
            _question(
                "Consumer lag on the telemetry topic is growing. Talk me through your first "
                "fifteen minutes.",
                False,
                "No real story to tell. Build a toy pipeline so I can answer from experience.",
            ),
            _question(
                "How would you backfill a year of daily aggregates without upsetting the "
                "live dashboards?",
                True,
                "Write to a shadow table partition by partition, compare row counts and "
                "totals, then swap. He liked the comparison step.",
            ),
        ],
    )
    story.outcome(
        app,
        OutcomeKind.REJECTION,
        day=-20,
        hour=10,
        note="template email: they went with someone with more streaming experience",
    )
    story.feedback(
        app,
        day=-19,
        hour=15,
        text=(
            "Kasia called back: solid fundamentals and a clear communicator, but the senior "
            "role needs someone who has already run streaming jobs in production. She asked "
            "whether she could keep me in mind for a mid-level opening on the fleet telemetry "
            "team."
        ),
    )
    reopen_application(
        session=story.session,
        user_id=story.user_id,
        application_id=app.id,
        now=story.at(-10, 12),
        role="Data Engineer, Fleet Telemetry",
        note="Kasia came back about the fleet telemetry team, as she said she might",
    )
    update_application(
        session=story.session,
        user_id=story.user_id,
        application_id=app.id,
        changes={
            "link": "https://careers.saltmarsh-demo.example/roles/data-engineer-fleet-telemetry",
            "salary_min": 72_000,
            "salary_max": 84_000,
            "interest": 5,
            "notes": (
                "Warehouse robots that stream telemetry all day. The senior role was a stretch "
                "too far; the fleet telemetry team wants someone solid on batch who is keen "
                "to learn streaming alongside them."
            ),
            "tags": ["robotics", "remote", "second chance"],
        },
        now=story.at(-10, 12, 5),
    )
    manager = story.interview(
        app,
        kind=InterviewKind.HIRING_MANAGER,
        day=-5,
        hour=15,
        minutes=45,
        location=_VIDEO,
        booked=(-8, 10),
        new=[
            _person(
                "Aurélie Fontaine",
                "aurelie.fontaine@saltmarsh-demo.example",
                ContactRole.HIRING_MANAGER,
            )
        ],
    )
    # No decision timeline on purpose: the playbook then suggests asking for one.
    story.debrief(
        manager,
        day=-5,
        self_rating=4,
        went_well=(
            "Much better fit than the senior role. Aurélie wants someone to tidy the batch "
            "side while the team learns streaming together -- that is exactly my gap, with help."
        ),
        went_badly="Forgot to ask when they will decide. Ask in the thank-you email.",
        still_interested=True,
        questions=[
            _question(
                "What would you want to have changed after your first three months?",
                True,
                "Backfills that anyone on the team can run safely, plus a runbook for the "
                "three jobs that page people most. Concrete and modest landed well.",
            ),
        ],
    )
    return app


def _lumen_ledger(story: Story) -> Application:
    """The referral that became the open offer, with the deadline close ahead."""
    app = story.apply(
        day=-29,
        hour=21,
        fields=ApplicationFields(
            company="Lumen Ledger",
            role="Senior Data Engineer, Payments Data",
            link="https://careers.lumenledger-demo.example/jobs/senior-data-engineer-payments",
            source="referral",
            location="London (hybrid)",
            salary_min=80_000,
            salary_max=95_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=5,
            notes=(
                "Referred by Jonah, who I worked with at my first job. Payment reconciliation "
                "pipelines moving from nightly batch towards streaming. Team of six, reporting "
                "to the Head of Data Platform."
            ),
            tags=["fintech", "hybrid", "referral"],
        ),
    )
    story.contact(
        app,
        day=-29,
        hour=21,
        minute=5,
        fields=_person(
            "Jonah Whitcombe",
            "jonah.whitcombe@lumenledger-demo.example",
            ContactRole.REFERRER,
            "Put my CV forward. Buy him lunch whatever happens.",
        ),
    )
    imogen = story.contact(
        app,
        day=-27,
        hour=10,
        fields=_person(
            "Imogen Castellanos",
            "imogen.castellanos@lumenledger-demo.example",
            ContactRole.RECRUITER,
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.RECRUITER_SCREEN,
        day=-25,
        hour=10,
        minutes=30,
        location=_VIDEO,
        booked=(-27, 10),
        interviewers=[imogen],
    )
    story.debrief(
        screen,
        day=-25,
        hour=12,
        self_rating=4,
        went_well="Easy conversation. She liked that I had read their blog post on ledger checks.",
        notes="Next: live SQL and Python, then a system design onsite, then the hiring manager.",
        decision_within=2,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
    )
    technical = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-21,
        hour=14,
        minutes=75,
        location=_VIDEO,
        booked=(-24, 11),
        new=[_person("Rafael Osei-Bonsu", "rafael.oseibonsu@lumenledger-demo.example")],
    )
    story.debrief(
        technical,
        day=-21,
        self_rating=4,
        went_well="Calm, talked through my thinking, finished both exercises with time to spare.",
        decision_within=3,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
        questions=[
            _question(
                "Find the accounts whose end-of-day balance fell by more than 20% from the "
                "previous day.",
                True,
                "LAG over a per-day balance, after building a date spine so quiet days are "
                "not skipped. He said most candidates miss the quiet days.",
            ),
            _question(
                "Make an ingestion job safe to retry if it dies halfway through.",
                True,
                "Deterministic batch ids, load into staging, MERGE into the target, write the "
                "manifest last. Used the returns pipeline at work as the example.",
            ),
        ],
    )
    onsite = story.interview(
        app,
        kind=InterviewKind.ONSITE,
        day=-15,
        hour=10,
        minutes=180,
        location="Lumen Ledger office, London",
        booked=(-19, 9),
        new=[
            _person("Beatrix Nwachukwu", "beatrix.nwachukwu@lumenledger-demo.example"),
            _person("Callum Reyes", "callum.reyes@lumenledger-demo.example"),
        ],
    )
    story.debrief(
        onsite,
        day=-15,
        self_rating=3,
        went_well="The settlement design felt like a real conversation, not an exam.",
        went_badly="Rambled on exactly-once delivery and ran short of time at the end.",
        decision_within=5,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
        questions=[
            _question(
                "Design the pipeline that reconciles the card processor's settlement files "
                "against our ledger, including late and duplicated files.",
                True,
                "Landing zone and a file registry keyed by content hash, dedupe on the "
                "processor reference, a daily reconciliation snapshot plus a late-arrivals "
                "table. Sketched the data contract with the processor team.",
            ),
            _question(
                "When is exactly-once delivery worth what it costs?",
                False,
                "Mixed up idempotent producers and transactions. Practise a two-minute "
                "answer with one concrete example.",
            ),
            _question(
                "Tell us about a time you disagreed with a senior engineer.",
                True,
                "The schema-on-read debate: brought data on broken reports, agreed a trial, "
                "and we changed course together. Specific and without blame.",
            ),
        ],
    )
    story.outcome(
        app,
        OutcomeKind.HIRING_MANAGER_CHAT,
        day=-11,
        hour=16,
        note="Imogen: the panel would like me to meet Nadia, the Head of Data Platform",
    )
    story.contact(
        app,
        day=-11,
        hour=16,
        minute=10,
        fields=_person(
            "Nadia Brennan",
            "nadia.brennan@lumenledger-demo.example",
            ContactRole.HIRING_MANAGER,
            "Head of Data Platform. Chat was about team culture and the first six months.",
        ),
    )
    start = story.today + dt.timedelta(days=35)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)  # the first Monday from then
    record_offer(
        session=story.session,
        user_id=story.user_id,
        application_id=app.id,
        terms=OfferTerms(
            base_salary=88_000,
            currency="GBP",
            bonus_percent=10,
            sign_on=7_500,
            equity_value=40_000,
            vesting_schedule="25/25/25/25",
            vesting_cliff_months=12,
            start_date=start,
            level="Senior Data Engineer (L4)",
            location="London, hybrid (Tuesdays and Thursdays in the office)",
            deadline=story.day(4),
            notes=(
                "Imogen said the panel was 'really impressed' with the settlement design, so "
                "there is room to negotiate. The equity is share options: ask about the strike "
                "price and how long I would have to exercise if I left."
            ),
        ),
        received_on=story.day(-5),
        now=story.at(-5, 16, 30),
    )
    return app


def _parsnip_pantry(story: Story) -> Application:
    """Silence after a friendly screen, two follow-ups, then marked as ghosted."""
    app = story.apply(
        day=-28,
        hour=19,
        fields=ApplicationFields(
            company="Parsnip Pantry",
            role="Data Engineer",
            link="https://jobs.parsnip-demo.example/data-engineer",
            source="job board",
            location="Remote (UK)",
            salary_min=62_000,
            salary_max=75_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=3,
            notes="Grocery delivery. Demand forecasting pipelines; small, scrappy team.",
            tags=["remote", "retail"],
        ),
    )
    gus = story.contact(
        app,
        day=-26,
        hour=9,
        fields=_person(
            "Gus Halvorsen", "gus.halvorsen@parsnip-demo.example", ContactRole.RECRUITER
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.RECRUITER_SCREEN,
        day=-24,
        hour=16,
        minutes=30,
        location=_PHONE,
        booked=(-26, 9),
        interviewers=[gus],
    )
    story.debrief(
        screen,
        day=-24,
        hour=18,
        self_rating=4,
        went_well="Friendly and quick. He said the team is hiring two people.",
        decision_within=1,
        decision_within_unit=TimelineUnit.WEEKS,
        further_round_expected=True,
        still_interested=True,
    )
    story.outcome(
        app,
        OutcomeKind.GHOSTED,
        day=-3,
        hour=18,
        note="no reply to two friendly follow-ups a week apart; happy to hear from them later",
    )
    return app


def _cobalt_kettle(story: Story) -> Application:
    """A take-home, a rejection, and feedback that matches another rejection's."""
    app = story.apply(
        day=-28,
        hour=20,
        fields=ApplicationFields(
            company="Cobalt Kettle Games",
            role="Data Engineer, Player Analytics",
            link="https://cobaltkettle-demo.example/careers/data-engineer",
            source="LinkedIn",
            location="London (hybrid)",
            salary_min=65_000,
            salary_max=75_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=4,
            notes="Makers of the cosy farming game. Event pipelines for millions of players.",
            tags=["gaming", "hybrid", "take-home"],
        ),
    )
    sadie = story.contact(
        app,
        day=-26,
        hour=14,
        fields=_person(
            "Sadie Lindgren", "sadie.lindgren@cobaltkettle-demo.example", ContactRole.RECRUITER
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.PHONE_SCREEN,
        day=-24,
        hour=12,
        minutes=30,
        location=_PHONE,
        booked=(-26, 14),
        interviewers=[sadie],
    )
    story.debrief(
        screen,
        day=-24,
        hour=14,
        self_rating=4,
        went_well="Good energy. The take-home is 'about three hours', due within a week.",
        further_round_expected=True,
        still_interested=True,
    )
    take_home = story.interview(
        app,
        kind=InterviewKind.TAKE_HOME,
        day=-19,
        hour=17,
        minutes=240,
        location="At home",
        booked=(-23, 9),
    )
    story.debrief(
        take_home,
        day=-19,
        hour=21,
        self_rating=3,
        went_well="The pipeline works end to end and the SQL is clean.",
        went_badly="Took closer to five hours. Skipped tests and the write-up to hand it in.",
        still_interested=True,
    )
    review = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-14,
        hour=11,
        minutes=60,
        location=_VIDEO,
        booked=(-17, 10),
        new=[_person("Marek Oyelaran", "marek.oyelaran@cobaltkettle-demo.example")],
    )
    story.debrief(
        review,
        day=-14,
        self_rating=2,
        went_well="Explaining the session-stitching logic; Marek followed it easily.",
        went_badly="Had no good answer for 'how do you know this is correct?'. Felt rushed.",
        decision_within=5,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        still_interested=True,
        questions=[
            _question(
                "How do you know your transformation is correct?",
                False,
                "Pointed at a manual spot-check. Next time: unit tests on the tricky "
                "functions, and row-count and uniqueness checks in the pipeline itself.",
            ),
            _question(
                "Walk me through how you stitch player events into sessions.",
                True,
                "Gaps over thirty minutes start a new session, handled with a running sum "
                "over a gap flag. Clear and well received.",
            ),
        ],
    )
    story.outcome(
        app,
        OutcomeKind.REJECTION,
        day=-8,
        hour=11,
        note="email from Sadie after the take-home review",
    )
    story.feedback(
        app,
        day=-7,
        hour=10,
        text=(
            "Thanks for the time you put into the take-home. Your SQL was the strongest the "
            "panel saw, but we would have liked tests around the transformation logic and a "
            "short note on the trade-offs you made. The live review also felt a little rushed."
        ),
    )
    return app


def _harbourline(story: Story) -> Application:
    """A panel, a rejection, and feedback about data quality in production."""
    app = story.apply(
        day=-27,
        hour=19,
        fields=ApplicationFields(
            company="Harbourline Transit",
            role="Analytics Engineer, Ridership",
            link="https://harbourline-demo.example/jobs/analytics-engineer-ridership",
            source="company site",
            location="Leeds (hybrid)",
            salary_min=60_000,
            salary_max=72_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=3,
            notes="Public transport ridership data. Lots of stakeholder work with planners.",
            tags=["public sector", "hybrid"],
        ),
    )
    story.contact(
        app,
        day=-23,
        hour=9,
        fields=_person(
            "Rosalind Achebe", "rosalind.achebe@harbourline-demo.example", ContactRole.COORDINATOR
        ),
    )
    panel = story.interview(
        app,
        kind=InterviewKind.PANEL,
        day=-18,
        hour=13,
        minute=30,
        minutes=90,
        location=_VIDEO,
        booked=(-23, 9),
        new=[
            _person("Owen Pritchard-Lee", "owen.pritchardlee@harbourline-demo.example"),
            _person("Mei Lin Fairbanks", "meilin.fairbanks@harbourline-demo.example"),
        ],
    )
    story.debrief(
        panel,
        day=-18,
        self_rating=3,
        went_well="Stakeholder stories landed: the planners' dashboard rebuild got smiles.",
        went_badly="Thin on how I would notice a feed silently stopping.",
        decision_by=story.day(-13),
        still_interested=True,
        questions=[
            _question(
                "How would you explain a drop in weekly ridership to a planner who suspects "
                "the data is wrong?",
                True,
                "Check the data first and show it: freshness, row counts per station, then "
                "the calendar (a bank holiday). Then talk about causes.",
            ),
            _question(
                "How would you know a ridership feed had stopped arriving overnight?",
                False,
                "Only said 'an alert'. Should describe freshness checks per source, volume "
                "anomaly thresholds and who gets paged.",
            ),
        ],
    )
    story.outcome(
        app, OutcomeKind.REJECTION, day=-13, hour=15, note="a short, kind email from Rosalind"
    )
    story.feedback(
        app,
        day=-12,
        hour=11,
        text=(
            "The panel really enjoyed your stakeholder examples. Compared with other "
            "candidates, your answers on monitoring data quality in production were thinner -- "
            "for example, how you would know that a feed had quietly stopped."
        ),
    )
    return app


def _brightmoss(story: Story) -> Application:
    """Three rounds, then the hiring manager wants a chat: a strong signal."""
    app = story.apply(
        day=-26,
        hour=20,
        fields=ApplicationFields(
            company="Brightmoss Energy",
            role="Data Platform Engineer",
            link="https://brightmoss-demo.example/careers/data-platform-engineer",
            source="meetup",
            location="Manchester (hybrid)",
            salary_min=72_000,
            salary_max=86_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=4,
            notes=(
                "Met Wanjiru after her meetup talk on smart-meter data. Climate mission; they "
                "are moving from cron jobs to a proper orchestrator."
            ),
            tags=["climate", "hybrid"],
        ),
    )
    elodie = story.contact(
        app,
        day=-24,
        hour=10,
        fields=_person(
            "Élodie Santangelo", "elodie.santangelo@brightmoss-demo.example", ContactRole.RECRUITER
        ),
    )
    story.contact(
        app,
        day=-24,
        hour=10,
        minute=5,
        fields=_person(
            "Wanjiru Kamau",
            "wanjiru.kamau@brightmoss-demo.example",
            ContactRole.HIRING_MANAGER,
            "Head of Data. Gave the meetup talk; said to mention it when applying.",
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.RECRUITER_SCREEN,
        day=-22,
        hour=9,
        minute=30,
        minutes=30,
        location=_VIDEO,
        booked=(-24, 10),
        interviewers=[elodie],
    )
    story.debrief(
        screen,
        day=-22,
        hour=11,
        self_rating=4,
        decision_within=2,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
    )
    technical = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-16,
        hour=15,
        minutes=90,
        location=_VIDEO,
        booked=(-20, 12),
        new=[_person("Theo Blackwood-Nakamura", "theo.blackwood@brightmoss-demo.example")],
    )
    story.debrief(
        technical,
        day=-16,
        self_rating=4,
        went_well="Enjoyed it. We spent half the time on how meter readings get corrected.",
        decision_within=1,
        decision_within_unit=TimelineUnit.WEEKS,
        further_round_expected=True,
        still_interested=True,
        questions=[
            _question(
                "Meter readings get corrected weeks later. How do you keep monthly bills and "
                "dashboards consistent?",
                True,
                "Bitemporal model: keep every version with valid and recorded times, bills "
                "read as-of the billing date, dashboards read the latest. He drew it with me.",
            ),
            _question(
                "Migrate forty cron jobs to an orchestrator without a big-bang weekend.",
                True,
                "Wrap the scripts as tasks first, move schedules one by one behind a flag, "
                "add retries and alerts as you go.",
            ),
        ],
    )
    final = story.interview(
        app,
        kind=InterviewKind.BEHAVIOURAL,
        day=-9,
        hour=11,
        minutes=60,
        location=_VIDEO,
        booked=(-14, 9),
        new=[_person("Priti Vanstone", "priti.vanstone@brightmoss-demo.example")],
    )
    story.debrief(
        final,
        day=-9,
        self_rating=4,
        went_well="Values conversation felt genuine. Asked good questions about on-call.",
        decision_within=1,
        decision_within_unit=TimelineUnit.WEEKS,
        still_interested=True,
        questions=[
            _question(
                "Tell us about a project that failed.",
                True,
                "The self-serve metrics layer nobody used: what I learnt about talking to "
                "users before building. Honest, and I said what I would do now.",
            ),
        ],
    )
    story.outcome(
        app,
        OutcomeKind.HIRING_MANAGER_CHAT,
        day=-4,
        hour=17,
        note=f"Élodie: Wanjiru would like a 30-minute chat on {_long_date(story.day(3))}",
    )
    return app


def _orchard_lane(story: Story) -> Application:
    """A role that turned out to be the wrong one: withdrawn politely."""
    app = story.apply(
        day=-25,
        hour=13,
        fields=ApplicationFields(
            company="Orchard Lane Insurance",
            role="Senior Analytics Engineer",
            source="agency recruiter",
            location="London (in the office five days a week)",
            salary_min=75_000,
            salary_max=85_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=2,
            notes=(
                "Came through an agency. Good money, but the office policy worried me "
                "from the start."
            ),
            tags=["insurance", "agency"],
        ),
    )
    story.contact(
        app,
        day=-25,
        hour=13,
        minute=5,
        fields=_person(
            "Blessing Carraway",
            "blessing.carraway@fairlight-talent-demo.example",
            ContactRole.RECRUITER,
            "Agency recruiter at Fairlight Talent, not at Orchard Lane itself.",
        ),
    )
    manager = story.interview(
        app,
        kind=InterviewKind.HIRING_MANAGER,
        day=-17,
        hour=10,
        minutes=45,
        location=_VIDEO,
        booked=(-21, 15),
        new=[
            _person(
                "Hugo Pemberton",
                "hugo.pemberton@orchardlane-demo.example",
                ContactRole.HIRING_MANAGER,
            )
        ],
    )
    story.debrief(
        manager,
        day=-17,
        hour=13,
        self_rating=3,
        went_well="Hugo was candid, which I appreciated.",
        went_badly=(
            "The job is mostly keeping two hundred legacy reports alive, five days a week in "
            "the office. Not what I am looking for, however good the salary."
        ),
        decision_by=story.day(-10),
        still_interested=False,
    )
    story.outcome(
        app,
        OutcomeKind.WITHDRAWN,
        day=-16,
        hour=9,
        note="wrote to Blessing to withdraw, and thanked Hugo for being so open",
    )
    return app


def _fernbrook(story: Story) -> Application:
    """Interviewing, asked for more interviews, the next round in a couple of days."""
    app = story.apply(
        day=-24,
        hour=20,
        fields=ApplicationFields(
            company="Fernbrook Health",
            role="Data Engineer, Clinical Data Platform",
            link="https://fernbrook-demo.example/jobs/data-engineer-clinical-platform",
            source="LinkedIn",
            location="Remote (UK), a day in Leeds each month",
            salary_min=70_000,
            salary_max=85_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=5,
            notes=(
                "A mission I care about: getting waiting-list data to clinicians in hours "
                "instead of weeks. Healthcare data standards are new to me -- read up."
            ),
            tags=["healthtech", "remote"],
        ),
    )
    ottilie = story.contact(
        app,
        day=-21,
        hour=11,
        fields=_person(
            "Ottilie Marchetti", "ottilie.marchetti@fernbrook-demo.example", ContactRole.RECRUITER
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.RECRUITER_SCREEN,
        day=-19,
        hour=11,
        minutes=30,
        location=_PHONE,
        booked=(-21, 11),
        interviewers=[ottilie],
    )
    story.debrief(
        screen,
        day=-19,
        hour=13,
        self_rating=4,
        went_well="Ottilie explained the whole process up front. Salary band fits.",
        decision_within=3,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
    )
    technical = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-13,
        hour=15,
        minutes=60,
        location=_VIDEO,
        booked=(-17, 10),
        new=[_person("Sunil Raghavan", "sunil.raghavan@fernbrook-demo.example")],
    )
    story.debrief(
        technical,
        day=-13,
        self_rating=4,
        went_well="The incident story was honest and specific, and Sunil said so.",
        went_badly="Tangled myself up modelling rescheduled appointments.",
        decision_within=1,
        decision_within_unit=TimelineUnit.WEEKS,
        still_interested=True,
        questions=[
            _question(
                "Tell me about a data-quality incident you caused, and what changed afterwards.",
                True,
                "The duplicated orders in the finance dashboard: owned it, added uniqueness "
                "and row-count checks to the pipeline, wrote the runbook.",
            ),
            _question(
                "Model hospital appointments that get rescheduled many times.",
                False,
                "Started with one wide table and got lost. Should go straight to an event "
                "table plus a current-state view, and say why.",
            ),
        ],
    )
    story.outcome(
        app,
        OutcomeKind.MORE_INTERVIEWS,
        day=-9,
        hour=14,
        note="Ottilie: one more round, system design with the platform lead, before deciding",
    )
    # The upcoming round: booked last week, happening in two business days.
    story.interview(
        app,
        kind=InterviewKind.SYSTEM_DESIGN,
        day=2,
        hour=10,
        minute=30,
        minutes=90,
        location=_VIDEO,
        booked=(-8, 16),
        new=[_person("Greta Lindqvist", "greta.lindqvist@fernbrook-demo.example")],
    )
    return app


def _tidewater(story: Story) -> Application:
    """Interviewing; the promised decision date has just passed."""
    app = story.apply(
        day=-22,
        hour=18,
        fields=ApplicationFields(
            company="Tidewater Logistics",
            role="Analytics Engineer",
            link="https://tidewater-demo.example/careers/analytics-engineer",
            source="company site",
            location="Bristol (hybrid, two days in the office)",
            salary_min=65_000,
            salary_max=78_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=3,
            notes="A big, tangled dbt project they want tamed. Shipping data is oddly fun.",
            tags=["dbt", "hybrid", "logistics"],
        ),
    )
    declan = story.contact(
        app,
        day=-18,
        hour=15,
        fields=_person(
            "Declan Moreau", "declan.moreau@tidewater-demo.example", ContactRole.RECRUITER
        ),
    )
    screen = story.interview(
        app,
        kind=InterviewKind.PHONE_SCREEN,
        day=-15,
        hour=16,
        minutes=30,
        location=_PHONE,
        booked=(-18, 15),
        interviewers=[declan],
    )
    story.debrief(
        screen,
        day=-15,
        hour=18,
        self_rating=3,
        decision_within=3,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
    )
    panel = story.interview(
        app,
        kind=InterviewKind.PANEL,
        day=-6,
        hour=13,
        minutes=120,
        location=_VIDEO,
        booked=(-12, 10),
        new=[
            _person("Priyanka Salgado", "priyanka.salgado@tidewater-demo.example"),
            _person("Tom Eberhardt", "tom.eberhardt@tidewater-demo.example"),
        ],
    )
    story.debrief(
        panel,
        day=-6,
        self_rating=4,
        went_well="The dbt performance discussion was the best half hour of my search so far.",
        went_badly="Froze for a minute on how snapshots decide a row has changed.",
        decision_by=story.day(-1),
        further_round_expected=False,
        still_interested=True,
        questions=[
            _question(
                "Our dbt build takes fifty minutes. Where would you start?",
                True,
                "Time every model from the run artefacts, find the long poles, make the big "
                "event models incremental, and only build what changed in CI.",
            ),
            _question(
                "Tell us about a metric definition you disagreed with a stakeholder about.",
                True,
                "'Active customer' at the retailer: wrote both definitions side by side with "
                "the numbers, and we kept both under clearer names.",
            ),
            _question(
                "Live exercise: fix a failing test on a snapshot model.",
                False,
                "Got there with a hint. Revisit the two snapshot strategies (timestamp and "
                "check) and when each one misses changes.",
            ),
        ],
    )
    return app


def _kitebright(story: Story) -> Application:
    """Interviewing; the answer is due within five business days."""
    app = story.apply(
        day=-12,
        hour=12,
        fields=ApplicationFields(
            company="Kitebright Learning",
            role="Data Engineer",
            link="https://kitebright-demo.example/jobs/data-engineer",
            source="recruiter outreach",
            location="Remote (UK)",
            salary_min=68_000,
            salary_max=80_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=3,
            notes=(
                "Their recruiter messaged me. A data team of three: lots of ownership, "
                "maybe a lot of on-call too. Ask."
            ),
            tags=["edtech", "remote"],
        ),
    )
    story.contact(
        app,
        day=-12,
        hour=12,
        minute=5,
        fields=_person(
            "Femi Adebayo-Hart", "femi.adebayohart@kitebright-demo.example", ContactRole.RECRUITER
        ),
    )
    technical = story.interview(
        app,
        kind=InterviewKind.TECHNICAL,
        day=-3,
        hour=14,
        minutes=90,
        location=_VIDEO,
        booked=(-8, 9),
        new=[
            _person(
                "Leonie Harcourt",
                "leonie.harcourt@kitebright-demo.example",
                ContactRole.HIRING_MANAGER,
            ),
            _person("Mateus Brandão", "mateus.brandao@kitebright-demo.example"),
        ],
    )
    story.debrief(
        technical,
        day=-3,
        hour=20,
        self_rating=3,
        went_well="Pairing with Mateus was fun; we finished the exercise together.",
        went_badly="The warehouse cost question caught me out.",
        decision_within=5,
        decision_within_unit=TimelineUnit.BUSINESS_DAYS,
        further_round_expected=True,
        still_interested=True,
        questions=[
            _question(
                "Pair with me on a function that deduplicates learner events arriving out "
                "of order.",
                True,
                "Keyed on event id, kept the latest by sequence number, wrote the tests first "
                "-- the Cobalt lesson paid off.",
            ),
            _question(
                "Forty analysts share one warehouse. How do you keep the bill under control?",
                False,
                "Only had partitioning and clustering. Missed per-user quotas, reserved "
                "capacity and surfacing query costs to the people running them.",
            ),
            _question(
                "What does good on-call look like to you?",
                True,
                "Few, actionable alerts, a runbook per alert, and time after an incident to "
                "fix the cause. Leonie wrote that down.",
            ),
        ],
    )
    return app


def _quillfeather(story: Story) -> Application:
    """Just applied."""
    return story.apply(
        day=-2,
        hour=21,
        fields=ApplicationFields(
            company="Quillfeather Books",
            role="Data Engineer",
            link="https://quillfeather-demo.example/careers/data-engineer",
            source="company site",
            location="Oxford or remote (UK)",
            salary_min=60_000,
            salary_max=70_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=3,
            notes="Small team, lovely product. Salary on the low side: ask early.",
            tags=["publishing", "remote"],
        ),
    )


def _wrenfield(story: Story) -> Application:
    """Just applied: the search goes on alongside the offer."""
    return story.apply(
        day=-1,
        hour=20,
        fields=ApplicationFields(
            company="Wrenfield Maps",
            role="Data Engineer, Geospatial",
            link="https://wrenfield-demo.example/jobs/data-engineer-geospatial",
            source="LinkedIn",
            location="Edinburgh or remote (UK)",
            salary_min=70_000,
            salary_max=82_000,
            salary_currency="GBP",
            salary_period=SalaryPeriod.YEAR,
            interest=4,
            notes=(
                "Would stretch me into spatial databases and map tiles. Mention the "
                "delivery-routing side project."
            ),
            tags=["geospatial", "remote"],
        ),
    )


# Ordered by the day each was sent, so ids follow the story. The keys are stable: they
# make the uids, so renaming one orphans rows loaded by an older version.
APPLICATIONS: tuple[tuple[str, Callable[[Story], Application]], ...] = (
    ("saltmarsh-robotics", _saltmarsh),
    ("lumen-ledger", _lumen_ledger),
    ("parsnip-pantry", _parsnip_pantry),
    ("cobalt-kettle-games", _cobalt_kettle),
    ("harbourline-transit", _harbourline),
    ("brightmoss-energy", _brightmoss),
    ("orchard-lane-insurance", _orchard_lane),
    ("fernbrook-health", _fernbrook),
    ("tidewater-logistics", _tidewater),
    ("kitebright-learning", _kitebright),
    ("quillfeather-books", _quillfeather),
    ("wrenfield-maps", _wrenfield),
)


@dataclass(frozen=True)
class Note:
    """A demo journal entry: `day` in business days from today, `about` an application key."""

    key: str
    day: int
    hour: int
    text: str
    about: str | None = None
    minute: int = 0


@dataclass(frozen=True)
class Mood:
    """A mood check-in of the demo."""

    key: str
    day: int
    hour: int
    mood: int
    note: str | None = None
    about: str | None = None
    minute: int = 0


JOURNAL = (
    Note(
        "starting-out",
        -31,
        21,
        "Starting the search properly today. What I want: a team that treats data as a "
        "product, hybrid or remote, and room to grow towards senior. What I don't want: "
        "another job where I'm the only one who understands the pipelines.\n\n"
        "Target: £80-90k, a little less for the right team. Three thoughtful applications "
        "a week, not thirty rushed ones.",
    ),
    Note(
        "saltmarsh-no",
        -20,
        20,
        "Saltmarsh said no to the senior role. I knew streaming was my weak spot and it "
        "showed. A long walk by the river helped more than I expected.\n\n"
        "Kasia's call was kind, and she asked to keep me in mind. Small plan: one weekend "
        "building a toy streaming pipeline, so next time I can answer from experience.",
        about="saltmarsh-robotics",
    ),
    Note(
        "harbourline-feedback",
        -12,
        19,
        "Harbourline's feedback is fair: I talk about testing, but not about noticing when "
        "production data has quietly gone wrong. I do have a real story -- the freshness "
        "alert I added after the stock feed stopped over a bank holiday -- I just never "
        "tell it. Writing it down so I will.",
        about="harbourline-transit",
    ),
    Note(
        "cobalt-no",
        -8,
        20,
        "Second rejection in a week, Cobalt this time. Grumpy all afternoon; I liked those "
        "people.\n\n"
        "The feedback rhymes with Harbourline's: tests and data quality. That is a theme, "
        "not bad luck. Plan: tests around the transformations in every take-home, and a "
        "half-page on trade-offs by default. Also keeping this: they said my SQL was the "
        "strongest they saw.",
        about="cobalt-kettle-games",
    ),
    Note(
        "lumen-offer",
        -5,
        21,
        "An offer from Lumen Ledger! Celebrated with dumplings.\n\n"
        "The deadline is next week and Fernbrook, Tidewater and Brightmoss are still going. "
        "Tell those recruiters about the deadline and ask whether they can move faster; ask "
        "Imogen for a few more days if I need them.\n\n"
        "So far: ten applications, three rejections, one offer. That is what a normal "
        "search looks like.",
        about="lumen-ledger",
    ),
    Note(
        "fernbrook-prep",
        -1,
        21,
        "Preparing for Fernbrook's system design round: the basics of their health data "
        "standard, event tables versus snapshots, and a two-minute exactly-once answer -- "
        "the one I fumbled at Lumen. Practising out loud tonight.",
        about="fernbrook-health",
    ),
)

MOODS = (
    Mood("week-1", -31, 21, 4, "Hopeful. Having a plan feels good.", minute=30),
    Mood("first-screens", -25, 18, 3, "Busy week of screens. Tired but fine."),
    Mood("saltmarsh-no", -20, 19, 2, "Stung by Saltmarsh.", about="saltmarsh-robotics"),
    Mood("good-rounds", -16, 19, 4, "Two technical rounds I enjoyed this week."),
    Mood(
        "harbourline-no", -13, 18, 2, "Another no. Called my sister.", about="harbourline-transit"
    ),
    Mood("saltmarsh-back", -10, 13, 4, "Saltmarsh came back!", about="saltmarsh-robotics"),
    Mood("cobalt-no", -8, 19, 2, about="cobalt-kettle-games"),
    Mood("offer", -5, 20, 5, "Offer from Lumen Ledger.", about="lumen-ledger"),
    Mood("kitebright", -3, 21, 3, "Kitebright round was hard work.", about="kitebright-learning"),
    Mood("before-fernbrook", -1, 22, 4, "Nervous, the good kind."),
)
