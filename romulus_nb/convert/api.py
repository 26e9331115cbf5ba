"""The conversion as the model's verbs: `add_scene_from_image` (into a game) and
`scene_from_image` (a new game of its own). `Scene.from_image` and `Game.add_scene_from_image`
are thin wrappers around these two."""

from __future__ import annotations

import os
from pathlib import Path

from romulus_nb.convert.pipeline import convert_picture
from romulus_nb.convert.report import ConversionReport
from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game, Scene, tiles_used
from romulus_nb.nes.chr import TILES_PER_TABLE

#: Tiles the built-in font occupies from `Game.font_base` (ASCII $20-$7E).
FONT_TILES = 0x7F - 0x20


def add_scene_from_image(
    game: Game,
    image,
    name: str | None = None,
    *,
    fit: str = "crop",
    dither: str = "none",
    tile_budget: int | None = None,
    seed: int = 0,
    space: str = "lab",
    bg_table: int = 0,
    index: int | None = None,
    progress: bool = True,
) -> tuple[Scene, ConversionReport]:
    """Convert ``image`` into a new scene of ``game``; returns the scene and the report.

    New tiles go into slots of pattern table ``bg_table`` that no scene uses (blank slots first;
    the font's slots are kept); tiles identical to ones already there are reused. The default
    ``tile_budget`` is every free slot. The game is unchanged if the conversion fails.
    See `romulus_nb.convert.pipeline.convert_picture` for the other options.
    """
    if bg_table not in (0, 1):
        raise InvalidValueError(f"bg_table: {bg_table!r}; a pattern table is 0 or 1")
    reserved = set(tiles_used(game, bg_table)) | _font_slots(game, bg_table)
    conversion = convert_picture(
        image,
        pattern_table=game.pattern_table(bg_table),
        reserved=reserved,
        master=game.master_palette,
        bg_table=bg_table,
        fit=fit,
        dither=dither,
        tile_budget=tile_budget,
        seed=seed,
        space=space,
        progress=progress,
    )
    tileset = game.tileset.copy()
    start = bg_table * TILES_PER_TABLE
    tileset[start : start + TILES_PER_TABLE] = conversion.pattern_table
    game.tileset = tileset
    game.touch("tileset")
    scene = game.add_scene(name or _default_name(image), conversion.scene, index=index)
    return scene, conversion.report


def scene_from_image(image, name: str | None = None, **options) -> tuple[Scene, ConversionReport]:
    """Convert ``image`` into a scene of a new `Game` (``scene.game``) that holds its tiles.

    Options as for `add_scene_from_image`.
    """
    name = name or _default_name(image)
    game = Game(name or "Picture")
    return add_scene_from_image(game, image, name, **options)


def _font_slots(game: Game, table: int) -> set[int]:
    # The font is added to pattern table 0 unless told otherwise; keep it wherever it may be.
    if game.font_base is None or table != 0:
        return set()
    return set(range(game.font_base, min(TILES_PER_TABLE, game.font_base + FONT_TILES)))


def _default_name(image) -> str | None:
    if isinstance(image, (str, os.PathLike)):
        return Path(image).stem
    return None
