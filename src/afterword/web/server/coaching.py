"""Coaches, the people who share with them, and admins (server mode only).

- A seeker shares their search on /sharing, sees coaches' comments there, and the log of
  every page a coach opened ("Who looked at what").
- A coach lists the people who share with them on /people and reads each one's agenda,
  pipeline, numbers and offers through the seeker's own read models and partials, rendered
  with `read_only` (no forms); they may comment on an application and suggest an action.
- An admin sees accounts and the cohort's figures on /admin, never a record.

A coach's transaction binds the seeker it is about (`row_security.viewing`): PostgreSQL
then lets the coach read that seeker's rows only while a share stands (docs/server.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from afterword import clock
from afterword.accounts.service import SignedIn, list_accounts
from afterword.coaching import service
from afterword.coaching.models import CoachShare
from afterword.dates import parse_date
from afterword.drafts.render import format_day
from afterword.errors import AfterwordError, NotFoundError
from afterword.localtime import LocalContext
from afterword.offers.comparison import Verdict
from afterword.offers.comparison_service import offers_overview
from afterword.pipeline.board import TableQuery, board
from afterword.profile.models import User
from afterword.reflection.numbers import percent
from afterword.reflection.numbers_service import load_numbers
from afterword.storage.row_security import viewing
from afterword.storage.session import session_scope
from afterword.views.agenda import agenda_view
from afterword.views.application import process_view
from afterword.web.deps import request_settings
from afterword.web.flash import flash
from afterword.web.forms import read_form
from afterword.web.routes.application_page import _TIMELINE_KINDS
from afterword.web.routes.offers import TIMELINE
from afterword.web.routes.pipeline import executor, table_url
from afterword.web.templating import render, user_locale
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["coaching"])

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
FormDep = Annotated[dict[str, Any], Depends(read_form)]
AGENDA_SHOWN = 10
# Timeline entries from the private tables (feedback, journal notes): shown only under a
# share that includes them. The database hides those rows anyway; this says so in the code.
PRIVATE_KINDS = frozenset({"feedback", "note"})


def _signed(request: Request, role: str) -> SignedIn:
    """The signed-in account, if it has this role; 403 otherwise."""
    signed: SignedIn = request.state.signed_in  # the middleware let only signed-in through
    if signed.role != role:
        raise HTTPException(403, f"this page is for {role} accounts only")
    return signed


def _url(request: Request) -> str:
    return str(request.app.state.settings.database_url)


def _back(url: str, message: str) -> Response:
    return flash(RedirectResponse(url, status_code=303), message)


def local_time(local: LocalContext, today: dt.date) -> Callable[[dt.datetime], str]:
    """Shows a stored instant as the person's own day and hour, e.g. 'Mon 7 Dec 2026, 09:15'
    (localtime owns the zone; this only words it)."""

    def show(instant: dt.datetime) -> str:
        wall = local.wall_clock(instant)
        return f"{format_day(wall.date(), local.locale, today=today)}, {wall:%H:%M}"

    return show


# -- the seeker ----------------------------------------------------------------------------


@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(request: Request) -> HTMLResponse:
    """Who sees my search, what they said, and who looked at what, when."""
    signed = _signed(request, "seeker")
    with session_scope(_url(request)) as session:
        user = session.get(User, signed.user_id)
        local = LocalContext(user.timezone, user.country) if user else LocalContext("UTC", "GB")
        today = clock.today(local.timezone)
        return render(
            request,
            "sharing.html",
            {
                "title": "Sharing with a coach",
                "shares": service.shares_of(session=session, user_id=signed.user_id),
                "comments": service.comments_for(session=session, user_id=signed.user_id),
                "views": service.views_of(session=session, user_id=signed.user_id),
                "zone": local.timezone,
                "local_time": local_time(local, today),
                "local_date": local.date_of,
            },
        )


@router.post("/sharing")
def share(request: Request, form: FormDep) -> Response:
    """Shares my search with a coach (or changes whether the private parts are included)."""
    signed = _signed(request, "seeker")
    include = str(form.get("include_private", "")).lower() in ("on", "true", "1", "yes")
    try:
        with session_scope(_url(request)) as session:
            service.share_with_coach(
                session=session,
                user_id=signed.user_id,
                coach_email=str(form.get("coach_email", "")),
                include_private=include,
                now=clock.now(),
            )
    except AfterwordError as error:
        return _back("/sharing", f"Not shared: {error}.")
    what = "including" if include else "without"
    return _back("/sharing", f"Shared, {what} your journal, moods and feedback.")


@router.post("/sharing/{share_id}/stop")
def stop(request: Request, share_id: Id) -> Response:
    """Stops sharing with one coach, at once."""
    signed = _signed(request, "seeker")
    with session_scope(_url(request)) as session:
        email = service.stop_sharing(session=session, user_id=signed.user_id, share_id=share_id)
    return _back("/sharing", f"{email} no longer sees your search.")


# -- the coach -----------------------------------------------------------------------------


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request) -> HTMLResponse:
    """The people who share their search with me."""
    signed = _signed(request, "coach")
    with session_scope(_url(request)) as session:
        people = service.people_of(session=session, coach_user_id=signed.user_id)
        return render(request, "coach_people.html", {"title": "People", "people": people})


@dataclass
class Look:
    """What a coach is reading in one request: the seeker's workspace, the share, and the
    record the page is about (named in the log)."""

    workspace: Workspace
    share: CoachShare
    record: str | None = None


@contextlib.contextmanager
def _reading(request: Request, seeker_id: int, page: str) -> Iterator[Look]:
    """A transaction of the coach's about one seeker: the share checked, the view logged
    when the page was built, and the seeker's workspace (their user, their local clock) to
    read through."""
    signed = _signed(request, "coach")
    with viewing(seeker_id), session_scope(_url(request)) as session:
        share = service.share_for(
            session=session, coach_user_id=signed.user_id, seeker_id=seeker_id
        )
        seeker = session.get(User, seeker_id)
        if seeker is None:  # the share's foreign key makes this impossible; kept for types
            raise HTTPException(404)
        look = Look(
            Workspace(session=session, user=seeker, settings=request_settings(request)), share
        )
        yield look
        service.record_view(
            session=session, share=share, page=page, record=look.record, now=clock.now()
        )


def _person(session: Session, share: CoachShare, seeker_id: int) -> dict[str, Any]:
    """What every page about one person names: who, and where their pages are."""
    people = service.people_of(session=session, coach_user_id=share.coach_user_id)
    email = next((p.email for p in people if p.share.user_id == seeker_id), "?")
    return {
        "person": email,
        "seeker_id": seeker_id,
        "share": share,
        "read_only": True,
        "record_base": f"/people/{seeker_id}",
    }


def _context(workspace: Workspace, share: CoachShare, **values: Any) -> dict[str, Any]:
    # The seeker's day and locale: their agenda reads in their own time.
    return {
        **_person(workspace.session, share, workspace.user_id),
        "today": workspace.today,
        "locale": user_locale(workspace.user.country),
        **values,
    }


@router.get("/people/{seeker_id}", response_class=HTMLResponse)
def person_page(request: Request, seeker_id: Id) -> HTMLResponse:
    """One person's agenda, pipeline and numbers, read-only."""
    with _reading(request, seeker_id, "Agenda, pipeline and numbers") as look:
        workspace, share = look.workspace, look.share
        session, user = workspace.session, workspace.user
        agenda = agenda_view(
            session=session, user_id=user.id, today=workspace.today, limit=AGENDA_SHOWN
        )
        return render(
            request,
            "coach_person.html",
            _context(
                workspace,
                share,
                title="A person's search",
                groups=agenda.groups,
                columns=board(executor(workspace), user_id=user.id, timezone=user.timezone),
                blank_query=TableQuery(),
                table_url=table_url,
                numbers=load_numbers(session=session, user_id=user.id, timezone=user.timezone),
                percent=percent,
                suggestions=service.suggestions_for(session=session, user_id=user.id),
                snooze_choices=(),
            ),
        )


