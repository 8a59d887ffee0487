"""Reading a job-tracker spreadsheet's headers and cells (pure: plain values in and out).

`plan_columns` decides which field each header feeds. Every cell parser takes
the text of one cell and returns a plain value (None for an empty cell) or
raises ValueError whose message quotes the value and says what is wrong; the
importer puts the column's header in front of that message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from afterword.pipeline.models import ContactRole, SalaryPeriod
from afterword.pipeline.status import Status

# ---------------------------------------------------------------------------
# Fields and header names
# ---------------------------------------------------------------------------

FIELDS = (
    "company",
    "role",
    "link",
    "source",
    "location",
    "remote",
    "salary",
    "salary_min",
    "salary_max",
    "currency",
    "status",
    "applied_on",
    "responded_on",
    "interest",
    "notes",
    "tags",
    "recruiter",
    "recruiter_email",
    "recruiter_phone",
    "hiring_manager",
    "hiring_manager_email",
    "hiring_manager_phone",
    "feedback",
)
# Fields several columns may feed at once: their values are combined, not chosen between.
MERGED_FIELDS = frozenset({"notes", "tags", "location"})
REQUIRED_FIELDS = ("company", "role")
# What a user writes in a mapping to say "skip this column".
IGNORE_WORDS = frozenset({"", "ignore", "skip", "none", "-"})

# Strong names say unmistakably what a column holds; weak ones ("Date", "Title") are
# used only when no column with a strong name claims the same field.
_STRONG: dict[str, tuple[str, ...]] = {
    "company": (
        "company", "companies", "employer", "organisation", "organization", "org", "firm",
        "business", "client", "hiring company", "company applied to", "firma", "unternehmen",
        "arbeitgeber", "entreprise", "societe", "empresa", "bedrijf", "werkgever", "azienda",
    ),
    "role": (
        "role", "position", "job title", "position title", "job role", "role title",
        "job position", "opening", "vacancy", "position applied for", "role applied for",
        "job applied for", "stelle", "jobtitel", "rolle", "poste", "intitule poste", "puesto",
        "cargo", "functie", "vacature", "ruolo",
    ),
    "link": (
        "link", "url", "job link", "job url", "posting", "job posting", "posting url",
        "posting link", "job ad", "job listing", "listing url", "listing link",
        "application link", "application url", "job posting url", "job posting link",
        "stellenanzeige", "lien", "annonce", "enlace",
    ),
    "source": (
        "source", "where found", "found via", "found on", "found through", "channel",
        "platform", "job board", "how found", "applied via", "applied through", "lead source",
        "job source", "quelle", "herkunft", "fuente", "bron",
    ),
    "location": (
        "location", "city", "office", "work location", "office location", "job location",
        "ort", "standort", "lieu", "ville", "ubicacion", "ciudad", "locatie", "plaats",
    ),
    "remote": (
        "remote", "remote hybrid", "remote onsite", "remote hybrid onsite", "onsite remote",
        "work mode", "work model", "workplace", "workplace type", "work arrangement", "hybrid",
    ),
    "salary": (
        "salary", "salary range", "compensation", "pay", "comp", "pay range", "wage", "wages",
        "remuneration", "salary expectation", "expected salary", "posted salary",
        "base salary", "total comp", "total compensation", "tc", "day rate", "daily rate",
        "hourly rate", "rate", "salary band", "pay band", "gehalt", "verguetung", "vergutung",
        "lohn", "salaire", "remuneration brute", "salario", "sueldo", "salaris", "loon",
        "stipendio",
    ),
    "currency": (
        "currency", "salary currency", "ccy", "currency code", "waehrung", "wahrung", "devise",
        "moneda", "valuta",
    ),
    "status": (
        "status", "stage", "application status", "outcome", "result", "current status",
        "current stage", "progress", "pipeline stage", "app status", "estado", "statut", "etat",
    ),
    "applied_on": (
        "date applied", "applied on", "application date", "applied date", "date application",
        "date submitted", "submission date", "submitted on", "applied at", "when applied",
        "date sent", "bewerbungsdatum", "beworben am", "date candidature", "date de candidature",
        "fecha de aplicacion", "fecha aplicacion", "sollicitatiedatum",
    ),
    "responded_on": (
        "response date", "date of response", "reply date", "decision date", "outcome date",
        "rejection date", "date rejected", "offer date", "status date", "date heard back",
        "heard back", "heard back on", "last update", "last updated", "date updated",
    ),
    "interest": (
        "interest", "interest level", "excitement", "excitement level", "priority", "rating",
        "enthusiasm", "how excited", "stars", "preference", "fit", "interesse", "prioritaet",
        "prioritat", "interet", "prioridad",
    ),
    "notes": (
        "notes", "note", "comments", "comment", "remarks", "remark", "memo", "thoughts",
        "next steps", "next step", "additional info", "additional information", "notizen",
        "bemerkungen", "kommentar", "kommentare", "remarques", "commentaires", "notas",
        "comentarios", "opmerkingen", "notities", "note personali",
    ),
    "tags": ("tags", "tag", "labels", "label", "keywords", "keyword", "categories", "category"),
    "recruiter": (
        "recruiter", "contact", "contact person", "point of contact", "poc", "hr contact",
        "talent partner", "recruiting contact", "recruiter contact", "talent acquisition",
        "ansprechpartner", "kontakt", "recruteur", "contacto", "reclutador", "contactpersoon",
    ),
    "recruiter_email": (
        "recruiter email", "recruiter e mail", "contact email", "contact e mail",
        "contact email address", "recruiter email address", "recruiter mail", "hr email",
    ),
    "recruiter_phone": (
        "recruiter phone", "contact phone", "contact number", "recruiter phone number",
        "contact phone number", "recruiter number",
    ),
    "hiring_manager": ("hiring manager", "hiring mgr"),
    "hiring_manager_email": (
        "hiring manager email", "hiring manager e mail", "manager email", "hm email",
    ),
    "hiring_manager_phone": ("hiring manager phone", "manager phone", "hm phone"),
    "feedback": (
        "feedback", "rejection reason", "reason for rejection", "rejection feedback",
        "why rejected", "company feedback", "reason rejected", "rejection reasons",
    ),
}  # fmt: skip
_WEAK: dict[str, tuple[str, ...]] = {
    "company": ("name",),  # Notion's title column; a real company column wins over it
    "role": ("title", "job", "titel", "titre", "puesto de trabajo"),
    "link": ("ad", "listing", "website", "web", "site"),
    "source": ("via", "board", "found", "where applied"),
    "location": ("place", "country", "region", "area"),
    "salary": ("base", "money", "amount"),
    "salary_min": ("min", "minimum", "low", "from"),
    "salary_max": ("max", "maximum", "high", "to"),
    "status": ("state", "decision", "step", "phase"),
    "applied_on": ("date", "applied", "submitted", "sent", "datum", "fecha", "data"),
    "responded_on": ("updated", "response"),
    "notes": ("details", "other", "misc", "info", "description"),
    "recruiter": ("hr", "recruiters", "people", "person", "who"),
    "recruiter_email": ("email", "e mail", "mail", "email address"),
    "recruiter_phone": ("phone", "telephone", "phone number", "mobile", "tel"),
    "hiring_manager": ("manager", "hm"),
    "feedback": ("reason", "why"),
}
_SALARY_WORDS = ("salary", "pay", "comp", "compensation", "base", "rate", "wage", "gehalt")
_MIN_WORDS = ("min", "minimum", "from", "low", "lower", "start", "floor", "bottom")
_MAX_WORDS = ("max", "maximum", "to", "high", "upper", "top", "ceiling")
_FILLER_WORDS = frozenset({"the", "of", "a", "an", "my", "your", "name", "names", "s", "de", "der"})


def _salary_bound_names(bounds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        name
        for word in _SALARY_WORDS
        for bound in bounds
        for name in (f"{word} {bound}", f"{bound} {word}")
    )


_STRONG["salary_min"] = _salary_bound_names(_MIN_WORDS)
_STRONG["salary_max"] = _salary_bound_names(_MAX_WORDS)


@dataclass(frozen=True)
class ColumnHint:
    """What a header says about its cells: 'Salary (USD, k)', 'Date (dd/mm/yyyy)', 'Day rate'."""

    currency: str | None = None  # a currency symbol or code as written, resolved later
    period: SalaryPeriod | None = None
    thousands: bool = False
    dayfirst: bool | None = None


@dataclass(frozen=True)
class Column:
    """One column of the file and the field it feeds."""

    index: int
    header: str
    field: str
    hint: ColumnHint = ColumnHint()


@dataclass(frozen=True)
class ColumnPlan:
    """Which column feeds which field, and the headers left unused."""

    columns: tuple[Column, ...]
    ignored: tuple[str, ...]

    def fields(self) -> frozenset[str]:
        """The fields at least one column feeds."""
        return frozenset(column.field for column in self.columns)

    def of(self, name: str) -> tuple[Column, ...]:
        """The columns feeding field `name`, in file order."""
        return tuple(column for column in self.columns if column.field == name)


def fold(text: str) -> str:
    """Lower-cases and strips accents and compatibility forms (fullwidth digits, nbsp)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", plain).casefold().strip()


