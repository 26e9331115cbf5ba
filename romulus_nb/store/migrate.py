"""Alembic migrations shipped in the package, run from Python (no alembic.ini needed).

`check_schema` is what every opening of a database goes through: an empty database gets the
current tables, a database at the current revision is used, and one at an older (or unknown,
newer) revision is refused with the command that migrates it, never read with the wrong shape.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from romulus_nb.store.database import shown
from romulus_nb.store.errors import DatabaseVersionError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None) -> Config:
    """Alembic's configuration for our migrations; ``connection`` is the one they run on."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _state(connection) -> tuple[str | None, bool]:
    revision = MigrationContext.configure(connection).get_current_revision()
    return revision, inspect(connection).has_table("games")


def _upgrade(connection, revision: str) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one; with foreign keys on,
        # that drop would delete every scene of every game (ON DELETE CASCADE).
        _pragma(connection, "foreign_keys = OFF")
    try:
        with connection.begin():
            command.upgrade(alembic_config(connection), revision)
    finally:
        if sqlite:
            _pragma(connection, "foreign_keys = ON")


def _pragma(connection, setting: str) -> None:
    """Set an SQLite pragma outside any transaction (inside one, SQLite ignores it)."""
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute(f"PRAGMA {setting}")
    cursor.close()


async def database_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None: no romulus_nb tables yet)."""
    async with engine.connect() as conn:
        revision, _ = await conn.run_sync(_state)
    return revision


async def upgrade(engine: AsyncEngine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate the database to ``revision``; returns (revision before, revision after)."""
    before = await database_revision(engine)
    async with engine.connect() as conn:
        await conn.run_sync(_upgrade, revision)
    return before, await database_revision(engine)


async def check_schema(engine: AsyncEngine, *, create: bool = True) -> str:
    """Make sure the database has the current tables (``create``: make them in an empty one);
    raises `DatabaseVersionError` for a database made by another version."""
    async with engine.connect() as conn:
        revision, has_games = await conn.run_sync(_state)
    current = head()
    if revision == current:
        return current
    where = shown(engine.url)
    if revision is None and not has_games and create:
        await upgrade(engine)
        return current
    if revision is None:
        raise DatabaseVersionError(
            f"{where}: has a 'games' table but no romulus_nb revision; not a romulus_nb store"
            if has_games
            else f"{where}: no romulus_nb tables; run `romulus db upgrade --database URL`"
        )
    if revision in revisions():
        raise DatabaseVersionError(
            f"{where}: the tables are at revision {revision}, this romulus_nb needs {current}; "
            "run `romulus db upgrade --database URL` to migrate them (the data is kept)"
        )
    raise DatabaseVersionError(
        f"{where}: the tables are at revision {revision}, unknown to this romulus_nb (made by a "
        f"newer version?); it reads revision {current}: upgrade romulus_nb"
    )
