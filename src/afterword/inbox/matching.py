"""Which application a received email is about: by thread, contact, company domain or name.

Pure: a MatchIndex (built once per import from the user's applications, see
index.py) and a message's headers and text in, a Match out. The
evidence is tried from strongest to weakest:

1. thread: the message replies to an email afterword sent for an application;
2. contact: the sender is a person recorded on an application;
3. domain: the sender writes from the company's own domain;
4. named: the company (and, to tell several apart, the role) is named in the
   subject or text, as applicant-tracking systems' no-reply mail does.

When the evidence points at several applications and nothing tells them apart, the
match is ambiguous and lists the candidates: triage then asks the user instead of
guessing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from afterword.pipeline.status import OPEN_STATUSES, Status

# A role named in a message counts when this similar (rapidfuzz partial ratio, 0-100): high
# enough that "Data Engineer" does not pass for "Data Analyst", low enough for "Sr." and plurals.
ROLE_SIMILARITY = 88
# A message sent more than this long before the application was made is not about it: old mail
# from the same company (an earlier attempt, a newsletter) must not close a new process.
EARLIEST_BEFORE_APPLYING = dt.timedelta(days=2)

# Words that name a company's legal form rather than the company.
_CORPORATE_WORDS = frozenset(
    [
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "bv",
        "nv",
        "pty",
        "pvt",
        "srl",
        "oy",
        "ab",
        "as",
        "aps",
        "group",
        "holdings",
        "the",
    ]
)
# First words too common to stand for a company on their own ('General' for General Motors).
_COMMON_FIRST_WORDS = frozenset(
    "general united american british national royal first international global digital "  # noqa: SIM905
    "pacific atlantic northern southern eastern western central capital advanced applied "
    "standard universal modern premier smart green blue black white silver golden".split()
)
# Mail providers anyone can use: their domain says nothing about the sender's employer.
FREE_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.in",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "zoho.com",
        "zohomail.com",
        "fastmail.com",
        "fastmail.fm",
        "hey.com",
        "tutanota.com",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "rediffmail.com",
        "qq.com",
        "163.com",
        "yandex.com",
        "yandex.ru",
    ]
)
# Registered-domain labels of applicant-tracking systems and job boards: mail from them names
# the employer only in its text, and a job link on them says nothing about the company's domain.
ATS_LABELS = frozenset(
    [
        "greenhouse",
        "greenhouse-mail",
        "lever",
        "hire",
        "workday",
        "myworkday",
        "myworkdayjobs",
        "smartrecruiters",
        "smartrecruitersmail",
        "ashby",
        "ashbyhq",
        "icims",
        "taleo",
        "oraclecloud",
        "jobvite",
        "workable",
        "workablemail",
        "bamboohr",
        "teamtailor",
        "teamtailor-mail",
        "recruitee",
        "personio",
        "successfactors",
        "sapsf",
        "pinpoint",
        "pinpointhq",
        "applytojob",
        "breezy",
        "breezyhr",
        "jazzhr",
        "jazz",
        "avature",
        "phenom",
        "phenompeople",
        "eightfold",
        "beamery",
        "comeet",
        "hirebridge",
        "recruiterbox",
        "zohorecruit",
        "manatal",
        "rippling",
        "gusto",
        "dover",
        "gem",
        "linkedin",
        "indeed",
        "glassdoor",
        "totaljobs",
        "reed",
        "monster",
        "ziprecruiter",
        "otta",
        "welcometothejungle",
        "wellfound",
        "angel",
        "hired",
        "dice",
        "stepstone",
        "naukri",
        "seek",
        "adzuna",
        "cv-library",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")


class MatchMethod(enum.StrEnum):
    """What tied a message to an application, strongest first."""

    THREAD = "thread"
    CONTACT = "contact"
    DOMAIN = "domain"
    NAMED = "named"

    @property
    def label(self) -> str:
        """How the match reads in a sentence: 'matched by ...'."""
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    MatchMethod.THREAD: "a reply to an email you sent",
    MatchMethod.CONTACT: "a contact's address",
    MatchMethod.DOMAIN: "the company's email domain",
    MatchMethod.NAMED: "the company named in the message",
}


@dataclass(frozen=True)
class KnownApplication:
    """An application as matching sees it."""

    id: int
    company: str
    role: str
    status: Status
    applied_on: dt.date | None = None
    contact_addresses: frozenset[str] = frozenset()
    # Registered domains the company is known to write from (contacts' addresses, the job link).
    domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """The application a message is about, or the candidates when the evidence is ambiguous."""

    application_id: int | None
    method: MatchMethod | None = None
    candidates: tuple[int, ...] = ()
    why: str = "nothing in it points at one of your applications"
    # For a match by the company's name: whether the application's role is named too.
    role_named: bool = False

    @property
    def ambiguous(self) -> bool:
        """Several applications fit and nothing told them apart."""
        return self.application_id is None and len(self.candidates) > 1


NO_MATCH = Match(None)


def normalise(text: str) -> str:
    """Lower case, accents removed, anything but letters and digits turned into single spaces."""
    if text.isascii():
        # ASCII has nothing to decompose or strip (the common case, and many times faster).
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only the runs of non-ASCII characters are looked at one by one (no ASCII character is a
    # combining mark): a long message with a few accents is not walked character by character.
    plain = _NON_ASCII.sub(_without_marks, decomposed)
    return " ".join(_WORD.findall(plain))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def company_names(company: str) -> tuple[str, ...]:
    """Ways a company's name appears in mail: in full, and without its legal form ('Acme' for
    'Acme Ltd')."""
    full = normalise(company)
    short = " ".join(w for w in full.split() if w not in _CORPORATE_WORDS)
    names = {full, short} - {""}
    # Names like "ab" or "co" would be found inside ordinary sentences.
    return tuple(sorted((n for n in names if len(n.replace(" ", "")) >= 3), key=len, reverse=True))


def domain_names(company: str) -> set[str]:
    """Names a company's own mail domain may carry: its names run together ('acmeltd', 'acme'),
    and a distinctive first word ('fernhill' for Fernhill Robotics). The first word alone is
    never looked for in text: 'Harbour' would match every harbour mentioned."""
    names = {name.replace(" ", "") for name in company_names(company)}
    words = [w for w in normalise(company).split() if w not in _CORPORATE_WORDS]
    if len(words) > 1 and len(words[0]) >= 5 and words[0] not in _COMMON_FIRST_WORDS:
        names.add(words[0])
    return names


def address_of(value: str | None) -> str | None:
    """An address in lower case, or None when it is not one."""
    if not value or "@" not in value:
        return None
    return value.strip().strip("<>").lower()


@functools.lru_cache(maxsize=1)
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    # The public-suffix list snapshot that ships with tldextract: nothing is ever downloaded.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=4096)
def registered_domain(host: str) -> str | None:
    """The domain a host belongs to ('mail.acme.co.uk' -> 'acme.co.uk'); None for none."""
    host = host.strip().strip(".").lower()
    if not host:
        return None
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    # A private or test name ('halcyon.example', 'corp.internal'): its last two labels.
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else None


def domain_of(address: str | None) -> str | None:
    """The registered domain of an email address."""
    if not address or "@" not in address:
        return None
    return registered_domain(address.rsplit("@", 1)[1])


def domain_label(domain: str) -> str:
    """The part of a registered domain that names its owner ('acme' for 'acme.co.uk')."""
    return domain.split(".", 1)[0]


def is_ats_domain(domain: str | None) -> bool:
    """Whether a domain belongs to an applicant-tracking system or job board."""
    return domain is not None and domain_label(domain) in ATS_LABELS


def is_shared_domain(domain: str | None) -> bool:
    """A domain whose users are not one company: free mail, ATS or job boards."""
    return domain is None or domain in FREE_MAIL_DOMAINS or is_ats_domain(domain)


def _host_of_link(link: str | None) -> str | None:
    if not link:
        return None
    match = re.match(r"^(?:[a-z][a-z0-9+.-]*://)?([^/?#:@\s]+)", link.strip(), re.IGNORECASE)
    return match[1] if match else None


def company_domains(link: str | None, contact_addresses: Iterable[str]) -> frozenset[str]:
    """The company's own domains, as its contacts' addresses and its job link show them."""
    found = {domain_of(a) for a in contact_addresses}
    host = _host_of_link(link)
    if host:
        found.add(registered_domain(host))
    return frozenset(d for d in found if d and not is_shared_domain(d))


@dataclass
class MatchIndex:
    """The user's applications, indexed for matching many messages quickly."""

    applications: dict[int, KnownApplication]
    sent_message_ids: dict[str, int] = field(default_factory=dict)  # Message-ID -> application
    own_addresses: frozenset[str] = frozenset()
    by_address: dict[str, set[int]] = field(default_factory=dict)
    by_domain: dict[str, set[int]] = field(default_factory=dict)
    by_name: dict[str, set[int]] = field(default_factory=dict)  # normalised name -> applications
    _names: re.Pattern[str] | None = None
    # by_name by first word: each name's words and applications, longest name first.
    _by_first_word: dict[str, list[tuple[list[str], set[int]]]] = field(default_factory=dict)
    # by_name without spaces (what a domain named after a company reads), built on first use.
    # Names run together, as a company's own domain would spell them -> applications.
    by_domain_name: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        applications: Iterable[KnownApplication],
        *,
        sent_message_ids: dict[str, int] | None = None,
        own_addresses: Iterable[str] = (),
    ) -> MatchIndex:
        """Indexes applications by contact address, company domain and company name."""
        index = cls(
            applications={a.id: a for a in applications},
            sent_message_ids={_bare_id(k): v for k, v in (sent_message_ids or {}).items()},
            own_addresses=frozenset(a.lower() for a in own_addresses if a),
        )
        for application in index.applications.values():
            for address in application.contact_addresses:
                index.by_address.setdefault(address.lower(), set()).add(application.id)
            for domain in application.domains:
                index.by_domain.setdefault(domain, set()).add(application.id)
            for name in company_names(application.company):
                index.by_name.setdefault(name, set()).add(application.id)
            for name in domain_names(application.company):
                index.by_domain_name.setdefault(name, set()).add(application.id)
        if index.by_name:
            # One alternation of every name, longest first, so one pass finds all that appear.
            names = sorted(index.by_name, key=len, reverse=True)
            index._names = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
            for name in names:
                words = name.split(" ")
                index._by_first_word.setdefault(words[0], []).append((words, index.by_name[name]))
        return index

    def names_in(self, text: str) -> set[int]:
        """Applications whose company is named in `text` (already normalised).

        What `_names.findall` finds (the names as whole words, leftmost first, the longest
        where several start at one word, none overlapping), found from the text's words: in
        normalised text (words of letters and digits, single spaces) a name can only start
        at a word, so only the words that start a name are looked at. The alternation of
        every name was tried at every character of a long message instead.
        """
        if self._names is None:
            return set()
        words = text.split()
        starts = self._by_first_word
        found: set[int] = set()
        free = 0  # the first word not inside a name found already
        for index in [i for i, word in enumerate(words) if word in starts]:
            if index < free:
                continue
            for name, applications in starts[words[index]]:
                if words[index : index + len(name)] == name:
                    found |= applications
                    free = index + len(name)
                    break
        return found

    def guessed_by_domain(self, domain: str) -> set[int]:
        """Applications whose company the domain is named after ('acme.com' for Acme Ltd,
        'fernhill.io' for Fernhill Robotics)."""
        return set(self.by_domain_name.get(domain_label(domain).replace("-", ""), ()))


