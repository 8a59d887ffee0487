"""A message's text: decoding any charset, HTML to plain text, and the newest reply without quotes.

Pure: strings and bytes in, strings out.
"""

from __future__ import annotations

import codecs
import html
import re

import nh3

# Charsets senders name but mean something wider: mail labelled latin-1 or ASCII is very often
# really windows-1252 (curly quotes, euro sign), as browsers assume too (WHATWG encoding spec).
_WIDER_CHARSET = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-9": "cp1254",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def _text_codec(charset: str | None) -> str | None:
    """The Python codec for a declared charset; None when unknown or not a text encoding."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = _WIDER_CHARSET.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name with a NUL byte in it
        return None
    if info.name == "ascii":
        return None  # 8-bit text labelled ASCII is nearly always UTF-8: decode it as unlabelled
    # codecs.lookup also knows bytes-to-bytes codecs ("base64", "zlib"): never a mail charset.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_text(data: bytes, charset: str | None) -> str:
    """Decodes text bytes by their declared charset; unknown ones as UTF-8, else windows-1252."""
    codec = _text_codec(charset)
    if codec is not None:
        try:
            return data.decode(codec, "replace")
        except (LookupError, ValueError):  # a codec can still fail in its own way
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8: a single-byte charset is the likeliest, and windows-1252 decodes the Latin
        # text most such mail holds (every byte it cannot map becomes U+FFFD, never an error).
        return data.decode("cp1252", "replace")


# --- HTML to text --------------------------------------------------------------------------------

_HTML_WHITESPACE = re.compile(r"\s+")
# Private-use characters mark where a tag ended a line (soft) or a paragraph (hard) while nh3
# removes the tags; runs of them then become one line break or one blank line.
_SOFT, _HARD = "\ue000", "\ue001"
_SOFT_BREAK_TAGS = re.compile(r"<\s*/?\s*(?:div|li|tr|dt|dd)\b[^>]*>", re.IGNORECASE)
_HARD_BREAK_TAGS = re.compile(
    r"<\s*/?\s*(?:p|h[1-6]|blockquote|table|ul|ol|hr|pre)\b[^>]*>", re.IGNORECASE
)
_BR_TAG = re.compile(r"<\s*br\b[^>]*>", re.IGNORECASE)
_BREAK_RUN = re.compile(f"[ \\t\\n{_SOFT}{_HARD}]*[\\n{_SOFT}{_HARD}][ \\t\\n{_SOFT}{_HARD}]*")
_BLANK_RUNS = re.compile(r"\n{3,}")
# Elements nested deeper than this lose their tags (never their text) before parsing: an HTML
# parser checks the stack of open elements at many start tags, so 100,000 nested <div>s took
# it 46 s. Real mail nests a few dozen deep.
MAX_NESTING = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
_TAG_NAMES = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)")
_VOID_TAGS = frozenset(
    "area base basefont bgsound br col embed frame hr image img input isindex keygen link meta "  # noqa: SIM905
    "param source track wbr".split()
)
# Their content is dropped, not shown: their tags are always kept so that it stays dropped.
_HIDDEN_CONTENT_TAGS = frozenset({"script", "style", "title", "head"})


def _line_break(run: re.Match[str]) -> str:
    text = run.group(0)
    return "\n\n" if _HARD in text or text.count("\n") >= 2 else "\n"


def _deepest(markup: str) -> int:
    """How deep the markup's elements nest, roughly (void and self-closing tags aside)."""
    depth = deepest = 0
    for closing, name in _TAG_NAMES.findall(markup):
        if closing:
            depth = max(0, depth - 1)
        elif name.lower() not in _VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _flatten_deep_nesting(markup: str) -> str:
    """The markup without the tags of elements nested deeper than MAX_NESTING (linear time)."""
    # Most mail holds hundreds of tags but nests a few dozen deep: measured first, cheaply.
    if markup.count("<") <= MAX_NESTING or _deepest(markup) <= MAX_NESTING:
        return markup
    depth = 0

    def keep_or_drop(tag: re.Match[str]) -> str:
        nonlocal depth
        name = tag[2].lower()
        if name in _VOID_TAGS or tag[3]:
            return tag[0]
        if tag[1]:  # an end tag closes what the matching start tag opened
            depth = max(0, depth - 1)
            deep = depth >= MAX_NESTING
        else:
            depth += 1
            deep = depth > MAX_NESTING
        return "" if deep and name not in _HIDDEN_CONTENT_TAGS else tag[0]

    return _TAG.sub(keep_or_drop, markup)