@router.get("/people/{seeker_id}/offers", response_class=HTMLResponse)
def person_offers(request: Request, seeker_id: Id) -> HTMLResponse:
    """One person's offers side by side, read-only (their negotiation notes stay theirs)."""
    with _reading(request, seeker_id, "Offers") as look:
        workspace, share = look.workspace, look.share
        comparison, timeline = offers_overview(
            session=workspace.session,
            user=workspace.user,
            today=workspace.today,
            timings=workspace.settings.playbook,
        )
        return render(
            request,
            "coach_offers.html",
            _context(
                workspace,
                share,
                title="Offers",
                comparison=comparison,
                timeline=timeline,
                geometry=TIMELINE,
                against_target={},
                Verdict=Verdict,
            ),
        )


@router.get("/people/{seeker_id}/applications/{application_id}", response_class=HTMLResponse)
def person_application(request: Request, seeker_id: Id, application_id: Id) -> HTMLResponse:
    """One application as the person's own page shows it (its facts, interviews, offer,
    people and timeline), read-only; the coaches' comments, and the forms to comment and to
    suggest an action. The debriefs and feedback show only under a share that includes them."""
    with _reading(request, seeker_id, "Application") as look:
        workspace, share = look.workspace, look.share
        view = process_view(
            session=workspace.session,
            user_id=workspace.user_id,
            application_id=application_id,
            timezone=workspace.user.timezone,
        )
        look.record = f"{view.application.company}, {view.application.role}"
        timeline = [
            entry
            for entry in view.timeline
            if share.include_private or entry.kind not in PRIVATE_KINDS
        ]
        return render(
            request,
            "coach_application.html",
            _context(
                workspace,
                share,
                title=f"{view.application.company}, {view.application.role}",
                application=view.application,
                view={
                    "timeline": timeline,
                    "offer": view.offer,
                    "offer_is_open": view.offer_is_open,
                    "actions": view.actions,
                },
                timeline_kinds=_TIMELINE_KINDS,
                local_time=local_time(workspace.local, workspace.today),
                show_private=share.include_private,
                me=share.coach_user_id,
                comments=service.comments_for(
                    session=workspace.session,
                    user_id=workspace.user_id,
                    application_id=application_id,
                ),
            ),
        )


