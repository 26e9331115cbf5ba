"""Our assembler against ca65/ld65 (Debian package cc65): every byte must be the same.

Each corpus file names its segments in a comment line
``; segments: CODE=$8000 ZEROPAGE=$0000:zp ...``. The test writes an ld65 config that puts
each segment in its own memory area with its own output file, so ld65 hands back every
segment's bytes separately, and compares them with ``Assembly.segments[name].image()``.
These tests need ca65 and ld65 and fail (never skip) without them.
"""

import pathlib
import random
import re
import shutil
import subprocess

import pytest

from romulus_nb.demo import demo_game
from romulus_nb.rom.asm import assemble
from romulus_nb.rom.build import build_game

CORPUS = pathlib.Path(__file__).parent / "asm_corpus"

# The 151 official opcodes, typed from the MOS MCS6500 datasheet's instruction table
# (mnemonic: mode=opcode). Independent of py65 and of our assembler.
DATASHEET = """
ADC imm=69 zpg=65 zpx=75 abs=6D abx=7D aby=79 inx=61 iny=71
AND imm=29 zpg=25 zpx=35 abs=2D abx=3D aby=39 inx=21 iny=31
ASL acc=0A zpg=06 zpx=16 abs=0E abx=1E
BCC rel=90
BCS rel=B0
BEQ rel=F0
BIT zpg=24 abs=2C
BMI rel=30
BNE rel=D0
BPL rel=10
BRK imp=00
BVC rel=50
BVS rel=70
CLC imp=18
CLD imp=D8
CLI imp=58
CLV imp=B8
CMP imm=C9 zpg=C5 zpx=D5 abs=CD abx=DD aby=D9 inx=C1 iny=D1
CPX imm=E0 zpg=E4 abs=EC
CPY imm=C0 zpg=C4 abs=CC
DEC zpg=C6 zpx=D6 abs=CE abx=DE
DEX imp=CA
DEY imp=88
EOR imm=49 zpg=45 zpx=55 abs=4D abx=5D aby=59 inx=41 iny=51
INC zpg=E6 zpx=F6 abs=EE abx=FE
INX imp=E8
INY imp=C8
JMP abs=4C ind=6C
JSR abs=20
LDA imm=A9 zpg=A5 zpx=B5 abs=AD abx=BD aby=B9 inx=A1 iny=B1
LDX imm=A2 zpg=A6 zpy=B6 abs=AE aby=BE
LDY imm=A0 zpg=A4 zpx=B4 abs=AC abx=BC
LSR acc=4A zpg=46 zpx=56 abs=4E abx=5E
NOP imp=EA
ORA imm=09 zpg=05 zpx=15 abs=0D abx=1D aby=19 inx=01 iny=11
PHA imp=48
PHP imp=08
PLA imp=68
PLP imp=28
ROL acc=2A zpg=26 zpx=36 abs=2E abx=3E
ROR acc=6A zpg=66 zpx=76 abs=6E abx=7E
RTI imp=40
RTS imp=60
SBC imm=E9 zpg=E5 zpx=F5 abs=ED abx=FD aby=F9 inx=E1 iny=F1
SEC imp=38
SED imp=F8
SEI imp=78
STA zpg=85 zpx=95 abs=8D abx=9D aby=99 inx=81 iny=91
STX zpg=86 zpy=96 abs=8E
STY zpg=84 zpx=94 abs=8C
TAX imp=AA
TAY imp=A8
TSX imp=BA
TXA imp=8A
TXS imp=9A
TYA imp=98
"""

# How each mode is written, and the operand bytes it must produce.
OPERANDS = {
    "imp": ("", b""),
    "acc": ("a", b""),
    "imm": ("#$12", b"\x12"),
    "zpg": ("$34", b"\x34"),
    "zpx": ("$34,x", b"\x34"),
    "zpy": ("$34,y", b"\x34"),
    "abs": ("$1234", b"\x34\x12"),
    "abx": ("$1234,X", b"\x34\x12"),
    "aby": ("$1234, y", b"\x34\x12"),
    "ind": ("($1234)", b"\x34\x12"),
    "inx": ("($34,x)", b"\x34"),
    "iny": ("($34),y", b"\x34"),
    "rel": ("*+4", b"\x02"),  # target = next instruction + 2
}


