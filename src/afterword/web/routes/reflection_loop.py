"""The reflection loop's pages: the structured reflection form, the practice view (usable with
the keyboard alone), and the game plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from afterword.errors import AfterwordError, InvalidInputError
from afterword.offers.salary_service import get_research, set_research
from afterword.pipeline.applications import get_application
from afterword.playbook.service import reopen_by_key
from afterword.reflection.game_plan import Move
from afterword.reflection.goals import GOAL_PARTS, get_goals, set_goals
from afterword.reflection.overview import recent_applications
from afterword.reflection.plan_service import choose_move, game_plan, review_plan, set_step_done
from afterword.reflection.practice import RATINGS, list_bank, rate_practice, sync_bank, write_answer
from afterword.reflection.reflections import add_reflection, list_reflections
from afterword.reflection.schemas import REFLECTION_PROMPTS, PlanMoveFields, ReflectionFields
from afterword.reflection.theme_service import search_themes
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import FormState, done, read_form, run_service
from afterword.web.routes.application_forms import read_model
from afterword.web.templating import render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
FormDep = Annotated[dict[str, Any], Depends(read_form)]


def _reflect_context(workspace: Workspace, state: FormState[Any] | None = None) -> dict[str, Any]:
    return {
        "title": "Reflect",
        "prompts": REFLECTION_PROMPTS,
        "application_choices": recent_applications(
            session=workspace.session, user_id=workspace.user_id
        ),
        "values": state.values if state else {},
        "errors": state.errors if state else {},
        "reflections": list_reflections(session=workspace.session, user_id=workspace.user_id),
    }


@router.get("/reflection/reflect", response_class=HTMLResponse)
def reflect_page(
    request: Request,
    workspace: WorkspaceDep,
    application: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    interview: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """The four prompts of a reflection, and the reflections written so far."""
    context = _reflect_context(workspace)
    if application is not None:
        context["values"] = {"application_id": application, "interview_id": interview or ""}
    return render(request, "reflect.html", context)


@router.post("/reflection/reflect", response_class=HTMLResponse)
def save_reflection(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Saves a reflection with whichever prompts were answered (at least one)."""
    state = read_model(ReflectionFields, values)
    raw = str(values.get("application_id") or "").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 2_147_483_647:
        state.fail("choose the application it is about", on="application_id")
    raw_interview = str(values.get("interview_id") or "").strip()
    interview_id = (
        int(raw_interview)
        if raw_interview.isdigit() and len(raw_interview) <= 10 and int(raw_interview) <= 2**31 - 1
        else None
    )
    if state.ok and state.model is not None:
        model = state.model
        run_service(
            state,
            lambda: add_reflection(
                session=workspace.session,
                user_id=workspace.user_id,
                application_id=int(raw),
                fields=model,
                now=workspace.now,
                interview_id=interview_id,
            ),
            on="application_id",
        )
    if not state.ok:
        return render(request, "reflect.html", _reflect_context(workspace, state), status_code=422)
    return flash(
        RedirectResponse("/reflection/reflect#reflections", status_code=303),
        "Saved your reflection. What went well is worth keeping; the rest is practice.",
    )


