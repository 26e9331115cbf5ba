"""Every exercise's check, with the right answer worked by hand from the NESdev Wiki and with
the wrong answers learners typically give: the verdict and the hint each one gets."""

from __future__ import annotations

import pytest

from romulus_nb import demo_game
from romulus_nb.exercises import (
    EXERCISES,
    by_notebook,
    cartridge,
    colours,
    database,
    editors,
    frames,
    linking,
    moving,
    nametables,
    pictures,
    scrolling,
    sprites,
    tiles,
    timing,
)
from romulus_nb.player import Physics
from romulus_nb.store import GameStore

RIGHT = [
    # (exercise, answer) — each worked by hand in the comment
    (colours.colour_number, (0x26,)),  # brightness 2 = high digit, hue 6 = low digit
    (colours.colour_number, ("$26",)),  # the notebook's own notation is accepted
    (colours.palette_mirror, (4,)),  # $3F14 mirrors $3F04 (wiki "PPU palettes")
    (colours.rom_size, (24592,)),  # 16 + 16384 + 8192
    (tiles.tile_planes, (0x5A, 0x3C)),  # 01233210: low bits 01011010, high bits 00111100
    (tiles.chr_offset, (0x1410,)),  # $1000 + $41 * 16
    (nametables.attribute_value, (0x39,)),  # 00 11 10 01: BR 0, BL 3, TR 2, TL 1
    (nametables.attribute_address, (0x23E3, 6)),  # $23C0 + 4*8 + 3; y%4=3 -> 4, x%4=2 -> 2
    (nametables.nametable_address, (0x2145,)),  # $2000 + 10*32 + 5
    (sprites.oam_bytes, ([49, 0x12, 0x42, 100],)),  # Y-1, tile, palette 2 | $40, X
    (sprites.oam_bytes, ("31 12 42 64",)),
    (sprites.fair_flicker, ([[(k + i) % 9 for i in range(9)] for k in range(9)],)),  # rotation
    (sprites.fair_flicker, ([list(range(9)), list(range(8, -1, -1))],)),  # reverse every frame
    (cartridge.header, ("4E 45 53 1A 02 01 01 00 00 00 00 00 00 00 00 00",)),
    (cartridge.sta_bytes, ([0x8D, 0x06, 0x20],)),
    (frames.vblank_cycles, (2273,)),  # 20 * 341 / 3 = 2273.3
    (frames.vblank_cycles, (2273.33,)),
    (pictures.background_colours, (13,)),
    (pictures.block_palette, (2,)),
    (timing.address_latch, (0x1000,)),  # the $2002 read resets the toggle: $10 is the high byte
    (timing.column_increment, (0x2060,)),  # $2000 + 3 * 32
    (timing.vblank_bytes, (220,)),  # (2273 - 513) // 8
    (scrolling.camera_registers, (1, 44)),  # 300 = 256 + 44
    (scrolling.level_mirroring, ("vertical",)),  # wiki "Mirroring": side by side = vertical
    # 32 * 256 + (10 + 20 + ... + 80) = 8192 + 360 = 8552 = 33 * 256 + 104
    (moving.subpixel_position, (33, 104)),
    (moving.subpixel_position, ("33", "$68")),
    # v^2 / 2g with A held: 1344^2 / (2 * 32) / 256 = 110 pixels (the simulation: 108)
    (moving.higher_jump, (Physics(jump_velocity=1344),)),
    # a lighter pull while A is held: 1024^2 / (2 * 20) / 256 = 102 pixels
    (moving.higher_jump, (Physics(gravity_held=20),)),
    (linking.lda_sta_bytes, ("A9 3F 8D 06 20",)),  # LDA #imm $A9, STA abs $8D, low byte first
    (linking.lda_sta_bytes, ([0xA9, 0x3F, 0x8D, 0x06, 0x20],)),
    (linking.clear_oam_address, (0x8008,)),  # $8000 + JSR 3 + INC zp 2 + JMP 3
    (linking.clear_oam_address, ("$8008",)),
    (database.stale_status, (409,)),  # Conflict: the server's answer to a stale version
]


@pytest.mark.parametrize(("exercise", "answer"), RIGHT, ids=lambda v: getattr(v, "name", ""))
def test_the_right_answer_is_called_right(exercise, answer):
    verdict = exercise.check(*answer)
    assert verdict.ok, str(verdict)
    assert str(verdict).startswith(f"right ({exercise.name})") and verdict.hint == ""


