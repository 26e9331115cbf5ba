"""The store's tables as SQLAlchemy 2.0 ORM models, with the Romulus backend's conventions.

`UUIDMixin` gives every row a UUID primary key made on insert and ``created_at``/``updated_at``
kept by the ORM (and by the database for rows inserted by hand). A `Game` owns its tileset
(8192 bytes of CHR), its other assets (metasprites, font, master palette: the project file's
game fields) and its ordered `Scene` rows; deleting a game deletes its scenes (ON DELETE
CASCADE in the database, delete-orphan in the ORM). Relationships are ``lazy="raise"``: every
load says what it loads with ``selectinload``, so no query hides in an attribute access (which
an async session could not run anyway). ``version`` counts saves, for optimistic concurrency.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from romulus_nb.project import NESScene
from romulus_nb.store.types import SceneData, UTCDateTime, json_column_type

NAME_LENGTH = 255


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class UUIDMixin:
    """UUID primary key made on insert; creation and last-change times kept by the ORM."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=func.now(), nullable=False
    )


class Game(UUIDMixin, Base):
    __tablename__ = "games"

    name: Mapped[str] = mapped_column(String(NAME_LENGTH), nullable=False)
    tileset: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # 8192 bytes of CHR
    # The project file's other game fields (metasprites, font_base, master_palette, ...).
    assets: Mapped[dict] = mapped_column(json_column_type(), nullable=False, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    scenes: Mapped[list[Scene]] = relationship(
        back_populates="game",
        order_by="Scene.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
    )

    def __repr__(self) -> str:
        return f"<store.Game {self.name!r} version {self.version}>"


class Scene(UUIDMixin, Base):
    __tablename__ = "scenes"
    __table_args__ = (Index("ix_scenes_game_position", "game_id", "position"),)

    game_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("games.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), nullable=False)
    data: Mapped[NESScene] = mapped_column(SceneData, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    game: Mapped[Game] = relationship(back_populates="scenes", lazy="raise")

    def nes_scene(self) -> NESScene:
        """The scene's data with this row's identity (the row is the source of truth)."""
        return self.data.model_copy(
            update={
                "id": str(self.id),
                "name": self.name,
                "created_at": self.created_at,
                "updated_at": self.updated_at,
            }
        )

    def __repr__(self) -> str:
        return f"<store.Scene {self.name!r} at {self.position} version {self.version}>"
