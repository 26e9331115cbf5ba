"""iNES files: header bytes worked by hand from https://www.nesdev.org/wiki/INES and
https://www.nesdev.org/wiki/NES_2.0, parsing, and the errors for broken files."""

import numpy as np
import pytest
from cynes import NES

from romulus_nb.errors import InvalidValueError, RomFormatError
from romulus_nb.rom.ines import INESHeader, build_ines, parse_ines

PRG16 = bytes(range(256)) * 64  # 16 KiB, recognizable
PRG32 = PRG16 * 2
CHR = bytes(0x2000)


# Hand-worked headers. Byte 4 = PRG size / 16 KiB, byte 5 = CHR size / 8 KiB; flags 6 bit 0 is
# 1 for vertical mirroring; mapper 0 leaves the high nibbles of bytes 6-7 at 0; NES 2.0 sets
# byte 7 bits 2-3 to 10 (= $08); the other bytes are 0.
@pytest.mark.parametrize(
    ("prg", "mirroring", "nes2", "header"),
    [
        (PRG16, "vertical", False, "4E 45 53 1A 01 01 01 00 00 00 00 00 00 00 00 00"),
        (PRG16, "horizontal", False, "4E 45 53 1A 01 01 00 00 00 00 00 00 00 00 00 00"),
        (PRG32, "vertical", False, "4E 45 53 1A 02 01 01 00 00 00 00 00 00 00 00 00"),
        (PRG32, "horizontal", True, "4E 45 53 1A 02 01 00 08 00 00 00 00 00 00 00 00"),
        (PRG16, "vertical", True, "4E 45 53 1A 01 01 01 08 00 00 00 00 00 00 00 00"),
    ],
)
def test_the_header_has_the_bytes_the_nesdev_wiki_prescribes(prg, mirroring, nes2, header):
    rom = build_ines(prg, CHR, mirroring=mirroring, nes2=nes2)
    assert rom[:16] == bytes.fromhex(header)
    assert rom[16:] == prg + CHR


@pytest.mark.parametrize("nes2", [False, True])
@pytest.mark.parametrize("mirroring", ["vertical", "horizontal"])
def test_a_built_file_parses_back_to_its_parts(mirroring, nes2):
    rom = parse_ines(build_ines(PRG32, CHR, mirroring=mirroring, nes2=nes2))
    h = rom.header
    assert (h.is_nes2, h.mapper, h.submapper, h.mirroring) == (nes2, 0, 0, mirroring)
    assert (h.prg_rom_size, h.chr_rom_size, h.battery, h.trainer) == (0x8000, 0x2000, False, False)
    assert (h.timing, h.prg_ram_size) == ("NTSC", 0)
    assert (rom.prg, rom.chr, rom.prg_start) == (PRG32, CHR, 0x8000)


def test_the_vectors_are_the_last_six_bytes_of_prg_rom_little_endian():
    prg = bytearray(0x4000)
    prg[-6:] = bytes([0x34, 0x12, 0x00, 0xC0, 0xCD, 0xAB])  # $FFFA NMI, $FFFC RESET, $FFFE IRQ
    rom = parse_ines(build_ines(bytes(prg), CHR))
    assert rom.vectors == {"nmi": 0x1234, "reset": 0xC000, "irq": 0xABCD}
    assert rom.prg_start == 0xC000
    assert "NMI $1234  RESET $C000  IRQ $ABCD" in rom.summary()


def test_tiles_used_counts_tiles_with_any_pixel_set_in_each_pattern_table():
    chr_ = bytearray(0x2000)
    chr_[0 * 16] = 0x80  # table 0 tile 0: low plane
    chr_[5 * 16 + 15] = 0x01  # table 0 tile 5: high plane, last row
    chr_[0x1000 + 255 * 16 + 8] = 0xFF  # table 1 tile 255
    rom = parse_ines(build_ines(PRG16, bytes(chr_)))
    assert rom.tiles_used == (2, 1)
    assert "table 0: 2/256, table 1: 1/256" in rom.summary()


def test_nes2_fields_are_read_from_bytes_8_to_12():
    # mapper 0x1F4: low nibble 4 in byte 6, 0xF in byte 7, 1 in byte 8; submapper 3;
    # byte 9: PRG MSB 0 / CHR MSB 0; byte 10: PRG-RAM shift 7 = 64 << 7 = 8 KiB; byte 12: PAL
    header = bytes.fromhex("4E45531A 02 01 41 F8 31 00 07 00 01 00 00 00")
    h = INESHeader(header)
    assert (h.is_nes2, h.mapper, h.submapper) == (True, 0x1F4, 3)
    assert (h.mirroring, h.battery, h.prg_ram_size, h.timing) == ("vertical", False, 8192, "PAL")


