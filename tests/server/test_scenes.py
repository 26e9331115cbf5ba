"""/games/{id}/scenes: NESScene documents validated like a project file; versions; order."""

import copy
import json
import uuid

import pytest
from helpers import scene_url


def test_a_scene_reads_as_its_nesscene_document(client, game):
    scene = client.get(scene_url(game)).json()
    assert (scene["name"], scene["position"], scene["version"]) == ("Title", 0, 1)
    data = scene["data"]
    assert (data["id"], data["name"]) == (scene["id"], "Title")
    assert len(data["nametable"]) == 30 and len(data["attributes"]) == 15


def test_a_scene_changed_by_put_reads_back_changed_and_moves_its_version(client, game):
    url = scene_url(game)
    scene = client.get(url).json()
    data = scene["data"]
    data["nametable"][3] = "41" * 32
    data["palettes"]["background"][2]["colors"] = [0x01, 0x21, 0x30]
    response = client.put(url, json={"version": 1, "data": data, "name": "Title 2"})
    assert response.status_code == 200, response.text
    stored = client.get(url).json()
    assert (stored["version"], stored["name"]) == (2, "Title 2")
    assert stored["data"]["nametable"][3] == "41" * 32
    assert stored["data"]["palettes"]["background"][2]["colors"] == [0x01, 0x21, 0x30]
    assert client.get(f"/games/{game['id']}").json()["version"] == 2  # the game moved on too


def test_a_put_from_a_stale_version_is_409_and_changes_nothing(client, game):
    url = scene_url(game)
    data = client.get(url).json()["data"]
    assert client.put(url, json={"version": 1, "name": "First"}).status_code == 200
    data["nametable"][0] = "7E" * 32
    response = client.put(url, json={"version": 1, "data": data})
    assert response.status_code == 409
    assert "scene 'First' was changed in the store" in response.json()["detail"]["msg"]
    assert client.get(url).json()["data"]["nametable"][0] != "7E" * 32


