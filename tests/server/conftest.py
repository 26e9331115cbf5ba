"""Every API test runs on SQLite (a file in tmp_path) and on a real PostgreSQL server."""

import pytest
from postgres_server import shared_server, stop_shared


@pytest.fixture(scope="session")
def postgres():
    yield shared_server()
    stop_shared()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of a new, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'games.db'}"
    return request.getfixturevalue("postgres").url()


@pytest.fixture
def settings(database_url):
    from romulus_nb.server.settings import Settings

    return Settings(DATABASE_URL=database_url)


@pytest.fixture
def client(settings):
    """A client of the API (prefix included) on a fresh database; the app's lifespan runs."""
    from fastapi.testclient import TestClient

    from romulus_nb.server.app import create_app

    with TestClient(create_app(settings), base_url="http://testserver/api/v1") as c:
        yield c
