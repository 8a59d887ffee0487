"""The Application page: one process whole, and the forms that change it.

Every form is a plain POST that redirects with a message (so it works without
JavaScript); HTMX enhances it: a form with a problem is swapped back in place with
the errors next to its fields, and success reloads the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response

from afterword.errors import AfterwordError, ConfirmationRequiredError
from afterword.offers import service as offers_service
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import Decision, record_offer, update_offer
from afterword.pipeline.applications import (
    add_application,
    delete_application,
    get_application,
    reopen_application,
    update_application,
)
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import get_interview, log_interview, record_debrief
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import FeedbackFields, OutcomeFields
from afterword.pipeline.status import OfferDecision, OutcomeKind
from afterword.views.application import current_offer
from afterword.web.deps import WorkspaceDep
from afterword.web.errors import status_for
from afterword.web.forms import FormState, done, form_values
from afterword.web.routes.application_forms import (
    QUESTION_LISTS,
    read_application,
    read_contact,
    read_debrief,
    read_interview,
    read_model,
    read_offer,
)
from afterword.web.routes.application_page import CHOICES, page_context
from afterword.web.routes.pipeline import pipeline_context
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
T = TypeVar("T")


async def read_page_form(request: Request) -> dict[str, Any]:
    """The submitted form, with the debrief's repeated question fields kept as lists."""
    return form_values(await request.form(), lists=QUESTION_LISTS)


FormDep = Annotated[dict[str, Any], Depends(read_page_form)]


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, workspace: WorkspaceDep, application_id: Id) -> Response:
    """Shows everything about one process."""
    return render(request, "application.html", page_context(workspace, application_id))


# -- answering a form ---------------------------------------------------------------------------


def again(
    request: Request,
    workspace: Workspace,
    application_id: int,
    name: str,
    state: FormState[Any],
    status: int = 422,
    *,
    template: str | None = None,
    **extra: Any,
) -> Response:
    """A form with problems: shown again with what was typed and each error by its field.

    HTMX gets the form's own template (by default `_application_<name before the dash>`).
    """
    context = page_context(workspace, application_id, {name: state})
    context.update(extra)
    if is_htmx(request):
        partial = template or f"partials/_application_{name.split('-')[0]}.html"
        return render(request, partial, context)
    return render(request, "application.html", context, status_code=status)


def attempt(state: FormState[Any], action: Callable[[], T], *, on: str = "__form__") -> int:
    """Runs a service for a valid form; a refusal becomes the form's error. Returns a status."""
    try:
        action()
    except AfterwordError as error:
        state.fail(str(error), on=on)
        if isinstance(error, ConfirmationRequiredError):
            state.values["needs_confirm"] = "1"
        return status_for(error)
    return 200


# -- the forms ------------------------------------------------------------------------------------


