"""GET scene's answers, kept by each worker process and checked against the row on every read.

The body of GET scene is the stored document put in the response model's key order with the
row's fields: parsing the document and writing it again is most of the work the server does for
the most frequent request. A worker keeps the last body it answered for each scene, with the
record it was made from. The next read of the scene is the same one SELECT, told the version
and change time of the body kept (``held`` of `romulus_nb.store.scene_reads.SceneReads.read`):
while the row still has them, the database leaves the document out and the kept body is
answered; once any writer, in any worker or process, has changed the scene, the row has moved on
and the document comes back with it. Every answer is checked against the row as the database has
it at that moment: never a stale read. The stamp is the one the scene's ETag is made of, so a
body is kept exactly as long as a client may keep its copy by ``If-None-Match``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from romulus_nb.server.schemas import SceneOut
from romulus_nb.store.scene_reads import SceneRecord

#: Scenes whose bodies a worker keeps (a few kilobytes each); the oldest kept goes first.
KEPT_SCENES = 4096


Kept = tuple[SceneRecord, bytes]  # a body and the record (data left out) it was made from


class SceneBodies:
    """The JSON bodies GET scene answered last, one per scene."""

    def __init__(self, limit: int = KEPT_SCENES):
        self.limit = limit
        self._kept: dict[uuid.UUID, Kept] = {}

    def kept(self, scene_id: uuid.UUID) -> Kept | None:
        """The body kept for the scene, with its record; its ``stamp`` is what to read with."""
        return self._kept.get(scene_id)

    def body(self, record: SceneRecord, kept: Kept | None) -> bytes | None:
        """The body for ``record``, read while ``kept`` was kept: ``kept``'s body when the
        database left the data out and the record's other fields are the kept ones too; None
        when they are not (the row was changed by hand, its version and time left as they
        were): then read it again whole. A record with its data makes a new body, kept."""
        if record.data is None:
            return kept[1] if kept is not None and record == kept[0] else None
        body = SceneOut.json_of(record)
        self._kept.pop(record.id, None)  # re-inserted last: the oldest kept goes first
        if len(self._kept) >= self.limit:
            del self._kept[next(iter(self._kept))]
        self._kept[record.id] = replace(record, data=None), body
        return body
