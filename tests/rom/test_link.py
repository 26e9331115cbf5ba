"""Linking several sources gives the bytes Debian's ca65 + ld65 give for the same files, in the
same order, with the same configuration (ld65's ``-t nes`` or a ``-C`` file)."""

import itertools
import os
import subprocess
from pathlib import Path

import pytest

from romulus_nb import demo_game
from romulus_nb.cli import main
from romulus_nb.errors import AssemblyError, RomulusError
from romulus_nb.rom.asm import assemble, read_source
from romulus_nb.rom.build import build
from romulus_nb.rom.ld65_config import parse_config, target_config
from romulus_nb.rom.linker import link

CORPUS = Path(__file__).parent / "link_corpus"
STARFIELD = ["src/main.s", "src/reset.s", "src/player.s"]

# project folder, sources in link order, configuration ("nes" = ld65 -t nes)
PROJECTS = [
    ("helloworld", ["hello.s"], "nes"),
    ("starfield", STARFIELD, "nes.cfg"),
    ("starfield", STARFIELD[::-1], "nes.cfg"),
    ("starfield", [STARFIELD[1], STARFIELD[0], STARFIELD[2]], "nes.cfg"),
    ("features", ["main.s", "ramcode.s"], "features.cfg"),
    ("features", ["ramcode.s", "main.s"], "features.cfg"),
]


