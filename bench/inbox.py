"""How fast does afterword read a mailbox? Parsing, matching, classifying and a whole import.

Generates (into a temporary directory, from a fixed seed) an mbox of 50,000 messages shaped
like a real personal mailbox: newsletters and marketing with List-Unsubscribe and HTML parts,
receipts and shipping notices (some with PDF attachments), social notifications, mailing-list
traffic with List-Id, personal mail in several charsets (some with photos of a few hundred KB),
the user's own sent mail, a few messages without a Message-ID, and about 4% job mail built
from the packaged corpus (new Message-IDs, dates and, for half of it, companies), addressed to
a user whose workspace holds 150 applications with contacts. Then, on one core, it prints
messages per second for:

  (a) header parsing            parse_headers
  (b) full parsing              parse_message
  (c) matching                  MatchIndex.build + match_message over every parsed message
  (d) classifying               Classifier.classify_many in batches of 500
  (e0) the same import by the ledger's former write path (an ORM row per message), then
  (e) a whole import            runs.import_messages into a fresh SQLite database
  (f) importing it again        (must add nothing)

plus the triage states of (e) and, unless --no-compare, the same import without the bulk-mail
header filter, message by message against (e): what the filter changed. Target: at least
2,000 messages per second end to end on one core.

Then (h), the worst case: ../shared/tools/gen_mbox.py makes a mailbox where every message uses
job vocabulary (--worst-messages of them, seed 2026), and a whole import of it is timed next
to ../shared/tools/parse_floor.py's stdlib full parse (policy=default) of the same file, on the
same core in the same run, with the ratio. Target: the import at least as fast as the floor.
Figures only; nothing here asserts.

    .venv/bin/python bench/inbox.py [--messages 50000] [--seed 6] [--no-compare]
                                    [--worst-messages 10000] [--tools ../shared/tools]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import email.utils
import json
import os
import quopri
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One core: numpy's thread pools are sized when it is first imported (sklearn and scipy import
# it), so this comes before any afterword import (those are all inside functions below).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

USER_ADDRESS = "sam.rivera@example.com"
USER_NAME = "Sam Rivera"
NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
FIRST_DAY = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
LAST_DAY = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
APPLICATIONS = 150
JOB_SHARE = 0.04

# --- small vocabularies for the bulk of the mailbox (all invented) ------------------------------

BRANDS = (
    "Lumora", "Quillfeather", "Bramblecart", "Tidewell", "Orchard & Oak", "Copperkettle",
    "Velvetine", "Northbay Outfitters", "Saltbox", "Kindling Home", "Marigold Market",
    "Pocketful", "Driftwood Supply", "Fernway", "Glimmerglass", "Hollowreed Books",
    "Juniper Lane", "Larkspur Beauty", "Moonpie Games", "Nettlefield Farm", "Oxbow Cycles",
    "Plumtree Kitchen", "Quayside Wines", "Rookery Records", "Sundial Travel", "Tallgrass Tea",
    "Umberline", "Vesper Audio", "Wrenfield Garden", "Yarrow & Co", "Zephyr Sportswear",
    "Brightmoor Cinema", "Cobblestone Coffee", "Dapplegrey Pets", "Emberlight Candles",
)  # fmt: skip
PUBLICATIONS = (
    "The Weekly Sprocket", "Field Notes on Food", "The Long Commute", "Margin Notes",
    "The Tinkerer's Digest", "Slow Money", "Garden Dispatch", "The Quiet Cartographer",
    "Byte-Sized Briefing", "The Sunday Almanac", "Urban Birding", "Pixel & Pen",
)  # fmt: skip
SOCIAL = (
    ("Chirper", "notify"), ("Photoloom", "no-reply"), ("Gatherly", "notifications"),
    ("Threadspace", "digest"), ("Neighbourly", "updates"), ("Clipreel", "info"),
)  # fmt: skip
SHOPS = ("Bramblecart", "Marigold Market", "Driftwood Supply", "Oxbow Cycles", "Tallgrass Tea",
         "Quickbasket", "Homewares Direct", "Pocketful")  # fmt: skip
CARRIERS = ("Parcelpath", "Swiftcrate", "Roadrunner Couriers", "Postwise")
SERVICES = (
    ("Keystone Bank", "alerts"), ("Brightwater Energy", "billing"), ("Cloudnest", "security"),
    ("Metrolink Transit", "tickets"), ("Calendarly", "calendar-notification"),
    ("Healthbridge Clinic", "appointments"), ("Streamhaven", "account"),
)  # fmt: skip
LISTS = (
    ("quarkdb-dev", "Development of QuarkDB"), ("birding-uk", "UK birding sightings"),
    ("pycon-volunteers", "Conference volunteers"), ("allotment-society", "Allotment society"),
    ("rust-users", "Rust users"), ("choir-tenors", "Tenor section"),
    ("hiking-club", "Weekend hiking club"), ("openmaps-talk", "Open mapping discussion"),
)  # fmt: skip
# Marketing mail relays (the Return-Path of bulk mail), real names: the header filter knows them.
ESP_BOUNCES = (
    "bounce.mcsv.net", "mail.rsgsv.net", "bounces.klaviyomail.com", "cmail20.com",
    "in.constantcontact.com", "bnc3.mailjet.com", "bounce.hubspotemail.net",
    "bounce.exacttarget.com", "sendibm3.com",
)  # fmt: skip
FIRST_NAMES = (
    "Alex", "Bea", "Chidi", "Dara", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
    "Luca", "Mira", "Noor", "Otto", "Pia", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera",
    "Wen", "Xavi", "Yara", "Zoë", "Jürgen", "Zoé", "Søren", "Mateus",
)  # fmt: skip
SURNAMES = (
    "Abbott", "Bianchi", "Castillo", "Dumont", "Eriksen", "Fischer", "Gallagher", "Haddad",
    "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Connell", "Petrov",
    "Quintero", "Rossi", "Schäfer", "Tanaka", "Ueda", "Valdés", "Whitfield", "Yilmaz",
)  # fmt: skip
FREE_MAIL = ("gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "gmx.de")
WORDS = (
    "weekend", "garden", "recipe", "train", "concert", "ticket", "holiday", "photos", "dinner",
    "birthday", "bike", "rain", "kitchen", "puppy", "books", "film", "museum", "market",
    "coffee", "beach", "mountain", "lantern", "harbour", "festival", "bakery", "river",
    "island", "picnic", "sunrise", "library", "theatre", "soup", "sourdough", "orchard",
    "compost", "sailing", "bridge", "village", "castle", "meadow", "chess", "violin",
)  # fmt: skip
PRODUCTS = (
    "linen shirt", "ceramic mug", "trail shoes", "desk lamp", "wool scarf", "rain jacket",
    "cast-iron pan", "notebook set", "travel kettle", "bike light", "yoga mat", "tea sampler",
    "record cleaner", "herb planter", "leather wallet", "camping stove", "board game",
)  # fmt: skip
TOPICS = (
    "why cities plant the wrong trees", "the economics of a corner bakery", "rethinking the "
    "morning commute", "a field guide to winter birds", "how to fix a slow laptop", "seven "
    "soups for a cold week", "the surprising history of the paperclip", "what your bank "
    "statement says about you", "reading maps without a phone", "the case for boring "
    "technology", "small gardens, big harvests", "a beginner's guide to film photography",
)  # fmt: skip
CHARSETS = ("utf-8", "utf-8", "utf-8", "iso-8859-1", "windows-1252", "iso-8859-15")
PERSONAL_LINES = (
    "Are you still up for {w} on Saturday? I can bring the {w2}.",
    "Thanks again for the {w} last week, it was lovely to catch up.",
    "Did you see the news about the {w}? Call me when you get a chance.",
    "Mum says hello and asks whether you got the {w2} she sent.",
    "I found those {w} pictures from the summer, attaching a couple.",
    "Running late tonight, save me some {w2}!",
    "Could you pick up the {w2} on your way back? Cheers.",
    "We're thinking of a {w} trip in the spring, fancy joining?",
    "Quick reminder that the {w} club meets at seven on Thursday.",
    "Héllo from the café — the {w} here is wonderful, you'd love it. À bientôt!",
    "Grüße aus München! The {w} was great, the {w2} even better.",
)  # fmt: skip
LIST_LINES = (
    "I tried the patch on my machine and the {w} test still fails intermittently.",
    "Has anyone seen a {w} this far north before? Spotted two near the {w2} this morning.",
    "Reminder: the next meeting is on Tuesday, agenda items to me by Monday please.",
    "+1 to this proposal, though I'd keep the old behaviour behind a flag for a release.",
    "The {w} rota for next month is attached to the wiki page; please check your slots.",
    "Could the maintainers take a look at the open issue about {w} handling?",
    "Lovely walk on Sunday, thanks all. Photos of the {w} are in the shared album.",
    "I can confirm this on version 2.3 as well; it goes away if you disable {w} caching.",
)  # fmt: skip


def slug(name: str) -> str:
    """A company or brand as a domain label: 'Orchard & Oak' -> 'orchardoak'."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def encoded_word(text: str, rng: random.Random) -> str:
    """A header value, as an RFC 2047 encoded word when it is not plain ASCII."""
    if text.isascii():
        return text
    if rng.random() < 0.5:
        return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="
    data = quopri.encodestring(text.encode("utf-8"), header=True).decode().replace("=\n", "")
    return "=?UTF-8?Q?" + data.replace(" ", "_") + "?="