def _bare_id(message_id: str) -> str:
    return message_id.strip().strip("<>").lower()


def _role_named(role: str, text: str) -> bool:
    from rapidfuzz import fuzz

    wanted = normalise(role)
    return bool(wanted) and fuzz.partial_ratio(wanted, text) >= ROLE_SIMILARITY


def _in_time(application: KnownApplication, sent_at: dt.datetime | None) -> bool:
    if application.applied_on is None or sent_at is None:
        return True
    return sent_at.date() >= application.applied_on - EARLIEST_BEFORE_APPLYING


def _narrow(
    index: MatchIndex, ids: set[int], text: str, sent_at: dt.datetime | None
) -> tuple[int | None, tuple[int, ...], str]:
    """One application out of several, told apart by date, the role named, then openness."""
    pool = [index.applications[i] for i in sorted(ids) if i in index.applications]
    pool = [a for a in pool if _in_time(a, sent_at)]
    if len(pool) == 1:
        return pool[0].id, (), ""
    if not pool:
        return None, (), "it was sent before you applied"
    named = [a for a in pool if _role_named(a.role, text)]
    if len(named) == 1:
        return named[0].id, (), " and the role it names"
    if named:
        pool = named
    # News is for a process still waiting for it; a closed one gets none (ghosted may revive).
    waiting = [a for a in pool if a.status in OPEN_STATUSES or a.status is Status.GHOSTED]
    if len(waiting) == 1:
        return waiting[0].id, (), ", the only one still open"
    return None, tuple(a.id for a in pool), ""


