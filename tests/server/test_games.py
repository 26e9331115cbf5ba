"""/games: create, list, read, rename, delete; 404s, 409s and 422s that say what is wrong."""

import uuid

import pytest
from helpers import post_demo

from romulus_nb import demo_game
from romulus_nb.project import game_to_dict


def test_a_game_posted_as_a_project_document_lists_its_scenes_in_order(client):
    game = post_demo(client)
    assert game["name"] == "Romulus demo" and game["version"] == 1
    assert [s["name"] for s in game["scenes"]] == ["Title", "Level", "Room", "Meadow", "Credits"]
    assert [s["position"] for s in game["scenes"]] == [0, 1, 2, 3, 4]
    assert client.get(f"/games/{game['id']}").json() == game
    listed = client.get("/games").json()
    assert [(g["id"], g["scene_count"]) for g in listed] == [(game["id"], 5)]


def test_a_game_posted_with_only_a_name_is_empty(client):
    game = client.post("/games", json={"name": "Blank"}).json()
    assert (game["name"], game["scenes"], game["version"]) == ("Blank", [], 1)


def test_a_name_given_with_a_project_renames_it(client):
    body = {"name": "Mine", "project": game_to_dict(demo_game())}
    assert client.post("/games", json=body).json()["name"] == "Mine"


def test_posting_the_same_game_twice_is_a_conflict(client):
    game = demo_game()
    post_demo(client, game)
    response = client.post("/games", json={"project": game_to_dict(game)})
    assert response.status_code == 409 and "already in the store" in response.json()["detail"]


def test_a_project_posted_again_under_another_game_id_gets_its_own_scenes(client):
    doc = game_to_dict(demo_game())
    first = client.post("/games", json={"project": doc}).json()
    doc["game"]["id"] = str(uuid.uuid4())
    second = client.post("/games", json={"project": doc})
    assert second.status_code == 201
    ids = {s["id"] for s in first["scenes"]} | {s["id"] for s in second.json()["scenes"]}
    assert len(ids) == 2 * 5
    assert client.get(f"/games/{first['id']}/scenes").json() == first["scenes"]


@pytest.mark.parametrize(
    "name",
    [
        "Robert'); DROP TABLE games; --",
        "50% off_sale \\ %s ?",
        '"quoted" `ticks` ;',
        "名前 ✓ — ünïcödé",
        "a" * 200,
    ],
)
def test_names_with_sql_metacharacters_are_stored_verbatim(client, name):
    game = client.post("/games", json={"name": name}).json()
    assert client.get(f"/games/{game['id']}").json()["name"] == name
    scene = client.post(f"/games/{game['id']}/scenes", json={"name": name}).json()
    assert client.get(f"/games/{game['id']}/scenes/{scene['id']}").json()["name"] == name
    assert [g["name"] for g in client.get("/games").json()] == [name]


def test_renaming_needs_the_current_version(client):
    game = post_demo(client)
    url = f"/games/{game['id']}"
    renamed = client.patch(url, json={"name": "New name", "version": 1})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["version"]) == ("New name", 2)
    stale = client.patch(url, json={"name": "Lost", "version": 1})
    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert (
        detail["current_version"] == 2 and "now version 2; this copy is version 1" in detail["msg"]
    )
    assert client.get(url).json()["name"] == "New name"


def test_a_deleted_games_scenes_are_gone(client):
    game = post_demo(client)
    scene_ids = [s["id"] for s in game["scenes"]]
    deleted = client.delete(f"/games/{game['id']}")
    assert deleted.status_code == 200 and deleted.json()["scene_count"] == 5
    assert client.get(f"/games/{game['id']}").status_code == 404
    for scene_id in scene_ids:
        response = client.get(f"/games/{game['id']}/scenes/{scene_id}")
        assert (response.status_code, response.json()) == (404, {"detail": "Game not found"})
    assert client.get("/games").json() == []


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/games/{id}"),
        ("patch", "/games/{id}"),
        ("delete", "/games/{id}"),
        ("get", "/games/{id}/scenes"),
        ("post", "/games/{id}/scenes"),
        ("get", "/games/{id}/rom"),
        ("post", "/games/{id}/smoke"),
        ("get", "/games/{id}/export?format=nesst"),
    ],
)
def test_an_unknown_game_is_404_game_not_found(client, method, path):
    body = {"patch": {"name": "x", "version": 1}, "post": {"name": "x"}}.get(method)
    kwargs = {"json": body} if body and "smoke" not in path else {}
    response = client.request(method.upper(), path.format(id=uuid.uuid4()), **kwargs)
    assert (response.status_code, response.json()) == (404, {"detail": "Game not found"})


@pytest.mark.parametrize("bad", ["nope", "1234", "' OR 1=1 --", "0" * 33])
def test_a_bad_uuid_is_422_naming_the_path_parameter(client, bad):
    response = client.get(f"/games/{bad}")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["path", "game_id"] and "UUID" in error["msg"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, ["body"]),
        ({"name": ""}, ["body", "name"]),
        ({"name": "x" * 201}, ["body", "name"]),
        ({"name": "x", "colour": 3}, ["body", "colour"]),
        ({"name": 5}, ["body", "name"]),
    ],
)
def test_an_invalid_game_body_is_422_naming_the_field(client, body, field):
    response = client.post("/games", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == field


def test_a_project_with_a_broken_tileset_is_422_naming_the_field(client):
    doc = game_to_dict(demo_game())
    doc["game"]["tileset"] = "AAAA"
    response = client.post("/games", json={"project": doc})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "project", "game", "tileset"]
    assert "expected 8192" in error["msg"]
