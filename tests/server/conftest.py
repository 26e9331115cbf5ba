"""Every API test runs on SQLite (a file in tmp_path) and on a real PostgreSQL server."""

import pytest
from fastapi.testclient import TestClient
from helpers import post_demo
from postgres_server import database_url, postgres  # noqa: F401 (fixtures)

from romulus_nb.server.app import create_app
from romulus_nb.server.settings import Settings


@pytest.fixture
def settings(database_url):  # noqa: F811 (the fixture)
    return Settings(DATABASE_URL=database_url)


@pytest.fixture
def client(settings):
    """A client of the API (prefix included) on a fresh database; the app's lifespan runs."""
    with TestClient(create_app(settings), base_url="http://testserver/api/v1") as c:
        yield c


@pytest.fixture
def game(client):
    """The demo game, posted: its GameOut JSON."""
    return post_demo(client)
