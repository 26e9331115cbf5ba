"""Proof in a real emulator: the ROMs we build boot in cynes and show exactly the design.

cynes (a cycle-accurate C++ NES emulator) returns RGB frames. We learn its RGB palette with a
tiny ROM assembled here by ca65, which shows the colour index that the test pokes into RAM as
the backdrop. Every comparison then happens in colour-index space, with the indices cynes draws
alike (the blacks; $20 and $30) counted as one. Zero differing pixels is the bar.
"""

import subprocess

import numpy as np
import pytest
from cynes import NES

from romulus_nb import Game, PaletteSet, Sprite, render_scene
from romulus_nb.rom.build import build, build_game
from tests.demo_games import one_screen_demo

BOOT_FRAMES = 12  # the runtime shows scene 0 at frame 4 or 5
SWITCH_FRAMES = 10  # a scene switch takes 3-4 frames (upload with rendering off)
START, SELECT, A_BUTTON, B_BUTTON = 0x10, 0x20, 0x80, 0x40

# Shows palette RAM $3F00 everywhere (rendering off, VRAM address outside the palette) after
# copying RAM $10 there at every NMI.
BACKDROP_ROM = """
.segment "HEADER"
    .byte "NES", $1A, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
.segment "CODE"
reset:
    sei
    cld
    ldx #$FF
    txs
    inx
    stx $2000
    stx $2001
:   bit $2002
    bpl :-
:   bit $2002
    bpl :-
    lda #$80
    sta $2000
loop:
    jmp loop
nmi:
    bit $2002
    lda #$3F
    sta $2006
    lda #$00
    sta $2006
    lda $10
    sta $2007
    lda #$20
    sta $2006
    lda #$00
    sta $2006
irq:
    rti
.segment "VECTORS"
    .word nmi, reset, irq
"""

BACKDROP_CFG = """
MEMORY {
    HEADER: start = $0000, size = $0010, file = %O, fill = yes;
    PRG:    start = $C000, size = $4000, file = %O, fill = yes;
    CHR:    start = $0000, size = $2000, file = %O, fill = yes;
}
SEGMENTS {
    HEADER:  load = HEADER, type = ro;
    CODE:    load = PRG, type = ro;
    VECTORS: load = PRG, type = ro, start = $FFFA;
}
"""


@pytest.fixture(scope="module")
def cynes_colors(tmp_path_factory):
    """RGB -> class id, and colour index -> class id, learned from cynes itself."""
    folder = tmp_path_factory.mktemp("backdrop")
    (folder / "backdrop.s").write_text(BACKDROP_ROM)
    (folder / "backdrop.cfg").write_text(BACKDROP_CFG)
    subprocess.run(["ca65", "backdrop.s", "-o", "backdrop.o"], cwd=folder, check=True)
    subprocess.run(
        ["ld65", "-C", "backdrop.cfg", "backdrop.o", "-o", "backdrop.nes"], cwd=folder, check=True
    )
    nes = NES(str(folder / "backdrop.nes"))
    nes.step(5)
    rgb_of = {}
    for index in range(64):
        nes[0x10] = index
        frame = nes.step(3)
        colors = np.unique(frame.reshape(-1, 3), axis=0)
        assert len(colors) == 1, f"colour ${index:02X}: the backdrop frame is not one colour"
        rgb_of[index] = tuple(int(c) for c in colors[0])
    classes = {rgb: n for n, rgb in enumerate(dict.fromkeys(rgb_of.values()))}
    index_class = np.array([classes[rgb_of[i]] for i in range(64)], np.int16)
    return classes, index_class


def frame_classes(frame: np.ndarray, classes: dict) -> np.ndarray:
    """(240, 256, 3) RGB from cynes -> (240, 256) class ids; fails on an unknown colour."""
    packed = (frame[..., 0].astype(np.int64) << 16) | (frame[..., 1].astype(np.int64) << 8)
    packed |= frame[..., 2]
    out = np.full(packed.shape, -1, np.int16)
    for (r, g, b), n in classes.items():
        out[packed == (r << 16 | g << 8 | b)] = n
    assert (out >= 0).all(), "cynes drew a colour that is in none of its 64 palette entries"
    return out


def assert_shows(nes_frame, scene, game, cynes_colors, what):
    classes, index_class = cynes_colors
    expected = index_class[render_scene(scene, game.tileset).indices]
    actual = frame_classes(nes_frame, classes)
    diff = np.argwhere(expected != actual)
    assert len(diff) == 0, (
        f"{what}: {len(diff)} pixels differ from scene {scene.name!r}; first at (y, x) "
        f"{tuple(int(v) for v in diff[0])}"
    )


def press(nes: NES, button: int) -> np.ndarray:
    nes.controller = button
    nes.step(3)
    nes.controller = 0
    return nes.step(SWITCH_FRAMES).copy()  # step() returns a view into the emulator's buffer