def html_to_text(markup: str) -> str:
    """Turns an HTML body into plain text: tags dropped, entities decoded, blocks as lines."""
    # HTML treats line breaks in its source as spaces; only tags make lines.
    flat = _HTML_WHITESPACE.sub(" ", markup.replace(_SOFT, "").replace(_HARD, ""))
    flat = _flatten_deep_nesting(flat)
    flat = _BR_TAG.sub("\n", flat)
    flat = _SOFT_BREAK_TAGS.sub(lambda tag: _SOFT + tag.group(0), flat)
    flat = _HARD_BREAK_TAGS.sub(lambda tag: _HARD + tag.group(0), flat)
    # nh3 (a real HTML parser) strips every tag and drops what a reader never sees.
    text = nh3.clean(flat, tags=set(), clean_content_tags={"script", "style", "title", "head"})
    text = html.unescape(text).replace("\xa0", " ")
    text = _BREAK_RUN.sub(_line_break, text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


# --- the newest reply ------------------------------------------------------------------------

# "On Tue, 3 Mar 2026 at 10:12, Ada <ada@x.example> wrote:" -- often wrapped onto two lines.
_ATTRIBUTION_START = re.compile(r"^\s*(?:On|Am|Le|El|Op)\s.+", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(r"(?:wrote|schrieb|a écrit|escribió|schreef)\s*:\s*$", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$",
    re.IGNORECASE,
)
# Outlook's header block: "From: ..." followed within a few lines by "Sent:" or "Date:".
_OUTLOOK_FROM = re.compile(r"^\s*\*?(?:From|Von|De)\s*:\*?\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(?:Sent|Date|Gesendet|Envoyé)\s*:\*?\s", re.IGNORECASE)
_UNDERSCORE_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE_SEPARATOR = re.compile(r"^--\s?$")


def _starts_quoted_history(lines: list[str], index: int) -> bool:
    """Whether the quoted history (an attribution or a forwarded header block) starts here."""
    line = lines[index]
    if _ORIGINAL_MESSAGE.match(line):
        return True
    if _ATTRIBUTION_START.match(line):
        if _ATTRIBUTION_END.search(line):
            return True
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _ATTRIBUTION_END.search(following):
            return True
    if _UNDERSCORE_RULE.match(line):
        return index + 1 < len(lines) and bool(_OUTLOOK_FROM.match(lines[index + 1]))
    if _OUTLOOK_FROM.match(line):
        return any(_OUTLOOK_SENT.match(later) for later in lines[index + 1 : index + 5])
    return False


# The first non-space character of every line that can start the quoted history (see
# _starts_quoted_history): "-- Original Message --", "On ... wrote:", "Am/Le/El/Op ...",
# "____", "From:/Von:/De:", "*From:*". Other lines are passed over without its four patterns.
_HISTORY_FIRST = frozenset("-_*oOaAlLeEfFvVdD")


def latest_reply(body: str) -> str:
    """The body without quoted lines, the quoted history after an attribution, and the signature."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        first = line.lstrip()[:1]
        # A non-ASCII first character is checked in full: case-insensitive patterns may match it.
        may_start = first in _HISTORY_FIRST or (first and not first.isascii())
        if _SIGNATURE_SEPARATOR.match(line) or (may_start and _starts_quoted_history(lines, index)):
            break
        if line.lstrip().startswith(">"):
            continue  # an inline quote: the answer around it is kept
        kept.append(line.rstrip())
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()
