"""The runtime: the reset sequence the NESdev wiki asks for, its 6502 RLE decoder, and the
hardware rules it keeps while switching scenes.

Opcodes are from the 6502 datasheet; the reset order from https://www.nesdev.org/wiki/Init_code.
The RLE decoder is checked in cynes (the picture) and in our emulator (the VRAM bytes).
"""

import re

import numpy as np
import pytest
from cynes import NES as Cynes

from romulus_nb import Game, PaletteSet, Sprite, demo_game, render_scene
from romulus_nb.emu.smoke import smoke_test
from romulus_nb.rom.build import build, build_game, runtime_source, vectors_source
from romulus_nb.rom.rle import rle_compress
from tests.demo_games import one_screen_demo

# The CA65 subset the runtime may use, so that learners can assemble it anywhere.
ALLOWED_DIRECTIVES = {".segment", ".org", ".res", ".byte", ".word", ".proc", ".endproc"}


def test_the_runtime_uses_only_the_documented_ca65_subset():
    source = runtime_source() + vectors_source()
    code = "\n".join(line.split(";")[0] for line in source.splitlines())
    used = set(re.findall(r"(?<![\w$%])\.[a-z]+", code))
    assert used <= ALLOWED_DIRECTIVES


def test_reset_follows_the_nesdev_init_code_in_order():
    prg = build(demo_game())[16 : 16 + 0x4000]
    reset = (prg[-4] | prg[-3] << 8) - 0xC000
    expected = bytes(
        [
            0x78,  # sei
            0xD8,  # cld
            0xA2, 0x40, 0x8E, 0x17, 0x40,  # ldx #$40, stx $4017: APU frame IRQ off
            0xA2, 0xFF, 0x9A,  # ldx #$FF, txs: stack at $01FF
            0xE8,  # inx: X = 0
            0x8E, 0x00, 0x20,  # stx $2000: NMI off
            0x8E, 0x01, 0x20,  # stx $2001: rendering off
            0x8E, 0x10, 0x40,  # stx $4010: DMC IRQ off
            0x2C, 0x02, 0x20,  # bit $2002: clear the vblank flag
            0x2C, 0x02, 0x20, 0x10, 0xFB,  # : bit $2002, bpl :- (first vblank)
        ]
    )  # fmt: skip
    assert prg[reset : reset + len(expected)] == expected


def test_the_nmi_copies_the_shadow_oam_at_0200_through_oamdma():
    built = build_game(one_screen_demo())  # the slideshow runtime; scroll.s has its own NMI
    prg = built.rom[16 : 16 + 0x4000]
    nmi = built.symbols["nmi"] - 0xC000
    # lda #$00 / sta $2003 / lda #$02 / sta $4014, after saving A, X, Y (pha txa pha tya pha)
    assert prg[nmi : nmi + 15] == bytes.fromhex("48 8A 48 98 48 A9 00 8D 03 20 A9 02 8D 14 40")


def rle_corner_cases() -> bytes:
    """A nametable whose RLE stream crosses page boundaries, repeats more than 255 times,
    has literal zeros before other literals, and runs of exactly 2 and 3."""
    tiles = bytearray()
    tiles += bytes([0]) * 300  # run > 255: two tag-count pairs
    tiles += bytes([0, 5, 0, 6, 0, 0, 7, 7, 7])  # literal zeros, a run of 2, a run of 3
    tiles += bytes(range(1, 120))  # 119 literals
    tiles += bytes([9]) * 256
    tiles += bytes((i * 37) % 200 for i in range(960 - len(tiles)))
    attributes = bytes([0xE4] * 32 + [0x1B] * 24 + [0x0B] * 8)  # no row 15 below row 14
    return bytes(tiles[:960]) + attributes


def rle_scene_game() -> Game:
    rng = np.random.default_rng(9)
    game = Game("rle", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    data = rle_corner_cases()
    scene = game.add_scene("corners")
    scene.nametable = np.frombuffer(data[:960], np.uint8).reshape(30, 32)
    attributes = np.zeros((15, 16), np.uint8)
    for by in range(15):
        for bx in range(16):
            byte = data[960 + (by // 2) * 8 + bx // 2]
            attributes[by, bx] = byte >> (2 * ((by % 2) * 2 + bx % 2)) & 3
    scene.attributes = attributes
    scene.palettes = PaletteSet(
        [[0x0F, 0x16, 0x27, 0x30], [0x0F, 0x1A, 0x2A, 0x3A], [0x0F, 0x12, 0x22, 0x32]] * 2
        + [[0x0F, 0x14, 0x24, 0x34]] * 2
    )
    game.add_scene("second", scene)
    game.scenes[1].sprites = [Sprite(x=(8 * i) % 256, y=20 + i, tile=i) for i in range(64)]
    return game


def test_the_corner_case_nametable_is_stored_rle_and_its_stream_crosses_pages():
    game = rle_scene_game()
    assert game.scenes[0].nametable_bytes() == rle_corner_cases()
    packed = rle_compress(rle_corner_cases())
    assert len(packed) > 256
    assert build_game(game).layout.rle[0]


def test_the_6502_rle_decoder_fills_vram_with_the_exact_nametable_bytes():
    game = rle_scene_game()
    result = smoke_test(build(game), frames=12, film=False)
    assert result.verdict == "idle"
    assert bytes(result.state.nametables[0]) == rle_corner_cases()


def test_the_rle_scene_looks_the_same_in_cynes(tmp_path):
    game = rle_scene_game()
    path = tmp_path / "rle.nes"
    path.write_bytes(build(game))
    nes = Cynes(str(path))
    frame = nes.step(12).copy()  # a view into the emulator's buffer: keep a copy
    # compare in RGB classes: pixels equal in the design must be equal in cynes, and vice versa
    design = render_scene(game.scenes[0], game.tileset).indices
    for index in np.unique(design):
        colors = np.unique(frame[design == index], axis=0)
        assert len(colors) == 1, f"colour ${index:02X} shows as {len(colors)} colours"
    packed = frame.astype(np.int64) @ np.array([1 << 16, 1 << 8, 1])
    for rgb in np.unique(packed):
        assert len(np.unique(design[packed == rgb])) == 1


@pytest.mark.parametrize(
    ("buttons", "scene"),
    [
        ({}, 0),
        ({20: "start"}, 1),
        ({20: "a"}, 1),
        ({20: "start", 40: "select"}, 0),
        ({20: "b"}, 1),  # wraps from the first scene to the last
    ],
)
def test_scene_switches_keep_every_hardware_rule_our_emulator_checks(buttons, scene):
    game = rle_scene_game()
    result = smoke_test(build(game), frames=70, buttons=buttons, film=False)
    assert result.verdict == "idle"
    assert result.warnings == ()
    expected = game.scenes[scene]
    assert bytes(result.state.nametables[0]) == expected.nametable_bytes()
    assert bytes(result.state.oam) == expected.oam_bytes()
    assert bytes(result.state.palette_ram) == expected.palettes.to_bytes()
    assert result.state.ppuctrl == expected.ppuctrl
    assert result.state.ppumask == expected.ppumask
    assert (result.state.scroll_x, result.state.scroll_y) == (0, 0)


def test_255_scenes_fit_and_b_on_the_first_shows_the_last():
    game = Game("many")
    for number in range(255):
        scene = game.add_scene(f"scene {number}")
        scene.nametable[number % 30, number % 32] = 1 + number % 255
    result = smoke_test(build(game), frames=40, buttons={20: "b"}, film=False)
    assert bytes(result.state.nametables[0]) == game.scenes[254].nametable_bytes()
