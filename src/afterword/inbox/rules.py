"""Transparent signals for the mail classifier: sender patterns and tell-tale phrases.

Pure. Each rule is a regular expression with a plain description; the classifier
uses them as features (so their weight is learned) and names the ones that fired
in its reasons. `prefilter_not_job` is a cheap test that lets obvious non-job
mail skip the model entirely.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from types import EllipsisType
from typing import Literal

Field = Literal["sender", "subject", "text", "any"]


@dataclass(frozen=True)
class Rule:
    """A named pattern looked for in one part of a message."""

    name: str
    description: str
    field: Field
    # Written in lower case and matched against lower-cased text: a case-insensitive search is
    # two to three times slower in Python's re, and the rules run on every message.
    pattern: re.Pattern[str]
    # Lower-case words at least one of which every match contains: a substring test is far
    # cheaper than the regular expression, and most messages contain none of them.
    needs: tuple[str, ...] = ()
    # The pattern's top-level alternatives, compiled one by one: re finds a branch that starts
    # with a literal word quickly, but tries every branch of a combined pattern at every position.
    branches: tuple[re.Pattern[str], ...] = ()
    # Per branch, the words its matches start with (see _Lead): looked up in the text's words,
    # they rule most branches out without running the pattern over the whole text.
    leads: tuple[_Lead, ...] = ()

    def fires(self, text: str, lowered: str, words: Words | EllipsisType | None = ...) -> bool:
        """Whether the rule matches `text` (`lowered` is the same text in lower case).

        `words`: Words.of(lowered), when fired_rules has worked it out already.
        """
        if not lowered.startswith(" "):
            words = ...
        if words is ...:
            words = Words.of(lowered if lowered.startswith(" ") else f" {lowered}")
        if self.needs and not any(
            # A need without a space is in the text if it is in one of its distinct words.
            need in (lowered if words is None or " " in need else words.joined)
            for need in self.needs
        ):
            return False
        if not lowered.startswith(" "):
            lowered = f" {lowered}"  # a branch that starts at a word starts with a space
        leads = self.leads or (None,) * len(self.branches)
        for branch, lead in zip(self.branches, leads, strict=True):
            if words is not None and lead is not None and not words.may_start(lead):
                continue  # no match can start anywhere in the text
            if branch.search(lowered) is not None:
                return True
        return False


# Every character re's \\s matches in text, but the space (str.isspace: tests check the list).
OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def single_spaced(text: str) -> bool:
    """Whether the text's only whitespace is single spaces (then \\s+ matches one space).

    One substring test per kind of space: much faster than a pattern over the whole text.
    """
    if "  " in text:
        return False
    others = _ASCII_SPACES if text.isascii() else OTHER_SPACES
    return not any(space in text for space in others)


@dataclass(frozen=True)
class _Start:
    """One literal beginning of a branch's matches, as what single-spaced text must hold for
    it to occur: `words` as whole words, each of `pairs` as two words in a row, and each of
    `pieces` within one word (" appoint" a word's start, "decided " its end, "offer" any part).
    """

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    pieces: tuple[str, ...]

    @classmethod
    def of(cls, start: str) -> _Start:
        """'" will be sched"' needs the words "will" and "be", in a row, then a word "sched..."."""
        parts = start.split(" ")
        # parts[0]: "" when the start is at a word, else the end of a word (or a part of one).
        # parts[1:-1]: whole words. parts[-1]: the start of a word ("" after a final space).
        pieces: list[str] = []
        if parts[0]:
            pieces.append(parts[0] + " " if len(parts) > 1 else parts[0])
        whole = parts[1:-1]
        if len(parts) > 1 and parts[-1]:
            pieces.append(" " + parts[-1])
        return cls(frozenset(whole), frozenset(itertools.pairwise(whole)), tuple(pieces))


@dataclass(frozen=True)
class _Lead:
    """Every literal beginning a branch's matches can have, in single-spaced text (see Words);
    none: the branch can start with anything and is always searched."""

    starts: tuple[_Start, ...]


@dataclass
class Words:
    """The distinct words of a single-spaced, lower-case text, for the rules' quick tests.

    A literal beginning such as " will be" occurs in such a text only if "will" and "be" are
    among its words, one after the other; "decided not" only if a word ends with "decided".
    Tested on the distinct words and pairs of words (sets, and a string of the words a
    fraction of the text's length) rather than by searching the whole text once per branch,
    which was most of the cost of classifying long mail.
    """

    tokens: list[str]
    words: set[str]
    joined: str
    seen: dict[str, bool]
    _pairs: set[tuple[str, str]] | None = None

    @classmethod
    def of(cls, lowered: str) -> Words | None:
        """The words of `lowered`; None unless its only whitespace is single spaces."""
        if not single_spaced(lowered):
            return None
        tokens = lowered.split(" ")
        words = set(tokens)
        return cls(tokens, words, " " + " ".join(words) + " ", {})

    def after(self, head: str) -> Words | None:
        """The words of `head + text` (`text` being the one these are the words of), from
        these: `head` is short (a sender before a message's text), the text long."""
        if not single_spaced(head + " ") or not head.startswith(" "):
            return None
        extra = head.split(" ")
        words = self.words | set(extra)
        joined = " " + " ".join(words) + " "
        pairs = None
        if self._pairs is not None:
            pairs = self._pairs | set(itertools.pairwise(extra + self.tokens[1:2]))
        return Words(extra + self.tokens[1:], words, joined, {}, pairs)

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """Each two words in a row (made when first needed: most texts are settled without)."""
        if self._pairs is None:
            self._pairs = set(itertools.pairwise(self.tokens))
        return self._pairs

    def may_start(self, lead: _Lead) -> bool:
        """Whether a match of the branch with this beginning could be in the text."""
        if not lead.starts:
            return True
        words = self.words
        for start in lead.starts:
            if not start.words <= words:
                continue
            if start.pairs and not start.pairs <= self.pairs:
                continue
            if all(self._has_piece(piece) for piece in start.pieces):
                return True
        return False

    def _has_piece(self, piece: str) -> bool:
        found = self.seen.get(piece)
        if found is None:
            found = self.seen[piece] = piece in self.joined
        return found


# A branch's beginnings are expanded only this far: enough to be rare in text, few enough to test.
_LEAD_COUNT = 48
_LEAD_CHARS = 32


def _lead_of(items: object, spaced: bool) -> tuple[set[str], bool]:
    """(The literal beginnings of a parsed pattern, whether they are all of it).

    Works on the stdlib's own parse of the pattern (re._parser), so it reads exactly what re
    matches; anything it does not know (a class, a repeat, an assertion) ends the beginning.
    """
    from re import _constants as sre  # type: ignore[attr-defined]

    found = {""}
    for op, value in items:  # type: ignore[attr-defined]
        if op is sre.LITERAL:
            choices, whole = {chr(value)}, True
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in value):
            choices, whole = {chr(code) for _, code in value}, True
        elif op is sre.SUBPATTERN and not value[1] and not value[2]:
            choices, whole = _lead_of(value[3], spaced)
        elif op is sre.BRANCH:
            choices, whole = set(), True
            for alternative in value[1]:
                some, complete = _lead_of(alternative, spaced)
                choices |= some
                whole = whole and complete
        elif op is sre.MAX_REPEAT and value[1] >= 1 and _is_space(value[2]):
            if not spaced:
                return found, False
            # In single-spaced text \s+ (or \s*) matches one space (or none).
            choices, whole = ({" "} if value[0] >= 1 else {"", " "}), True
        elif op is sre.MAX_REPEAT and value[0] == 0 and value[1] == 1:
            optional, complete = _lead_of(value[2], spaced)
            if not complete:
                return found, False
            choices, whole = {"", *optional}, True
        else:
            return found, False
        grown = {start + choice for start in found for choice in choices}
        if len(grown) > _LEAD_COUNT or max(map(len, grown)) > _LEAD_CHARS:
            return found, False
        found = grown
        if not whole:
            return found, False
    return found, True


def _is_space(items: object) -> bool:
    from re import _constants as sre  # type: ignore[attr-defined]

    return list(items) == [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])]  # type: ignore[call-overload,no-any-return]


