"""JSON API: applications and what happens in each process (interviews, outcomes, offers)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from afterword import localtime
from afterword.offers.schemas import OfferRead, OfferTerms
from afterword.offers.service import record_news, record_offer, update_offer
from afterword.pipeline.applications import (
    add_application,
    delete_application,
    get_application,
    update_application,
)
from afterword.pipeline.board import CLOSED, read_query, table_page
from afterword.pipeline.contacts import add_contact, delete_contact, update_contact
from afterword.pipeline.interviews import (
    delete_interview,
    get_interview,
    log_interview,
    record_debrief,
    update_interview,
)
from afterword.pipeline.outcomes import (
    add_feedback,
    delete_feedback,
    update_feedback,
)
from afterword.pipeline.schemas import (
    ApplicationFields,
    ApplicationRead,
    ContactFields,
    ContactRead,
    FeedbackFields,
    FeedbackRead,
    InterviewFields,
    InterviewRead,
    OutcomeFields,
    OutcomeRead,
    StatusChangeRead,
)
from afterword.pipeline.status import OfferDecision, Status
from afterword.views.application import current_offer
from afterword.web.api.application_schemas import (
    ApplicationId,
    ApplicationIn,
    ApplicationList,
    ApplicationPatch,
    ApplicationRow,
    ContactId,
    DebriefIn,
    FeedbackId,
    FeedbackIn,
    FeedbackPatch,
    InterviewId,
    InterviewIn,
    InterviewPatch,
    OfferIn,
    OutcomeIn,
    OutcomeOut,
    PersonIn,
    PersonPatch,
    columns,
)
from afterword.web.deps import WorkspaceDep
from afterword.web.routes.pipeline import executor

router = APIRouter(prefix="/api", tags=["applications"])


# -- routes -----------------------------------------------------------------------------------


@router.get("/applications", response_model=ApplicationList)
def list_applications(
    workspace: WorkspaceDep,
    status: Annotated[Status | Literal["closed"] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in company or role.")] = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
    sort: Literal["company", "role", "status", "applied", "changed"] = "changed",
    direction: Annotated[Literal["asc", "desc"] | None, Query(alias="dir")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ApplicationList:
    """Lists applications: filtered, sorted (newest change first by default) and paginated."""
    query = read_query(
        {
            "status": CLOSED if status == CLOSED else (status or None),
            "q": (q or "").replace("\x00", ""),
            "tag": (tag or "").replace("\x00", ""),
            "open": "1" if open_only else None,
            "sort": sort,
            "dir": direction,
            "page": str(page),
        }
    )
    result = table_page(
        executor(workspace),
        user_id=workspace.user_id,
        timezone=workspace.user.timezone,
        query=query,
        per_page=per_page,
    )
    return ApplicationList(
        items=[
            ApplicationRow(**columns(row, ApplicationRow, tags=list(row.tags)))
            for row in result.rows
        ],
        total=result.total,
        page=result.query.page,
        pages=result.pages,
        per_page=per_page,
    )


@router.post("/applications", response_model=ApplicationRead, status_code=201)
def create_application(workspace: WorkspaceDep, body: ApplicationIn) -> ApplicationRead:
    """Adds an application (applied today unless `applied_on` says otherwise)."""
    fields = ApplicationFields.model_validate(body.model_dump())
    if fields.applied_on is None:
        fields = fields.model_copy(update={"applied_on": workspace.today})
    application = add_application(
        session=workspace.session,
        user_id=workspace.user_id,
        fields=fields,
        now=workspace.now,
        today=workspace.today,
    )
    return ApplicationRead.of(application)


@router.get("/applications/{application_id}", response_model=ApplicationRead)
def read_application(workspace: WorkspaceDep, application_id: ApplicationId) -> ApplicationRead:
    """One application's details."""
    return ApplicationRead.of(
        get_application(
            session=workspace.session, user_id=workspace.user_id, application_id=application_id
        )
    )


