"""Lay a game's scenes out as 6502 data: the scene tables the runtime reads, as ca65 source.

The runtime (``runtime/runtime.s``) finds scene ``i`` through parallel tables indexed by ``i``
(the usual 6502 idiom: ``lda scene_palette_lo,x``):

=====================  ==========================================================
``scene_palette``      pointer to 32 bytes of palette RAM ($3F00-$3F1F)
``scene_nametable``    pointer to nametable 0 + attribute table ($2000-$23FF)
``scene_rle``          1 if that nametable is stored RLE-compressed, 0 if raw
``scene_oam``          pointer to the sprites in use, 4 OAM bytes each
``scene_sprites``      how many sprites (0-64); the rest of OAM is filled with $FF
``scene_ppuctrl``      PPUCTRL value that shows the scene (tables, sprite size)
``scene_ppumask``      PPUMASK value that shows the scene
=====================  ==========================================================

Identical palettes, nametables and sprite lists are stored once and shared.

A game with maps (scenes several screens wide, run by ``runtime/scroll.s``) has these tables too:

=====================  ==========================================================
``scene_strips``       map columns (16 per screen) or rows (15 per screen); 0 for a
                       one-screen scene
``scene_map``          pointer to the raw map (strip after strip: 15 metatiles a column,
                       16 a row), or to the low bytes of the strip pointers (RLE)
``scene_maphi``        RLE maps: pointer to the high bytes of the strip pointers
``scene_map_rle``      1 if the strips are stored as RLE pairs (count, metatile)
``scene_speed``        camera pixels per frame
``scene_cam_max``      the camera's last position (lo, hi): 256 or 240 * (screens - 1)
``scene_vertical``     1 if the map scrolls vertically (rows), 0 across (columns)
``metatile_tl`` ...    the game's metatile table, once: top-left, top-right, bottom-left,
                       bottom-right tiles and palette of each metatile
=====================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from romulus_nb.bounds import MAX_SCENES  # one limit for the model, the file and the ROM
from romulus_nb.errors import BuildError, InvalidValueError
from romulus_nb.rom.rle import free_tag, rle_compress, rle_size

#: Bytes of the scene tables per scene: 3 pointers (lo + hi), rle flag, count, ppuctrl, ppumask.
TABLE_BYTES_PER_SCENE = 10
#: More bytes per scene in a game with maps: strips, 2 pointers, rle flag, speed, camera's
#: last position (2), vertical flag.
MAP_TABLE_BYTES_PER_SCENE = 10
#: Metatiles in a map column (one screen height of 16x16 blocks) and in a map row.
COLUMN_CELLS = 15
ROW_CELLS = 16
#: OAM entries the runtime fills in when a scene uses fewer sprites.
HIDDEN_SPRITE = b"\xff\xff\xff\xff"
_BYTES_PER_LINE = 32
_HEX = [f"${value:02X}" for value in range(256)]


@dataclass(frozen=True)
class MapData:
    """A map as the scrolling runtime reads it: strips of metatiles, the ones the camera
    brings into view one at a time (columns across, rows down).

    Attributes
    ----------
    cells : bytes
        Metatile numbers strip after strip: columns of 15 (top to bottom) for a horizontal
        map, rows of 16 (left to right) for a vertical one.
    speed : int
        Camera pixels per frame.
    vertical : bool
        The map scrolls down (1 x 2-8 screens) instead of across (2-8 x 1).
    """

    cells: bytes
    speed: int
    vertical: bool = False

    def __post_init__(self):
        strips, extra = divmod(len(self.cells), self.strip_cells)
        per_screen = COLUMN_CELLS if self.vertical else ROW_CELLS
        if extra or not strips or strips % per_screen or not 2 <= strips // per_screen <= 8:
            kind = "16 per row, 15 rows" if self.vertical else "15 per column, 16 columns"
            raise InvalidValueError(
                f"map: {len(self.cells)} cells; expected {kind} per screen, 2-8 screens"
            )

    @property
    def strip_cells(self) -> int:
        """Metatiles in a strip: 15 (a column) or 16 (a row)."""
        return ROW_CELLS if self.vertical else COLUMN_CELLS

    @property
    def strips(self) -> int:
        return len(self.cells) // self.strip_cells

    @property
    def screens(self) -> int:
        return self.strips // (COLUMN_CELLS if self.vertical else ROW_CELLS)

    @property
    def camera_max(self) -> int:
        """The camera's last position along the map: 256 or 240 pixels a screen."""
        return (self.screens - 1) * (240 if self.vertical else 256)

    def strip(self, index: int) -> bytes:
        size = self.strip_cells
        return self.cells[index * size : (index + 1) * size]

    def rle_strips(self) -> list[bytes]:
        """Each strip as RLE pairs (count, metatile)."""
        out = []
        for i in range(self.strips):
            strip, pairs = self.strip(i), bytearray()
            start = 0
            for j in range(1, len(strip) + 1):
                if j == len(strip) or strip[j] != strip[start]:
                    pairs += bytes((j - start, strip[start]))
                    start = j
            out.append(bytes(pairs))
        return out


