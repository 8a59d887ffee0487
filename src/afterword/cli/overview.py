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
    from collections import Counter

    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from afterword.cli.output import console
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.demo.workspace import is_demo_loaded
    from afterword.offers.service import list_offers
    from afterword.pipeline.interviews import list_interviews
    from afterword.pipeline.models import Application
    from afterword.pipeline.status import OPEN_STATUSES, Status
    from afterword.playbook.service import agenda, plan_is_current

    out = console()
    with open_workspace() as ws:
        today = ws.today
        out.print(f"[bold]afterword[/] -- {today:%A %d %B %Y}")
        if is_demo_loaded(session=ws.session, user_id=ws.user_id):
            out.print(
                "[italic]This is the demo workspace: sample data to explore. "
                "Remove it with 'afterword demo clear'.[/]"
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
        if not applications:
            out.print(
                '\nNo applications yet. Add your first: afterword applications add "Company" "Role"'
            )
            return
        # The stored agenda is the plan unless a re-plan is due (a new day, other timings).
        if not plan_is_current(user=ws.user, today=today, timings=ws.settings.playbook):
            ws.replan()
        grouped = agenda(session=ws.session, user_id=ws.user_id, today=today)
        now_count = len(grouped.overdue) + len(grouped.today)
        out.print(
            f"\n[bold]To do[/]: {now_count} now ({len(grouped.overdue)} overdue), "
            f"{len(grouped.this_week)} more this week -- see 'afterword today'"
        )
        for row in [*grouped.overdue, *grouped.today][:3]:
            company = next((a.company for a in applications if a.id == row.application_id), "")
            out.print(f"  {row.kind.headline}" + (f" -- {company}" if company else ""))
        counts = Counter(application.status for application in applications)
        open_count = sum(counts[status] for status in OPEN_STATUSES)

        def spelled(statuses: list[Status]) -> str:
            return ", ".join(f"{counts[s]} {s.label}" for s in statuses if counts[s])

        out.print(f"\n[bold]Pipeline[/]: {len(applications)} applications, {open_count} open")
        out.print(f"  open:   {spelled([s for s in Status if s in OPEN_STATUSES]) or 'none'}")
        out.print(f"  closed: {spelled([s for s in Status if s not in OPEN_STATUSES]) or 'none'}")

        upcoming = [
            i
            for i in list_interviews(session=ws.session, user_id=ws.user_id)
            if i.scheduled_at is not None and i.scheduled_at >= ws.now
        ]
        out.print("\n[bold]Coming up[/]")
        for interview in upcoming[:5]:
            out.print(
                f"  {local_time(interview.scheduled_at, ws.user.timezone)}  round {interview.round} "
                f"({interview.kind.value.replace('_', ' ')}) -- {interview.application.company}"
            )
        if not upcoming:
            out.print("  no interviews scheduled")

        offers = list_offers(session=ws.session, user_id=ws.user_id, pending_only=True)
        if offers:
            out.print("\n[bold]Offers awaiting your decision[/]")
            for offer in offers:
                deadline = offer.effective_deadline
                when = "no deadline recorded"
                if deadline is not None:
                    days = (deadline - today).days
                    when = f"expires {deadline} ({'in ' + str(days) + ' days' if days >= 0 else 'passed'})"
                out.print(f"  {offer.application.company} -- {offer.application.role}: {when}")

        # Waiting means the last round is behind us; a round still to come is not a wait.
        waiting = [
            (application, application.interviews[-1])
            for application in applications
            if application.status in OPEN_STATUSES - {Status.OFFER}
            and application.interviews
            and (application.interviews[-1].scheduled_at or ws.now) <= ws.now
        ]
        if waiting:
            out.print("\n[bold]Waiting to hear back[/]")
            for application, interview in waiting[:8]:
                promise = (
                    interview.timeline.describe() if interview.timeline else "no timeline given yet"
                )
                out.print(f"  {application.company} -- {application.role}: {promise}")

        changes = sorted(
            (change for application in applications for change in application.history),
            key=lambda change: change.at,
            reverse=True,
        )[:5]
        out.print("\n[bold]Recent changes[/]")
        for change in changes:
            out.print(
                f"  {local_time(change.at, ws.user.timezone)}  {change.application.company}: "
                f"{change.to_status.label} ({change.cause})"
            )
        out.print("\nMore: afterword today  |  afterword applications list  |  afterword --help")