def test_nes2_exponent_multiplier_sizes_follow_the_wiki_formula():
    # byte 9 low nibble $F: size = 2^E * (MM*2+1) with byte 4 = EEEEEEMM; $09 -> 2^2 * 3 = 12
    h = INESHeader(bytes.fromhex("4E45531A 09 00 00 08 00 0F 00 00 00 00 00 00"))
    assert h.prg_rom_size == 12


def test_ines1_reads_pal_from_byte_9_and_four_screen_from_flags_6():
    h = INESHeader(bytes.fromhex("4E45531A 01 01 0A 00 00 01 00 00 00 00 00 00"))
    assert (h.mirroring, h.battery, h.timing, h.is_nes2) == ("four-screen", True, "PAL", False)


def test_a_trainer_is_split_off_before_prg_rom():
    header = bytearray(build_ines(PRG16, CHR)[:16])
    header[6] |= 0x04
    trainer = b"\xaa" * 512
    rom = parse_ines(bytes(header) + trainer + PRG16 + CHR)
    assert (rom.trainer, rom.prg, rom.chr) == (trainer, PRG16, CHR)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"NES\x1a\x01", ["truncated", "5 bytes", "16"]),
        (b"", ["truncated", "0 bytes"]),
        (b"NES\x00" + bytes(12) + PRG16 + CHR, ["not an iNES file", "4E 45 53 00"]),
        (build_ines(PRG16, CHR)[:-100], ["truncated", "24492", "24592"]),
        (build_ines(PRG16, CHR) + b"\x00" * 3, ["does not match the header", "3 extra"]),
        (b"NES\x1a\x00\x01" + bytes(10) + CHR, ["no PRG-ROM"]),
    ],
    ids=["short header", "empty", "bad magic", "truncated data", "extra data", "no prg"],
)
def test_broken_files_raise_clear_errors(data, words):
    with pytest.raises(RomFormatError) as info:
        parse_ines(data)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize(
    ("prg", "chr_", "mirroring", "words"),
    [
        (PRG16[:100], CHR, "vertical", ["100 bytes", "16384", "32768"]),
        (PRG16, CHR[:4096], "vertical", ["4096 bytes", "8192"]),
        (PRG16, CHR, "diagonal", ["'diagonal'", "vertical", "horizontal"]),
    ],
)
def test_build_refuses_sizes_and_mirrorings_mapper_0_cannot_have(prg, chr_, mirroring, words):
    with pytest.raises(InvalidValueError) as info:
        build_ines(prg, chr_, mirroring=mirroring)
    for word in words:
        assert word in str(info.value)


def test_cynes_boots_a_file_we_build_and_shows_the_backdrop_colour_the_program_sets(tmp_path):
    # reset: wait two vblanks, write colour $16 (red) to palette RAM $3F00, enable rendering.
    program = bytes.fromhex(
        "78 D8 A2 FF 9A"  # sei; cld; ldx #$FF; txs
        "2C 02 20 10 FB"  # vblank 1: bit $2002; bpl
        "2C 02 20 10 FB"  # vblank 2
        "A9 3F 8D 06 20 A9 00 8D 06 20"  # $3F00 -> PPUADDR
        "A9 16 8D 07 20"  # colour $16 -> PPUDATA
        "A9 00 8D 06 20 8D 06 20"  # PPUADDR back to $0000 (no scroll offset)
        "A9 0A 8D 01 20"  # PPUMASK: show background incl. left column
        "4C 2B C0"  # loop ($C02B): jmp loop
    )
    assert len(program) == 0x2B + 3
    prg = bytearray(b"\xea" * 0x4000)
    prg[: len(program)] = program
    prg[-6:] = bytes([0x2B, 0xC0, 0x00, 0xC0, 0x2B, 0xC0])  # NMI/IRQ -> loop, RESET -> $C000
    path = tmp_path / "red.nes"
    path.write_bytes(build_ines(bytes(prg), CHR, mirroring="horizontal"))
    nes = NES(str(path))
    frame = np.array(nes.step(frames=10), copy=True)  # step() returns a view of cynes' buffer
    colours = np.unique(frame.reshape(-1, 3), axis=0)
    assert len(colours) == 1
    r, g, b = colours[0]
    assert r > 150 and g < 100 and b < 100  # $16 is red in every NES palette
