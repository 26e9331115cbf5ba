"""Dependencies injected into the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from romulus_nb.errors import RomulusError
from romulus_nb.store.errors import (
    GameNotFoundError,
    SceneNotFoundError,
    StaleUpdateError,
    StoreError,
)


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request (its transaction ends with the request)."""
    async with request.app.state.sessions() as session:
        yield session


DB = Annotated[AsyncSession, Depends(get_db)]


@contextmanager
def http_errors(field: str = "body") -> Iterator[None]:
    """The store's refusals as HTTP answers: 404 for what is missing, 409 for a stale or
    conflicting write, 422 (naming ``field``) for what the model refuses."""
    try:
        yield
    except GameNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Game not found") from None
    except SceneNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Scene not found") from None
    except StaleUpdateError as exc:
        detail = {
            "msg": str(exc),
            "current_version": exc.current_version,
            "changed_at": exc.changed_at.isoformat(),
        }
        raise HTTPException(status.HTTP_409_CONFLICT, detail) from None
    except StoreError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    except RomulusError as exc:
        detail = [{"loc": field.split("."), "msg": str(exc), "type": "value_error"}]
        # 422 as a number: Starlette renamed its constant (UNPROCESSABLE_ENTITY -> _CONTENT).
        raise HTTPException(422, detail) from None


def etag(record) -> str:
    """A stored row's entity tag: every change moves its ``version`` or ``updated_at`` on
    (a position shift moves ``updated_at``)."""
    stamp = record.updated_at.timestamp()
    return f'"{record.version}-{stamp:.6f}-{record.position}"'


def not_modified(if_none_match: str, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (or is ``*``); weak tags compare
    by their value (RFC 9110 section 13.1.2)."""
    names = [name.strip().removeprefix("W/") for name in if_none_match.split(",")]
    return "*" in names or tag in names
