"""Files that are not regular files, files that lie about their size, and ROM headers that
declare odd sizes: every reader gives a bounded verdict, by name, never a hang or a traceback."""

import os

import pytest

from romulus_nb import Game, load_game
from romulus_nb.convert.picture import fit_picture
from romulus_nb.errors import ImageImportError, InvalidValueError, ProjectFileError, RomFormatError
from romulus_nb.fileio import read_limited
from romulus_nb.nes.colors import MasterPalette
from romulus_nb.nesst import import_nesst
from romulus_nb.rom.ines import parse_ines

READERS = [
    ("project", lambda p: load_game(p), ProjectFileError),
    (".chr", lambda p: import_nesst(Game(), chr=p), ProjectFileError),
    (".nam", lambda p: import_nesst(nam=p), ProjectFileError),
    (".pal", lambda p: import_nesst(nam=p, pal=p), ProjectFileError),
    ("master .pal", lambda p: MasterPalette.from_pal(p), InvalidValueError),
    ("picture", lambda p: fit_picture(p), ImageImportError),
]


def special_file(tmp_path, kind: str):
    path = tmp_path / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero link":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize(
    "kind, message",
    [
        ("fifo", r"a FIFO \(named pipe\), not a regular file"),
        ("dev-zero link", "a character device, not a regular file"),
        ("folder", "is a folder"),
    ],
)
@pytest.mark.parametrize("what, read, error", READERS, ids=[r[0] for r in READERS])
def test_a_special_file_is_refused_by_name_without_reading_it(
    tmp_path, what, read, error, kind, message
):
    path = special_file(tmp_path, kind)
    with pytest.raises(error, match=message):
        read(path)


def test_a_file_over_the_limit_is_refused_after_reading_one_byte_more(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)  # sparse: costs no disk
    with pytest.raises(ProjectFileError, match="over 16777216 bytes"):
        load_game(path)


def test_a_read_stops_at_the_limit_even_when_the_file_grows():
    # /proc files report size 0 and go on: the bound is the read, not st_size
    with pytest.raises(ProjectFileError, match="over 10 bytes"):
        read_limited("/proc/self/maps", 10)


# --- NESST and palette files -------------------------------------------------------------------
def test_a_nesst_pal_with_bytes_above_3f_is_refused_not_masked(tmp_path):
    nam = tmp_path / "s.nam"
    nam.write_bytes(bytes(1024))
    pal = tmp_path / "s.pal"
    pal.write_bytes(bytes([0x0F, 0x41, 0x02, 0x03] * 4))
    game = Game("kept")
    with pytest.raises(ProjectFileError, match=r"byte 1 is \$41; NES colours are \$00-\$3F"):
        import_nesst(game, nam=nam, pal=pal)
    assert game.scenes == []


def test_import_nesst_with_nothing_to_import_is_refused():
    with pytest.raises(ProjectFileError, match="nothing to import"):
        import_nesst(Game())


def test_an_import_with_a_name_the_file_cannot_hold_leaves_the_game_unchanged(tmp_path):
    nam, chr_ = tmp_path / "s.nam", tmp_path / "t.chr"
    nam.write_bytes(bytes(1024))
    chr_.write_bytes(b"\xff" * 8192)
    game = Game("kept")
    with pytest.raises(InvalidValueError, match="scene name: 300 characters"):
        import_nesst(game, nam=nam, chr=chr_, name="N" * 300)
    assert game.scenes == [] and not game.tileset.any()


# --- ROM headers -------------------------------------------------------------------------------
def nes2_exponent_rom(byte4: int, prg: bytes) -> bytes:
    """A NES 2.0 file whose PRG-ROM size is in exponent-multiplier notation (byte 9 low nibble
    $F): size = 2^E * (MM*2 + 1) with byte 4 = EEEEEEMM (https://www.nesdev.org/wiki/NES_2.0)."""
    header = b"NES\x1a" + bytes([byte4, 0, 0x00, 0x08, 0, 0x0F, 0, 0, 0, 0, 0, 0])
    return header + prg


@pytest.mark.parametrize(
    "byte4, size",
    [(0x00, 1), (0x01, 3), (0x08, 4), (0x02, 5)],  # 2^0*1, 2^0*3, 2^2*1, 2^0*5
)
def test_a_prg_rom_too_small_to_hold_the_vectors_has_none_and_says_so(byte4, size):
    rom = parse_ines(nes2_exponent_rom(byte4, b"\xea" * size))
    assert len(rom.prg) == size
    assert rom.vectors == {}
    assert f"vectors     none (PRG-ROM of {size} bytes ends before $FFFA)" in rom.summary()
    with pytest.raises(RomFormatError, match=f"PRG-ROM is {size} bytes"):
        _ = rom.reset


def test_an_8_byte_prg_rom_has_its_vectors_in_its_last_6_bytes():
    # 2^3 * 1 = 8 bytes, mirrored through $8000-$FFFF: $FFFA-$FFFF are bytes 2-7
    rom = parse_ines(nes2_exponent_rom(0x0C, bytes([0, 0, 0x01, 0x80, 0x02, 0x80, 0x03, 0x80])))
    assert rom.vectors == {"nmi": 0x8001, "reset": 0x8002, "irq": 0x8003}


def test_a_header_declaring_an_enormous_prg_rom_is_refused_as_truncated():
    with pytest.raises(RomFormatError, match="truncated file"):
        parse_ines(nes2_exponent_rom(0xFF, b"\xea" * 3))  # 2^63 * 7 bytes
