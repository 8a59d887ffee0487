"""A whole import decides every message exactly as the reference path does.

The fast path reads an mbox by searching the mapped file, classifies in batches with
tf-idf counted by classify.tfidf and rules that search only branches whose first words are
in the text. The reference reads the file line by line and classifies each message on its
own, with scikit-learn's transform and every rule branch searched over the whole text (the
code as it was before). On generated mailboxes -- job news about the applications, the
corpus's own job mail re-addressed to them, bulk mail, personal mail, unreadable bytes --
every ledger row (kind, class, confidence, reasons, matched application, review queue,
effect, dates, kept text) and every change to the pipeline must be the same.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest

from afterword.inbox import classify, rules, sources
from afterword.inbox.classifier_store import corpus_rows
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.runs import import_messages
from afterword.pipeline.applications import add_application
from afterword.pipeline.schemas import ApplicationFields
from afterword.profile.service import get_or_create_user
from afterword.storage.migrate import upgrade
from afterword.storage.session import dispose_engines, session_scope
from tests.inbox.mail_factory import COMPANIES, job_search_mailbox, make_raw, mbox_bytes
from tests.inbox.test_mbox_split import _split_line_by_line

NOW = dt.datetime(2026, 12, 29, 12, 0, tzinfo=dt.UTC)


def _mailbox(seed: int, count: int) -> bytes:
    """The factory's job-search mailbox with the corpus's job mail mixed in, re-addressed."""
    chooser = random.Random(seed)
    messages = job_search_mailbox(count, seed=seed)
    jobs = [row for row in corpus_rows() if row["label"] != "not_job"]
    for number, row in enumerate(chooser.sample(jobs, count // 3), start=10_000):
        company = chooser.choice(COMPANIES)
        domain = company.split()[0].lower()
        body = str(row.get("body", ""))
        if row.get("company"):
            body = body.replace(str(row["company"]), company)
        messages.insert(
            chooser.randrange(len(messages) + 1),
            make_raw(
                number,
                subject=str(row.get("subject", "")).replace(
                    str(row.get("company") or "\0"), company
                ),
                body=body,
                sender=f"Talent at {company} <talent@{domain}.example>",
                date=f"{chooser.randint(1, 28):02d} Dec 2026 10:{number % 60:02d}:00 +0000",
            ),
        )
    return mbox_bytes(messages)


def _workspace(path: Path) -> tuple[str, int]:
    url = f"sqlite:///{path}"
    upgrade(url)
    with session_scope(url) as session:
        user = get_or_create_user(
            session=session, handle="me", timezone="Europe/London", country="GB",
            now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        )  # fmt: skip
        user.email = "sam@example.com"
        for company in COMPANIES:
            add_application(
                session=session,
                user_id=user.id,
                fields=ApplicationFields(
                    company=company, role="Data Engineer", applied_on=dt.date(2026, 11, 20)
                ),
                now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
            )
        return url, user.id


def _import(url: str, user_id: int, mbox: Path) -> None:
    with session_scope(url) as session:
        import_messages(
            session=session, user_id=user_id, timezone="Europe/London", country="GB",
            source_messages=sources.read_path(mbox), now=NOW, own=["sam@example.com"],
        )  # fmt: skip
    dispose_engines()


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "ledger": "SELECT identity, location, status, triage, label, confidence, reasons, "
        "application_id, match_method, candidates, effect, error, why, subject, dates, text, "
        "fingerprint FROM ingested_messages ORDER BY identity",
        "applications": "SELECT id, company, status FROM applications ORDER BY id",
        "outcomes": "SELECT application_id, kind, occurred_on FROM outcomes ORDER BY id",
        "history": "SELECT application_id, from_status, to_status, cause FROM status_changes "
        "ORDER BY id",
        "actions": "SELECT application_id, kind, due, state FROM actions ORDER BY id",
    }
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        connection.close()


def _every_branch_searched(self: rules.Rule, text: str, lowered: str, words: object = ...) -> bool:
    if self.needs and not any(word in lowered for word in self.needs):
        return False
    if not lowered.startswith(" "):
        lowered = f" {lowered}"
    return any(branch.search(lowered) is not None for branch in self.branches)


def _read_line_by_line(path: Path | str) -> list[RawMessage]:
    file = Path(path)
    return [
        RawMessage(location=f"{file}#{number}", raw=raw, kind=SourceKind.MBOX)
        for number, raw in enumerate(_split_line_by_line(file.read_bytes()), start=1)
    ]


def _one_by_one(self: classify.Classifier, items: list[tuple[str, str, str]]) -> list[object]:
    return [result for item in items for result in _batch_classify(self, [item])]


_batch_classify = classify.Classifier.classify_many


@pytest.mark.parametrize("seed", [3, 29])
def test_an_import_decides_every_message_as_the_per_message_reference_does(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    mbox = tmp_path / "mail.mbox"
    mbox.write_bytes(_mailbox(seed, 240))

    fast_url, user_id = _workspace(tmp_path / "fast.sqlite3")
    _import(fast_url, user_id, mbox)
    fast = _snapshot(fast_url)

    reference_url, reference_user = _workspace(tmp_path / "reference.sqlite3")
    with monkeypatch.context() as patched:
        patched.setattr(rules.Rule, "fires", _every_branch_searched)
        patched.setattr(classify, "tfidf", lambda vectorizer, docs: vectorizer.transform(docs))
        patched.setattr(classify.Classifier, "classify_many", _one_by_one)
        patched.setattr(sources, "read_mbox", _read_line_by_line)
        _import(reference_url, reference_user, mbox)
    reference = _snapshot(reference_url)

    assert len(fast["ledger"]) > 300
    labels = {row[4] for row in fast["ledger"]}
    assert len(labels) >= 4  # job classes as well as not_job: the classifier was exercised
    assert fast["history"], "some news changed an application"
    for name in reference:
        assert fast[name] == reference[name], name
