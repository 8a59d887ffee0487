"""The Settings page: profile, playbook timings, mail account and email templates.

Each section is its own form. A plain post redirects with a message on success and shows
the page again (status 422) with the typed values and the errors on failure; an HTMX post
gets just its section back.
"""

from __future__ import annotations

import functools
import zoneinfo
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from afterword import paths
from afterword.drafts import overrides
from afterword.drafts.context import TEMPLATES
from afterword.errors import InvalidInputError
from afterword.profile.schemas import ProfileFields
from afterword.profile.service import profile_fields, update_profile
from afterword.settings import Settings
from afterword.settings import file as config_file
from afterword.settings.mail import MailAccount
from afterword.settings.playbook import PlaybookTimings
from afterword.settings.review import ReviewSettings
from afterword.validation import Email
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import FormState, parse_form, read_form, run_service
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

FormDep = Annotated[dict[str, Any], Depends(read_form)]
TemplateName = Annotated[str, Path(max_length=64)]
MAIL_FIELDS = (
    "address",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_username",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_username",
    "drafts_folder",
    "sync_folder",
)
_EMAIL = TypeAdapter(Email)


@functools.cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name, for the time-zone suggestions (read once)."""
    return tuple(sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone))


def template_label(name: str) -> str:
    """'second_follow_up' -> 'Second follow up'."""
    return name.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _as_values(model: BaseModel | None, names: tuple[str, ...] | None = None) -> dict[str, str]:
    if model is None:
        return {}
    names = names or tuple(type(model).model_fields)
    return {name: _text(getattr(model, name)) for name in names}


def playbook_rows(values: dict[str, str]) -> list[dict[str, Any]]:
    """One row per timing: its label, help, default, bounds and the shown value."""
    rows = []
    for name, field in PlaybookTimings.model_fields.items():
        bounds = {
            kind: getattr(item, kind)
            for item in field.metadata
            for kind in ("ge", "le")
            if getattr(item, kind, None) is not None
        }
        rows.append(
            {
                "name": name,
                "label": template_label(name),
                "help": field.description or "",
                "default": _text(field.default),
                "min": bounds.get("ge"),
                "max": bounds.get("le"),
                "value": values.get(name, ""),
                "is_list": name == "offer_reminder_days",
            }
        )
    return rows


def _config_problem() -> str | None:
    try:
        config_file.read_config()
    except InvalidInputError as error:
        return str(error)
    return None


def _page_context(workspace: Workspace, **sections: Any) -> dict[str, Any]:
    """Everything the page shows; a section given in `sections` replaces its current state."""
    settings = workspace.settings
    own = _own_template_names(workspace)
    context: dict[str, Any] = {
        "title": "Settings",
        "profile_values": _as_values(profile_fields(workspace.user)),
        "profile_errors": {},
        "profile_note": None,
        "time_zones": time_zones(),
        "playbook_values": _as_values(settings.playbook),
        "playbook_errors": {},
        "playbook_note": None,
        "mail_values": _as_values(settings.mail, MAIL_FIELDS),
        "mail_errors": {},
        "mail_note": None,
        "mail_password_stored": _own_password_stored(workspace),
        "digest_on": settings.review.weekly_digest,
        "digest_note": None,
        "digest_errors": {},
        "mail_can_send": settings.mail is not None and bool(settings.mail.smtp_host),
        "daily": _own_daily(workspace),
        "daily_note": None,
        "daily_errors": {},
        # On a server the file is the server's: its problems are not the person's to fix.
        "config_problem": None if settings.server_mode else _config_problem(),
        "config_path": paths.config_file(),
        "templates": [
            {
                "name": name,
                "label": template_label(name),
                "own": name in own,
            }
            for name in TEMPLATES
        ],
    }
    context.update(sections)
    context["playbook_rows"] = playbook_rows(context["playbook_values"])
    return context


def _override_dir() -> str:
    from afterword.drafts.service import override_dir

    return override_dir()


def _respond(
    request: Request,
    workspace: Workspace,
    section: str,
    state: FormState[Any],
    saved: str,
) -> Response:
    """Shows the section again (errors or a note for HTMX), or redirects after a plain post."""
    fields: dict[str, Any] = {}
    if state.errors:
        fields = {f"{section}_values": state.values, f"{section}_errors": state.errors}
    elif is_htmx(request):
        fields = {f"{section}_note": saved}
    else:
        return flash(RedirectResponse(f"/settings#{section}", status_code=303), saved)
    context = _page_context(workspace, **fields)
    if is_htmx(request):
        return render(request, f"partials/_settings_{section}.html", context)
    return render(request, "settings.html", context, status_code=422)


def _apply_settings(request: Request, workspace: Workspace, **changes: Any) -> Settings:
    """Makes the running app (and this request) use the changed settings.

    On a shared server only this request: the app's settings are the server's, and the
    person's own are read from the database on each request (accounts.user_settings).
    """
    if workspace.settings.server_mode:
        workspace.settings = workspace.settings.model_copy(update=changes)
        return workspace.settings
    updated: Settings = request.app.state.settings.model_copy(update=changes)
    request.app.state.settings = updated
    workspace.settings = updated
    return updated


# -- where the timings and the mail account are kept: config.toml, or on a shared server the
# person's own row (imported only there: the single-user app never loads accounts) ---------


def store_playbook(workspace: Workspace, timings: PlaybookTimings) -> object:
    """Keeps the timings: in config.toml, or the person's own settings on a server."""
    if not workspace.settings.server_mode:
        return config_file.save_playbook(timings)
    from afterword.accounts.user_settings import save_own_playbook

    save_own_playbook(
        session=workspace.session, user_id=workspace.user_id, timings=timings, now=workspace.now
    )
    return timings