@dataclass(frozen=True)
class SceneData:
    """The bytes the runtime uploads for one scene.

    Attributes
    ----------
    palette : bytes
        32 bytes of palette RAM, $3F00-$3F1F.
    nametable : bytes
        1024 bytes for $2000-$23FF: 960 tile indices then 64 attribute bytes.
    oam : bytes
        256 bytes of OAM (64 sprites of Y, tile, attributes, X).
    ppuctrl, ppumask : int
        Register values that show the scene.
    name : str
        Shown in the generated source's comments.
    """

    palette: bytes
    nametable: bytes
    oam: bytes
    ppuctrl: int
    ppumask: int
    name: str = ""
    map: MapData | None = None

    def __post_init__(self):
        for field, size in (("palette", 32), ("nametable", 1024), ("oam", 256)):
            value = getattr(self, field)
            if field == "nametable" and self.map is not None and not value:
                continue  # a map scene's nametable is its map
            if len(value) != size:
                raise InvalidValueError(
                    f"scene {self.name!r}: {field} has {len(value)} bytes, expected {size}"
                )
        for field in ("ppuctrl", "ppumask"):
            if not 0 <= getattr(self, field) <= 0xFF:
                raise InvalidValueError(
                    f"scene {self.name!r}: {field} = {getattr(self, field)} is not a byte (0-255)"
                )

    @property
    def sprite_count(self) -> int:
        """Sprites up to the last OAM entry that is not all $FF (the runtime hides the rest)."""
        count = 64
        while count and self.oam[4 * count - 4 : 4 * count] == HIDDEN_SPRITE:
            count -= 1
        return count


@dataclass(frozen=True)
class DataLayout:
    """The generated scene data source and what it costs in PRG-ROM.

    Attributes
    ----------
    source : str
        ca65 source of the scene tables and blobs, in the ``CODE`` segment.
    size : int
        Bytes it assembles to.
    rle : tuple of bool
        Per scene, whether its nametable is stored RLE-compressed.
    scene_sizes : tuple of int
        Per scene, the bytes it adds (a blob shared with an earlier scene costs nothing).
    """

    source: str
    size: int
    rle: tuple[bool, ...]
    scene_sizes: tuple[int, ...]


def _byte_lines(data: bytes) -> list[str]:
    return [
        "    .byte " + ",".join(map(_HEX.__getitem__, data[i : i + _BYTES_PER_LINE]))
        for i in range(0, len(data), _BYTES_PER_LINE)
    ]


def comment_text(text: str) -> str:
    """Scene names as safe one-line ASCII comments."""
    return "".join(c if " " <= c <= "~" else "?" for c in text)


def _stored_nametable(nametable: bytes, compress: bool) -> tuple[bytes, bool]:
    """The nametable as stored: RLE when that is smaller (and possible), else raw."""
    if compress and rle_size(nametable) < len(nametable) and free_tag(nametable) is not None:
        return rle_compress(nametable), True
    return nametable, False


def lay_out_scenes(scenes: list[SceneData], *, compress: bool = True, metatiles=None) -> DataLayout:
    """Generate the scene tables and data that the runtime reads.

    Parameters
    ----------
    scenes : list of SceneData
        In game order; scene 0 is shown at power-on. 1-255 scenes.
    compress : bool
        Store each nametable RLE-compressed when that makes it smaller.
    metatiles : list of (4 tiles, palette), optional
        The metatile table of a game with maps (scenes whose ``map`` is set).

    Returns
    -------
    DataLayout
    """
    if not 1 <= len(scenes) <= MAX_SCENES:
        raise BuildError(
            f"a ROM holds 1-{MAX_SCENES} scenes (the runtime counts them in one byte), "
            f"got {len(scenes)}"
        )
    blobs: dict[bytes, str] = {}  # content -> label, so equal blobs are stored once
    blob_lines: list[str] = []
    size = TABLE_BYTES_PER_SCENE * len(scenes)

    def blob(label: str, data: bytes, note: str) -> str:
        nonlocal size
        if data in blobs:
            return blobs[data]
        blobs[data] = label
        blob_lines.append(f"{label}:  ; {note}, {len(data)} bytes")
        blob_lines.extend(_byte_lines(data))
        size += len(data)
        return label

    maps = any(scene.map is not None for scene in scenes)
    if maps:
        size += MAP_TABLE_BYTES_PER_SCENE * len(scenes) + 5 * len(metatiles or ())
    map_columns: list = []
    palettes, nametables, oams, rle_flags, counts, sizes = [], [], [], [], [], []
    for i, scene in enumerate(scenes):
        before = size
        blob_lines.append(f"; scene {i}: {comment_text(scene.name)}")
        palettes.append(blob(f"palette_{i}", scene.palette, "palette RAM $3F00-$3F1F"))
        if scene.map is not None:
            nametables.append("0")
            rle_flags.append(0)
            map_columns.append(_map_blobs(i, scene.map, compress, blob, blob_lines))
            size += map_columns[-1][3]
        else:
            stored, rle = _stored_nametable(scene.nametable, compress)
            kind = "RLE" if rle else "raw"
            # RLE and raw blobs never collide: an RLE stream ends with its tag and 0.
            nametables.append(blob(f"nametable_{i}", stored, f"nametable $2000-$23FF, {kind}"))
            rle_flags.append(int(rle))
            map_columns.append(None)
        count = scene.sprite_count
        counts.append(count)
        oams.append(
            blob(f"sprites_{i}", scene.oam[: 4 * count], f"{count} sprites") if count else "0"
        )
        sizes.append(TABLE_BYTES_PER_SCENE + size - before)

    def table(name: str, values: list) -> str:
        return f"{name}: .byte " + ", ".join(str(v) for v in values)

    lines = [
        "; Scene data, generated by romulus_nb.rom.layout: one entry per scene in each table.",
        table("scene_palette_lo", [f"<{p}" for p in palettes]),
        table("scene_palette_hi", [f">{p}" for p in palettes]),
        table("scene_nametable_lo", [f"<{n}" for n in nametables]),
        table("scene_nametable_hi", [f">{n}" for n in nametables]),
        table("scene_rle", rle_flags),
        table("scene_oam_lo", [f"<{o}" for o in oams]),
        table("scene_oam_hi", [f">{o}" for o in oams]),
        table("scene_sprites", counts),
        table("scene_ppuctrl", [f"${s.ppuctrl:02X}" for s in scenes]),
        table("scene_ppumask", [f"${s.ppumask:02X}" for s in scenes]),
        *(_map_tables(scenes, map_columns, metatiles or ()) if maps else ()),
        "",
        *blob_lines,
        "",
    ]
    return DataLayout(
        source="\n".join(lines),
        size=size,
        rle=tuple(bool(f) for f in rle_flags),
        scene_sizes=tuple(sizes),
    )


