"""`GameList`: what `GameStore.games()` returns; a notebook shows it as a table with thumbnails.

The table shows what a person reads (a thumbnail of the first scene, the name, the number of
scenes, the version) and nothing that changes from run to run (ids, times), so a notebook's
stored output stays the same; the PNG bytes are deterministic (`romulus_nb.render.png_bytes`).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from romulus_nb.display import data_uri, uri_img_tag
from romulus_nb.render import png_bytes
from romulus_nb.store.repository import GameInfo

THUMBNAIL_WIDTH = 128  # px: half of the 256-pixel picture


class GameList(list):
    """A list of `GameInfo`, oldest first, with an HTML table of thumbnails.

    ``thumbnail(info) -> PIL.Image | None`` draws a game's first scene (None: no scenes).
    """

    def __init__(self, games: list[GameInfo], thumbnail: Callable[[GameInfo], object]):
        super().__init__(games)
        self._thumbnail = thumbnail

    def _count(self) -> str:
        return f"{len(self)} game" + ("" if len(self) == 1 else "s")

    def __repr__(self) -> str:
        lines = [self._count()]
        lines += [f"  {g.name!r}: {g.scenes} scenes, version {g.version}" for g in self]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for g in self:
            image = self._thumbnail(g)
            thumb = (
                "no scenes"
                if image is None
                else uri_img_tag(data_uri(png_bytes(image)), g.name, THUMBNAIL_WIDTH)
            )
            rows.append(
                f"<tr><td>{thumb}</td><td>{html.escape(g.name)}</td>"
                f"<td>{g.scenes}</td><td>{g.version}</td></tr>"
            )
        head = "<tr><th>first scene</th><th>name</th><th>scenes</th><th>version</th></tr>"
        return (
            f"<table class='romulus-games'><caption>{self._count()}</caption>"
            f"{head}{''.join(rows)}</table>"
        )
