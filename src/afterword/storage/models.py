"""Imports every model so that the metadata (and Alembic) sees all tables."""

from afterword.accounts.daily import DailyPreference, DailyRun
from afterword.accounts.models import (
    Account,
    AccountEmail,
    AccountLink,
    CalendarFeed,
    ServerSession,
    SignInAttempt,
    UserSettings,
)
from afterword.coaching.models import CoachComment, CoachShare, CoachView
from afterword.drafts.models import PersonTemplate
from afterword.inbox.models import FolderState, IngestedMessage
from afterword.mail.models import SentMessage, WeeklyDigest
from afterword.offers.models import Offer, SalaryResearch
from afterword.pipeline.models import (
    Application,
    ApplicationTag,
    Contact,
    Feedback,
    Interview,
    InterviewQuestion,
    Outcome,
    StatusChange,
    interview_interviewers,
)
from afterword.playbook.models import PlannedAction
from afterword.profile.models import User
from afterword.reflection.models import (
    Goal,
    JournalEntry,
    MoodCheckin,
    PlanMove,
    PlanReview,
    PlanStep,
    PracticeAnswer,
    PracticeCard,
    PracticeSession,
    Reflection,
)

__all__ = [
    "Account",
    "AccountEmail",
    "AccountLink",
    "Application",
    "ApplicationTag",
    "CalendarFeed",
    "CoachComment",
    "CoachShare",
    "CoachView",
    "Contact",
    "DailyPreference",
    "DailyRun",
    "Feedback",
    "FolderState",
    "Goal",
    "IngestedMessage",
    "Interview",
    "InterviewQuestion",
    "JournalEntry",
    "MoodCheckin",
    "Offer",
    "Outcome",
    "PersonTemplate",
    "PlanMove",
    "PlanReview",
    "PlanStep",
    "PlannedAction",
    "PracticeAnswer",
    "PracticeCard",
    "PracticeSession",
    "Reflection",
    "SalaryResearch",
    "SentMessage",
    "ServerSession",
    "SignInAttempt",
    "StatusChange",
    "User",
    "UserSettings",
    "WeeklyDigest",
    "interview_interviewers",
]