def normalise_header(header: str) -> str:
    """'Company Name' / 'company_name' / 'COMPANY-NAME:' -> 'company'."""
    words = _header_words(header)
    kept = [word for word in words if word not in _FILLER_WORDS]
    return " ".join(kept or words)


def _header_words(header: str) -> list[str]:
    # Split camelCase ('dateApplied') before folding loses the capitals.
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", unicodedata.normalize("NFKC", header))
    text = re.sub(r"['’]s\b", "", fold(spaced)).replace("&", " and ")
    return re.findall(r"[a-z0-9]+", text)


def _build_aliases() -> dict[str, tuple[str, int]]:
    aliases: dict[str, tuple[str, int]] = {}
    for rank, table in ((1, _WEAK), (2, _STRONG)):
        for name, texts in table.items():
            for text in texts:
                aliases[normalise_header(text)] = (name, rank)
    return aliases


_ALIASES = _build_aliases()

# Words in a header that describe the cells rather than name the field.
_HINT_PERIODS = {
    "hourly": SalaryPeriod.HOUR, "hour": SalaryPeriod.HOUR, "hr": SalaryPeriod.HOUR,
    "daily": SalaryPeriod.DAY, "day": SalaryPeriod.DAY,
    "monthly": SalaryPeriod.MONTH, "month": SalaryPeriod.MONTH,
    "annual": SalaryPeriod.YEAR, "yearly": SalaryPeriod.YEAR, "year": SalaryPeriod.YEAR,
    "pa": SalaryPeriod.YEAR, "annum": SalaryPeriod.YEAR,
}  # fmt: skip
_HINT_THOUSANDS = frozenset({"k", "000s", "000", "thousands", "thousand", "ks"})
_HINT_DATE_PARTS = {"dd": "d", "d": "d", "mm": "m", "m": "m", "yyyy": "y", "yy": "y", "y": "y"}
_HINT_NOISE = frozenset({"in", "per", "p", "gross", "net", "brutto", "format", "eg"})


def match_header(header: str) -> tuple[str, int, ColumnHint] | None:
    """Returns (field, rank, hint) for a header, or None when it names no known field."""
    key = normalise_header(header)
    if key in _ALIASES:
        name, rank = _ALIASES[key]
        return name, rank, _hint(header, key.split())
    hint_words, rest = _split_hint_words(key.split(), header)
    if rest and " ".join(rest) in _ALIASES:
        name, rank = _ALIASES[" ".join(rest)]
        return name, rank, _hint(header, hint_words)
    return _match_combined(header)


def _split_hint_words(words: list[str], header: str) -> tuple[list[str], list[str]]:
    codes = {code.lower() for code in _currency_mentions(header)}
    hints: list[str] = []
    rest: list[str] = []
    for word in words:
        is_hint = (
            word in _HINT_PERIODS
            or word in _HINT_THOUSANDS
            or word in _HINT_DATE_PARTS
            or word in _HINT_NOISE
            or word in codes
        )
        (hints if is_hint else rest).append(word)
    return hints, rest


