"""The Reflection page: journal, mood over time, the question bank and feedback received."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword import localtime
from afterword.reflection.overview import (
    feedback_received,
    question_bank,
    recent_applications,
    recent_journal,
    recent_moods,
)
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import (
    add_journal_entry,
    add_mood,
    delete_journal_entry,
    get_journal_entry,
    update_journal_entry,
)
from afterword.reflection.theme_service import search_themes
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import FormState, done, parse_form, read_form, run_service
from afterword.web.routes.application_forms import read_model
from afterword.web.routes.application_page import feedback_values
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
FormDep = Annotated[dict[str, Any], Depends(read_form)]

MOOD_CHOICES = [
    ("1", "1 — very low"),
    ("2", "2 — low"),
    ("3", "3 — steady"),
    ("4", "4 — good"),
    ("5", "5 — very good"),
]
MOOD_WORDS = dict(MOOD_CHOICES)


def local_time(workspace: Workspace) -> Any:
    """A function turning a stored UTC instant into the user's local time (for templates)."""
    zone = localtime.zone(workspace.user.timezone)
    return lambda instant: instant.astimezone(zone) if instant is not None else None


def journal_context(
    workspace: Workspace,
    form: FormState[Any] | None = None,
    failed: dict[str, FormState[Any]] | None = None,
) -> dict[str, Any]:
    """What the journal partial needs: the newest entries, the add form and each edit form."""
    entries = recent_journal(session=workspace.session, user_id=workspace.user_id)
    choices = recent_applications(session=workspace.session, user_id=workspace.user_id)
    # An entry about an older application keeps it in its picker, so saving never unlinks it.
    known = {app_id for app_id, _ in choices}
    for entry in entries:
        if entry.application_id is not None and entry.application_id not in known:
            known.add(entry.application_id)
            choices.append((entry.application_id, entry.company or str(entry.application_id)))
    forms: dict[str, FormState[Any]] = {
        f"journal-{entry.id}": FormState(
            values={"text": entry.text, "application_id": entry.application_id or ""}
        )
        for entry in entries
    }
    failed = {name: state for name, state in (failed or {}).items() if name in forms}
    forms.update(failed)
    return {
        "entries": entries,
        "journal_values": form.values if form else {},
        "journal_errors": form.errors if form else {},
        "journal_forms": forms,
        "journal_open": next(iter(failed), None),
        "application_choices": choices,
        "local": local_time(workspace),
    }


def mood_context(workspace: Workspace, form: FormState[Any] | None = None) -> dict[str, Any]:
    """What the mood partial needs: recent check-ins, the chart's data and the add form."""
    moods = recent_moods(session=workspace.session, user_id=workspace.user_id)
    local = local_time(workspace)
    oldest_first = list(reversed(moods))
    return {
        "moods": moods,
        "mood_chart": {
            "categories": [f"{local(m.at):%d %b %H:%M}" for m in oldest_first],
            "values": [m.mood for m in oldest_first],
            "name": "Mood (1 very low to 5 very good)",
        },
        "mood_values": form.values if form else {},
        "mood_errors": form.errors if form else {},
        "mood_choices": MOOD_CHOICES,
        "mood_words": MOOD_WORDS,
        "local": local,
    }


def reflection_context(
    workspace: Workspace,
    journal_form: FormState[Any] | None = None,
    mood_form: FormState[Any] | None = None,
    failed: dict[str, FormState[Any]] | None = None,
) -> dict[str, Any]:
    """Everything the Reflection page shows; `failed` holds edit forms shown with problems."""
    feedback = feedback_received(session=workspace.session, user_id=workspace.user_id)
    forms: dict[str, FormState[Any]] = {
        f"feedback-{item.id}": FormState(values=feedback_values(item)) for item in feedback
    }
    failed_feedback = {name: state for name, state in (failed or {}).items() if name in forms}
    forms.update(failed_feedback)
    return {
        "title": "Reflection",
        **journal_context(workspace, journal_form, failed),
        **mood_context(workspace, mood_form),
        "bank": question_bank(session=workspace.session, user_id=workspace.user_id),
        "feedback": feedback,
        "forms": forms,
        "feedback_open": next(iter(failed_feedback), None),
        "themes": search_themes(session=workspace.session, user_id=workspace.user_id),
    }