def datasheet_rows():
    rows = []
    for line in DATASHEET.strip().splitlines():
        mnemonic, *modes = line.split()
        for item in modes:
            mode, code = item.split("=")
            rows.append((mnemonic, mode, int(code, 16)))
    return rows


def opcode_source() -> tuple[str, bytes]:
    """Every official opcode in every mode, and the bytes the datasheet says they encode to."""
    lines, expected = [".org $8000"], b""
    for mnemonic, mode, code in datasheet_rows():
        text, operand = OPERANDS[mode]
        lines.append(f"  {mnemonic.lower() if code % 2 else mnemonic} {text}".rstrip())
        expected += bytes([code]) + operand
    return "\n".join(lines) + "\n", expected


def segments_of(source: str) -> dict[str, tuple[int, str]]:
    m = re.search(r"^; segments: (.*)$", source, re.M)
    assert m, "corpus file needs a '; segments:' line"
    out = {}
    for item in m.group(1).split():
        name, rest = item.split("=")
        address, _, kind = rest.partition(":")
        out[name] = (int(address.lstrip("$"), 16), kind or "ro")
    return out


def ca65_segments(source: str, segments, tmp_path) -> dict[str, bytes]:
    """Assemble and link with ca65/ld65; return each segment's bytes."""
    assert shutil.which("ca65") and shutil.which("ld65"), "ca65/ld65 (Debian cc65) are required"
    src = tmp_path / "src.s"
    src.write_text(source)
    memory, segs = [], []
    for name, (start, kind) in segments.items():
        out = "" if kind in ("zp", "bss") else f"{name}.bin"
        memory.append(
            f'  M_{name}: start = ${start:04X}, size = ${0x10000 - start:X}, file = "{out}";'
        )
        segs.append(f"  {name}: load = M_{name}, type = {kind};")
    cfg = tmp_path / "link.cfg"
    cfg.write_text(
        "MEMORY {\n" + "\n".join(memory) + "\n}\nSEGMENTS {\n" + "\n".join(segs) + "\n}\n"
    )
    for cmd in (
        ["ca65", "-I", str(CORPUS), "--bin-include-dir", str(CORPUS), str(src), "-o", "src.o"],
        ["ld65", "-C", str(cfg), "src.o", "-o", "unused.bin"],
    ):
        done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, f"{cmd[0]} failed:\n{done.stderr}"
    return {
        name: (tmp_path / f"{name}.bin").read_bytes()
        for name, (_, kind) in segments.items()
        if kind not in ("zp", "bss")
    }


def ours(source: str, segments, filename="src.s") -> dict[str, bytes]:
    origins = {name: start for name, (start, _) in segments.items()}
    asm = assemble(source, filename=filename, origins=origins)
    return {
        name: asm.segments[name].image() if name in asm.segments else b""
        for name, (_, kind) in segments.items()
        if kind not in ("zp", "bss")
    }


def first_difference(a: bytes, b: bytes) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"first difference at offset {i}: ours ${x:02X}, ca65 ${y:02X}"
    return f"lengths differ: ours {len(a)}, ca65 {len(b)}"


def test_the_datasheet_table_lists_151_opcodes_of_56_instructions():
    rows = datasheet_rows()
    assert len(rows) == 151
    assert len({m for m, _, _ in rows}) == 56
    assert len({c for _, _, c in rows}) == 151


def test_every_official_opcode_in_every_mode_assembles_to_the_datasheet_bytes():
    source, expected = opcode_source()
    assert assemble(source).image() == expected


def test_every_official_opcode_in_every_mode_matches_ca65_byte_for_byte(tmp_path):
    source, _ = opcode_source()
    segments = {"CODE": (0x8000, "ro")}
    assert ours(source, segments) == ca65_segments(source, segments, tmp_path)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.s")), ids=lambda p: p.name)
def test_each_corpus_source_matches_ca65_byte_for_byte(path, tmp_path):
    source = path.read_text()
    segments = segments_of(source)
    got, want = ours(source, segments, str(path)), ca65_segments(source, segments, tmp_path)
    for name in want:
        assert got[name] == want[name], f"segment {name}: " + first_difference(
            got[name], want[name]
        )


