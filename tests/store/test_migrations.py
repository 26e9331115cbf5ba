"""Alembic migrations: an empty database gets the current tables; a database left at any earlier
revision, with games in it, is migrated with its data intact; an old database is never read
without being migrated."""

import asyncio
import base64
import subprocess
import sys
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from romulus_nb.project import game_to_dict
from romulus_nb.store import DatabaseVersionError, GameStore
from romulus_nb.store.database import make_engine
from romulus_nb.store.migrate import check_schema, database_revision, head, revisions, upgrade
from tests.demo_games import one_screen_demo

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# The tables as revision 0001 made them, written independently of the models.
META_0001 = sa.MetaData()


def identity():
    return [
        sa.Column(n, t)
        for n, t in [
            ("id", sa.Uuid),
            ("created_at", sa.DateTime(True)),
            ("updated_at", sa.DateTime(True)),
        ]
    ]


GAMES_0001 = sa.Table(
    "games",
    META_0001,
    *identity(),
    sa.Column("name", sa.String),
    sa.Column("tileset", sa.LargeBinary),
)
SCENES_0001 = sa.Table(
    "scenes",
    META_0001,
    *identity(),
    sa.Column("game_id", sa.Uuid),
    sa.Column("position", sa.Integer),
    sa.Column("name", sa.String),
    sa.Column("data", JSON),
)


def run(coroutine):
    return asyncio.run(coroutine)


async def at_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    await upgrade(engine, revision)
    await engine.dispose()


async def insert_0001(url: str, doc: dict) -> None:
    """Rows of a game as a romulus_nb of revision 0001 wrote them."""
    engine = make_engine(url)
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    async with engine.begin() as conn:
        await conn.execute(
            GAMES_0001.insert().values(
                id=uuid.UUID(doc["id"]),
                created_at=when,
                updated_at=when,
                name=doc["name"],
                tileset=base64.b64decode(doc["tileset"]),
            )
        )
        for position, scene in enumerate(doc["scenes"]):
            await conn.execute(
                SCENES_0001.insert().values(
                    id=uuid.UUID(scene["id"]),
                    created_at=when,
                    updated_at=when,
                    game_id=uuid.UUID(doc["id"]),
                    position=position,
                    name=scene["name"],
                    data=scene,
                )
            )
    await engine.dispose()


#: For each revision but the last: how a game was stored at that revision.
WRITERS = {"0001": insert_0001}


def without_times(doc: dict) -> dict:
    doc = {k: v for k, v in doc.items() if k not in ("created_at", "updated_at")}
    doc["scenes"] = [
        {k: v for k, v in s.items() if k not in ("created_at", "updated_at")} for s in doc["scenes"]
    ]
    return doc


def test_the_revisions_form_one_line_with_a_writer_for_each_earlier_one():
    assert revisions() == ["0001", "0002"] and head() == "0002"
    assert sorted(WRITERS) == revisions()[:-1]


def test_an_empty_database_is_upgraded_to_the_current_revision(database_url):
    assert run(_revision(database_url)) is None
    run(at_revision(database_url, "head"))
    assert run(_revision(database_url)) == head()
    with GameStore(database_url, create=False) as store:
        assert store.games() == []


async def _revision(url):
    engine = make_engine(url)
    try:
        return await database_revision(engine)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_a_database_at_an_earlier_revision_keeps_its_games_when_upgraded(database_url, revision):
    game = one_screen_demo()  # a game of revision 0001's time: no maps, no player
    game.scene("Meadow").paint_tiles([(7, 7)], 0x55)
    doc = game_to_dict(game)["game"]
    run(at_revision(database_url, revision))
    run(WRITERS[revision](database_url, doc))
    with pytest.raises(DatabaseVersionError, match=f"at revision {revision}.*romulus db upgrade"):
        GameStore(database_url)  # never read with the wrong shape
    run(at_revision(database_url, "head"))
    with GameStore(database_url) as store:
        (info,) = store.games()
        assert (info.id, info.name, info.scenes, info.version) == (doc["id"], doc["name"], 3, 1)
        loaded = game_to_dict(store.load(info.id))["game"]
    # Revision 0001 kept no metasprites, font or master palette: the game comes back without.
    expected = {**doc, "metasprites": [], "font_base": None, "master_palette": None}
    assert without_times(loaded) == without_times(expected)


def test_the_romulus_command_migrates_a_database(database_url):
    run(at_revision(database_url, "0001"))
    command = [sys.executable, "-m", "romulus_nb.cli", "db", "upgrade", "--database", database_url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "migrated from revision 0001 to 0002" in done.stdout
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "already at revision 0002" in again.stdout


def test_a_database_from_a_newer_romulus_nb_is_refused(database_url):
    run(at_revision(database_url, "head"))
    run(_set_revision(database_url, "9999"))
    with pytest.raises(DatabaseVersionError, match="revision 9999, unknown to this romulus_nb"):
        GameStore(database_url)


async def _set_revision(url, revision):
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    await engine.dispose()


def test_a_database_with_foreign_tables_is_not_taken_for_a_store(database_url):
    async def foreign():
        engine = make_engine(database_url)
        async with engine.begin() as conn:
            await conn.execute(sa.text("CREATE TABLE games (id INTEGER PRIMARY KEY)"))
        try:
            await check_schema(engine)
        finally:
            await engine.dispose()

    with pytest.raises(DatabaseVersionError, match="not a romulus_nb store"):
        run(foreign())