def _lead(branch: re.Pattern[str]) -> _Lead:
    """What every match of a branch starts with, in single-spaced text (see _Lead)."""
    nothing = _Lead(())
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(branch.pattern, branch.flags)
    # The stdlib's parser is private: should it change, every branch is simply searched.
    except Exception:  # noqa: BLE001
        return nothing
    if branch.flags & re.IGNORECASE:
        return nothing
    starts, _ = _lead_of(parsed, spaced=True)
    if "" in starts:
        return nothing
    return _Lead(tuple(_Start.of(start) for start in sorted(starts)))


_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")


def _top_level_alternatives(pattern: str) -> list[str]:
    """`a|b(c|d)|e` as `a`, `b(c|d)`, `e`: the branches outside any group."""
    branches: list[str] = []
    depth, start, index = 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches


def _branch(pattern: str) -> re.Pattern[str]:
    """A branch compiled to start with a literal where it starts at a word.

    re skips quickly to where a literal occurs, but tries a group of alternatives or a word
    boundary at every position of the text (measured: 3-4 times slower). Branches that open
    with one are searched with a space in front instead; the text is given one too.
    """
    if pattern.startswith("\\b"):
        pattern = " " + pattern[2:]
    elif pattern.startswith("(?:"):
        pattern = " " + pattern
    return re.compile(pattern)


