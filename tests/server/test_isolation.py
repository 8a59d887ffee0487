"""Nobody reaches anyone else's records: the route matrix, and row-level security itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.routing import Mount, Route

from afterword.db.base import Base
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.runs import import_messages
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Contact, Feedback, Interview
from afterword.pipeline.status import OfferDecision
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, PlanMove, PlanStep, PracticeCard
from afterword.settings import Settings
from afterword.storage.row_security import acting_as, scope_rows_to_current_user
from afterword.storage.session import get_engine, session_scope
from afterword.web.server.auth import is_public
from afterword.workspace import workspace_scope
from tests.inbox.mail_factory import make_raw
from tests.inbox.test_triage import REJECTION
from tests.server.conftest import ANA, BO, Browser
from tests.web.test_today import interviewed

Open = Callable[..., Browser]
SECRET_COMPANY = "Quillfeather Analytics"
# Path parameters that are not anyone's records (a template's name is the server's).
NOT_OWNED = frozenset({"name"})
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# Values a change might take, so a refusal is about whose record it is, not a missing field.
PLANTED = {
    "text": "planted by Bo",
    "answer": "planted by Bo",
    "notes": "planted by Bo",
    "rating": "3",
    "days": "3",
    "name": "Planted",
    "company": "Planted",
    "role": "Planted",
}


def app_routes(app: FastAPI) -> Iterator[tuple[str, frozenset[str]]]:
    """Every (path, methods) the app serves, read from the app itself, so a new route is in."""
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
            for context in route.effective_route_contexts():
                yield context.path, frozenset(context.methods)
        elif isinstance(route, Route):
            yield route.path, frozenset(route.methods or {"GET"})
        elif not isinstance(route, Mount):  # /static is public by design
            raise AssertionError(f"a route of an unknown kind: {route!r}")


@dataclass
class Seeded:
    """Ana's records, whose ids Bo will try."""

    ids: dict[str, str]
    snapshot: Callable[[], Any]


def _seed_ana(ana: Browser, settings: Settings, user_id: int) -> dict[str, str]:
    with session_scope(settings.database_url) as session:
        handle = session.scalar(sa.select(User.handle).where(User.id == user_id))

    @contextlib.contextmanager
    def as_ana() -> Iterator[Any]:
        with (
            acting_as(user_id),
            workspace_scope(settings.model_copy(update={"user": handle})) as ws,
        ):
            yield ws

    with as_ana() as ws:
        application_id = interviewed(
            ws, SECRET_COMPANY, "Analyst", dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
        )
        # One record of every kind a route names by id (written directly: only their owner
        # matters here, not how people make them).
        now, today = ws.now, ws.today
        owned: dict[str, Any] = {"user_id": user_id, "created_at": now}
        move = PlanMove(move="build_skill", chosen_on=today, **owned)
        ws.session.add(move)
        ws.session.flush()
        ws.session.add_all(
            [
                Feedback(
                    application_id=application_id, received_on=today, text=SECRET_COMPANY, **owned
                ),
                Offer(
                    application_id=application_id,
                    decision=OfferDecision.PENDING,
                    updated_at=now,
                    **owned,
                ),
                PlanStep(move_id=move.id, text="Practise SQL", due=today, **owned),
                PracticeCard(text="Tell me about a hard project", **owned),
                JournalEntry(written_at=now, text=SECRET_COMPANY, user_id=user_id),
            ]
        )
    body = REJECTION.format(role="Analyst", company=SECRET_COMPANY)
    raw = make_raw(1, body=body, date="Mon, 23 Nov 2026 09:00:00 +0000")
    with as_ana() as ws:
        import_messages(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone,
            country=ws.user.country, now=ws.now,
            source_messages=[RawMessage(location="x.eml", raw=raw, kind=SourceKind.EML)],
        )  # fmt: skip
    ana.get("/calendar")  # makes the feed's token
    with session_scope(settings.database_url) as session:
        token = session.scalar(sa.select(User.calendar_token).where(User.id == user_id))
    actions = ana.get("/api/actions").json()
    assert actions, "the playbook planned nothing after an interview"
    messages = ana.get("/api/inbox/messages").json()
    assert messages, "the message was not imported"
    with as_ana() as ws:
        ids = {
            name: str(
                ws.session.scalar(sa.select(sa.func.min(model.id)).where(model.user_id == user_id))
            )
            for name, model in (
                ("contact_id", Contact),
                ("feedback_id", Feedback),
                ("interview_id", Interview),
                ("entry_id", JournalEntry),
                ("offer_id", Offer),
                ("step_id", PlanStep),
                ("card_id", PracticeCard),
            )
        }
    assert "None" not in ids.values(), ids
    return {
        **ids,
        "application_id": str(application_id),
        "action_id": str(actions[0]["id"]),
        "message_id": str(messages[0]["id"]),
        "token": str(token),
    }


