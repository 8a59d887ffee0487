"""The Offers page: offers side by side, open processes against deadlines, negotiation notes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword.offers.comparison import Verdict
from afterword.offers.comparison_service import offers_overview, snapshot
from afterword.offers.salary_service import targets as salary_targets
from afterword.offers.salary_target import against_target
from afterword.offers.service import ask_for_more_time_again, get_offer, update_offer
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import FormState, read_form, run_service
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

OfferId = Annotated[int, Path(ge=1, le=2_147_483_647)]
FormDep = Annotated[dict[str, Any], Depends(read_form)]

# The timeline drawing: width of the labels column and of the whole picture (SVG units).
TIMELINE = {"label_width": 230, "width": 760, "row_height": 30, "top": 56}


def offers_context(
    workspace: Workspace, notes_forms: dict[int, FormState[Any]] | None = None
) -> dict[str, Any]:
    """Everything the Offers page shows."""
    comparison, timeline = offers_overview(
        session=workspace.session,
        user=workspace.user,
        today=workspace.today,
        timings=workspace.settings.playbook,
    )
    targets = salary_targets(session=workspace.session, user_id=workspace.user_id)
    # Each offer's base against the research for its application (None: nothing to compare).
    against = {
        offer.id: against_target(
            offer.pay.base_salary if "base" in offer.known else None,
            offer.currency,
            targets.get(offer.application_id),
        )
        for offer in comparison.columns
    }
    return {
        "title": "Offers",
        "comparison": comparison,
        "against_target": against,
        "timeline": timeline,
        "geometry": TIMELINE,
        "Verdict": Verdict,
        "notes_forms": notes_forms or {},
    }


@router.get("/offers", response_class=HTMLResponse)
def offers_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the comparison, the deadline timeline and each offer's notes."""
    return render(request, "offers.html", offers_context(workspace))


@router.post("/offers/{offer_id}/notes", response_class=HTMLResponse)
def save_notes(
    request: Request, workspace: WorkspaceDep, offer_id: OfferId, values: FormDep
) -> Response:
    """Saves the user's negotiation notes on one offer."""
    offer = get_offer(session=workspace.session, user_id=workspace.user_id, offer_id=offer_id)
    state: FormState[Any] = FormState(values={"notes": values.get("notes", "")})
    notes = str(values.get("notes") or "")
    run_service(
        state,
        lambda: update_offer(
            session=workspace.session,
            user_id=workspace.user_id,
            offer_id=offer_id,
            changes={"notes": notes if notes.strip() else None},
            now=workspace.now,
        ),
        on="notes",
    )
    column = snapshot(offer, offer.application.company, offer.application.role)
    if not state.errors:
        message = f"Notes on the {column.company} offer saved."
        if is_htmx(request):
            return render(
                request,
                "partials/_offers_notes.html",
                {"offer": column, "form": None, "saved": message},
            )
        return flash(RedirectResponse(f"/offers#notes-{offer_id}", status_code=303), message)
    if is_htmx(request):
        return render(
            request, "partials/_offers_notes.html", {"offer": column, "form": state, "saved": None}
        )
    return render(
        request, "offers.html", offers_context(workspace, {offer_id: state}), status_code=422
    )


@router.post("/offers/{offer_id}/more-time")
def more_time(workspace: WorkspaceDep, offer_id: OfferId, form: FormDep) -> Response:
    """Plans one more request for more time on an open offer (the user asked for it)."""
    offer = ask_for_more_time_again(
        session=workspace.session,
        user_id=workspace.user_id,
        offer_id=offer_id,
        today=workspace.today,
        now=workspace.now,
    )
    message = (
        f"Another request for more time on the {offer.application.company} offer is in your agenda."
    )
    target = f"/applications/{offer.application_id}#offer"
    return flash(RedirectResponse(target, status_code=303), message)
