"""Games and their ordered scenes, as the Romulus backend had them.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def identity() -> list[sa.Column]:
    """UUIDMixin's columns: the key and the two times."""
    times = [
        sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
        for name in ("created_at", "updated_at")
    ]
    return [sa.Column("id", sa.Uuid(), primary_key=True), *times]


def upgrade() -> None:
    op.create_table(
        "games",
        *identity(),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("tileset", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "scenes",
        *identity(),
        sa.Column(
            "game_id", sa.Uuid(), sa.ForeignKey("games.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_index("ix_scenes_game_position", "scenes", ["game_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_scenes_game_position", table_name="scenes")
    op.drop_table("scenes")
    op.drop_table("games")
