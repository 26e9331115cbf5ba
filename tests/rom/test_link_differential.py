"""Random multi-file programs: our link() and Debian's ca65 + ld65 agree on every one, either on
the bytes or on refusing it (a range error, an address-size clash)."""

import random
import subprocess

import pytest

from romulus_nb.errors import AssemblyError
from romulus_nb.rom.linker import link

CONFIG = """\
MEMORY { Z: start = $10, size = $F0, file = ""; R: start = $0300, size = $400, file = "";
         H: start = 0, size = $10, fill = yes; P: start = $8000, size = $8000, fill = yes,
         fillval = $FF; }
SEGMENTS { ZEROPAGE: load = Z, type = zp; BSS: load = R, type = bss, define = yes;
           HEADER: load = H; CODE: load = P; DATA: load = P, run = R, define = yes;
           RODATA: load = P, align = $40; VECTORS: load = P, start = $FFFA; }
"""
STATEMENTS = [
    "lda {}", "sta {}", "ldx {},y", "lda {},x", "jsr {}", "jmp {}", "lda #<{}", "ldy #>{}",
    ".word {}", ".byte <({} + 3)", ".res 3", "nop", "inc {}", ".addr {} - 1", ": bne :-",
    "beq :+\n  nop\n:", "lda ({}),y",
]  # fmt: skip


def program(rng: random.Random, k: int, n: int) -> str:
    """Source number ``k`` of ``n``: procs in random segments using every other file's exports."""
    mine = [f"f{k}_{i}" for i in range(4)]
    zp = [f"z{k}_{i}" for i in range(2)]
    others = [f"f{j}_{i}" for j in range(n) if j != k for i in range(4)]
    other_zp = [f"z{j}_{i}" for j in range(n) if j != k for i in range(2)]
    lines = ['.segment "ZEROPAGE"', *(f"{z}: .res {rng.randint(1, 3)}" for z in zp)]
    lines.append(".exportzp " + ", ".join(zp))
    if other_zp:
        lines.append(".importzp " + ", ".join(other_zp))
    lines.append(f'.segment "{rng.choice(["CODE", "ZEROPAGE"])}"')  # a plain .import's size
    if others:
        lines.append(".import " + ", ".join(others))
    lines += [".export " + ", ".join(mine), ".import __DATA_LOAD__, __DATA_SIZE__, __BSS_RUN__"]
    targets = others + mine + zp + other_zp + ["__DATA_LOAD__", "__BSS_RUN__", "$12", "$1234"]
    for name in mine:
        segment = rng.choice(["CODE", "RODATA", "DATA"])
        lines.append(f'.segment "{segment}"')
        if rng.random() < 0.3:
            lines.append(f".align {rng.choice([2, 4, 8, 16])}")
        lines.append(f".proc {name}")
        for _ in range(rng.randint(1, 8)):
            target, statement = rng.choice(targets), rng.choice(STATEMENTS)
            if "({})" in statement and target not in zp + other_zp:
                target = zp[0]
            if segment != "CODE" and not statement.startswith("."):
                statement = ".byte 1"
            lines.append("  " + statement.format(target))
        lines.append(".endproc")
    lines += ['.segment "BSS"', f"buf{k}: .res {rng.randint(1, 5)}"]
    if k == 0:
        lines += ['.segment "HEADER"', '.byte "NES", $1a, 2, 1, 0, 0']
        lines += ['.segment "VECTORS"', ".addr f0_0, f0_1, f0_2"]
    return "\n".join(lines) + "\n"


def cc65(folder, names) -> bytes | None:
    """ca65 + ld65 of the files, or None when either refuses them."""
    objects = []
    for name in names:
        done = subprocess.run(["ca65", name, "-o", name + ".o"], cwd=folder, capture_output=True)
        if done.returncode:
            return None
        objects.append(name + ".o")
    done = subprocess.run(["ld65", "-C", "f.cfg", *objects, "-o", "out.bin"], cwd=folder,
                          capture_output=True)  # fmt: skip
    return None if done.returncode else (folder / "out.bin").read_bytes()


@pytest.mark.parametrize("seed", range(24))
def test_random_programs_link_as_ca65_and_ld65_link_them(seed, tmp_path):
    rng = random.Random(seed)
    n = rng.randint(1, 3)
    sources = {f"s{k}.s": program(rng, k, n) for k in range(n)}
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "f.cfg").write_text(CONFIG)
    expected = cc65(tmp_path, list(sources))
    try:
        ours = link(list(sources.items()), CONFIG).image
    except AssemblyError:
        ours = None
    assert ours == expected
