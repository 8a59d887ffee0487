"""Bulk mail recognised from its headers alone, so an import need not read its body at all.

Pure: headers (and the MatchIndex of the user's applications) in, a reason or None out.
Most of a real mailbox is newsletters, marketing, notifications and mailing lists, and
their headers say so (List-Unsubscribe, List-Id, Precedence, Auto-Submitted, a marketing
relay's bounce address). Parsing such a message's body, converting its HTML and running
the classifier costs many times more than reading its headers, and the answer is "not
about a job" anyway.

Applicant-tracking systems, job boards and companies' recruiting tools send through the
same bulk-mail machinery, though. So the headers alone settle a message only when nothing
in them could tie it to the job search: it is not from an applicant-tracking system or job
board, not from an address or domain the user's applications know (contacts, company
domains, domains named after a company applied to), not a reply in a thread afterword
started, and neither its subject nor its sender's name names a company applied to or
speaks of jobs. Everything else is read in full and classified as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from afterword.inbox.matching import (
    MatchIndex,
    address_of,
    domain_of,
    is_ats_domain,
    is_shared_domain,
    normalise,
)
from afterword.inbox.message import InboxHeaders

# Precedence values that mark mail sent to many (RFC 2076; "junk" is what old list servers use).
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
# Registered domains of relays that send marketing campaigns (the bounce address of their mail).
# Transactional relays (Amazon SES, SendGrid, Mailgun, Postmark) are left out on purpose:
# applicant-tracking systems and companies' careers sites send through them too.
MARKETING_RELAYS = frozenset(
    {
        "mcsv.net",  # Mailchimp
        "rsgsv.net",  # Mailchimp
        "mcdlv.net",  # Mailchimp
        "mailchimpapp.net",
        "klaviyomail.com",
        "cmail19.com",  # Campaign Monitor
        "cmail20.com",
        "createsend.com",
        "constantcontact.com",
        "mailjet.com",
        "hubspotemail.net",
        "hs-email.net",
        "exacttarget.com",  # Salesforce Marketing Cloud
        "sendibm1.com",  # Brevo (Sendinblue)
        "sendibm2.com",
        "sendibm3.com",
        "sendinblue.com",
        "mktomail.com",  # Marketo
        "mailerlite.com",
        "convertkit-mail.com",
        "substack.com",
        "beehiiv.com",
        "emarsys.net",
        "bronto.com",
        "e-dialog.com",
        "cheetahmail.com",
    }
)
# Words of job mail: a subject with any of them is read in full whatever its headers say.
# (Both patterns are matched against lower-case text: much faster than re.IGNORECASE.)
# Deliberately broad ("offer" catches sales too): a newsletter read in full costs time, a job
# email left unread costs news the user is waiting for.
_JOB_WORDS = re.compile(
    r"appl(?:y|ied|ying|ication|icant)|interview|candida|recruit|hiring|\bhire|career|"
    r"\bjobs?\b|\broles?\b|position|opportunit|offer|talent|vacanc|r[ée]sum|\bcv\b|portfolio|"
    r"assessment|screen|salary|compensation|onboard|feedback|shortlist|next steps?\b|"
    r"decision|employ|contract|start date|headhunt|your (?:profile|background)"
)
# Senders whose name or mailbox speaks for a careers team, whatever the domain.
_CAREERS_SENDER = re.compile(
    r"career|talent|recruit|hiring|\bjobs?\b|\bhr\b|people|resourcing|applicant|candida|"
    r"staffing|acquisition|workforce|\bta\b"
)


def bulk_reason(headers: InboxHeaders) -> str | None:
    """What in the headers marks a message as bulk mail, in words; None when nothing does."""
    if headers.list_unsubscribe:
        return "it has a List-Unsubscribe header (a newsletter or marketing)"
    if headers.list_id:
        return "it has a List-Id header (a mailing list)"
    precedence = (headers.precedence or "").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"it is marked Precedence: {precedence}"
    automatic = (headers.auto_submitted or "").strip().lower()
    if automatic and not automatic.startswith("no"):
        return "it is marked Auto-Submitted (sent by a machine)"
    relay = domain_of(headers.return_path)
    if relay in MARKETING_RELAYS:
        return f"it was sent through a marketing relay ({relay})"
    return None


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>").lower()


def could_concern_applications(headers: InboxHeaders, index: MatchIndex) -> bool:
    """Whether anything in the headers could tie the message to the user's job search."""
    sender = address_of(headers.from_address)
    if sender is not None and (sender in index.own_addresses or sender in index.by_address):
        return True
    for reference in (headers.in_reply_to, *headers.references):
        if reference and _bare(reference) in index.sent_message_ids:
            return True
    for domain in {domain_of(sender), domain_of(headers.return_path)} - {None}:
        if is_ats_domain(domain):
            return True
        if not is_shared_domain(domain) and (
            domain in index.by_domain or index.guessed_by_domain(domain)  # type: ignore[arg-type]
        ):
            return True
    name = (headers.from_name or "").lower()
    local = sender.split("@", 1)[0] if sender else ""
    if _CAREERS_SENDER.search(f"{name} {local}"):
        return True
    if _JOB_WORDS.search(headers.subject.lower()) or _JOB_WORDS.search(name):
        return True
    return bool(index.names_in(normalise(f"{headers.from_name or ''} {headers.subject}")))


def skip_reason(headers: InboxHeaders, index: MatchIndex) -> str | None:
    """Why the message can be recorded as not about a job without reading its body; None when
    it must be read (see the module's docstring)."""
    return BulkFilter(index)(headers)


@dataclass(frozen=True)
class BulkFilter:
    """`skip_reason` for one user's applications: the `skip` hook of service.ingest.

    The Message-IDs of bulk mail it lets through (because something ties it to the job
    search) go into `bulk_ids`: triage files such mail unless solid evidence ties it to an
    application, and the headers are gone by the time it is triaged.
    """

    index: MatchIndex
    bulk_ids: set[str] = field(default_factory=set)

    def __call__(self, headers: InboxHeaders) -> str | None:
        reason = bulk_reason(headers)
        if reason is None:
            return None
        if could_concern_applications(headers, self.index):
            if headers.message_id:
                self.bulk_ids.add(headers.message_id)
            return None
        return (
            f"bulk mail, from its headers alone: {reason}, and nothing ties it to your applications"
        )