@router.get("/reflection", response_class=HTMLResponse)
def reflection_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the journal, mood over time, the question bank and feedback received."""
    return render(request, "reflection.html", reflection_context(workspace))


def _application_id(state: FormState[Any], raw: Any) -> int | None:
    """Reads the optional application picker; a bad value becomes an error next to it."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= 2_147_483_647:
        state.fail("choose an application from the list", on="application_id")
        return None
    return int(text)


@router.post("/reflection/journal", response_class=HTMLResponse)
def add_journal(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Adds a journal entry, optionally about one application."""
    state = read_model(JournalFields, values)
    application_id = _application_id(state, values.get("application_id"))
    if state.ok and state.model is not None:
        model = state.model
        run_service(
            state,
            lambda: add_journal_entry(
                session=workspace.session,
                user_id=workspace.user_id,
                fields=model,
                now=workspace.now,
                application_id=application_id,
            ),
            on="application_id",
        )
    if not state.ok:
        return _show_error(request, workspace, "partials/_reflection_journal.html", journal=state)
    message = "Saved to your journal."
    if is_htmx(request):
        return render(
            request,
            "partials/_reflection_journal.html",
            {**journal_context(workspace), "saved": message},
        )
    return flash(RedirectResponse("/reflection#journal", status_code=303), message)


@router.post("/reflection/journal/{entry_id}/edit", response_class=HTMLResponse)
def edit_journal(
    request: Request, workspace: WorkspaceDep, entry_id: Id, values: FormDep
) -> Response:
    """Changes a journal entry's text, or the application it is about."""
    entry = get_journal_entry(
        session=workspace.session, user_id=workspace.user_id, entry_id=entry_id
    )
    state = read_model(JournalFields, values)
    application_id = _application_id(state, values.get("application_id"))
    if state.ok and state.model is not None:
        text = state.model.text
        run_service(
            state,
            lambda: update_journal_entry(
                session=workspace.session,
                user_id=workspace.user_id,
                entry_id=entry_id,
                changes={"text": text, "application_id": application_id},
            ),
            on="application_id",
        )
    if not state.ok:
        name = f"journal-{entry_id}"
        if is_htmx(request):
            context = {**journal_context(workspace, failed={name: state}), "entry": entry}
            return render(request, "partials/_journal_edit.html", context)
        context = reflection_context(workspace, failed={name: state})
        return render(request, "reflection.html", context, status_code=422)
    return done(request, f"/reflection#journal-{entry_id}", "Saved the entry.")


@router.post("/reflection/journal/{entry_id}/delete", response_class=HTMLResponse)
def remove_journal(request: Request, workspace: WorkspaceDep, entry_id: Id) -> Response:
    """Deletes a journal entry."""
    delete_journal_entry(session=workspace.session, user_id=workspace.user_id, entry_id=entry_id)
    return done(request, "/reflection#journal", "Deleted the entry.")


@router.post("/reflection/moods", response_class=HTMLResponse)
def add_mood_checkin(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Records how the user feels, 1 to 5, with an optional note."""
    state = parse_form(MoodFields, values)
    if state.ok and state.model is not None:
        model = state.model
        run_service(
            state,
            lambda: add_mood(
                session=workspace.session,
                user_id=workspace.user_id,
                fields=model,
                now=workspace.now,
            ),
        )
    if not state.ok:
        return _show_error(request, workspace, "partials/_reflection_mood.html", mood=state)
    message = "Thank you for checking in."
    if is_htmx(request):
        return render(
            request, "partials/_reflection_mood.html", {**mood_context(workspace), "saved": message}
        )
    return flash(RedirectResponse("/reflection#mood", status_code=303), message)


def _show_error(
    request: Request,
    workspace: Workspace,
    partial: str,
    *,
    journal: FormState[Any] | None = None,
    mood: FormState[Any] | None = None,
) -> HTMLResponse:
    """Shows the form again with what was typed: the section for HTMX, else the whole page."""
    if is_htmx(request):
        if journal is not None:
            return render(request, partial, journal_context(workspace, journal))
        return render(request, partial, mood_context(workspace, mood))
    return render(
        request, "reflection.html", reflection_context(workspace, journal, mood), status_code=422
    )
