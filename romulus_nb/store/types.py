"""Column types: a scene's data as the `NESScene` schema, and timestamps that keep their zone.

The scene data travels as the project file's NESScene JSON document (`romulus_nb.project`), so
the database holds exactly what a project file holds, validated the same way on the way in and
on the way out. PostgreSQL stores it as JSONB, SQLite as JSON text.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from romulus_nb.project import NESScene


class SceneData(TypeDecorator):
    """An `NESScene` pydantic model in a JSON column (JSONB on PostgreSQL)."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, NESScene):
            value = NESScene.model_validate(value)
        return value.model_dump(mode="json")

    def process_result_value(self, value, dialect):
        return None if value is None else NESScene.model_validate(value)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every engine (SQLite hands back naive datetimes)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def json_column_type():
    """JSON for the game's other assets: JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")
