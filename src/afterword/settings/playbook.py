"""Every timing and threshold of the playbook, with its default, in one place.

Users change them in the `[playbook]` section of config.toml (or with
AFTERWORD_PLAYBOOK__<NAME> variables); docs/settings.md lists them all.
Business days skip weekends and the public holidays of the user's country.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PlaybookTimings(BaseModel):
    """When each step of the playbook falls due."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    thank_you_business_days: int = Field(
        0, ge=0, le=5, description="Thank-you notes after an interview (0 = the same day)."
    )
    debrief_business_days: int = Field(
        0, ge=0, le=5, description="Writing the debrief after an interview (0 = the same day)."
    )
    interest_check_business_days: int = Field(
        0, ge=0, le=5, description="Asking yourself whether you still want the job."
    )
    withdrawal_business_days: int = Field(
        1,
        ge=0,
        le=10,
        description="Telling the recruiter, after answering that you are no longer interested.",
    )
    salary_research_business_days: int = Field(
        2, ge=0, le=20, description="Researching the salary after the first interview of a process."
    )
    follow_up_after_promised_business_days: int = Field(
        1,
        ge=0,
        le=10,
        description="The gentle follow-up, after the decision date the recruiter gave.",
    )
    default_decision_business_days: int = Field(
        5, ge=1, le=30, description="The wait assumed when no decision timeline was given."
    )
    second_follow_up_business_days: int = Field(
        5, ge=1, le=30, description="The second follow-up, after the first one was sent."
    )
    ghosted_after_business_days: int = Field(
        15,
        ge=5,
        le=60,
        description="Suggesting to mark a silent process as ghosted, after the expected decision date.",
    )
    ghosted_after_last_follow_up_business_days: int = Field(
        5,
        ge=1,
        le=30,
        description="Suggesting to mark a process ghosted no sooner than this after the last follow-up.",
    )
    preparation_business_days: int = Field(
        1,
        ge=0,
        le=10,
        description="Preparing, after an invitation to a hiring-manager chat or more interviews.",
    )
    feedback_request_business_days: int = Field(
        1, ge=0, le=10, description="Asking for feedback after a rejection."
    )
    reflection_business_days: int = Field(
        2, ge=0, le=20, description="Reflecting on a rejection: what went well, what to practise."
    )
    game_plan_business_days: int = Field(
        2, ge=0, le=20, description="Reviewing your game plan after feedback arrives."
    )
    keep_applying_days: int = Field(
        7,
        ge=1,
        le=60,
        description="Calendar days after a rejection without a new application before a nudge.",
    )
    offer_terms_business_days: int = Field(
        0, ge=0, le=5, description="Recording an offer's terms and deadline after it arrives."
    )
    offer_notice_business_days: int = Field(
        1, ge=0, le=5, description="Telling the other open processes that you hold an offer."
    )
    extension_margin_business_days: int = Field(
        3,
        ge=0,
        le=20,
        description="Margin added after the latest expected decision when proposing an extended deadline.",
    )
    offer_reminder_days: tuple[int, ...] = Field(
        (7, 3, 1), description="Reminders this many calendar days before an offer's deadline."
    )
    ask_how_well_business_days: int = Field(
        1, ge=0, le=10, description="Asking the recruiter how well you did, after an offer."
    )
    wrap_up_business_days: int = Field(
        1,
        ge=0,
        le=10,
        description="Withdrawing from other processes and declining other offers after accepting.",
    )

    forget_overdue_after_days: int = Field(
        30,
        ge=7,
        le=365,
        description="An action overdue by more than this many days is dropped as no longer useful "
        "(so importing an old tracker does not flood the agenda).",
    )

    @field_validator("offer_reminder_days")
    @classmethod
    def _positive_days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(day < 1 or day > 60 for day in value):
            raise ValueError("each reminder must be between 1 and 60 days before the deadline")
        return tuple(sorted(set(value), reverse=True))