def test_the_demo_games_whole_program_matches_ca65_byte_for_byte(tmp_path):
    # the runtime, the scene data and the vectors exactly as the ROM builder assembles them
    source = build_game(demo_game()).source
    segments = {"ZEROPAGE": (0x0000, "zp"), "CODE": (0xC000, "ro"), "VECTORS": (0xFFFA, "ro")}
    got, want = ours(source, segments), ca65_segments(source, segments, tmp_path)
    assert want["CODE"] and want["VECTORS"]
    for name in want:
        assert got[name] == want[name], f"segment {name}: " + first_difference(
            got[name], want[name]
        )


def random_expression(rng, depth=0) -> str:
    """An expression in ca65 syntax; divisors and shift counts stay small positive literals."""
    if depth >= 3 or rng.random() < 0.3:
        n = rng.randrange(100)
        return rng.choice([f"{n}", f"${n:X}", f"%{n:b}", f"'{chr(0x41 + n % 26)}'"])
    kind = rng.random()
    if kind < 0.2:
        return rng.choice("-~<>") + "(" + random_expression(rng, depth + 1) + ")"
    if kind < 0.3:
        return "(" + random_expression(rng, depth + 1) + ")"
    op = rng.choice("+ - * / & | ^ << >> = <> < > <= >= && ||".split())
    left = random_expression(rng, depth + 1)
    right = (
        str(rng.randrange(1, 8)) if op in ("/", "<<", ">>") else random_expression(rng, depth + 1)
    )
    return f"{left} {op} {right}"


def test_random_expressions_evaluate_as_in_ca65_precedence_and_all(tmp_path):
    rng = random.Random(6502)
    exprs = [random_expression(rng) for _ in range(400)]
    source = ".org $8000\n" + "".join(f"  .word ({e}) & $FFFF\n" for e in exprs)
    segments = {"CODE": (0x8000, "ro")}
    got, want = ours(source, segments), ca65_segments(source, segments, tmp_path)
    for i, e in enumerate(exprs):
        assert got["CODE"][2 * i : 2 * i + 2] == want["CODE"][2 * i : 2 * i + 2], e


def random_program(rng, count=300) -> str:
    """Random official instructions whose operands are constants defined before or after use.

    Exercises ca65's zero-page choice: early/late symbols, byte operators and ``z:``/``a:``.
    """
    modes_of: dict[str, set[str]] = {}
    for mnemonic, mode, _ in datasheet_rows():
        modes_of.setdefault(mnemonic, set()).add(mode)
    rows = datasheet_rows()
    lines = [".org $8000", "early_zp = $21", "early_abs = $0456"]
    any_size = ["early_zp", "early_abs", "late_zp", "late_abs", "early_zp+1", "<late_abs",
                ">early_abs", "late_zp*2", "z:late_zp", "a:early_zp"]  # fmt: skip
    zp_only = ["early_zp", "late_zp", "<late_abs", "early_zp+1", "z:late_zp"]
    abs_only = ["early_zp", "early_abs", "late_zp", "late_abs", "a:early_zp", "a:late_zp"]
    for i in range(count):
        if rng.random() < 0.15:
            lines.append(f"l{i}:")
        mnemonic, mode, _ = rng.choice(rows)
        modes = modes_of[mnemonic]
        pair = {"zpg": "abs", "abs": "zpg", "zpx": "abx", "abx": "zpx", "zpy": "aby", "aby": "zpy"}
        names = any_size
        if mode in pair and pair[mode] not in modes:
            names = zp_only if mode.startswith("z") else abs_only
        e = rng.choice(names)
        plain = rng.choice(["early_zp", "late_zp", "<late_abs"])
        operand = {
            "imp": "",
            "acc": "a",
            "imm": f"#<({e.split(':')[-1]})",
            "rel": rng.choice(["*+2", "*-2", "*+10", "*"]),
            "ind": f"({rng.choice(['early_abs', 'late_abs', 'early_zp'])})",
            "inx": f"({plain},x)",
            "iny": f"({plain}),y",
        }.get(mode, e + {"x": ",x", "y": ",y"}.get(mode[-1], ""))
        lines.append(f"  {mnemonic} {operand}".rstrip())
    lines += ["late_zp = $42", "late_abs = $1234"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(5))
def test_random_programs_with_early_and_late_symbols_match_ca65(seed, tmp_path):
    source = random_program(random.Random(seed))
    segments = {"CODE": (0x8000, "ro")}
    got, want = ours(source, segments), ca65_segments(source, segments, tmp_path)
    assert got == want, first_difference(got["CODE"], want["CODE"])