def _store_mail(workspace: Workspace, account: MailAccount | None, password: str) -> object:
    if not workspace.settings.server_mode:
        return config_file.save_mail(account)
    from afterword.accounts.user_settings import save_own_mail

    save_own_mail(
        session=workspace.session, user_id=workspace.user_id, account=account,
        password=password or None, secret_key=workspace.settings.secret_key, now=workspace.now,
    )  # fmt: skip
    return account or "removed"


def _own_daily(workspace: Workspace) -> dict[str, Any] | None:
    """On a server: the person's opt-ins for the worker's jobs, and how their last
    scheduled mailbox sync went; None in the single-user app (it has no worker)."""
    if not workspace.settings.server_mode:
        return None
    from afterword.accounts.daily import DailyPreference

    row = workspace.session.get(DailyPreference, workspace.user_id)
    account = workspace.settings.mail
    return {
        "morning_digest": bool(row and row.morning_digest),
        "mail_sync": bool(row and row.mail_sync),
        "tried_at": row.mail_sync_tried_at if row else None,
        "error": row.mail_sync_error if row else None,
        "imap_ready": account is not None and bool(account.imap_host),
        "centre_sends": workspace.settings.server_mail is not None,
    }


def _own_password_stored(workspace: Workspace) -> bool:
    account = workspace.settings.mail
    return bool(account is not None and account.stored_password)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows every settings section."""
    return render(request, "settings.html", _page_context(workspace))


@router.post("/settings/profile", response_class=HTMLResponse)
def save_profile(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Saves the profile (name, email, signature, time zone, country)."""
    values = {name: form.get(name, "") for name in ProfileFields.model_fields}
    state = parse_form(ProfileFields, values)
    if state.ok and state.model is not None:
        fields = state.model
        run_service(
            state,
            lambda: update_profile(session=workspace.session, user=workspace.user, fields=fields),
        )
    return _respond(request, workspace, "profile", state, "Your profile is saved.")


def _playbook_data(values: dict[str, str]) -> dict[str, Any]:
    """The typed timings, blanks left out (they take their defaults); lists split on commas."""
    data: dict[str, Any] = {}
    for name, raw in values.items():
        text = raw.strip()
        if not text:
            continue
        if name == "offer_reminder_days":
            data[name] = [
                part for part in text.replace(";", ",").replace(" ", ",").split(",") if part
            ]
        else:
            data[name] = text
    return data


