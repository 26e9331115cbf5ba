"""Assembly errors say what is wrong, where (file:line:column) and what was expected."""

import pytest

from romulus_nb.errors import AssemblyError, RomulusError
from romulus_nb.rom.asm import assemble

# source (after ".org $8000" on line 1), line, column, words the message must contain
CASES = [
    ("  ldq #1", 2, 3, ["unknown mnemonic", "'ldq'"]),
    ("  stx $1234,x", 2, 7, ["bad addressing mode", "STX", "absolute,X", "zero page,Y"]),
    ("  stx $1234,y", 2, 7, ["bad addressing mode", "absolute,Y"]),
    ("  jmp ($10,x)", 2, 8, ["bad addressing mode", "JMP", "(indirect)"]),
    ("  inx a", 2, 7, ["bad addressing mode", "INX", "implied"]),
    ("  lda", 2, 3, ["LDA needs an operand", "immediate"]),
    ("  lda undefined_thing", 2, 7, ["undefined symbol", "'undefined_thing'"]),
    ("  lda #1\n  sta $10 + later * 2", 3, 13, ["undefined symbol", "'later'"]),
    ("foo: nop\nfoo: nop", 3, 1, ["duplicate label", "'foo'", ":2"]),
    ("X = 1\nX = 2", 3, 1, ["duplicate label", "'X'"]),
    ("start:\n.res 200\n  bne start", 4, 7, ["branch out of range by 74 bytes"]),
    ("  beq far\n.res 130\nfar: rts", 2, 7, ["branch out of range by 3 bytes"]),
    ("  lda #$100", 2, 8, ["value too large", "$100", "$00-$FF"]),
    ("  lda ($1234),y", 2, 8, ["value too large", "$1234"]),
    ("  .byte 300", 2, 9, ["value too large", "$12C"]),
    ("  .byte 1, -1", 2, 12, ["value too large", "-1"]),
    ("  .word $10000", 2, 9, ["value too large", "$0000-$FFFF"]),
    ("  lda #(1+2", 2, 12, ["expected ')'"]),
    ("  lda #1 +", 2, 11, ["expected an expression"]),
    ("  .foo 1", 2, 3, ["unknown directive", "'.foo'"]),
    ("  .if undefined_x\n  .endif", 2, 7, [".if needs a value known", "'undefined_x'"]),
    ("  .endif", 2, 3, [".endif without .if"]),
    ("  .if 1\n  nop", 2, 1, [".if without matching .endif"]),
    ("  .macro m\n nop", 2, 1, ["'m' has no matching end"]),
    ('  .segment "BSS"\n  .byte 1', 3, 9, ["BSS holds no initialized data", ".res"]),
    (".org $FFFF\n  lda $1234", 3, 1, ["past $FFFF"]),
    ("  .proc p\n  nop", 2, 1, [".proc p has no matching .endproc"]),
    ('  .incbin "no_such_file.bin"', 2, 11, ["not found", "no_such_file.bin"]),
]


@pytest.mark.parametrize(("source", "line", "column", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_line_column_and_what_was_expected(source, line, column, words):
    with pytest.raises(AssemblyError) as info:
        assemble(".org $8000\n" + source, filename="game.s")
    e = info.value
    assert (e.file, e.line, e.column) == ("game.s", line, column)
    assert str(e).startswith(f"game.s:{line}:{column}: ")
    for word in words:
        assert word in str(e)


def test_an_assembly_error_is_a_romulus_error():
    with pytest.raises(RomulusError):
        assemble("  bogus")


def test_an_error_inside_a_macro_points_at_the_macro_line_and_names_the_use():
    source = ".org $8000\n.macro load v\n  lda #v\n.endmacro\n  load 1\n  load 300\n"
    with pytest.raises(AssemblyError) as info:
        assemble(source, filename="m.s")
    e = info.value
    assert (e.line, e.column) == (3, 8)
    assert "in macro 'load' used at m.s:6" in str(e)


def test_an_error_in_an_included_file_names_that_file(tmp_path):
    (tmp_path / "inc.s").write_text("  nop\n  lda #$1FF\n")
    main = tmp_path / "main.s"
    main.write_text('.org $8000\n.include "inc.s"\n')
    with pytest.raises(AssemblyError) as info:
        assemble(main.read_text(), filename=str(main))
    assert (info.value.file, info.value.line) == (str(tmp_path / "inc.s"), 2)


def test_a_macro_given_too_many_arguments_is_refused():
    with pytest.raises(AssemblyError, match="takes 1 argument"):
        assemble(".macro m a\n  nop\n.endmacro\n  m 1, 2\n")
