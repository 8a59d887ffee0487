"""Which application an email would start, when the user has none for it: company and role.

Pure. Inbox-first trackers add an application from its acknowledgement; afterword proposes
it in the review queue instead (one keystroke), so it needs the company and, if it can, the
role. The subject says them most plainly ("Thank you for applying to Quillon", "Your
application for Data Analyst at Quillon"); a sender's name says the company ("Quillon
Careers"); the sender's own domain does when nothing else does. Applicant-tracking systems
and mail providers are never taken for the company.
"""

from __future__ import annotations

import re

from afterword.inbox.matching import domain_label, domain_of, is_ats_domain, is_shared_domain

# Shown when no role can be read: the user fixes it on the application page.
UNKNOWN_ROLE = "role not named in the email"

_NAME = r"([A-Z0-9][\w&'.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'.-]*){0,4})"
_ROLE = r"([A-Z][\w/&+.,'-]*(?:\s+[\w/&+.,'()-]+){0,6}?)"
# "... at Quillon", "applying to Quillon", "interest in Quillon", "Quillon: next steps".
_COMPANY_IN_SUBJECT = (
    re.compile(rf"\b(?:applying|applied|application)\s+(?:to|at|with)\s+{_NAME}"),
    re.compile(rf"\b(?:at|with|from|joining)\s+{_NAME}\s*(?:[!.,:;–—-]|$)"),
    re.compile(rf"\binterest\s+in\s+{_NAME}"),
    re.compile(rf"^{_NAME}\s*[:|–—-]\s"),
)
# "... for Data Analyst at Quillon", "Your application: Data Analyst", "Data Analyst - next steps".
_ROLE_IN_SUBJECT = (
    re.compile(
        rf"\b(?:for|as)\s+(?:the\s+|our\s+|a\s+|an\s+)?{_ROLE}\s+(?:at|with|position|role)\b"
    ),
    re.compile(rf"[:–—-]\s*{_ROLE}\s+(?:at|with)\s+[A-Z]"),
    re.compile(
        rf"\b(?:application|interview|applied)\s*(?:for|:|-|–)\s*(?:the\s+)?{_ROLE}\s*(?:$|[|(])"
    ),
)
# Words around a company's name in a sender's display name: "Quillon Careers", "Talent at X".
_SENDER_NOISE = re.compile(
    r"\b(?:careers?|recruit(?:ing|ment)?|talent(?:\s+acquisition)?|hiring|jobs?|hr|people|"
    r"team|no-?reply|do\s+not\s+reply|notifications?|the|at|via|from|early\s+careers)\b",
    re.IGNORECASE,
)
_WORDS_THAT_ARE_NOT_COMPANIES = frozenset(
    {"you", "your", "us", "our", "the", "a", "an", "this", "that", "we", "thanks", "thank",
     "re", "fw", "fwd", "aw", "tr", "reminder", "update", "invitation", "interview"}
)  # fmt: skip


def _clean_name(name: str) -> str | None:
    name = " ".join(name.strip(" .,:;!-–—").split())
    if not name or name.lower() in _WORDS_THAT_ARE_NOT_COMPANIES or len(name) > 60:
        return None
    return name


def guess_company(subject: str, from_name: str | None, from_address: str | None) -> str | None:
    """The company an email is from or about, or None when nothing says it plainly."""
    domain = domain_of(from_address)
    for pattern in _COMPANY_IN_SUBJECT:
        found = pattern.search(subject)
        if found and (name := _clean_name(found.group(1))):
            return name
    ats = is_ats_domain(domain)
    # Only an organisation's sender name ("Quillon Careers"), never a person's ("Hugo Chen").
    if from_name and not ats and _SENDER_NOISE.search(from_name):
        name = _clean_name(_SENDER_NOISE.sub(" ", from_name))
        if name and "@" not in name:
            return name
    if domain and not ats and not is_shared_domain(domain):
        return domain_label(domain).title()
    return None


# In the text, only the plainest form: "applying for the Data Engineer position at ...".
# Sentences there say much else after "for" ("for your time", "for Monday"), so the role
# must be followed by the word position or role.
_ROLE_IN_TEXT = re.compile(
    rf"\b(?:for|as)\s+(?:the\s+|our\s+|a\s+|an\s+)?{_ROLE}\s+(?:position|role|vacancy|opening)\b"
)
# Where an acknowledgement says what was applied for: its first sentences.
_OPENING_CHARS = 600


def _role_from(found: re.Match[str] | None) -> str | None:
    if found is None:
        return None
    role = " ".join(found.group(1).split()).strip(" .,:;-–—")
    if role and role.lower() not in _WORDS_THAT_ARE_NOT_COMPANIES:
        return role
    return None


def guess_role(subject: str, text: str | None = None) -> str | None:
    """The role a subject names ("Your application for Data Analyst at Quillon"), or the
    message's opening ("... for the Data Analyst position ..."), or None."""
    for pattern in _ROLE_IN_SUBJECT:
        if role := _role_from(pattern.search(subject)):
            return role
    if text:
        return _role_from(_ROLE_IN_TEXT.search(text[:_OPENING_CHARS]))
    return None


def proposed_application(
    subject: str, from_name: str | None, from_address: str | None, text: str | None = None
) -> tuple[str, str] | None:
    """(company, role) for an application to add, or None when the company is unclear."""
    company = guess_company(subject, from_name, from_address)
    if company is None:
        return None
    return company, guess_role(subject, text) or UNKNOWN_ROLE