def _match_combined(header: str) -> tuple[str, int, ColumnHint] | None:
    """'Job Title / Role' or 'Company|Employer': every named part must agree on one field."""
    parts = [part for part in re.split(r"[/|&+]|\bor\b", header) if part.strip()]
    if len(parts) < 2:
        return None
    found = [_ALIASES.get(normalise_header(part)) for part in parts]
    matched = [alias for alias in found if alias is not None]
    if len(matched) != len(found) or len({name for name, _rank in matched}) != 1:
        return None
    name = matched[0][0]
    return name, max(rank for _name, rank in matched), _hint(header, [])


def _hint(header: str, words: list[str]) -> ColumnHint:
    mentions = _currency_mentions(header)
    periods = {_HINT_PERIODS[word] for word in words if word in _HINT_PERIODS}
    order = [_HINT_DATE_PARTS[word] for word in words if word in _HINT_DATE_PARTS]
    dayfirst = None
    if "d" in order and "m" in order and order[0] != "y":
        dayfirst = order.index("d") < order.index("m")
    return ColumnHint(
        currency=mentions[0] if len(set(mentions)) == 1 else None,
        period=periods.pop() if len(periods) == 1 else None,
        thousands=any(word in _HINT_THOUSANDS for word in words),
        dayfirst=dayfirst,
    )


def check_field_name(name: str) -> str | None:
    """Returns the field a user's mapping names (None to ignore), or raises ValueError."""
    cleaned = fold(name).replace("-", "_").replace(" ", "_")
    if cleaned in IGNORE_WORDS:
        return None
    if cleaned not in FIELDS:
        raise ValueError(f"'{name}' is not a field; use one of {', '.join(FIELDS)}, or 'ignore'")
    return cleaned


def plan_columns(headers: Sequence[str], overrides: Mapping[str, str | None]) -> ColumnPlan:
    """Decides which field each column feeds; `overrides`: normalised header -> field or None."""
    claims: list[tuple[int, Column]] = []  # (rank, column); user overrides rank highest
    ignored: list[str] = []
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        claim = _claim(index, header, overrides)
        if claim is None:
            ignored.append(header)
        else:
            claims.append(claim)
    columns, losers = _settle(claims)
    return ColumnPlan(columns=columns, ignored=tuple(ignored) + losers)


def _claim(
    index: int, header: str, overrides: Mapping[str, str | None]
) -> tuple[int, Column] | None:
    key = normalise_header(header)
    if key in overrides:
        target = overrides[key]
        if target is None:
            return None
        found = match_header(header)
        hint = found[2] if found else ColumnHint()
        return 3, Column(index, header.strip(), target, hint)
    found = match_header(header)
    if found is None:
        return None
    name, rank, hint = found
    return rank, Column(index, header.strip(), name, hint)


def _settle(claims: list[tuple[int, Column]]) -> tuple[tuple[Column, ...], tuple[str, ...]]:
    """Keeps every column of a merged field, and the best-named column of any other field."""
    best: dict[str, tuple[int, Column]] = {}
    for rank, column in claims:
        if column.field in MERGED_FIELDS:
            continue
        current = best.get(column.field)
        if current is None or rank > current[0]:
            best[column.field] = (rank, column)
    kept = [
        column
        for _rank, column in claims
        if column.field in MERGED_FIELDS or best[column.field][1] is column
    ]
    losers = tuple(column.header for _rank, column in claims if column not in kept)
    return tuple(kept), losers


# ---------------------------------------------------------------------------
# Cells in general
# ---------------------------------------------------------------------------

_PLACEHOLDERS = frozenset(
    {
        "", "-", "--", "---", "—", "–", "?", "??", "???", "n/a", "na", "n.a", "n.a.", "n.v.t.",
        "none", "null", "nil", "nan", "unknown", "tbd", "tbc", "#n/a", "not applicable",
        "not specified", "not stated", "not listed", "not given", "not provided",
        "not disclosed", "undisclosed", "unspecified", "k.a.", "keine angabe",
    }
)  # fmt: skip
_HYPERLINK = re.compile(
    r'^=\s*hyperlink\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)\s*$', re.IGNORECASE
)
_TEXT_FORMULA = re.compile(r'^=\s*"((?:[^"]|"")*)"\s*$')


def quote(value: str, *, limit: int = 60) -> str:
    """The value in quotes on one line, shortened when long (for reasons shown to people)."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"'{flat}'"


def is_blank(text: str) -> bool:
    """Tells whether a cell says nothing: empty, or a placeholder such as 'n/a', '-' or 'TBD'."""
    return fold(text).rstrip(".") in _PLACEHOLDERS or fold(text) in _PLACEHOLDERS


def cell_text(raw: str) -> str:
    """The text a cell shows: '=HYPERLINK("url","Acme")' -> 'Acme', '="007"' -> '007'."""
    stripped = raw.strip()
    link = _HYPERLINK.match(stripped)
    if link:
        label = link[2] if link[2] is not None else link[1]
        return label.replace('""', '"').strip()
    text = _TEXT_FORMULA.match(stripped)
    if text:
        return text[1].replace('""', '"').strip()
    return stripped


def parse_link(raw: str) -> str | None:
    """The web address in a cell: a HYPERLINK formula's target, or the first URL in the text."""
    stripped = raw.strip()
    link = _HYPERLINK.match(stripped)
    if link:
        stripped = link[1].replace('""', '"').strip()
    if is_blank(stripped):
        return None
    found = re.search(r"https?://\S+", stripped, flags=re.IGNORECASE)
    if found and found.group(0) != stripped:
        return found.group(0).rstrip(").,;]>")
    return stripped


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------

