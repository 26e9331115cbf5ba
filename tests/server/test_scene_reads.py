"""GET scene, the hottest route, answers the stored document without validating it again: its
body must be exactly what the response model (SceneOut, validated) gives, on both engines; and
its ETag lets a client ask again for nothing (304) while the scene is unchanged."""

import asyncio
import uuid

import asyncpg
import pytest
from fastapi.testclient import TestClient
from helpers import post_demo, run_on_database, scene_url
from sqlalchemy import update

from romulus_nb.server.app import create_app
from romulus_nb.server.schemas import SceneOut
from romulus_nb.server.settings import Settings
from romulus_nb.store import models as orm
from romulus_nb.store import repository as repo

BASE = "http://testserver/api/v1"


def model_body(settings, game, index) -> bytes:
    """The body the response model gives for the scene: the ORM row, its data validated as
    NESScene, dumped by SceneOut (pydantic), as FastAPI's response_model path would."""

    async def read(session):
        row = await repo.get_scene(
            session, uuid.UUID(game["id"]), uuid.UUID(game["scenes"][index]["id"])
        )
        return SceneOut.of(row).model_dump_json().encode()

    return run_on_database(settings, read)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_get_scene_answers_the_bytes_of_the_validated_response_model(client, settings, game, index):
    url = scene_url(game, index)
    data = client.get(url).json()["data"]
    data["sprites"] = [{"x": 9, "y": 30, "tile": 65, "palette": 2, "flip_h": True}]
    edit = {"version": 1, "data": data, "name": 'Ünïcode "q" \'; DROP TABLE scenes; --'}
    assert client.put(url, json=edit).status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == model_body(settings, game, index)


def test_a_scene_document_an_older_version_stored_without_newer_fields_reads_with_defaults(
    client, settings, game
):
    url = scene_url(game, 1)
    scene_id = uuid.UUID(game["scenes"][1]["id"])

    async def strip(session):  # as revision 0001 wrote it: no metatile map, no screens
        data = client.get(url).json()["data"]
        for key in ("screens", "metatiles", "scroll_speed", "sprites"):
            data.pop(key)
        async with repo.writing(session):
            await session.execute(
                update(orm.Scene.__table__).where(orm.Scene.id == scene_id).values(data=data)
            )

    run_on_database(settings, strip)
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["screens"], data["metatiles"], data["scroll_speed"], data["sprites"]) == (
        [1, 1],
        None,
        2,
        [],
    )
    assert response.content == model_body(settings, game, 1)


def test_a_scene_asked_again_with_its_etag_is_304_until_it_changes(client, game):
    url = scene_url(game)
    first = client.get(url)
    tag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": tag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    assert client.get(url, headers={"If-None-Match": f'"other", W/{tag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    assert client.put(url, json={"version": 1, "name": "Renamed"}).status_code == 200
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["name"] == "Renamed"
    assert changed.headers["etag"] != tag


def test_a_scene_moved_by_an_insertion_before_it_has_a_new_etag(client, game):
    url = scene_url(game, 1)
    tag = client.get(url).headers["etag"]
    added = client.post(f"/games/{game['id']}/scenes", json={"name": "First", "position": 0})
    assert added.status_code == 201
    moved = client.get(url, headers={"If-None-Match": tag})
    assert moved.status_code == 200 and moved.json()["position"] == 2


def test_get_scene_still_says_404_for_a_missing_scene_and_a_missing_game(client, game):
    missing = uuid.uuid4()
    assert client.get(f"/games/{game['id']}/scenes/{missing}").json() == {
        "detail": "Scene not found"
    }
    assert client.get(f"/games/{missing}/scenes/{missing}").json() == {"detail": "Game not found"}


def test_the_openapi_schema_still_names_sceneout_for_get_scene(client):
    schema = client.get("http://testserver/openapi.json").json()
    get = schema["paths"]["/api/v1/games/{game_id}/scenes/{scene_id}"]["get"]
    ok = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/SceneOut"}
    assert "304" in get["responses"]


def test_get_scene_reads_again_on_new_connections_after_postgresql_dropped_them(postgres):
    """A PostgreSQL restart drops every connection of the server's pool: the next GET scene
    is read again on a new one (once), not answered 500."""
    settings = Settings(DATABASE_URL=postgres.url())
    with TestClient(create_app(settings), base_url=BASE) as c:
        game = post_demo(c)
        bodies = [c.get(scene_url(game, i)).content for i in range(3)]

        async def drop_all():
            connection = await asyncpg.connect(settings.DATABASE_URL)
            try:
                return await connection.fetchval(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            finally:
                await connection.close()

        assert asyncio.run(drop_all()) >= 1
        for i in range(3):
            response = c.get(scene_url(game, i))
            assert response.status_code == 200, response.text
            assert response.content == bodies[i]
