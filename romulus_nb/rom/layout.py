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
"""

from __future__ import annotations

from dataclasses import dataclass

from romulus_nb.bounds import MAX_SCENES  # one limit for the model, the file and the ROM
from romulus_nb.errors import BuildError, InvalidValueError
from romulus_nb.rom.rle import free_tag, rle_compress, rle_size

#: Bytes of the scene tables per scene: 3 pointers (lo + hi), rle flag, count, ppuctrl, ppumask.
TABLE_BYTES_PER_SCENE = 10
#: OAM entries the runtime fills in when a scene uses fewer sprites.
HIDDEN_SPRITE = b"\xff\xff\xff\xff"
_BYTES_PER_LINE = 32
_HEX = [f"${value:02X}" for value in range(256)]


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

    def __post_init__(self):
        for field, size in (("palette", 32), ("nametable", 1024), ("oam", 256)):
            value = getattr(self, field)
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


def lay_out_scenes(scenes: list[SceneData], *, compress: bool = True) -> DataLayout:
    """Generate the scene tables and data that the runtime reads.

    Parameters
    ----------
    scenes : list of SceneData
        In game order; scene 0 is shown at power-on. 1-255 scenes.
    compress : bool
        Store each nametable RLE-compressed when that makes it smaller.

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

    palettes, nametables, oams, rle_flags, counts, sizes = [], [], [], [], [], []
    for i, scene in enumerate(scenes):
        before = size
        blob_lines.append(f"; scene {i}: {comment_text(scene.name)}")
        palettes.append(blob(f"palette_{i}", scene.palette, "palette RAM $3F00-$3F1F"))
        stored, rle = _stored_nametable(scene.nametable, compress)
        kind = "RLE" if rle else "raw"
        # RLE and raw blobs never collide: an RLE stream ends with its tag and 0.
        nametables.append(blob(f"nametable_{i}", stored, f"nametable $2000-$23FF, {kind}"))
        rle_flags.append(int(rle))
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


def prelude(prg_start: int, scene_count: int) -> str:
    """The constants the runtime expects in front of it."""
    return (
        "; Generated by romulus_nb.rom.build\n"
        f"PRG_START = ${prg_start:04X}   ; first byte of PRG-ROM in the CPU address space\n"
        f"SCENE_COUNT = {scene_count}\n"
    )