def cc65_link(folder: Path, sources, config, tmp_path) -> tuple[bytes, str]:
    """ca65 each source, ld65 the objects in order: (output bytes, ld65's messages)."""
    objects = []
    for i, source in enumerate(sources):
        obj = tmp_path / f"{i}.o"
        subprocess.run(["ca65", source, "-o", str(obj)], cwd=folder, check=True)
        objects.append(str(obj))
    how = ["-t", "nes"] if config == "nes" else ["-C", config]
    out = tmp_path / "out.nes"
    done = subprocess.run(["ld65", *how, *objects, "-o", str(out)], cwd=folder, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return out.read_bytes(), done.stderr


@pytest.mark.parametrize(
    ("project", "sources", "config"),
    PROJECTS,
    ids=[f"{p}-{'+'.join(Path(s).stem for s in ss)}" for p, ss, _ in PROJECTS],
)
def test_a_linked_project_is_byte_identical_to_ca65_and_ld65(
    project, sources, config, tmp_path, monkeypatch
):
    folder = CORPUS / project
    expected, messages = cc65_link(folder, sources, config, tmp_path)
    monkeypatch.chdir(folder)
    linked = link(sources, config)
    assert linked.image == expected
    for warning in linked.warnings:  # the warnings ld65 gives, in its words
        assert warning.split(": ", 1)[1] in messages


def test_the_exported_runtime_project_links_like_ld65_and_like_our_builder(tmp_path):
    assert main(["export", "--format", "ca65", "-o", str(tmp_path)]) == 0
    expected, _ = cc65_link(tmp_path, ["game.s"], "nrom.cfg", tmp_path)
    linked = link([tmp_path / "game.s"], tmp_path / "nrom.cfg")
    assert linked.image == expected == build(demo_game())


def test_the_helloworld_of_the_famicom_party_book_links_with_the_nes_target(monkeypatch):
    """The book's chapter 3 program fails without a linker ("segment HEADER overlaps")."""
    monkeypatch.chdir(CORPUS / "helloworld")
    rom = link(["hello.s"], "nes").image
    assert rom[:4] == b"NES\x1a" and len(rom) == 16 + 0x8000 + 0x2000
    # CODE starts at $8000 with irq_handler (rti), then nmi_handler (rti), then reset_handler
    assert rom[16 : 16 + 3] == bytes([0x40, 0x40, 0x78])
    assert rom[16 + 0x7FFA : 16 + 0x8000] == bytes([0x01, 0x80, 0x02, 0x80, 0x00, 0x80])
    with pytest.raises(AssemblyError, match="placed by a linker: romulus asm --target nes"):
        assemble(read_source("hello.s"), filename="hello.s").image()


def test_the_result_gives_symbols_by_scope_placement_and_a_listing_with_final_addresses(
    monkeypatch,
):
    monkeypatch.chdir(CORPUS / "starfield")
    linked = link(STARFIELD, "nes.cfg")
    code = linked.segments["CODE"]
    assert (code.run, code.load, code.run_memory) == (0x8000, 0x8000, "ROM")
    assert [s[0] for s in code.sections] == STARFIELD
    assert code.sections[1][1] == code.sections[0][1] + code.sections[0][2]
    data = linked.segments["DATA"]
    assert (data.run_memory, data.load_memory) == ("RAM", "ROM")
    assert linked.exports["__DATA_RUN__"] == data.run == 0x0304
    assert linked.exports["__DATA_LOAD__"] == data.load
    player = linked.symbols["src/player.s"]
    assert player["player::draw"] == linked.exports["draw_player"]
    assert linked.symbols["src/main.s"]["main::forever"] > 0x8000
    rows = [row for source, row in linked.listing if source == "src/reset.s"]
    first = next(r for r in rows if r.data)
    assert first.address == code.sections[1][1]
    text = linked.map_text()
    assert "CODE" in text and "draw_player" in text
    assert "; src/player.s" in linked.listing_text()


def test_the_nes_target_is_the_configuration_debians_ld65_reads():
    ours = target_config("nes")
    debian = parse_config(Path("/usr/share/cc65/cfg/nes.cfg").read_text(), "nes.cfg")
    assert ours.memory == {k: _same_line(v, ours.memory[k]) for k, v in debian.memory.items()}
    assert ours.segments == {k: _same_line(v, ours.segments[k]) for k, v in debian.segments.items()}
    assert ours.symbols == debian.symbols


def _same_line(item, like):
    item.line = like.line
    return item


# what is wrong, sources (name, text), config, expected words, (file, line) of the error
LINK_ERRORS = [
    (
        [("a.s", '.segment "CODE"\n  jsr missing\n.import missing\n')],
        "nes",
        ["unresolved external 'missing'"],
        ("a.s", 3),
    ),
    (
        [("a.s", ".export x\nx = 1\n"), ("b.s", ".export x\nx = 2\n")],
        "nes",
        ["duplicate export 'x'", "a.s exports it too"],
        ("b.s", 1),
    ),
    (
        [("a.s", '.segment "HEADER"\n.res 17\n')],
        "nes",
        ["overflows memory area HEADER by 1 bytes"],
        ("<target nes>", 5),
    ),
    (
        [("a.s", '.segment "NOWHERE"\n.byte 1\n')],
        "nes",
        ["segment 'NOWHERE'", "no rule"],
        ("a.s", 1),
    ),
    (
        [("a.s", '.segment "A"\n.res 20\n.segment "B"\n.byte 1\n')],
        "MEMORY { M: start = $8000, size = $100; }\n"
        "SEGMENTS { A: load = M; B: load = M, start = $8010; }",
        ["segment B start $8010 is too low", "by 4 bytes"],
        ("<config>", 2),
    ),
    (
        [("a.s", "nop\n")],
        "MEMORY { M: start = $8000, size = $100, colour = red; }\nSEGMENTS { CODE: load = M; }",
        ["unknown attribute 'colour'"],
        ("<config>", 1),
    ),
    (
        [("a.s", "nop\n")],
        "MEMORY { M: start = $8000 size = $100; }\nSEGMENTS { CODE: load = NOPE; }",
        ["no memory area 'NOPE'"],
        ("<config>", 2),
    ),
    (
        [("a.s", "nop\n")],
        "MEMORY { M: start = $8000, size = $10000; }\nSEGMENTS { CODE: load = M; }",
        ["leaves the 6502's 64 KiB"],
        ("<config>", 1),
    ),
    (
        [("a.s", "nop\n")],
        "MEMORY { M: start = $8000, size = __NOWHERE__; }\nSEGMENTS { CODE: load = M; }",
        ["expected a number", "__NOWHERE__"],
        ("<config>", 1),
    ),
    (
        [("a.s", "nop\n")],
        "MEMORY { M: start = $8000, size = $100 }",
        ["expected an attribute name", "'}'"],
        ("<config>", 1),
    ),
    (
        [("a.s", ".export never\n")],
        "nes",
        ["exported symbol 'never' is never defined"],
        ("a.s", 1),
    ),
]


@pytest.mark.parametrize(("sources", "config", "words", "where"), LINK_ERRORS,
                         ids=[e[2][0] for e in LINK_ERRORS])  # fmt: skip
def test_a_link_error_names_the_file_and_line_at_fault(sources, config, words, where):
    with pytest.raises(AssemblyError) as info:
        link(sources, config)
    e = info.value
    assert (e.file, e.line) == where
    for word in words:
        assert word in str(e)


def test_an_import_used_as_zero_page_must_be_exported_with_a_byte_value():
    sources = [("a.s", ".importzp v\n  lda v\n"), ("b.s", ".export v\nv = $1234\n")]
    with pytest.raises(AssemblyError, match="zero-page address .* does not fit"):
        link(sources, "nes")


def test_romulus_asm_links_several_sources_and_writes_the_map_and_listing(tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS / "starfield")
    out, map_, lst = tmp_path / "game.nes", tmp_path / "game.map", tmp_path / "game.lst"
    args = ["asm", *STARFIELD, "--config", "nes.cfg", "-o", str(out), "--map", str(map_)]
    assert main([*args, "--listing", str(lst)]) == 0
    assert out.read_bytes() == link(STARFIELD, "nes.cfg").image
    assert "Segment list" in map_.read_text() and "; src/main.s" in lst.read_text()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["a.s", "b.s"], "linking several needs --target nes or --config"),
        (["a.s", "--map", "m"], "--map needs the linker"),
        (["a.s", "-t", "nes", "--origin", "CODE=$8000"], "--origin and --segment"),
    ],
)
def test_romulus_asm_refuses_options_that_need_or_exclude_the_linker(tmp_path, capsys, args, words):
    (tmp_path / "a.s").write_text("nop\n")
    (tmp_path / "b.s").write_text("nop\n")
    argv = ["asm", *[str(tmp_path / a) if a.endswith(".s") else a for a in args]]
    assert main([*argv, "-o", str(tmp_path / "o.bin")]) == 1
    assert words in capsys.readouterr().err


