"""Game -> .nes: layout, header, budget and determinism.

Expected header bytes are worked by hand from https://www.nesdev.org/wiki/INES; expected
opcodes from the 6502 datasheet ($78 SEI, $D8 CLD, $48 PHA).
"""

import numpy as np
import pytest

from romulus_nb import Game, PaletteSet, Sprite, demo_game
from romulus_nb.cli import main
from romulus_nb.errors import BuildError, LimitError
from romulus_nb.game import Scene
from romulus_nb.rom.build import budget, build, build_game


def dense_game(scenes: int, seed: int = 0) -> Game:
    """Scenes of random tiles: incompressible, 1024 raw nametable bytes each."""
    rng = np.random.default_rng(seed)
    game = Game("dense", tileset=rng.integers(0, 4, (512, 8, 8), dtype=np.uint8))
    for number in range(scenes):
        scene = game.add_scene(f"dense {number}")
        scene.nametable = rng.integers(0, 256, (30, 32), dtype=np.uint8)
        scene.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
        scene.palettes = PaletteSet([[0x0F, 1 + number % 12, 0x11 + number // 12, 0x30]] * 8)
    return game


def sparse_game(scenes: int) -> Game:
    """Mostly blank scenes, one tile each: RLE shrinks each nametable to a few bytes."""
    game = Game("sparse")
    for number in range(scenes):
        scene = game.add_scene(f"sparse {number}")
        scene.nametable[number % 30, number % 32] = 1 + number % 255
        scene.palettes = PaletteSet([[0x0F, 0x01, 0x11, 0x21]] * 8, backdrop=number % 13)
    return game


def test_the_same_game_builds_to_the_same_bytes():
    assert build(demo_game()) == build(demo_game())
    game = dense_game(3)
    assert build(game) == build(game)


@pytest.mark.parametrize(
    ("make_game", "prg_units", "prg_start"),
    [
        (demo_game, 1, 0xC000),  # NROM-128: 16 KiB at $C000 (mirrored at $8000)
        (lambda: dense_game(20), 2, 0x8000),  # 20 raw nametables need NROM-256
    ],
)
def test_the_header_and_sizes_are_those_of_an_nrom_cartridge(make_game, prg_units, prg_start):
    game = make_game()
    rom = build(game)
    # bytes 0-3 magic; 4: PRG in 16 KiB units; 5: CHR in 8 KiB units; 6: mapper low nibble 0,
    # bit 0 = 1 for vertical mirroring; 7: mapper high nibble 0; 8-15 zero
    assert rom[:16] == b"NES\x1a" + bytes([prg_units, 1, 0x01, 0x00]) + bytes(8)
    assert len(rom) == 16 + prg_units * 0x4000 + 0x2000
    prg = rom[16 : 16 + prg_units * 0x4000]
    nmi, reset, irq = (prg[-6 + 2 * i] | prg[-5 + 2 * i] << 8 for i in range(3))
    assert reset == prg_start, "the runtime starts PRG-ROM with its reset code"
    assert prg[reset - prg_start : reset - prg_start + 2] == bytes([0x78, 0xD8])  # sei, cld
    assert prg[nmi - prg_start] == 0x48  # pha: the NMI saves A first
    assert prg[irq - prg_start] == 0x40  # rti


def test_chr_rom_is_the_tileset_in_2bpp_planes():
    game = demo_game()
    pixels = np.zeros((8, 8), np.uint8)
    pixels[0] = [0, 1, 2, 3, 0, 1, 2, 3]
    pixels[7] = 3
    game.set_tile(1, 0x05, pixels)  # pattern table 1, tile 5: CHR bytes $1050-$105F
    rom = build(game)
    chr_rom = rom[-0x2000:]
    tile = chr_rom[0x1050:0x1060]
    # row 0: low plane bits 0,1,0,1,... = %01010101, high plane %00110011; row 7: both $FF
    assert tile[0] == 0x55 and tile[8] == 0x33
    assert tile[7] == 0xFF and tile[15] == 0xFF
    assert tile[1:7] == bytes(6) and tile[9:15] == bytes(6)
    assert chr_rom == game.chr_bytes()


def test_the_symbol_table_names_the_runtime_labels_the_emulator_needs():
    built = build_game(demo_game())
    symbols = built.symbols
    prg = built.rom[16 : 16 + 0x4000]
    assert symbols["reset"] == prg[-4] | prg[-3] << 8
    assert symbols["nmi"] == prg[-6] | prg[-5] << 8
    assert 0xC000 < symbols["main_loop"] < 0xFFFA
    assert symbols["nmi_count"] < 0x100, "the NMI flag lives in zero page"


def test_rle_lets_many_more_scenes_fit_than_raw_nametables():
    game = sparse_game(60)
    built = build_game(game)
    assert all(built.layout.rle)
    assert built.budget.prg_size == 0x4000  # 60 scenes in 16 KiB
    with pytest.raises(BuildError):
        build(game, compress=False)  # 60 KiB of raw nametables


def test_identical_palettes_and_nametables_are_stored_once():
    game = dense_game(1)
    game.duplicate_scene(0)
    one = budget(dense_game(1))
    two = budget(game)
    assert two.data - one.data == 10  # only the scene-table entry: 3 pointers, 4 values


def test_a_game_over_32_kib_is_refused_with_bytes_needed_and_available():
    game = dense_game(31)
    cost = budget(game)
    # each scene: 1024 raw nametable + 32 palette + 10 table bytes (no sprites)
    assert cost.data == 31 * (1024 + 32 + 10)
    with pytest.raises(BuildError) as error:
        build(game)
    message = str(error.value)
    assert f"needs {cost.runtime + cost.data + 6} bytes" in message
    assert "32768" in message
    assert "dense" in message  # names the biggest scenes


def test_a_game_without_scenes_is_refused():
    with pytest.raises(BuildError, match="no scenes"):
        build(Game("empty"))


def test_a_game_of_256_scenes_is_refused_even_when_the_bytes_would_fit():
    game = sparse_game(255)
    with pytest.raises(LimitError, match="255 scenes"):  # the model refuses the 256th
        game.add_scene("one too many")
    game.scenes.append(Scene("appended past the model's check", game=game))
    with pytest.raises(BuildError, match="1-255 scenes"):
        build(game)


def test_sprites_are_stored_up_to_the_last_one_used():
    game = Game("sprites")
    scene = game.add_scene("one")
    without = budget(game).data
    scene.sprites = [Sprite(x=10, y=20, tile=1), Sprite(x=30, y=40, tile=2)]
    assert budget(game).data - without == 8


def test_the_build_command_writes_the_demo_rom(tmp_path, capsys):
    out = tmp_path / "demo.nes"
    assert main(["build", "-o", str(out)]) == 0
    assert out.read_bytes() == build(demo_game())
    assert "NROM-128" in capsys.readouterr().out


def test_the_build_command_reports_an_over_budget_game_in_one_line(tmp_path, capsys):
    path = tmp_path / "big.json"
    dense_game(31).save(path)
    assert main(["build", str(path), "-o", str(tmp_path / "big.nes")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("romulus: error: the game needs") and err.count("\n") == 1
