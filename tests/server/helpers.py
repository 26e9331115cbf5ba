"""Shared by the API tests: a stored demo game, work on the test's database outside the app."""

import asyncio

from romulus_nb import demo_game
from romulus_nb.project import game_to_dict
from romulus_nb.store.database import make_engine, session_factory


def post_demo(client, game=None) -> dict:
    """POST the demo game (or ``game``) as a project document; returns the GameOut JSON."""
    response = client.post("/games", json={"project": game_to_dict(game or demo_game())})
    assert response.status_code == 201, response.text
    return response.json()


def scene_url(game: dict, index: int = 0) -> str:
    """The URL of scene ``index`` of a GameOut."""
    return f"/games/{game['id']}/scenes/{game['scenes'][index]['id']}"


def run_on_database(settings, operation):
    """Run ``operation(session)`` on the test's database, outside the app."""

    async def go():
        engine = make_engine(settings.DATABASE_URL)
        try:
            async with session_factory(engine)() as session:
                return await operation(session)
        finally:
            await engine.dispose()

    return asyncio.run(go())