_CODES = frozenset(
    {
        "usd", "eur", "gbp", "cad", "aud", "nzd", "chf", "sek", "nok", "dkk", "isk", "pln", "czk",
        "huf", "ron", "bgn", "jpy", "cny", "rmb", "hkd", "sgd", "inr", "krw", "brl", "mxn", "zar",
        "try", "ils", "aed", "sar", "php", "idr", "myr", "thb", "vnd", "twd", "ngn", "kes", "egp",
        "ars", "clp", "cop", "pen", "uah", "rub", "qar", "kwd", "bhd", "omr", "jod", "mad", "tnd",
        "pkr", "bdt", "lkr", "npr", "kzt", "gel", "rsd", "uyu", "crc", "dop"
    }
)  # fmt: skip
# Symbols and words, longest first so that 'US$' wins over '$'. '$', 'kr' and '¥' are
# ambiguous and resolved by CurrencyContext.
_SYMBOLS = {
    "us$": "USD", "usd$": "USD", "ca$": "CAD", "c$": "CAD", "cad$": "CAD", "au$": "AUD",
    "a$": "AUD", "nz$": "NZD", "s$": "SGD", "sg$": "SGD", "hk$": "HKD", "r$": "BRL",
    "mx$": "MXN", "$": "$", "£": "GBP", "€": "EUR", "¥": "¥", "￥": "¥", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₪": "ILS", "₱": "PHP", "₦": "NGN", "₫": "VND", "฿": "THB",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollars": "$", "dollar": "$", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pound": "GBP", "sterling": "GBP", "yen": "JPY", "rupees": "INR", "rupee": "INR",
    "zl": "PLN", "zł": "PLN", "kc": "CZK", "kč": "CZK", "kr": "kr", "rs": "INR", "lei": "RON",
    "franken": "CHF", "francs": "CHF",
}  # fmt: skip
_SYMBOL_PATTERN = "|".join(re.escape(symbol) for symbol in sorted(_SYMBOLS, key=len, reverse=True))
_WORD_PATTERN = "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True))
_CODE_PATTERN = "|".join(sorted(_CODES))
_CURRENCY = re.compile(
    rf"(?P<symbol>{_SYMBOL_PATTERN})"
    rf"|(?:(?<=\dk)|(?<![a-z]))(?P<code>{_CODE_PATTERN})(?![a-z])"
    rf"|(?<![a-z])(?P<word>{_WORD_PATTERN})(?![a-z])",
    re.IGNORECASE,
)
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD"})
_COUNTRY_DOLLAR = {
    "US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "MX": "MXN",
    "TW": "TWD", "PR": "USD", "EC": "USD", "SV": "USD", "PA": "USD",
}  # fmt: skip
_KRONER = frozenset({"SEK", "NOK", "DKK", "ISK"})
_COUNTRY_KRONE = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK", "GL": "DKK", "FO": "DKK"}


@dataclass(frozen=True)
class CurrencyContext:
    """How to read ambiguous money signs: the user's default currency and country."""

    default: str | None = None
    country: str = "US"

    def resolve(self, mention: str) -> str:
        """Turns a symbol, word or code as written into a currency code."""
        token = mention.casefold()
        if token in _CODES:
            return "CNY" if token == "rmb" else token.upper()
        code = _SYMBOLS.get(token) or _CURRENCY_WORDS.get(token) or mention.upper()
        if code == "$":
            if self.default in _DOLLARS:
                return self.default
            return _COUNTRY_DOLLAR.get(self.country, "USD")
        if code == "kr":
            if self.default in _KRONER:
                return self.default
            if self.country in _COUNTRY_KRONE:
                return _COUNTRY_KRONE[self.country]
            raise ValueError(
                "'kr' could be Swedish, Norwegian or Danish kroner; write SEK, NOK or DKK"
            )
        if code == "¥":
            if self.default in ("JPY", "CNY"):
                return self.default
            return "CNY" if self.country == "CN" else "JPY"
        return code


def _currency_mentions(text: str) -> list[str]:
    return [match.group(0) for match in _CURRENCY.finditer(unicodedata.normalize("NFKC", text))]


@dataclass(frozen=True)
class Salary:
    """A pay figure or range as read from a cell; either end may be open."""

    low: int | None
    high: int | None
    currency: str | None
    period: SalaryPeriod | None


_PERIOD_PREFIX = r"(?:/|\b(?:per|par|pro|por)\s+|\ban?\s+)\s*"
_PERIODS: tuple[tuple[SalaryPeriod, re.Pattern[str]], ...] = tuple(
    (period, re.compile(pattern))
    for period, pattern in (
        (
            SalaryPeriod.HOUR,
            _PERIOD_PREFIX + r"(?:h|hr|hrs|hour|std|stunde|heure|hora|uur)\b|\bhourly\b|\bph\b",
        ),
        (
            SalaryPeriod.DAY,
            _PERIOD_PREFIX + r"(?:d|day|tag|jour|dia|dag)\b|\bdaily\b|\bday\s*rate\b|\bpd\b"
            r"|\btagessatz\b",
        ),
        (
            SalaryPeriod.MONTH,
            _PERIOD_PREFIX + r"(?:m|mo|mon|mth|month|monat|mois|mes|maand)\b|\bmonthly\b"
            r"|\bpcm\b|\bpm\b|\bmensuel\w*",
        ),
        (
            SalaryPeriod.YEAR,
            _PERIOD_PREFIX + r"(?:y|yr|yrs|year|annum|a|jahr|an|ano|año|jaar)\b"
            r"|\b(?:annual|annually|yearly|anual|jahrlich)\b|\bp\.\s?a\.?|\bpa\b",
        ),
    )
)
_FIGURE = re.compile(
    r"""
    (?<![0-9a-z.,])
    (?P<number>
        \d{1,2}(?:,\d{2})+,\d{3}                       # Indian grouping: 12,00,000
      | \d{1,3}(?P<sep>[,.'’\ ])\d{3}(?:(?P=sep)\d{3})* # 120,000 / 60.000 / 120 000 / 120'000
      | \d+
    )
    (?:[.,](?P<fraction>\d{1,2}))?
    (?![0-9])
    (?:\ ?(?P<suffix>k|mm|m|mio|million|millions|thousand|tsd|grand)(?![a-z]))?
    (?P<plus>\s*\+)?
    """,
    re.VERBOSE | re.ASCII,
)
_MULTIPLIERS = {
    "k": 1000, "thousand": 1000, "tsd": 1000, "grand": 1000,
    "m": 1_000_000, "mm": 1_000_000, "mio": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
}  # fmt: skip
_RANGE_WORDS = frozenset(
    {"-", "–", "—", "−", "~", "to", "and", "bis", "a", "à", "-to-", "til", "till", "until"}
)
_FLOOR_WORDS = re.compile(
    r"^\s*(?:from|min(?:imum)?\.?|at\s+least|>=?|≥|over|above|more\s+than|starting(?:\s+(?:at|from))?"
    r"|starts?\s+at|ab|a\s+partir\s+de|desde|vanaf)(?![a-z])"
)
_CEILING_WORDS = re.compile(
    r"^\s*(?:up\s*to|upto|max(?:imum)?\.?|<=?|≤|under|below|less\s+than|bis|jusqu\s*a|hasta|tot)(?![a-z])"
)
_SALARY_PLACEHOLDERS = frozenset(
    {"doe", "competitive", "negotiable", "market rate", "dependent on experience", "depends",
     "nicht angegeben", "verhandelbar", "a negocier", "a convenir", "?"}
)  # fmt: skip
_MAX_DIGITS = 13  # a trillion: more than any salary, small enough to stay an exact int


