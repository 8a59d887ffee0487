"""How big is the review queue after importing a mailbox? Triage states of a whole import.

Imports an mbox into a fresh SQLite workspace holding three applications and prints how
many messages triage acted on, filed, queued for review (by what sent them there, and by
class) and ignored, with the time it took. Issue 14 measured the queue on the 50,000-message
mailbox `../shared/tools/gen_mbox.py OUT.mbox 50000 2026` makes, in which every message
uses job vocabulary: the queue should hold only what needs the person.

    .venv/bin/python bench/review_queue.py MAILBOX.mbox [--company "Acme Corp" ...]

Figures only; nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

# One core, as the other benchmarks measure (numpy sizes its thread pools on first import).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Companies gen_mbox.py writes from on invented .example domains, so some mail can match.
DEFAULT_COMPANIES = ("Acme Corp", "Globex", "Initech")
NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)


def main() -> None:
    """Runs the import and prints the triage figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mailbox", type=Path)
    parser.add_argument("--company", action="append", help="an application's company (repeat)")
    parser.add_argument("--limit", type=int, help="read only the first LIMIT messages")
    args = parser.parse_args()
    companies = args.company or list(DEFAULT_COMPANIES)

    import sqlalchemy as sa

    from afterword.inbox.models import IngestedMessage
    from afterword.inbox.runs import import_messages
    from afterword.inbox.sources import read_path
    from afterword.inbox.triage import TriageState
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields
    from afterword.profile.service import get_or_create_user
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import session_scope

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'queue.sqlite3'}"
        upgrade(url)
        with session_scope(url) as session:
            user = get_or_create_user(
                session=session, handle="bench", timezone="Europe/London", country="GB", now=NOW
            )
            for company in companies:
                add_application(
                    session=session,
                    user_id=user.id,
                    fields=ApplicationFields(
                        company=company, role="Backend Engineer", applied_on=dt.date(2025, 1, 1)
                    ),
                    now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                )
            user_id = user.id
        start = time.perf_counter()
        with session_scope(url) as session:
            ingest, triage = import_messages(
                session=session,
                user_id=user_id,
                timezone="Europe/London",
                country="GB",
                source_messages=itertools.islice(read_path(args.mailbox), args.limit),
                now=NOW,
            )
        elapsed = time.perf_counter() - start
        with session_scope(url) as session:
            acted = session.execute(
                sa.select(
                    IngestedMessage.label, IngestedMessage.subject, IngestedMessage.effect
                ).where(IngestedMessage.triage == TriageState.ACTED)
            ).all()
            waiting = Counter(
                str(label)
                for label in session.scalars(
                    sa.select(IngestedMessage.label).where(
                        IngestedMessage.triage == TriageState.REVIEW
                    )
                )
            )
    total = ingest.new + ingest.duplicate + ingest.unreadable
    print(
        f"{args.mailbox.name}: {total:,} messages into a workspace of {len(companies)} "
        f"applications ({', '.join(companies)}) in {elapsed:.0f} s ({total / elapsed:,.0f} msg/s)"
    )
    print(
        f"  new {ingest.new:,}, already seen {ingest.duplicate:,}, unreadable {ingest.unreadable:,}"
        f", settled from headers alone {ingest.skipped:,}"
    )
    for state in TriageState:
        count = triage.count(state)
        print(f"  {state.value:>8}: {count:>6,} ({count / max(total, 1):.1%})")
    because = getattr(triage, "waiting_because", {})
    if because:
        print("  waiting because: " + ", ".join(f"{k} {v:,}" for k, v in because.items()))
    if waiting:
        print("  waiting by class: " + ", ".join(f"{k} {v:,}" for k, v in waiting.most_common()))
    for label, subject, effect in acted[:10]:
        print(f"  acted: {label} “{subject}”: {effect}")


if __name__ == "__main__":
    main()
