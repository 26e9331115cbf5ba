"""``romulus db upgrade [--database URL]`` and ``romulus serve [--database URL] [--host H]
[--port P]``.

This module is imported whenever the ``romulus`` command builds its parser, so it imports neither
FastAPI nor SQLAlchemy at the top: the store and the server are imported when these commands run
(an optional dependency: the ``server`` extra), and a missing extra is one clear line.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os

from romulus_nb.cli_args import int_range
from romulus_nb.errors import RomulusError

EXTRA = "pip install 'romulus-nb[server]'"
_NEEDED = ("sqlalchemy", "alembic", "aiosqlite", "asyncpg", "fastapi", "uvicorn")
_NEEDED += ("pydantic_settings",)
APP_FACTORY = "romulus_nb.server.app:worker_app"
DATABASE_ENV = "ROMULUS_DATABASE_URL"  # Settings' DATABASE_URL
#: Worker processes by default: one per core, since a request is mostly Python (CPU) work; at
#: most 4, since each has its own pool of up to 15 database connections and PostgreSQL allows
#: 100 by default.
DEFAULT_WORKERS = min(os.cpu_count() or 1, 4)


def _require_extra() -> None:
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        raise RomulusError(f"{', '.join(missing)} not installed; the store needs: {EXTRA}")


def run_db_upgrade(args) -> int:
    _require_extra()
    from romulus_nb.store.database import make_engine, shown  # optional dependency (server extra)
    from romulus_nb.store.migrate import upgrade  # optional dependency (server extra)

    async def go():
        engine = make_engine(args.database)
        try:
            return await upgrade(engine, args.revision), shown(engine.url)
        finally:
            await engine.dispose()

    (before, after), where = asyncio.run(go())
    if before == after:
        print(f"{where}: already at revision {after}")
    else:
        print(f"{where}: migrated from revision {before or '(empty)'} to {after}")
    return 0


def run_serve(args) -> int:
    _require_extra()
    import uvicorn  # optional dependency (server extra)

    from romulus_nb.server.settings import Settings  # optional dependency (server extra)
    from romulus_nb.store.database import make_engine  # optional dependency (server extra)
    from romulus_nb.store.migrate import check_schema  # optional dependency (server extra)

    if args.database is not None:  # the workers read their settings from the environment
        os.environ[DATABASE_ENV] = args.database
    settings = Settings()

    async def check():  # an old database stops here with one line, not a start-up traceback
        engine = make_engine(settings.DATABASE_URL)
        try:
            await check_schema(engine, create=True)
        finally:
            await engine.dispose()

    asyncio.run(check())
    # An import string, so that each of several worker processes makes its own application
    # (and its own connection pool). uvicorn picks uvloop and httptools when installed.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        # Access lines are logged at "info": below it, spare each request formatting one.
        access_log=args.log_level == "info",
    )
    return 0


def register(subparsers) -> None:
    """Add ``db`` and ``serve`` to the ``romulus`` command."""
    database = dict(
        metavar="URL",
        help="sqlite:///FILE or postgresql://USER@HOST:PORT/DB "
        "(default: $ROMULUS_DATABASE_URL, else games.db in your data directory)",
    )
    p = subparsers.add_parser("db", help="the game store's database: migrate it")
    verbs = p.add_subparsers(dest="db_command", required=True, metavar="VERB")
    up = verbs.add_parser("upgrade", help="create or migrate the tables (data is kept)")
    up.add_argument("--database", **database)
    up.add_argument("--revision", default="head", help="migrate to this revision (default head)")
    up.set_defaults(func=run_db_upgrade)

    p = subparsers.add_parser("serve", help="serve the game store over HTTP (FastAPI)")
    p.add_argument("--database", **database)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int_range(1, 65535), default=8000,
                   help="TCP port (1-65535, default 8000)")  # fmt: skip
    workers = f"processes (1-64, default {DEFAULT_WORKERS}: one per core, 4 at most)"
    p.add_argument("--workers", type=int_range(1, 64), default=DEFAULT_WORKERS, help=workers)
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info"))
    p.set_defaults(func=run_serve)