@dataclass(frozen=True)
class _Figure:
    value: Decimal  # with its own multiplier ('k') applied
    multiplier: int  # 1 when the figure had no 'k' or 'm'
    start: int
    end: int
    plus: bool


def parse_salary(
    text: str, *, currencies: CurrencyContext = CurrencyContext(), hint: ColumnHint = ColumnHint()
) -> Salary | None:
    """Reads '$120k - $150k', '€60.000 - €70.000', '£400/day', '100k+', 'up to 90k', '85000'."""
    if is_blank(text) or fold(text).rstrip(".!") in _SALARY_PLACEHOLDERS:
        return None
    lowered = fold(unicodedata.normalize("NFKC", text))
    # German trackers write thousands of euros as '60 T€' or '60 TEUR'.
    lowered = re.sub(r"(?<=\d)\s?t\s?(?=€|eur\b)", "k ", lowered)
    mentions = _currency_mentions(lowered)
    codes = {currencies.resolve(mention) for mention in mentions}
    if len(codes) > 1:
        raise ValueError(f"{quote(text)} mixes currencies ({', '.join(sorted(codes))})")
    bare = _CURRENCY.sub(" ", lowered)
    period, bare = _period(bare, text)
    figures = _figures(bare, text)
    low, high = _bounds(figures, bare, text)
    low, high = (_thousands(value, hint) for value in (low, high))
    currency = (
        codes.pop() if codes else (currencies.resolve(hint.currency) if hint.currency else None)
    )
    return Salary(low=low, high=high, currency=currency, period=period or hint.period)


def _period(lowered: str, text: str) -> tuple[SalaryPeriod | None, str]:
    found: set[SalaryPeriod] = set()
    for period, pattern in _PERIODS:
        if pattern.search(lowered):
            found.add(period)
            lowered = pattern.sub(" ", lowered)
    if len(found) > 1:
        raise ValueError(f"{quote(text)} gives more than one pay period")
    return (found.pop() if found else None), lowered


def _figures(bare: str, text: str) -> list[_Figure]:
    figures = []
    for match in _FIGURE.finditer(bare):
        digits = re.sub(r"\D", "", match["number"])
        if len(digits) > _MAX_DIGITS:
            raise ValueError(f"{quote(text)} is too large to be a salary")
        value = Decimal(digits) + (Decimal(f"0.{match['fraction']}") if match["fraction"] else 0)
        multiplier = _MULTIPLIERS.get((match["suffix"] or "").lower(), 1)
        figures.append(
            _Figure(value * multiplier, multiplier, match.start(), match.end(), bool(match["plus"]))
        )
    if not figures:
        raise ValueError(f"{quote(text)} is not an amount")
    if len(figures) > 2:
        raise ValueError(f"{quote(text)} has more than two figures; write one amount or a range")
    return figures


def _bounds(figures: list[_Figure], bare: str, text: str) -> tuple[int | None, int | None]:
    if len(figures) == 1:
        only = figures[0]
        amount = _whole(only.value)
        if only.plus or _FLOOR_WORDS.search(bare):
            return amount, None
        if _CEILING_WORDS.search(bare):
            return None, amount
        return amount, amount
    first, second = figures
    between = " ".join(bare[first.end : second.start].split())
    if between not in _RANGE_WORDS:
        raise ValueError(f"{quote(text)} has two figures that are not a range like '120k - 150k'")
    low, high = first.value, second.value
    # '120-150k': a 'k' written once applies to both ends.
    if first.multiplier == 1 and second.multiplier > 1 and low < 1000:
        low *= second.multiplier
    if second.multiplier == 1 and first.multiplier > 1 and high < 1000:
        high *= first.multiplier
    return _whole(low), _whole(high)


def _thousands(value: int | None, hint: ColumnHint) -> int | None:
    # A 'Salary (k)' column holds 120 for 120,000; figures that already have a 'k' are >= 1000.
    if value is not None and hint.thousands and value < 1000:
        return value * 1000
    return value


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_currency(text: str, *, currencies: CurrencyContext = CurrencyContext()) -> str | None:
    """Reads a currency cell: a code (USD), a symbol ($, €, £) or a word (euros)."""
    if is_blank(text):
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.casefold() in _CODES:
        return currencies.resolve(cleaned)
    mentions = _currency_mentions(cleaned)
    if len(mentions) == 1 and mentions[0].strip().casefold() == cleaned.casefold():
        return currencies.resolve(mentions[0])
    raise ValueError(f"{quote(text)} is not a currency; use a code such as USD, EUR or GBP")


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

