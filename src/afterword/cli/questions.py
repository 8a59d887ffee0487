"""Questions: practise the tough ones from debriefs and feedback, keep better answers, and let
spaced repetition bring each back before your next interview."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID

app = typer.Typer(no_args_is_help=True)

CardId = Annotated[
    int, typer.Argument(help="The question's id (see 'questions list').", min=1, max=MAX_ID)
]


@app.command("list")
def list_(
    due: Annotated[bool, typer.Option("--due", help="Only what is due today or earlier.")] = False,
) -> None:
    """List the practice bank, soonest due first.

    Example: afterword questions list --due
    """
    from afterword.cli.output import print_table, say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.practice import list_bank, sync_bank

    with open_workspace() as ws:
        sync_bank(session=ws.session, user_id=ws.user_id, now=ws.now)
        items, upcoming = list_bank(
            session=ws.session,
            user_id=ws.user_id,
            timezone=ws.user.timezone,
            today=ws.today,
            due_only=due,
        )
        if upcoming is not None:
            say(
                f"Next interview: {upcoming[1]} on {upcoming[0].isoformat()}; practice comes due before it."
            )
        print_table(
            ["ID", "Due", "From", "Practised", "Question"],
            [
                [str(i.id), i.due.isoformat(), i.source, str(i.practice_count), i.text]
                for i in items
            ],
            empty="Nothing to practise yet. A tough question in a debrief, or feedback naming a gap, adds one.",
        )


@app.command("practice")
def practice(
    card_id: Annotated[
        int | None, typer.Argument(help="The question; default: the next due.", min=1, max=MAX_ID)
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option(
            "--rating", "-r", help="How it went: 1 again, 2 hard, 3 good, 4 easy.", min=1, max=4
        ),
    ] = None,
) -> None:
    """Practise a question: see it and your latest answer; with --rating, record how it went.

    Example: afterword questions practice 4 --rating 3
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.encouragement import count_words
    from afterword.reflection.practice import RATINGS, list_bank, rate_practice, sync_bank

    with open_workspace() as ws:
        sync_bank(session=ws.session, user_id=ws.user_id, now=ws.now)
        items, _ = list_bank(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone, today=ws.today
        )
        chosen = (
            next((i for i in items if i.id == card_id), None)
            if card_id
            else (items[0] if items else None)
        )
        if chosen is None:
            if card_id is not None:
                from afterword.errors import NotFoundError

                raise NotFoundError(f"there is no practice question with id {card_id}")
            say("Nothing to practise yet.")
            return
        if rating is None:
            say(f"[{chosen.id}] {chosen.text}")
            say(
                f"Your answer (version {chosen.versions}): {chosen.answer}"
                if chosen.answer
                else "No answer written yet."
            )
            say(f"Answer it out loud, then: afterword questions practice {chosen.id} --rating 1-4")
            return
        card = rate_practice(
            session=ws.session, user_id=ws.user_id, card_id=chosen.id, rating=rating, now=ws.now
        )
        say(f"Rated '{RATINGS[rating]}'. Practised {count_words(card.practice_count, 'time')}.")


@app.command("answer")
def answer(
    card_id: CardId,
    text: Annotated[str, typer.Argument(help="Your better answer; earlier versions are kept.")],
) -> None:
    """Write a better answer to a question (a new version; the earlier ones stay).

    Example: afterword questions answer 4 "I would start from the read path..."
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.practice import write_answer

    with open_workspace() as ws:
        saved = write_answer(
            session=ws.session, user_id=ws.user_id, card_id=card_id, text=text, now=ws.now
        )
        say(f"Saved answer version {saved.version}.")


@app.command("add")
def add(text: Annotated[str, typer.Argument(help="A question you want to practise.")]) -> None:
    """Add a question of your own to the practice bank.

    Example: afterword questions add "Tell me about a time you disagreed with your manager"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.practice import add_question

    with open_workspace() as ws:
        card = add_question(session=ws.session, user_id=ws.user_id, text=text, now=ws.now)
        say(f"Added question {card.id}.")
