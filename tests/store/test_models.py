"""The ORM models keep the Romulus backend's conventions, on both engines."""

import asyncio
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import InvalidRequestError

from romulus_nb import demo_game
from romulus_nb.project import NESScene
from romulus_nb.store import Game, GameStore, Scene
from romulus_nb.store.database import make_engine, session_factory
from romulus_nb.store.repository import get_game


def run_with_session(url, work):
    async def go():
        engine = make_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(go())


@pytest.fixture
def stored(database_url):
    with GameStore(database_url) as store:
        return database_url, uuid.UUID(store.save(demo_game()).id)


def test_rows_have_uuid_keys_and_times_kept_by_the_orm(stored):
    url, game_id = stored

    async def work(session):
        game = await get_game(session, game_id)
        assert isinstance(game.id, uuid.UUID)
        assert game.created_at.tzinfo is not None and game.updated_at >= game.created_at
        scene = game.scenes[0]
        before = scene.updated_at
        scene.name = "Renamed"
        await session.commit()
        assert scene.updated_at > before  # onupdate
        fresh = Scene(game_id=game_id, position=3, name="New", data=scene.data)
        session.add(fresh)
        await session.commit()
        assert isinstance(fresh.id, uuid.UUID) and fresh.created_at is not None

    run_with_session(url, work)


def test_scenes_are_ordered_by_position_and_load_only_when_asked(stored):
    url, game_id = stored

    async def work(session):
        game = await get_game(session, game_id)
        assert [s.position for s in game.scenes] == [0, 1, 2, 3, 4]
        assert all(isinstance(s.data, NESScene) for s in game.scenes)
        bare = (await session.execute(sa.select(Game).where(Game.id == game_id))).scalar_one()
        session.expunge_all()
        bare = (await session.execute(sa.select(Game).where(Game.id == game_id))).scalar_one()
        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            bare.scenes  # noqa: B018

    run_with_session(url, work)


def test_scene_data_is_jsonb_on_postgresql_and_json_on_sqlite(stored):
    url, _ = stored

    async def work(session):
        if session.bind.dialect.name == "postgresql":
            kind = await session.scalar(
                sa.text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = 'scenes' AND column_name = 'data'"
                )
            )
            assert kind == "jsonb"
            backdrop = await session.scalar(
                sa.text("SELECT data->'palettes'->>'backdrop' FROM scenes LIMIT 1")
            )
        else:
            backdrop = await session.scalar(
                sa.text("SELECT json_extract(data, '$.palettes.backdrop') FROM scenes LIMIT 1")
            )
        assert int(backdrop) in range(0x40)

    run_with_session(url, work)


def test_the_database_itself_deletes_a_games_scenes(stored):
    url, game_id = stored

    async def work(session):
        await session.execute(sa.delete(Game).where(Game.id == game_id))  # no ORM cascade here
        await session.commit()
        return await session.scalar(sa.select(sa.func.count()).select_from(Scene))

    assert run_with_session(url, work) == 0


def test_names_are_limited_to_255_characters_as_the_backend_had_them():
    assert Game.__table__.c.name.type.length == 255
    assert Scene.__table__.c.name.type.length == 255
    fk = next(iter(Scene.__table__.c.game_id.foreign_keys))
    assert fk.ondelete == "CASCADE"