@router.patch("/applications/{application_id}", response_model=ApplicationRead)
def change_application(
    workspace: WorkspaceDep, application_id: ApplicationId, body: ApplicationPatch
) -> ApplicationRead:
    """Changes the fields given; the result is validated as a whole."""
    changes = body.model_dump(exclude_unset=True)
    if changes.get("tags") is None and "tags" in changes:
        changes["tags"] = []
    application = update_application(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        changes=changes,
        now=workspace.now,
        today=workspace.today,
    )
    return ApplicationRead.of(application)


@router.delete("/applications/{application_id}", status_code=204, response_class=Response)
def remove_application(workspace: WorkspaceDep, application_id: ApplicationId) -> Response:
    """Deletes an application and everything recorded about it."""
    delete_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    return Response(status_code=204)


@router.get("/applications/{application_id}/history", response_model=list[StatusChangeRead])
def application_history(
    workspace: WorkspaceDep, application_id: ApplicationId
) -> list[StatusChangeRead]:
    """The application's status changes, oldest first."""
    application = get_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    return [StatusChangeRead.of(entry) for entry in application.history]


@router.post(
    "/applications/{application_id}/interviews", response_model=InterviewRead, status_code=201
)
def create_interview(
    workspace: WorkspaceDep, application_id: ApplicationId, body: InterviewIn
) -> InterviewRead:
    """Logs the next interview round (the application moves to 'interviewing')."""
    zone = body.timezone or workspace.user.timezone
    scheduled = body.scheduled_at
    if scheduled is not None and scheduled.tzinfo is None:
        scheduled = scheduled.replace(tzinfo=localtime.zone(zone))
    fields = InterviewFields(
        kind=body.kind,
        scheduled_at=scheduled,
        timezone=zone if scheduled is not None else body.timezone,
        duration_minutes=body.duration_minutes,
        location=body.location,
    )
    interview = log_interview(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        fields=fields,
        now=workspace.now,
        interviewer_ids=list(body.interviewer_ids),
        new_interviewers=[
            ContactFields.model_validate(p.model_dump(exclude_unset=True))
            for p in body.interviewers
        ],
    )
    return InterviewRead.of(interview)


@router.patch("/interviews/{interview_id}", response_model=InterviewRead)
def change_interview(
    workspace: WorkspaceDep, interview_id: InterviewId, body: InterviewPatch
) -> InterviewRead:
    """Changes the interview's fields given (null clears); interviewers given are added."""
    interview = get_interview(
        session=workspace.session, user_id=workspace.user_id, interview_id=interview_id
    )
    changes = body.model_dump(exclude_unset=True, exclude={"interviewer_ids", "interviewers"})
    scheduled = changes.get("scheduled_at")
    if scheduled is not None:
        zone = changes.get("timezone") or interview.timezone or workspace.user.timezone
        if scheduled.tzinfo is None:
            changes["scheduled_at"] = scheduled.replace(tzinfo=localtime.zone(zone))
        changes["timezone"] = zone
    interview = update_interview(
        session=workspace.session,
        user_id=workspace.user_id,
        interview_id=interview_id,
        changes=changes,
        now=workspace.now,
        interviewer_ids=list(body.interviewer_ids),
        new_interviewers=[
            ContactFields.model_validate(p.model_dump(exclude_unset=True))
            for p in body.interviewers
        ],
    )
    return InterviewRead.of(interview)


@router.delete("/interviews/{interview_id}", status_code=204, response_class=Response)
def remove_interview(workspace: WorkspaceDep, interview_id: InterviewId) -> Response:
    """Deletes an interview with its debrief; its people stay, later rounds move up one."""
    delete_interview(
        session=workspace.session,
        user_id=workspace.user_id,
        interview_id=interview_id,
        now=workspace.now,
    )
    return Response(status_code=204)


@router.post("/interviews/{interview_id}/debrief", response_model=InterviewRead)
def write_debrief(
    workspace: WorkspaceDep, interview_id: InterviewId, body: DebriefIn
) -> InterviewRead:
    """Writes or amends an interview's debrief; questions given are added to its list."""
    changes = body.model_dump(exclude_unset=True, exclude={"questions"})
    interview = record_debrief(
        session=workspace.session,
        user_id=workspace.user_id,
        interview_id=interview_id,
        changes=changes,
        now=workspace.now,
        questions=list(body.questions),
    )
    return InterviewRead.of(interview)


