"""Pages of emailed links: "Forgot your password?", the reset and invitation links, and the
admins' page that invites people (server mode).

When a worker is running, the email is the worker's: the link's transaction keeps the
link on its outbox row, and a job sends it (worker.outbox), so a slow or unreachable SMTP
server never holds up the page. With no worker, the email goes out at once through
accounts.mailer.send_account_email, in a transaction of its own after the link's: a failed
send leaves the link and its unsent outbox row, to be sent again.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy.orm import Session

from afterword import clock
from afterword.accounts.links import (
    Issued,
    LinkRefused,
    check_link,
    invite,
    link_url,
    request_reset,
    use_link,
)
from afterword.accounts.mailer import NO_SERVER_MAIL, SendFailed, hold_link, send_account_email
from afterword.accounts.models import ROLES
from afterword.accounts.service import check_password
from afterword.errors import InvalidInputError
from afterword.settings import Settings
from afterword.storage.session import session_scope
from afterword.web.server.login import public_page
from afterword.web.templating import render
from afterword.worker.outbox import defer_account_email, worker_running

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

Token = Annotated[str, Path(max_length=128)]
SENT = (
    "If that address belongs to an account here, an email with a link to set a new password "
    "is on its way. The link works once, for an hour."
)
HEADINGS = {"reset": "Choose a new password", "invite": "Choose your password"}


def _page(
    request: Request, title: str, *, form: str | None = None, refusal: str | None = None,
    notice: str | None = None, email: str = "", sign_in: bool = False, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {
        "title": title, "form": form, "refusal": refusal, "notice": notice, "email": email,
        "sign_in": sign_in,
    }  # fmt: skip
    return public_page(request, "account_link.html", context, status=status)


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def link_for(settings: Settings, request: Request | None, issued: Issued) -> str:
    """The link in the email: the configured public address, else the one this request
    reached (the Host check has vouched for it)."""
    base = settings.web.public_url or (str(request.base_url) if request is not None else "")
    if not base:
        raise InvalidInputError(
            "set AFTERWORD_WEB__PUBLIC_URL (e.g. https://jobs.example.edu) so the emailed "
            "links point at this server"
        )
    return link_url(base, issued)


def send_link(settings: Settings, issued: Issued, link: str) -> bool:
    """Sends the link's email in a transaction of its own (see accounts.mailer)."""
    with session_scope(settings.database_url) as session:
        return send_account_email(
            session=session, kind=issued.purpose, to=issued.account.email, link=link,
            key=issued.key, expires_at=issued.expires_at, server=settings.server_mail,
            now=clock.now(),
        )  # fmt: skip


def held_for_worker(session: Session, issued: Issued, link: str) -> bool:
    """In the link's own transaction: leaves the email to the worker when one is running
    (True), keeping its link on the outbox row; False when the request must send it."""
    if not worker_running(session):
        return False
    hold_link(session=session, key=issued.key, link=link, expires_at=issued.expires_at)
    return True


def hand_over(settings: Settings, issued: Issued, link: str, *, held: bool) -> None:
    """After the link's commit: asks the worker to send it now, or sends it here."""
    if not held:
        send_link(settings, issued, link)
        return
    try:
        defer_account_email(settings, issued.key)
    except Exception as problem:  # noqa: BLE001 -- the queue is only the fast path
        # The email is held in the outbox: the worker's next sweep sends it anyway.
        log.warning("an account email waits for the worker's sweep: %s", type(problem).__name__)


# -- forgotten password -----------------------------------------------------------------------


FORGOT = "Forgot your password?"


@router.get("/login/forgot", response_class=HTMLResponse)
def forgot_page(request: Request) -> HTMLResponse:
    """Asks for the account's address."""
    return _page(request, FORGOT, form="email")


@router.post("/login/forgot", response_class=HTMLResponse)
def forgot(request: Request, email: Annotated[str, Form(max_length=400)] = "") -> HTMLResponse:
    """Sends a reset link if the address has an account; the answer is the same either way."""
    settings = _settings(request)
    client = request.client.host if request.client else "unknown"
    try:
        with session_scope(settings.database_url) as session:
            issued = request_reset(session=session, email=email, address=client, now=clock.now())
            link = link_for(settings, request, issued) if issued is not None else None
            held = (
                issued is not None
                and link is not None
                and settings.server_mail is not None
                and held_for_worker(session, issued, link)
            )
    except InvalidInputError as refusal:
        return _page(request, FORGOT, form="email", refusal=str(refusal), status=429)
    if issued is not None and link is not None:
        try:
            hand_over(settings, issued, link, held=held)
        except (SendFailed, InvalidInputError) as problem:
            # Said to the server's log only: telling the visitor would tell them the address
            # has an account. The unsent outbox row stays for a retry.
            log.warning("a reset email was not sent: %s", problem)
    return _page(request, FORGOT, notice=SENT)


