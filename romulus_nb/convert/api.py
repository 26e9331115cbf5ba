"""The conversion as the model's verbs: `add_scene_from_image` (into a game) and
`scene_from_image` (a new game of its own). `Scene.from_image` and `Game.add_scene_from_image`
are thin wrappers around these two."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from romulus_nb.convert.master_palettes import known_palettes
from romulus_nb.convert.pipeline import convert_picture, place_tiles
from romulus_nb.convert.report import ConversionReport
from romulus_nb.errors import ImageImportError, InvalidValueError
from romulus_nb.game import Game, Metasprite, Scene, SpritePart, tiles_used
from romulus_nb.nes.chr import TILES_PER_TABLE
from romulus_nb.nes.colors import MasterPalette
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet

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
    palettes: tuple[MasterPalette, ...] = (),
    sprites=None,
    sprite_size: int = 8,
) -> tuple[Scene, ConversionReport]:
    """Convert ``image`` into a new scene of ``game``; returns the scene and the report.

    New tiles go into slots of pattern table ``bg_table`` that no scene uses (blank slots first;
    the font's slots are kept); tiles identical to ones already there are reused. The default
    ``tile_budget`` is every free slot. The game is unchanged if the conversion fails.
    Art that already obeys the NES's rules, in colours of a known RGB table or of one of
    ``palettes``, comes back exactly. ``sprites``, a sprite sheet laid over the picture (see
    `romulus_nb.convert.sprites`), becomes the scene's sprites and the game's metasprites,
    exactly, or is refused naming the rule it breaks; ``sprite_size`` 16 makes 8x16 sprites
    (the scene's sprite size). See
    `romulus_nb.convert.pipeline.convert_picture` for the other options.
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
        palettes=tuple(palettes),
    )
    tileset = game.tileset.copy()
    start = bg_table * TILES_PER_TABLE
    tileset[start : start + TILES_PER_TABLE] = conversion.pattern_table
    nes, report, metasprites = conversion.scene, conversion.report, []
    if sprites is not None:  # worked out in full before the game changes
        nes, tileset, metasprites, line = _with_sprites(
            game, nes, tileset, sprites, (*palettes, game.master_palette),
            _default_name(sprites) or "sprites", sprite_size,
        )  # fmt: skip
        report = dataclasses.replace(report, notes=(*report.notes, line))
    game.tileset = tileset
    game.touch("tileset")
    scene = game.add_scene(name or _default_name(image), nes, index=index)
    for metasprite in metasprites:
        game.add_metasprite(metasprite)
    return scene, report


def _with_sprites(game, nes, tileset, sheet, palettes, stem, height):
    """The scene with the sheet's sprites, the tileset with their tiles, the metasprites and a
    line for the report; `ImageImportError` naming the broken rules if it cannot be exact."""
    # Rarely used (a picture with a sprite sheet): the solver's module loads only then.
    from romulus_nb.convert.sprites import read_sheet, solve_sprites

    if height not in (8, 16):
        raise InvalidValueError(f"sprite_size: {height!r}; use 8 (8x8) or 16 (8x16)")
    rgb, opaque, source = read_sheet(sheet)
    table = 1 - nes.bg_table  # the other pattern table, so the background keeps its slots
    reserved = set(tiles_used(game, table)) | _font_slots(game, table)
    per_slot = height // 8  # an 8x16 sprite takes a pair of slots, even and odd
    reserved = {slot // per_slot for slot in reserved}
    art, violations = solve_sprites(
        rgb, opaque, known_palettes(tuple(palettes)),
        free_slots=TILES_PER_TABLE // per_slot - len(reserved), height=height,
    )  # fmt: skip
    if art is None:
        broken = "; ".join(f"{v.rule}: {v.message}" for v in violations)
        raise ImageImportError(f"sprite sheet {source}: not exact: {broken}")
    start = table * TILES_PER_TABLE
    slots_of = tileset[start : start + TILES_PER_TABLE].reshape(-1, height, 8)
    pattern_table, slots, _ = place_tiles(art.tiles, slots_of, reserved)
    tileset = tileset.copy()
    tileset[start : start + TILES_PER_TABLE] = pattern_table.reshape(-1, 8, 8)
    # The tile byte: the slot; of 8x16 sprites the top tile's (even), bit 0 the pattern table.
    slots = slots.astype(int) * per_slot + (table if height == 16 else 0)
    rows = nes.palettes.array.copy()
    rows[4:, 1:] = art.palettes
    nes = nes.copy()
    nes.palettes = PaletteSet(rows.tolist(), backdrop=int(rows[0, 0]))
    nes.sprite_table = table
    nes.sprite_size = height
    nes.sprites = [
        Sprite(p.x, p.y, int(slots[p.tile]), p.palette, flip_h=p.flip_h, flip_v=p.flip_v)
        for p in art.parts
    ]
    metasprites = []
    for k, group in enumerate(art.groups):
        x0 = min(art.parts[i].x for i in group)
        y0 = min(art.parts[i].y for i in group)
        parts = tuple(
            SpritePart(p.x - x0, p.y - y0, int(slots[p.tile]), p.palette, p.flip_h, p.flip_v)
            for p in (art.parts[i] for i in group)
        )
        label = stem[:90] if len(art.groups) == 1 else f"{stem[:90]} {k + 1}"
        metasprites.append(Metasprite(label, parts))
    line = (
        f"sprites from {source}: exact ({art.master.name}), {len(art.parts)} sprites in "
        f"{len(art.groups)} metasprites, {len(art.tiles)} tiles in pattern table {table}"
    )
    return nes, tileset, metasprites, line


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
