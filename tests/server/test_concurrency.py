"""50 clients editing one game at once: every accepted edit is in the database afterwards, and
every edit that was not accepted got 409 (made from a version that had moved on)."""

import asyncio

import httpx
import pytest

from romulus_nb import Game
from romulus_nb.project import game_to_dict
from romulus_nb.server.app import create_app
from tests.demo_games import one_screen_demo

CLIENTS = 50


def game_with_scenes(count: int) -> Game:
    """The demo's one-screen scenes (a map's nametable is drawn from its metatiles) and copies
    of the title, ``count`` scenes in all."""
    game = one_screen_demo()
    while len(game.scenes) < count:
        game.duplicate_scene(0, f"Copy {len(game.scenes)}")
    return game


async def edit(client, scene_url: str, cell: int, tile: int):
    """One client: read the scene, set one tile of row ``cell // 32``, write it back."""
    scene = (await client.get(scene_url)).json()
    row, column = divmod(cell, 32)
    text = scene["data"]["nametable"][row]
    scene["data"]["nametable"][row] = text[: 2 * column] + f"{tile:02X}" + text[2 * column + 2 :]
    response = await client.put(
        scene_url, json={"version": scene["version"], "data": scene["data"]}
    )
    return response


async def run_clients(settings, scenes: int):
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t/api/v1") as client:
            posted = await client.post(
                "/games", json={"project": game_to_dict(game_with_scenes(scenes))}
            )
            game = posted.json()
            urls = [f"/games/{game['id']}/scenes/{s['id']}" for s in game["scenes"]]
            edits = [(urls[i % scenes], 32 * 10 + i, 0x80 + i) for i in range(CLIENTS)]  # 50 cells
            responses = await asyncio.gather(*(edit(client, *e) for e in edits))
            after = {url: (await client.get(url)).json() for url, _, _ in edits}
            game_after = (await client.get(f"/games/{game['id']}")).json()
    return edits, responses, after, game_after


@pytest.mark.parametrize(
    "scenes", [CLIENTS, 5, 1], ids=["each-its-own-scene", "5-scenes", "one-scene"]
)
def test_every_accepted_edit_is_stored_and_every_refused_one_got_409(settings, scenes):
    edits, responses, after, game_after = asyncio.run(run_clients(settings, scenes))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 409}, [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    accepted = 0
    for (url, cell, tile), response in zip(edits, responses):
        row, column = divmod(cell, 32)
        stored = after[url]["data"]["nametable"][row][2 * column : 2 * column + 2]
        if response.status_code == 200:
            accepted += 1
            assert stored == f"{tile:02X}"  # an accepted edit is in the database
        else:
            assert stored != f"{tile:02X}"  # a refused edit changed nothing
            assert "was changed in the store" in response.json()["detail"]["msg"]
    for url in after:  # each accepted edit moved its scene's version on by one
        won = sum(1 for (u, _, _), r in zip(edits, responses) if u == url and r.status_code == 200)
        assert after[url]["version"] == 1 + won
    assert game_after["version"] == 1 + accepted
    if scenes == CLIENTS:
        assert accepted == CLIENTS  # nobody shared a scene: no conflicts
    else:
        assert accepted >= len(after)  # at least the first writer of each scene wins