def _map_blobs(i: int, level: MapData, compress: bool, blob, blob_lines) -> tuple:
    """Store a map raw or as RLE strips, whichever is smaller.

    Returns ``(kind, pointer label, high-pointer label, bytes of pointer tables)``."""
    pairs = level.rle_strips()
    kind = "row" if level.vertical else "column"
    if compress and 2 * level.strips + sum(map(len, pairs)) < len(level.cells):
        labels = [blob(f"map_{i}_c{c}", p, f"map {i} {kind} {c}, RLE pairs (count, metatile)")
                  for c, p in enumerate(pairs)]  # fmt: skip
        blob_lines.append(f"map_{i}_lo: .byte " + ", ".join(f"<{x}" for x in labels))
        blob_lines.append(f"map_{i}_hi: .byte " + ", ".join(f">{x}" for x in labels))
        return ("rle", f"map_{i}_lo", f"map_{i}_hi", 2 * level.strips)
    note = f"map, {level.strips} {kind}s of {level.strip_cells}"
    return ("raw", blob(f"map_{i}", level.cells, note), "0", 0)


def _map_tables(scenes, map_columns, metatiles) -> list[str]:
    """The per-scene map tables and the metatile table (see the module docstring)."""

    def table(name: str, values: list) -> str:
        return f"{name}: .byte " + ", ".join(str(v) for v in values)

    found = [m or ("raw", "0", "0", 0) for m in map_columns]
    lines = [
        table("scene_strips", [s.map.strips if s.map else 0 for s in scenes]),
        table("scene_map_lo", [f"<{m[1]}" for m in found]),
        table("scene_map_hi", [f">{m[1]}" for m in found]),
        table("scene_maphi_lo", [f"<{m[2]}" for m in found]),
        table("scene_maphi_hi", [f">{m[2]}" for m in found]),
        table("scene_map_rle", [int(m[0] == "rle") for m in found]),
        table("scene_speed", [s.map.speed if s.map else 0 for s in scenes]),
        table("scene_cam_max_lo", [s.map.camera_max & 0xFF if s.map else 0 for s in scenes]),
        table("scene_cam_max_hi", [s.map.camera_max >> 8 if s.map else 0 for s in scenes]),
        table("scene_vertical", [int(s.map.vertical) if s.map else 0 for s in scenes]),
        "; the metatile table: tiles (top-left, top-right, bottom-left, bottom-right), palette",
    ]
    for part, name in enumerate(("tl", "tr", "bl", "br", "pal")):
        values = bytes(tiles[part] if part < 4 else palette for tiles, palette in metatiles)
        lines += [f"metatile_{name}:", *_byte_lines(values)]
    return lines


def prelude(prg_start: int, scene_count: int, *, maps_down: bool = False) -> str:
    """The constants the runtime expects in front of it. ``maps_down``: the game's maps scroll
    vertically, so the scrolling runtime assembles the player's code for maps down
    (``.ifdef MAPS_DOWN`` in ``player.s``; a game's maps all scroll one way)."""
    return (
        "; Generated by romulus_nb.rom.build\n"
        f"PRG_START = ${prg_start:04X}   ; first byte of PRG-ROM in the CPU address space\n"
        f"SCENE_COUNT = {scene_count}\n"
    ) + ("MAPS_DOWN = 1   ; the maps scroll vertically\n" if maps_down else "")
