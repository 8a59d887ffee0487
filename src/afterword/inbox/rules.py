"""Transparent signals for the mail classifier: sender patterns and tell-tale phrases.

Pure. Each rule is a regular expression with a plain description; the classifier
uses them as features (so their weight is learned) and names the ones that fired
in its reasons. `prefilter_not_job` is a cheap test that lets obvious non-job
mail skip the model entirely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Field = Literal["sender", "subject", "text", "any"]


@dataclass(frozen=True)
class Rule:
    """A named pattern looked for in one part of a message."""

    name: str
    description: str
    field: Field
    pattern: re.Pattern[str]
    # Lower-case words at least one of which every match contains: a substring test is far
    # cheaper than the regular expression, and most messages contain none of them.
    needs: tuple[str, ...] = ()

    def fires(self, text: str, lowered: str) -> bool:
        """Whether the rule matches `text` (`lowered` is the same text in lower case)."""
        if self.needs and not any(word in lowered for word in self.needs):
            return False
        return self.pattern.search(text) is not None


def _rule(name: str, description: str, field: Field, pattern: str, *needs: str) -> Rule:
    return Rule(name, description, field, re.compile(pattern, re.IGNORECASE), needs)


RULES: tuple[Rule, ...] = (
    _rule(
        "ats_sender",
        "sent by an applicant-tracking system",
        "sender",
        r"greenhouse|lever\b|workday|smartrecruiters|ashby|icims|taleo|jobvite|workable|"
        r"bamboohr|teamtailor|successfactors|recruitee|personio|pinpoint|applytojob",
    ),
    _rule(
        "no_reply_sender",
        "sent from a no-reply address",
        "sender",
        r"no[-_.]?reply|do[-_.]?not[-_.]?reply",
    ),
    _rule(
        "careers_sender",
        "sent from a careers or talent mailbox",
        "sender",
        r"careers?|talent|recruit|hiring|jobs?@|people@|hr@|resourcing",
    ),
    _rule(
        "bulk_sender",
        "sent from a newsletter or marketing address",
        "sender",
        r"newsletter|news@|marketing|deals|promo|offers@|digest|updates@|hello@|notifications?@(?!.*(greenhouse|lever))",
    ),
    _rule(
        "rejection_phrase",
        "says they are going ahead with other candidates",
        "text",
        r"(?:move|moving|go|going|proceed|proceeding)\s+(?:forward|ahead)\s+with\s+(?:other|another)|"
        r"not\s+(?:to\s+)?(?:be\s+)?(?:moving|move|taking|take|progress(?:ing)?|proceed(?:ing)?)\s+"
        r"(?:forward|further|your application)|"
        r"decided\s+(?:not\s+to|to\s+(?:pursue|go\s+with|progress\s+with|proceed\s+with)\s+(?:other|another))|"
        r"(?:have\s+not|haven't|were\s+not|was\s+not|not)\s+been\s+successful|unsuccessful|"
        r"regret\s+to\s+(?:inform|let\s+you\s+know)|position\s+has\s+(?:now\s+)?been\s+filled|"
        r"(?:will|won't|will\s+not)\s+(?:not\s+)?be\s+(?:progressing|moving\s+forward|taking\s+your)",
        "forward",
        "ahead",
        "further",
        "your application",
        "decided",
        "successful",
        "regret",
        "filled",
        "progressing",
        "taking your",
    ),
    _rule(
        "offer_phrase",
        "offers the job",
        "text",
        r"(?:pleased|delighted|happy|thrilled|excited)\s+to\s+(?:formally\s+)?(?:offer|extend)|"
        r"offer\s+of\s+employment|offer\s+letter|extend\s+(?:you\s+)?an?\s+(?:formal\s+|verbal\s+)?offer|"
        r"(?:formal|verbal|written)\s+offer|base\s+salary|signing\s+bonus|start\s+date",
        "offer",
        "extend",
        "salary",
        "bonus",
        "start date",
    ),
    _rule(
        "reply_by_phrase",
        "asks for an answer by a date",
        "text",
        r"(?:let\s+(?:us|me)\s+know|respond|reply|decision|answer|accept|sign)\w*\s+(?:\w+\s+){0,4}?"
        r"(?:by|before|no\s+later\s+than)\b|offer\s+(?:will\s+)?(?:expire|remain|stand)|extension|"
        r"deadline",
        "know",
        "respond",
        "reply",
        "decision",
        "answer",
        "accept",
        "sign",
        "offer",
        "extension",
        "deadline",
    ),
    _rule(
        "scheduling_phrase",
        "asks to arrange a conversation or assessment",
        "text",
        r"availability|are\s+you\s+(?:free|available)|would\s+\w+day|time\s+slots?|calendly|"
        r"book\s+(?:a|your)\s+(?:slot|time)|schedule\s+(?:a|an|your)|invite\s+you\s+to|"
        r"take[-\s]home|assessment|next\s+(?:round|stage|step)",
        "availab",
        "are you",
        "would",
        "slot",
        "calendly",
        "book",
        "schedule",
        "invite",
        "take",
        "assessment",
        "next",
    ),
    _rule(
        "still_reviewing_phrase",
        "says a decision is still pending or delayed",
        "text",
        r"still\s+(?:reviewing|considering|in\s+the\s+process)|delay|taking\s+(?:a\s+bit\s+)?longer|"
        r"haven't\s+forgotten|not\s+forgotten|update\s+on\s+(?:your|the)\s+(?:application|process)|"
        r"(?:no|not\s+yet\s+(?:made\s+)?a)\s+decision",
        "still",
        "delay",
        "longer",
        "forgotten",
        "update",
        "decision",
    ),
    _rule(
        "feedback_phrase",
        "passes on feedback about an interview",
        "text",
        r"feedback|areas?\s+(?:to|for)\s+(?:improve|development|growth)|strengths|the\s+panel\s+(?:felt|noted|liked)",
        "feedback",
        "area",
        "strength",
        "panel",
    ),
    _rule(
        "outreach_phrase",
        "a recruiter approaching about a new role",
        "text",
        r"came\s+across\s+your|your\s+(?:profile|background)\s+(?:on|caught|stood)|"
        r"(?:open|interested)\s+to\s+(?:a\s+)?(?:new\s+)?(?:opportunit|role|chat)|i'm\s+(?:a|an)\s+\w*\s*recruiter|"
        r"on\s+behalf\s+of\s+(?:a|my|our)\s+client|exciting\s+(?:new\s+)?(?:opportunit|role)",
        "came across",
        "profile",
        "background",
        "open to",
        "interested to",
        "recruiter",
        "on behalf",
        "exciting",
    ),
    _rule(
        "marketing_phrase",
        "reads like marketing or a newsletter",
        "text",
        r"unsubscribe|view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser|manage\s+(?:your\s+)?preferences|"
        r"\d+\s*%\s*off|limited[-\s]time|exclusive\s+offer|promo\s+code|free\s+shipping|sale\s+ends",
        "unsubscribe",
        "browser",
        "preferences",
        "%",
        "limited",
        "exclusive",
        "promo",
        "shipping",
        "sale ends",
    ),
)

# Words that appear in nearly every job-process email; bulk mail without any of them is not
# about the user's applications.
_JOB_WORDS = re.compile(
    r"appl(?:y|ied|ying|ication|icant)|interview|candida|recruit|hiring|hire\b|career|"
    r"\bjobs?\b|\broles?\b|position|opportunit|offer|talent|vacanc|resum|\bcv\b|portfolio|"
    r"assessment|screen|salary|compensation|onboard|feedback|shortlist|next step|decision",
    re.IGNORECASE,
)
_BULK_SENDER = next(rule.pattern for rule in RULES if rule.name == "bulk_sender")
_BULK_TEXT = re.compile(
    r"unsubscribe|view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser", re.IGNORECASE
)
# How much of the text the pre-filter reads: job mail says what it is about early, and the
# unsubscribe link of bulk mail sits at the end.
PREFILTER_HEAD = 1500
PREFILTER_TAIL = 600


def _field_text(rule: Rule, subject: str, sender: str, text: str) -> str:
    if rule.field == "sender":
        return sender
    if rule.field == "subject":
        return subject
    if rule.field == "text":
        return f"{subject}\n{text}"
    return f"{sender}\n{subject}\n{text}"


def fired_rules(subject: str, sender: str, text: str) -> list[Rule]:
    """The rules that fire on a message."""
    # Whitespace collapsed so that the substring pre-checks see "open to" across a line break.
    text = " ".join(text.split())
    fired = []
    for rule in RULES:
        value = _field_text(rule, subject, sender, text)
        if rule.fires(value, value.lower()):
            fired.append(rule)
    return fired


def rule_vector(subject: str, sender: str, text: str) -> list[float]:
    """One 0/1 value per rule, in RULES order: whether that rule fired."""
    fired = {rule.name for rule in fired_rules(subject, sender, text)}
    return [1.0 if rule.name in fired else 0.0 for rule in RULES]


def prefilter_not_job(subject: str, sender: str, text: str) -> str | None:
    """A reason when a message is certainly bulk mail with no word about jobs, else None."""
    # Both conditions: personal notes about a job can lack every job word ("coffee Thursday?"),
    # and job alerts are bulk mail full of them; only bulk mail without any is safely skipped.
    tail = text[-PREFILTER_TAIL:]
    if not (_BULK_SENDER.search(sender) or _BULK_TEXT.search(tail)):
        return None
    if _JOB_WORDS.search(subject) or _JOB_WORDS.search(text[:PREFILTER_HEAD]):
        return None
    return "rule: bulk mail with no word about jobs, applications or interviews"
