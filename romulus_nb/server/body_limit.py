"""Refuse request bodies over a size limit with 413, before reading them (by Content-Length) or
as soon as they pass the limit (bodies sent in chunks): a client cannot make the server buffer
an unbounded body."""

from __future__ import annotations

import json


class BodyLimit:
    """ASGI middleware: 413 for bodies over ``limit`` bytes."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            return await self._refuse(send)
        seen, started, refused = 0, False, False

        async def limited_receive():
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Answer 413 ourselves and tell the app the client is gone: it stops
                    # reading, and whatever it would answer is dropped below.
                    refused = True
                    if not started:
                        await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message):
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, tracking_send)

    async def _refuse(self, send) -> None:
        body = json.dumps(
            {"detail": f"request body over {self.limit} bytes; send at most {self.limit}"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
