"""Every store test runs on SQLite (a file in tmp_path) and on a real PostgreSQL server."""

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
