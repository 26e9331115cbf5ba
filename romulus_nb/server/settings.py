"""The server's settings, read by pydantic-settings from ``ROMULUS_*`` environment variables
(``ROMULUS_DATABASE_URL``, ``ROMULUS_FRONTEND_URL``, ``ROMULUS_DEBUG``, ``ROMULUS_API_V1_PREFIX``,
``ROMULUS_MAX_BODY_BYTES``) or given as arguments."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from romulus_nb.project import MAX_PROJECT_BYTES


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROMULUS_", extra="ignore")

    DATABASE_URL: str | None = Field(
        None, description="SQLAlchemy URL; default: games.db in the user's data directory"
    )
    FRONTEND_URL: str | None = Field(None, description="origin allowed by CORS, if any")
    DEBUG: bool = False
    API_V1_PREFIX: str = "/api/v1"
    MAX_BODY_BYTES: int = Field(
        MAX_PROJECT_BYTES, ge=1024, description="larger request bodies get 413, unread"
    )
