"""Optimistic concurrency (a version on games and scenes) and the game's other assets.

Rows of revision 0001 get version 1 and no metasprites, font or master palette (what a game
made by the Romulus backend had).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("games") as games:
        games.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        games.add_column(sa.Column("assets", JSON, server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table("scenes") as scenes:
        scenes.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("scenes") as scenes:
        scenes.drop_column("version")
    with op.batch_alter_table("games") as games:
        games.drop_column("assets")
        games.drop_column("version")