@router.post("/applications", response_class=HTMLResponse)
def add(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Adds an application from the Pipeline page's quick-add form."""
    state = read_application(form)
    created: list[int] = []
    status = 422
    if state.ok:
        assert state.model is not None
        fields = state.model
        status = attempt(
            state,
            lambda: created.append(
                add_application(
                    session=workspace.session,
                    user_id=workspace.user_id,
                    fields=fields,
                    now=workspace.now,
                    today=workspace.today,
                ).id
            ),
        )
    if not created:
        context = pipeline_context(workspace, {}, add_form=state)
        if is_htmx(request):
            return render(request, "partials/_pipeline_add.html", context)
        return render(request, "pipeline.html", context, status_code=status)
    return done(
        request,
        f"/applications/{created[0]}",
        f"Added {state.model.company if state.model else 'the application'}. "
        "Everything about it lives on this page.",
    )


@router.post("/applications/{application_id}/edit", response_class=HTMLResponse)
def edit(request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep) -> Response:
    """Saves the application's details."""
    state = read_application(form)
    status = 422
    if state.ok:
        assert state.model is not None
        changes = state.model.model_dump()
        status = attempt(
            state,
            lambda: update_application(
                session=workspace.session,
                user_id=workspace.user_id,
                application_id=application_id,
                changes=changes,
                now=workspace.now,
                today=workspace.today,
            ),
        )
    if not state.ok:
        return again(request, workspace, application_id, "edit", state, status)
    return done(request, f"/applications/{application_id}", "Saved the details.")


@router.post("/applications/{application_id}/interviews", response_class=HTMLResponse)
def add_interview(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Logs the next interview round."""
    state, people = read_interview(
        form, default_zone=workspace.user.timezone, today=workspace.today
    )
    status = 422
    if state.ok:
        assert state.model is not None
        fields = state.model
        status = attempt(
            state,
            lambda: log_interview(
                session=workspace.session,
                user_id=workspace.user_id,
                application_id=application_id,
                fields=fields,
                now=workspace.now,
                new_interviewers=people,
            ),
        )
    if not state.ok:
        return again(request, workspace, application_id, "interview", state, status)
    return done(
        request,
        f"/applications/{application_id}#interviews",
        "Interview logged. Afterwards, write the debrief while it is fresh.",
    )


@router.post("/interviews/{interview_id}/debrief", response_class=HTMLResponse)
def debrief(request: Request, workspace: WorkspaceDep, interview_id: Id, form: FormDep) -> Response:
    """Saves the debrief of an interview, or adds a blank question row."""
    interview = get_interview(
        session=workspace.session, user_id=workspace.user_id, interview_id=interview_id
    )
    application_id = interview.application_id
    name = f"debrief-{interview_id}"
    state, questions = read_debrief(form)
    if form.get("add_row"):
        # Only asked for one more question row: show the form again, nothing saved.
        state.errors.clear()
        return again(request, workspace, application_id, name, state, 200, interview=interview)
    status = 422
    if state.ok:
        assert state.model is not None
        changes = state.model.model_dump(exclude={"questions"})
        status = attempt(
            state,
            lambda: record_debrief(
                session=workspace.session,
                user_id=workspace.user_id,
                interview_id=interview_id,
                changes=changes,
                now=workspace.now,
                questions=questions,
            ),
        )
    if not state.ok:
        return again(request, workspace, application_id, name, state, status, interview=interview)
    message = "Debrief saved."
    if state.model is not None and state.model.still_interested is False:
        message += " Telling the recruiter soon, politely, is kinder than going quiet."
    return done(request, f"/applications/{application_id}#interview-{interview_id}", message)


@router.post("/applications/{application_id}/outcomes", response_class=HTMLResponse)
def add_outcome(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Records news about the process; its status follows."""
    state = read_model(OutcomeFields, form)
    status = 422
    if state.ok:
        assert state.model is not None
        fields = state.model
        status = attempt(
            state,
            lambda: offers_service.record_news(
                session=workspace.session,
                user_id=workspace.user_id,
                application_id=application_id,
                fields=fields,
                now=workspace.now,
            ),
            on="kind",
        )
    if not state.ok:
        return again(request, workspace, application_id, "outcome", state, status)
    assert state.model is not None
    return done(request, f"/applications/{application_id}", _OUTCOME_MESSAGES[state.model.kind])


_OUTCOME_MESSAGES = {
    OutcomeKind.REJECTION: "Recorded. A no is the most common answer, even for strong candidates; "
    "your next steps are below.",
    OutcomeKind.OFFER: "Recorded the offer. Add its terms and deadline below, then take your time.",
    OutcomeKind.MORE_INTERVIEWS: "Recorded. More interviews mean they want to see more of you.",
    OutcomeKind.HIRING_MANAGER_CHAT: "Recorded. A chat with the hiring manager is a good sign.",
    OutcomeKind.GHOSTED: "Recorded as ghosted. If they write back, record the news here.",
    OutcomeKind.WITHDRAWN: "Recorded that you withdrew.",
}


def _add_to_application(
    request: Request,
    workspace: Workspace,
    application_id: int,
    form: dict[str, Any],
    *,
    reader: Callable[[dict[str, Any]], FormState[Any]],
    service: Callable[..., Any],
    name: str,
    anchor: str,
    message: str,
) -> Response:
    """Adds one thing (feedback, a person) to a process: validate, save, answer."""
    state = reader(form)
    status = 422
    if state.ok:
        fields = state.model
        status = attempt(
            state,
            lambda: service(
                session=workspace.session,
                user_id=workspace.user_id,
                application_id=application_id,
                fields=fields,
                now=workspace.now,
            ),
        )
    if not state.ok:
        return again(request, workspace, application_id, name, state, status)
    return done(request, f"/applications/{application_id}#{anchor}", message)


@router.post("/applications/{application_id}/feedback", response_class=HTMLResponse)
def add_feedback_form(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Records feedback the company gave."""
    return _add_to_application(
        request,
        workspace,
        application_id,
        form,
        reader=lambda values: read_model(FeedbackFields, values),
        service=add_feedback,
        name="feedback",
        anchor="feedback",
        message="Feedback saved.",
    )


@router.post("/applications/{application_id}/contacts", response_class=HTMLResponse)
def add_contact_form(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Adds a person to the process."""
    return _add_to_application(
        request,
        workspace,
        application_id,
        form,
        reader=read_contact,
        service=add_contact,
        name="contact",
        anchor="people",
        message="Contact added.",
    )


@router.post("/applications/{application_id}/offer", response_class=HTMLResponse)
def save_offer(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Records the offer's terms and deadline, or changes them."""
    state = read_offer(form)
    received = form.get("received_on") or workspace.today.isoformat()
    status = 422
    if state.ok:
        assert state.model is not None
        terms = state.model
        offer = current_offer(
            get_application(
                session=workspace.session, user_id=workspace.user_id, application_id=application_id
            )
        )

        def save() -> None:
            has_terms = offer is not None and any(
                getattr(offer, name) is not None for name in OfferTerms.model_fields
            )
            if offer is not None and offer.decision is OfferDecision.PENDING and has_terms:
                update_offer(
                    session=workspace.session,
                    user_id=workspace.user_id,
                    offer_id=offer.id,
                    changes=terms.model_dump(),
                    now=workspace.now,
                )
            else:
                record_offer(
                    session=workspace.session,
                    user_id=workspace.user_id,
                    application_id=application_id,
                    terms=terms,
                    received_on=workspace.date(received, what="the day it arrived"),
                    now=workspace.now,
                )

        status = attempt(state, save)
    if not state.ok:
        return again(request, workspace, application_id, "offer", state, status)
    return done(request, f"/applications/{application_id}#offer", "Saved the offer.")


@router.post("/applications/{application_id}/offer/decide", response_class=HTMLResponse)
def decide(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Records the decision on the offer; reneging needs the confirmation box."""
    state: FormState[Any] = FormState(values=dict(form))
    offer = current_offer(
        get_application(
            session=workspace.session, user_id=workspace.user_id, application_id=application_id
        )
    )
    choice = str(form.get("decision") or "")
    if offer is None:
        state.fail("there is no offer to decide on yet; record it first", on="decision")
    elif choice not in {value for value, _ in CHOICES["decisions"]}:
        state.fail("choose what happened to the offer", on="decision")
    status = 422
    decided: list[Decision] = []
    if offer is not None and not state.errors:
        offer_id = offer.id
        status = attempt(
            state,
            lambda: decided.append(
                offers_service.decide(
                    session=workspace.session,
                    user_id=workspace.user_id,
                    offer_id=offer_id,
                    decision=OfferDecision(choice),
                    decided_on=workspace.date(
                        str(form.get("decided_on") or "today"), what="the decision day"
                    ),
                    now=workspace.now,
                    confirm_renege=bool(form.get("confirm_renege")),
                )
            ),
            on="decision",
        )
    if state.errors:
        return again(request, workspace, application_id, "decide", state, status)
    message = "Decision recorded."
    for earlier in decided[0].reneged if decided else ():
        # Say what the confirmed renege did: the earlier acceptance is settled as declined.
        message += (
            f" You went back on your acceptance of the {earlier.application.company} offer; it "
            "is now recorded as declined, and a respectful message to them is in your agenda."
        )
    return done(request, f"/applications/{application_id}#offer", message)


@router.post("/applications/{application_id}/reopen", response_class=HTMLResponse)
def reopen(
    request: Request, workspace: WorkspaceDep, application_id: Id, form: FormDep
) -> Response:
    """Reopens an ended process (it came back, perhaps with a new role)."""
    state: FormState[Any] = FormState(values=dict(form))
    role = str(form.get("role") or "").strip()[:200] or None
    note = str(form.get("note") or "").strip()[:2000] or None
    status = attempt(
        state,
        lambda: reopen_application(
            session=workspace.session,
            user_id=workspace.user_id,
            application_id=application_id,
            now=workspace.now,
            role=role,
            note=note,
        ),
    )
    if state.errors:
        return again(request, workspace, application_id, "reopen", state, status)
    return done(request, f"/applications/{application_id}", "Reopened. Good luck with round two.")


@router.get("/applications/{application_id}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, workspace: WorkspaceDep, application_id: Id) -> Response:
    """Asks before deleting: it cannot be undone."""
    application = get_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    return render(
        request,
        "application_delete.html",
        {"application": application, "title": f"Delete {application.company}?"},
    )


@router.post("/applications/{application_id}/delete", response_class=HTMLResponse)
def delete(request: Request, workspace: WorkspaceDep, application_id: Id) -> Response:
    """Deletes the application and everything recorded about it."""
    application = get_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    label = f"{application.company}, {application.role}"
    delete_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    return done(request, "/pipeline", f"Deleted {label} and everything recorded about it.")