@router.get("/practice", response_class=HTMLResponse)
def practice_page(
    request: Request,
    workspace: WorkspaceDep,
    card: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """One question at a time: the next due (or the one asked for), the latest answer, ratings."""
    sync_bank(session=workspace.session, user_id=workspace.user_id, now=workspace.now)
    items, upcoming = list_bank(
        session=workspace.session,
        user_id=workspace.user_id,
        timezone=workspace.user.timezone,
        today=workspace.today,
    )
    current = next((item for item in items if item.id == card), None) if card else None
    if current is None and items:
        current = items[0]
    return render(
        request,
        "practice.html",
        {
            "title": "Practice",
            "items": items,
            "current": current,
            "upcoming": upcoming,
            "ratings": RATINGS,
            "today_date": workspace.today,
        },
    )


@router.post("/practice/{card_id}", response_class=HTMLResponse)
def practise(request: Request, workspace: WorkspaceDep, card_id: Id, values: FormDep) -> Response:
    """Saves a better answer (if written) and how the practice went."""
    answer = str(values.get("answer") or "").strip()
    raw_rating = str(values.get("rating") or "").strip()
    try:
        if answer:
            write_answer(
                session=workspace.session,
                user_id=workspace.user_id,
                card_id=card_id,
                text=answer,
                now=workspace.now,
            )
        if raw_rating:
            rate_practice(
                session=workspace.session,
                user_id=workspace.user_id,
                card_id=card_id,
                rating=int(raw_rating) if raw_rating.isdigit() else 0,
                now=workspace.now,
            )
    except AfterwordError as error:
        return flash(RedirectResponse(f"/practice?card={card_id}", status_code=303), str(error))
    message = f"Rated '{RATINGS[int(raw_rating)]}'." if raw_rating else "Saved your answer."
    return flash(RedirectResponse("/practice#practice-question", status_code=303), message)


STEP_ROWS = 3  # step rows on the form; more can be added to a move later


def _plan_context(workspace: Workspace, state: FormState[Any] | None = None) -> dict[str, Any]:
    return {
        "title": "Game plan",
        "plan": game_plan(session=workspace.session, user_id=workspace.user_id),
        "themes": search_themes(session=workspace.session, user_id=workspace.user_id)[:5],
        "moves": list(Move),
        "step_rows": range(1, STEP_ROWS + 1),
        "application_choices": recent_applications(
            session=workspace.session, user_id=workspace.user_id
        ),
        "values": state.values if state else {},
        "errors": state.errors if state else {},
    }


@router.get("/game-plan", response_class=HTMLResponse)
def game_plan_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """The game plan: what keeps coming up, the moves and their dated steps, what changed."""
    return render(request, "game_plan.html", _plan_context(workspace))


@router.post("/game-plan/moves", response_class=HTMLResponse)
def choose_plan_move(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Records a chosen move with its dated steps; blank step rows are left out."""
    steps = [
        {"text": values.get(f"step_{n}_text"), "due": values.get(f"step_{n}_due")}
        for n in range(1, STEP_ROWS + 1)
        if str(values.get(f"step_{n}_text") or "").strip()
        or str(values.get(f"step_{n}_due") or "").strip()
    ]
    state: FormState[Any] = FormState(values=dict(values))
    try:
        fields = PlanMoveFields.model_validate(
            {"move": values.get("move") or "", "why": values.get("why"), "steps": steps}
        )
    except ValidationError as error:
        fields = None
        for problem in error.errors():
            where = problem["loc"]
            if where and where[0] == "steps" and len(where) >= 3:
                on = f"step_{int(where[1]) + 1}_{where[2]}"
            elif where and where[0] == "steps":
                on = "step_1_text"
            else:
                on = str(where[0]) if where else "__form__"
            message = problem["msg"].removeprefix("Value error, ")
            if on == "step_1_text" and not steps:
                message = "give the move at least one step with a date"
            state.errors.setdefault(on, message)
    raw = str(values.get("application_id") or "").strip()
    application_id = (
        int(raw) if raw.isdigit() and len(raw) <= 10 and int(raw) <= 2**31 - 1 else None
    )
    if fields is not None:
        run_service(
            state,
            lambda: choose_move(
                session=workspace.session,
                user_id=workspace.user_id,
                fields=fields,
                today=workspace.today,
                now=workspace.now,
                application_id=application_id,
            ),
        )
    if state.errors:
        return render(request, "game_plan.html", _plan_context(workspace, state), status_code=422)
    return done(request, "/game-plan#moves", "Chosen. Its steps are in your agenda on their dates.")


@router.post("/game-plan/steps/{step_id}/done", response_class=HTMLResponse)
def tick_step(request: Request, workspace: WorkspaceDep, step_id: Id, values: FormDep) -> Response:
    """Ticks a step off (its agenda action is done with it), or opens it again."""
    again = str(values.get("undo") or "") == "1"
    step = set_step_done(
        session=workspace.session,
        user_id=workspace.user_id,
        step_id=step_id,
        done_on=None if again else workspace.today,
    )
    if again:
        # The step is open again, and so is its action in the agenda.
        reopen_by_key(
            session=workspace.session,
            user_id=workspace.user_id,
            key=f"plan-step:{step.uid}",
            today=workspace.today,
            now=workspace.now,
        )
    return done(request, f"/game-plan#step-{step_id}", "Open again." if again else "Step done.")


@router.post("/game-plan/revisit", response_class=HTMLResponse)
def revisit_plan(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Notes that the user revisited the plan, with what they keep or change."""
    note = str(values.get("note") or "")[:100_000]
    review_plan(
        session=workspace.session,
        user_id=workspace.user_id,
        today=workspace.today,
        now=workspace.now,
        note=note,
    )
    return done(request, "/game-plan#revisits", "Noted that you revisited your game plan.")


@router.get("/goals", response_class=HTMLResponse)
def goals_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """The user's long-term goals, to write or rewrite."""
    goal = get_goals(session=workspace.session, user_id=workspace.user_id)
    values = {name: getattr(goal, name) or "" for name, _ in GOAL_PARTS} if goal else {}
    return render(request, "goals.html", {"title": "Goals", "parts": GOAL_PARTS, "values": values})


@router.post("/goals", response_class=HTMLResponse)
def save_goals(request: Request, workspace: WorkspaceDep, values: FormDep) -> Response:
    """Saves the goals as written (a blank part is cleared)."""
    set_goals(
        session=workspace.session,
        user_id=workspace.user_id,
        changes={name: str(values.get(name) or "") for name, _ in GOAL_PARTS},
        now=workspace.now,
    )
    return done(request, "/goals", "Saved your goals. After a no, they show on Today.")


def _salary_context(
    workspace: Workspace, application_id: int, values: dict[str, Any], error: str | None = None
) -> dict[str, Any]:
    application = get_application(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    return {
        "title": f"Salary research: {application.company}",
        "application": application,
        "values": values,
        "error": error,
    }


@router.get("/salary/{application_id}", response_class=HTMLResponse)
def salary_page(request: Request, workspace: WorkspaceDep, application_id: Id) -> HTMLResponse:
    """The salary research for an application: a target range, a walk-away number, sources."""
    research = get_research(
        session=workspace.session, user_id=workspace.user_id, application_id=application_id
    )
    values = (
        {
            "low": research.target_low or "",
            "high": research.target_high or "",
            "walk_away": research.walk_away or "",
            "currency": research.currency or "",
            "sources": research.sources or "",
        }
        if research
        else {}
    )
    return render(request, "salary.html", _salary_context(workspace, application_id, values))


@router.post("/salary/{application_id}", response_class=HTMLResponse)
def save_salary(
    request: Request, workspace: WorkspaceDep, application_id: Id, values: FormDep
) -> Response:
    """Saves the research; a problem shows next to the form with what was typed."""
    from afterword.offers.terms import parse_amount

    try:
        amounts = {
            name: parse_amount(str(values.get(name)))
            if str(values.get(name) or "").strip()
            else None
            for name in ("low", "high", "walk_away")
        }
        set_research(
            session=workspace.session,
            user_id=workspace.user_id,
            application_id=application_id,
            currency=str(values.get("currency") or "").strip() or None,
            low=amounts["low"],
            high=amounts["high"],
            walk_away=amounts["walk_away"],
            sources=str(values.get("sources") or ""),
            now=workspace.now,
        )
    except (ValueError, InvalidInputError) as error:
        context = _salary_context(workspace, application_id, dict(values), str(error))
        return render(request, "salary.html", context, status_code=422)
    return done(request, f"/salary/{application_id}", "Saved your salary research.")