@router.post("/settings/playbook", response_class=HTMLResponse)
def save_playbook(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Saves the playbook's timings to config.toml and re-plans with them at once."""
    values = {name: str(form.get(name, "")) for name in PlaybookTimings.model_fields}
    state = parse_form(PlaybookTimings, _playbook_data(values))
    state.values = values
    if state.ok and state.model is not None:
        timings = state.model
        if run_service(state, lambda: store_playbook(workspace, timings)) is not None:
            _apply_settings(request, workspace, playbook=timings)
            workspace.replan()
    return _respond(
        request,
        workspace,
        "playbook",
        state,
        "The new timings are saved, and your plan now follows them.",
    )


def parse_mail(values: dict[str, str], timeout: float | None) -> FormState[MailAccount]:
    """Reads the mail form; every field blank means no account."""
    cleaned = {name: values.get(name, "").strip() for name in MAIL_FIELDS}
    given = {name: value for name, value in cleaned.items() if value}
    if timeout is not None and given:
        given["timeout_seconds"] = str(timeout)
    if not given:
        return FormState(values=cleaned)
    state = parse_form(MailAccount, given)
    state.values = cleaned
    if "address" not in given:
        state.fail("Give the address your messages come from, or clear every field.", on="address")
        return state
    try:
        _EMAIL.validate_python(given["address"])
    except ValidationError:
        state.fail(f"'{given['address']}' is not an email address", on="address")
    return state


def _mail_timeout(workspace: Workspace) -> float | None:
    """The timeout the form does not show: kept from the file, else from the settings."""
    if workspace.settings.server_mode:
        current = workspace.settings.mail
        return current.timeout_seconds if current is not None else None
    try:
        section = config_file.read_config().get("mail")
    except InvalidInputError:
        section = None  # reported when saving, which refuses to overwrite the file
    if isinstance(section, dict) and isinstance(section.get("timeout_seconds"), int | float):
        return float(section["timeout_seconds"])
    current = workspace.settings.mail
    return current.timeout_seconds if current is not None else None


@router.post("/settings/mail", response_class=HTMLResponse)
def save_mail(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Saves the mail account to config.toml (never a password)."""
    state = parse_mail(
        {name: str(form.get(name, "")) for name in MAIL_FIELDS}, _mail_timeout(workspace)
    )
    password = str(form.get("password", ""))[:1024]
    if not any(state.values.values()):
        if run_service(state, lambda: _store_mail(workspace, None, "")) is not None:
            _apply_settings(request, workspace, mail=None)
        return _respond(request, workspace, "mail", state, "The mail account is removed.")
    if state.ok and state.model is not None:
        account = state.model
        if run_service(state, lambda: _store_mail(workspace, account, password)) is not None:
            if workspace.settings.server_mode:
                kept = workspace.settings.mail.stored_password if workspace.settings.mail else ""
                account = account.with_password(password or kept or "")
            _apply_settings(request, workspace, mail=account)
    return _respond(request, workspace, "mail", state, "The mail account is saved.")


@router.post("/settings/digest", response_class=HTMLResponse)
def save_digest(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Turns the weekly digest email on or off (the [review] section of config.toml)."""
    if workspace.settings.server_mode:
        # config.toml is the server's, shared by everyone: one person may not switch it.
        raise HTTPException(status_code=404)
    review = ReviewSettings(weekly_digest=str(form.get("weekly_digest", "")) == "on")
    state: FormState[ReviewSettings] = FormState(values={})
    if run_service(state, lambda: config_file.save_review(review)) is not None:
        _apply_settings(request, workspace, review=review)
    saved = (
        "The weekly digest is on: last week's review comes to your mailbox once a week."
        if review.weekly_digest
        else "The weekly digest is off: nothing more is emailed."
    )
    return _respond(request, workspace, "digest", state, saved)


# Each opt-in of the worker's form: "on" or "off"; a field left out is left as it is, so a
# form (or a script) may send any of them. The page sends a hidden "off" before each
# checkbox, which a ticked box's "on" overrides (the last value of a name counts).
DAILY_FIELDS = ("morning_digest", "mail_sync")
SWITCH = {"on": True, "off": False}


@router.post("/settings/daily", response_class=HTMLResponse)
def save_daily(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Turns the person's morning digest and scheduled mailbox sync on or off (server mode:
    the single-user app has no worker to do either)."""
    if not workspace.settings.server_mode:
        raise HTTPException(status_code=404)
    from afterword.accounts.daily import set_preferences

    state: FormState[BaseModel] = FormState(values={})
    choices: dict[str, bool] = {}
    for name in DAILY_FIELDS:
        raw = form.get(name)
        if raw is None:
            continue
        if str(raw) not in SWITCH:
            state.fail(f"{name.replace('_', ' ')} must be on or off, not '{str(raw)[:20]}'")
            break
        choices[name] = SWITCH[str(raw)]
    if not state.errors:
        run_service(
            state,
            lambda: set_preferences(
                session=workspace.session, user_id=workspace.user_id, **choices
            ),
        )
    if state.errors:
        context = _page_context(workspace, daily_errors=state.errors)
        if is_htmx(request):
            return render(request, "partials/_settings_daily.html", context, status_code=422)
        return render(request, "settings.html", context, status_code=422)
    return _respond(request, workspace, "daily", state, "Your choices are saved.")


# -- email templates: a file per template in the config directory, or on a shared server
# the person's own rows (drafts.own, imported only there) -----------------------------------


def _own_template_names(workspace: Workspace) -> set[str]:
    if workspace.settings.server_mode:
        from afterword.drafts.own import own_names

        return own_names(session=workspace.session, user_id=workspace.user_id)
    directory = _override_dir()
    return {name for name in TEMPLATES if overrides.override_text(name, directory) is not None}


def _own_template(workspace: Workspace, name: str) -> str | None:
    if workspace.settings.server_mode:
        from afterword.drafts.own import own_text

        return own_text(session=workspace.session, user_id=workspace.user_id, name=name)
    return overrides.override_text(name, _override_dir())


def _template_context(
    workspace: Workspace,
    name: str,
    *,
    text: str | None = None,
    error: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    own = _own_template(workspace, name)
    builtin = overrides.builtin_text(name)
    return {
        "title": f"Email template: {template_label(name)}",
        "name": name,
        "label": template_label(name),
        "builtin": builtin,
        "own": own is not None,
        # On a server the version is the person's row, not a file anyone could open.
        "override_file": (
            None
            if workspace.settings.server_mode
            else overrides.override_path(name, _override_dir())
        ),
        "values": {"text": text if text is not None else (own if own is not None else builtin)},
        "errors": {"text": error} if error else {},
        "note": note,
    }


@router.get("/settings/templates/{name}", response_class=HTMLResponse)
def template_page(request: Request, name: TemplateName, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows a template's built-in text and an editor for the user's own version."""
    overrides.check_name(name)
    return render(request, "settings_template.html", _template_context(workspace, name))


def _store_template(workspace: Workspace, name: str, text: str) -> overrides.TemplateCheck:
    if not workspace.settings.server_mode:
        return overrides.save_override(name, text, _override_dir())
    from afterword.drafts.own import save_own

    return save_own(
        session=workspace.session, user_id=workspace.user_id, name=name, text=text,
        now=workspace.now,
    )  # fmt: skip


@router.post("/settings/templates/{name}", response_class=HTMLResponse)
def save_template(
    request: Request, name: TemplateName, workspace: WorkspaceDep, form: FormDep
) -> Response:
    """Saves the user's version of a template, if it renders; a broken one is refused."""
    overrides.check_name(name)
    text = str(form.get("text", ""))
    check = _store_template(workspace, name, text)
    if check.error is not None:
        context = _template_context(
            workspace, name, text=text, error=f"Not saved: {check.error}. Your text is kept below."
        )
        return render(request, "settings_template.html", context, status_code=422)
    message = "Your version is saved; new drafts use it."
    if check.caution is not None:
        message += (
            f" One caution: when some facts are missing it fails ({check.caution}), "
            "and those drafts use the built-in text instead."
        )
    return flash(RedirectResponse(f"/settings/templates/{name}", status_code=303), message)


@router.post("/settings/templates/{name}/reset", response_class=HTMLResponse)
def reset_template(request: Request, name: TemplateName, workspace: WorkspaceDep) -> Response:
    """Deletes the user's version, so drafts use the built-in text again."""
    overrides.check_name(name)
    if workspace.settings.server_mode:
        from afterword.drafts.own import remove_own

        removed = remove_own(session=workspace.session, user_id=workspace.user_id, name=name)
    else:
        removed = overrides.remove_override(name, _override_dir())
    message = (
        "Your version is deleted; drafts use the built-in text again."
        if removed
        else "You had no version of your own; drafts already use the built-in text."
    )
    return flash(RedirectResponse(f"/settings/templates/{name}", status_code=303), message)