@pytest.fixture
def seeded(
    browser: Open, server_settings: Settings, accounts: dict[str, int], _migrated_postgres: str
) -> Seeded:
    ana = browser()
    ana.sign_in(ANA)
    ids = _seed_ana(ana, server_settings, accounts[ANA])

    def snapshot() -> Any:
        """Every row of Ana's, read as the superuser (whom the policies do not bind)."""
        tables = [t for t in Base.metadata.sorted_tables if "user_id" in t.c]
        with get_engine(_migrated_postgres).connect() as connection:
            rows = {
                t.name: connection.execute(
                    sa.select(t).where(t.c.user_id == accounts[ANA]).order_by(*t.primary_key)
                ).all()
                for t in tables
            }
            rows["users"] = connection.execute(
                sa.select(User.__table__).where(User.id == accounts[ANA])
            ).all()
        return rows

    return Seeded(ids, snapshot)


def _fill(path: str, ids: dict[str, str]) -> str | None:
    """The path with Ana's ids in it; None when it names a parameter we have no id for."""
    names = re.findall(r"{(\w+)(?::\w+)?}", path)
    if any(name not in ids and name not in NOT_OWNED for name in names):
        return None
    filled = path
    for name in names:
        filled = re.sub(r"\{" + name + r"(?::\w+)?\}", ids.get(name, "follow_up"), filled)
    return filled


def test_every_route_refuses_other_people_and_anonymous_requests(
    browser: Open, server_app: FastAPI, seeded: Seeded, record_property: Callable[..., None]
) -> None:
    routes = sorted(app_routes(server_app))
    anonymous, ana, bo = browser(), browser(), browser()
    ana.sign_in(ANA)
    bo.sign_in(BO)
    checked = 0
    unfilled: list[str] = []
    # First, Ana opens every page that names one of her records: the ids are real. (Some of
    # her own visits write -- a downloaded draft is recorded -- so this comes before the
    # snapshot.)
    for path, methods in routes:
        url = _fill(path, seeded.ids)
        if (
            url is not None
            and "GET" in methods
            and re.search(r"{(?!name)", path)
            and not is_public(path)  # an emailed link's page: Ana's calendar token is no link
        ):
            mine = ana.get(url, follow_redirects=False)
            checked += 1
            assert mine.status_code == 200, (url, mine.status_code)
    before = seeded.snapshot()
    for path, methods in routes:
        url = _fill(path, seeded.ids)
        if url is None:
            unfilled.append(path)
            continue
        owned = any(name not in NOT_OWNED for name in re.findall(r"{(\w+)", path))
        for method in sorted(methods - {"HEAD"}):
            # Anonymous: sent to the sign-in page, or 401 from the API; nothing runs.
            response = anonymous.request(method, url, follow_redirects=False)
            checked += 1
            if is_public(path):  # /login and the pages of emailed links below it
                continue
            if url.startswith("/api"):
                assert response.status_code == 401, (method, url, response.status_code)
            else:
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["location"].startswith("/login?next="), (method, url)
            if method == "GET":
                # Bo, with Ana's ids: no such record for him. Without ids: none of Ana's words.
                response = bo.get(url, follow_redirects=False)
                checked += 1
                if owned:
                    assert response.status_code in (403, 404), (url, response.status_code)
                assert SECRET_COMPANY not in response.text, url
                continue
            # CSRF: Ana herself, signed in, but without her form token: refused.
            response = ana.request(method, url, data=PLANTED, follow_redirects=False)
            checked += 1
            assert response.status_code == 403, (method, url, response.status_code)
            if owned:
                # Bo, with his own valid form token, Ana's ids and plausible values: refused.
                # The API answers 403/404 (or 422); a page's form redirects back with the
                # reason, as it does for any refusal. Either way Ana's rows stay as they were
                # (the snapshot below).
                if url.startswith("/api"):
                    response = bo.api(method, url, json=PLANTED, follow_redirects=False)
                    allowed: tuple[int, ...] = (403, 404, 422)
                else:
                    form = {"csrf_token": bo.token, **PLANTED}
                    response = bo.request(method, url, data=form, follow_redirects=False)
                    allowed = (303, 403, 404, 422)
                checked += 1
                assert response.status_code in allowed, (method, url, response.status_code)
    assert not unfilled, f"routes with ids the matrix cannot fill: {unfilled}"
    assert seeded.snapshot() == before, "a refused request changed Ana's records"
    print(f"\nisolation matrix: {checked} requests checked over {len(routes)} routes")
    record_property("isolation_requests_checked", checked)
    assert checked >= 150


