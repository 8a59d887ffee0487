"""Changing or deleting what a process records: its interviews, its people and its feedback.

The forms sit where each record is shown (the Application page; feedback also on the
Reflection page, which sends `back=reflection`). Like every form of the page they are
plain POSTs that redirect with a message, enhanced by HTMX; a delete is a second button
behind a <details> the user opens, so it always asks first.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from afterword.pipeline.contacts import delete_contact, get_contact, update_contact
from afterword.pipeline.interviews import delete_interview, get_interview, update_interview
from afterword.pipeline.outcomes import delete_feedback, get_feedback, update_feedback
from afterword.pipeline.schemas import FeedbackFields
from afterword.web.deps import WorkspaceDep
from afterword.web.forms import FormState, done
from afterword.web.routes.application_forms import read_contact, read_interview, read_model
from afterword.web.routes.applications import FormDep, Id, again, attempt
from afterword.web.routes.reflection import reflection_context
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)


# -- interviews -----------------------------------------------------------------------------------


@router.post("/interviews/{interview_id}/edit", response_class=HTMLResponse)
def edit_interview(
    request: Request, workspace: WorkspaceDep, interview_id: Id, form: FormDep
) -> Response:
    """Changes an interview's kind, time or place, and adds interviewers."""
    interview = get_interview(
        session=workspace.session, user_id=workspace.user_id, interview_id=interview_id
    )
    state, people = read_interview(
        form, default_zone=workspace.user.timezone, today=workspace.today
    )
    status = 422
    if state.ok:
        assert state.model is not None
        changes = state.model.model_dump()
        status = attempt(
            state,
            lambda: update_interview(
                session=workspace.session,
                user_id=workspace.user_id,
                interview_id=interview_id,
                changes=changes,
                now=workspace.now,
                new_interviewers=people,
            ),
        )
    application_id = interview.application_id
    if not state.ok:
        return again(
            request,
            workspace,
            application_id,
            f"interview-{interview_id}",
            state,
            status,
            template="partials/_application_interview_edit.html",
            interview=interview,
        )
    return done(
        request, f"/applications/{application_id}#interview-{interview_id}", "Saved the interview."
    )


@router.post("/interviews/{interview_id}/delete", response_class=HTMLResponse)
def remove_interview(request: Request, workspace: WorkspaceDep, interview_id: Id) -> Response:
    """Deletes an interview with its debrief; its people stay, later rounds move up one."""
    interview = get_interview(
        session=workspace.session, user_id=workspace.user_id, interview_id=interview_id
    )
    application_id, number = interview.application_id, interview.round
    later = len(interview.application.interviews) > number
    delete_interview(
        session=workspace.session,
        user_id=workspace.user_id,
        interview_id=interview_id,
        now=workspace.now,
    )
    message = f"Deleted round {number} and its debrief."
    if later:
        message += " The later rounds moved up one."
    return done(request, f"/applications/{application_id}#interviews", message)


# -- people ---------------------------------------------------------------------------------------


@router.post("/contacts/{contact_id}/edit", response_class=HTMLResponse)
def edit_contact(
    request: Request, workspace: WorkspaceDep, contact_id: Id, form: FormDep
) -> Response:
    """Changes a person's details."""
    contact = get_contact(
        session=workspace.session, user_id=workspace.user_id, contact_id=contact_id
    )
    state = read_contact(form)
    status = 422
    if state.ok:
        assert state.model is not None
        changes = state.model.model_dump()
        status = attempt(
            state,
            lambda: update_contact(
                session=workspace.session,
                user_id=workspace.user_id,
                contact_id=contact_id,
                changes=changes,
            ),
        )
    if not state.ok:
        return again(
            request,
            workspace,
            contact.application_id,
            f"contact-{contact_id}",
            state,
            status,
            template="partials/_application_contact_edit.html",
            contact=contact,
        )
    return done(
        request, f"/applications/{contact.application_id}#people", f"Saved {contact.display_name}."
    )


@router.post("/contacts/{contact_id}/delete", response_class=HTMLResponse)
def remove_contact(request: Request, workspace: WorkspaceDep, contact_id: Id) -> Response:
    """Deletes a person; interviews they took part in stay, without them."""
    contact = get_contact(
        session=workspace.session, user_id=workspace.user_id, contact_id=contact_id
    )
    application_id, name = contact.application_id, contact.display_name
    delete_contact(session=workspace.session, user_id=workspace.user_id, contact_id=contact_id)
    return done(request, f"/applications/{application_id}#people", f"Removed {name}.")


# -- feedback (shown on the Application page and on the Reflection page) -------------------------


def _from_reflection(form: dict[str, Any]) -> bool:
    return form.get("back") == "reflection"


def _feedback_url(form: dict[str, Any], feedback: Any) -> str:
    """Back to where the feedback was shown: the Reflection page or its application's."""
    if _from_reflection(form):
        return "/reflection#feedback"
    return f"/applications/{feedback.application_id}#feedback"


def _feedback_again(
    request: Request,
    workspace: Workspace,
    form: dict[str, Any],
    feedback: Any,
    state: FormState[Any],
    status: int,
) -> Response:
    """The feedback form with its problems, on the page it was sent from."""
    name = f"feedback-{feedback.id}"
    if not _from_reflection(form):
        return again(
            request,
            workspace,
            feedback.application_id,
            name,
            state,
            status,
            template="partials/_feedback_edit.html",
            item=feedback,
            back=None,
        )
    if is_htmx(request):
        context = {"item": feedback, "forms": {name: state}, "back": "reflection"}
        return render(request, "partials/_feedback_edit.html", context)
    context = reflection_context(workspace, failed={name: state})
    return render(request, "reflection.html", context, status_code=status)


@router.post("/feedback/{feedback_id}/edit", response_class=HTMLResponse)
def edit_feedback(
    request: Request, workspace: WorkspaceDep, feedback_id: Id, form: FormDep
) -> Response:
    """Corrects feedback: its words or the day it arrived."""
    feedback = get_feedback(
        session=workspace.session, user_id=workspace.user_id, feedback_id=feedback_id
    )
    state = read_model(FeedbackFields, form)
    status = 422
    if state.ok:
        assert state.model is not None
        changes = state.model.model_dump()
        status = attempt(
            state,
            lambda: update_feedback(
                session=workspace.session,
                user_id=workspace.user_id,
                feedback_id=feedback_id,
                changes=changes,
            ),
        )
    if not state.ok:
        return _feedback_again(request, workspace, form, feedback, state, status)
    return done(request, _feedback_url(form, feedback), "Saved the feedback.")


@router.post("/feedback/{feedback_id}/delete", response_class=HTMLResponse)
def remove_feedback(
    request: Request, workspace: WorkspaceDep, feedback_id: Id, form: FormDep
) -> Response:
    """Deletes a piece of feedback."""
    feedback = get_feedback(
        session=workspace.session, user_id=workspace.user_id, feedback_id=feedback_id
    )
    url = _feedback_url(form, feedback)
    delete_feedback(session=workspace.session, user_id=workspace.user_id, feedback_id=feedback_id)
    return done(request, url, "Deleted the feedback.")
