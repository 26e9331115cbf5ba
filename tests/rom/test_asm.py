"""What users of the assembler rely on: bytes, symbols, segments, images and the listing.

Expected bytes are worked by hand from the 6502 datasheet opcodes (LDA # = $A9, STA abs = $8D,
NOP = $EA, JMP abs = $4C, BNE = $D0, RTS = $60 ...).
"""

import pytest
from test_asm_ca65 import datasheet_rows  # tests/rom is on sys.path (rootdir, no __init__)

from romulus_nb.errors import AssemblyError
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.asm_opcodes import OPCODES


def test_bytes_symbols_and_image_of_a_small_program():
    asm = assemble(
        """
PPUMASK = $2001
.org $C000
reset:
    lda #%00011110   ; show everything
    sta PPUMASK
@wait:
    bne @wait
    jmp reset
"""
    )
    assert asm.image() == bytes.fromhex("A9 1E 8D 01 20 D0 FE 4C 00 C0")
    assert asm.symbols == {"PPUMASK": 0x2001, "reset": 0xC000, "reset@wait": 0xC005}


def test_the_listing_has_address_bytes_file_line_and_source_of_every_line():
    asm = assemble(".org $8000\nstart: lda #1 ; one\n  .word start\n", filename="x.s")
    rows = [(r.address, r.data, r.file, r.line, r.source) for r in asm.listing]
    assert rows == [
        (0x8000, b"", "x.s", 1, ".org $8000"),
        (0x8000, b"\xa9\x01", "x.s", 2, "start: lda #1 ; one"),
        (0x8002, b"\x00\x80", "x.s", 3, "  .word start"),
    ]
    text = asm.listing_text().splitlines()
    assert text[1] == "8000  A9 01        start: lda #1 ; one"
    assert text[2] == "8002  00 80          .word start"


def test_the_listing_shows_forward_references_filled_in_by_pass_two():
    asm = assemble(".org $8000\n  jmp later\n  nop\nlater: rts\n")
    assert asm.listing[1].data == bytes.fromhex("4C 04 80")


def test_the_html_listing_escapes_source_text():
    html = assemble('.org $8000\n  .byte "<&>"\n')._repr_html_()
    assert "&lt;&amp;&gt;" in html and "3C 26 3E" in html


def test_segments_keep_their_own_location_counters_and_are_placed_by_address():
    asm = assemble(
        """
.segment "CODE"
.org $C000
    nop
.segment "VECTORS"
.org $FFFA
    .word $1111, $2222, $3333
.segment "CODE"
    rts              ; continues at $C001
"""
    )
    assert asm.segments["CODE"].image() == b"\xea\x60"
    assert (asm.segments["CODE"].start, asm.segments["VECTORS"].start) == (0xC000, 0xFFFA)
    image = asm.image(start=0xC000, end=0x10000)
    assert len(image) == 0x4000
    assert image[:2] == b"\xea\x60" and image[2:-6] == b"\xff" * (0x4000 - 8)
    assert image[-6:] == bytes.fromhex("11 11 22 22 33 33")
    assert asm.image(segments=["VECTORS"]) == bytes.fromhex("11 11 22 22 33 33")


def test_zeropage_and_bss_reserve_space_and_put_no_bytes_in_the_image():
    asm = assemble(
        """
.segment "ZEROPAGE"
.org $0010
counter: .res 1
pointer: .res 2
.segment "BSS"
.org $0300
buffer: .res 64
.code
.org $8000
    lda counter
    sta buffer
"""
    )
    assert asm.symbols["pointer"] == 0x11 and asm.symbols["buffer"] == 0x300
    assert asm.segments["ZEROPAGE"].size == 3 and not asm.segments["ZEROPAGE"].initialized
    assert asm.image() == bytes.fromhex("A5 10 8D 00 03")


def test_origins_place_segments_that_have_no_org_like_a_linker_config():
    source = '.segment "CODE"\nmain: jmp main\n.segment "RODATA"\ntable: .byte 1\n'
    asm = assemble(source, origins={"CODE": 0x8000, "RODATA": 0x9000})
    assert asm.symbols == {"main": 0x8000, "table": 0x9000}
    assert asm.segments["CODE"].image() == bytes.fromhex("4C 00 80")


def test_an_image_range_that_cuts_through_emitted_bytes_is_an_error():
    asm = assemble(".org $8000\n  nop\n  nop\n")
    with pytest.raises(AssemblyError, match=r"outside the image \$8001"):
        asm.image(start=0x8001)


def test_overlapping_segments_are_an_error_when_imaged_together():
    asm = assemble('.org $8000\n  nop\n.segment "OTHER"\n.org $8000\n  rts\n')
    with pytest.raises(AssemblyError, match=r"overlaps bytes already placed at \$8000"):
        asm.image()
    assert asm.image(segments=["OTHER"]) == b"\x60"


def test_asking_for_a_segment_that_does_not_exist_names_the_ones_that_do():
    asm = assemble(".org $8000\n  nop\n")
    with pytest.raises(AssemblyError, match="no segment named 'DATA'; the source defines CODE"):
        asm.image(segments=["DATA"])


def test_defines_act_as_constants_and_ifdef_sees_them():
    source = ".org $8000\n.ifdef DEBUG\n  brk\n.else\n  nop\n.endif\n  lda #LEVEL\n"
    assert assemble(source, defines={"LEVEL": 3}).image() == bytes.fromhex("EA A9 03")
    assert assemble(source, defines={"LEVEL": 3, "DEBUG": 1}).image() == bytes.fromhex("00 A9 03")


def test_include_dirs_are_searched_for_include_and_incbin(tmp_path):
    (tmp_path / "consts.inc").write_text("VALUE = $42\n")
    (tmp_path / "blob.bin").write_bytes(b"\x01\x02\x03")
    source = '.org $8000\n.include "consts.inc"\n  lda #VALUE\n  .incbin "blob.bin", 1\n'
    asm = assemble(source, include_dirs=[tmp_path])
    assert asm.image() == bytes.fromhex("A9 42 02 03")


def test_labels_inside_a_proc_are_scoped_and_reachable_with_double_colons():
    source = """
.org $8000
.proc a
loop: jmp loop
.endproc
.proc b
loop: jmp loop
.endproc
    jmp a::loop
    jmp b::loop
"""
    asm = assemble(source)
    assert asm.symbols["a::loop"] == 0x8000 and asm.symbols["b::loop"] == 0x8003
    assert asm.image()[6:] == bytes.fromhex("4C 00 80 4C 03 80")


def test_macro_local_labels_are_unique_per_expansion():
    source = """
.org $8000
.macro delay n
.local again
    ldx #n
again:
    dex
    bne again
.endmacro
    delay 2
    delay 3
"""
    assert assemble(source).image() == bytes.fromhex("A2 02 CA D0 FD A2 03 CA D0 FD")


def test_the_end_directive_stops_assembly():
    assert assemble(".org $8000\n  nop\n.end\n  this is not assembled\n").image() == b"\xea"


def test_the_same_source_gives_the_same_bytes_every_time():
    source = ".org $8000\nx: .byte <x, >x\n  jmp x\n"
    assert assemble(source).image() == assemble(source).image() == bytes.fromhex("00 80 4C 00 80")


def test_the_opcode_map_read_from_py65_is_the_datasheets_151_official_opcodes():
    assert OPCODES == {(m, mode): code for m, mode, code in datasheet_rows()}