# Countries that write the month first (3/12/2026 is March 12); most others write the day first.
_MONTH_NAMES = {
    1: "january janvier januar januari enero gennaio janeiro janv jan ene gen",
    2: "february fevrier februar februari febrero febbraio fevereiro fevr feb fev febr",
    3: "march mars marz maerz maart marzo marco mar mrt",
    4: "april avril abril aprile avr abr apr",
    5: "may mai mei mayo maggio maio mag",
    6: "june juin juni junio giugno junho jun giu",
    7: "july juillet juli julio luglio julho juil jul lug",
    8: "august aout augustus agosto aug aou ago",
    9: "september septembre septiembre setiembre settembre setembro sept sep set",
    10: "october octobre oktober octubre ottobre outubro oct okt ott out",
    11: "november novembre noviembre novembro nov",
    12: "december decembre dezember diciembre dicembre dezembro dec dez dic",
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_DATE_FILLER = frozenset(
    {
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
        "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "montag", "dienstag",
        "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi",
        "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miercoles", "jueves",
        "viernes", "sabado", "domingo", "of", "the", "de", "del", "den", "der", "am", "le", "el",
        "st", "nd", "rd", "th", "er", "o", "on", "at", "utc", "gmt", "z"
    }
)  # fmt: skip
_TIME = (  # an optional time after a date, as Excel and ISO write it; ignored
    r"(?:[t\s]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:am|pm|a\.m\.|p\.m\.)?"
    r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?)?"
)
_ISO = re.compile(rf"^(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}})\.?{_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}})\.?{_TIME}$")
_NUMERIC_NO_YEAR = re.compile(r"^(\d{1,2})([/.])(\d{1,2})\.?$")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")
_SERIAL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, given its 1900 leap-year bug
_SERIAL_RANGE = range(20_000, 80_001)  # 1954-10-03 .. 2119-01-11: plausible dates only
_RELATIVE = {"today": 0, "yesterday": -1, "heute": 0, "gestern": -1, "aujourd'hui": 0, "hier": -1}


def date_order_evidence(values: Iterable[str]) -> bool | None:
    """True if the dates can only be day-first (31/12), False if only month-first, else None."""
    votes = set()
    for value in values:
        match = _NUMERIC.match(fold(value)) or _NUMERIC_NO_YEAR.match(fold(value))
        if match is None:
            continue
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            votes.add(True)
        elif second > 12 >= first:
            votes.add(False)
    return votes.pop() if len(votes) == 1 else None


def parse_date(text: str, *, dayfirst: bool, today: dt.date) -> dt.date | None:
    """Reads ISO, 03/12/2026 (order by `dayfirst`), '3 Dec 2026', 'Dec 3, 2026', Excel serials."""
    if is_blank(text):
        return None
    cleaned = fold(text)
    try:
        found = _read_date(cleaned, dayfirst=dayfirst, today=today)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise ValueError(f"{quote(text)} is not a date")
    return found


def _read_date(cleaned: str, *, dayfirst: bool, today: dt.date) -> dt.date | None:
    if cleaned in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[cleaned])
    if match := _ISO.match(cleaned):
        return dt.date(int(match[1]), int(match[3]), int(match[4]))
    if match := _NUMERIC.match(cleaned):
        year = _full_year(match[4], today)
        return _day_month(int(match[1]), int(match[3]), year, dayfirst=dayfirst)
    if match := _NUMERIC_NO_YEAR.match(cleaned):
        first, second = int(match[1]), int(match[3])
        return _latest(lambda year: _day_month(first, second, year, dayfirst=dayfirst), today)
    if match := _COMPACT.match(cleaned):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := _SERIAL.match(cleaned):
        serial = int(match[1])
        return _SERIAL_EPOCH + dt.timedelta(days=serial) if serial in _SERIAL_RANGE else None
    return _worded_date(cleaned, today)


def _day_month(first: int, second: int, year: int, *, dayfirst: bool) -> dt.date:
    day, month = (first, second) if dayfirst else (second, first)
    if month > 12 >= day:  # the preferred order cannot be right, and the other order can
        day, month = month, day
    return dt.date(year, month, day)


def _full_year(text: str, today: dt.date) -> int:
    if len(text) == 4:
        return int(text)
    # Two-digit years: the latest century that does not put the date far in the future.
    short = int(text)
    century = today.year - today.year % 100
    return century + short if century + short <= today.year + 1 else century - 100 + short


def _latest(build: Callable[[int], dt.date], today: dt.date) -> dt.date:
    # A date written without a year is the most recent such day: applications lie in the past.
    found = build(today.year)
    return found if found <= today else build(today.year - 1)


def _worded_date(cleaned: str, today: dt.date) -> dt.date | None:
    without_time = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", " ", cleaned)
    tokens = re.findall(r"[a-z]+|\d+", without_time)
    months = [_MONTHS[token] for token in tokens if token in _MONTHS]
    numbers = [token for token in tokens if token.isdigit()]
    others = [token for token in tokens if not token.isdigit() and token not in _MONTHS]
    if len(months) != 1 or any(token not in _DATE_FILLER for token in others):
        return None
    month = months[0]
    if len(numbers) == 1 and len(numbers[0]) <= 2:
        day = int(numbers[0])
        return _latest(lambda year: dt.date(year, month, day), today)
    if len(numbers) != 2:
        return None
    if len(numbers[0]) == 4:  # '2026 Dec 3'
        return dt.date(int(numbers[0]), month, int(numbers[1]))
    if len(numbers[0]) > 2 or len(numbers[1]) not in (2, 4):
        return None
    return dt.date(_full_year(numbers[1], today), month, int(numbers[0]))


def parse_flag(text: str) -> bool | None:
    """Reads yes/no cells ('Yes', 'x', '✓', 'false', 'nein'); None when it is neither."""
    word = fold(text).rstrip(".!")
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


_YES = frozenset(
    {"yes", "y", "true", "x", "1", "✓", "✔", "✅", "ja", "oui", "si", "sí", "wahr", "done"}
)
_NO = frozenset({"no", "n", "false", "0", "✗", "✘", "❌", "nein", "non", "falsch", "not yet"})


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------

