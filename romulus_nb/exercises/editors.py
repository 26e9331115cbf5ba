"""Notebook 05: the same edits made with the editors, checked on the scene they change."""

from __future__ import annotations

from romulus_nb.exercises._core import exercise

PLATFORM_ROW, PLATFORM_COLUMNS = 20, range(4, 10)


@exercise(
    "05",
    "Paint a platform of the block tile on row 20, tile_x 4 to 9, with the scene editor.",
    "choose the rectangle tool and the block tile, then drag along row 20",
)
def platform(scene, tile):
    row = scene.nametable[PLATFORM_ROW]
    missing = [x for x in PLATFORM_COLUMNS if row[x] != tile]
    if not missing:
        return True, f"tile ${tile:02X} on row {PLATFORM_ROW}, tile_x 4-9", ""
    columns = scene.nametable[:, PLATFORM_ROW] if PLATFORM_ROW < scene.nametable.shape[1] else []
    if all(columns[y] == tile for y in PLATFORM_COLUMNS if y < len(columns)):
        return (
            False,
            "the platform stands on its end",
            ("the first coordinate is tile_x (the column), the second tile_y (the row)"),
        )
    return (
        False,
        f"tile_x {missing} of row {PLATFORM_ROW} are not tile ${tile:02X}",
        ("the rectangle tool (or editor.fill_rect(4, 20, 9, 20, tile)) paints a row at once"),
    )


@exercise(
    "05",
    "With the palette editor, make background palette 1, colour 3 orange ($27).",
    "an entry is picked first, then a colour",
)
def palette_entry(scene):
    array = scene.palettes.array
    if array[1, 3] == 0x27:
        return True, "background palette 1, colour 3 is $27", ""
    if array[5, 3] == 0x27:
        return False, "$27 went into sprite palette 1", "pick background palette 1 (the top half)"
    return (
        False,
        f"background palette 1, colour 3 is ${int(array[1, 3]):02X}",
        ("pick entry 3 of background palette 1, then click $27 on the master palette"),
    )
