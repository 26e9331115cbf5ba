"""Settings from pydantic-settings: environment variables ROMULUS_*, or arguments."""

from fastapi.testclient import TestClient

from romulus_nb.server.app import create_app
from romulus_nb.server.settings import Settings


def test_settings_come_from_romulus_environment_variables(monkeypatch):
    monkeypatch.setenv("ROMULUS_DATABASE_URL", "sqlite:///somewhere.db")
    monkeypatch.setenv("ROMULUS_FRONTEND_URL", "http://localhost:5173")
    monkeypatch.setenv("ROMULUS_DEBUG", "true")
    monkeypatch.setenv("ROMULUS_API_V1_PREFIX", "/api/v2")
    settings = Settings()
    got = (settings.DATABASE_URL, settings.FRONTEND_URL, settings.DEBUG, settings.API_V1_PREFIX)
    assert got == (
        "sqlite:///somewhere.db",
        "http://localhost:5173",
        True,
        "/api/v2",
    )


def test_the_prefix_and_the_frontend_origin_are_used(database_url):
    settings = Settings(
        DATABASE_URL=database_url, API_V1_PREFIX="/v9", FRONTEND_URL="http://app.example"
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/v9/games", headers={"Origin": "http://app.example"})
        assert response.status_code == 200 and response.json() == []
        assert response.headers["access-control-allow-origin"] == "http://app.example"
        other = client.get("/v9/games", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert client.get("/api/v1/games").status_code == 404