WRONG = [
    # (exercise, answer, a phrase the hint must contain)
    (colours.colour_number, (0x62,), "HIGH digit is the brightness"),
    (colours.colour_number, (0x16,), "brightness counts from 0"),
    (colours.colour_number, (0x21,), "hue 6 is red"),
    (colours.palette_mirror, (0x14,), "are mirrors of $3F00"),
    (colours.palette_mirror, (7,), "$3F14 - $3F00"),
    (colours.rom_size, (24576,), "16-byte header"),
    (tiles.tile_planes, (0x3C, 0x5A), "LOW plane holds bit 0"),
    (tiles.chr_offset, (0x410,), "starts at $1000"),
    (tiles.chr_offset, (0x1041,), "16 bytes"),
    (nametables.attribute_value, (0x6C,), "top-left block takes bits 1-0"),
    (nametables.attribute_value, (0x2D,), "reading order"),
    (nametables.attribute_address, (0x240F, 6), "divide the tile numbers by 4"),
    (nametables.attribute_address, (0x23E3, 2), "(tile_y % 4 // 2) × 4"),
    (nametables.nametable_address, (0x20AA,), "rows come first"),
    (sprites.oam_bytes, ([50, 0x12, 0x42, 100],), "store Y - 1"),
    (sprites.oam_bytes, ([100, 0x12, 0x42, 49],), "Y, tile, attributes, X"),
    (sprites.oam_bytes, ([49, 0x12, 0x82, 100],), "bit 6 ($40) flips horizontally"),
    (sprites.oam_bytes, ([49, 0x12, 0x42],), "4 bytes"),
    (sprites.fair_flicker, ([list(range(9))],), "change the order from frame to frame"),
    (sprites.fair_flicker, ([list(range(9))] * 3 + [list(range(8, -1, -1))],), "rotate"),
    (sprites.fair_flicker, ([list(range(8))],), "all 9 sprites"),
    (cartridge.header, ("4E 45 53 1A 20 01 01" + " 00" * 9,), "16 KiB banks"),
    (cartridge.header, ("4E 45 53 1A 02 01 00" + " 00" * 9,), "1 = vertical"),
    (cartridge.header, ("4E 45 53 1A 02 01 01",), "exactly 16 bytes"),
    (cartridge.sta_bytes, ("8D 20 06",), "low byte first"),
    (cartridge.sta_bytes, ("85 06",), "zero page"),
    (frames.vblank_cycles, (6820,), "one cycle for every 3 PPU dots"),
    (pictures.background_colours, (16,), "same backdrop colour"),
    (pictures.background_colours, (25,), "background palettes only"),
    (pictures.block_palette, (1,), "must hold every colour"),
    (pictures.block_palette, (4,), "background palettes are 0-3"),
    (timing.address_latch, (0x3F10,), "resets the write toggle"),
    (timing.address_latch, (0x0010,), "high byte first"),
    (timing.column_increment, (0x2003,), "step 32"),
    (timing.vblank_bytes, (284,), "513 cycles"),
    (scrolling.camera_registers, (0, 44), "set PPUCTRL bit 0"),
    (scrolling.camera_registers, (0, 300), "modulo 256"),
    (scrolling.level_mirroring, ("horizontal",), "$2000 and $2400 to differ"),
    (moving.subpixel_position, (33, 24), "acceleration first, then moves"),  # 10 + ... + 70
    (moving.subpixel_position, (32, 360), "carry every 256 into the pixel"),
    (moving.subpixel_position, (32, 80), "the moves are 10, 20, ... 80"),  # 8 x 10
    (moving.subpixel_position, (40, 0), "split into pixel and subpixel"),
    (moving.higher_jump, (Physics(),), "bigger jump_velocity"),  # the default rises 62 pixels
    (moving.higher_jump, (Physics(jump_velocity=1100),), "bigger jump_velocity"),
    # notebook 11's own change: 1280^2 / 64 / 256 = 100 pixels by the formula, 98 in frames
    (moving.higher_jump, (Physics(jump_velocity=1280),), "bigger jump_velocity"),
    (moving.higher_jump, (Physics(gravity=50),), "gravity_held pulls, not gravity"),
    (moving.higher_jump, (Physics(jump_velocity=6),), "4 pixels a frame is 1024"),
    (moving.higher_jump, (Physics(jump_velocity=2047),), "stay at y >= 0"),
    (moving.higher_jump, ("jump_velocity=1280",), "physics.replace(jump_velocity"),
    (linking.lda_sta_bytes, ("A5 3F 8D 06 20",), "'#' means immediate"),
    (linking.lda_sta_bytes, ("AD 3F 00 8D 06 20",), "LDA #imm is $A9"),
    (linking.lda_sta_bytes, ("A9 3F 8D 20 06",), "low byte first"),
    (linking.lda_sta_bytes, ("8D 06 20",), "both instructions"),
    (linking.lda_sta_bytes, ("A9 3F 85 06",), "STA absolute ($8D)"),
    (linking.clear_oam_address, (0x8009,), "zero-page INC, 2 bytes"),  # INC counted as absolute
    (linking.clear_oam_address, (0x8000,), "main.s comes first"),
    (linking.clear_oam_address, (0x8006,), "3 bytes each"),
    (linking.clear_oam_address, (0x0008,), "where ld65 starts CODE"),
    (database.stale_status, (412,), "If-Match"),
    (database.stale_status, (422,), "conflicts with the game's current version"),
    (database.stale_status, (200,), "nothing is written"),
    (database.stale_status, (404,), "a stale one is a conflict"),
]