def test_an_unfiltered_query_as_bo_returns_none_of_anas_rows(
    browser: Open, server_settings: Settings, accounts: dict[str, int], seeded: Seeded
) -> None:
    engine = get_engine(server_settings.database_url)
    scope_rows_to_current_user(engine)
    ana_id, bo_id = accounts[ANA], accounts[BO]
    owned_tables = [
        t for t in Base.metadata.sorted_tables if "user_id" in t.c and t.name != "accounts"
    ]
    with acting_as(ana_id), session_scope(server_settings.database_url) as session:
        ana_counts = {
            t.name: session.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in owned_tables
        }
    assert ana_counts["applications"] == 1 and ana_counts["actions"] > 0
    assert ana_counts["ingested_messages"] == 1
    with acting_as(bo_id), session_scope(server_settings.database_url) as session:
        # Deliberately no WHERE user_id: the policy is all that stands between Bo and Ana.
        assert session.scalars(sa.select(Application)).all() == []
        for table in owned_tables:
            rows = session.execute(sa.select(table)).all()
            assert all(row.user_id == bo_id for row in rows), table.name
            assert (
                session.scalar(
                    sa.select(sa.func.count()).select_from(table).where(table.c.user_id == ana_id)
                )
                == 0
            ), table.name


def test_bo_cannot_write_a_row_in_anas_name(
    server_settings: Settings, accounts: dict[str, int], seeded: Seeded
) -> None:
    scope_rows_to_current_user(get_engine(server_settings.database_url))
    with acting_as(accounts[BO]), session_scope(server_settings.database_url) as session:
        changed: Any = session.execute(
            sa.update(Application).where(Application.user_id == accounts[ANA]).values(notes="x")
        )
        assert changed.rowcount == 0  # Ana's rows are not there to change
    with (
        pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
        acting_as(accounts[BO]),
        session_scope(server_settings.database_url) as session,
    ):
        session.execute(
            sa.text(
                "INSERT INTO journal_entries (uid, user_id, text, written_at) "
                "VALUES ('x', :ana, 'planted', now())"
            ),
            {"ana": accounts[ANA]},
        )


def test_no_user_bound_means_nobodys_rows(server_settings: Settings, seeded: Seeded) -> None:
    scope_rows_to_current_user(get_engine(server_settings.database_url))
    with session_scope(server_settings.database_url) as session:
        assert session.scalars(sa.select(Application)).all() == []


def test_without_the_setting_the_policies_change_nothing(
    server_settings: Settings, seeded: Seeded
) -> None:
    """The single-user app (and admin commands) never set app.user_id: every row shows."""
    plain = sa.create_engine(server_settings.database_url)
    try:
        with plain.connect() as connection:
            assert (
                connection.execute(
                    sa.select(sa.func.count()).select_from(Application.__table__)
                ).scalar()
                == 1
            )
    finally:
        plain.dispose()


def test_every_user_owned_table_has_a_policy(server_settings: Settings) -> None:
    with get_engine(server_settings.database_url).connect() as connection:
        with_policy = set(
            connection.execute(
                sa.text("SELECT tablename FROM pg_policies WHERE policyname = 'afterword_own_rows'")
            ).scalars()
        )
        forced = set(
            connection.execute(
                sa.text("SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity")
            ).scalars()
        )
    owned = {t.name for t in Base.metadata.sorted_tables if "user_id" in t.c} - {"accounts"}
    assert owned <= with_policy, f"tables without a policy: {owned - with_policy}"
    assert owned <= forced
