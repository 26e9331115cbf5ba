"""Shared by the API tests: a stored demo game."""

from romulus_nb import demo_game
from romulus_nb.project import game_to_dict


def post_demo(client, game=None) -> dict:
    """POST the demo game (or ``game``) as a project document; returns the GameOut JSON."""
    response = client.post("/games", json={"project": game_to_dict(game or demo_game())})
    assert response.status_code == 201, response.text
    return response.json()


def scene_url(game: dict, index: int = 0) -> str:
    """The URL of scene ``index`` of a GameOut."""
    return f"/games/{game['id']}/scenes/{game['scenes'][index]['id']}"
