"""/openapi.json describes the API with the project file's schema names."""

import pytest


@pytest.fixture
def openapi(client):
    response = client.get("http://testserver/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schemas_carry_the_backends_names(openapi):
    schemas = openapi["components"]["schemas"]
    assert {"NESColor", "NESPalette", "NESScene"} <= set(schemas)
    assert schemas["NESColor"]["minimum"] == 0 and schemas["NESColor"]["maximum"] == 0x3F
    colors = schemas["NESPalette"]["properties"]["colors"]["items"]
    assert colors == {"$ref": "#/components/schemas/NESColor"}
    assert schemas["SceneOut"]["properties"]["data"] == {"$ref": "#/components/schemas/NESScene"}
    assert not [name for name in schemas if name.endswith(("-Input", "-Output"))]


def test_every_path_is_under_the_prefix_and_every_answer_is_described(openapi):
    paths = openapi["paths"]
    assert paths and all(p.startswith("/api/v1/games") for p in paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            ok = next(v for k, v in operation["responses"].items() if k.startswith("2"))
            assert ok.get("content"), f"{method.upper()} {path} has no response schema"


def test_the_endpoints_of_the_backend_are_all_there(openapi):
    routes = {
        (m.upper(), p.removeprefix("/api/v1")) for p, ops in openapi["paths"].items() for m in ops
    }
    assert routes == {
        ("GET", "/games"),
        ("POST", "/games"),
        ("GET", "/games/{game_id}"),
        ("PATCH", "/games/{game_id}"),
        ("DELETE", "/games/{game_id}"),
        ("GET", "/games/{game_id}/scenes"),
        ("POST", "/games/{game_id}/scenes"),
        ("PUT", "/games/{game_id}/scenes/order"),
        ("GET", "/games/{game_id}/scenes/{scene_id}"),
        ("PUT", "/games/{game_id}/scenes/{scene_id}"),
        ("DELETE", "/games/{game_id}/scenes/{scene_id}"),
        ("GET", "/games/{game_id}/tileset"),
        ("PUT", "/games/{game_id}/tileset"),
        ("GET", "/games/{game_id}/metatiles"),
        ("PUT", "/games/{game_id}/metatiles"),
        ("GET", "/games/{game_id}/metasprites"),
        ("PUT", "/games/{game_id}/metasprites"),
        ("GET", "/games/{game_id}/rom"),
        ("GET", "/games/{game_id}/scenes/{scene_id}/image.png"),
        ("POST", "/games/{game_id}/smoke"),
        ("GET", "/games/{game_id}/export"),
    }
