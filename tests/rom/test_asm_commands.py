"""``romulus asm`` and ``romulus inspect`` as a user runs them."""

from romulus_nb.cli import main
from romulus_nb.rom.ines import build_ines


def test_asm_writes_the_bytes_from_the_first_org_with_gaps_filled_and_a_listing(tmp_path, capsys):
    src = tmp_path / "prog.s"
    src.write_text(".org $8000\nstart: nop\n.org $8004\n  jmp start\n")
    out, lst = tmp_path / "prog.bin", tmp_path / "prog.lst"
    assert main(["asm", str(src), "-o", str(out), "--listing", str(lst)]) == 0
    assert out.read_bytes() == bytes.fromhex("EA FF FF FF 4C 00 80")
    assert "8004  4C 00 80       jmp start" in lst.read_text()
    assert "wrote" in capsys.readouterr().out


def test_asm_takes_defines_and_include_directories(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "v.inc").write_text("V = 7\n")
    src = tmp_path / "p.s"
    src.write_text('.org $8000\n.include "v.inc"\n  lda #V + W\n')
    out = tmp_path / "p.bin"
    assert main(["asm", str(src), "-o", str(out), "-I", str(tmp_path / "inc"), "-D", "W=$10"]) == 0
    assert out.read_bytes() == bytes.fromhex("A9 17")


def test_asm_reports_a_bad_line_in_one_line_with_file_line_and_column(tmp_path, capsys):
    src = tmp_path / "bad.s"
    src.write_text(".org $8000\n  lda #$100\n")
    assert main(["asm", str(src), "-o", str(tmp_path / "bad.bin")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"romulus: error: {src}:2:8: value too large: immediate value $100")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "bad.bin").exists()


def test_inspect_prints_header_fields_vectors_and_chr_use(tmp_path, capsys):
    prg = bytearray(b"\xea" * 0x4000)
    prg[-6:] = bytes([0x00, 0xC1, 0x00, 0xC0, 0x00, 0xC2])
    chr_ = bytearray(0x2000)
    chr_[16] = 1
    rom = tmp_path / "t.nes"
    rom.write_bytes(build_ines(bytes(prg), bytes(chr_), mirroring="horizontal"))
    assert main(["inspect", str(rom), "--disasm", "reset", "--rows", "2"]) == 0
    out = capsys.readouterr().out
    for text in ["mapper      0", "PRG-ROM     16384 bytes", "mirroring   horizontal",
                 "NMI $C100  RESET $C000  IRQ $C200", "table 0: 1/256, table 1: 0/256",
                 "C000  EA        NOP", "C001  EA        NOP"]:  # fmt: skip
        assert text in out
    assert "C002" not in out


def test_inspect_refuses_a_file_that_is_not_ines_in_one_line(tmp_path, capsys):
    path = tmp_path / "x.nes"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main(["inspect", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("romulus: error: not an iNES file") and err.count("\n") == 1


def test_asm_places_linker_style_segments_with_origins_and_writes_the_chosen_ones(tmp_path):
    src = tmp_path / "t.s"
    src.write_text(
        '.segment "HEADER"\n.byte "NES"\n.segment "CODE"\nreset: jmp reset\n'
        '.segment "VECTORS"\n.addr reset, reset, reset\n'
    )
    out = tmp_path / "prg.bin"
    args = ["asm", str(src), "-o", str(out), "--origin", "CODE=$FFF0", "--origin",
            "VECTORS=0xFFFA", "--segment", "CODE", "--segment", "VECTORS"]  # fmt: skip
    assert main(args) == 0
    assert out.read_bytes() == bytes.fromhex("4C F0 FF") + b"\xff" * 7 + bytes.fromhex("F0FF") * 3
