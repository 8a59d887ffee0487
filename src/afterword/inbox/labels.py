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

    @property
    def label(self) -> str:
        """How the class reads in a sentence: 'a rejection'."""
        return _LABELS[self]


_LABELS = {
    MailClass.APPLICATION_RECEIVED: "application received",
    MailClass.INTERVIEW_INVITATION: "interview invitation",
    MailClass.HIRING_MANAGER_CHAT: "hiring-manager chat",
    MailClass.REJECTION: "rejection",
    MailClass.OFFER: "offer",
    MailClass.OFFER_DEADLINE: "offer deadline",
    MailClass.STATUS_UPDATE: "status update",
    MailClass.FEEDBACK: "feedback",
    MailClass.RECRUITER_OUTREACH: "recruiter outreach",
    MailClass.NOT_JOB: "not about a job",
}