def random_game(seed: int, scenes: int, density: float) -> Game:
    """A game with random tiles, palettes, sprites and settings; ``density`` is the share of
    non-blank nametable cells (low density gives runs, so RLE storage)."""
    rng = np.random.default_rng(seed)
    game = Game(f"random {seed}", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    colors = [c for c in range(64) if c != 0x0D]  # $0D is refused by the model: unsafe black
    for number in range(scenes):
        scene = game.add_scene(f"random {seed}.{number}")
        cells = rng.integers(0, 256, (30, 32), dtype=np.uint8)
        scene.nametable = np.where(rng.random((30, 32)) < density, cells, 0).astype(np.uint8)
        scene.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
        scene.palettes = PaletteSet(rng.choice(colors, (8, 4)).tolist())
        scene.sprites = [
            Sprite(
                x=int(rng.integers(0, 256)),
                y=int(rng.integers(0, 256)),
                tile=int(rng.integers(0, 256)),
                palette=int(rng.integers(0, 4)),
                flip_h=bool(rng.integers(0, 2)),
                flip_v=bool(rng.integers(0, 2)),
                behind=bool(rng.integers(0, 2)),
            )
            for _ in range(int(rng.integers(0, 65)))
        ]
        scene.bg_table = int(rng.integers(0, 2))
        scene.sprite_table = int(rng.integers(0, 2))
        scene.sprite_size = int(rng.choice([8, 16]))
        scene.show_left_background = bool(rng.integers(0, 2))
        scene.show_left_sprites = bool(rng.integers(0, 2))
    return game


def boot(game: Game, tmp_path) -> NES:
    path = tmp_path / "game.nes"
    path.write_bytes(build(game))
    return NES(str(path))


GAMES = [
    pytest.param(one_screen_demo, id="demo-one-screen-scenes"),
    pytest.param(lambda: random_game(1, 2, 1.0), id="random-dense"),
    pytest.param(lambda: random_game(2, 3, 0.05), id="random-sparse-rle"),
    pytest.param(lambda: random_game(3, 2, 0.4), id="random-mixed"),
]


@pytest.mark.parametrize("make_game", GAMES)
def test_the_rom_shows_scene_0_then_start_shows_scene_1_and_select_comes_back(
    make_game, tmp_path, cynes_colors
):
    game = make_game()
    assert len(game.scenes) >= 2
    nes = boot(game, tmp_path)
    assert_shows(nes.step(BOOT_FRAMES), game.scenes[0], game, cynes_colors, "after boot")
    assert_shows(press(nes, START), game.scenes[1], game, cynes_colors, "after Start")
    assert_shows(press(nes, SELECT), game.scenes[0], game, cynes_colors, "after Select")


def test_a_and_b_step_through_every_scene_and_wrap_around(tmp_path, cynes_colors):
    game = random_game(4, 3, 0.2)
    nes = boot(game, tmp_path)
    nes.step(BOOT_FRAMES)
    for number in (1, 2, 0):
        assert_shows(press(nes, A_BUTTON), game.scenes[number], game, cynes_colors, "after A")
    assert_shows(press(nes, B_BUTTON), game.scenes[2], game, cynes_colors, "after B")


def test_holding_start_changes_the_scene_only_once(tmp_path, cynes_colors):
    game = random_game(5, 3, 0.2)
    nes = boot(game, tmp_path)
    nes.step(BOOT_FRAMES)
    nes.controller = START
    frame = nes.step(30)
    nes.controller = 0
    assert_shows(frame, game.scenes[1], game, cynes_colors, "while Start is held")


def test_raw_and_rle_nametables_draw_the_same_picture(tmp_path, cynes_colors):
    game = random_game(6, 2, 0.1)
    assert build_game(game).layout.rle == (True, True)
    assert build_game(game, compress=False).layout.rle == (False, False)
    path = tmp_path / "raw.nes"
    path.write_bytes(build(game, compress=False))
    nes = NES(str(path))
    assert_shows(nes.step(BOOT_FRAMES), game.scenes[0], game, cynes_colors, "raw nametable")


def test_no_frame_between_scenes_shows_anything_but_a_scene_or_a_blank_backdrop(
    tmp_path, cynes_colors
):
    game = random_game(7, 2, 0.3)
    classes, index_class = cynes_colors
    nes = boot(game, tmp_path)
    nes.step(BOOT_FRAMES)
    pictures = [index_class[render_scene(s, game.tileset).indices] for s in game.scenes]
    backdrops = {int(index_class[s.palettes.backdrop]) for s in game.scenes}
    nes.controller = START
    for step in range(SWITCH_FRAMES):
        if step == 3:
            nes.controller = 0
        frame = frame_classes(nes.step(1), classes)
        blank = len(np.unique(frame)) == 1 and int(frame[0, 0]) in backdrops
        assert blank or any((frame == p).all() for p in pictures), f"frame {step}: garbage"
