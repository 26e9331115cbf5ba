"""/games/{id}/tileset, /metatiles, /metasprites: the game's assets over HTTP, equal to the
project file's; replaced whole from the game's version, validated with the whole game."""

import base64
import uuid

import numpy as np
import pytest
from helpers import post_demo
from hypothesis import HealthCheck, given, settings
from rich_games import rich_games

from romulus_nb.nes.metatile import Metatile
from romulus_nb.project import game_to_dict
from tests.demo_games import one_screen_demo

IDENTITY = ("id", "created_at", "updated_at")


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(game=rich_games())
def test_a_posted_game_reads_back_its_assets_and_scenes_as_its_project_file_has_them(client, game):
    project = game_to_dict(game)
    doc = project["game"]
    posted = post_demo(client, game)
    base = f"/games/{posted['id']}"
    assert client.get(f"{base}/tileset").json()["tileset"] == doc["tileset"]
    assert client.get(f"{base}/metatiles").json()["metatiles"] == doc["metatiles"]
    metasprites = client.get(f"{base}/metasprites").json()["metasprites"]
    assert metasprites == [{"height": 8, **m} for m in doc["metasprites"]]
    for summary, scene in zip(posted["scenes"], doc["scenes"], strict=True):
        data = client.get(f"{base}/scenes/{summary['id']}").json()["data"]
        defaults = {"screens": [1, 1], "metatiles": None, "scroll_speed": 2, "play": None}
        expected = {**defaults, **scene}
        for key in ("name", *IDENTITY):
            data.pop(key), expected.pop(key)
        assert data == expected


def expand(metatile_map, table) -> np.ndarray:
    """The nametable a metatile map draws, cell by cell (a slow, obvious reference)."""
    rows, cols = metatile_map.shape
    nametable = np.zeros((2 * rows, 2 * cols), np.uint8)
    for r in range(rows):
        for c in range(cols):
            tl, tr, bl, br = table[metatile_map[r, c]]["tiles"]
            nametable[2 * r : 2 * r + 2, 2 * c : 2 * c + 2] = [[tl, tr], [bl, br]]
    return nametable


def nametable_of(data) -> np.ndarray:
    return np.array([list(bytes.fromhex(row)) for row in data["nametable"]], np.uint8)


@pytest.fixture
def mapped(client):
    """The demo's one-screen scenes with a metatile table of two and the first drawn from a
    map."""
    game = one_screen_demo()
    game.metatiles = [Metatile([1, 2, 3, 4], 1), Metatile([5, 6, 7, 8], 2)]
    game.scenes[0].metatiles = np.indices((15, 16)).sum(axis=0) % 2
    return post_demo(client, game)


def test_replacing_the_metatiles_draws_the_scenes_of_maps_again(client, mapped):
    base = f"/games/{mapped['id']}"
    table = [{"tiles": [9, 10, 11, 12], "palette": 3}, {"tiles": [13, 14, 15, 16]}]
    response = client.put(f"{base}/metatiles", json={"version": 1, "metatiles": table})
    assert response.status_code == 200, response.text
    stored = response.json()
    assert stored["version"] == 2
    assert [m["tiles"] for m in stored["metatiles"]] == [[9, 10, 11, 12], [13, 14, 15, 16]]
    data = client.get(f"{base}/scenes/{mapped['scenes'][0]['id']}").json()["data"]
    cells = np.indices((15, 16)).sum(axis=0) % 2
    assert np.array_equal(nametable_of(data), expand(cells, stored["metatiles"]))
    assert data["attributes"][0][:2] == "30"  # metatile 0 uses palette 3, metatile 1 palette 0


def test_metatiles_a_map_still_uses_cannot_be_removed(client, mapped):
    base = f"/games/{mapped['id']}"
    before = client.get(f"{base}/metatiles").json()
    response = client.put(f"{base}/metatiles", json={"version": 1, "metatiles": []})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "metatiles"] and "scene 'Title' metatiles" in error["msg"]
    assert client.get(f"{base}/metatiles").json() == before