def bad(data, path, value):
    data = copy.deepcopy(data)
    *parents, last = path
    node = data
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(
    "path, value, message",
    [
        (["palettes", "backdrop"], 0x0D, "$0D"),
        (["palettes", "background", 1, "colors", 0], 0x0D, "$0D"),
        (["palettes", "sprites", 0, "colors", 2], 0x40, "less than or equal to 63"),
        (["palettes", "backdrop"], -1, "greater than or equal to 0"),
        (["nametable", 29], "00" * 31, "match pattern"),
        (["attributes", 0], "4" * 16, "match pattern"),
        (["bg_table"], 2, "0 or 1"),
        (["sprite_size"], 12, "8 or 16"),
        (["sprites"], [{"x": 300, "y": 0, "tile": 0}], "less than or equal to 255"),
        (["sprites"], [{"x": 0, "y": 0, "tile": 256}], "less than or equal to 255"),
        (["sprites"], [{"x": 0, "y": 0, "tile": 1}] * 65, "at most 64"),
        (["nametable"], ["00" * 32] * 29, "at least 30"),
        (["mirroring"], "vertical", "Extra inputs are not permitted"),
        (["palettes"], KeyError, "Field required"),
    ],
)
def test_an_invalid_scene_is_422_naming_the_field(client, game, path, value, message):
    url = scene_url(game)
    data = bad(client.get(url).json()["data"], path, value)
    response = client.put(url, json={"version": 1, "data": data})
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"][:3] == ["body", "data", path[0]]
    assert message in error["msg"]
    assert client.get(url).json()["version"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"version": 1, "extra": True}, ["body", "extra"]),
        ({"name": "x"}, ["body", "version"]),
        ({"version": 0}, ["body", "version"]),
        ({"version": "one"}, ["body", "version"]),
        ({"version": 1, "name": ""}, ["body", "name"]),
    ],
)
def test_unknown_or_missing_fields_are_422_naming_them(client, game, body, field):
    response = client.put(scene_url(game), json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == field


@pytest.mark.parametrize(
    "raw", [b"{", b"{'version': 1}", b'{"version": 1,}', b"\xff\xfe", b"[1, 2", b"null"]
)
def test_malformed_json_is_refused_and_changes_nothing(client, game, raw):
    url = scene_url(game)
    response = client.put(url, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert client.get(url).json()["version"] == 1


def test_a_body_over_the_limit_is_413_before_it_is_read(client, game, settings):
    url = scene_url(game)
    body = json.dumps({"version": 1, "name": "x" * settings.MAX_BODY_BYTES}).encode()
    response = client.put(url, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert f"over {settings.MAX_BODY_BYTES} bytes" in response.json()["detail"]


def test_a_body_sent_in_chunks_is_cut_off_at_the_limit(client, game, settings):
    sent = []

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(settings.MAX_BODY_BYTES // 65536 + 2):
            sent.append(1)
            yield b" " * 65536

    response = client.put(
        scene_url(game), content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_new_scene_is_blank_or_a_copy_and_goes_where_asked(client, game):
    url = f"/games/{game['id']}/scenes"
    blank = client.post(url, json={"name": "Blank"})
    assert blank.status_code == 201 and blank.json()["position"] == 5
    assert set(blank.json()["data"]["nametable"]) == {"00" * 32}
    data = client.get(scene_url(game, 3)).json()["data"]  # the Meadow
    copied = client.post(url, json={"name": "Meadow 2", "data": data, "position": 0}).json()
    assert copied["data"]["nametable"] == data["nametable"] and copied["id"] != data["id"]
    names = [s["name"] for s in client.get(url).json()]
    assert names == ["Meadow 2", "Title", "Level", "Room", "Meadow", "Credits", "Blank"]


def test_scenes_are_reordered_with_the_games_version(client, game):
    ids = [s["id"] for s in game["scenes"]]
    url = f"/games/{game['id']}/scenes/order"
    response = client.put(url, json={"version": 1, "scene_ids": ids[::-1]})
    assert [s["name"] for s in response.json()] == ["Credits", "Meadow", "Room", "Level", "Title"]
    listed = client.get(f"/games/{game['id']}/scenes").json()
    assert [(s["name"], s["position"]) for s in listed] == [
        ("Credits", 0),
        ("Meadow", 1),
        ("Room", 2),
        ("Level", 3),
        ("Title", 4),
    ]
    assert client.put(url, json={"version": 1, "scene_ids": ids}).status_code == 409
    missing = client.put(url, json={"version": 2, "scene_ids": ids[:2]})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "scene_ids"]


def test_deleting_a_scene_closes_the_gap(client, game):
    response = client.delete(scene_url(game, 3))
    assert response.status_code == 200 and response.json()["name"] == "Meadow"
    listed = client.get(f"/games/{game['id']}/scenes").json()
    assert [(s["name"], s["position"]) for s in listed] == [
        ("Title", 0),
        ("Level", 1),
        ("Room", 2),
        ("Credits", 3),
    ]
    again = client.get(scene_url(game, 3))
    assert (again.status_code, again.json()) == (404, {"detail": "Scene not found"})


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_unknown_scene_is_404_scene_not_found(client, game, method):
    kwargs = {"json": {"version": 1, "name": "x"}} if method == "PUT" else {}
    response = client.request(method, f"/games/{game['id']}/scenes/{uuid.uuid4()}", **kwargs)
    assert (response.status_code, response.json()) == (404, {"detail": "Scene not found"})


def test_a_scene_of_another_game_is_not_found_through_this_one(client, game):
    other = client.post("/games", json={"name": "Other"}).json()
    response = client.get(f"/games/{other['id']}/scenes/{game['scenes'][0]['id']}")
    assert (response.status_code, response.json()) == (404, {"detail": "Scene not found"})
