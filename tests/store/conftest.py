"""Every store test runs on SQLite (a file in tmp_path) and on a real PostgreSQL server."""

from postgres_server import database_url, postgres  # noqa: F401 (fixtures)
