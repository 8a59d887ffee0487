"""What every rule receives: the day, the timings, the calendar, and the whole search (pure)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from afterword.localtime import BusinessCalendar
from afterword.pipeline.decision_timeline import Expected, expected_decision
from afterword.playbook.facts import ActionRecord, ApplicationFacts, InterviewFact, SearchFacts
from afterword.playbook.wording import long_date
from afterword.settings.playbook import PlaybookTimings

__all__ = ["PlanContext", "long_date"]


@dataclass
class PlanContext:
    """The inputs shared by every rule."""

    today: dt.date
    timings: PlaybookTimings
    calendar: BusinessCalendar
    search: SearchFacts

    @property
    def acceptance(self) -> tuple[ApplicationFacts, dt.date] | None:
        """The process whose offer the user accepted most recently, and when."""
        found = self.search.index.acceptance
        if found is None:
            return None
        application = self.search.application(found[0])
        return None if application is None else (application, found[1])

    def superseded(self, app: ApplicationFacts) -> bool:
        """True when the user accepted another offer: this process is to be wrapped up, not pursued."""
        found = self.search.index.acceptance
        return found is not None and found[0] != app.id

    def winding_down(self, app: ApplicationFacts) -> bool:
        """True when the user is leaving this process: they accepted another offer, or said
        after an interview that they no longer want the job. Only closing steps remain then:
        no chasing, no thank-you that looks forward to hearing back, no salary research."""
        return self.superseded(app) or app.not_interested(self.today) is not None

    @functools.cached_property
    def latest_expected_decision(self) -> tuple[ApplicationFacts, dt.date] | None:
        """Among processes at an interview stage, the one expected to decide last, and when.

        A decision already overdue can still come any day, so it counts from today.
        Computed once per plan: every offer's extension rule asks the same question.
        """
        from afterword.pipeline.status import Status

        stages = (Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT)
        expected = [
            (app, max(found.on, self.today))
            for app in self.search.applications
            if app.status in stages and (found := self.expected_for(app)) is not None
        ]
        return max(expected, key=lambda pair: (pair[1], pair[0].id), default=None)

    def settled(self, key: str) -> ActionRecord | None:
        """What the user did with the action of this key, if anything."""
        return self.search.settled.get(key)

    def business_days_after(self, day: dt.date, count: int) -> dt.date:
        """`count` business days after `day`; 0 keeps the day itself (even on a weekend)."""
        return day if count == 0 else self.calendar.add(day, count)

    def expected_decision(self, interview: InterviewFact) -> Expected | None:
        """When the company should decide after `interview`, promised or assumed."""
        if interview.on is None:
            return None
        return expected_decision(
            interview.on,
            interview.timeline,
            default_business_days=self.timings.default_decision_business_days,
            calendar=self.calendar,
        )

    def expected_for(self, application: ApplicationFacts) -> Expected | None:
        """The expected decision of a process, from its latest interview."""
        last = application.last_interview
        return None if last is None else self.expected_decision(last)
