"""How writes hold the database's write lock: SQLite writers of one process take it in the order
they came (`romulus_nb.store.database.write_turn`; SQLite's own busy wait polls with growing
sleeps and lets a late comer in first, which left some of 10 writers at once waiting over a
second), and a scene is checked before its write begins (`repository.check_scene_first`), yet
never stored as checked against a metatile table that changed meanwhile."""

import asyncio
import uuid

from romulus_nb import demo_game
from romulus_nb.store import GameStore
from romulus_nb.store import repository as repo
from romulus_nb.store.database import make_engine, session_factory
from romulus_nb.store.migrate import check_schema


async def order_of_writes(url: str, writers: int) -> list[int]:
    engine = make_engine(url)
    await check_schema(engine, create=True)
    sessions = session_factory(engine)
    order: list[int] = []

    async def write(index: int):
        async with sessions() as session, repo.writing(session):
            order.append(index)
            await asyncio.sleep(0.02)  # holds the write lock while the others come and wait

    try:
        tasks = []
        for index in range(writers):
            tasks.append(asyncio.create_task(write(index)))
            await asyncio.sleep(0.003)  # they come in this order
        await asyncio.gather(*tasks)
    finally:
        await engine.dispose()
    return order


def test_sqlite_writers_of_one_process_write_in_the_order_they_came(tmp_path):
    url = f"sqlite:///{tmp_path / 'games.db'}"
    assert asyncio.run(order_of_writes(url, 12)) == list(range(12))


async def edit_across_a_metatile_change(url: str, game_id: uuid.UUID, level_id, blank_id):
    """Check the level's document as the new document of the blank scene; another writer then
    redraws metatile 1 ("ground") with tiles 5-8 (the blank scene, drawn from no map, stays at
    version 1); then write the document checked before. Returns the nametable rows the check
    drew and those stored."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            document = (await repo.get_scene(session, game_id, level_id)).data
            table = await repo._metatiles(session, game_id)
        async with sessions() as editor:
            check = await repo.check_scene_first(editor, game_id, document)
            async with sessions() as other, repo.writing(other):
                version = (await repo.get_game(other, game_id, scenes=False)).version
                table[1] = {**table[1], "tiles": [5, 6, 7, 8]}
                await repo.change_game(other, game_id, version, metatiles=table)
            async with repo.writing(editor):
                row = await repo.update_scene(editor, game_id, blank_id, 1, data=check)
            return check.checked.nametable, row.data.nametable
    finally:
        await engine.dispose()


def test_a_scene_checked_before_a_metatile_change_is_stored_drawn_with_the_new_table(
    database_url,
):
    game = demo_game()
    game.add_scene("Blank")
    with GameStore(database_url) as store:
        info = store.save(game)
        scenes = store.load(info.id).scenes  # 1: Level, drawn from a map with "ground" (129-130)
    ids = [uuid.UUID(i) for i in (info.id, scenes[1].id, scenes[-1].id)]
    before, stored = asyncio.run(edit_across_a_metatile_change(database_url, *ids))
    assert any("81818181" in row for row in before)  # the check drew ground with the old table
    assert not any("0506" in row for row in before)
    assert any("05060506" in row for row in stored) and any("07080708" in row for row in stored)
