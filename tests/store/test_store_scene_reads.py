"""`SceneReads`, GET scene's read of one row without a session: on SQLite a synchronous read on
the event loop that never waits for a lock, handed to the async engine when SQLite is busy."""

import asyncio
import sqlite3
import threading
import time
import uuid

import pytest
from sqlalchemy import event

from romulus_nb import demo_game
from romulus_nb.store import GameStore
from romulus_nb.store.database import make_engine
from romulus_nb.store.errors import GameNotFoundError, SceneNotFoundError
from romulus_nb.store.scene_reads import SceneReads, _busy


def stored_demo(url: str) -> tuple[uuid.UUID, list[uuid.UUID], list[str]]:
    """The demo game saved at ``url``: its id, its scenes' ids and names."""
    with GameStore(url) as store:
        info = store.save(demo_game())
        game = store.load(info.id)
    return uuid.UUID(info.id), [uuid.UUID(s.id) for s in game.scenes], [s.name for s in game.scenes]


async def read_all(url: str, game_id, scene_ids, held=None):
    engine = make_engine(url)
    reads = SceneReads(engine)
    try:
        return [await reads.read(game_id, scene_id, held) for scene_id in scene_ids]
    finally:
        reads.close()
        await engine.dispose()


def test_each_scene_reads_back_with_its_row_and_document(database_url):
    game_id, scene_ids, names = stored_demo(database_url)
    records = asyncio.run(read_all(database_url, game_id, scene_ids))
    assert [r.name for r in records] == names
    assert [r.position for r in records] == list(range(len(names)))
    assert all(r.game_id == game_id and r.version == 1 for r in records)
    assert [r.id for r in records] == scene_ids
    assert all(r.updated_at.tzinfo is not None for r in records)
    assert records[0].data["name"] == names[0] and len(records[0].data["nametable"]) == 30


def test_a_held_copy_leaves_the_document_out_only_while_the_row_still_has_its_stamp(
    database_url,
):
    game_id, scene_ids, _ = stored_demo(database_url)
    first = asyncio.run(read_all(database_url, game_id, scene_ids[:1]))[0]
    held = asyncio.run(read_all(database_url, game_id, scene_ids[:1], first.stamp))[0]
    assert held.data is None and held.stamp == first.stamp
    older = (first.version - 1, first.updated_at)
    again = asyncio.run(read_all(database_url, game_id, scene_ids[:1], older))[0]
    assert again.data == first.data


def test_a_missing_game_and_a_missing_scene_are_told_apart(database_url):
    game_id, _, _ = stored_demo(database_url)
    with pytest.raises(SceneNotFoundError):
        asyncio.run(read_all(database_url, game_id, [uuid.uuid4()]))
    with pytest.raises(GameNotFoundError):
        asyncio.run(read_all(database_url, uuid.uuid4(), [uuid.uuid4()]))


async def read_while_ticking(url: str, game_id, scene_ids) -> tuple[list, float]:
    """`read_all`, and the longest the event loop went meanwhile without running a task that
    wakes every 10 ms: how long the reads held the loop."""
    gaps, done = [0.0], False

    async def tick():
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)  # the ticker starts its clock
    try:
        return await read_all(url, game_id, scene_ids), max(gaps)
    finally:
        done = True
        await ticker


def test_a_read_of_an_sqlite_file_another_program_holds_waits_for_it_off_the_event_loop(
    tmp_path,
):
    """SQLite refuses readers (SQLITE_BUSY) while a program holds the file in exclusive locking
    mode (so does a crash recovery): the read waits for it through the async engine, the event
    loop serving other requests meanwhile (the read on the loop's thread never waits)."""
    url = f"sqlite:///{tmp_path / 'games.db'}"
    game_id, scene_ids, names = stored_demo(url)
    holder = sqlite3.connect(tmp_path / "games.db", isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE scenes SET name = name || '!'")
    with pytest.raises(sqlite3.OperationalError, match="locked"):  # readers are shut out
        sqlite3.connect(tmp_path / "games.db", timeout=0).execute("SELECT 1 FROM scenes")
    release = threading.Timer(1.0, lambda: (holder.execute("COMMIT"), holder.close()))
    release.start()
    try:
        records, held = asyncio.run(read_while_ticking(url, game_id, scene_ids))
    finally:
        release.join()
    assert [r.name for r in records] == [f"{name}!" for name in names]  # read after the commit
    assert held < 0.5  # the file was held 1 s: the loop was not


def test_sqlite_reads_run_on_the_event_loop_without_the_async_engine(tmp_path):
    """The inline read is the point: a checkout of the async (aiosqlite) engine's pool costs
    trips to a thread, which is what made GET scene slow."""
    url = f"sqlite:///{tmp_path / 'games.db'}"
    game_id, scene_ids, _ = stored_demo(url)
    checkouts = []

    async def go():
        engine = make_engine(url)
        event.listen(engine.sync_engine, "checkout", lambda *_: checkouts.append(1))
        reads = SceneReads(engine)
        try:
            for scene_id in scene_ids:
                await reads.read(game_id, scene_id)
            with pytest.raises(SceneNotFoundError):
                await reads.read(game_id, uuid.uuid4())
        finally:
            reads.close()
            await engine.dispose()

    asyncio.run(go())
    assert checkouts == []


@pytest.mark.parametrize(
    "message, busy",
    [("database is locked", True), ("database table is locked", False), ("no such table", False)],
)
def test_sqlite_busy_is_told_by_its_message_where_python_gives_no_error_code(message, busy):
    error = sqlite3.OperationalError(message)  # as Python 3.10 raises it: no sqlite_errorcode
    assert not hasattr(error, "sqlite_errorcode")
    assert _busy(error) is busy