FAMICOM_PARTY = Path("/work/.mirror/kzurawel+famicomparty/repo")


def test_famicom_party_chapter_projects_rebuild_byte_identical_to_the_books_roms(tmp_path):
    """The book's repository (github.com/kzurawel/famicomparty, static/book/projects) ships each
    chapter's sources with the ROM the author built. Its code is not ours to commit, so this
    test needs a checkout: set FAMICOM_PARTY to it (or fetch it to the path above). Without one
    it is skipped, with this reason; link_corpus/ holds our own projects in the same shape."""
    root = Path(os.environ.get("FAMICOM_PARTY", FAMICOM_PARTY))
    if not root.exists():
        pytest.skip(f"no checkout of kzurawel/famicomparty at {root} (set FAMICOM_PARTY)")
    if (root / "HEAD").exists():  # a bare mirror: extract the projects
        subprocess.run(f"git --git-dir={root} archive HEAD static/book/projects | tar -x -C "
                       f"{tmp_path}", shell=True, check=True)  # fmt: skip
        root = tmp_path
    projects = root / "static/book/projects"
    checked = 0
    for folder in sorted(p for p in projects.iterdir() if p.is_dir()):
        roms = sorted(folder.glob("*.nes"))
        sources = sorted((folder / "src").glob("*.asm")) or sorted(folder.glob("*.asm"))
        if not roms or not sources:
            continue
        config = folder / "nes.cfg" if (folder / "nes.cfg").exists() else "nes"
        expected = roms[0].read_bytes()
        assert any(link(order, config).image == expected for order in _orders(sources)), folder
        checked += 1
    assert checked >= 8


def _orders(sources):
    """The book's Makefiles list the objects in varying orders: try each (4 sources at most)."""
    return itertools.permutations(sources)


def test_without_the_linker_a_used_import_is_an_error_that_says_to_link():
    with pytest.raises(AssemblyError) as info:
        assemble(".import far\n.org $8000\n  jmp far\n", filename="a.s")
    assert (info.value.line, info.value.column) == (3, 7)
    assert "it is imported" in str(info.value) and "--target nes" in str(info.value)
    assert assemble(".import unused\n.org $8000\n  nop\n").image() == b"\xea"


@pytest.mark.parametrize("special", ["fifo", "dev_zero"])
def test_a_configuration_that_is_a_fifo_or_dev_zero_is_refused(tmp_path, special):
    config = tmp_path / "nes.cfg"
    if special == "fifo":
        os.mkfifo(config)
    else:
        config.symlink_to("/dev/zero")
    with pytest.raises(RomulusError, match="not a regular file"):
        link([("a.s", "nop\n")], config)


def test_an_empty_segment_the_configuration_does_not_place_is_ignored_as_ld65_does(tmp_path):
    source = '.segment "CODE"\nnop\n.segment "EMPTYONE"\n'
    config = "MEMORY { M: start = $8000, size = $100; }\nSEGMENTS { CODE: load = M; }\n"
    (tmp_path / "e.s").write_text(source)
    (tmp_path / "e.cfg").write_text(config)
    expected, _ = cc65_link(tmp_path, ["e.s"], "e.cfg", tmp_path)
    assert link([("e.s", source)], config).image == expected == b"\xea"


def test_a_plain_import_in_a_zero_page_segment_is_zero_page_as_in_ca65(tmp_path):
    sources = {
        "a.s": '.segment "ZEROPAGE"\n.import counter\n.segment "CODE"\n  inc counter\n  rts\n',
        "b.s": '.segment "ZEROPAGE"\ncounter: .res 1\n.export counter\n',
    }
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "c.cfg").write_text(
        'MEMORY { Z: start = $20, size = $10, file = ""; P: start = $8000, size = $10; }\n'
        "SEGMENTS { ZEROPAGE: load = Z, type = zp; CODE: load = P; }\n"
    )
    expected, _ = cc65_link(tmp_path, list(sources), "c.cfg", tmp_path)
    image = link(list(sources.items()), (tmp_path / "c.cfg").read_text()).image
    assert image == expected == bytes([0xE6, 0x20, 0x60])  # INC zp: two bytes


def test_ifdef_counts_a_label_or_constant_defined_so_far_but_not_an_import(tmp_path):
    source = (".import foo\n.ifdef foo\n.byte 1\n.else\n.byte 2\n.endif\nbaz = 1\n.ifdef baz\n"
              ".byte 4\n.endif\n.ifdef later\n.byte 5\n.endif\nlater:\n")  # fmt: skip
    config = "MEMORY { M: start = $8000, size = $100; }\nSEGMENTS { CODE: load = M; }\n"
    (tmp_path / "d.s").write_text(source)
    (tmp_path / "d.cfg").write_text(config)
    expected, _ = cc65_link(tmp_path, ["d.s"], "d.cfg", tmp_path)
    assert link([("d.s", source)], config).image == expected == bytes([2, 4])
