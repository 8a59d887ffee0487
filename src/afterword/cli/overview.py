"""The overview: the state of your search on one screen."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Adds `afterword overview` to the root app."""
    app.command("overview")(overview)


def overview() -> None:
    """Show where your search stands: open processes, what is coming up, offer deadlines.

    Example: afterword --as-of 2026-12-01 overview
    """
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from afterword.cli.overview_text import Overview, render_overview
    from afterword.cli.workspace import open_workspace
    from afterword.demo.workspace import is_demo_loaded
    from afterword.offers.service import list_offers
    from afterword.pipeline.interviews import list_interviews
    from afterword.pipeline.models import Application
    from afterword.pipeline.status import OPEN_STATUSES, Status
    from afterword.playbook.service import agenda, plan_is_current

    with open_workspace() as ws:
        today, now = ws.today, ws.now
        view = Overview(
            today=today,
            now=now,
            timezone=ws.user.timezone,
            demo=is_demo_loaded(session=ws.session, user_id=ws.user_id),
        )
        # With the rounds and the history the screen reads: loaded lazily, they cost two
        # queries per application (seconds at 5,000 applications).
        applications = list(
            ws.session.scalars(
                sa.select(Application)
                .where(Application.user_id == ws.user_id)
                .order_by(Application.id)
                .options(selectinload(Application.interviews), selectinload(Application.history))
            )
        )
        view.applications = [(a.id, a.company, a.status.value) for a in applications]
        if applications:
            # The stored agenda is the plan unless a re-plan is due (a new day, other timings).
            if not plan_is_current(user=ws.user, today=today, timings=ws.settings.playbook):
                ws.replan()
            grouped = agenda(session=ws.session, user_id=ws.user_id, today=today)
            view.actions = [
                (row.kind.value, row.effective_due, row.application_id)
                for row in [*grouped.overdue, *grouped.today, *grouped.this_week, *grouped.later]
            ]
            view.upcoming = [
                (i.scheduled_at, i.round, i.kind.value, i.application.company)
                for i in list_interviews(session=ws.session, user_id=ws.user_id)
                if i.scheduled_at is not None and i.scheduled_at >= now
            ]
            view.offers = [
                (offer.application.company, offer.application.role, offer.effective_deadline)
                for offer in list_offers(session=ws.session, user_id=ws.user_id, pending_only=True)
            ]
            # Waiting means the last round is behind us; a round still to come is not a wait.
            view.waiting = [
                (
                    application.company,
                    application.role,
                    application.interviews[-1].timeline.describe()
                    if application.interviews[-1].timeline
                    else "no timeline given yet",
                )
                for application in applications
                if application.status in OPEN_STATUSES - {Status.OFFER}
                and application.interviews
                and (application.interviews[-1].scheduled_at or now) <= now
            ]
            changes = sorted(
                (change for application in applications for change in application.history),
                key=lambda change: change.at,
                reverse=True,
            )[:5]
            view.changes = [
                (change.at, change.application.company, change.to_status.value, change.cause)
                for change in changes
            ]
        typer.echo(render_overview(view))