# -- setting a password through a link ----------------------------------------------------------


def _link_page(request: Request, purpose: str, token: str) -> HTMLResponse:
    try:
        with session_scope(_settings(request).database_url) as session:
            _link, account = check_link(
                session=session, token=token, purpose=purpose, now=clock.now()
            )
            email = account.email
    except LinkRefused as refused:
        return _page(request, HEADINGS[purpose], refusal=str(refused), status=refused.status)
    return _page(request, HEADINGS[purpose], form="password", email=email)


def _use(request: Request, purpose: str, token: str, password: str, confirm: str) -> HTMLResponse:
    title = HEADINGS[purpose]
    try:
        check_password(password)
        if password != confirm:
            raise InvalidInputError("the two passwords differ; type the same one twice")
    except InvalidInputError as problem:
        return _page(request, title, form="password", refusal=str(problem), status=422)
    try:
        with session_scope(_settings(request).database_url) as session:
            use_link(
                session=session, token=token, purpose=purpose, password=password, now=clock.now()
            )
    except LinkRefused as refused:
        return _page(request, title, refusal=str(refused), status=refused.status)
    done = (
        "Your password is set. Every device that was signed in to this account is signed out."
        if purpose == "reset"
        else "Your password is set: welcome."
    )
    return _page(request, title, notice=done, sign_in=True)


Password = Annotated[str, Form(max_length=4096)]


@router.get("/login/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: Token) -> HTMLResponse:
    """The new-password form of a reset link (or why the link no longer works)."""
    return _link_page(request, "reset", token)


@router.post("/login/reset/{token}", response_class=HTMLResponse)
def reset(
    request: Request, token: Token, password: Password = "", confirm: Password = ""
) -> HTMLResponse:
    """Sets the new password, once; every session of the account ends."""
    return _use(request, "reset", token, password, confirm)


@router.get("/login/invite/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: Token) -> HTMLResponse:
    """The first-password form of an invitation (or why the link no longer works)."""
    return _link_page(request, "invite", token)


@router.post("/login/invite/{token}", response_class=HTMLResponse)
def accept_invitation(
    request: Request, token: Token, password: Password = "", confirm: Password = ""
) -> HTMLResponse:
    """Sets the invited person's password, once."""
    return _use(request, "invite", token, password, confirm)


# -- inviting (admins) ------------------------------------------------------------------------

ADMINS_ONLY = "only an admin of this server can invite people"


def _is_admin(request: Request) -> bool:
    signed = getattr(request.state, "signed_in", None)
    return signed is not None and signed.role == "admin"


def _invite_page(
    request: Request, *, values: dict[str, str] | None = None, refusal: str | None = None,
    notice: str | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {
        "title": "Invite someone", "roles": ROLES,
        "values": {"email": "", "role": "seeker", **(values or {})},
        "refusal": refusal, "notice": notice,
    }  # fmt: skip
    return render(request, "invite.html", context, status_code=status)


@router.get("/accounts/invite", response_class=HTMLResponse)
def invite_page(request: Request) -> Response:
    """The invitation form (admins only)."""
    if not _is_admin(request):
        return PlainTextResponse(ADMINS_ONLY, status_code=403)
    return _invite_page(request)


@router.post("/accounts/invite", response_class=HTMLResponse)
def invite_someone(
    request: Request,
    email: Annotated[str, Form(max_length=400)] = "",
    role: Annotated[str, Form(max_length=16)] = "seeker",
) -> Response:
    """Creates the account (without a password) and emails its invitation link."""
    if not _is_admin(request):
        return PlainTextResponse(ADMINS_ONLY, status_code=403)
    settings = _settings(request)
    values = {"email": email, "role": role}
    if settings.server_mail is None:
        # Checked first: an account whose invitation cannot go would only be in the way.
        return _invite_page(request, values=values, refusal=NO_SERVER_MAIL, status=422)
    try:
        with session_scope(settings.database_url) as session:
            issued = invite(
                session=session, email=email, role=role, timezone=settings.default_timezone,
                country=settings.default_country, now=clock.now(),
            )  # fmt: skip
            link = link_for(settings, request, issued)
            held = held_for_worker(session, issued, link)
    except InvalidInputError as problem:
        return _invite_page(request, values=values, refusal=str(problem), status=422)
    try:
        hand_over(settings, issued, link, held=held)
    except SendFailed as problem:
        refusal = (
            f"The account for {issued.account.email} is made, but the email did not go: "
            f"{problem}. Invite the same address again to send a new link."
        )
        return _invite_page(request, values=values, refusal=refusal, status=502)
    went = "is on its way to" if held else "sent to"
    notice = f"Invitation {went} {issued.account.email}; the link works once, for 72 hours."
    return _invite_page(request, notice=notice)