def test_a_scene_put_with_a_metatile_map_is_drawn_from_the_games_table(client, mapped):
    url = f"/games/{mapped['id']}/scenes/{mapped['scenes'][1]['id']}"
    data = client.get(url).json()["data"]
    data["metatiles"] = ["01" * 16] * 15
    data["nametable"] = ["00" * 32] * 30  # what the map draws wins
    response = client.put(url, json={"version": 1, "data": data})
    assert response.status_code == 200, response.text
    stored = client.get(url).json()["data"]
    table = client.get(f"/games/{mapped['id']}/metatiles").json()["metatiles"]
    assert np.array_equal(nametable_of(stored), expand(np.ones((15, 16), int), table))
    data["metatiles"] = ["02" * 16] * 15  # the game has metatiles 0 and 1 only
    refused = client.put(url, json={"version": 2, "data": data})
    assert refused.status_code == 422 and "metatile 2" in refused.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "tileset, message",
    [
        ("AAAA", "3 bytes of CHR; expected 8192"),
        ("not base64!", "not base64"),
        ("A" * 12004, "at most 12000 characters"),
    ],
)
def test_a_bad_tileset_is_422_naming_the_field(client, tileset, message):
    game = post_demo(client)
    response = client.put(f"/games/{game['id']}/tileset", json={"version": 1, "tileset": tileset})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "tileset"] and message in error["msg"]


def test_a_tileset_replaced_reads_back_and_a_stale_replacement_is_409(client):
    game = post_demo(client)
    url = f"/games/{game['id']}/tileset"
    chr_bank = bytes(range(256)) * 32
    tileset = base64.b64encode(chr_bank).decode()
    assert client.put(url, json={"version": 1, "tileset": tileset}).status_code == 200
    assert client.get(url).json() == {"version": 2, "tileset": tileset}
    stale = client.put(url, json={"version": 1, "tileset": base64.b64encode(bytes(8192)).decode()})
    assert stale.status_code == 409 and stale.json()["detail"]["current_version"] == 2
    assert client.get(url).json()["tileset"] == tileset


def test_metasprites_replaced_read_back_and_bad_ones_are_422(client):
    game = post_demo(client, one_screen_demo())  # no player: its animations need the metasprites
    url = f"/games/{game['id']}/metasprites"
    hero = {"name": "hero", "parts": [{"dx": -4, "dy": 0, "tile": 7, "flip_h": True}]}
    response = client.put(url, json={"version": 1, "metasprites": [hero]})
    assert response.status_code == 200, response.text
    (stored,) = response.json()["metasprites"]
    assert (stored["name"], stored["parts"][0]["tile"], stored["parts"][0]["flip_h"]) == (
        "hero",
        7,
        True,
    )
    bad = {"name": "hero", "parts": [{"dx": 0, "dy": 0, "tile": 256}]}
    refused = client.put(url, json={"version": 2, "metasprites": [bad]})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][:3] == ["body", "metasprites", 0]
    twice = client.put(url, json={"version": 2, "metasprites": [hero, hero]})
    assert twice.status_code == 422 and "both 'hero'" in twice.json()["detail"][0]["msg"]


@pytest.mark.parametrize("asset", ["tileset", "metatiles", "metasprites"])
def test_the_assets_of_a_missing_game_are_404(client, asset):
    response = client.get(f"/games/{uuid.uuid4()}/{asset}")
    assert (response.status_code, response.json()) == (404, {"detail": "Game not found"})


def test_the_openapi_schema_names_the_metatile_and_metasprite_schemas(client):
    schemas = client.get("http://testserver/openapi.json").json()["components"]["schemas"]
    assert {"NESMetatile", "NESMetasprite", "TilesetOut", "MetatilesOut"} <= set(schemas)