@router.post("/applications/{application_id}/outcomes", response_model=OutcomeOut, status_code=201)
def create_outcome(
    workspace: WorkspaceDep, application_id: ApplicationId, body: OutcomeIn
) -> OutcomeOut:
    """Records news about a process; 409 when its status does not allow it."""
    outcome = record_news(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        fields=OutcomeFields.model_validate(body.model_dump()),
        now=workspace.now,
    )
    return OutcomeOut(**OutcomeRead.of(outcome).model_dump(), status=outcome.application.status)


@router.post(
    "/applications/{application_id}/feedback", response_model=FeedbackRead, status_code=201
)
def create_feedback(
    workspace: WorkspaceDep, application_id: ApplicationId, body: FeedbackIn
) -> FeedbackRead:
    """Records feedback the company gave."""
    feedback = add_feedback(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        fields=FeedbackFields.model_validate(body.model_dump()),
        now=workspace.now,
    )
    return FeedbackRead.of(feedback)


@router.patch("/feedback/{feedback_id}", response_model=FeedbackRead)
def change_feedback(
    workspace: WorkspaceDep, feedback_id: FeedbackId, body: FeedbackPatch
) -> FeedbackRead:
    """Corrects feedback: its words or the day it arrived."""
    feedback = update_feedback(
        session=workspace.session,
        user_id=workspace.user_id,
        feedback_id=feedback_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return FeedbackRead.of(feedback)


@router.delete("/feedback/{feedback_id}", status_code=204, response_class=Response)
def remove_feedback(workspace: WorkspaceDep, feedback_id: FeedbackId) -> Response:
    """Deletes a piece of feedback."""
    delete_feedback(session=workspace.session, user_id=workspace.user_id, feedback_id=feedback_id)
    return Response(status_code=204)


@router.post("/applications/{application_id}/contacts", response_model=ContactRead, status_code=201)
def create_contact(
    workspace: WorkspaceDep, application_id: ApplicationId, body: PersonIn
) -> ContactRead:
    """Adds a person to a process."""
    contact = add_contact(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        fields=ContactFields.model_validate(body.model_dump()),
        now=workspace.now,
    )
    return ContactRead.of(contact)


@router.patch("/contacts/{contact_id}", response_model=ContactRead)
def change_contact(
    workspace: WorkspaceDep, contact_id: ContactId, body: PersonPatch
) -> ContactRead:
    """Changes a person's fields given (null clears); they still need a name or an address."""
    contact = update_contact(
        session=workspace.session,
        user_id=workspace.user_id,
        contact_id=contact_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return ContactRead.of(contact)


@router.delete("/contacts/{contact_id}", status_code=204, response_class=Response)
def remove_contact(workspace: WorkspaceDep, contact_id: ContactId) -> Response:
    """Deletes a person; interviews they took part in stay, without them."""
    delete_contact(session=workspace.session, user_id=workspace.user_id, contact_id=contact_id)
    return Response(status_code=204)


@router.post("/applications/{application_id}/offer", response_model=OfferRead)
def save_offer(workspace: WorkspaceDep, application_id: ApplicationId, body: OfferIn) -> OfferRead:
    """Records the offer (the application moves to 'offer'), or changes the open offer's terms."""
    application = get_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    offer = current_offer(application)
    given = body.model_dump(exclude_unset=True, exclude={"received_on"})
    has_terms = offer is not None and any(
        getattr(offer, name) is not None for name in OfferTerms.model_fields
    )
    if offer is not None and offer.decision is OfferDecision.PENDING and has_terms:
        offer = update_offer(
            session=workspace.session,
            user_id=workspace.user_id,
            offer_id=offer.id,
            changes=given,
            now=workspace.now,
        )
    else:
        offer = record_offer(
            session=workspace.session,
            user_id=workspace.user_id,
            application_id=application_id,
            terms=OfferTerms.model_validate(given),
            received_on=body.received_on or workspace.today,
            now=workspace.now,
        )
    return OfferRead.of(offer)
