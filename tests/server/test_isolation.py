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

from afterword.accounts.models import Account
from afterword.coaching.models import CoachComment, CoachShare
from afterword.db.base import Base
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.runs import import_messages
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Contact, Feedback, Interview
from afterword.pipeline.status import OfferDecision
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, PlanMove, PlanStep, PracticeCard
from afterword.settings import Settings
from afterword.storage.row_security import acting_as, scope_rows_to_current_user, viewing
from afterword.storage.session import get_engine, session_scope
from afterword.web.server.auth import is_public
from afterword.workspace import workspace_scope
from tests.inbox.mail_factory import make_raw
from tests.inbox.test_triage import REJECTION
from tests.server.conftest import ADA, ANA, BO, CORA, NELL, Browser
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
    # Ana has her own wording of the template the matrix opens (`{name}` is follow_up):
    # nobody else's page of it may show her words.
    ana.load("/settings/templates/follow_up")
    own = ana.post(
        "/settings/templates/follow_up",
        data={
            "csrf_token": ana.token,
            "text": f"Subject: Checking in – {{{{ company }}}}\n\nNews from {SECRET_COMPANY}?\n",
        },
        follow_redirects=False,
    )
    assert own.status_code == 303, own.text
    # Ana shares her search with Cora, her coach (not her journal, moods and feedback).
    shared = ana.post("/sharing", data={"csrf_token": ana.token, "coach_email": CORA})
    assert shared.status_code == 200, shared.text
    # Ana makes her calendar feed; its token is shown once, on the answer (only its hash is kept).
    ana.load("/calendar")
    made = ana.post("/calendar/new-link", data={"csrf_token": ana.token})
    found = re.search(r"/feeds/([A-Za-z0-9_-]+)\.ics", made.text)
    assert found, "no calendar link was shown"
    token = found.group(1)
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
        share_id = ws.session.scalar(sa.select(CoachShare.id).where(CoachShare.user_id == user_id))
        # Cora's comment on Ana's application: only Cora may edit or delete it.
        cora_id = ws.session.scalar(sa.select(Account.user_id).where(Account.email == CORA))
        comment = CoachComment(
            user_id=user_id, coach_user_id=cora_id, application_id=application_id,
            text="Lead with the testing story", created_at=now,
        )  # fmt: skip
        ws.session.add(comment)
        ws.session.flush()
        ids["comment_id"] = str(comment.id)
    assert "None" not in ids.values() and share_id is not None, ids
    return {
        **ids,
        "application_id": str(application_id),
        "action_id": str(actions[0]["id"]),
        "message_id": str(messages[0]["id"]),
        "token": str(token),
        "seeker_id": str(user_id),
        "share_id": str(share_id),
    }


@pytest.fixture
def seeded(
    browser: Open, server_settings: Settings, staff: dict[str, int], _migrated_postgres: str
) -> Seeded:
    accounts = staff
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


def _is_coach_route(path: str) -> bool:
    """A page or API route where a coach reads or writes about someone who shares with them."""
    return path.startswith(("/people/", "/api/people/"))


def _expected_for_cora(path: str) -> int:
    """What Cora, Ana's coach, gets on a coach page about Ana: the page, except the journal,
    which Ana did not share with her."""
    return 404 if path.endswith("/journal") else 200


