"""reflection loop: structured reflections, the game plan (moves, dated steps, reviews), and the
practice bank (spaced-repetition cards and answer versions), long-term goals, and salary
research per application

Revision ID: 2026_12_07_0010
Revises: 2026_12_06_0009
Create Date: 2026-12-06 23:39:42.314281
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0010"
down_revision: str | None = "2026_12_06_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_moves",
        sa.Column("move", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_plan_moves_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_plan_moves_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_moves")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_plan_moves_user_id_uid")),
    )
    with op.batch_alter_table("plan_moves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_moves_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_moves_user_id"), ["user_id"], unique=False)

    op.create_table(
        "plan_reviews",
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_plan_reviews_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_plan_reviews_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_reviews")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_plan_reviews_user_id_uid")),
    )
    with op.batch_alter_table("plan_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_reviews_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_reviews_user_id"), ["user_id"], unique=False)

    op.create_table(
        "plan_steps",
        sa.Column("move_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["move_id"],
            ["plan_moves.id"],
            name=op.f("fk_plan_steps_move_id_plan_moves"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_plan_steps_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_steps")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_plan_steps_user_id_uid")),
    )
    with op.batch_alter_table("plan_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_steps_move_id"), ["move_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_steps_user_id"), ["user_id"], unique=False)

    op.create_table(
        "reflections",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("written_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("was_tough", sa.Text(), nullable=True),
        sa.Column("do_differently", sa.Text(), nullable=True),
        sa.Column("out_of_my_hands", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_reflections_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_reflections_interview_id_interviews"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reflections_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_reflections_user_id_uid")),
    )
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflections_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reflections_interview_id"), ["interview_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reflections_user_id"), ["user_id"], unique=False)

    op.create_table(
        "practice_cards",
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("schedule_json", sa.Text(), nullable=True),
        sa.Column("due_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("practised_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_rating", sa.SmallInteger(), nullable=True),
        sa.Column("practice_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_practice_cards_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["interview_questions.id"],
            name=op.f("fk_practice_cards_question_id_interview_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_cards_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_cards")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_practice_cards_user_id_uid")),
    )
    with op.batch_alter_table("practice_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_cards_feedback_id"), ["feedback_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_cards_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_practice_cards_user_id"), ["user_id"], unique=False)

    op.create_table(
        "practice_answers",
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["practice_cards.id"],
            name=op.f("fk_practice_answers_card_id_practice_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_answers")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_practice_answers_user_id_uid")),
    )
    with op.batch_alter_table("practice_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_answers_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_answers_user_id"), ["user_id"], unique=False)

    op.create_table(
        "goals",
        sa.Column("aim", sa.Text(), nullable=True),
        sa.Column("field", sa.Text(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("updated_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_goals_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_goals_user_id_uid")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_user_id"), ["user_id"], unique=False)

    op.create_table(
        "salary_research",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("target_low", sa.BigInteger(), nullable=True),
        sa.Column("target_high", sa.BigInteger(), nullable=True),
        sa.Column("walk_away", sa.BigInteger(), nullable=True),
        sa.Column("sources", sa.Text(), nullable=True),
        sa.Column("updated_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_salary_research_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_salary_research_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salary_research")),
        sa.UniqueConstraint("application_id", name=op.f("uq_salary_research_application_id")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_salary_research_user_id_uid")),
    )
    with op.batch_alter_table("salary_research", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salary_research_user_id"), ["user_id"], unique=False)

    op.create_table(
        "practice_sessions",
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["practice_cards.id"],
            name=op.f("fk_practice_sessions_card_id_practice_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_sessions")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_practice_sessions_user_id_uid")),
    )
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_sessions_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_practice_sessions_card_id"))

    op.drop_table("practice_sessions")
    with op.batch_alter_table("salary_research", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_research_user_id"))

    op.drop_table("salary_research")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_user_id"))

    op.drop_table("goals")
    with op.batch_alter_table("practice_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_answers_user_id"))
        batch_op.drop_index(batch_op.f("ix_practice_answers_card_id"))

    op.drop_table("practice_answers")
    with op.batch_alter_table("practice_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_cards_user_id"))
        batch_op.drop_index(batch_op.f("ix_practice_cards_question_id"))
        batch_op.drop_index(batch_op.f("ix_practice_cards_feedback_id"))

    op.drop_table("practice_cards")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflections_user_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_interview_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_application_id"))

    op.drop_table("reflections")
    with op.batch_alter_table("plan_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_steps_user_id"))
        batch_op.drop_index(batch_op.f("ix_plan_steps_move_id"))

    op.drop_table("plan_steps")
    with op.batch_alter_table("plan_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_reviews_user_id"))
        batch_op.drop_index(batch_op.f("ix_plan_reviews_application_id"))

    op.drop_table("plan_reviews")
    with op.batch_alter_table("plan_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_moves_user_id"))
        batch_op.drop_index(batch_op.f("ix_plan_moves_application_id"))

    op.drop_table("plan_moves")