@router.get("/people/{seeker_id}/journal", response_class=HTMLResponse)
def person_journal(request: Request, seeker_id: Id) -> HTMLResponse:
    """The journal, moods and feedback -- only when the person shared them (404 otherwise)."""
    with _reading(request, seeker_id, "Journal, moods and feedback") as look:
        workspace, share = look.workspace, look.share
        records = service.private_records(session=workspace.session, share=share)
        return render(
            request,
            "coach_journal.html",
            _context(workspace, share, title="Journal, moods and feedback", records=records),
        )


def _suggest(
    request: Request, seeker_id: int, text: str, due: str, application_id: int | None
) -> int:
    signed = _signed(request, "coach")
    with viewing(seeker_id), session_scope(_url(request)) as session:
        share = service.share_for(
            session=session, coach_user_id=signed.user_id, seeker_id=seeker_id
        )
        seeker = session.get(User, seeker_id)
        today = clock.today(seeker.timezone if seeker else "UTC")
        day = parse_date(due, today=today, what="the day") if due.strip() else today
        row = service.suggest_action(
            session=session,
            share=share,
            text=text,
            due=day,
            application_id=application_id,
            now=clock.now(),
        )
        return row.id


def _comment(request: Request, seeker_id: int, application_id: int, text: str) -> int:
    signed = _signed(request, "coach")
    with viewing(seeker_id), session_scope(_url(request)) as session:
        share = service.share_for(
            session=session, coach_user_id=signed.user_id, seeker_id=seeker_id
        )
        comment = service.add_comment(
            session=session,
            share=share,
            application_id=application_id,
            text=text,
            now=clock.now(),
        )
        return comment.id


@dataclass(frozen=True)
class Changed:
    """A coach's comment after an edit or a delete (read before the transaction closed)."""

    id: int
    application_id: int
    text: str
    edited: bool
    changed: bool