def test_every_route_refuses_other_people_and_anonymous_requests(
    browser: Open, server_app: FastAPI, seeded: Seeded, record_property: Callable[..., None]
) -> None:
    """Six roles: anonymous, Ana (the seeker whose ids are used), Bo (another seeker), Cora
    (Ana's coach), Nell (a coach nobody shares with) and Ada (an admin)."""
    routes = sorted(app_routes(server_app))
    anonymous, ana, bo, cora, nell, ada = (browser() for _ in range(6))
    for person, email in ((ana, ANA), (bo, BO), (cora, CORA), (nell, NELL), (ada, ADA)):
        person.sign_in(email)
    checked = 0
    unfilled: list[str] = []
    # First, the owners open every page that names one of Ana's records: the ids are real.
    # Ana opens hers; Cora opens the coach's pages about Ana (each look is logged in Ana's
    # rows, and some of Ana's own visits write -- a downloaded draft is recorded -- so this
    # comes before the snapshot).
    for path, methods in routes:
        url = _fill(path, seeded.ids)
        if (
            url is not None
            and "GET" in methods
            and re.search(r"{(?!name)", path)
            and not is_public(path)  # an emailed link's page, or the public calendar feed
        ):
            if _is_coach_route(path):
                response = cora.get(url, follow_redirects=False)
                assert response.status_code == _expected_for_cora(path), (url, response.status_code)
                if url.startswith("/people/") and response.status_code == 200:
                    assert SECRET_COMPANY in response.text, url  # she does see Ana's search
            else:
                response = ana.get(url, follow_redirects=False)
                assert response.status_code == 200, (url, response.status_code)
            checked += 1
    before = seeded.snapshot()
    for path, methods in routes:
        url = _fill(path, seeded.ids)
        if url is None:
            unfilled.append(path)
            continue
        owned = any(name not in NOT_OWNED for name in re.findall(r"{(\w+)", path))
        coach_route = _is_coach_route(path)
        # Everyone signed in who has no business with Ana's ids here. On a coach's route
        # about Ana, that is all but Cora (Ana too: she is no coach); elsewhere, all but Ana.
        others = [bo, nell, ada] + ([ana] if coach_route else [cora])
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
                # Others, with Ana's ids: no such record for them. Without ids: none of Ana's
                # words (Cora's own pages about Ana were checked above).
                for other in others:
                    response = other.get(url, follow_redirects=False)
                    checked += 1
                    if owned:
                        assert response.status_code in (403, 404), (url, response.status_code)
                    assert SECRET_COMPANY not in response.text, url
                continue
            # CSRF: the person the route is for, signed in, but without their form token.
            owner = cora if coach_route else ana
            response = owner.request(method, url, data=PLANTED, follow_redirects=False)
            checked += 1
            assert response.status_code == 403, (method, url, response.status_code)
            if owned:
                # Others, each with their own valid form token, Ana's ids and plausible values:
                # refused. The API answers 403/404 (or 422); a page's form redirects back with
                # the reason, as it does for any refusal. Either way Ana's rows stay as they
                # were (the snapshot below).
                for other in others:
                    if url.startswith("/api"):
                        response = other.api(method, url, json=PLANTED, follow_redirects=False)
                        allowed: tuple[int, ...] = (403, 404, 422)
                    else:
                        form = {"csrf_token": other.token, **PLANTED}
                        response = other.request(method, url, data=form, follow_redirects=False)
                        allowed = (303, 403, 404, 422)
                    checked += 1
                    assert response.status_code in allowed, (method, url, response.status_code)
    assert not unfilled, f"routes with ids the matrix cannot fill: {unfilled}"
    assert seeded.snapshot() == before, "a refused request changed Ana's records"
    print(f"\nisolation matrix: {checked} requests checked over {len(routes)} routes")
    record_property("isolation_requests_checked", checked)
    assert checked >= 600


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


def _ana_rows(session: Any, ana_id: int) -> dict[str, int]:
    """How many of Ana's rows each user-owned table shows, with no filter but the policy."""
    counts = {}
    for table in Base.metadata.sorted_tables:
        if "user_id" in table.c and table.name != "accounts":
            rows = session.execute(sa.select(table)).all()  # deliberately unfiltered
            counts[table.name] = sum(1 for row in rows if row.user_id == ana_id)
    return counts


PRIVATE = ("journal_entries", "mood_checkins", "feedback", "reflections")


def test_a_coach_reads_only_a_sharers_rows_and_only_while_the_share_stands(
    server_settings: Settings, staff: dict[str, int], seeded: Seeded
) -> None:
    url = server_settings.database_url
    scope_rows_to_current_user(get_engine(url))
    ana, cora, nell = staff[ANA], staff[CORA], staff[NELL]

    def as_coach(coach: int, seeker: int | None) -> dict[str, int]:
        with contextlib.ExitStack() as stack:
            stack.enter_context(acting_as(coach))
            if seeker is not None:
                stack.enter_context(viewing(seeker))
            session = stack.enter_context(session_scope(url))
            return _ana_rows(session, ana)

    # A coach of nobody, even claiming to view Ana: nothing at all.
    assert set(as_coach(nell, ana).values()) == {0}
    # Ana's coach, not viewing anyone: nothing of Ana's but the share given to her.
    assert {k: v for k, v in as_coach(cora, None).items() if v} == {"coach_shares": 1}
    # Ana's coach viewing Ana: her search, but not the private parts she did not share.
    seen = as_coach(cora, ana)
    assert seen["applications"] == 1 and seen["actions"] > 0 and seen["offers"] == 1
    assert all(seen[table] == 0 for table in PRIVATE), seen
    # Nor can she change any of it: the policies let a coach read, never write.
    with acting_as(cora), viewing(ana), session_scope(url) as session:
        changed: Any = session.execute(sa.update(Application).values(notes="coach was here"))
        assert changed.rowcount == 0
        gone: Any = session.execute(sa.delete(JournalEntry))
        assert gone.rowcount == 0
    with (
        pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
        acting_as(cora),
        viewing(ana),
        session_scope(url) as session,
    ):
        session.execute(
            sa.text(
                "INSERT INTO journal_entries (uid, user_id, text, written_at) "
                "VALUES ('x', :ana, 'planted', now())"
            ),
            {"ana": ana},
        )
    # Ana shares the private parts too: now they show.
    with acting_as(ana), session_scope(url) as session:
        session.execute(sa.update(CoachShare).values(include_private=True))
    seen = as_coach(cora, ana)
    assert seen["journal_entries"] == 1 and seen["feedback"] == 1
    # Her own template wording is never a coach's to read, whatever she shares.
    assert seen["person_templates"] == 0
    with acting_as(ana), session_scope(url) as session:
        assert _ana_rows(session, ana)["person_templates"] == 1
    # Ana stops sharing: nothing again.
    with acting_as(ana), session_scope(url) as session:
        session.execute(sa.delete(CoachShare))
    assert set(as_coach(cora, ana).values()) == {0}