@pytest.mark.parametrize(
    ("exercise", "answer", "hint"), WRONG, ids=lambda v: getattr(v, "name", "")
)
def test_a_typical_wrong_answer_gets_its_hint(exercise, answer, hint):
    verdict = exercise.check(*answer)
    assert not verdict.ok
    assert hint in verdict.hint, str(verdict)
    assert str(verdict).startswith(f"not yet ({exercise.name})") and "hint: " in str(verdict)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_an_unanswered_exercise_says_not_yet_with_a_hint(exercise):
    verdict = exercise.check(...)
    assert not verdict and "replace the ..." in verdict.message and verdict.hint


@pytest.mark.parametrize("answer", [None, "banana", [1, "x"], object()])
def test_an_answer_of_the_wrong_kind_is_not_yet_right_and_never_raises(answer):
    for exercise in (colours.colour_number, tiles.chr_offset, sprites.oam_bytes):
        assert not exercise.check(answer)


def test_every_notebook_has_at_least_two_exercises():
    for number in ("00", "01", "02", "03", "04", "05", "06", "07", "08", "11", "12", "13"):
        assert len(by_notebook(number)) >= 2, number


def test_scene_exercises_check_the_scene_the_learner_changed():
    game = demo_game()
    meadow = game.scene("Meadow")
    assert not colours.sky_colour.check(meadow)
    meadow.set_palette_color(1, 1, 0x31)
    assert "not as entry 0" in colours.sky_colour.check(meadow).message
    meadow.set_palette_color(0, 0, 0x31)
    assert colours.sky_colour.check(meadow)

    block = 0x80
    assert "tile_x [4, 5, 6, 7, 8, 9]" in editors.platform.check(meadow, block).message
    meadow.paint_tiles([(20, y) for y in range(4, 10)], block)  # on its end: x and y swapped
    assert "first coordinate is tile_x" in editors.platform.check(meadow, block).hint
    meadow.paint_tiles([(x, 20) for x in range(4, 10)], block)
    assert editors.platform.check(meadow, block)

    meadow.palettes.set(5, 3, 0x27)
    assert "background palette 1" in editors.palette_entry.check(meadow).hint
    meadow.palettes.set(1, 3, 0x27)
    assert editors.palette_entry.check(meadow)


def test_the_rename_exercise_checks_what_the_store_holds(tmp_path):
    store = GameStore(f"sqlite:///{tmp_path}/games.db")
    first = store.save(demo_game())
    check = database.scene_rename.check
    assert "give the game's id" in check(store, "not-an-id").hint
    game, save = store.open(first.id)
    game.scenes[0].name = "Dawn"  # renamed in Python, not saved yet
    assert "not in the store until saved" in check(store, first.id).hint
    copy = store.load(first.id)
    copy.scenes[0].name = "Dawn"
    store.save(copy, copy=True)
    assert "save without copy" in check(store, first.id).hint
    other = store.load(first.id)
    other.scenes[1].name = "Dawn"
    store.save(other)
    assert "scenes[0]" in check(store, first.id).hint
    game, save = store.open(first.id)
    game.scenes[1].name, game.scenes[0].name = "Level", "Dawn"
    save()
    verdict = check(store, first.id)
    assert verdict and "Dawn, Level" in verdict.message
    store.close()