def _rule(name: str, description: str, field: Field, pattern: str, *needs: str) -> Rule:
    if _UPPER_LITERAL.search(pattern):
        raise ValueError(f"rule {name}: patterns are matched against lower-case text")
    branches = tuple(_branch(branch) for branch in _top_level_alternatives(pattern))
    leads = tuple(_lead(branch) for branch in branches)
    return Rule(name, description, field, re.compile(pattern), needs, branches, leads)


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
        r"not\s+(?:to\s+)?(?:be\s+)?(?:moving|move|taking|take|progress(?:ing)?|proceed(?:ing)?|advanc(?:e|ing))\s+"
        r"(?:forward|further|your\s+(?:application|candidacy))|"
        r"decided\s+(?:not\s+to|to\s+(?:pursue|go\s+with|progress\s+with|proceed\s+with)\s+(?:other|another))|"
        r"(?:have\s+not|haven't|were\s+not|was\s+not|not)\s+been\s+(?:successful|shortlisted|selected)|unsuccessful|"
        r"regret\s+to\s+(?:inform|let\s+you\s+know)|position\s+has\s+(?:now\s+)?been\s+filled|"
        r"(?:will|won't|will\s+not)\s+(?:not\s+)?be\s+(?:progressing|moving\s+forward|taking\s+your)|"
        r"pas\s+(?:été\s+)?retenue?|n'a\s+(?:malheureusement\s+)?pas\s+(?:pu\s+)?abouti|leider|absage|"
        r"f(?:ü|u)r\s+(?:eine\s+)?andere",
        "forward",
        "ahead",
        "further",
        "your application",
        "your candidacy",
        "decided",
        "successful",
        "shortlisted",
        "selected",
        "regret",
        "filled",
        "progressing",
        "taking your",
        "retenu",
        "abouti",
        "leider",
        "absage",
        "andere",
    ),
    _rule(
        "chose_someone_else",
        "says the job went to someone else or will not be filled",
        "text",
        r"(?:gone|go|went|going)\s+with\s+(?:someone|somebody|another|a\s+candidate|the\s+other|an?\s+internal)|"
        r"(?:offered|offer|give|given|giving|appoint(?:ed)?)\s+(?:it|the\s+(?:post|job|role|position|spot)|"
        r"the\s+\w+\s+(?:job|role|position))\s+to\s+(?:someone|somebody|another|a\s+candidate|one\s+of|the\s+other)|"
        r"(?:appoint|hire|chosen|selected|offered\s+the\s+\w+\s+to)\s+(?:someone\s+else|another|the\s+internal)|"
        r"(?:decided|chosen)\s+to\s+(?:appoint|hire|keep\s+(?:looking|searching))|"
        r"(?:not|won't|will\s+not|unable\s+to)\s+(?:to\s+)?(?:be\s+)?(?:offer(?:ing)?\s+you(?!\s+(?:a\s+|an\s+)?(?:spot|place|seat|reimbursement|discount|ticket|voucher|refund|free|travel|stipend\b|\d|%))|invite\s+you\s+to\s+the\s+next)|"
        r"(?:requisition|role|position|vacancy)\s+(?:has\s+been|was|is\s+now)\s+(?:cancelled|canceled|closed|withdrawn)|"
        r"no\s+longer\s+(?:hiring|recruiting)|(?:they're|they\s+are|we're|we\s+are)\s+passing\b|"
        r"not\s+(?:be\s+)?(?:hiring|recruiting)\s+for\s+the\s+role|status\s+\S*\s*(?:updated\s+to\s+)?\W*not\s+selected",
        "someone",
        "somebody",
        "another",
        "candidate",
        "the other",
        "internal",
        "one of",
        "decided",
        "chosen",
        "offer",
        "invite",
        "cancel",
        "closed",
        "withdrawn",
        "no longer",
        "passing",
        "for the role",
        "not selected",
    ),
    _rule(
        "offer_phrase",
        "offers the job",
        "text",
        r"(?:pleased|delighted|happy|thrilled|excited|glad|like|love|want)\s+to\s+(?:formally\s+)?(?:offer|extend)"
        # ... but not a place on a course, a spot at an event or a refund: those are not jobs.
        r"(?!\s+you\s+(?:a|an)\s+(?:spot|place|seat|reimbursement|discount|ticket|voucher|refund|free|travel))|"
        r"offer\s+of\s+(?:employment|appointment)|make\s+you\s+an\s+offer|making\s+you\s+an\s+offer|"
        r"extend\s+(?:you\s+)?an?\s+(?:formal\s+|verbal\s+|conditional\s+)?offer|"
        r"offer\s+you\s+(?:the|a|an|for)\b(?!\s+(?:spot|place|seat|reimbursement|discount|ticket|voucher|refund|free|travel|stipend\b|\d|%))|hire\s+you\s+(?:the|a|for)\b|extended\s+(?:you\s+)?an?\s+offer|"
        r"made\s+(?:you\s+)?an?\s+offer|"
        r"\b(?:conditional|formal|verbal|written)\s+offer(?!\s+of\s+(?:a\s+)?(?:place|admission|study))|offer\s+(?:you\s+)?(?:the|a)\s+(?:\w+\s+){0,3}?"
        r"(?:role|position|post|job)\b|anbieten\s+zu\s+können|suite\s+favorable|candidature\s+(?:a\s+été\s+)?acceptée|"
        r"(?:appoint|appoints|appointed)\s+you\b|(?:selected|accepted|chosen)\s+(?:you\s+)?(?:for|as)\s+(?:an?\s+|the\s+|our\s+)?"
        r"(?:(?!alternate|reserve|standby|waiting)[\w-]+\s+){0,3}?(?:intern|internship|role|position|job|post)\b|offered\s+you\s+the\s+(?:[\w()-]+\s+){0,4}?(?:job|role|position)\b|(?:confirm|offer)\s+your\s+place\s+on\s+the\s+\w*\s*(?:graduate|scheme|programme)",
        "offer",
        "anbieten",
        "favorable",
        "acceptée",
        "appoint",
        "your place",
        "selected",
        "accepted",
        "chosen",
        "offered you",
        "extend",
        "hire you",
    ),
    _rule(
        "package_terms",
        "states salary, bonus or start date",
        "text",
        r"base\s+salary|signing\s+bonus|sign-on\s+bonus|start\s+date|salary\s+(?:of|will\s+be)|per\s+annum|"
        r"\bctc\b|superannuation|\bequity\b|\brsus?\b|annual\s+leave|\bpto\b",
        "salary",
        "bonus",
        "start date",
        "annum",
        "ctc",
        "super",
        "equity",
        "rsu",
        "leave",
        "pto",
    ),
    _rule(
        "reply_by_phrase",
        "asks for an answer by a date",
        "text",
        r"(?:let\s+(?:us|me)\s+know|respond|reply|decision|answer|accept|sign|confirm|hear\s+back)\w*\s+"
        r"(?:\w+\s+){0,4}?(?:by|before|no\s+later\s+than)\b|offer\s+(?:will\s+)?(?:expire|remain|stand|lapse)|"
        r"extension|deadline|expir",
        "know",
        "respond",
        "reply",
        "decision",
        "answer",
        "accept",
        "sign",
        "confirm",
        "hear back",
        "offer",
        "extension",
        "deadline",
        "expir",
    ),
    _rule(
        "offer_already_made",
        "chases or changes the deadline of an offer already made",
        "text",
        r"(?:extend|extending|move|moving|push|give\s+you\s+until|hold)\s+(?:the\s+|your\s+)?"
        r"(?:deadline|response\s+date|date|offer|position|role)\b|more\s+time|extra\s+(?:days?|time)|"
        r"(?:haven't|have\s+not|not\s+yet)\s+(?:heard|received|responded|accepted|had)|"
        r"(?:awaiting|waiting\s+for)\s+your\s+(?:response|reply|decision|answer|signature)|"
        r"reminder|nudge|chase|how\s+are\s+you\s+leaning|had\s+a\s+chance\s+to\s+(?:think|review|look|read)|"
        r"offer\s+(?:we|i)\s+sent|(?:expires?|lapse)\s+(?:in|on|soon)|still\s+(?:considering|thinking|deciding\s+on\s+the\s+offer)",
        "extend",
        "move",
        "push",
        "until",
        "hold",
        "more time",
        "extra",
        "haven't",
        "have not",
        "not yet",
        "waiting",
        "reminder",
        "nudge",
        "chase",
        "leaning",
        "chance to",
        "sent",
        "expir",
        "lapse",
        "still",
    ),
    _rule(
        "scheduling_phrase",
        "asks to arrange a conversation or assessment",
        "text",
        r"availability|are\s+you\s+(?:free|available)|would\s+\w+day|time\s+slots?|calendly|"
        r"book\s+(?:a|your)\s+(?:slot|time)|schedule\s+(?:a|an|your)|invite\s+you\s+to|"
        r"take[-\s]home|assessment|next\s+(?:round|stage|step)|found\s+qualified|meet\s+the\s+minimum\s+qualifications|"
        r"(?:like|love)\s+to\s+(?:meet|speak\s+(?:with|to)|talk\s+(?:with|to))\s+you|booking\s+link|(?:another|a\s+new)\s+time|"
        r"entretien|disponibilités|créneau|vorstellungsgespräch|einladen|termin\b",
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
        "qualifi",
        "to meet",
        "to speak",
        "to talk",
        "booking",
        "time",
        "entretien",
        "disponibilit",
        "créneau",
        "vorstellungsgespräch",
        "einladen",
        "termin",
    ),
    _rule(
        "informal_chat_phrase",
        "proposes an informal, unscored conversation",
        "text",
        r"informal(?:ly)?\b|no[-\s]pressure|not\s+(?:an|part\s+of\s+the)\s+(?:interview|selection|assessment)|"
        r"(?:won't|will\s+not)\s+(?:be\s+scored|form\s+part)|off\s+the\s+record|(?:grab|get|buy\s+you)\s+a\s+coffee|"
        r"(?:quick|casual|relaxed)\s+(?:chat|call|conversation|natter)|two-way\s+conversation",
        "informal",
        "pressure",
        "not an",
        "not part",
        "scored",
        "form part",
        "record",
        "coffee",
        "chat",
        "call",
        "conversation",
        "natter",
    ),
    _rule(
        "still_reviewing_phrase",
        "says a decision is still pending or delayed",
        "text",
        r"still\s+(?:reviewing|considering|in\s+the\s+process|in\s+the\s+running|in\s+consideration|"
        r"under\s+consideration|deciding|interviewing|talking|seeing|waiting|meeting)|delay|"
        r"taking\s+(?:a\s+(?:bit|little)\s+)?longer|(?:haven't|have\s+not)\s+(?:been\s+)?forgotten|not\s+forgotten|"
        r"update\s+on\s+(?:your|the)\s+(?:application|process)|(?:no|not\s+yet\s+(?:made\s+)?a)\s+decision|"
        r"(?:haven't|have\s+not|not)\s+(?:yet\s+)?(?:made|reached)\s+(?:a|any|our)\s+decision|"
        r"decision\s+yet|remains?\s+(?:active|under\s+consideration|on\s+file\s+and)|paus(?:e|ed|ing)\b|"
        r"not\s+(?:been\s+)?(?:closed|declined|rejected)|(?:slipped|behind)\b|(?:hang|bear)\s+with\s+us|"
        r"(?:status|application)\s+(?:has\s+)?(?:changed|moved)\s+to|under\s+review|in\s+review|"
        r"(?:won't|will\s+not|can't|cannot|unable\s+to)\s+(?:be\s+able\s+to\s+)?(?:confirm|make|give|reach|share)\s+"
        r"(?:a|our|any|the)\s+decision\s+(?:until|before)|will\s+resume|(?:un\s+)?peu\s+plus\s+de\s+temps|"
        r"pas\s+encore\s+(?:de\s+décision|pris)|reste\s+ouverte|länger\s+als\s+geplant|weiterhin\s+im\s+verfahren|"
        r"noch\s+keine\s+entscheidung",
        "still",
        "delay",
        "longer",
        "forgotten",
        "update",
        "decision",
        "remain",
        "paus",
        "not",
        "slipped",
        "behind",
        "with us",
        "changed",
        "moved",
        "review",
        "decision",
        "resume",
        "temps",
        "pas encore",
        "ouverte",
        "länger",
        "verfahren",
        "entscheidung",
    ),
    _rule(
        "feedback_offered",
        "offers feedback on request, as a rejection often does",
        "text",
        r"(?:if|should)\s+you\s+(?:would\s+like|wish|want)\s+(?:to\s+(?:receive|hear|have)\s+)?(?:some\s+)?feedback|"
        r"(?:happy|glad|pleased)\s+to\s+(?:share|give|provide|arrange|pass\s+on)\s+(?:some\s+)?(?:feedback|the\s+panel)|"
        r"(?:unable|not\s+able)\s+to\s+(?:provide|give|offer)\s+(?:individual\s+|detailed\s+)?feedback|"
        r"feedback,?\s+please\s+(?:contact|reply|email)",
        "feedback",
        "panel",
    ),
    _rule(
        "feedback_phrase",
        "passes on feedback about an interview",
        "text",
        r"(?:you\s+asked|your\s+request)\s+(?:for|about)\s+(?:some\s+)?(?:feedback|notes|pointers)|"
        r"(?:here(?:'s|\s+is|\s+are)|below\s+(?:is|are)|summary\s+of)\s+(?:a\s+|the\s+|your\s+|some\s+)?"
        r"(?:summary|feedback|notes|comments|scores)|areas?\s+(?:to|for)\s+(?:improve|development|growth)|"
        r"strengths|the\s+(?:panel|interviewers?|reviewers?|team|assessors?)\s+(?:felt|noted|liked|wanted|would\s+have|"
        r"scored|rated|observed|commented|suggested|agreed)|scored\s+(?:you|it)|would\s+have\s+liked\s+to\s+see|"
        r"lost\s+marks|development\s+areas?|as\s+promised",
        "asked",
        "request",
        "here",
        "below",
        "summary",
        "area",
        "strength",
        "panel",
        "interviewer",
        "reviewer",
        "team",
        "assessor",
        "scored",
        "liked to see",
        "marks",
        "development",
        "promised",
    ),
    _rule(
        "received_phrase",
        "confirms an application arrived",
        "text",
        r"(?:received|receipt\s+of|got)\s+your\s+(?:application|cv|resume|résumé)|"
        r"application\s+(?:has\s+been\s+|was\s+)?(?:received|submitted)|thanks?\s+(?:you\s+)?for\s+(?:applying|your\s+application)|"
        r"application\s+(?:is\s+in|has\s+come\s+through|reached\s+us)|bien\s+reçu|eingang\s+ihrer",
        "received",
        "receipt",
        "got your",
        "submitted",
        "applying",
        "your application",
        "application is in",
        "come through",
        "reached us",
        "reçu",
        "eingang",
    ),
    _rule(
        "non_job_application",
        "is about an application that is not for a job",
        "any",
        r"\b(?:mortgage|loan|rental|tenancy|passport|permit|grant|visa|membership|planning|volunteer|insurance|credit)"
        r"\s+applications?|offer\s+of\s+a\s+place|\b(?:special|exclusive|member|members-only|christmas|"
        r"year|limited)\s+offer|claim\s+(?:the\s+)?offer|redeem|podcast|episode|\bjob\s+alerts?\b|"
        r"jobs?\s+(?:for\s+you|you\s+may\s+like|matching)|new\s+jobs|viewed\s+your\s+profile|scholarship|bursary|"
        r"offer\s+(?:you\s+)?(?:of\s+)?admission|tenancy|for\s+funding|volunteer(?:ing)?\b|allotment|landlord|referencing",
        "mortgage",
        "loan",
        "rental",
        "tenancy",
        "passport",
        "permit",
        "grant",
        "visa",
        "membership",
        "planning",
        "volunteer",
        "insurance",
        "credit",
        "a place",
        "special",
        "exclusive",
        "member",
        "christmas",
        "year",
        "limited",
        "claim",
        "redeem",
        "podcast",
        "episode",
        "alert",
        "jobs",
        "viewed",
        "scholarship",
        "bursary",
        "admission",
        "tenancy",
        "funding",
        "allotment",
        "landlord",
        "referencing",
    ),
    _rule(
        "waiting_list_phrase",
        "says the application waits on a reserve or waiting list",
        "text",
        r"wait[-\s]?list(?:ed)?|waiting\s+list|reserve\s+list|(?:as|an|named)\s+(?:an?\s+)?alternate\b|"
        r"holding\s+pool|(?:put|placed|kept)\s+(?:it\s+|your\s+application\s+)?on\s+hold|en\s+attente|warteliste",
        "wait",
        "reserve",
        "alternate",
        "holding",
        "hold",
        "attente",
        "warteliste",
    ),
    _rule(
        "more_details_needed",
        "asks for missing details before the application can go on",
        "text",
        r"(?:complete|finish|update|revise)\s+(?:your\s+|the\s+)?(?:job\s+)?(?:application|profile|form|answers)|"
        r"missing\s+(?:information|details?|documents?|sections?)|(?:is|are|was)\s+(?:incomplete|missing|blank)|"
        r"(?:need|needs|needed)\s+(?:a\s+)?(?:few\s+|some\s+|a\s+bit\s+)?more\s+(?:details|information|about)|"
        r"(?:before|until)\s+(?:we\s+can\s+(?:consider|shortlist|move)|any\s+interview)|"
        r"il\s+nous\s+manque|fehlende\s+unterlagen",
        "complete",
        "finish",
        "update",
        "revise",
        "missing",
        "incomplete",
        "blank",
        "more",
        "before",
        "until",
        "manque",
        "fehlende",
    ),
    _rule(
        "stage_changed",
        "says the application moved to another stage or was passed on",
        "text",
        r"(?:status|stage)\s+(?:of\s+your\s+application\s+)?(?:has\s+)?(?:changed|been\s+(?:updated|changed)|moved)|"
        r"(?:new|current|previous|old)\s+(?:status|stage)\b|"
        r"(?:passed|sent|forwarded|shared)\s+(?:on\s+)?(?:your\s+)?(?:application|cv|profile|results|submission|pitch|"
        r"answers)\s+(?:on\s+)?to\b|(?:submission|test|assessment|take-home)\s+(?:has\s+been\s+)?(?:received|"
        r"confirmation|confirmed)|(?:opened|viewed|looked\s+at)\s+your\s+application|"
        r"statusänderung|status\s+ihrer\s+bewerbung",
        "status",
        "stage",
        "passed",
        "sent",
        "forwarded",
        "shared",
        "submission",
        "test",
        "assessment",
        "take-home",
        "opened",
        "viewed",
        "looked at",
    ),
    _rule(
        "not_a_job_place",
        "is about a place on a course, event, grant or study, not a job",
        "any",
        r"\bcourses?\b(?<!of\scourse)|\bdegree\b|\bpgce\b|\bmsc\b|cohort|bootcamp|hackathon|hack\s+week|"
        r"conference|(?:talk|project|grant)\s+(?:submission|proposal)|call\s+for\s+(?:papers|proposals)|"
        r"residency|accelerator|\bbatch\b|(?:research|user|usability)\s+(?:study|studies|interview)|"
        r"participants?\b|voucher|\bstipend\b|\bfellowship\s+fund|admissions?\b|tickets?\b|\bformation\b|"
        r"(?:a|your)\s+(?:spot|seat)\s+(?:at|in|on)\b|offer\s+you\s+(?:a|an)\s+(?:spot|seat|place|reimbursement|refund)|"
        r"reimburse|host\s+your\s+project|contribute\s+to\s+(?:our\s+)?research|saved\s+(?:this|a|the)\s+job|"
        r"(?:not|haven't)\s+(?:yet\s+)?applied",
        "course",
        "degree",
        "pgce",
        "msc",
        "cohort",
        "bootcamp",
        "hack",
        "conference",
        "submission",
        "proposal",
        "call for",
        "residency",
        "accelerator",
        "batch",
        "research",
        "user",
        "usability",
        "participant",
        "voucher",
        "stipend",
        "fellowship",
        "admission",
        "ticket",
        "formation",
        "spot",
        "seat",
        "offer you",
        "reimburse",
        "host your",
        "saved",
        "t applied",
    ),
    _rule(
        "outreach_phrase",
        "a recruiter approaching about a new role",
        "text",
        r"came\s+across\s+your|your\s+(?:profile|background)\s+(?:on|caught|stood)|"
        r"(?:open|interested)\s+to\s+(?:a\s+)?(?:new\s+)?(?:opportunit|role|chat)|i'm\s+(?:a|an)\s+\w*\s*recruiter|"
        r"on\s+behalf\s+of\s+(?:a|my|our)\s+client|exciting\s+(?:new\s+)?(?:opportunit|role)|"
        r"(?:i'm|i\s+am|i’m)\s+(?:[\w,]+\s+){0,4}?(?:a|an|the)\s+(?:[\w-]+\s+)?recruiter|recruiters?\s+(?:at|with|from|over\s+here)\b|"
        r"(?:my|a|our)\s+client\b|(?:great|good|strong)\s+fit\s+for\s+(?:an?\s+)?(?:opening|role|position|team)|"
        r"(?:our|new|open)\s+(?:positions|vacancies|openings)|(?:hr|recruiting|talent)\s+department\s+of|"
        r"wrote\s+(?:to\s+)?you\s+(?:about|to\s+propose|regarding)|any\s+chance\s+you(?:'d|\s+would|\s+are|'re)",
        "came across",
        "profile",
        "background",
        "open to",
        "interested to",
        "recruiter",
        "on behalf",
        "exciting",
        "recruiter",
        "client",
        "fit for",
        "positions",
        "vacancies",
        "openings",
        "department of",
        "wrote",
        "any chance",
    ),
    _rule(
        "marketing_phrase",
        "reads like marketing or a newsletter",
        "text",
        r"unsubscribe|view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser|manage\s+(?:your\s+)?preferences|"
        r"%\s*off|limited[-\s]time|exclusive\s+offer|promo\s+code|free\s+shipping|sale\s+ends",
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


# Outcome phrases that mean nothing when only a possibility: "if you have not heard by then,
# assume you have not been shortlisted", "don't be discouraged if someone else gets it".
# Real acknowledgements and status updates are full of them (issue 14), so such a phrase fires
# CONDITIONAL instead of its own rule when every occurrence sits in a sentence after a
# condition word.
OUTCOME_RULES = frozenset({"rejection_phrase", "chose_someone_else", "offer_phrase"})
_CONDITION = re.compile(
    r"\b(?:if|unless|should\s+(?:you|we|the)|whether|in\s+case|otherwise|in\s+the\s+event|si|falls|wenn)\b"
)
_SENTENCE_END = re.compile(r"[.!?;:\n]")
CONDITIONAL = _rule(
    "conditional_outcome",
    "mentions a decision only as a possibility",
    "text",
    r"$^",  # never matched itself: set by fired_rules from the outcome rules' matches
)


# The rules the classifier has a feature for: every rule, and the conditional outcome.
FEATURE_RULES: tuple[Rule, ...] = (*RULES, CONDITIONAL)


def _only_conditional(rule: Rule, lowered: str) -> bool:
    """Whether each match of an outcome rule follows a condition word in its own sentence."""
    found = False
    for match in rule.pattern.finditer(lowered):
        found = True
        start = match.start()
        # The sentence so far, back to its start (at most 160 characters).
        window = lowered[max(0, start - 160) : start]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        sentence = window[ends[-1] :] if ends else window
        if not _CONDITION.search(sentence):
            return False
    return found


def fired_rules(subject: str, sender: str, text: str) -> list[Rule]:
    """The rules that fire on a message."""
    # Whitespace collapsed so that the substring pre-checks see "open to" across a line break.
    text = " ".join(text.split())
    # Each field's text and its lower-case form are built once, not once per rule.
    values: dict[Field, tuple[str, str, Words | None]] = {}
    fired = []
    for rule in RULES:
        if rule.field not in values:
            value = _field_text(rule, subject, sender, text)
            lowered = " " + value.lower().replace("\n", " ")
            values[rule.field] = (value, lowered, _words(rule.field, lowered, values))
        if rule.fires(*values[rule.field]):
            if rule.name in OUTCOME_RULES and _only_conditional(rule, values[rule.field][1]):
                if CONDITIONAL not in fired:
                    fired.append(CONDITIONAL)
                continue
            fired.append(rule)
    return fired


def _words(
    field: Field, lowered: str, values: dict[Field, tuple[str, str, Words | None]]
) -> Words | None:
    """Words.of(lowered); for the whole message, from its text's words when they are known
    (the message is its sender, then its text: splitting a long text twice costs)."""
    if field == "any" and "text" in values:
        _, text, words = values["text"]
        if words is not None and lowered.endswith(text):
            return words.after(lowered[: len(lowered) - len(text)])
    return Words.of(lowered)


def rule_vector(subject: str, sender: str, text: str) -> list[float]:
    """One 0/1 value per rule, in FEATURE_RULES order: whether that rule fired."""
    fired = {rule.name for rule in fired_rules(subject, sender, text)}
    return [1.0 if rule.name in fired else 0.0 for rule in FEATURE_RULES]


def prefilter_not_job(subject: str, sender: str, text: str) -> str | None:
    """A reason when a message is certainly bulk mail with no word about jobs, else None."""
    # Both conditions: personal notes about a job can lack every job word ("coffee Thursday?"),
    # and job alerts are bulk mail full of them; only bulk mail without any is safely skipped.
    tail = text[-PREFILTER_TAIL:]
    if not (_BULK_SENDER.search(sender.lower()) or _BULK_TEXT.search(tail)):
        return None
    if _JOB_WORDS.search(subject) or _JOB_WORDS.search(text[:PREFILTER_HEAD]):
        return None
    return "bulk mail with no word about jobs, applications or interviews"