def address(name: str, addr: str, rng: random.Random) -> str:
    return f"{encoded_word(name, rng)} <{addr}>" if name else addr


def text_part(text: str, charset: str, rng: random.Random) -> str:
    """A text/plain part in a charset and transfer encoding of the sender's choosing."""
    data = text.encode(charset, "replace")
    choice = rng.random()
    if choice < 0.35:
        encoding, payload = "quoted-printable", quopri.encodestring(data).decode("ascii")
    elif choice < 0.55:
        encoding, payload = "base64", base64.encodebytes(data).decode("ascii")
    else:
        encoding = "8bit" if not data.isascii() else "7bit"
        # The bytes as they are, written back as such (see write_mbox).
        payload = data.decode("ascii", "surrogateescape")
    return (
        f'Content-Type: text/plain; charset="{charset}"\n'
        f"Content-Transfer-Encoding: {encoding}\n\n{payload}"
    )


def html_part(html: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        payload = quopri.encodestring(html.encode("utf-8")).decode("ascii")
        encoding = "quoted-printable"
    else:
        payload, encoding = base64.encodebytes(html.encode("utf-8")).decode("ascii"), "base64"
    return (
        f'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: {encoding}\n\n'
        f"{payload}"
    )


def attachment(name: str, kind: str, size: int, rng: random.Random) -> str:
    data = base64.encodebytes(rng.randbytes(size)).decode("ascii")
    return (
        f'Content-Type: {kind}; name="{name}"\nContent-Disposition: attachment; '
        f'filename="{name}"\nContent-Transfer-Encoding: base64\n\n{data}'
    )


def multipart(kind: str, parts: list[str], rng: random.Random) -> tuple[str, str]:
    """(Content-Type header value, body) of a multipart made of already-built parts."""
    boundary = f"=_b{rng.getrandbits(64):016x}"
    body = "".join(f"--{boundary}\n{part}\n" for part in parts) + f"--{boundary}--\n"
    return f'multipart/{kind}; boundary="{boundary}"', body


def newsletter_html(title: str, paragraphs: list[str], rng: random.Random, brand: str) -> str:
    """Table-laid, style-heavy marketing HTML, as mail tools produce it."""
    style = "".join(
        f".c{i}{{font-family:Helvetica,Arial,sans-serif;font-size:{12 + i % 6}px;color:#{rng.getrandbits(24):06x};"
        f"padding:{i % 9}px {i % 7}px;line-height:1.{i % 9}}}"
        for i in range(rng.randint(30, 120))
    )
    rows = "".join(
        f'<tr><td class="c{i % 30}" style="padding:12px 24px;"><p style="margin:0 0 12px 0;">{p}</p>'
        f'<a href="https://{slug(brand)}.example/r/{rng.getrandbits(48):x}?utm_source=email&amp;'
        f'utm_campaign=c{rng.randint(1, 999)}" style="color:#1a73e8;">Read more</a></td></tr>'
        for i, p in enumerate(paragraphs)
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title><style>{style}'
        f'</style></head><body style="margin:0;padding:0;background:#f4f4f4;"><table width="100%" '
        f'cellpadding="0" cellspacing="0" role="presentation"><tr><td align="center"><table '
        f'width="600" style="background:#ffffff;">{rows}<tr><td class="c1" style="font-size:11px;'
        f'color:#888888;">You are receiving this because you signed up at {brand}. '
        f'<a href="https://{slug(brand)}.example/unsubscribe?u={rng.getrandbits(40):x}">Unsubscribe'
        f'</a> | <a href="https://{slug(brand)}.example/prefs">Manage preferences</a> | View this '
        f"email in your browser</td></tr></table></td></tr></table>"
        f'<img src="https://t.{slug(brand)}.example/o/{rng.getrandbits(64):x}.gif" width="1" '
        f'height="1" alt=""></body></html>'
    )


# --- one message -------------------------------------------------------------------------------


@dataclass
class Mail:
    """A message being generated: its headers in order, and its top-level content and body."""

    headers: list[tuple[str, str]]
    content_type: str
    body: str
    kind: str

    def render(self) -> str:
        lines = [f"{name}: {value}" for name, value in self.headers]
        lines.append("MIME-Version: 1.0")
        if self.content_type:
            lines.append(f"Content-Type: {self.content_type}")
        return "\n".join(lines) + "\n\n" + self.body


class Mailbox:
    """Generates the messages of the benchmark's mailbox, deterministically from a seed."""

    def __init__(self, rng: random.Random, jobs: list[dict[str, Any]], swaps: list[str]) -> None:
        self.rng = rng
        self.jobs = jobs
        self.swaps = swaps  # invented companies that job mail is re-addressed to (half of it)
        self.list_ids: dict[str, list[str]] = {name: [] for name, _ in LISTS}
        self.number = 0

    # helpers

    def when(self) -> dt.datetime:
        span = (LAST_DAY - FIRST_DAY).total_seconds()
        moment = FIRST_DAY + dt.timedelta(seconds=self.rng.random() * span)
        zone = dt.timezone(dt.timedelta(hours=self.rng.choice((0, 0, 1, -5, -8, 2, 5.5))))
        return moment.astimezone(zone).replace(microsecond=0)

    def common(
        self, sender: str, subject: str, domain: str, *, when: dt.datetime | None = None
    ) -> list[tuple[str, str]]:
        self.number += 1
        headers = [
            ("Return-Path", f"<bounce-{self.number}@{domain}>"),
            ("From", sender),
            ("To", USER_ADDRESS if self.rng.random() < 0.9 else f"{USER_NAME} <{USER_ADDRESS}>"),
            ("Subject", encoded_word(subject, self.rng)),
            ("Date", email.utils.format_datetime(when or self.when())),
        ]
        # A few real-world messages have no Message-ID at all (the ledger then fingerprints them).
        if self.rng.random() > 0.003:
            headers.append(("Message-ID", f"<{self.number}.{self.rng.getrandbits(40):x}@{domain}>"))
        return headers

    def person(self) -> tuple[str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
        local = slug(first.encode("ascii", "ignore").decode() or "x") + "." + slug(last)
        return f"{first} {last}", f"{local}@{self.rng.choice(FREE_MAIL)}"

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    # the kinds of mail

    def newsletter(self) -> Mail:
        rng = self.rng
        name = rng.choice(PUBLICATIONS)
        domain = f"{slug(name)}.example"
        topic = rng.choice(TOPICS)
        subject = rng.choice(
            (f"{name}: {topic}", f"Issue #{rng.randint(20, 400)} — {topic}", f"This week: {topic}")
        )
        paragraphs = [
            f"This week we look at {rng.choice(TOPICS)}. {self.words(40).capitalize()}."
            for _ in range(rng.randint(4, 12))
        ]
        headers = self.common(f"{name} <newsletter@{domain}>", subject, domain)
        headers += [
            (
                "List-Unsubscribe",
                f"<https://{domain}/u/{rng.getrandbits(40):x}>, <mailto:unsub@{domain}>",
            ),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
        if rng.random() < 0.4:
            headers.append(("List-Id", f"{name} <weekly.{domain}>"))
        if rng.random() < 0.3:
            headers.append(("Precedence", "bulk"))
        html = newsletter_html(subject, paragraphs, rng, name)
        text = "\n\n".join(paragraphs) + f"\n\nUnsubscribe: https://{domain}/u\n"
        kind, body = multipart(
            "alternative", [text_part(text, "utf-8", rng), html_part(html, rng)], rng
        )
        return Mail(headers, kind, body, "newsletter")

    def marketing(self) -> Mail:
        rng = self.rng
        brand = rng.choice(BRANDS)
        domain = f"{slug(brand)}.example"
        product = rng.choice(PRODUCTS)
        subject = rng.choice(
            (
                f"{rng.randint(10, 60)}% off everything this weekend",
                f"Back in stock: the {product}",
                f"Your exclusive offer from {brand}",
                "Last chance: free shipping ends tonight ⏰",
                f"New arrivals you'll love, {USER_NAME.split()[0]}",
                "A little something for you 🎁",
                f"Our {product} is back — and it's on sale",
            )
        )
        local = rng.choice(("hello", "news", "deals", "offers", "marketing", "team"))
        headers = self.common(f"{brand} <{local}@mail.{domain}>", subject, domain)
        if rng.random() < 0.6:
            headers[0] = ("Return-Path", f"<bounce-{self.number}@{rng.choice(ESP_BOUNCES)}>")
        if rng.random() < 0.93:
            headers.append(
                ("List-Unsubscribe", f"<https://mail.{domain}/unsub?id={rng.getrandbits(48):x}>")
            )
        headers.append(("X-Campaign-ID", f"{rng.getrandbits(32)}"))
        paragraphs = [
            f"Meet the {rng.choice(PRODUCTS)}: {self.words(20)}. Now {rng.randint(10, 50)}% off with code SAVE{rng.randint(10, 99)}."
            for _ in range(rng.randint(3, 10))
        ]
        html = newsletter_html(subject, paragraphs, rng, brand)
        if rng.random() < 0.4:
            return Mail(headers, 'text/html; charset="utf-8"', html, "marketing")
        text = "\n\n".join(paragraphs) + "\n\nView this email in your browser. Unsubscribe.\n"
        kind, body = multipart(
            "alternative", [text_part(text, "utf-8", rng), html_part(html, rng)], rng
        )
        return Mail(headers, kind, body, "marketing")

    def social(self) -> Mail:
        rng = self.rng
        name, local = rng.choice(SOCIAL)
        domain = f"{slug(name)}.example"
        friend = rng.choice(FIRST_NAMES)
        subject = rng.choice(
            (
                f"{friend} commented on your post",
                f"{friend} and {rng.randint(2, 30)} others liked your photo",
                f"You have {rng.randint(2, 40)} new notifications",
                f"{friend} mentioned you in a comment",
                f"See what {friend} shared today",
            )
        )
        headers = self.common(f"{name} <{local}@{domain}>", subject, domain)
        headers += [
            ("List-Unsubscribe", f"<https://{domain}/settings/email?t={rng.getrandbits(40):x}>"),
            ("X-Auto-Response-Suppress", "All"),
        ]
        if rng.random() < 0.5:
            headers.append(("Auto-Submitted", "auto-generated"))
        text = f"{subject}.\n\n“{self.words(12)}”\n\nOpen {name} to reply.\n"
        html = newsletter_html(subject, [text], rng, name)
        kind, body = multipart(
            "alternative", [text_part(text, "utf-8", rng), html_part(html, rng)], rng
        )
        return Mail(headers, kind, body, "social")

    def receipt(self) -> Mail:
        rng = self.rng
        shop = rng.choice(SHOPS)
        domain = f"{slug(shop)}.example"
        order = f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"
        subject = rng.choice(
            (
                f"Your {shop} order #{order}",
                f"Receipt for your payment to {shop}",
                f"Order confirmed: #{order}",
            )
        )
        headers = self.common(f"{shop} <orders@{domain}>", subject, domain)
        if rng.random() < 0.3:
            headers.append(("List-Unsubscribe", f"<mailto:unsubscribe@{domain}>"))
        lines = [
            f"{rng.randint(1, 3)} x {rng.choice(PRODUCTS)}  £{rng.randint(3, 120)}.{rng.randint(0, 99):02d}"
            for _ in range(rng.randint(1, 5))
        ]
        text = f"Thanks for your order, {USER_NAME.split()[0]}!\n\nOrder {order}\n" + "\n".join(
            lines
        )
        text += "\n\nDelivery in 2-4 working days. Questions? Reply to this email.\n"
        charset = rng.choice(CHARSETS)
        if rng.random() < 0.12:
            kind, body = multipart(
                "mixed",
                [
                    text_part(text, charset, rng),
                    attachment(
                        f"invoice-{order}.pdf", "application/pdf", rng.randint(60_000, 350_000), rng
                    ),
                ],
                rng,
            )
            return Mail(headers, kind, body, "receipt")
        part = text_part(text, charset, rng)
        head, _, payload = part.partition("\n\n")
        return Mail(headers, head.removeprefix("Content-Type: "), payload, "receipt")

    def shipping(self) -> Mail:
        rng = self.rng
        carrier = rng.choice(CARRIERS)
        domain = f"{slug(carrier)}.example"
        tracking = f"{rng.choice('ABCDEFGH')}{rng.randint(10**9, 10**10)}GB"
        subject = rng.choice(
            (
                f"Your parcel {tracking} is on its way",
                "Out for delivery today",
                f"Delivered: {tracking}",
            )
        )
        headers = self.common(f"{carrier} <tracking@{domain}>", subject, domain)
        if rng.random() < 0.5:
            headers.append(("Auto-Submitted", "auto-generated"))
        if rng.random() < 0.4:
            headers.append(("List-Unsubscribe", f"<https://{domain}/stop?t={tracking}>"))
        text = f"Parcel {tracking}: {subject.lower()}.\nTrack it at https://{domain}/t/{tracking}\n"
        html = newsletter_html(subject, [text], rng, carrier)
        kind, body = multipart(
            "alternative", [text_part(text, "utf-8", rng), html_part(html, rng)], rng
        )
        return Mail(headers, kind, body, "shipping")

    def service(self) -> Mail:
        rng = self.rng
        name, local = rng.choice(SERVICES)
        domain = f"{slug(name)}.example"
        subject = rng.choice(
            (
                "Your statement is ready",
                "New sign-in to your account",
                f"Reminder: appointment on {self.when():%A %d %B}",
                "Your e-tickets",
                "Security alert: password changed",
                f"Notification: {rng.choice(WORDS)} @ {self.when():%a %d %b %Y %H:%M}",
            )
        )
        headers = self.common(f"{name} <{local}@{domain}>", subject, domain)
        if rng.random() < 0.7:
            headers.append(("Auto-Submitted", "auto-generated"))
        text = f"{subject}.\n\nIf this wasn't you, contact us at https://{domain}/help.\n"
        part = text_part(text, "utf-8", rng)
        head, _, payload = part.partition("\n\n")
        return Mail(headers, head.removeprefix("Content-Type: "), payload, "service")

    def mailing_list(self) -> Mail:
        rng = self.rng
        name, description = rng.choice(LISTS)
        domain = "lists.example.org"
        earlier = self.list_ids[name]
        topic = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        reply = bool(earlier) and rng.random() < 0.6
        subject = f"[{name}] {'Re: ' if reply else ''}{topic}"
        sender_name, sender = self.person()
        headers = self.common(address(sender_name, sender, rng), subject, sender.split("@")[1])
        headers[0] = ("Return-Path", f"<{name}-bounces@{domain}>")
        if reply:
            parent = rng.choice(earlier[-50:])
            headers += [("In-Reply-To", parent), ("References", parent)]
        headers += [
            ("List-Id", f"{description} <{name}.{domain}>"),
            ("List-Post", f"<mailto:{name}@{domain}>"),
            (
                "List-Unsubscribe",
                f"<https://{domain}/mailman/options/{name}>, <mailto:{name}-request@{domain}?subject=unsubscribe>",
            ),
            ("Precedence", "list"),
        ]
        mid = next((v for k, v in headers if k == "Message-ID"), None)
        if mid:
            earlier.append(mid)
        lines = [
            rng.choice(LIST_LINES).format(w=rng.choice(WORDS), w2=rng.choice(WORDS))
            for _ in range(rng.randint(2, 8))
        ]
        text = "\n\n".join(lines)
        if reply:
            text += "\n\nOn Tue, someone wrote:\n> " + "\n> ".join(
                self.words(10) for _ in range(rng.randint(3, 30))
            )
        text += f"\n\n_______________________________________________\n{name} mailing list\nhttps://{domain}/mailman/listinfo/{name}\n"
        part = text_part(text, rng.choice(CHARSETS), rng)
        head, _, payload = part.partition("\n\n")
        return Mail(headers, head.removeprefix("Content-Type: "), payload, "mailing_list")

    def personal(self, *, from_user: bool = False) -> Mail:
        rng = self.rng
        name, sender = self.person()
        subject = rng.choice(
            (
                f"{rng.choice(WORDS)}?",
                f"Re: {rng.choice(WORDS)} plans",
                f"{rng.choice(WORDS)} on Saturday",
                "photos",
                "quick question",
                "Fwd: " + rng.choice(WORDS),
            )
        )
        if from_user:
            headers = self.common(f"{USER_NAME} <{USER_ADDRESS}>", subject, "example.com")
            headers[2] = ("To", address(name, sender, rng))
        else:
            # Some mailers write a name in raw 8-bit bytes instead of an encoded word.
            raw_name = rng.random() < 0.05
            sender_header = f"{name} <{sender}>" if raw_name else address(name, sender, rng)
            headers = self.common(sender_header, subject, sender.split("@")[1])
        lines = [
            rng.choice(PERSONAL_LINES).format(w=rng.choice(WORDS), w2=rng.choice(WORDS))
            for _ in range(rng.randint(1, 6))
        ]
        text = (
            f"Hi {'there' if from_user else USER_NAME.split()[0]},\n\n"
            + "\n".join(lines)
            + f"\n\n{(name if not from_user else USER_NAME).split()[0]}\n"
        )
        charset = rng.choice(CHARSETS)
        if rng.random() < 0.08:
            photos = [
                attachment(
                    f"IMG_{rng.randint(1000, 9999)}.jpg",
                    "image/jpeg",
                    rng.randint(120_000, 480_000),
                    rng,
                )
                for _ in range(rng.randint(1, 2))
            ]
            kind, body = multipart("mixed", [text_part(text, charset, rng), *photos], rng)
            return Mail(headers, kind, body, "personal")
        part = text_part(text, charset, rng)
        head, _, payload = part.partition("\n\n")
        return Mail(
            headers,
            head.removeprefix("Content-Type: "),
            payload,
            "sent" if from_user else "personal",
        )

    def job(self) -> Mail:
        rng = self.rng
        row = rng.choice(self.jobs)
        sender, subject, text = row["from"], row["subject"], row["body"]
        company = row.get("company") or ""
        if company and rng.random() < 0.5:
            # The same words, re-addressed to a company in the user's workspace.
            other = rng.choice(self.swaps)
            sender, subject, text = (s.replace(company, other) for s in (sender, subject, text))
            name, addr = email.utils.parseaddr(sender)
            domain = addr.rsplit("@", 1)[-1]
            own = slug(company)[:6] in slug(domain)
            if own:
                addr = addr.split("@")[0] + f"@{slug(other)}.example"
                sender = f"{name} <{addr}>" if name else addr
        name, addr = email.utils.parseaddr(sender)
        domain = addr.rsplit("@", 1)[-1] or "example.com"
        when = self.when()
        headers = self.common(address(name, addr, rng), subject, domain, when=when)
        ats = any(
            label in domain
            for label in (
                "greenhouse",
                "lever",
                "workday",
                "ashby",
                "hireline",
                "careerlink",
                "smartrecruiters",
                "workable",
                "teamtailor",
            )
        )
        if ats and rng.random() < 0.6:
            # Applicant-tracking systems send through bulk-mail machinery, List-Unsubscribe and all.
            headers.append(
                ("List-Unsubscribe", f"<https://{domain}/unsubscribe/{rng.getrandbits(40):x}>")
            )
            if rng.random() < 0.5:
                headers.append(("Auto-Submitted", "auto-generated"))
        plain = text_part(text, "utf-8", rng)
        if ats and rng.random() < 0.7:
            html = (
                "<html><body>"
                + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
                + "</body></html>"
            )
            kind, body = multipart("alternative", [plain, html_part(html, rng)], rng)
        elif row["label"] in ("offer", "offer_deadline") and rng.random() < 0.5:
            kind, body = multipart(
                "mixed",
                [
                    plain,
                    attachment(
                        "Offer letter.pdf", "application/pdf", rng.randint(80_000, 300_000), rng
                    ),
                ],
                rng,
            )
        else:
            head, _, body = plain.partition("\n\n")
            kind = head.removeprefix("Content-Type: ")
        return Mail(headers, kind, body, "job")

    def next(self) -> Mail:
        roll = self.rng.random()
        if roll < JOB_SHARE:
            return self.job()
        kinds: tuple[tuple[float, Callable[[], Mail]], ...] = (
            (0.22, self.newsletter),
            (0.46, self.marketing),
            (0.56, self.social),
            (0.65, self.receipt),
            (0.71, self.shipping),
            (0.76, self.service),
            (0.87, self.mailing_list),
            (0.985, self.personal),
            (1.0, lambda: self.personal(from_user=True)),
        )
        pick = self.rng.random()
        return next(make for limit, make in kinds if pick < limit)()


def write_mbox(
    path: Path, count: int, seed: int, jobs: list[dict[str, Any]], swaps: list[str]
) -> tuple[Counter[str], dict[str, str]]:
    """Writes `count` generated messages as an mbox (mboxrd-escaped); returns how many of each
    kind, and the kind of each message by Message-ID."""
    box = Mailbox(random.Random(seed), jobs, swaps)
    kinds: Counter[str] = Counter()
    by_id: dict[str, str] = {}
    with path.open("wb") as out:
        for _ in range(count):
            mail = box.next()
            kinds[mail.kind] += 1
            message_id = next((v for k, v in mail.headers if k == "Message-ID"), None)
            if message_id:
                by_id["mid:" + message_id] = mail.kind
            text = mail.render()
            escaped = re.sub(r"(?m)^(>*From )", r">\1", text)
            data = escaped.encode("utf-8", "surrogateescape")
            out.write(
                b"From MAILER-DAEMON Thu Dec  3 15:00:00 2026\n" + data.rstrip(b"\n") + b"\n\n"
            )
    return kinds, by_id


# --- the workspace -----------------------------------------------------------------------------

INVENTED_COMPANIES = (
    "Ambergate Systems", "Bellwether Analytics", "Cinderpath Labs", "Dovetail Health",
    "Eastbrook Energy", "Foxglove Software", "Gannet Logistics", "Heronsgate Capital",
    "Ironbark Robotics", "Jetstream Media", "Kittiwake Games", "Lodestar Insurance",
    "Millrace Foods", "Nightjar Security", "Osprey Maritime", "Pennywort Bio",
    "Quarrystone Build", "Redshank Retail", "Skylark Aerospace", "Tamarisk Travel",
    "Underwood Legal", "Vantage Point Data", "Wildcat Mobility", "Yellowhammer Studio",
    "Zenith Ridge Finance", "Alderfly Education", "Bracken Hill Brewing", "Coppice Digital",
    "Dunmore Textiles", "Eyebright Optics", "Firethorn Fintech", "Greylag Consulting",
    "Hawthorn Civic", "Inkcap Publishing", "Jackdaw Audio", "Kestrelford Water",
    "Lapwing Clinical", "Moorhen Marine", "Nuthatch Networks", "Oriole Payments",
)  # fmt: skip
ROLES = ("Data Engineer", "Backend Engineer", "Product Analyst", "Site Reliability Engineer",
         "Data Scientist", "Engineering Manager", "Product Designer", "Platform Engineer")  # fmt: skip


def build_workspace(
    url: str, rng: random.Random, rows: list[dict[str, Any]]
) -> tuple[int, list[str]]:
    """A migrated database with a user and 150 applications (with contacts); returns the user
    id and the invented companies job mail is re-addressed to."""
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.contacts import add_contact
    from afterword.pipeline.history import record_status
    from afterword.pipeline.schemas import ApplicationFields, ContactFields
    from afterword.pipeline.status import Status
    from afterword.profile.service import get_or_create_user
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import session_scope

    upgrade(url)
    by_company: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.get("company") and row["label"] != "not_job":
            by_company.setdefault(row["company"], row)
    corpus_companies = sorted(by_company)
    chosen = rng.sample(corpus_companies, APPLICATIONS - len(INVENTED_COMPANIES))
    applied = dt.date(2024, 12, 1)
    with session_scope(url) as session:
        user = get_or_create_user(
            session=session, handle="me", timezone="Europe/London", country="GB", now=NOW
        )
        user.email = USER_ADDRESS
        specs: list[tuple[str, str, str | None, list[str]]] = []
        for company in chosen:
            row = by_company[company]
            _name, addr = email.utils.parseaddr(row["from"])
            contacts = [addr] if row.get("style") in ("personal", "casual") and addr else []
            link = (
                f"https://careers.{slug(company)}.example/jobs/{rng.randint(100, 999)}"
                if rng.random() < 0.5
                else None
            )
            specs.append((company, row.get("role") or rng.choice(ROLES), link, contacts))
        for company in INVENTED_COMPANIES:
            contacts = (
                [
                    f"{rng.choice(FIRST_NAMES).lower().encode('ascii', 'ignore').decode() or 'x'}@{slug(company)}.example"
                ]
                if rng.random() < 0.6
                else []
            )
            link = (
                f"https://boards.greenhouse.example/{slug(company)}/jobs/{rng.randint(1000, 9999)}"
                if rng.random() < 0.5
                else None
            )
            specs.append((company, rng.choice(ROLES), link, contacts))
        for company, role, link, contacts in specs:
            applied_on = applied + dt.timedelta(days=rng.randint(0, 30))
            # Recorded on the day the person applied, as they would: triage never acts on mail
            # older than an application's latest change, so a workspace built "today" would
            # turn every generated email into old news.
            recorded = dt.datetime.combine(applied_on, dt.time(9), tzinfo=dt.UTC)
            application = add_application(
                session=session,
                user_id=user.id,
                fields=ApplicationFields(
                    company=company, role=role, link=link, applied_on=applied_on
                ),
                now=recorded,
            )
            for contact in contacts:
                add_contact(
                    session=session,
                    user_id=user.id,
                    application_id=application.id,
                    fields=ContactFields(email=contact),
                    now=NOW,
                )
            status = rng.choice(
                (Status.APPLIED, Status.APPLIED, Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT)
            )
            if status is not Status.APPLIED:
                record_status(
                    session=session,
                    application=application,
                    status=status,
                    cause="bench",
                    now=recorded + dt.timedelta(days=1),
                )
        return user.id, list(INVENTED_COMPANIES)


# --- measuring ---------------------------------------------------------------------------------


class Clock:
    """Wall time and this process's CPU time since it was made (on a busy machine the CPU
    time is the fairer measure of one core's throughput)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def rate(self, count: int) -> str:
        wall = time.perf_counter() - self.wall
        cpu = time.process_time() - self.cpu
        return (
            f"{count / wall:>7,.0f} msg/s  (CPU time: {count / cpu:>6,.0f} msg/s; "
            f"{count:,} in {wall:.1f} s)"
        )


def timed(label: str, count: int, clock: Clock) -> None:
    print(f"  {label:<40}{clock.rate(count)}")


def fresh_copy(template: Path, target: Path) -> str:
    from afterword.storage.session import dispose_engines

    dispose_engines()
    shutil.copy(template, target)
    return f"sqlite:///{target}"


def run_import(url: str, user_id: int, mbox: Path, *, bulk: bool) -> tuple[Any, Any, Clock]:
    from afterword.inbox.runs import import_messages
    from afterword.inbox.sources import read_path
    from afterword.storage.session import session_scope

    clock = Clock()
    with session_scope(url) as session:
        ingest, triage = import_messages(
            session=session,
            user_id=user_id,
            timezone="Europe/London",
            country="GB",
            source_messages=read_path(mbox),
            now=NOW,
            own=[USER_ADDRESS],
            bulk_filter=bulk,
        )
    return ingest, triage, clock


def run_reference_import(url: str, user_id: int, mbox: Path) -> tuple[Any, Any, Clock] | None:
    """(e) by the ledger's write path as it was before batching: an ORM object per new row,
    added to the session at once (None on a checkout that has only that path)."""
    from afterword.inbox import service

    ledger: Any = service._Ledger
    if not hasattr(ledger, "_new_row"):
        return None
    batched = ledger._new_row

    def orm_row(self: Any, source: Any, values: dict[str, object], *, awaited: bool) -> Any:
        return self._row(source, **values)

    ledger._new_row = orm_row
    try:
        return run_import(url, user_id, mbox, bulk=True)
    finally:
        ledger._new_row = batched


def states_of(url: str, user_id: int) -> dict[str, tuple[str, str, int | None, bool]]:
    """Each message's triage state, class, application and whether its headers settled it."""
    import sqlalchemy as sa

    from afterword.inbox.models import IngestedMessage
    from afterword.storage.session import session_scope

    with session_scope(url) as session:
        rows = session.execute(
            sa.select(
                IngestedMessage.identity,
                IngestedMessage.triage,
                IngestedMessage.label,
                IngestedMessage.application_id,
                IngestedMessage.why,
            ).where(IngestedMessage.user_id == user_id)
        ).all()
    return {
        identity: (
            str(state),
            str(label),
            app,
            (why or "").startswith("bulk mail, from its headers"),
        )
        for identity, state, label, app, why in rows
    }


def print_import(title: str, ingest: Any, triage: Any, clock: Clock) -> None:
    print(f"  {title:<40}{clock.rate(ingest.seen)}")
    print(
        f"      new {ingest.new:,} (of which {ingest.skipped:,} settled from the headers alone), "
        f"already seen {ingest.duplicate:,}, unreadable {ingest.unreadable:,}"
    )
    if ingest.new:
        states = ", ".join(f"{state} {count:,}" for state, count in sorted(triage.counts.items()))
        print(f"      triage: {states}; acted on {len(triage.acted):,}")


def compare(
    with_filter: dict[str, tuple[str, str, int | None, bool]],
    without: dict[str, tuple[str, str, int | None, bool]],
    kinds: dict[str, str],
) -> None:
    """What the bulk filter changed, message by message."""
    settled = [key for key, value in with_filter.items() if value[3]]
    print(
        f"      same messages recorded with and without the filter: {with_filter.keys() == without.keys()}; "
        f"settled from headers: {len(settled):,}, of which generated as job mail: "
        f"{sum(kinds.get(key) == 'job' for key in settled)}"
    )
    before = Counter(f"{without[key][0]}/{without[key][1]}" for key in settled if key in without)
    print(
        "      those, triaged in full instead: "
        + ", ".join(f"{k} {n:,}" for k, n in before.most_common())
    )
    differ = Counter(
        f"{without[key][0]}/{without[key][1]} -> {value[0]}/{value[1]} ({kinds.get(key, '?')})"
        for key, value in with_filter.items()
        if key in without and value[:3] != without[key][:3]
    )
    print(f"      differences in state, class or application: {sum(differ.values()):,}")
    for change, count in differ.most_common(10):
        print(f"        {count:>6,}  {change}")


def worst_case(tools: Path, count: int, workdir: Path, template: Path, user_id: int) -> None:
    """(h): the all-job-vocabulary mailbox, our import next to the stdlib's full-parse floor."""
    generator, floor = tools / "gen_mbox.py", tools / "parse_floor.py"
    if not generator.exists() or not floor.exists():
        print(f"  (h) skipped: {generator} or {floor} not found (--tools)")
        return
    mbox = workdir / "worst.mbox"
    subprocess.run(
        [sys.executable, str(generator), str(mbox), str(count), "2026"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"\n(h) gen_mbox.py {count:,} 2026: every message uses job vocabulary "
        f"({mbox.stat().st_size / 2**20:,.0f} MB)"
    )
    # The floor runs first, in a child process on the same core (affinity is inherited).
    result = subprocess.run(
        [sys.executable, str(floor), str(mbox), "default"],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    floor_wall, floor_cpu = count / figures["seconds"], count / figures["cpu_s"]
    url = fresh_copy(template, workdir / "worst.sqlite3")
    ingest, triage, clock = run_import(url, user_id, mbox, bulk=True)
    wall = time.perf_counter() - clock.wall
    cpu = time.process_time() - clock.cpu
    print_import("(h) import_messages, fresh SQLite", ingest, triage, clock)
    print(
        f"  {'    parse_floor.py default':<40}{floor_wall:>7,.0f} msg/s  (CPU time: "
        f"{floor_cpu:>6,.0f} msg/s; {count:,} in {figures['seconds']:.1f} s)"
    )
    print(
        f"      import / floor: {ingest.seen / wall / floor_wall:.2f} (wall), "
        f"{ingest.seen / cpu / floor_cpu:.2f} (CPU time)"
    )


def main() -> None:
    """Generates the mailbox and prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--no-compare", action="store_true", help="skip the import without the bulk filter"
    )
    parser.add_argument(
        "--worst-messages",
        type=int,
        default=10_000,
        help="messages of the gen_mbox.py worst case (0: skip it)",
    )
    parser.add_argument(
        "--tools",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "tools",
        help="where gen_mbox.py and parse_floor.py are",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from afterword.inbox.classifier_store import corpus_rows, default_classifier
    from afterword.inbox.engine import sender_of
    from afterword.inbox.index import build_index
    from afterword.inbox.matching import match_message
    from afterword.inbox.parse import UnreadableMessage, parse_headers, parse_message
    from afterword.inbox.sources import read_path

    workdir = Path(tempfile.mkdtemp(prefix="afterword-bench-inbox-"))
    try:
        rng = random.Random(args.seed)
        rows = corpus_rows()
        template = workdir / "workspace.sqlite3"
        started = time.perf_counter()
        user_id, swaps = build_workspace(f"sqlite:///{template}", rng, rows)
        jobs = [row for row in rows if row["label"] != "not_job"]
        mbox = workdir / "mail.mbox"
        kinds, kind_of = write_mbox(mbox, args.messages, args.seed, jobs, swaps)
        print(
            f"generated {args.messages:,} messages ({mbox.stat().st_size / 2**20:,.0f} MB mbox) and a "
            f"workspace of {APPLICATIONS} applications in {time.perf_counter() - started:.1f} s"
        )
        print("  " + ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common()))
        raws = [message.raw for message in read_path(mbox)]
        started = time.perf_counter()
        classifier = default_classifier()
        print(f"classifier ready in {time.perf_counter() - started:.1f} s (cached on disk)")
        print(f"\none core (pid {os.getpid()}, CPU affinity {sorted(os.sched_getaffinity(0))}):")

        clock = Clock()
        for raw in raws:
            with contextlib.suppress(UnreadableMessage):
                parse_headers(raw)
        timed("(a) header parsing", len(raws), clock)

        parsed = []
        clock = Clock()
        for raw in raws:
            try:
                message = parse_message(raw)
            except UnreadableMessage:
                continue
            parsed.append(
                (message.subject, sender_of(message), message.latest, message.from_address,
                 message.in_reply_to, message.references, message.sent_at, message.from_name)
            )  # fmt: skip
        timed("(b) full parsing", len(raws), clock)
        del raws

        from afterword.storage.session import session_scope

        clock = Clock()
        with session_scope(f"sqlite:///{template}") as session:
            index = build_index(session, user_id, [USER_ADDRESS])
        build_ms = (time.perf_counter() - clock.wall) * 1000
        matched = 0
        for subject, _sender, latest, address_, in_reply_to, references, sent_at, name in parsed:
            match = match_message(
                index, from_address=address_, in_reply_to=in_reply_to, references=references,
                subject=subject, text=latest, sent_at=sent_at, from_name=name,
            )  # fmt: skip
            matched += match.application_id is not None
        timed("(c) matching (index built in ms: " + f"{build_ms:.0f})", len(parsed), clock)
        print(f"      {matched:,} matched to an application (triage matches only job mail)")

        clock = Clock()
        labels: Counter[str] = Counter()
        settled = 0
        items = [(subject, sender, latest) for subject, sender, latest, *_ in parsed]
        for offset in range(0, len(items), 500):
            for result in classifier.classify_many(items[offset : offset + 500]):
                labels[str(result.label)] += 1
                settled += result.confidence == 1.0 and "bulk mail" in result.reasons[0]
        timed("(d) classifying (batches of 500)", len(items), clock)
        print(
            f"      {settled:,} settled by the classifier's own bulk pre-filter; "
            f"not_job {labels['not_job']:,}, job classes {len(items) - labels['not_job']:,}"
        )
        del parsed, items

        reference = run_reference_import(
            fresh_copy(template, workdir / "reference.sqlite3"), user_id, mbox
        )
        if reference is not None:
            print_import("(e0) the same, an ORM row per message", *reference)
        url = fresh_copy(template, workdir / "import.sqlite3")
        ingest, triage, clock = run_import(url, user_id, mbox, bulk=True)
        print_import("(e) import_messages, fresh SQLite", ingest, triage, clock)
        ingest, triage, clock = run_import(url, user_id, mbox, bulk=True)
        print_import("(f) the same mbox again", ingest, triage, clock)

        if not args.no_compare:
            plain_url = fresh_copy(template, workdir / "plain.sqlite3")
            ingest, triage, clock = run_import(plain_url, user_id, mbox, bulk=False)
            print_import("(g) import_messages, no header filter", ingest, triage, clock)
            compare(states_of(url, user_id), states_of(plain_url, user_id), kind_of)
        if args.worst_messages:
            worst_case(args.tools, args.worst_messages, workdir, template, user_id)
    finally:
        from afterword.storage.session import dispose_engines

        dispose_engines()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
