"""The Today page: what to do now, offer deadlines ahead, and a word after hard news.

Built for a search of thousands of applications: a bounded number of actions per
group (one query), a few counting queries, and nothing loaded that is not shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword.demo.workspace import clear_demo, is_demo_loaded
from afterword.offers.deadlines import pending_deadlines
from afterword.pipeline.models import Application
from afterword.reflection.encouragement_service import encouragement_for
from afterword.reflection.schemas import MoodFields
from afterword.reflection.service import add_mood
from afterword.reflection.weekly import week_of
from afterword.reflection.weekly_service import load_week
from afterword.views.agenda import GROUPS, agenda_view
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import FormState, parse_form, read_form, run_service
from afterword.web.page_cache import cached_page
from afterword.web.routes.actions import SNOOZE_CHOICES
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

FormDep = Annotated[dict[str, Any], Depends(read_form)]
# Actions shown per group at first (a stressed person can take in about this many);
# "show them all" raises it for one group, still bounded.
SHOWN = 10
SHOWN_ALL = 500
MOOD_CHOICES = (
    (1, "1 — very low"),
    (2, "2 — low"),
    (3, "3 — so-so"),
    (4, "4 — good"),
    (5, "5 — very good"),
)
THANKS = "Thanks — noted."


def has_applications(workspace: Workspace) -> bool:
    """Whether the user has recorded any application at all (a cheap existence check)."""
    query = sa.select(Application.id).where(Application.user_id == workspace.user_id).limit(1)
    return workspace.session.scalar(query) is not None


def today_context(
    workspace: Workspace, *, show: str | None = None, mood: FormState[Any] | None = None
) -> dict[str, Any]:
    """Everything the Today page shows."""
    session, user_id, today = workspace.session, workspace.user_id, workspace.today
    view = agenda_view(session=session, user_id=user_id, today=today, limit=SHOWN)
    if show in GROUPS and view.groups[show].hidden:
        # One group in full (bounded), the others as they were.
        full = agenda_view(session=session, user_id=user_id, today=today, limit=SHOWN_ALL)
        view.groups[show] = full.groups[show]
    started = view.total > 0 or has_applications(workspace)
    return {
        "title": "Today",
        "agenda": view,
        "groups": view.groups,
        "started": started,
        "deadlines": pending_deadlines(session=session, user_id=user_id) if started else [],
        "encouragement": (
            encouragement_for(session=session, user_id=user_id, today=today, now=workspace.now)
            if started
            else None
        ),
        "demo": is_demo_loaded(session=session, user_id=user_id) if started else False,
        # Once a week, at its start (Monday to Wednesday): the review of the week before.
        "review": (
            load_week(
                session=session,
                user_id=user_id,
                timezone=workspace.user.timezone,
                start=week_of(today) - dt.timedelta(days=7),
            )
            if started and today.weekday() < 3
            else None
        ),
        "snooze_choices": SNOOZE_CHOICES,
        "mood_choices": MOOD_CHOICES,
        "mood_values": mood.values if mood else {},
        "mood_errors": mood.errors if mood else {},
        "mood_thanks": False,
    }


@router.get("/", response_class=HTMLResponse)
async def today_page(
    request: Request,
    workspace: WorkspaceDep,
    show: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """Shows what to do now: overdue, today, this week; offers; a word after a rejection."""
    return await cached_page(
        request,
        workspace,
        lambda: render(request, "today.html", today_context(workspace, show=show)),
    )


@router.post("/mood", response_class=HTMLResponse)
def mood_checkin(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Records a mood check-in from the Today page."""
    # From the block after a rejection, the check-in is about that process (it settles its
    # "check in with yourself" step); anything else is a check-in about the search.
    form = dict(form)
    raw = str(form.pop("application_id", "") or "").strip()
    state = parse_form(MoodFields, form)
    application_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
    if state.ok and state.model is not None:
        fields = state.model
        run_service(
            state,
            lambda: add_mood(
                session=workspace.session,
                user_id=workspace.user_id,
                fields=fields,
                now=workspace.now,
                application_id=application_id,
            ),
        )
    if is_htmx(request):
        context: dict[str, Any] = {
            "mood_application": application_id,
            "mood_choices": MOOD_CHOICES,
            "mood_values": state.values if not state.ok else {},
            "mood_errors": state.errors,
            "mood_thanks": state.ok,
        }
        return render(request, "partials/_today_mood.html", context)
    if not state.ok:
        return render(request, "today.html", today_context(workspace, mood=state), status_code=422)
    return flash(RedirectResponse("/", status_code=303), THANKS)


@router.post("/demo/clear")
def demo_clear(workspace: WorkspaceDep) -> Response:
    """Removes the sample data, keeping everything the user wrote."""
    removed = clear_demo(session=workspace.session, user_id=workspace.user_id)
    message = (
        f"The sample search is gone ({removed} applications removed). Everything you added stays."
        if removed
        else "The sample search is gone. Everything you added stays."
    )
    return flash(RedirectResponse("/", status_code=303), message)
