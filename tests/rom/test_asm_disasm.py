"""The disassembler view: any ROM region as a listing with our labels."""

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_asm_ca65 import opcode_source  # tests/rom is on sys.path (rootdir, no __init__)

from romulus_nb.errors import InvalidValueError
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.asm_opcodes import DECODE, OPERAND_SIZE
from romulus_nb.rom.disasm import disassemble
from romulus_nb.rom.ines import build_ines, parse_ines


def test_bytes_are_shown_as_instructions_with_labels_in_operands_and_as_label_rows():
    # $C000: lda #$1E / sta $2001 / bne $C005 (to itself) / jmp $C000 -- datasheet opcodes
    data = bytes.fromhex("A9 1E 8D 01 20 D0 FE 4C 00 C0")
    labels = {"reset": 0xC000, "PPUMASK": 0x2001, "reset@wait": 0xC005, "alias": 0xC000}
    listing = disassemble(data, 0xC000, labels=labels)
    rows = [(r.address, r.data.hex().upper(), r.label, r.text) for r in listing]
    assert rows == [
        (0xC000, "A91E", "reset", "LDA #$1E"),
        (0xC002, "8D0120", None, "STA PPUMASK"),
        (0xC005, "D0FE", "reset@wait", "BNE reset@wait"),
        (0xC007, "4C00C0", None, "JMP reset"),
    ]
    assert listing.text().splitlines()[:2] == ["reset:", "  C000  A9 1E     LDA #$1E"]


def test_bytes_that_are_no_official_opcode_show_as_byte_directives():
    listing = disassemble(bytes.fromhex("02 EA FF"), 0x8000)
    assert [r.text for r in listing] == [".byte $02", "NOP", ".byte $FF"]


def test_an_instruction_cut_by_the_end_of_the_range_shows_as_bytes():
    listing = disassemble(bytes.fromhex("EA AD 10"), 0x8000)  # LDA abs and BPL lack operands
    assert [r.text for r in listing] == ["NOP", ".byte $AD", ".byte $10"]


def test_start_end_and_max_rows_choose_the_region():
    data = bytes.fromhex("EA E8 C8 CA 88 60")  # nop inx iny dex dey rts
    assert [r.text for r in disassemble(data, 0x8000, 0x8002, 0x8004)] == ["INY", "DEX"]
    assert len(disassemble(data, 0x8000, max_rows=3)) == 3


@pytest.mark.parametrize(
    ("origin", "start", "end"),
    [(0xFFFF, None, None), (0x8000, 0x7FFF, None), (0x8000, 0x8000, 0x9000)],
)
def test_a_region_outside_the_data_is_refused(origin, start, end):
    with pytest.raises(InvalidValueError):
        disassemble(bytes(16), origin, start, end)


def test_the_disassembly_of_every_opcode_reassembles_with_ca65_to_the_same_bytes(tmp_path):
    assert shutil.which("ca65") and shutil.which("ld65"), "ca65/ld65 (Debian cc65) are required"
    source, expected = opcode_source()
    listing = disassemble(expected, 0x8000)
    assert len(listing) == 151
    text = ".org $8000\n" + "".join(f"  {row.text}\n" for row in listing)
    (tmp_path / "d.s").write_text(text.replace(" A\n", " a\n"))
    subprocess.run(["ca65", "d.s", "-o", "d.o"], cwd=tmp_path, check=True)
    subprocess.run(["ld65", "-t", "none", "d.o", "-o", "d.bin"], cwd=tmp_path, check=True)
    assert (tmp_path / "d.bin").read_bytes() == expected


def test_the_html_view_is_a_table_with_one_row_per_instruction():
    html = disassemble(bytes.fromhex("EA 60"), 0x8000)._repr_html_()
    assert html.count("<tr>") == 3 and "RTS" in html


def test_an_assembly_disassembles_its_own_bytes_with_its_symbols():
    asm = assemble(".org $8000\nreset: lda #1\n  bne reset\n")
    assert [(r.label, r.text) for r in asm.disassemble()] == [
        ("reset", "LDA #$01"),
        (None, "BNE reset"),
    ]


def test_a_rom_disassembles_from_its_reset_vector_by_default():
    prg = bytearray(b"\xea" * 0x4000)
    prg[0x100] = 0x60  # $C100: rts
    prg[-6:] = bytes([0x00, 0xC0, 0x00, 0xC1, 0x00, 0xC0])  # RESET -> $C100
    rom = parse_ines(build_ines(bytes(prg), bytes(0x2000)))
    listing = rom.disassemble(labels={"start": 0xC100}, max_rows=2)
    assert [(r.address, r.label, r.text) for r in listing] == [
        (0xC100, "start", "RTS"),
        (0xC101, None, "NOP"),
    ]


def test_an_absolute_operand_below_0100_is_marked_so_it_reassembles_unchanged():
    listing = disassemble(bytes.fromhex("AD 10 00 BD 00 00 A5 10"), 0x8000)
    assert [r.text for r in listing] == ["LDA a:$0010", "LDA a:$0000,X", "LDA $10"]


OFFICIAL = sorted(DECODE)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(OFFICIAL), st.binary(min_size=2, max_size=2)), max_size=40)
)
def test_any_official_instructions_disassemble_to_text_that_reassembles_to_the_same_bytes(items):
    data = b"".join(bytes([op]) + operand[: OPERAND_SIZE[DECODE[op][1]]] for op, operand in items)
    listing = disassemble(data, 0x8000)
    source = ".org $8000\n" + "".join(f"  {row.text}\n" for row in listing)
    assert assemble(source).image() == data
