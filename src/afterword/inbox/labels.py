"""The classes a received email can fall into during inbox triage."""

from __future__ import annotations

import enum


class MailClass(enum.StrEnum):
    """What a received email is, as far as the job search is concerned."""

    APPLICATION_RECEIVED = "application_received"
    INTERVIEW_INVITATION = "interview_invitation"  # any further round or assessment
    HIRING_MANAGER_CHAT = "hiring_manager_chat"
    REJECTION = "rejection"
    OFFER = "offer"
    OFFER_DEADLINE = "offer_deadline"  # an offer's deadline, or an extension granted or refused
    STATUS_UPDATE = "status_update"  # still reviewing, or delayed
    FEEDBACK = "feedback"
    RECRUITER_OUTREACH = "recruiter_outreach"
    NOT_JOB = "not_job"