def _change_comment(request: Request, seeker_id: int, comment_id: int, text: str | None) -> Changed:
    """Edits (text given) or deletes (None) the coach's own comment about this person, under
    a standing share (NotFoundError for anyone else's, or without the share)."""
    signed = _signed(request, "coach")
    with viewing(seeker_id), session_scope(_url(request)) as session:
        share = service.share_for(
            session=session, coach_user_id=signed.user_id, seeker_id=seeker_id
        )
        if text is None:
            gone = service.delete_comment(session=session, share=share, comment_id=comment_id)
            return Changed(gone.id, gone.application_id, gone.text, False, True)
        kept, changed = service.edit_comment(
            session=session, share=share, comment_id=comment_id, text=text, now=clock.now()
        )
        return Changed(kept.id, kept.application_id, kept.text, kept.edited_at is not None, changed)


def _application_field(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


@router.post("/people/{seeker_id}/suggestions")
def suggest(request: Request, seeker_id: Id, form: FormDep) -> Response:
    """Suggests an action: it shows in the person's agenda, marked as from their coach."""
    _signed(request, "coach")
    application_id = _application_field(form.get("application_id"))
    back = f"/people/{seeker_id}" + (f"/applications/{application_id}" if application_id else "")
    try:
        _suggest(
            request,
            seeker_id,
            str(form.get("text", "")),
            str(form.get("due", "")),
            application_id,
        )
    except NotFoundError:
        raise  # nobody to suggest to, or no such application: 404, like any other page
    except AfterwordError as error:
        return _back(back, f"Not suggested: {error}.")
    if not str(form.get("due", "")).strip():
        return _back(
            back,
            "Suggested for today, since no day was given: it is in their agenda now, "
            "marked as from you.",
        )
    return _back(back, "Suggested: it is in their agenda now, marked as from you.")


@router.post("/people/{seeker_id}/applications/{application_id}/comments")
def comment(request: Request, seeker_id: Id, application_id: Id, form: FormDep) -> Response:
    """Leaves a comment on one of the person's applications."""
    _signed(request, "coach")
    back = f"/people/{seeker_id}/applications/{application_id}"
    try:
        _comment(request, seeker_id, application_id, str(form.get("text", "")))
    except NotFoundError:
        raise
    except AfterwordError as error:
        return _back(back, f"Not saved: {error}.")
    return _back(back, "Comment saved. They see it on their Sharing page.")


@router.post("/people/{seeker_id}/comments/{comment_id}/edit")
def edit_comment(request: Request, seeker_id: Id, comment_id: Id, form: FormDep) -> Response:
    """Changes the text of one of my comments; the person sees the new text, marked edited."""
    _signed(request, "coach")
    try:
        done = _change_comment(request, seeker_id, comment_id, str(form.get("text", "")))
    except NotFoundError:
        raise  # another coach's comment, or none: 404, and nothing changes
    except AfterwordError as error:
        application = _application_field(form.get("application_id"))
        back = f"/people/{seeker_id}" + (f"/applications/{application}" if application else "")
        return _back(back, f"Not changed: {error}.")
    back = f"/people/{seeker_id}/applications/{done.application_id}"
    return _back(back, "Comment changed." if done.changed else "The comment already said that.")


@router.post("/people/{seeker_id}/comments/{comment_id}/delete")
def delete_comment(request: Request, seeker_id: Id, comment_id: Id) -> Response:
    """Deletes one of my comments; the person no longer sees it."""
    _signed(request, "coach")
    gone = _change_comment(request, seeker_id, comment_id, None)
    return _back(f"/people/{seeker_id}/applications/{gone.application_id}", "Comment deleted.")


# -- the admin -----------------------------------------------------------------------------


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> HTMLResponse:
    """Accounts, and the cohort in figures: counts, conversion, time to a first offer."""
    _signed(request, "admin")
    with session_scope(_url(request)) as session:
        return render(
            request,
            "admin.html",
            {
                "title": "Accounts and cohort",
                "accounts": list_accounts(session=session),
                "cohort": service.cohort_numbers(session=session),
            },
        )


# -- the JSON API --------------------------------------------------------------------------


class ShareIn(BaseModel):
    """Share my search with a coach."""

    coach_email: str = Field(max_length=400)
    include_private: bool = False


class ShareOut(BaseModel):
    """A share: with whom, since when, and whether the private parts are included."""

    id: int
    email: str
    include_private: bool
    since: dt.datetime


class ViewOut(BaseModel):
    """One look of a coach at my search."""

    coach: str
    page: str
    record: str | None
    at: dt.datetime


class CommentIn(BaseModel):
    """The new text of a coach's comment."""

    text: str = Field(max_length=4000)


class CommentOut(BaseModel):
    """A coach's comment as it stands."""

    id: int
    application_id: int
    text: str
    edited: bool


class SharingOut(BaseModel):
    """Whom I share with, and who looked at what."""

    shares: list[ShareOut]
    views: list[ViewOut]


class TextIn(BaseModel):
    """A coach's comment, or a suggested action (with its day and application, if any)."""

    text: str = Field(max_length=4000)
    due: str = Field(default="", max_length=40)
    application_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class CreatedOut(BaseModel):
    """The id of what was made."""

    id: int


def _share_out(shared: service.Shared) -> ShareOut:
    return ShareOut(
        id=shared.share.id,
        email=shared.email,
        include_private=shared.share.include_private,
        since=shared.share.created_at,
    )


@api.get("/sharing", response_model=SharingOut)
def api_sharing(request: Request) -> SharingOut:
    """The coaches I share with, and every look they took at my search."""
    signed = _signed(request, "seeker")
    with session_scope(_url(request)) as session:
        return SharingOut(
            shares=[
                _share_out(s) for s in service.shares_of(session=session, user_id=signed.user_id)
            ],
            views=[
                ViewOut(coach=v.coach, page=v.page, record=v.record, at=v.at)
                for v in service.views_of(session=session, user_id=signed.user_id)
            ],
        )


@api.post("/sharing", response_model=CreatedOut, status_code=201)
def api_share(request: Request, body: ShareIn) -> CreatedOut:
    """Shares my search with a coach (again: changes only whether private parts are in)."""
    signed = _signed(request, "seeker")
    with session_scope(_url(request)) as session:
        made = service.share_with_coach(
            session=session,
            user_id=signed.user_id,
            coach_email=body.coach_email,
            include_private=body.include_private,
            now=clock.now(),
        )
        return CreatedOut(id=made.id)


@api.delete("/sharing/{share_id}", status_code=204, response_class=Response)
def api_stop(request: Request, share_id: Id) -> Response:
    """Stops sharing with one coach."""
    signed = _signed(request, "seeker")
    with session_scope(_url(request)) as session:
        service.stop_sharing(session=session, user_id=signed.user_id, share_id=share_id)
    return Response(status_code=204)


@api.get("/people", response_model=list[ShareOut])
def api_people(request: Request) -> list[ShareOut]:
    """The people who share their search with me (a coach)."""
    signed = _signed(request, "coach")
    with session_scope(_url(request)) as session:
        return [
            _share_out(s) for s in service.people_of(session=session, coach_user_id=signed.user_id)
        ]


@api.post("/people/{seeker_id}/suggestions", response_model=CreatedOut, status_code=201)
def api_suggest(request: Request, seeker_id: Id, body: TextIn) -> CreatedOut:
    """Suggests an action to a person who shares with me; it shows in their agenda."""
    return CreatedOut(id=_suggest(request, seeker_id, body.text, body.due, body.application_id))


@api.post(
    "/people/{seeker_id}/applications/{application_id}/comments",
    response_model=CreatedOut,
    status_code=201,
)
def api_comment(request: Request, seeker_id: Id, application_id: Id, body: TextIn) -> CreatedOut:
    """Comments on one application of a person who shares with me."""
    return CreatedOut(id=_comment(request, seeker_id, application_id, body.text))


@api.patch("/people/{seeker_id}/comments/{comment_id}", response_model=CommentOut)
def api_edit_comment(
    request: Request, seeker_id: Id, comment_id: Id, body: CommentIn
) -> CommentOut:
    """Changes the text of one of my comments (the person sees it marked edited)."""
    done = _change_comment(request, seeker_id, comment_id, body.text)
    return CommentOut(
        id=done.id, application_id=done.application_id, text=done.text, edited=done.edited
    )


@api.delete("/people/{seeker_id}/comments/{comment_id}", status_code=204, response_class=Response)
def api_delete_comment(request: Request, seeker_id: Id, comment_id: Id) -> Response:
    """Deletes one of my comments."""
    _change_comment(request, seeker_id, comment_id, None)
    return Response(status_code=204)


ROUTERS = (router, api)
