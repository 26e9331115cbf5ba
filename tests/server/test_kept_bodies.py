"""Each worker keeps the bodies GET scene answered and checks them against the row on every read
(romulus_nb.server.scene_bodies): a change made by any other writer (another worker, a notebook's
GameStore) is in the very next answer, never a kept body of before. Two applications on one
database are two `romulus serve` workers."""

import asyncio
import uuid
from datetime import datetime, timezone

import httpx
import pytest
from fastapi.testclient import TestClient
from helpers import run_on_database, scene_url
from sqlalchemy import update

from romulus_nb import demo_game
from romulus_nb.server.app import create_app
from romulus_nb.server.scene_bodies import SceneBodies
from romulus_nb.store import GameStore
from romulus_nb.store import models as orm
from romulus_nb.store.documents import game_parts
from romulus_nb.store.scene_reads import SceneRecord


@pytest.fixture
def other(settings):
    """A second worker on the same database."""
    with TestClient(create_app(settings), base_url="http://testserver/api/v1") as c:
        yield c


def put_data(client, url, tile):
    scene = client.get(url).json()
    row = scene["data"]["nametable"][3]
    scene["data"]["nametable"][3] = f"{tile:02X}" + row[2:]  # the row's first cell
    response = client.put(url, json={"version": scene["version"], "data": scene["data"]})
    assert response.status_code == 200, response.text


def change_data(client, game, index):
    put_data(client, scene_url(game, index), 0x41)


def rename(client, game, index):
    url = scene_url(game, index)
    version = client.get(url).json()["version"]
    assert client.put(url, json={"version": version, "name": "Renamed"}).status_code == 200


def insert_before(client, game, index):
    added = client.post(f"/games/{game['id']}/scenes", json={"name": "First", "position": 0})
    assert added.status_code == 201


def reorder(client, game, index):
    now = client.get(f"/games/{game['id']}").json()
    ids = [s["id"] for s in now["scenes"]]
    body = {"version": now["version"], "scene_ids": ids[::-1]}
    assert client.put(f"/games/{game['id']}/scenes/order", json=body).status_code == 200


def delete(client, game, index):
    assert client.delete(scene_url(game, index)).status_code == 200


@pytest.mark.parametrize("change", [change_data, rename, insert_before, reorder, delete])
def test_a_change_made_through_another_worker_is_in_the_next_answer(client, other, game, change):
    url = scene_url(game, 1)
    before = client.get(url)
    assert client.get(url).content == before.content  # the second answer is the kept body
    change(other, game, 1)
    mine, theirs = client.get(url), other.get(url)
    assert (mine.status_code, mine.content) == (theirs.status_code, theirs.content)
    if change is delete:
        assert mine.json() == {"detail": "Scene not found"}
    else:
        assert mine.content != before.content
        assert mine.headers["etag"] == theirs.headers["etag"] != before.headers["etag"]


def test_a_kept_body_is_the_one_the_row_gives_byte_for_byte(client, settings, game):
    url = scene_url(game, 2)
    first = client.get(url)
    kept = client.get(url)
    assert kept.content == first.content
    assert kept.headers["etag"] == first.headers["etag"]


def test_a_change_saved_from_a_notebook_gamestore_is_in_the_next_answer(client, settings, game):
    url = scene_url(game, 0)
    before = client.get(url).json()
    with GameStore(settings.DATABASE_URL) as store:
        loaded = store.load(game["id"])
        loaded.scenes[0].nametable[4, :] = 0x42
        store.save(loaded)
    after = client.get(url).json()
    assert after["version"] == before["version"] + 1
    assert after["data"]["nametable"][4] == "42" * 32


def test_a_row_changed_by_hand_with_its_stamp_kept_is_read_again_whole(
    client, other, settings, game
):
    """Only the version and change time tell the database to leave the document out; any other
    field that differs from the kept body's makes the worker read the row again."""
    url = scene_url(game, 1)
    kept = client.get(url).json()
    scene_id = uuid.UUID(kept["id"])

    async def rename_by_hand(session):
        table = orm.Scene.__table__
        await session.execute(
            update(table)
            .where(table.c.id == scene_id)
            .values(name="By hand", updated_at=table.c.updated_at)  # the stamp left as it was
        )
        await session.commit()

    run_on_database(settings, rename_by_hand)
    again = client.get(url)
    assert again.json()["name"] == "By hand"
    assert again.content == other.get(url).content  # what a worker that kept nothing answers


async def race(settings, rounds: int):
    """A writer worker edits one scene ``rounds`` times while a reader worker reads it again
    and again; returns, for each read, the newest version acknowledged to the writer before
    the read was sent and the version the read answered."""
    reader_app, writer_app = create_app(settings), create_app(settings)
    async with reader_app.router.lifespan_context(reader_app):
        async with writer_app.router.lifespan_context(writer_app):
            reader = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=reader_app), base_url="http://r/api/v1"
            )
            writer = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=writer_app), base_url="http://w/api/v1"
            )
            async with reader, writer:
                game = (await writer.post("/games", json={"name": "Race"})).json()
                added = await writer.post(f"/games/{game['id']}/scenes", json={"name": "S"})
                url = f"/games/{game['id']}/scenes/{added.json()['id']}"
                acknowledged, seen = 1, []
                done = False

                async def write():
                    nonlocal acknowledged, done
                    for n in range(rounds):
                        response = await writer.put(
                            url, json={"version": acknowledged, "name": f"Name {n}"}
                        )
                        assert response.status_code == 200, response.text
                        acknowledged = response.json()["version"]
                    done = True

                async def read():
                    while not done:
                        floor = acknowledged
                        answer = (await reader.get(url)).json()
                        seen.append((floor, answer["version"], answer["name"]))
                        # Served, each request waits for its socket; in process, an SQLite
                        # read (inline, see SceneReads) never waits: let the writer run.
                        await asyncio.sleep(0)

                await asyncio.gather(write(), read(), read())
    return seen


def test_no_read_answers_a_version_older_than_one_already_acknowledged(settings):
    seen = asyncio.run(race(settings, rounds=40))
    assert len(seen) > 40
    for floor, version, name in seen:
        assert version >= floor
        assert name == ("S" if version == 1 else f"Name {version - 2}")


def record(number: int) -> SceneRecord:
    """A record of scene ``number`` with the demo's first scene as its document."""
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    data = game_parts(demo_game()).scenes[0].model_dump(mode="json")
    return SceneRecord(uuid.UUID(int=number), "S", 1, when, when, 0, uuid.UUID(int=0), data)


def test_a_worker_keeps_at_most_its_limit_of_bodies_dropping_the_oldest_kept_first():
    bodies = SceneBodies(limit=2)
    first, second, third = record(1), record(2), record(3)
    for r in (first, second, first, third):  # the first read again: kept last
        bodies.body(r, None)
    assert [bodies.kept(r.id) is not None for r in (first, second, third)] == [True, False, True]