UNDERSTOOD_STATUSES = (
    "applied, interviewing, hiring manager, offer, accepted, declined offer, rejected, "
    "ghosted, withdrawn, offer expired, offer rescinded"
)
_EXACT_STATUSES: dict[str, Status] = {
    "no": Status.REJECTED,
    "hm": Status.HIRING_MANAGER_CHAT,
    "tech": Status.INTERVIEWING,
    "sent": Status.APPLIED,
    "yes applied": Status.APPLIED,
}
_WISHLIST = "wishlist"
_AMBIGUOUS_DECLINED = "declined"
# Checked in order: final and specific outcomes first, so that 'rejected after phone screen'
# is a rejection and 'offer declined' is not an offer. Each entry is a regular expression
# matched at the start of a word of the folded text ('reject' also finds 'rejected').
_STATUS_WORDS: tuple[tuple[Status | str, tuple[str, ...]], ...] = (
    (Status.OFFER_RESCINDED, ("rescind", r"offer (?:was )?(?:withdrawn|revoked|pulled|cancel+ed)")),
    (Status.OFFER_EXPIRED, (r"expired\b",)),
    (
        Status.DECLINED,
        (
            r"(?:declined|turned down|rejected|refused|passed on|said no to) (?:the |an? )?offer",
            r"offer (?:was )?(?:declined|turned down|rejected|refused)\b",
            "angebot abgelehnt",
        ),
    ),
    (
        Status.REJECTED,
        (
            r"not (?:accepted|selected|successful|moving forward|progress|shortlisted|chosen)",
            r"not (?:hired|offered|a fit|invited)",
            "no offer", "unsuccessful", "reject", r"denied\b", "turned down", "dinged",
            r"(?:position|role|job|vacancy) (?:was )?(?:filled|closed)\b",
            r"(?:did not|didn t) (?:pass|get|make|progress)", r"failed\b",
            r"declined by (?:the )?(?:company|employer|them|recruiter|hiring)",
            r"(?:company|employer) declined", "abgelehnt", r"absage\b", "refuse", "rechazad",
            "afgewezen", "no seleccionad", "nicht ausgewahlt",
        ),
    ),
    (_AMBIGUOUS_DECLINED, (r"declined\b",)),
    (
        Status.GHOSTED,
        (
            "ghost", r"no (?:response|reply|answer|news|word|call ?back|feedback|update|contact)",
            "never heard", "not heard", "heard nothing", r"silence\b", "unresponsive",
            r"keine (?:antwort|ruckmeldung)", "sans reponse", "sin respuesta", "geen reactie",
        ),
    ),
    (
        Status.WITHDRAWN,
        (
            "withdr[ae]w", "pulled out", "dropped out", "not interested", "lost interest",
            "retracted", r"cancel+ed\b", "zuruckgezogen", "retire", "retirad", "teruggetrokken",
        ),
    ),
    (Status.ACCEPTED, ("accept", r"hired\b", r"signed\b", r"joined\b", "angenommen", "acepta")),
    (Status.OFFER, ("offer", "negotiat", "angebot", r"offre\b", "oferta", "aanbod", "zusage")),
    (
        Status.HIRING_MANAGER_CHAT,
        (
            "hiring manager", r"hm\b", "team match",
            r"manager (?:chat|call|interview|round|meeting|screen)",
        ),
    ),
    (
        _WISHLIST,
        (
            "wish ?list", "bookmark", r"saved\b", r"to apply\b", r"not (?:yet )?applied",
            r"applying\b", r"plann?(?:ed|ing)\b", "want to apply", r"researching\b", "prospect",
            r"interested\b", r"draft\b", r"idea\b", r"considering\b", r"to ?do\b",
        ),
    ),
    (
        Status.INTERVIEWING,
        (
            "interview", "screen", r"on ?site\b", r"technical\b", r"round\b", r"panel\b",
            r"take ?home\b", r"assessment\b", r"coding\b", r"case study\b", r"challenge\b",
            r"final\b", r"superday\b", r"assignment\b", r"test\b", r"exercise\b", r"call\b",
            r"chat\b", r"meeting\b", r"presentation\b", r"\w*gesprach", "entretien",
            "entrevista", r"\w*gesprek\b", "colloquio", "eingeladen",
        ),
    ),
    (
        Status.APPLIED,
        (
            "appl(?:y|ied|ication)", r"submitted\b", r"sent\b", "review", r"pending\b",
            r"waiting\b", r"awaiting\b", r"in progress\b", r"open\b", r"active\b", r"new\b",
            "beworben", "bewerbung", "postule", "candidature", "aplicad", "enviad",
            "gesolliciteerd", "ingediend",
        ),
    ),
)  # fmt: skip
_STATUS_PATTERNS = tuple(
    (target, re.compile(r"\b(?:" + "|".join(words) + ")")) for target, words in _STATUS_WORDS
)


def parse_status(text: str) -> Status:
    """Reads a status word ('Phone screen', 'Rejected 😢', '3 - Offer'); empty means applied."""
    words = _status_words(text)
    if not words:
        return Status.APPLIED
    if words in _EXACT_STATUSES:
        return _EXACT_STATUSES[words]
    for target, pattern in _STATUS_PATTERNS:
        if pattern.search(words):
            return _status_target(target, text)
    raise ValueError(
        f"{quote(text)} is not a status afterword understands (it knows {UNDERSTOOD_STATUSES})"
    )


def _status_words(text: str) -> str:
    if is_blank(text):
        return ""
    words = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    return re.sub(r"^\d+ (?=[a-z])", "", words)  # '3 - Interviewing' from a numbered dropdown


def _status_target(target: Status | str, text: str) -> Status:
    if isinstance(target, Status):
        return target
    if target == _WISHLIST:
        raise ValueError(
            f"{quote(text)} means you have not applied yet; afterword imports applications "
            "you have sent, so this row was left out (import it again once you apply)"
        )
    raise ValueError(
        f"{quote(text)} does not say who declined: write 'rejected' if the company said no, "
        "'declined offer' if you turned an offer down, or 'withdrawn' if you stepped back"
    )


# ---------------------------------------------------------------------------
# Interest, tags, people, remote
# ---------------------------------------------------------------------------

_FILLED_STARS = frozenset("★⭐✭✮✯🌟✪*")
_EMPTY_STARS = frozenset("☆✩")
_INTEREST_WORDS = {
    "very high": 5, "highest": 5, "top": 5, "dream": 5, "dream job": 5, "max": 5, "must": 5,
    "high": 4, "medium high": 4, "hoch": 4, "haute": 4, "alta": 4, "alto": 4, "hoog": 4,
    "medium": 3, "med": 3, "mid": 3, "moderate": 3, "average": 3, "normal": 3, "ok": 3,
    "mittel": 3, "moyenne": 3, "moyen": 3, "media": 3, "medio": 3, "gemiddeld": 3,
    "medium low": 2, "low": 2, "niedrig": 2, "basse": 2, "bas": 2, "baja": 2, "bajo": 2,
    "laag": 2, "very low": 1, "lowest": 1, "minimal": 1,
}  # fmt: skip
_NUMBER = r"(\d{1,6}(?:[.,]\d{1,3})?)"


