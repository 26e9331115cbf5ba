"""`create_app`: the FastAPI application over a game store.

On start-up the database is checked (`romulus_nb.store.migrate.check_schema`): an empty database
gets the tables, one made by another version of romulus_nb stops the start with the command
that migrates it. Routes live under ``API_V1_PREFIX``; ``/openapi.json`` describes them, with
the project file's schema names (NESColor, NESPalette, NESScene).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from romulus_nb.server.body_limit import BodyLimit
from romulus_nb.server.routers import artifacts, assets, games, scenes
from romulus_nb.server.scene_bodies import SceneBodies
from romulus_nb.server.settings import Settings
from romulus_nb.store.database import make_engine, session_factory
from romulus_nb.store.migrate import check_schema
from romulus_nb.store.scene_reads import SceneReads

#: Database connections each worker process keeps open: as many as it may use at once (15, as
#: SQLAlchemy's default pool_size 5 + max_overflow 10 allowed), all kept. With the default's
#: overflow, every checkout beyond 5 at once opened a new connection and closed it on return.
POOL_SIZE = 15

NES_COLOR = {
    "type": "integer",
    "minimum": 0,
    "maximum": 0x3F,
    "title": "NESColor",
    "description": "an index into the NES master palette, $00-$3F; $0D is refused",
}


def create_app(settings: Settings | None = None, *, freeze_gc: bool = False) -> FastAPI:
    """The application; ``settings`` default to the ``ROMULUS_*`` environment variables.

    ``freeze_gc``: once started, move every object made so far (modules, the app, its routes and
    pools: a few hundred thousand) out of the garbage collector's sight (`gc.freeze`). Python's
    full collections otherwise walk them all, about every second under load, each stopping every
    request in flight for 100-250 ms here: the tail of the latency. For a server process of its
    own (`worker_app`); a test process that makes many apps would keep each one's objects."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(
            settings.DATABASE_URL, pre_ping=False, pool_size=POOL_SIZE, max_overflow=0
        )  # see make_engine
        try:
            await check_schema(engine, create=True)
            app.state.engine = engine
            app.state.sessions = session_factory(engine)
            app.state.scene_bodies = SceneBodies()
            app.state.scene_reads = reads = SceneReads(engine)
            try:
                if freeze_gc:
                    gc.collect()
                    gc.freeze()
                yield
            finally:
                reads.close()
        finally:
            await engine.dispose()

    app = FastAPI(
        title="romulus_nb",
        summary="NES games in a database: scenes, ROMs, pictures, smoke tests",
        debug=settings.DEBUG,
        lifespan=lifespan,
        # One schema per model for requests and responses: NESScene, not NESScene-Input/-Output.
        separate_input_output_schemas=False,
    )
    app.state.settings = settings
    for router in (games.router, scenes.router, assets.router, artifacts.router):
        app.include_router(router, prefix=settings.API_V1_PREFIX)
    if settings.FRONTEND_URL:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[settings.FRONTEND_URL],
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(BodyLimit, limit=settings.MAX_BODY_BYTES)
    app.openapi = _with_named_colors(app)
    return app


def worker_app() -> FastAPI:
    """The application of one ``romulus serve`` worker process (uvicorn's factory)."""
    return create_app(freeze_gc=True)


def _with_named_colors(app: FastAPI):
    """OpenAPI with NESColor as a named schema: pydantic inlines the annotated int it is in
    `romulus_nb.project`, so every inlined copy is replaced by a reference to one definition."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schema["components"]["schemas"]["NESColor"] = NES_COLOR
            _refer(schema["components"]["schemas"], "NESColor")
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


def _refer(node, title: str) -> None:
    """Replace every sub-schema titled ``title`` below ``node`` by a $ref to it."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, dict) and value.get("title") == title and value is not NES_COLOR:
            node[key] = {"$ref": f"#/components/schemas/{title}"}
        elif isinstance(value, (dict, list)):
            _refer(value, title)