def match_message(
    index: MatchIndex,
    *,
    from_address: str | None,
    in_reply_to: str | None,
    references: Sequence[str],
    subject: str,
    text: str,
    sent_at: dt.datetime | None,
    from_name: str | None = None,
) -> Match:
    """The application a message is about, with how it was found (see the module's docstring)."""
    sender = address_of(from_address)
    if sender is not None and sender in index.own_addresses:
        return Match(None, why="you sent it")
    for reference in (in_reply_to, *reversed(references)):
        if reference and _bare_id(reference) in index.sent_message_ids:
            application_id = index.sent_message_ids[_bare_id(reference)]
            if application_id in index.applications:
                return Match(application_id, MatchMethod.THREAD, why=MatchMethod.THREAD.label)
    plain = normalise(f"{subject} {text[:6000]}")
    steps: list[tuple[MatchMethod, set[int]]] = []
    if sender is not None and sender in index.by_address:
        steps.append((MatchMethod.CONTACT, index.by_address[sender]))
    domain = domain_of(sender)
    if domain is not None and not is_shared_domain(domain):
        steps.append((MatchMethod.DOMAIN, index.by_domain.get(domain, set())))
        steps.append((MatchMethod.DOMAIN, index.guessed_by_domain(domain)))
    named = index.names_in(normalise(f"{from_name or ''} {subject}") + " " + plain)
    steps.append((MatchMethod.NAMED, named))
    for method, ids in steps:
        if not ids:
            continue
        chosen, candidates, detail = _narrow(index, ids, plain, sent_at)
        if chosen is not None:
            role = method is MatchMethod.NAMED and _role_named(
                index.applications[chosen].role, plain
            )
            return Match(chosen, method, why=method.label + detail, role_named=role)
        if candidates:
            return Match(
                None,
                method,
                candidates,
                why=f"{method.label} fits {len(candidates)} of your applications",
            )
        if detail:
            return Match(None, method, why=detail)
    return NO_MATCH