def parse_interest(text: str) -> int | None:
    """Reads a 1-5 rating: '4', '3/5', '8/10', '★★★☆☆', 'high', 'P1' (most important)."""
    if is_blank(text):
        return None
    cleaned = fold(text)
    compact = cleaned.replace(" ", "")
    if compact and all(char in _FILLED_STARS | _EMPTY_STARS for char in compact):
        return _in_range(Decimal(sum(char in _FILLED_STARS for char in compact)), text)
    words = " ".join(re.findall(r"[a-z0-9]+", cleaned))
    if words in _INTEREST_WORDS:
        return _INTEREST_WORDS[words]
    if match := re.fullmatch(r"p\s*([1-5])", cleaned):
        return 6 - int(match[1])  # priority 1 is the most wanted
    if match := re.fullmatch(rf"{_NUMBER}\s*(?:/|of|out of|von|sur|de)\s*{_NUMBER}", cleaned):
        return _scaled(_decimal(match[1]), _decimal(match[2]), text)
    if match := re.fullmatch(rf"{_NUMBER}\s*%", cleaned):
        return _scaled(_decimal(match[1]), Decimal(100), text)
    if match := re.fullmatch(rf"{_NUMBER}\s*(?:stars?|sterne|etoiles|estrellas)?", cleaned):
        return _in_range(_decimal(match[1]), text)
    raise ValueError(f"{quote(text)} is not a rating from 1 to 5")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _scaled(value: Decimal, scale: Decimal, text: str) -> int:
    if scale <= 0 or value > scale:
        raise ValueError(f"{quote(text)} is not a rating from 1 to 5")
    return _in_range(value / scale * 5, text)


def _in_range(value: Decimal, text: str) -> int:
    rating = _whole(value)
    if not 1 <= rating <= 5:
        raise ValueError(f"{quote(text)} is not a rating from 1 to 5")
    return rating


def parse_tags(text: str) -> list[str]:
    """Splits 'remote, fintech; dream job | referral' (or '#remote #fintech') into tags."""
    if is_blank(text):
        return []
    if re.search(r"[,;|\n]", text):
        parts = re.split(r"[,;|\n]", text)
    elif "#" in text:
        parts = text.split("#")
    else:
        parts = [text]
    tags = [" ".join(part.strip().lstrip("#").split()) for part in parts]
    return list(dict.fromkeys(tag for tag in tags if tag))


@dataclass(frozen=True)
class Person:
    """A contact as written in one cell; `role` is set when the cell says it (e.g. '(HM)')."""

    name: str | None
    email: str | None
    role: ContactRole | None = None


_EMAIL = re.compile(r"[^\s<>()\[\],;:\"'/|]+@[^\s<>()\[\],;:\"'/|@]+\.[a-z]{2,}", re.IGNORECASE)
_ROLE_WORDS = (
    r"(hiring manager|hiring mgr|hm|recruiter|talent partner|referrer|referral|referred by)"
)
_ROLE_HINT = re.compile(
    rf"[(\[]\s*{_ROLE_WORDS}\s*[)\]]|[-–—,:]\s*{_ROLE_WORDS}\s*$|^\s*{_ROLE_WORDS}\s*[-–—:]",
    re.IGNORECASE,
)
_ROLES = {
    "hiring manager": ContactRole.HIRING_MANAGER,
    "hiring mgr": ContactRole.HIRING_MANAGER,
    "hm": ContactRole.HIRING_MANAGER,
    "recruiter": ContactRole.RECRUITER,
    "talent partner": ContactRole.RECRUITER,
    "referrer": ContactRole.REFERRER,
    "referral": ContactRole.REFERRER,
    "referred by": ContactRole.REFERRER,
}


def parse_people(text: str) -> list[Person]:
    """Reads 'Jane Doe <jane@acme.com>', 'jane@acme.com', 'Jane (HM)'; several when separated."""
    if is_blank(text) or parse_flag(text) is not None:
        return []
    cleaned = re.sub(r"mailto:", "", text.strip(), flags=re.IGNORECASE)
    if len(_EMAIL.findall(cleaned)) <= 1:
        parts = [cleaned]
    else:
        parts = _pair_names_with_emails(re.split(r"\s*(?:[;\n|/,&]|\band\b)\s*", cleaned))
    people = [_person(part) for part in parts]
    return [person for person in people if person.name or person.email]


def parse_email(text: str) -> str | None:
    """Reads an email cell: 'jane@acme.com', 'mailto:jane@acme.com', 'Jane <jane@acme.com>'."""
    if is_blank(text):
        return None
    found = _EMAIL.search(re.sub(r"mailto:", "", text, flags=re.IGNORECASE))
    if found is None:
        raise ValueError(f"{quote(text)} is not an email address")
    return found.group(0)


def _pair_names_with_emails(parts: list[str]) -> list[str]:
    # 'Jane Doe, jane@acme.com; Bob, bob@acme.com' splits into name, address, name, address.
    paired: list[str] = []
    for part in (part.strip() for part in parts):
        if not part:
            continue
        if _EMAIL.fullmatch(part) and paired and not _EMAIL.search(paired[-1]):
            paired[-1] = f"{paired[-1]} <{part}>"
        else:
            paired.append(part)
    return paired


def _person(part: str) -> Person:
    role = None
    hint = _ROLE_HINT.search(part)
    if hint:
        words = next(group for group in hint.groups() if group)
        role = _ROLES[words.lower()]
        part = part[: hint.start()] + " " + part[hint.end() :]
    email_match = _EMAIL.search(part)
    email = email_match.group(0) if email_match else None
    if email_match:
        part = part[: email_match.start()] + " " + part[email_match.end() :]
    name = " ".join(re.sub(r"[<>()\[\]\"]", " ", part).split()).strip(" -–—:,;|")
    return Person(name=name or None, email=email, role=role)


def parse_remote(text: str) -> str | None:
    """Reads a 'Remote?' cell: yes -> 'Remote', no -> nothing, else the words ('Hybrid')."""
    if is_blank(text):
        return None
    flag = parse_flag(text)
    if flag is None:
        return " ".join(text.split())
    return "Remote" if flag else None
