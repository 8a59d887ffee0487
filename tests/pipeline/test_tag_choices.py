"""The tag filter's choices, read from the tags' own owner column, are the tags of the person's
applications exactly: the same as the join through their applications it replaced, and the
same as the applications' own tag lists, whatever was added, retagged or deleted, with
another person's tags beside them (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from afterword.pipeline.applications import (
    add_application,
    delete_application,
    list_applications,
    update_application,
)
from afterword.pipeline.board import user_tags
from afterword.pipeline.models import Application, ApplicationTag
from afterword.pipeline.schemas import ApplicationFields
from afterword.profile.service import get_or_create_user
from tests.conftest import NOW

TAG = st.sampled_from(["remote", "Remote", "dream job", "referral", "été", "b2b", "z"])
# One story step: add an application with tags, retag the n-th one, or delete the n-th one.
STEP = st.one_of(
    st.tuples(st.just("add"), st.booleans(), st.lists(TAG, max_size=4)),
    st.tuples(st.just("retag"), st.integers(0, 20), st.lists(TAG, max_size=4)),
    st.tuples(st.just("delete"), st.integers(0, 20), st.just([])),
)
_people = itertools.count()


def _joined_read(session: Session, user_id: int) -> list[str]:
    """The choices as they were read before tags named their owner: through the applications."""
    rows = session.execute(
        sa.text(
            "SELECT DISTINCT t.name FROM application_tags t JOIN applications a "
            "ON a.id = t.application_id WHERE a.user_id = :user_id ORDER BY t.name"
        ),
        {"user_id": user_id},
    )
    return [row[0] for row in rows]


def _play(session: Session, people: list[int], steps: list[tuple[Any, ...]]) -> None:
    for what, which, tags in steps:
        if what == "add":
            user_id = people[int(which)]
            fields = ApplicationFields(company="Northwind", role="Analyst", tags=tags)
            add_application(session=session, user_id=user_id, fields=fields, now=NOW)
            continue
        everyone = session.scalars(sa.select(Application).order_by(Application.id)).all()
        mine = [app for app in everyone if app.user_id in people]
        if not mine:
            continue
        target = mine[which % len(mine)]
        if what == "retag":
            update_application(
                session=session,
                user_id=target.user_id,
                application_id=target.id,
                changes={"tags": tags},
                now=NOW,
            )
        else:
            delete_application(session=session, user_id=target.user_id, application_id=target.id)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, max_size=12))
def test_tag_choices_are_the_tags_of_the_persons_applications(
    session: Session, steps: list[tuple[Any, ...]]
) -> None:
    number = next(_people)
    people = [
        get_or_create_user(
            session=session, handle=f"{who}-{number}", timezone="UTC", country="GB", now=NOW
        ).id
        for who in ("me", "other")
    ]
    _play(session, people, steps)
    execute = session.connection().execute

    def run(sql: str, params: dict[str, Any]) -> Any:
        return execute(sa.text(sql), params).all()

    for user_id in people:
        choices = user_tags(run, user_id=user_id)
        assert choices == _joined_read(session, user_id)
        own = {
            name
            for application in list_applications(session=session, user_id=user_id)
            for name in application.tag_names
        }
        assert set(choices) == own
    # Every tag names the owner of its application.
    owners = session.execute(
        sa.select(ApplicationTag.user_id, Application.user_id).join(
            Application, Application.id == ApplicationTag.application_id
        )
    ).all()
    assert all(tag_owner == application_owner for tag_owner, application_owner in owners)
