"""Alembic environment for the store: run by `romulus_nb.store.migrate` on a connection it
passes in ``config.attributes["connection"]``, or by the ``alembic`` command with
``-x url=postgresql://...`` (or ``$ROMULUS_DATABASE_URL``)."""

from __future__ import annotations

import asyncio

from alembic import context

from romulus_nb.store.database import make_engine
from romulus_nb.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection) -> None:
    # render_as_batch: SQLite alters tables by copying them; PostgreSQL alters them in place.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_on_url(url: str | None) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(run_on)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("romulus_nb migrations run online: give a database URL")
connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    asyncio.run(run_on_url(context.get_x_argument(as_dictionary=True).get("url")))
